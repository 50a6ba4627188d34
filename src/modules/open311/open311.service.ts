/**
 * GeoReport v2 over Ishenim's own services. Reads show exactly what the public list shows (public,
 * non-sensitive, not held, coarse point — `publicWhere`); submissions go through the report intake
 * (`ReportsService.createReport`) and updates through "add to a public report"
 * (`ResidentReportsService.addToPublicReport`), so no reporting rule lives here. What is Open311's
 * own: the API key (403), its allowed services and hourly rate (429), the jurisdiction_id, and the
 * translation of spec fields to intake fields and of intake errors back to spec field names.
 */
import type { Config } from '../../config.ts';
import type { Database, Trx } from '../../db/database.ts';
import type { Report } from '../../db/schema.ts';
import { randomToken } from '../../shared/crypto.ts';
import { AppError, NotFoundError, ValidationError } from '../../shared/errors.ts';
import type { Locale } from '../../shared/i18n.ts';
import { ANONYMOUS, authorize, type Actor } from '../../shared/policy.ts';
import { DAY, clock, nowIso } from '../../shared/time.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { areaName, parseNames } from '../geo/geo.presenter.ts';
import { haversineKm } from '../geo/geojson.ts';
import { newId } from '../../shared/ids.ts';
import type { CategoryView, ReportCategoriesService } from '../reports/categories.service.ts';
import { REFERENCE_PATTERN } from '../reports/receipts.ts';
import { REPORT, REPORT_CATEGORY } from '../reports/reports.policy.ts';
import type { ReportsService, ReportLocation } from '../reports/reports.service.ts';
import { CLOSED_STATUSES, OPEN_STATUSES, type Status } from '../reports/reports.types.ts';
import type { ResidentReportsService } from '../reports/resident.service.ts';
import { parseW3c } from './open311.format.ts';
import { ApiKeyError, type KeyView, type Open311KeysService } from './open311-keys.service.ts';
import { open311Repository, type PublicRequestFilters } from './open311.repository.ts';

/** The spec's cap on one answer, and its default window when no dates are given. */
export const MAX_RESULTS = 1000;
export const DEFAULT_WINDOW_DAYS = 90;
export const MAX_DESCRIPTION = 4000;
const REFERENCE_RE = new RegExp(REFERENCE_PATTERN);
const TOKEN_RE = /^[A-Za-z0-9_-]{16,64}$/;
const NUMBER_RE = /^\s*-?\d{1,3}(\.\d{1,15})?\s*$/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME_PREFIX_RE = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}/;

/** What the area lookup must offer (the geo service). */
export interface AreaChains {
  areaChain(
    actor: Actor,
    input: { code: string },
  ): Promise<Array<{ code: string; names: string; kind: string }>>;
  /** Current areas of one kind, a page at a time. */
  list(
    actor: Actor,
    input: { kind?: 'district' | 'municipality'; limit?: number; cursor?: string },
  ): Promise<{ items: Array<{ code: string; names: string; kind: string }>; nextCursor: string | null }>;
}

/** Radius search: default and cap in metres; how many candidates a radius search looks at. */
export const DEFAULT_RADIUS_M = 1000;
export const MAX_RADIUS_M = 100_000;
const RADIUS_CANDIDATES = 5000;
/** Area kinds an address_string may name, most specific first. */
const PLACEABLE_KINDS = ['municipality', 'district'] as const;

export interface PublicRequestView {
  report: Report;
  category: CategoryView | undefined;
  /** The public note of the latest status change, if staff wrote one. */
  statusNote: string | null;
  /** The latest public change (or the creation). */
  updatedAt: string;
  /** The same excerpt the public list shows. */
  excerpt: string;
  /** Area names, most specific first. */
  address: string;
  /** Public thread entries (mySociety's `comment_count`). */
  commentCount: number;
}

export interface PublicUpdateView {
  id: string;
  reference: string;
  /** Ishenim status after this update. */
  status: string;
  at: string;
  body: string | null;
}

export interface RequestsQuery {
  service_request_id?: string;
  service_code?: string;
  start_date?: string;
  end_date?: string;
  status?: string;
  jurisdiction_id?: string;
  page?: string;
  page_size?: string;
  lat?: string;
  long?: string;
  radius?: string;
}

