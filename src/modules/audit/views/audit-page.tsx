import type { Translate } from '../../../shared/i18n.ts';
import type { AuditEntry, AuditSearchQuery } from '../audit.schemas.ts';

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

function Field(p: {
  name: (typeof FILTERS)[number];
  label: string;
  hint?: string;
  type?: string;
  value: string | undefined;
  error: AuditFilterError | null;
  t: Translate;
}) {
  const id = `audit-${p.name}`;
  const hasError = p.error?.field === p.name;
  const describedBy = [p.hint ? `${id}-hint` : '', hasError ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div>
      <label for={id}>{p.label}</label>
      {p.hint ? (
        <p class="hint" id={`${id}-hint`}>
          {p.hint}
        </p>
      ) : null}
      {hasError ? (
        <p class="field-error" id={`${id}-error`}>
          {p.t(p.error!.key)}
        </p>
      ) : null}
      <input
        id={id}
        name={p.name}
        type={p.type ?? 'text'}
        value={p.value ?? ''}
        aria-invalid={hasError ? 'true' : undefined}
        aria-describedby={describedBy || undefined}
      />
    </div>
  );
}

export function AuditPage(p: Props) {
  const { t, query, error } = p;
  return (
    <section>
      <h1>{t('audit.title')}</h1>
      <p class="lead">{t('audit.lead')}</p>
      {error ? (
        <div class="error-summary" role="alert" tabIndex={-1}>
          <h2>{t('audit.errorSummary')}</h2>
          <ul>
            <li>
              <a href={`#audit-${error.field}`}>{t(error.key)}</a>
            </li>
          </ul>
        </div>
      ) : null}
      <form method="get" action="/admin/audit" class="filters" role="search" aria-label={t('audit.filters')}>
        <Field
          name="actor"
          label={t('audit.actor')}
          hint={t('audit.actorHint')}
          value={query.actor}
          error={error}
          t={t}
        />
        <Field
          name="action"
          label={t('audit.action')}
          hint={t('audit.actionHint')}
          value={query.action}
          error={error}
          t={t}
        />
        <Field
          name="subjectType"
          label={t('audit.subjectType')}
          value={query.subjectType}
          error={error}
          t={t}
        />
        <Field name="subjectId" label={t('audit.subjectId')} value={query.subjectId} error={error} t={t} />
        <Field name="from" label={t('audit.from')} type="date" value={query.from} error={error} t={t} />
        <Field name="to" label={t('audit.to')} type="date" value={query.to} error={error} t={t} />
        <p>
          <button type="submit">{t('audit.submit')}</button> <a href="/admin/audit">{t('audit.clear')}</a>
        </p>
      </form>
      {p.items.length === 0 ? (
        <p>{t('audit.empty')}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <caption>{t('audit.caption', { count: p.items.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('audit.col.at')}</th>
                <th scope="col">{t('audit.col.actor')}</th>
                <th scope="col">{t('audit.col.role')}</th>
                <th scope="col">{t('audit.col.action')}</th>
                <th scope="col">{t('audit.col.subject')}</th>
                <th scope="col">{t('audit.col.details')}</th>
              </tr>
            </thead>
            <tbody>
              {p.items.map((e) => (
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
              ))}
            </tbody>
          </table>
        </div>
      )}
      {p.nextBefore !== null ? (
        <p>
          <a href={olderHref(query, p.nextBefore)}>{t('audit.older')}</a>
        </p>
      ) : null}
    </section>
  );
}
