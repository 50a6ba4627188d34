/**
 * Reports: intake (web, API, channels and walk-ins all call `createReport`) and staff triage.
 * Heavy work (photo re-encoding, area lookup) happens before the one write transaction per change;
 * every change and every read of personal data is audited inside that transaction.
 */
import type { Config } from '../../config.ts';
import type { Database, Trx } from '../../db/database.ts';
import type { Report } from '../../db/schema.ts';
import { decryptField, encryptField } from '../../shared/crypto.ts';
import { AppError, ConflictError, NotFoundError, ValidationError } from '../../shared/errors.ts';
import { isId, newId } from '../../shared/ids.ts';
import { authorize, can, type Actor } from '../../shared/policy.ts';
import { DAY, MINUTE, clock, isoIn, nowIso } from '../../shared/time.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { areaRepository, organisationRepository } from '../accounts/organisations.repository.ts';
import { PROBLEM, type ProblemResource } from '../problems/problems.policy.ts';
import { problemRepository } from '../problems/problems.repository.ts';
import type { CategoryView, ReportCategoriesService } from './categories.service.ts';
import { boxAround, coarsen } from './coarsen.ts';
import type { PhotoStore, ProcessedPhoto } from './photos.store.ts';
import { MAX_PHOTOS } from './photos.store.ts';
import { newReceipt, newReference, receiptHash } from './receipts.ts';
import {
  queueScope,
  REPORT,
  RESPONSE_TEMPLATE,
  scopeIsEmpty,
  type ReportResource,
} from './reports.policy.ts';
import { reportsRepository, type ReportFilters, type ReportSort } from './reports.repository.ts';
import {
  CHANNELS,
  CLOSED_STATUSES,
  OPEN_STATUSES,
  PRIVACY,
  STAFF_CHANNELS,
  STATUSES,
  canTransition,
  type CategoryQuestion,
  type Channel,
  type Contact,
  type Privacy,
  type Status,
} from './reports.types.ts';
import { stripControls } from '../../shared/text.ts';

/** What the area lookup must offer (the geo service). */
export interface AreaLookup {
  lookupPoint(
    actor: Actor,
    input: { lat: number; lon: number },
  ): Promise<{ area: AreaLike; match: 'boundary' | 'nearest-centre' }>;
  areaChain(actor: Actor, input: { code: string }): Promise<AreaLike[]>;
}
interface AreaLike {
  code: string;
  path: string;
  kind: string;
  centre_lat: number | null;
  centre_lon: number | null;
}

export type ReportLocation = { lat: number; lon: number } | { area: string };

export interface CreateReportInput {
  description: string;
  category: string;
  privacy: Privacy;
  location: ReportLocation;
  occurredAt?: string;
  address?: string;
  contact?: Contact;
  answers?: Record<string, unknown>;
  /** Where it came in; staff-only channels (walk_in, reception) need a staff actor. */
  channel?: Channel;
  /** The reporter's language, for replies on their channel. */
  locale?: string;
  /** Raw uploaded files (re-encoded here, before the transaction). */
  photos?: Buffer[];
  /**
   * Give a receipt code even though the report is not anonymous: the web form does so for everyone
   * without an account, so a public or name-hidden reporter can follow up like an anonymous one.
   */
  followUpCode?: boolean;
  /**
   * For channel adapters: writes the adapter's own link to the new report (an Open311 token, …)
   * inside the intake transaction, so the report and its link commit together or not at all.
   * Use only `trx` in it (see the DB write rule).
   */
  link?: (trx: Trx, created: { id: string; reference: string }) => Promise<void>;
}

export interface CreateReportResult {
  id: string;
  reference: string;
  status: Status;
  /** Anonymous reports (and web reports without an account): shown once, never stored in clear. */
  receipt?: string;
}

export interface QueueInput {
  status?: string[];
  category?: string;
  area?: string;
  privacy?: Privacy;
  /** Only reports at least this many days old. */
  olderThanDays?: number;
  /** Only reports at most this many days old. */
  newerThanDays?: number;
  assigned?: 'me' | 'none' | 'any';
  held?: boolean;
  sort?: ReportSort;
  limit?: number;
  offset?: number;
}

export interface QueueResult {
  /** `work`: the caller's desks; `analyst`: no personal data is presented. */
  view: 'work' | 'analyst';
  items: Report[];
  counts: Record<string, number>;
}

export interface QueueExport {
  view: QueueResult['view'];
  /** The role that allowed it (for the audit trail). */
  role: string;
  total: number;
  batches: AsyncIterable<Report[]>;
}

export interface ReportDetail {
  report: Report;
  category: CategoryView | undefined;
  events: Awaited<ReturnType<typeof reportsRepository.listEvents>>;
  photos: Awaited<ReturnType<typeof reportsRepository.listPhotos>>;
  /** Whether the caller may open the reporter's identity (and there is one to open). */
  canViewIdentity: boolean;
  /** The reporter's "was it resolved?" and treatment ratings, once given. */
  feedback: { resolved: string; answers: Record<string, string>; at: string } | null;
}

export interface StatusInput {
  status: Status;
  /** Why (internal, kept with who did it). */
  reason: string;
  /** Plain-language note the reporter (and, for public reports, everyone) sees. */
  publicNote?: string;
  /** For closed_not_police: the body it was referred to. */
  referredTo?: string;
}

const CONTACT_PURPOSE = 'report-contact';
/** Roles a report may be assigned to. */
const HANDLER_ROLES: readonly string[] = ['officer', 'supervisor', 'prevention_coordinator', 'oversight'];
const MAX_DESCRIPTION = 4000;
/** Clock skew allowed on occurred_at. */
const FUTURE_SKEW_MS = 5 * MINUTE;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

