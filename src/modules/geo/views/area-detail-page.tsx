import type { Area } from '../../../db/schema.ts';
import type { Locale, Translate } from '../../../shared/i18n.ts';
import { Field, TextArea, type FieldErrors } from '../../../views/form.tsx';
import { areaName, parseNames } from '../geo.presenter.ts';
import { KIND_LABELS } from './labels.ts';
import { PostForm } from '../../../views/post-form.tsx';
import { DataTable } from '../../../views/data-table.tsx';

export interface DetailForms {
  done?: 'boundary' | 'rename';
  boundary?: { geojson: string; error: string };
  rename?: {
    values: { name_en: string; name_ru: string; name_ky: string; effective_from: string };
    field: string;
    error: string;
  };
}

interface Props {
  t: Translate;
  locale: Locale;
  csrf: string;
  area: Area;
  chain: Area[];
  versions: Area[];
  children: Area[];
  canManage: boolean;
  forms: DetailForms;
}

export function AreaDetailPage(p: Props) {
  const { t, area, forms } = p;
  const names = parseNames(area.names);
  const name = (a: Area) => areaName(parseNames(a.names), p.locale, a.code);
  const day = (iso: string | null) => (iso ? iso.slice(0, 10) : t('geo.versions.open'));
  const errors: Array<[string, string]> = [];
  if (forms.boundary) errors.push(['geojson', t('geo.upload.invalid', { reason: forms.boundary.error })]);
  if (forms.rename)
    errors.push([forms.rename.field, t('geo.rename.invalid', { reason: forms.rename.error })]);
  const rv = forms.rename?.values ?? {
    name_en: names.en ?? '',
    name_ru: names.ru ?? '',
    name_ky: names.ky ?? '',
    effective_from: '',
  };
  // Each form's own error, next to its field (both forms share the page's summary).
  const boundaryErrors: FieldErrors = forms.boundary ? { geojson: errors[0]![1] } : {};
  const renameErrors: FieldErrors = forms.rename
    ? { [forms.rename.field]: errors.find(([f]) => f === forms.rename!.field)![1] }
    : {};
  return (
    <section>
      <nav aria-label={t('geo.detail.breadcrumbs')}>
        <ol class="crumbs">
          <li>
            <a href="/admin/areas">{t('geo.tree.title')}</a>
          </li>
          {p.chain.slice(0, -1).map((a) => (
            <li key={a.id}>
              <a href={`/admin/areas/${a.id}`}>{name(a)}</a>
            </li>
          ))}
        </ol>
      </nav>
      <h1>{name(area)}</h1>
      {errors.length > 0 ? (
        <div class="error-summary" role="alert" tabIndex={-1}>
          <h2>{t('geo.errors.summary')}</h2>
          <ul>
            {errors.map(([field, message]) => (
              <li key={field}>
                <a href={`#${field}`}>{message}</a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {forms.done === 'boundary' ? <p class="notice">{t('geo.upload.done')}</p> : null}
      {forms.done === 'rename' ? <p class="notice">{t('geo.rename.done')}</p> : null}
      {area.valid_to !== null ? (
        <p class="notice">{t('geo.detail.pastVersion', { until: day(area.valid_to) })}</p>
      ) : null}
      <dl>
        <dt>{t('geo.detail.code')}</dt>
        <dd class="mono">{area.code}</dd>
        <dt>{t('geo.detail.kind')}</dt>
        <dd>{t(KIND_LABELS[area.kind])}</dd>
        <dt>{t('geo.detail.centre')}</dt>
        <dd>
          {area.centre_lat !== null && area.centre_lon !== null
            ? t('geo.detail.centreValue', {
                lat: area.centre_lat.toFixed(4),
                lon: area.centre_lon.toFixed(4),
              })
            : t('geo.detail.noCentre')}
        </dd>
        <dt>{t('geo.detail.boundary')}</dt>
        <dd>{area.boundary ? t('geo.detail.hasBoundary') : t('geo.detail.noBoundary')}</dd>
        {area.successor_code ? (
          <>
            <dt>{t('geo.detail.successor')}</dt>
            <dd class="mono">{area.successor_code}</dd>
          </>
        ) : null}
      </dl>

      {p.children.length > 0 ? (
        <>
          <h2>{t('geo.detail.children', { n: p.children.length })}</h2>
          <ul>
            {p.children.map((c) => (
              <li key={c.id}>
                <a href={`/admin/areas/${c.id}`}>{name(c)}</a>
              </li>
            ))}
          </ul>
        </>
      ) : null}

      <h2>{t('geo.versions.title')}</h2>
      <DataTable
        rows={p.versions}
        head={[t('geo.versions.name'), t('geo.versions.from'), t('geo.versions.to')]}
        row={(v) => (
          <tr key={v.id}>
            <td>{v.id === area.id ? name(v) : <a href={`/admin/areas/${v.id}`}>{name(v)}</a>}</td>
            <td>{day(v.valid_from)}</td>
            <td>{day(v.valid_to)}</td>
          </tr>
        )}
      />

      {p.canManage ? (
        <>
          <h2>{t('geo.upload.title')}</h2>
          <PostForm action={`/admin/areas/${area.id}/boundary`} csrf={p.csrf} submit={t('geo.upload.submit')}>
            <TextArea
              id="geojson"
              label={t('geo.upload.label')}
              hint={t('geo.upload.help')}
              value={forms.boundary?.geojson ?? ''}
              errors={boundaryErrors}
              rows={8}
            />
          </PostForm>

          <h2>{t('geo.rename.title')}</h2>
          <PostForm action={`/admin/areas/${area.id}/rename`} csrf={p.csrf} submit={t('geo.rename.submit')}>
            <p class="hint">{t('geo.rename.help')}</p>
            {(
              [
                ['name_en', t('geo.rename.nameEn')],
                ['name_ru', t('geo.rename.nameRu')],
                ['name_ky', t('geo.rename.nameKy')],
              ] as const
            ).map(([id, label]) => (
              <Field key={id} id={id} label={label} value={rv[id]} maxLength={200} errors={renameErrors} />
            ))}
            <Field
              id="effective_from"
              type="date"
              label={t('geo.rename.effectiveFrom')}
              hint={t('geo.rename.effectiveFromHelp')}
              value={rv.effective_from}
              errors={renameErrors}
            />
          </PostForm>
        </>
      ) : null}
    </section>
  );
}
