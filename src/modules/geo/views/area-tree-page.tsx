import type { Area } from '../../../db/schema.ts';
import type { Locale, Translate } from '../../../shared/i18n.ts';
import { areaName, parseNames } from '../geo.presenter.ts';
import { KIND_LABELS } from './labels.ts';

interface Props {
  t: Translate;
  locale: Locale;
  areas: Area[];
}

/** The whole current tree as nested lists: readable without JavaScript and by screen readers. */
export function AreaTreePage(p: Props) {
  const { t } = p;
  const byParent = new Map<string | null, Area[]>();
  for (const a of p.areas) {
    const list = byParent.get(a.parent_code) ?? [];
    list.push(a);
    byParent.set(a.parent_code, list);
  }
  const name = (a: Area) => areaName(parseNames(a.names), p.locale, a.code);
  const branch = (parent: string | null) => {
    const kids = (byParent.get(parent) ?? [])
      .slice()
      .sort((x, y) => name(x).localeCompare(name(y), p.locale));
    if (kids.length === 0) return null;
    return (
      <ul class="tree">
        {kids.map((a) => (
          <li key={a.id}>
            <a href={`/admin/areas/${a.id}`}>{name(a)}</a> <span class="hint">{t(KIND_LABELS[a.kind])}</span>
            {branch(a.code)}
          </li>
        ))}
      </ul>
    );
  };
  return (
    <section>
      <h1>{t('geo.tree.title')}</h1>
      <p class="lead">{t('geo.tree.lead', { n: p.areas.length })}</p>
      {p.areas.length === 0 ? <p>{t('geo.tree.empty')}</p> : branch(null)}
    </section>
  );
}