export function resourceOf(
  r: Pick<Report, 'area_path' | 'desk' | 'privacy' | 'assigned_organisation_id' | 'assigned_person_id'>,
): ReportResource {
  return {
    areaPath: r.area_path,
    desk: r.desk,
    privacy: r.privacy,
    assignedOrganisationId: r.assigned_organisation_id,
    assignedPersonId: r.assigned_person_id,
  };
}

function text(value: unknown, field: string, max: number, opts: { required?: boolean } = {}): string | null {
  if (value === undefined || value === null) {
    if (opts.required) throw new ValidationError(`${field} is required`, field);
    return null;
  }
  if (typeof value !== 'string') throw new ValidationError(`${field} must be text`, field);
  // Control characters other than line breaks and tabs have no place in what people write.
  const t = stripControls(value).trim();
  if (!t) {
    if (opts.required) throw new ValidationError(`${field} is required`, field);
    return null;
  }
  if (t.length > max) throw new ValidationError(`${field} must be at most ${max} characters`, field);
  return t;
}

/** `YYYY-MM-DD` or an ISO date-time with zone → ISO instant, refusing impossible and future dates. */
export function parseOccurredAt(value: string | undefined, field = 'occurred_at'): string | null {
  if (value === undefined || value === '') return null;
  if (typeof value !== 'string' || !(DATE_RE.test(value) || DATETIME_RE.test(value)))
    throw new ValidationError(`${field} must be a date (YYYY-MM-DD) or a date-time with a time zone`, field);
  const ms = Date.parse(DATE_RE.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(ms) || (DATE_RE.test(value) && new Date(ms).toISOString().slice(0, 10) !== value))
    throw new ValidationError(`${field} is not a real date`, field);
  if (ms > clock.nowMs() + FUTURE_SKEW_MS)
    throw new ValidationError(`${field} must not be in the future`, field);
  if (ms < Date.parse('1990-01-01T00:00:00Z'))
    throw new ValidationError(`${field} is too far in the past`, field);
  return new Date(ms).toISOString();
}

export function checkContact(contact: Contact | undefined, privacy: Privacy): Contact | null {
  if (contact === undefined || contact === null) return null;
  if (typeof contact !== 'object') throw new ValidationError('contact must be an object', 'contact');
  if (privacy === 'anonymous')
    throw new ValidationError('an anonymous report cannot carry contact details', 'contact');
  const name = text(contact.name, 'contact.name', 200);
  const phone = text(contact.phone, 'contact.phone', 40);
  const email = text(contact.email, 'contact.email', 200);
  if (phone && !/^\+?[\d\s().-]{5,40}$/.test(phone))
    throw new ValidationError('contact.phone must be a phone number', 'contact.phone');
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
    throw new ValidationError('contact.email must be an e-mail address', 'contact.email');
  if (!name && !phone && !email) return null;
  return { ...(name ? { name } : {}), ...(phone ? { phone } : {}), ...(email ? { email } : {}) };
}

export function checkAnswers(questions: CategoryQuestion[], answers: Record<string, unknown> | undefined) {
  const out: Record<string, string | number> = {};
  const given = answers ?? {};
  if (typeof given !== 'object' || Array.isArray(given))
    throw new ValidationError('answers must be an object', 'answers');
  const byKey = new Map(questions.map((q) => [q.key, q]));
  for (const key of Object.keys(given))
    if (!byKey.has(key))
      throw new ValidationError(`answers.${key} is not a question of this category`, `answers.${key}`);
  for (const q of questions) {
    const f = `answers.${q.key}`;
    const raw = given[q.key];
    if (raw === undefined || raw === null || raw === '') {
      if (q.required) throw new ValidationError(`${f} is required`, f);
      continue;
    }
    if (q.type === 'number') {
      const n =
        typeof raw === 'number'
          ? raw
          : typeof raw === 'string' && /^-?\d+(\.\d+)?$/.test(raw.trim())
            ? Number(raw)
            : NaN;
      if (!Number.isFinite(n) || Math.abs(n) > 1e9) throw new ValidationError(`${f} must be a number`, f);
      out[q.key] = n;
    } else if (q.type === 'choice') {
      if (typeof raw !== 'string' || !q.options?.some((o) => o.value === raw))
        throw new ValidationError(`${f} must be one of the offered choices`, f);
      out[q.key] = raw;
    } else if (q.type === 'date') {
      if (typeof raw !== 'string' || !DATE_RE.test(raw))
        throw new ValidationError(`${f} must be a date (YYYY-MM-DD)`, f);
      const iso = parseOccurredAt(raw, f);
      out[q.key] = iso!.slice(0, 10);
    } else {
      out[q.key] = text(raw, f, 1000, { required: q.required }) ?? '';
    }
  }
  return out;
}

/** Sliding one-minute count is read from the database, so it holds across processes. */
const BURST_WINDOW_MS = MINUTE;

/**
 * Work another module does for every new report of a desk, inside the intake transaction (the
 * complaints module opens a complaint record for each report on the complaints desk, whatever the
 * channel). Use only `trx`.
 */
export type IntakeHook = (
  trx: Trx,
  report: { id: string; desk: string; areaCode: string; areaPath: string; answers: Record<string, unknown> },
) => Promise<void>;

export class ReportsService {
  private readonly intakeHooks: IntakeHook[] = [];

  /** Registers work done for every new report, in its intake transaction. */
  onIntake(hook: IntakeHook): void {
    this.intakeHooks.push(hook);
  }

