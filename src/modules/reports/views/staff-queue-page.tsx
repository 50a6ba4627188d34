import type { Report } from '../../../db/schema.ts';
import type { Translate } from '../../../shared/i18n.ts';
import { Csrf, ErrorSummary, FieldError, type FieldErrors } from '../../../views/form.tsx';
import type { CategoryView } from '../categories.service.ts';
import type { AreaOption } from '../staff-desk.service.ts';
import { PRIVACY, STATUSES, type Status } from '../reports.types.ts';
import { ASSIGNED_KEYS, SORT_KEYS, localName, privacyName, statusName, when } from './staff-labels.ts';
import { onceAction } from '../../../views/once.ts';
import type { TimeFormat } from '../../../shared/time-format.ts';

export interface QueueFilters {
  status: string;
  category: string;
  area: string;
  privacy: string;
  older_than_days: string;
  assigned: '' | 'me' | 'none' | 'any';
  held: boolean;
  sort: 'newest' | 'oldest' | 'updated';
  page: number;
}

export interface BulkValues {
  ids: string[];
  status: string;
  reason: string;
  public_note: string;
  referred_to: string;
}

export interface QueuePageProps {
  t: Translate;
  locale: string;
  /** Times in the deployment's zone (one clock). */
  time: TimeFormat;
  csrf: string;
  personId: string | null;
  view: 'work' | 'analyst';
  items: Report[];
  counts: Record<string, number>;
  total: number;
  pageSize: number;
  filters: QueueFilters;
  categories: CategoryView[];
  areas: AreaOption[];
  errors: FieldErrors;
  bulk: BulkValues;
  updated: number | null;
  links: { walkIn: boolean; templates: boolean };
}

/** Query string for the queue with these filters (and one change). */
export function queueHref(f: QueueFilters, change: Partial<QueueFilters> = {}): string {
  const v = { ...f, ...change };
  const q = new URLSearchParams();
  if (v.status) q.set('status', v.status);
  if (v.category) q.set('category', v.category);
  if (v.area) q.set('area', v.area);
  if (v.privacy) q.set('privacy', v.privacy);
  if (v.older_than_days) q.set('older_than_days', v.older_than_days);
  if (v.assigned) q.set('assigned', v.assigned);
  if (v.held) q.set('held', '1');
  if (v.sort !== 'newest') q.set('sort', v.sort);
  if (v.page > 1) q.set('page', String(v.page));
  const s = q.toString();
  return s ? `/staff/reports?${s}` : '/staff/reports';
}

/** Statuses a bulk change may set (merging needs a target; nothing goes back to new). */
export const BULK_STATUSES: readonly Status[] = STATUSES.filter(
  (s) => s !== 'new' && s !== 'closed_duplicate',
);

const invalid = (errors: FieldErrors, id: string) =>
  errors[id] ? { 'aria-invalid': 'true' as const, 'aria-describedby': `${id}-error` } : {};

