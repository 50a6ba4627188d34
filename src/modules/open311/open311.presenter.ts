/**
 * Ishenim → GeoReport v2 field names. Every field that leaves is named here; a public request carries
 * exactly what the public list and map show (reference, category, status, area, coarse point, the
 * excerpt), never the reporter, the exact point, the typed address, photos or internal notes.
 */
import type { Locale, Translate } from '../../shared/i18n.ts';
import type { CategoryView } from '../reports/categories.service.ts';
import { statusLabel } from '../reports/reports.presenter.ts';
import { CLOSED_STATUSES, type QuestionType, type Status } from '../reports/reports.types.ts';
import { groupLabel, localText } from '../reports/views/resident-report.tsx';
import { w3c } from './open311.format.ts';
import type { KeyView } from './open311-keys.service.ts';
import type { PublicRequestView, PublicUpdateView } from './open311.service.ts';

export const SPEC_URL = 'http://wiki.open311.org/GeoReport_v2';
/** When this API last changed (discovery `changeset`). */
export const CHANGESET = '2026-11-29T00:05:00Z';

const DATATYPES: Readonly<Record<QuestionType, 'text' | 'number' | 'datetime' | 'singlevaluelist'>> = {
  text: 'text',
  number: 'number',
  date: 'datetime',
  choice: 'singlevaluelist',
};

/** Category groups with a name in the catalogs; any other group is shown by its code. */
const NAMED_GROUPS = new Set(['safety', 'family-youth', 'prevention', 'police', 'other']);

export function open311Status(status: string): 'open' | 'closed' {
  return CLOSED_STATUSES.includes(status as Status) ? 'closed' : 'open';
}

/** Comma-separated names of the category in every language it has (clients search on these). */
function keywords(c: CategoryView): string | null {
  const names = [...new Set(Object.values(c.names).map((n) => n.replace(/,/g, ' ').trim()))].filter(Boolean);
  return names.length ? names.join(', ') : null;
}

export function presentService(c: CategoryView, t: Translate, locale: Locale) {
  return {
    service_code: c.code,
    service_name: localText(c.names, locale, c.code),
    description: localText(c.guidance, locale, '') || null,
    metadata: c.questions.length > 0,
    type: 'realtime' as const,
    keywords: keywords(c),
    group: NAMED_GROUPS.has(c.group) ? groupLabel(t, c.group) : c.group,
  };
}

export function presentDefinition(c: CategoryView, locale: Locale) {
  return {
    service_code: c.code,
    attributes: c.questions.map((q, i) => ({
      variable: true,
      code: q.key,
      datatype: DATATYPES[q.type],
      required: q.required,
      datatype_description: q.type === 'date' ? 'YYYY-MM-DD' : null,
      order: i + 1,
      description: localText(q.labels, locale, q.key),
      ...(q.type === 'choice'
        ? {
            values: (q.options ?? []).map((o) => ({
              key: o.value,
              name: localText(o.labels, locale, o.value),
            })),
          }
        : {}),
    })),
  };
}

/**
 * One public request. With `extended` (`extensions=true`), mySociety's extra fields follow: the
 * channel it came in by (`interface_used`) and its public thread length (`comment_count`).
 */
export function presentRequest(v: PublicRequestView, t: Translate, locale: Locale, extended = false) {
  const r = v.report;
  const label = statusLabel(t, r.status);
  return {
    service_request_id: r.reference,
    status: open311Status(r.status),
    status_notes: v.statusNote ? `${label} — ${v.statusNote}` : label,
    service_name: v.category ? localText(v.category.names, locale, r.category_code) : r.category_code,
    service_code: r.category_code,
    description: v.excerpt,
    agency_responsible: null,
    service_notice: null,
    requested_datetime: w3c(r.created_at),
    updated_datetime: w3c(v.updatedAt),
    expected_datetime: null,
    address: v.address,
    address_id: r.area_code,
    zipcode: null,
    lat: r.public_lat,
    long: r.public_lon,
    media_url: null,
    ...(extended
      ? { extended_attributes: { interface_used: r.channel, comment_count: v.commentCount } }
      : {}),
  };
}

export function presentUpdate(u: PublicUpdateView, t: Translate) {
  return {
    update_id: u.id,
    service_request_id: u.reference,
    status: open311Status(u.status),
    updated_datetime: w3c(u.at),
    description: u.body ?? statusLabel(t, u.status),
    media_url: '',
  };
}

export function presentKey(k: KeyView) {
  return {
    id: k.id,
    name: k.name,
    hint: k.hint,
    services: k.services,
    rate_per_hour: k.ratePerHour,
    created_at: k.createdAt,
    last_used_at: k.lastUsedAt,
    revoked_at: k.revokedAt,
  };
}