  constructor(
    private readonly db: Database,
    private readonly config: Config,
    private readonly audit: AuditService,
    private readonly categories: ReportCategoriesService,
    private readonly geo: AreaLookup,
    private readonly photos: PhotoStore,
  ) {}

  // --- intake -------------------------------------------------------------------------------------

  async createReport(actor: Actor, input: CreateReportInput): Promise<CreateReportResult> {
    const role = authorize(actor, 'create', REPORT);
    if (!(PRIVACY as readonly string[]).includes(input.privacy))
      throw new ValidationError(`privacy must be one of ${PRIVACY.join(', ')}`, 'privacy');
    const category =
      typeof input.category === 'string' ? await this.categories.activeCategory(input.category) : undefined;
    if (!category) throw new ValidationError('category is not one we offer', 'category');
    const description = text(input.description, 'description', MAX_DESCRIPTION, { required: true })!;
    const occurredAt = parseOccurredAt(input.occurredAt);
    const address = text(input.address, 'address', 500);
    const contact = checkContact(input.contact, input.privacy);
    const answers = checkAnswers(category.questions, input.answers);
    const channel = this.channelFor(actor, input.channel);
    const locale = typeof input.locale === 'string' && input.locale.length <= 10 ? input.locale : null;
    const files = input.photos ?? [];
    if (files.length > MAX_PHOTOS) throw new ValidationError(`at most ${MAX_PHOTOS} photos`, 'photos');

    const place = await this.locate(actor, input.location);
    const processed: ProcessedPhoto[] = [];
    for (const f of files) processed.push(await this.photos.process(f));
    const keys: string[] = [];
    for (const p of processed) keys.push(await this.photos.save(p));

    const anonymous = input.privacy === 'anonymous';
    const receipt = anonymous || input.followUpCode === true ? newReceipt() : undefined;
    const receiptDigits = receipt?.replace(/-/g, '');
    const sealedContact = contact
      ? encryptField(this.config.sessionSecret, CONTACT_PURPOSE, JSON.stringify(contact))
      : null;
    const publicPoint = category.sensitive ? null : place.publicPoint;

    const attempt = async (): Promise<CreateReportResult> =>
      this.db.write(async (trx) => {
        const now = nowIso();
        const id = newId();
        const reference = newReference();
        let held = 0;
        if (anonymous) {
          const cap = this.config.anonBurstPerMinute;
          const recent = await reportsRepository.countAnonymousSince(trx, isoIn(-BURST_WINDOW_MS), cap);
          if (recent >= cap) held = 1;
        }
        await reportsRepository.create(trx, {
          id,
          reference,
          category_code: category.code,
          description,
          privacy: input.privacy,
          status: 'new',
          desk: category.desk,
          sensitive: category.sensitive ? 1 : 0,
          area_code: place.area.code,
          area_path: place.area.path,
          lat: place.lat,
          lon: place.lon,
          public_lat: publicPoint?.lat ?? null,
          public_lon: publicPoint?.lon ?? null,
          address,
          occurred_at: occurredAt,
          channel,
          locale,
          reporter_person_id: actor.kind === 'resident' && !anonymous ? actor.personId : null,
          entered_by_person_id: actor.kind === 'staff' ? actor.personId : null,
          contact: sealedContact,
          receipt_hash: receiptDigits ? receiptHash(this.config.sessionSecret, receiptDigits) : null,
          last_activity_at: now,
          answers: JSON.stringify(answers),
          assigned_person_id: null,
          assigned_organisation_id: null,
          held_for_review: held,
          duplicate_of: null,
          problem_id: null,
          created_at: now,
          updated_at: now,
          acknowledged_at: null,
          resolved_at: null,
          closed_reason: null,
          referred_to: null,
          time_to_ack_seconds: null,
          time_to_resolve_seconds: null,
          personal_data_deleted_at: null,
        });
        await reportsRepository.addEvent(trx, {
          id: newId(),
          report_id: id,
          kind: 'created',
          visibility: 'reporter',
          from_status: null,
          to_status: 'new',
          reason: null,
          body: null,
          details: null,
          actor_person_id: actor.kind === 'staff' ? actor.personId : null,
          created_at: now,
        });
        for (const [i, p] of processed.entries())
          await reportsRepository.addPhoto(trx, {
            id: newId(),
            report_id: id,
            storage_key: keys[i]!,
            mime: p.mime,
            width: p.width,
            height: p.height,
            bytes: p.bytes,
            source: 'reporter',
            created_at: now,
          });
        // An anonymous report is linked to nobody, not even in the audit trail (staff entering a
        // walk-in on someone's behalf are recorded: that is the officer, not the resident).
        const unlinked = actor.kind === 'anonymous' || (anonymous && actor.kind !== 'staff');
        await this.audit.record(trx, {
          actor: unlinked ? null : actor,
          role: unlinked ? 'anonymous' : role,
          action: 'report.create',
          subjectType: REPORT,
          subjectId: id,
          details: {
            category: category.code,
            privacy: input.privacy,
            channel,
            desk: category.desk,
            photos: processed.length,
            held: held === 1,
          },
        });
        for (const hook of this.intakeHooks)
          await hook(trx, {
            id,
            desk: category.desk,
            areaCode: place.area.code,
            areaPath: place.area.path,
            answers,
          });
        if (input.link) await input.link(trx, { id, reference });
        return { id, reference, status: 'new' as Status, ...(receipt ? { receipt } : {}) };
      });
    try {
      try {
        return await attempt();
      } catch (err) {
        // A reference (40 random bits) or receipt collision: try once more with fresh ones.
        if (this.db.dialect.isUniqueViolation(err)) return await attempt();
        throw err;
      }
    } catch (err) {
      await this.photos.remove(keys);
      throw err;
    }
  }