/** A POST requests body as the spec names its fields (form values arrive as text). */
export interface SubmitInput {
  api_key?: unknown;
  jurisdiction_id?: string;
  service_code?: string;
  lat?: string | number;
  long?: string | number;
  address_string?: string;
  address_id?: string;
  email?: string;
  device_id?: string;
  account_id?: string;
  first_name?: string;
  last_name?: string;
  phone?: string;
  description?: string;
  media_url?: string | string[];
  public_anonymity_required?: string | boolean;
  /** `attribute[code]` values, by code. */
  attributes?: Record<string, string | string[]>;
  /** The language the client speaks (for replies to the reporter). */
  locale?: string;
  photos?: Buffer[];
  /** "no description given" in the client's language (stored when description is absent). */
  noDescription?: string;
}

export interface UpdateInput {
  api_key?: unknown;
  jurisdiction_id?: string;
  service_request_id?: string;
  update_id?: string;
  description?: string;
  status?: string;
  updated_datetime?: string;
  media_url?: string | string[];
  email_alerts_requested?: string;
  /** `attribute[code]` values (stored with the update for the team; not checked). */
  attributes?: Record<string, string | string[]>;
  /** What staff read on an update to a closed request ("asks to reopen"), translated. */
  reopenNote?: string;
}

/** Intake field → the spec field a client sent it in. */
const FIELD_NAMES: ReadonlyArray<[RegExp, (m: RegExpExecArray) => string]> = [
  [/^answers\.([a-z][a-z0-9_]*)$/, (m) => `attribute[${m[1]}]`],
  [/^location\.lat$/, () => 'lat'],
  [/^location\.lon$/, () => 'long'],
  [/^location\.area$/, () => 'address_id'],
  [/^location$/, () => 'lat/long'],
  [/^contact\.name$/, () => 'first_name'],
  [/^contact\.phone$/, () => 'phone'],
  [/^contact\.email$/, () => 'email'],
  [/^contact$/, () => 'email'],
  [/^address$/, () => 'address_string'],
  [/^category$/, () => 'service_code'],
  [/^text$/, () => 'description'],
  [/^photos$/, () => 'media'],
];

/** An intake refusal, told in the spec's field names. */
export function inSpecTerms(err: AppError): AppError {
  const field = err.field;
  if (!field) return err;
  for (const [re, name] of FIELD_NAMES) {
    const m = re.exec(field);
    if (!m) continue;
    const spec = name(m);
    const message = err.message.startsWith(field) ? spec + err.message.slice(field.length) : err.message;
    return new AppError(err.statusCode, err.code, message, spec);
  }
  return err;
}

function excerpt(text: string): string {
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

function optionalText(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const t = v.trim();
  return t === '' ? undefined : t;
}

function parseCoordinate(v: string | number | undefined, field: string): number | undefined {
  if (v === undefined || v === '') return undefined;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new ValidationError(`${field} must be a number`, field);
    return v;
  }
  if (!NUMBER_RE.test(v)) throw new ValidationError(`${field} must be a decimal number (WGS84)`, field);
  return Number(v);
}

/** A whole number in [min, max] from a query value, or `fallback` when absent. */
function parseWhole(
  v: string | undefined,
  field: string,
  fallback: number,
  min: number,
  max: number,
): number {
  if (v === undefined || v.trim() === '') return fallback;
  if (!/^\s*\d{1,9}\s*$/.test(v)) throw new ValidationError(`${field} must be a whole number`, field);
  const n = Number(v);
  if (n < min) throw new ValidationError(`${field} must be at least ${min}`, field);
  return Math.min(n, max);
}

/** One or several `media_url` values → the list of non-empty ones. */
export function mediaUrls(v: string | string[] | undefined): string[] {
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).map((u) => u.trim()).filter(Boolean);
}

