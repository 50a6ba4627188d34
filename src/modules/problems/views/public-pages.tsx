/** Public pages: the problems the team chose to publish, and each one's summary. No report texts, no names. */
import { LOCALE_TAGS, type Locale, type Translate } from '../../../shared/i18n.ts';
import type { PublicProblemView } from '../problems.presenter.ts';
import { areaName, label, PUBLIC_STAGE_KEYS } from './labels.ts';

type AreaNames = Map<string, Record<string, string>>;

function day(locale: Locale, iso: string | null): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat(LOCALE_TAGS[locale], { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(iso),
  );
}

const areasOf = (p: PublicProblemView, names: AreaNames, locale: Locale) =>
  p.areaCodes.map((c) => areaName(names.get(c), c, locale)).join(', ');

export function PublicProblemsPage(p: {
  t: Translate;
  locale: Locale;
  items: PublicProblemView[];
  areas: AreaNames;
}) {
  const { t } = p;
  return (
    <section>
      <h1>{t('resident.problems.list.title')}</h1>
      <p>{t('resident.problems.list.intro')}</p>
      {p.items.length ? (
        <ul>
          {p.items.map((i) => (
            <li key={i.id}>
              <a href={`/problems/${i.id}`}>{i.title}</a> — {areasOf(i, p.areas, p.locale)}.{' '}
              {t(label(PUBLIC_STAGE_KEYS, i.status, 'resident.problems.stage.scanning'))}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('resident.problems.list.empty')}</p>
      )}
    </section>
  );
}

export function PublicProblemPage(p: {
  t: Translate;
  locale: Locale;
  item: PublicProblemView;
  areas: AreaNames;
}) {
  const { t, item } = p;
  return (
    <section>
      <h1>{item.title}</h1>
      <p>{item.summary}</p>
      <dl>
        <dt>{t('resident.problems.page.areas')}</dt>
        <dd>{areasOf(item, p.areas, p.locale)}</dd>
        <dt>{t('resident.problems.page.stage')}</dt>
        <dd>{t(label(PUBLIC_STAGE_KEYS, item.status, 'resident.problems.stage.scanning'))}</dd>
        <dt>{t('resident.problems.page.actions')}</dt>
        <dd>
          {t('resident.problems.page.actionsDone', { done: item.actionsDone, total: item.actionsTotal })}
        </dd>
        {item.progress !== null ? (
          <>
            <dt>{t('resident.problems.page.progress')}</dt>
            <dd>{t('resident.problems.page.percent', { value: item.progress })}</dd>
          </>
        ) : null}
        <dt>{t('resident.problems.page.updated')}</dt>
        <dd>{day(p.locale, item.updatedAt)}</dd>
      </dl>
      <p>
        <a href="/problems">{t('resident.problems.page.back')}</a>
      </p>
    </section>
  );
}