  private channelFor(actor: Actor, channel: Channel | undefined): Channel {
    if (channel === undefined) return 'api';
    if (!(CHANNELS as readonly string[]).includes(channel))
      throw new ValidationError(`channel must be one of ${CHANNELS.join(', ')}`, 'channel');
    if (STAFF_CHANNELS.includes(channel) && actor.kind !== 'staff')
      throw new ValidationError(`channel ${channel} is for staff entering a concern in person`, 'channel');
    return channel;
  }

  private async locate(actor: Actor, location: ReportLocation | undefined) {
    if (!location || typeof location !== 'object')
      throw new ValidationError('location must give lat and lon, or an area', 'location');
    if ('area' in location && typeof location.area === 'string') {
      let chain: AreaLike[];
      try {
        chain = await this.geo.areaChain(actor, { code: location.area });
      } catch (err) {
        if (err instanceof AppError && err.statusCode < 500)
          throw new ValidationError('location.area is not a known area', 'location.area');
        throw err;
      }
      const area = chain[chain.length - 1];
      if (!area) throw new ValidationError('location.area is not a known area', 'location.area');
      if (area.kind === 'country' || area.kind === 'region')
        throw new ValidationError('location.area must be a district, municipality or beat', 'location.area');
      const centre =
        area.centre_lat !== null && area.centre_lon !== null
          ? { lat: area.centre_lat, lon: area.centre_lon }
          : null;
      return { area, lat: null, lon: null, publicPoint: centre };
    }
    const { lat, lon } = location as { lat: unknown; lon: unknown };
    if (typeof lat !== 'number' || !Number.isFinite(lat) || lat < -90 || lat > 90)
      throw new ValidationError('location.lat must be a number between -90 and 90', 'location.lat');
    if (typeof lon !== 'number' || !Number.isFinite(lon) || lon < -180 || lon > 180)
      throw new ValidationError('location.lon must be a number between -180 and 180', 'location.lon');
    let found;
    try {
      found = await this.geo.lookupPoint(actor, { lat, lon });
    } catch (err) {
      if (err instanceof AppError && err.statusCode < 500)
        throw new ValidationError('location is outside every area this service covers', 'location');
      throw err;
    }
    // Where no boundary is known (a sparse area matched by its centre), show the area's centre.
    const centre =
      found.area.centre_lat !== null && found.area.centre_lon !== null
        ? { lat: found.area.centre_lat, lon: found.area.centre_lon }
        : null;
    const publicPoint = found.match === 'boundary' ? coarsen(lat, lon) : centre;
    return { area: found.area, lat, lon, publicPoint };
  }

  /** Open public reports of the same category near a point ("is this the same?"). Public data only. */
  async similar(actor: Actor, input: { category: string; lat: number; lon: number }): Promise<Report[]> {
    authorize(actor, 'create', REPORT);
    if (!Number.isFinite(input.lat) || !Number.isFinite(input.lon)) return [];
    return reportsRepository.similarPublic(
      this.db.read,
      input.category,
      boxAround(input.lat, input.lon, 1),
      OPEN_STATUSES,
      5,
    );
  }

  // --- triage -------------------------------------------------------------------------------------

  /**
   * The queue as an export reads it (insight): the same authorization, scope, filters, order and view
   * as `queue`, with the whole result read in keyset batches of `batchSize` from the read connection.
   * `total` is what the page counts for these filters. The caller audits the export.
   */
  async queueExport(actor: Actor, input: QueueInput = {}, batchSize = 1000): Promise<QueueExport> {
    const scope = queueScope(actor);
    const analystOnly =
      scope.analystPaths.length > 0 &&
      !scope.desks.triage.length &&
      !scope.desks.prevention.length &&
      !scope.desks.complaints.length &&
      !scope.assignedPersonId &&
      !scope.partner;
    const role = authorize(actor, 'queue', REPORT);
    if (scopeIsEmpty(scope)) throw new NotFoundError(REPORT);
    const filters = await this.filters(actor, input);
    const sort = input.sort ?? 'newest';
    const db = this.db.read;
    const counts = await reportsRepository.countByStatus(db, scope, analystOnly, filters);
    const counted = new Set(filters.status ?? STATUSES);
    const total = counts.filter((c) => counted.has(c.status)).reduce((n, c) => n + c.n, 0);
    const size = Math.min(Math.max(batchSize, 1), 10_000);
    async function* batches(): AsyncGenerator<Report[]> {
      let after: { at: string; id: string } | null = null;
      for (;;) {
        const rows = await reportsRepository.searchAfter(db, scope, analystOnly, filters, sort, after, size);
        if (rows.length) yield rows;
        if (rows.length < size) return;
        const last = rows[rows.length - 1]!;
        after = { at: sort === 'updated' ? last.updated_at : last.created_at, id: last.id };
      }
    }
    return { view: analystOnly ? 'analyst' : 'work', role, total, batches: batches() };
  }