function splitList(v: string | undefined, max: number): string[] | undefined {
  if (v === undefined) return undefined;
  const items = [
    ...new Set(
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
  return items.slice(0, max);
}

export class Open311Service {
  constructor(
    private readonly db: Database,
    private readonly config: Config,
    private readonly audit: AuditService,
    private readonly categories: ReportCategoriesService,
    private readonly reports: ReportsService,
    private readonly residentReports: ResidentReportsService,
    private readonly areas: AreaChains,
    private readonly keys: Open311KeysService,
  ) {}

  /** The one jurisdiction this server serves: the host of PUBLIC_URL (with its port, if any). */
  get jurisdictionId(): string {
    try {
      return new URL(this.config.publicUrl).host;
    } catch {
      return 'ishenim';
    }
  }

  /** Accepted spellings: host:port as in PUBLIC_URL, or the bare host name (case-insensitive). */
  private get jurisdictionIds(): Set<string> {
    try {
      const u = new URL(this.config.publicUrl);
      return new Set([u.host.toLowerCase(), u.hostname.toLowerCase()]);
    } catch {
      return new Set(['ishenim']);
    }
  }

  /** An unknown jurisdiction_id is 404, as the spec says. */
  checkJurisdiction(value: string | undefined): void {
    if (value === undefined || value.trim() === '') return;
    if (!this.jurisdictionIds.has(value.trim().toLowerCase()))
      throw new AppError(
        404,
        'not_found',
        `jurisdiction_id ${value.slice(0, 60)} was not found (this server serves ${this.jurisdictionId})`,
        'jurisdiction_id',
      );
  }

  // --- services -----------------------------------------------------------------------------------

  /** Services are the active categories that are not sensitive (prevention desk, complaints, …). */
  async services(actor: Actor, input: { jurisdiction_id?: string } = {}): Promise<CategoryView[]> {
    authorize(actor, 'read', REPORT_CATEGORY);
    this.checkJurisdiction(input.jurisdiction_id);
    return (await this.categories.list(actor)).filter((c) => !c.sensitive);
  }

  async service(actor: Actor, input: { code: string; jurisdiction_id?: string }): Promise<CategoryView> {
    authorize(actor, 'read', REPORT_CATEGORY);
    this.checkJurisdiction(input.jurisdiction_id);
    const c = await this.categories.activeCategory(input.code);
    if (!c || c.sensitive) throw new NotFoundError(`service_code ${input.code.slice(0, 60)}`);
    return c;
  }

  // --- public requests ----------------------------------------------------------------------------

  async requests(actor: Actor, q: RequestsQuery, locale: Locale): Promise<PublicRequestView[]> {
    authorize(actor, 'list-public', REPORT);
    this.checkJurisdiction(q.jurisdiction_id);
    const f: PublicRequestFilters = {};
    const ids = splitList(q.service_request_id, MAX_RESULTS);
    if (ids) {
      // The spec: with service_request_id, the other filters are ignored.
      f.references = ids.filter((id) => REFERENCE_RE.test(id));
    } else {
      const codes = splitList(q.service_code, 200);
      if (codes) f.categories = codes;
      if (q.status !== undefined) {
        const wanted = splitList(q.status.toLowerCase(), 5) ?? [];
        const statuses: Status[] = [];
        for (const s of wanted) {
          if (s === 'open') statuses.push(...OPEN_STATUSES);
          else if (s === 'closed') statuses.push(...CLOSED_STATUSES);
          else
            throw new ValidationError(
              `status must be open, closed or open,closed (not ${s.slice(0, 30)})`,
              'status',
            );
        }
        if (statuses.length) f.statuses = statuses;
      }
      const range = this.range(q.start_date, q.end_date);
      f.from = range.from;
      f.to = range.to;
    }
    const page = parseWhole(q.page, 'page', 1, 1, 1_000_000);
    const pageSize = parseWhole(q.page_size, 'page_size', MAX_RESULTS, 1, MAX_RESULTS);
    const near = this.near(q);
    let rows: Report[];
    if (near) {
      // A bounding box in SQL, the exact circle here (both dialects, no trigonometry in SQL).
      const dLat = near.radiusM / 111_320;
      const dLon = near.radiusM / (111_320 * Math.max(Math.cos((near.lat * Math.PI) / 180), 0.01));
      f.box = {
        minLat: near.lat - dLat,
        maxLat: near.lat + dLat,
        minLon: near.lon - dLon,
        maxLon: near.lon + dLon,
      };
      const candidates = await open311Repository.publicRequests(this.db.read, f, RADIUS_CANDIDATES);
      rows = candidates
        .filter((r) => haversineKm(near.lat, near.lon, r.public_lat!, r.public_lon!) * 1000 <= near.radiusM)
        .slice((page - 1) * pageSize, page * pageSize);
    } else {
      rows = await open311Repository.publicRequests(this.db.read, f, pageSize, (page - 1) * pageSize);
    }
    return this.views(rows, locale);
  }

  /** `lat` + `long` (+ `radius` in metres) of a radius search, or null when not asked. */
  private near(q: RequestsQuery): { lat: number; lon: number; radiusM: number } | null {
    const lat = parseCoordinate(q.lat, 'lat');
    const lon = parseCoordinate(q.long, 'long');
    if (lat === undefined && lon === undefined) return null;
    if (lat === undefined) throw new ValidationError('lat is required with long', 'lat');
    if (lon === undefined) throw new ValidationError('long is required with lat', 'long');
    if (Math.abs(lat) > 90) throw new ValidationError('lat must be between -90 and 90', 'lat');
    if (Math.abs(lon) > 180) throw new ValidationError('long must be between -180 and 180', 'long');
    const radiusM = parseWhole(q.radius?.replace(/\.\d*$/, ''), 'radius', DEFAULT_RADIUS_M, 1, MAX_RADIUS_M);
    return { lat, lon, radiusM };
  }

  async request(actor: Actor, input: { id: string; jurisdiction_id?: string }, locale: Locale) {
    authorize(actor, 'list-public', REPORT);
    this.checkJurisdiction(input.jurisdiction_id);
    const rows = REFERENCE_RE.test(input.id)
      ? await open311Repository.publicRequests(this.db.read, { references: [input.id] }, 1)
      : [];
    if (rows.length === 0) throw new NotFoundError(`service_request_id ${input.id.slice(0, 60)}`);
    return (await this.views(rows, locale))[0]!;
  }

  /** A token (from POST requests) → the request it became. */
  async token(actor: Actor, input: { token: string; jurisdiction_id?: string }) {
    authorize(actor, 'list-public', REPORT);
    this.checkJurisdiction(input.jurisdiction_id);
    const row = TOKEN_RE.test(input.token)
      ? await open311Repository.getRequestByToken(this.db.read, input.token)
      : undefined;
    if (!row) throw new NotFoundError(`token ${input.token.slice(0, 60)}`);
    return { token: row.token, reference: row.reference };
  }

  private range(start: string | undefined, end: string | undefined): { from: string; to?: string } {
    const from = start ? parseW3c(start) : null;
    if (start && !from)
      throw new ValidationError(
        'start_date must be a W3C date-time with a time zone (2026-01-31T09:00:00Z)',
        'start_date',
      );
    const to = end ? parseW3c(end) : null;
    if (end && !to)
      throw new ValidationError(
        'end_date must be a W3C date-time with a time zone (2026-01-31T09:00:00Z)',
        'end_date',
      );
    if (from && to && from > to)
      throw new ValidationError('start_date must not be after end_date', 'start_date');
    const windowMs = DEFAULT_WINDOW_DAYS * DAY;
    const fromIso = from ?? new Date((to ? Date.parse(to) : clock.nowMs()) - windowMs).toISOString();
    return { from: fromIso, ...(to ? { to } : {}) };
  }

  private async views(rows: Report[], locale: Locale): Promise<PublicRequestView[]> {
    const events = await open311Repository.publicEventsOf(
      this.db.read,
      rows.map((r) => r.id),
    );
    const byReport = new Map<string, typeof events>();
    for (const e of events) byReport.set(e.report_id, [...(byReport.get(e.report_id) ?? []), e]);
    const addresses = new Map<string, string>();
    for (const code of new Set(rows.map((r) => r.area_code)))
      addresses.set(code, await this.address(code, locale));
    const out: PublicRequestView[] = [];
    for (const r of rows) {
      const list = byReport.get(r.id) ?? [];
      const lastStatus = [...list].reverse().find((e) => e.kind === 'status');
      const last = list[list.length - 1];
      out.push({
        report: r,
        category: await this.categories.activeCategory(r.category_code),
        statusNote: lastStatus?.body ?? null,
        updatedAt: last && last.created_at > r.created_at ? last.created_at : r.created_at,
        excerpt: excerpt(r.description),
        address: addresses.get(r.area_code) ?? r.area_code,
        commentCount: list.filter((e) => e.kind === 'public_update').length,
      });
    }
    return out;
  }

  private async address(code: string, locale: Locale): Promise<string> {
    try {
      const chain = await this.areas.areaChain(ANONYMOUS, { code });
      return [...chain]
        .reverse()
        .map((a) => areaName(parseNames(a.names), locale, a.code))
        .join(', ');
    } catch {
      return code;
    }
  }

  // --- updates (mySociety extension) --------------------------------------------------------------

  async updates(
    actor: Actor,
    q: { start_date?: string; end_date?: string; jurisdiction_id?: string },
  ): Promise<PublicUpdateView[]> {
    authorize(actor, 'list-public', REPORT);
    this.checkJurisdiction(q.jurisdiction_id);
    const range = this.range(q.start_date, q.end_date);
    const events = await open311Repository.publicUpdates(this.db.read, range, MAX_RESULTS);
    const reportIds = [...new Set(events.map((e) => e.report_id))];
    const [reports, history] = await Promise.all([
      open311Repository.publicReportsByIds(this.db.read, reportIds),
      open311Repository.publicEventsOf(this.db.read, reportIds),
    ]);
    const references = new Map(reports.map((r) => [r.id, r.reference]));
    // The status each public entry left the report in, walking each report's history in order.
    const statusAfter = new Map<string, string>();
    const current = new Map<string, string>();
    for (const e of history) {
      if (e.kind === 'status' && e.to_status) current.set(e.report_id, e.to_status);
      statusAfter.set(e.id, current.get(e.report_id) ?? 'new');
    }
    return events
      .filter((e) => references.has(e.report_id))
      .map((e) => ({
        id: e.id,
        reference: references.get(e.report_id)!,
        status: statusAfter.get(e.id) ?? e.to_status ?? 'new',
        at: e.created_at,
        body: e.body,
      }));
  }

  // --- submissions --------------------------------------------------------------------------------

  /** POST requests: the key, its rate and services, then the report intake. */
  async submit(input: SubmitInput): Promise<{ reference: string; token: string; key: KeyView }> {
    const key = await this.keys.use(input.api_key);
    this.checkJurisdiction(input.jurisdiction_id);
    const code = optionalText(input.service_code);
    if (!code) throw new ValidationError('service_code is required', 'service_code');
    const category = await this.categories.activeCategory(code);
    if (!category || category.sensitive)
      throw new ValidationError(`service_code ${code.slice(0, 60)} was not found`, 'service_code');
    if (!key.services.includes(code))
      throw new ApiKeyError(`this api_key may not submit requests for service_code ${code}`);
    // The spec makes description optional. The intake needs some text, so a request without one
    // carries the placeholder staff see, in the client's language.
    const given = typeof input.description === 'string' ? input.description.trim() : '';
    if (given.length > MAX_DESCRIPTION)
      throw new ValidationError(`description must be at most ${MAX_DESCRIPTION} characters`, 'description');
    const description = given || input.noDescription || '-';

    const lat = parseCoordinate(input.lat, 'lat');
    const lon = parseCoordinate(input.long, 'long');
    const addressId = optionalText(input.address_id);
    let location: ReportLocation;
    if (lat !== undefined || lon !== undefined) {
      if (lat === undefined) throw new ValidationError('lat is required with long', 'lat');
      if (lon === undefined) throw new ValidationError('long is required with lat', 'long');
      location = { lat, lon };
    } else if (addressId) location = { area: addressId };
    else if (optionalText(input.address_string))
      location = { area: await this.placeAddress(optionalText(input.address_string)!) };
    else
      throw new ValidationError(
        'give lat and long, address_id (an area code) or address_string (an area name)',
        'lat',
      );

    let privacy: 'public' | 'name_hidden' = 'public';
    const anon = input.public_anonymity_required;
    if (anon !== undefined && anon !== '') {
      const v = String(anon).toLowerCase();
      if (v === 'true' || v === '1') privacy = 'name_hidden';
      else if (v !== 'false' && v !== '0')
        throw new ValidationError(
          'public_anonymity_required must be TRUE or FALSE',
          'public_anonymity_required',
        );
    }

    const answers: Record<string, string> = {};
    for (const [k, raw] of Object.entries(input.attributes ?? {})) {
      if (Array.isArray(raw)) throw new ValidationError(`attribute[${k}] takes one value`, `attribute[${k}]`);
      const q = category.questions.find((x) => x.key === k);
      // A date question is offered as a datetime: keep the day as the client wrote it.
      const m = q?.type === 'date' ? DATETIME_PREFIX_RE.exec(raw) : null;
      answers[k] = m && !DATE_RE.test(raw) ? m[1]! : raw;
    }

    const media = mediaUrls(input.media_url);
    const name = [optionalText(input.first_name), optionalText(input.last_name)].filter(Boolean).join(' ');
    const contact = {
      ...(name ? { name } : {}),
      ...(optionalText(input.phone) ? { phone: optionalText(input.phone) } : {}),
      ...(optionalText(input.email) ? { email: optionalText(input.email) } : {}),
    };
    const token = randomToken(24);
    try {
      const created = await this.reports.createReport(ANONYMOUS, {
        description,
        category: code,
        privacy,
        location,
        address: optionalText(input.address_string),
        contact: Object.keys(contact).length ? contact : undefined,
        answers,
        channel: 'open311',
        locale: input.locale,
        photos: input.photos,
        link: async (trx, report) => {
          await open311Repository.createRequestLink(trx, {
            report_id: report.id,
            token,
            api_key_id: key.id,
            created_at: nowIso(),
          });
          await this.audit.record(trx, {
            actor: null,
            role: 'open311',
            action: 'open311.request.create',
            subjectType: REPORT,
            subjectId: report.id,
            details: {
              apiKey: key.id,
              service: code,
              privacy,
              // Not fetched (the server never follows client URLs); kept for the team's record.
              ...(media.length ? { mediaUrls: media.slice(0, 20) } : {}),
            },
          });
        },
      });
      return { reference: created.reference, token, key };
    } catch (err) {
      if (err instanceof AppError && err.statusCode < 500) throw inSpecTerms(err);
      throw err;
    }
  }

  /**
   * `address_string` → an area code: each comma-separated part, most specific first, is matched
   * against the names (every locale) of settlements/municipalities, then districts; the first part
   * naming exactly one area wins. Nothing placeable → 400 naming address_string.
   */
  private async placeAddress(address: string): Promise<string> {
    const norm = (s: string) => s.toLocaleLowerCase('ru').replace(/\s+/g, ' ').trim();
    const parts = address
      .split(/[,;\n]/)
      .map(norm)
      .filter((p) => p.length >= 2)
      .slice(0, 8);
    for (const kind of PLACEABLE_KINDS) {
      // Names are matched here, not in SQL: SQLite's LIKE folds ASCII case only (Cyrillic names).
      const names = new Map<string, Set<string>>();
      let cursor: string | undefined;
      for (let page = 0; page < 40; page++) {
        const r = await this.areas.list(ANONYMOUS, { kind, limit: 500, cursor });
        for (const a of r.items)
          for (const n of Object.values(parseNames(a.names))) {
            const key = norm(String(n));
            names.set(key, (names.get(key) ?? new Set()).add(a.code));
          }
        if (!r.nextCursor) break;
        cursor = r.nextCursor;
      }
      for (const part of parts) {
        const codes = names.get(part);
        if (codes?.size === 1) return [...codes][0]!;
      }
    }
    throw new ValidationError(
      'address_string names no district, municipality or settlement we know; give lat and long or address_id',
      'address_string',
    );
  }

  /**
   * POST servicerequestupdates: what a client's user adds to a public request reaches the handling
   * team as supporting information (linked to nobody). Statuses are staff's to change, so a status
   * the client sends is not applied. On a closed request (FixMyStreet's "still broken") the same
   * entry is stored, marked as a reopen request for staff to act on. A repeated update_id from the
   * same key is answered with the first update's id and stores nothing.
   */
  async postUpdate(input: UpdateInput): Promise<{ updateId: string }> {
    const key = await this.keys.use(input.api_key);
    this.checkJurisdiction(input.jurisdiction_id);
    const ref = optionalText(input.service_request_id);
    if (!ref) throw new ValidationError('service_request_id is required', 'service_request_id');
    const at = optionalText(input.updated_datetime);
    if (at && !parseW3c(at))
      throw new ValidationError(
        'updated_datetime must be a W3C date-time with a time zone (2026-01-31T09:00:00Z)',
        'updated_datetime',
      );
    const clientId = optionalText(input.update_id)?.slice(0, 100) ?? null;
    if (clientId) {
      const seen = await open311Repository.getUpdateByClientId(this.db.read, key.id, clientId);
      if (seen) return { updateId: seen.id };
    }
    const report = REFERENCE_RE.test(ref)
      ? (await open311Repository.publicRequests(this.db.read, { references: [ref] }, 1))[0]
      : undefined;
    if (!report) throw new NotFoundError(`service_request_id ${ref.slice(0, 60)}`);
    if (!key.services.includes(report.category_code))
      throw new ApiKeyError(`this api_key may not post updates for service_code ${report.category_code}`);
    const description = typeof input.description === 'string' ? input.description.trim() : '';
    if (!description) throw new ValidationError('description is required', 'description');
    if (description.length > MAX_DESCRIPTION)
      throw new ValidationError(`description must be at most ${MAX_DESCRIPTION} characters`, 'description');
    const media = mediaUrls(input.media_url).slice(0, 20);
    const attributes = input.attributes ?? {};
    // Photos' URLs reach the team as text (never fetched by the server).
    const text = media.length ? `${description}\n${media.join('\n')}` : description;
    const link = async (trx: Trx, added: { eventId: string; reportId: string }, reopen: boolean) => {
      await open311Repository.createUpdate(trx, {
        id: added.eventId,
        api_key_id: key.id,
        client_update_id: clientId,
        report_id: added.reportId,
        created_at: nowIso(),
      });
      await this.audit.record(trx, {
        actor: null,
        role: 'open311',
        action: 'open311.update.create',
        subjectType: REPORT,
        subjectId: added.reportId,
        details: {
          apiKey: key.id,
          ...(reopen ? { reopenRequested: true } : {}),
          ...(media.length ? { mediaUrls: media.slice(0, 20) } : {}),
          ...(Object.keys(attributes).length ? { attributes } : {}),
        },
      });
    };
    try {
      if (CLOSED_STATUSES.includes(report.status as Status)) {
        // The resident intake takes additions to open reports only; a closed one gets the entry here.
        const eventId = newId();
        await this.db.write(async (trx) => {
          await open311Repository.addReopenRequest(trx, {
            id: eventId,
            report_id: report.id,
            body: text,
            reason: input.reopenNote ?? 'reopen requested',
            details: JSON.stringify({
              from: 'another_resident',
              reopen_requested: true,
              ...(media.length ? { media_urls: media.slice(0, 20) } : {}),
            }),
            created_at: nowIso(),
          });
          await link(trx, { eventId, reportId: report.id }, true);
        });
        return { updateId: eventId };
      }
      const r = await this.residentReports.addToPublicReport(ANONYMOUS, {
        reference: report.reference,
        category: report.category_code,
        text,
        link: (trx, added) => link(trx, added, false),
      });
      return { updateId: r.eventId };
    } catch (err) {
      // The same update_id sent twice at once: the other request stored it; answer with its id.
      if (clientId && this.db.dialect.isUniqueViolation(err)) {
        const seen = await open311Repository.getUpdateByClientId(this.db.read, key.id, clientId);
        if (seen) return { updateId: seen.id };
      }
      if (err instanceof NotFoundError) throw new NotFoundError(`service_request_id ${ref.slice(0, 60)}`);
      if (err instanceof AppError && err.statusCode < 500) throw inSpecTerms(err);
      throw err;
    }
  }
}