export function StaffQueuePage(p: QueuePageProps) {
  const { t, filters: f, errors } = p;
  const work = p.view === 'work';
  const areaName = new Map(p.areas.map((a) => [a.code, localName(a.name, p.locale, a.code)]));
  const catName = new Map(p.categories.map((c) => [c.code, localName(c.names, p.locale, c.code)]));
  const pages = Math.max(1, Math.ceil(p.total / p.pageSize));
  const from = p.total === 0 ? 0 : (f.page - 1) * p.pageSize + 1;
  const to = Math.min(p.total, (f.page - 1) * p.pageSize + p.items.length);
  return (
    <section>
      <h1>{t('reports.queue.title')}</h1>
      {p.links.walkIn || p.links.templates ? (
        <ul class="actions">
          {p.links.walkIn ? (
            <li>
              <a href="/staff/reports/new">{t('reports.links.walkIn')}</a>
            </li>
          ) : null}
          {p.links.templates ? (
            <li>
              <a href="/staff/reports/templates">{t('reports.links.templates')}</a>
            </li>
          ) : null}
        </ul>
      ) : null}
      <p>
        <a href={`/staff/exports/new?list=reports${queueHref(f, { page: 1 }).replace(/^[^?]*\??/, '&')}`}>
          {t('insight.exports.link')}
        </a>
      </p>
      {p.view === 'analyst' ? <p class="notice">{t('reports.queue.analystView')}</p> : null}
      {p.updated !== null ? (
        <p class="notice" role="status">
          {t('reports.queue.bulk.done', { count: p.updated })}
        </p>
      ) : null}
      <ErrorSummary errors={errors} t={t} />

      <h2>{t('reports.queue.countsTitle')}</h2>
      <ul class="counts">
        {STATUSES.map((s) => (
          <li key={s}>
            <a href={queueHref(f, { status: s, page: 1 })} aria-current={f.status === s ? 'true' : undefined}>
              {t('reports.queue.countItem', { status: statusName(t, s), count: p.counts[s] ?? 0 })}
            </a>
          </li>
        ))}
      </ul>

      <form method="get" action="/staff/reports" class="filters" aria-labelledby="filters-title">
        <h2 id="filters-title" class="full">
          {t('reports.queue.filtersTitle')}
        </h2>
        <div>
          <label for="status">{t('reports.field.status')}</label>
          <FieldError id="status" errors={errors} />
          <select id="status" name="status" {...invalid(errors, 'status')}>
            <option value="">{t('reports.queue.anyStatus')}</option>
            <option value="open" selected={f.status === 'open'}>
              {t('reports.queue.openStatuses')}
            </option>
            {STATUSES.map((s) => (
              <option key={s} value={s} selected={f.status === s}>
                {statusName(t, s)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="category">{t('reports.field.category')}</label>
          <FieldError id="category" errors={errors} />
          <select id="category" name="category" {...invalid(errors, 'category')}>
            <option value="">{t('reports.queue.anyCategory')}</option>
            {p.categories.map((c) => (
              <option key={c.code} value={c.code} selected={f.category === c.code}>
                {catName.get(c.code)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="area">{t('reports.field.area')}</label>
          <FieldError id="area" errors={errors} />
          <select id="area" name="area" {...invalid(errors, 'area')}>
            <option value="">{t('reports.queue.anyArea')}</option>
            {p.areas.map((a) => (
              <option key={a.code} value={a.code} selected={f.area === a.code}>
                {areaName.get(a.code)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="privacy">{t('reports.field.privacy')}</label>
          <FieldError id="privacy" errors={errors} />
          <select id="privacy" name="privacy" {...invalid(errors, 'privacy')}>
            <option value="">{t('reports.queue.anyPrivacy')}</option>
            {PRIVACY.map((v) => (
              <option key={v} value={v} selected={f.privacy === v}>
                {privacyName(t, v)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="older_than_days">{t('reports.queue.olderThan')}</label>
          <p class="hint" id="older_than_days-hint">
            {t('reports.queue.olderThanHint')}
          </p>
          <FieldError id="older_than_days" errors={errors} />
          <input
            id="older_than_days"
            name="older_than_days"
            type="number"
            min="0"
            max="3650"
            inputMode="numeric"
            value={f.older_than_days}
            aria-describedby="older_than_days-hint"
          />
        </div>
        <div>
          <label for="assigned">{t('reports.queue.assignedLabel')}</label>
          <select id="assigned" name="assigned">
            {(Object.keys(ASSIGNED_KEYS) as Array<keyof typeof ASSIGNED_KEYS>).map((k) => (
              <option key={k} value={k} selected={f.assigned === k}>
                {t(ASSIGNED_KEYS[k])}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="sort">{t('reports.queue.sortLabel')}</label>
          <select id="sort" name="sort">
            {(Object.keys(SORT_KEYS) as Array<keyof typeof SORT_KEYS>).map((k) => (
              <option key={k} value={k} selected={f.sort === k}>
                {t(SORT_KEYS[k])}
              </option>
            ))}
          </select>
        </div>
        <div class="check">
          <input id="held" name="held" type="checkbox" value="1" checked={f.held} />
          <label for="held">{t('reports.queue.held')}</label>
        </div>
        <div class="full">
          <button type="submit">{t('reports.queue.apply')}</button>{' '}
          <a href="/staff/reports">{t('reports.queue.reset')}</a>
        </div>
      </form>

      <form method="post" action={onceAction('/staff/reports/bulk')} aria-labelledby="results-title">
        <Csrf token={p.csrf} />
        <h2 id="results-title">{t('reports.queue.resultsTitle')}</h2>
        <p>{t('reports.queue.showing', { from, to, total: p.total })}</p>
        {p.items.length === 0 ? (
          <p>{t('reports.queue.empty')}</p>
        ) : (
          <div class="table-wrap">
            <table>
              <caption>{t('reports.queue.caption', { page: f.page, pages })}</caption>
              <thead>
                <tr>
                  {work ? (
                    <th scope="col">
                      <span class="visually-hidden">{t('reports.queue.select')}</span>
                    </th>
                  ) : null}
                  <th scope="col">{t('reports.field.reference')}</th>
                  <th scope="col">{t('reports.field.received')}</th>
                  <th scope="col">{t('reports.field.category')}</th>
                  <th scope="col">{t('reports.field.area')}</th>
                  <th scope="col">{t('reports.field.status')}</th>
                  <th scope="col">{t('reports.field.privacy')}</th>
                  <th scope="col">{t('reports.field.assigned')}</th>
                  {work ? <th scope="col">{t('reports.field.excerpt')}</th> : null}
                </tr>
              </thead>
              <tbody>
                {p.items.map((r) => {
                  const assigned =
                    r.assigned_person_id && r.assigned_person_id === p.personId
                      ? t('reports.queue.assignedToYou')
                      : r.assigned_person_id || r.assigned_organisation_id
                        ? t('reports.queue.assignedYes')
                        : t('reports.queue.assignedNo');
                  return (
                    <tr key={r.id}>
                      {work ? (
                        <td>
                          <input
                            type="checkbox"
                            name="ids"
                            value={r.id}
                            id={`pick-${r.id}`}
                            checked={p.bulk.ids.includes(r.id)}
                            aria-label={t('reports.queue.selectOne', { reference: r.reference })}
                          />
                        </td>
                      ) : null}
                      <th scope="row">
                        {work ? (
                          <a href={`/staff/reports/${r.id}`} class="mono">
                            {r.reference}
                          </a>
                        ) : (
                          <span class="mono">{r.reference}</span>
                        )}
                        {r.held_for_review ? <span class="tag">{t('reports.queue.heldTag')}</span> : null}
                      </th>
                      <td class="nowrap">{when(r.created_at, p.time)}</td>
                      <td>{catName.get(r.category_code) ?? r.category_code}</td>
                      <td>{areaName.get(r.area_code) ?? r.area_code}</td>
                      <td>{statusName(t, r.status)}</td>
                      <td>{privacyName(t, r.privacy)}</td>
                      <td>{assigned}</td>
                      {work ? <td class="excerpt">{excerpt(r.description)}</td> : null}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        {pages > 1 ? (
          <nav aria-label={t('reports.queue.pagination')}>
            <ul class="pager">
              {f.page > 1 ? (
                <li>
                  <a href={queueHref(f, { page: f.page - 1 })} rel="prev">
                    {t('reports.queue.previous')}
                  </a>
                </li>
              ) : null}
              <li aria-current="page">{t('reports.queue.pageOf', { page: f.page, pages })}</li>
              {f.page < pages ? (
                <li>
                  <a href={queueHref(f, { page: f.page + 1 })} rel="next">
                    {t('reports.queue.next')}
                  </a>
                </li>
              ) : null}
            </ul>
          </nav>
        ) : null}
        {work && p.items.length > 0 ? (
          <fieldset class="stack">
            <legend>{t('reports.queue.bulk.title')}</legend>
            <p class="hint">{t('reports.queue.bulk.hint')}</p>
            <FieldError id="ids" errors={errors} />
            <div>
              <label for="bulk-status">{t('reports.queue.bulk.status')}</label>
              <FieldError id="bulk-status" errors={errors} />
              <select id="bulk-status" name="status" {...invalid(errors, 'bulk-status')}>
                {BULK_STATUSES.map((s) => (
                  <option key={s} value={s} selected={p.bulk.status === s}>
                    {statusName(t, s)}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label for="bulk-reason">{t('reports.form.reason')}</label>
              <p class="hint" id="bulk-reason-hint">
                {t('reports.form.reasonHint')}
              </p>
              <FieldError id="bulk-reason" errors={errors} />
              <textarea
                id="bulk-reason"
                name="reason"
                rows={2}
                required
                aria-describedby={
                  errors['bulk-reason'] ? 'bulk-reason-hint bulk-reason-error' : 'bulk-reason-hint'
                }
                aria-invalid={errors['bulk-reason'] ? 'true' : undefined}
              >
                {p.bulk.reason}
              </textarea>
            </div>
            <div>
              <label for="bulk-public_note">{t('reports.form.publicNote')}</label>
              <p class="hint" id="bulk-public_note-hint">
                {t('reports.form.publicNoteHint')}
              </p>
              <FieldError id="bulk-public_note" errors={errors} />
              <textarea
                id="bulk-public_note"
                name="public_note"
                rows={2}
                aria-describedby="bulk-public_note-hint"
              >
                {p.bulk.public_note}
              </textarea>
            </div>
            <div>
              <label for="bulk-referred_to">{t('reports.form.referredTo')}</label>
              <p class="hint" id="bulk-referred_to-hint">
                {t('reports.form.referredToHint')}
              </p>
              <FieldError id="bulk-referred_to" errors={errors} />
              <input
                id="bulk-referred_to"
                name="referred_to"
                value={p.bulk.referred_to}
                aria-describedby="bulk-referred_to-hint"
                aria-invalid={errors['bulk-referred_to'] ? 'true' : undefined}
              />
            </div>
            <div>
              <button type="submit">{t('reports.queue.bulk.submit')}</button>
            </div>
          </fieldset>
        ) : null}
      </form>
    </section>
  );
}

function excerpt(text: string): string {
  return text.length > 140 ? `${text.slice(0, 139)}…` : text;
}