  async queue(actor: Actor, input: QueueInput = {}): Promise<QueueResult> {
    const scope = queueScope(actor);
    const analystOnly =
      scope.analystPaths.length > 0 &&
      !scope.desks.triage.length &&
      !scope.desks.prevention.length &&
      !scope.desks.complaints.length &&
      !scope.assignedPersonId &&
      !scope.partner;
    const role = authorize(actor, 'queue', REPORT);
    if (scopeIsEmpty(scope)) throw new NotFoundError(REPORT);
    const filters = await this.filters(actor, input);
    const limit = Math.min(Math.max(input.limit ?? 50, 1), 200);
    const offset = Math.min(Math.max(input.offset ?? 0, 0), 100_000);
    const sort = input.sort ?? 'newest';
    return this.db.write(async (trx) => {
      const items = await reportsRepository.search(trx, scope, analystOnly, filters, sort, limit, offset);
      const counts: Record<string, number> = Object.fromEntries(STATUSES.map((s) => [s, 0]));
      for (const c of await reportsRepository.countByStatus(trx, scope, analystOnly, filters))
        counts[c.status] = c.n;
      // A working queue shows excerpts of what residents wrote: personal data, so the read is recorded.
      if (!analystOnly)
        await this.audit.record(trx, {
          actor,
          role,
          action: 'report.queue.read',
          subjectType: REPORT,
          details: { count: items.length, filters: { ...input } },
        });
      return { view: analystOnly ? 'analyst' : 'work', items, counts };
    });
  }

  private async filters(actor: Actor, input: QueueInput): Promise<ReportFilters> {
    const f: ReportFilters = {};
    if (input.status?.length) {
      for (const [i, s] of input.status.entries())
        if (!(STATUSES as readonly string[]).includes(s))
          throw new ValidationError(`status must be one of ${STATUSES.join(', ')}`, `status.${i}`);
      f.status = input.status;
    }
    if (input.category) f.category = input.category;
    if (input.privacy) {
      if (!(PRIVACY as readonly string[]).includes(input.privacy))
        throw new ValidationError(`privacy must be one of ${PRIVACY.join(', ')}`, 'privacy');
      f.privacy = input.privacy;
    }
    if (input.area) {
      let chain: AreaLike[] = [];
      try {
        chain = await this.geo.areaChain(actor, { code: input.area });
      } catch {
        throw new ValidationError('area is not a known area', 'area');
      }
      const a = chain[chain.length - 1];
      if (!a) throw new ValidationError('area is not a known area', 'area');
      f.areaPath = a.path;
    }
    if (input.olderThanDays !== undefined) f.createdBefore = isoIn(-input.olderThanDays * DAY);
    if (input.newerThanDays !== undefined) f.createdAfter = isoIn(-input.newerThanDays * DAY);
    if (input.assigned) {
      f.assigned = input.assigned;
      if (input.assigned === 'me') f.assignedPersonId = actor.personId ?? '-';
    }
    f.held = input.held === true;
    return f;
  }

  /** Loads a report the actor may act on (`action`), else 404 exactly as if it did not exist. */
  private async load(
    trx: Trx | Database['read'],
    actor: Actor,
    id: string,
    action: string,
  ): Promise<{ report: Report; role: string }> {
    if (!isId(id)) throw new NotFoundError(REPORT);
    const report = await reportsRepository.getById(trx, id);
    if (!report) throw new NotFoundError(REPORT);
    const role = authorize(actor, action, REPORT, resourceOf(report));
    return { report, role };
  }

  async get(actor: Actor, id: string): Promise<ReportDetail> {
    authorize(actor, 'work', REPORT);
    const detail = await this.db.write(async (trx) => {
      const { report, role } = await this.load(trx, actor, id, 'read');
      const [events, photos, feedback] = await Promise.all([
        reportsRepository.listEvents(trx, id, ['public', 'reporter', 'internal']),
        reportsRepository.listPhotos(trx, id),
        reportsRepository.getFeedback(trx, id),
      ]);
      await this.audit.record(trx, {
        actor,
        role,
        action: 'report.read',
        subjectType: REPORT,
        subjectId: id,
      });
      const hasIdentity = report.contact !== null || report.reporter_person_id !== null;
      return {
        report,
        events,
        photos,
        canViewIdentity: hasIdentity && !!can(actor, 'identity', REPORT, resourceOf(report)),
        feedback: feedback
          ? {
              resolved: feedback.resolved,
              answers: JSON.parse(feedback.answers) as Record<string, string>,
              at: feedback.created_at,
            }
          : null,
      };
    });
    // Outside the write: the category cache may need to read, and a read inside a write would wait
    // for the very connection the write holds.
    return { ...detail, category: await this.categories.activeCategory(detail.report.category_code) };
  }

  /** The reporter's identity (public and name-hidden reports only, within jurisdiction); audited. */
  async getIdentity(
    actor: Actor,
    id: string,
  ): Promise<{
    contact: Contact | null;
    person: { id: string; displayName: string; email: string | null; phone: string | null } | null;
  }> {
    authorize(actor, 'work', REPORT);
    return this.db.write(async (trx) => {
      const { report, role } = await this.load(trx, actor, id, 'identity');
      const contact = report.contact
        ? (JSON.parse(decryptField(this.config.sessionSecret, CONTACT_PURPOSE, report.contact)) as Contact)
        : null;
      const p = report.reporter_person_id
        ? await trx
            .selectFrom('person')
            .select(['id', 'display_name', 'email', 'phone'])
            .where('id', '=', report.reporter_person_id)
            .executeTakeFirst()
        : undefined;
      await this.audit.record(trx, {
        actor,
        role,
        action: 'report.identity.view',
        subjectType: REPORT,
        subjectId: id,
        details: { privacy: report.privacy, contact: contact !== null, account: !!p },
      });
      return {
        contact,
        person: p ? { id: p.id, displayName: p.display_name, email: p.email, phone: p.phone } : null,
      };
    });
  }

  async changeStatus(actor: Actor, id: string, input: StatusInput): Promise<Report> {
    authorize(actor, 'work', REPORT);
    const change = this.checkStatusInput(input, 'status');
    return this.db.write(async (trx) => {
      const { report, role } = await this.load(trx, actor, id, 'manage');
      return this.applyStatus(trx, actor, role, report, change);
    });
  }

