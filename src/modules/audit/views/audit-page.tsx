import type { Translate } from '../../../shared/i18n.ts';
import type { AuditEntry, AuditSearchQuery } from '../audit.schemas.ts';
import { ErrorSummary, Field, type FieldErrors } from '../../../views/form.tsx';
import { DataTable } from '../../../views/data-table.tsx';

export interface AuditFilterError {
  field: 'actor' | 'from' | 'to';
  key: 'audit.errors.actor' | 'audit.errors.date' | 'audit.errors.range';
}

interface Props {
  t: Translate;
  query: AuditSearchQuery;
  items: AuditEntry[];
  nextBefore: number | null;
  error: AuditFilterError | null;
}

const FILTERS = ['actor', 'action', 'subjectType', 'subjectId', 'from', 'to'] as const;

/** Link to the next (older) page, keeping the filters. */
function olderHref(query: AuditSearchQuery, before: number): string {
  const params = new URLSearchParams();
  for (const k of FILTERS) {
    const v = query[k];
    if (v) params.set(k, v);
  }
  params.set('before', String(before));
  return `/admin/audit?${params.toString()}`;
}

/** A filter box; its element id is prefixed so it cannot clash with the page's other ids. */
function Filter(p: {
  name: (typeof FILTERS)[number];
  label: string;
  hint?: string;
  type?: string;
  value: string | undefined;
  error: AuditFilterError | null;
  t: Translate;
}) {
  const id = `audit-${p.name}`;
  const errors: FieldErrors = p.error?.field === p.name ? { [id]: p.t(p.error.key) } : {};
  return (
    <Field
      id={id}
      name={p.name}
      label={p.label}
      hint={p.hint}
      type={p.type}
      value={p.value}
      errors={errors}
    />
  );
}

export function AuditPage(p: Props) {
  const { t, query, error } = p;
  return (
    <section>
      <h1>{t('audit.title')}</h1>
      <p class="lead">{t('audit.lead')}</p>
      <ErrorSummary
        errors={error ? { [`audit-${error.field}`]: t(error.key) } : {}}
        t={t}
        heading={t('audit.errorSummary')}
      />
      <form method="get" action="/admin/audit" class="filters" role="search" aria-label={t('audit.filters')}>
        <Filter
          name="actor"
          label={t('audit.actor')}
          hint={t('audit.actorHint')}
          value={query.actor}
          error={error}
          t={t}
        />
        <Filter
          name="action"
          label={t('audit.action')}
          hint={t('audit.actionHint')}
          value={query.action}
          error={error}
          t={t}
        />
        <Filter
          name="subjectType"
          label={t('audit.subjectType')}
          value={query.subjectType}
          error={error}
          t={t}
        />
        <Filter name="subjectId" label={t('audit.subjectId')} value={query.subjectId} error={error} t={t} />
        <Filter name="from" label={t('audit.from')} type="date" value={query.from} error={error} t={t} />
        <Filter name="to" label={t('audit.to')} type="date" value={query.to} error={error} t={t} />
        <p>
          <button type="submit">{t('audit.submit')}</button> <a href="/admin/audit">{t('audit.clear')}</a>
        </p>
      </form>
      <DataTable
        rows={p.items}
        head={[
          t('audit.col.at'),
          t('audit.col.actor'),
          t('audit.col.role'),
          t('audit.col.action'),
          t('audit.col.subject'),
          t('audit.col.details'),
        ]}
        caption={t('audit.caption', { count: p.items.length })}
        empty={t('audit.empty')}
        row={(e) => (
          <tr key={e.id}>
            <td>
              <time dateTime={e.at}>{e.at.replace('T', ' ').slice(0, 19)}</time>
            </td>
            <td class="mono">{e.actorId ?? t('audit.system')}</td>
            <td>{e.actorRole ?? ''}</td>
            <td class="mono">{e.action}</td>
            <td class="mono">
              {e.subjectType}
              {e.subjectId ? ` ${e.subjectId}` : ''}
            </td>
            <td class="mono">{e.details === '{}' ? '' : e.details}</td>
          </tr>
        )}
      />
      {p.nextBefore !== null ? (
        <p>
          <a href={olderHref(query, p.nextBefore)}>{t('audit.older')}</a>
        </p>
      ) : null}
    </section>
  );
}