  /** The same change on many reports, all or nothing; a report the actor may not see is a 404. */
  async bulkStatus(actor: Actor, input: StatusInput & { ids: string[] }): Promise<{ updated: number }> {
    authorize(actor, 'work', REPORT);
    const ids = [...new Set(input.ids ?? [])];
    if (ids.length === 0 || ids.length > 200)
      throw new ValidationError('ids must list 1 to 200 reports', 'ids');
    const change = this.checkStatusInput(input, 'status');
    return this.db.write(async (trx) => {
      for (const [i, id] of ids.entries()) {
        const { report, role } = await this.load(trx, actor, id, 'manage');
        if (!canTransition(report.status, change.status))
          throw new ValidationError(
            `ids.${i}: a ${report.status} report cannot become ${change.status}`,
            `ids.${i}`,
          );
        await this.applyStatus(trx, actor, role, report, change);
      }
      return { updated: ids.length };
    });
  }

  private checkStatusInput(input: StatusInput, field: string) {
    if (!(STATUSES as readonly string[]).includes(input.status))
      throw new ValidationError(`${field} must be one of ${STATUSES.join(', ')}`, field);
    if (input.status === 'closed_duplicate')
      throw new ValidationError('close a duplicate by merging it into the report it repeats', field);
    if (input.status === 'new') throw new ValidationError('a report cannot go back to new', field);
    const reason = text(input.reason, 'reason', 2000, { required: true })!;
    const publicNote = text(input.publicNote, 'public_note', 2000);
    const referredTo = text(input.referredTo, 'referred_to', 200);
    if (input.status === 'closed_not_police' && !referredTo)
      throw new ValidationError(
        'referred_to is required: name the body the concern was referred to',
        'referred_to',
      );
    return { status: input.status, reason, publicNote, referredTo };
  }

  private async applyStatus(
    trx: Trx,
    actor: Actor,
    role: string,
    report: Report,
    change: {
      status: Status;
      reason: string;
      publicNote: string | null;
      referredTo: string | null;
      duplicateOf?: string;
    },
  ): Promise<Report> {
    const merging = change.status === 'closed_duplicate' && !!change.duplicateOf;
    if (
      merging
        ? !OPEN_STATUSES.includes(report.status as Status)
        : !canTransition(report.status, change.status)
    )
      throw new ValidationError(`a ${report.status} report cannot become ${change.status}`, 'status');
    const now = nowIso();
    const nowMs = Date.parse(now);
    const createdMs = Date.parse(report.created_at);
    const closing = CLOSED_STATUSES.includes(change.status);
    const reopening = CLOSED_STATUSES.includes(report.status as Status) && !closing;
    const updates: Partial<Report> = { status: change.status, updated_at: now, last_activity_at: now };
    if (!report.acknowledged_at) {
      updates.acknowledged_at = now;
      updates.time_to_ack_seconds = Math.max(0, Math.round((nowMs - createdMs) / 1000));
    }
    if (closing) {
      updates.resolved_at = now;
      updates.time_to_resolve_seconds = Math.max(0, Math.round((nowMs - createdMs) / 1000));
      updates.closed_reason = change.status;
      updates.referred_to = change.status === 'closed_not_police' ? change.referredTo : null;
      updates.duplicate_of = change.duplicateOf ?? null;
    }
    if (reopening) {
      Object.assign(updates, {
        resolved_at: null,
        time_to_resolve_seconds: null,
        closed_reason: null,
        referred_to: null,
        duplicate_of: null,
      });
    }
    // A held report that someone works is no longer held.
    if (report.held_for_review) updates.held_for_review = 0;
    // Conditional on the status read: of two concurrent changes the first wins, the second gets a 409.
    const moved = await trx
      .updateTable('report')
      .set(updates)
      .where('id', '=', report.id)
      .where('status', '=', report.status)
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1)
      throw new ConflictError('the report has just changed status; reload it and try again', 'status');
    await reportsRepository.addEvent(trx, {
      id: newId(),
      report_id: report.id,
      kind: 'status',
      visibility: 'public',
      from_status: report.status,
      to_status: change.status,
      reason: change.reason,
      body: change.publicNote,
      details: change.referredTo ? JSON.stringify({ referred_to: change.referredTo }) : null,
      actor_person_id: actor.personId,
      created_at: now,
    });
    await this.audit.record(trx, {
      actor,
      role,
      action: 'report.status',
      subjectType: REPORT,
      subjectId: report.id,
      details: { from: report.status, to: change.status },
    });
    return { ...report, ...updates } as Report;
  }

  async assign(
    actor: Actor,
    id: string,
    input: { personId?: string | null; organisationId?: string | null },
  ): Promise<Report> {
    authorize(actor, 'work', REPORT);
    const personId = input.personId ?? null;
    const organisationId = input.organisationId ?? null;
    if (personId !== null && !isId(personId))
      throw new ValidationError('person_id must be a person id', 'person_id');
    if (organisationId !== null && !isId(organisationId))
      throw new ValidationError('organisation_id must be an organisation id', 'organisation_id');
    return this.db.write(async (trx) => {
      const { report, role } = await this.load(trx, actor, id, 'assign');
      // A person or organisation whose areas do not touch the report's area does not exist for this
      // assignment: the same 404 as a made-up id. Inside the area, a wrong kind of person is a 400.
      const near = (path: string) => path.startsWith(report.area_path) || report.area_path.startsWith(path);
      if (personId) {
        const grants = await trx
          .selectFrom('person')
          .innerJoin('role_grant', 'role_grant.person_id', 'person.id')
          .innerJoin('area', (j) =>
            j.onRef('area.code', '=', 'role_grant.area_code').on('area.valid_to', 'is', null),
          )
          .select(['role_grant.role as role', 'area.path as path'])
          .where('person.id', '=', personId)
          .where('person.kind', '=', 'staff')
          .where('person.disabled_at', 'is', null)
          .execute();
        const local = grants.filter((g) => near(g.path));
        if (local.length === 0) throw new NotFoundError('person');
        if (!local.some((g) => HANDLER_ROLES.includes(g.role)))
          throw new ValidationError('person_id is not a staff member who can handle reports', 'person_id');
        // A complaint about police stays with oversight: never handed to the officers' chain.
        if (report.desk === 'complaints' && !local.some((g) => g.role === 'oversight'))
          throw new ValidationError('a complaint can be assigned to oversight staff only', 'person_id');
      }
      if (organisationId && report.desk === 'complaints')
        throw new ValidationError('a complaint cannot be assigned to an organisation', 'organisation_id');
      if (organisationId) {
        const org = await trx
          .selectFrom('organisation')
          .select('id')
          .where('id', '=', organisationId)
          .where('status', '=', 'active')
          .executeTakeFirst();
        const codes = org ? ((await organisationRepository.areaCodes(trx, [org.id])).get(org.id) ?? []) : [];
        const paths = [...(await areaRepository.currentPaths(trx, codes)).values()];
        if (!org || !paths.some(near)) throw new NotFoundError('organisation');
      }
      const now = nowIso();
      await reportsRepository.update(trx, id, {
        assigned_person_id: personId,
        assigned_organisation_id: organisationId,
        updated_at: now,
      });
      await reportsRepository.addEvent(trx, {
        id: newId(),
        report_id: id,
        kind: 'assign',
        visibility: 'internal',
        from_status: null,
        to_status: null,
        reason: null,
        body: null,
        details: JSON.stringify({ person_id: personId, organisation_id: organisationId }),
        actor_person_id: actor.personId,
        created_at: now,
      });
      await this.audit.record(trx, {
        actor,
        role,
        action: 'report.assign',
        subjectType: REPORT,
        subjectId: id,
        details: { personId, organisationId },
      });
      return {
        ...report,
        assigned_person_id: personId,
        assigned_organisation_id: organisationId,
        updated_at: now,
      };
    });
  }

  /**
   * Adds to the thread: `note` (internal, never shown to the reporter), `public_update` (the reporter
   * and, for public reports, everyone), `message_out` (a reply to the reporter only).
   */
  async addEntry(
    actor: Actor,
    id: string,
    input: { kind: 'note' | 'public_update' | 'message_out'; body: string },
  ): Promise<{ id: string }> {
    authorize(actor, 'work', REPORT);
    const kinds = { note: 'internal', public_update: 'public', message_out: 'reporter' } as const;
    const visibility = kinds[input.kind];
    if (!visibility) throw new ValidationError('kind must be note, public_update or message_out', 'kind');
    const body = text(input.body, 'body', 4000, { required: true })!;
    return this.db.write(async (trx) => {
      const { report, role } = await this.load(trx, actor, id, 'manage');
      if (input.kind === 'message_out' && report.personal_data_deleted_at)
        throw new ValidationError('the reporter can no longer be reached: the thread has expired', 'kind');
      const now = nowIso();
      const eventId = newId();
      await reportsRepository.addEvent(trx, {
        id: eventId,
        report_id: id,
        kind: input.kind,
        visibility,
        from_status: null,
        to_status: null,
        reason: null,
        body,
        details: null,
        actor_person_id: actor.personId,
        created_at: now,
      });
      await reportsRepository.update(trx, id, {
        updated_at: now,
        ...(input.kind === 'note' ? {} : { last_activity_at: now }),
      });
      await this.audit.record(trx, {
        actor,
        role,
        action: `report.${input.kind}`,
        subjectType: REPORT,
        subjectId: id,
        details: { length: body.length },
      });
      return { id: eventId };
    });
  }

  /** Closes `id` as a duplicate of `into` (both must be the actor's to merge). */
  async merge(
    actor: Actor,
    id: string,
    input: { into: string; reason?: string; publicNote?: string },
  ): Promise<Report> {
    authorize(actor, 'work', REPORT);
    if (!isId(input.into)) throw new ValidationError('into must be a report id', 'into');
    if (input.into === id) throw new ValidationError('a report cannot duplicate itself', 'into');
    const reason = text(input.reason, 'reason', 2000) ?? 'duplicate';
    const publicNote = text(input.publicNote, 'public_note', 2000);
    return this.db.write(async (trx) => {
      const { report, role } = await this.load(trx, actor, id, 'merge');
      let target: Report;
      try {
        target = (await this.load(trx, actor, input.into, 'merge')).report;
      } catch (err) {
        if (err instanceof NotFoundError)
          throw new ValidationError('into is not a report you can merge into', 'into');
        throw err;
      }
      if (target.duplicate_of)
        throw new ValidationError('into is itself a duplicate; merge into the original', 'into');
      const updated = await this.applyStatus(trx, actor, role, report, {
        status: 'closed_duplicate',
        reason,
        publicNote,
        referredTo: null,
        duplicateOf: target.id,
      });
      const now = nowIso();
      await reportsRepository.addEvent(trx, {
        id: newId(),
        report_id: target.id,
        kind: 'merge',
        visibility: 'internal',
        from_status: null,
        to_status: null,
        reason,
        body: null,
        details: JSON.stringify({ merged: report.id, reference: report.reference }),
        actor_person_id: actor.personId,
        created_at: now,
      });
      await this.audit.record(trx, {
        actor,
        role,
        action: 'report.merge',
        subjectType: REPORT,
        subjectId: report.id,
        details: { into: target.id },
      });
      return updated;
    });
  }

  /**
   * The problem a report may be linked to: loaded through the problem policy (one the actor may not
   * work does not exist for them: the same 404 as a made-up id), open, and covering the report's area.
   */
  private async linkableProblem(trx: Trx, actor: Actor, report: Report, problemId: string): Promise<void> {
    const problem = await problemRepository.getById(trx, problemId);
    const res: ProblemResource | null = problem
      ? {
          areaPaths: (await problemRepository.areas(trx, [problem.id])).map((a) => a.area_path),
          partyOrganisationIds: await problemRepository.partyOrganisationIds(trx, problem.id),
          published: problem.published === 1,
        }
      : null;
    if (!problem || !res || !can(actor, 'update', PROBLEM, res)) throw new NotFoundError(PROBLEM);
    if (problem.status === 'closed') throw new ConflictError('the problem is closed', 'problem_id');
    if (!res.areaPaths.some((p) => report.area_path.startsWith(p)))
      throw new ValidationError("the report lies outside the problem's areas", 'problem_id');
  }

  /** Links a report to a problem (SARA), or unlinks it with null. */
  async linkProblem(actor: Actor, id: string, input: { problemId: string | null }): Promise<Report> {
    authorize(actor, 'work', REPORT);
    const problemId = input.problemId ?? null;
    if (problemId !== null && !isId(problemId))
      throw new ValidationError('problem_id must be an id', 'problem_id');
    return this.db.write(async (trx) => {
      const { report, role } = await this.load(trx, actor, id, 'manage');
      if (problemId !== null) await this.linkableProblem(trx, actor, report, problemId);
      const now = nowIso();
      await reportsRepository.update(trx, id, { problem_id: problemId, updated_at: now });
      await reportsRepository.addEvent(trx, {
        id: newId(),
        report_id: id,
        kind: 'problem_link',
        visibility: 'internal',
        from_status: null,
        to_status: null,
        reason: null,
        body: null,
        details: JSON.stringify({ problem_id: problemId }),
        actor_person_id: actor.personId,
        created_at: now,
      });
      await this.audit.record(trx, {
        actor,
        role,
        action: 'report.problem.link',
        subjectType: REPORT,
        subjectId: id,
        details: { problemId },
      });
      return { ...report, problem_id: problemId, updated_at: now };
    });
  }

  /** Releases a report held by the anonymous-burst guard into the normal queue. */
  async release(actor: Actor, id: string): Promise<Report> {
    authorize(actor, 'work', REPORT);
    return this.db.write(async (trx) => {
      const { report, role } = await this.load(trx, actor, id, 'release');
      if (!report.held_for_review) return report;
      const now = nowIso();
      await reportsRepository.update(trx, id, { held_for_review: 0, updated_at: now });
      await reportsRepository.addEvent(trx, {
        id: newId(),
        report_id: id,
        kind: 'release',
        visibility: 'internal',
        from_status: null,
        to_status: null,
        reason: null,
        body: null,
        details: null,
        actor_person_id: actor.personId,
        created_at: now,
      });
      await this.audit.record(trx, {
        actor,
        role,
        action: 'report.release',
        subjectType: REPORT,
        subjectId: id,
      });
      return { ...report, held_for_review: 0, updated_at: now };
    });
  }

  /** Serves a photo of a report the actor may read; the read is audited. */
  async getPhoto(actor: Actor, reportId: string, photoId: string): Promise<{ mime: string; data: Buffer }> {
    authorize(actor, 'work', REPORT);
    if (!isId(photoId)) throw new NotFoundError('photo');
    const photo = await this.db.write(async (trx) => {
      const { role } = await this.load(trx, actor, reportId, 'read');
      const p = await reportsRepository.getPhoto(trx, reportId, photoId);
      if (!p) throw new NotFoundError('photo');
      await this.audit.record(trx, {
        actor,
        role,
        action: 'report.photo.read',
        subjectType: REPORT,
        subjectId: reportId,
        details: { photo: photoId },
      });
      return p;
    });
    try {
      return { mime: photo.mime, data: await this.photos.read(photo.storage_key) };
    } catch {
      throw new NotFoundError('photo');
    }
  }

  // --- templates ----------------------------------------------------------------------------------

  async templates(actor: Actor, input: { category?: string; locale?: string }) {
    authorize(actor, 'read', RESPONSE_TEMPLATE);
    return reportsRepository.listTemplates(this.db.read, input.category, input.locale);
  }

  async createTemplate(
    actor: Actor,
    input: { category?: string | null; locale: string; title: string; body: string },
  ) {
    const role = authorize(actor, 'administer', RESPONSE_TEMPLATE);
    const title = text(input.title, 'title', 200, { required: true })!;
    const body = text(input.body, 'body', 4000, { required: true })!;
    if (typeof input.locale !== 'string' || !/^[a-z]{2}(-[A-Za-z]{4})?$/.test(input.locale))
      throw new ValidationError('locale must be a language code', 'locale');
    const category = input.category ?? null;
    if (category !== null && !(await this.categories.activeCategory(category)))
      throw new ValidationError('category is not one we offer', 'category');
    const now = nowIso();
    const row = {
      id: newId(),
      category_code: category,
      locale: input.locale,
      title,
      body,
      created_by: actor.personId,
      created_at: now,
      updated_at: now,
    };
    await this.db.write(async (trx) => {
      await reportsRepository.createTemplate(trx, row);
      await this.audit.record(trx, {
        actor,
        role,
        action: 'report.template.create',
        subjectType: RESPONSE_TEMPLATE,
        subjectId: row.id,
      });
    });
    return row;
  }
}
