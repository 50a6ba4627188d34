/**
 * Complaints and commendations about police. Intake is the reports intake (privacy, receipt, photos,
 * contact, every channel): a complaint record is opened for each report on the complaints desk inside
 * the intake transaction, routed to the oversight body configured for the area. Oversight moves it
 * through its stages with conditional updates (a lost race is a 409) and decides with reasons; the
 * complainant follows it with the receipt and may appeal once.
 */
import type { Config } from '../../config.ts';
import type { Database, Trx } from '../../db/database.ts';
import type { Complaint, ComplaintEvent } from '../../db/schema.ts';
import { decryptField } from '../../shared/crypto.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/errors.ts';
import { isId, newId } from '../../shared/ids.ts';
import { authorize, can, jurisdictionPaths, type Actor } from '../../shared/policy.ts';
import { stripControls } from '../../shared/text.ts';
import { DAY, clock, nowIso } from '../../shared/time.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { FollowUpService, ReporterKey } from '../reports/follow-up.service.ts';
import { PhotoStore } from '../reports/photos.store.ts';
import { reportsRepository } from '../reports/reports.repository.ts';
import type { CreateReportInput, CreateReportResult, ReportsService } from '../reports/reports.service.ts';
import type { Contact, Privacy } from '../reports/reports.types.ts';
import { suppressList, suppressTable, unlessSmall } from '../../shared/stats/small-cells.ts';
import { COMPLAINT, COMPLAINT_FIGURES, type ComplaintResource } from './complaints.policy.ts';
import { complaintsRepository, type ComplaintFilters, type QueueRow } from './complaints.repository.ts';
import {
  APPEAL_WINDOW_DAYS,
  COMPLAINT_CATEGORY,
  COMPLAINT_KINDS,
  DECIDABLE,
  DEFAULT_ACK_DAYS,
  DEFAULT_DECISION_DAYS,
  MOVES,
  OUTCOMES_FOR,
  STAGES,
  type ComplaintKind,
  type Outcome,
  type Stage,
} from './complaints.types.ts';

const CONTACT_PURPOSE = 'report-contact';
/** The report status the complainant sees on the thread for each complaint stage. */
const REPORT_STATUS: Record<Stage, string> = {
  registered: 'new',
  acknowledged: 'acknowledged',
  under_review: 'in_progress',
  decided: 'resolved',
  appealed: 'in_progress',
};

export interface SubmitInput {
  kind: ComplaintKind;
  description: string;
  privacy: Privacy;
  area: string;
  occurredAt?: string;
  address?: string;
  officerBadge?: string;
  officerDescription?: string;
  contact?: Contact;
  /** The complainant lets the oversight body see who they are (never for anonymous complaints). */
  shareIdentity?: boolean;
  photos?: Buffer[];
  locale?: string;
  followUpCode?: boolean;
}

export interface DecisionInput {
  /** The officer concerned, picked from `officerChoices` (they will read the disclosure only). */
  officerPersonId?: string | null;
  outcome: string;
  reasoning: string;
  recommendations?: string;
  disclosure?: string;
}

export interface QueueInput {
  stage?: string;
  kind?: string;
  area?: string;
  overdue?: boolean;
}

export type ComplaintDetail = NonNullable<Awaited<ReturnType<typeof complaintsRepository.getById>>>;

/** What the complainant sees on the track page. */
export interface ReporterComplaintView {
  kind: ComplaintKind;
  stage: Stage;
  ackDueAt: string;
  decisionDueAt: string;
  decidedAt: string | null;
  outcome: string | null;
  reasoning: string | null;
  recommendations: string | null;
  canAppeal: boolean;
  appealed: boolean;
}

function cleanText(value: unknown, field: string, max: number, required = false): string | null {
  if (value === undefined || value === null || value === '') {
    if (required) throw new ValidationError(`${field} is required`, field);
    return null;
  }
  if (typeof value !== 'string') throw new ValidationError(`${field} must be text`, field);
  const t = stripControls(value).trim();
  if (!t) {
    if (required) throw new ValidationError(`${field} is required`, field);
    return null;
  }
  if (t.length > max) throw new ValidationError(`${field} must be at most ${max} characters`, field);
  return t;
}

export function resourceOf(
  c: Pick<Complaint, 'area_path' | 'identity_shared'> & {
    body_organisation_id: string | null;
    privacy: string;
  },
): ComplaintResource {
  return {
    areaPath: c.area_path,
    bodyOrganisationId: c.body_organisation_id,
    identityShared: c.identity_shared === 1,
    anonymous: c.privacy === 'anonymous',
  };
}

const addDays = (iso: string, days: number) => new Date(Date.parse(iso) + days * DAY).toISOString();

export function isOverdue(c: Pick<Complaint, 'stage' | 'ack_due_at' | 'decision_due_at'>, now: string) {
  if (c.stage === 'decided') return false;
  return (c.stage === 'registered' && c.ack_due_at < now) || c.decision_due_at < now;
}

export class ComplaintsService {
  private readonly photos: PhotoStore;

  constructor(
    private readonly db: Database,
    private readonly config: Config,
    private readonly audit: AuditService,
    private readonly reports: ReportsService,
    private readonly followUp: FollowUpService,
  ) {
    this.photos = new PhotoStore(config.dataDir);
    reports.onIntake((trx, r) => (r.desk === 'complaints' ? this.register(trx, r) : Promise.resolve()));
  }

  /** Opens the complaint record of a new complaints-desk report (any channel), routed by area. */
  private async register(
    trx: Trx,
    r: { id: string; areaCode: string; areaPath: string; answers: Record<string, unknown> },
  ): Promise<void> {
    const now = nowIso();
    const body = await complaintsRepository.bodyFor(trx, r.areaPath);
    const officer = typeof r.answers.officer === 'string' ? r.answers.officer.slice(0, 200) : null;
    const id = newId();
    await complaintsRepository.create(trx, {
      id,
      report_id: r.id,
      kind: r.answers.kind === 'thanks' ? 'commendation' : 'complaint',
      officer_badge: officer,
      officer_description: null,
      body_id: body?.id ?? null,
      area_code: r.areaCode,
      area_path: r.areaPath,
      stage: 'registered',
      identity_shared: 0,
      registered_at: now,
      ack_due_at: addDays(now, body?.ack_days ?? DEFAULT_ACK_DAYS),
      acknowledged_at: null,
      decision_due_at: addDays(now, body?.decision_days ?? DEFAULT_DECISION_DAYS),
      decided_at: null,
      outcome: null,
      reasoning: null,
      recommendations: null,
      disclosure: null,
      officer_person_id: null,
      appeal_count: 0,
      appeal_reason: null,
      updated_at: now,
    });
    await complaintsRepository.addEvent(trx, event(id, null, 'registered', null, null, null, now));
  }

  // --- intake (the web form; channels come through the reports intake) ------------------------------

  async submit(actor: Actor, input: SubmitInput): Promise<CreateReportResult> {
    authorize(actor, 'create', COMPLAINT);
    if (!(COMPLAINT_KINDS as readonly string[]).includes(input.kind))
      throw new ValidationError(`kind must be one of ${COMPLAINT_KINDS.join(', ')}`, 'kind');
    const badge = cleanText(input.officerBadge, 'officer_badge', 60);
    const officerDescription = cleanText(input.officerDescription, 'officer_description', 1000);
    const share = input.shareIdentity === true && input.privacy !== 'anonymous';
    const report: CreateReportInput = {
      description: input.description,
      category: COMPLAINT_CATEGORY,
      privacy: input.privacy,
      location: { area: input.area },
      occurredAt: input.occurredAt,
      address: input.address,
      contact: input.privacy === 'anonymous' ? undefined : input.contact,
      answers: {
        kind: input.kind === 'commendation' ? 'thanks' : 'complaint',
        ...(badge ? { officer: badge } : {}),
      },
      channel: 'web',
      locale: input.locale,
      photos: input.photos,
      followUpCode: input.followUpCode,
      // The intake hook has opened the complaint; the web form adds what only it asks.
      link: async (trx, created) => {
        const c = await complaintsRepository.getByReportId(trx, created.id);
        if (c)
          await complaintsRepository.update(trx, c.id, {
            officer_description: officerDescription,
            identity_shared: share ? 1 : 0,
          });
      },
    };
    return this.reports.createReport(actor, report);
  }

  // --- oversight ----------------------------------------------------------------------------------

  async queue(actor: Actor, input: QueueInput = {}): Promise<{ items: QueueRow[]; now: string }> {
    const role = authorize(actor, 'queue', COMPLAINT);
    const f: ComplaintFilters = {};
    if (input.stage) {
      if (!(STAGES as readonly string[]).includes(input.stage))
        throw new ValidationError(`stage must be one of ${STAGES.join(', ')}`, 'stage');
      f.stage = input.stage as Stage;
    }
    if (input.kind) {
      if (!(COMPLAINT_KINDS as readonly string[]).includes(input.kind))
        throw new ValidationError(`kind must be one of ${COMPLAINT_KINDS.join(', ')}`, 'kind');
      f.kind = input.kind;
    }
    if (input.area) {
      const a = await complaintsRepository.currentArea(this.db.read, input.area);
      if (!a) throw new ValidationError('area is not a known area', 'area');
      f.areaPath = a.path;
    }
    const now = nowIso();
    if (input.overdue) f.overdueAt = now;
    const scope = { paths: jurisdictionPaths(actor, ['oversight']), organisationId: actor.organisationId };
    return this.db.write(async (trx) => {
      const items = await complaintsRepository.search(trx, scope, f, 200);
      await this.audit.record(trx, {
        actor,
        role,
        action: 'complaint.queue.read',
        subjectType: COMPLAINT,
        details: { count: items.length, filters: { ...input } },
      });
      return { items, now };
    });
  }

  private async load(trx: Trx, actor: Actor, id: string, action: string) {
    if (!isId(id)) throw new NotFoundError(COMPLAINT);
    const c = await complaintsRepository.getById(trx, id);
    if (!c) throw new NotFoundError(COMPLAINT);
    const role = authorize(actor, action, COMPLAINT, resourceOf(c));
    return { c, role };
  }

  async get(
    actor: Actor,
    id: string,
  ): Promise<{
    complaint: ComplaintDetail;
    events: ComplaintEvent[];
    canViewIdentity: boolean;
    canManage: boolean;
    overdue: boolean;
    photoIds: string[];
  }> {
    authorize(actor, 'queue', COMPLAINT);
    return this.db.write(async (trx) => {
      const { c, role } = await this.load(trx, actor, id, 'read');
      const events = await complaintsRepository.listEvents(trx, id);
      const photos = await reportsRepository.listPhotos(trx, c.report_id);
      await this.audit.record(trx, {
        actor,
        role,
        action: 'complaint.read',
        subjectType: COMPLAINT,
        subjectId: id,
      });
      const hasIdentity = c.contact !== null || c.reporter_person_id !== null;
      return {
        complaint: c,
        events,
        canViewIdentity: hasIdentity && !!can(actor, 'identity', COMPLAINT, resourceOf(c)),
        canManage: !!can(actor, 'manage', COMPLAINT, resourceOf(c)),
        overdue: isOverdue(c, nowIso()),
        photoIds: photos.map((p) => p.id),
      };
    });
  }

  /** A photo the complainant sent (re-encoded at intake, no metadata); audited like the complaint. */
  async photo(actor: Actor, id: string, photoId: string): Promise<{ mime: string; data: Buffer }> {
    authorize(actor, 'queue', COMPLAINT);
    if (!isId(photoId)) throw new NotFoundError('photo');
    const row = await this.db.write(async (trx) => {
      const { c, role } = await this.load(trx, actor, id, 'read');
      const p = await reportsRepository.getPhoto(trx, c.report_id, photoId);
      if (!p) throw new NotFoundError('photo');
      await this.audit.record(trx, {
        actor,
        role,
        action: 'complaint.photo.read',
        subjectType: COMPLAINT,
        subjectId: id,
        details: { photo: photoId },
      });
      return p;
    });
    try {
      return { mime: row.mime, data: await this.photos.read(row.storage_key) };
    } catch {
      throw new NotFoundError('photo');
    }
  }

  /** Who complained, only if they chose to share it with oversight; audited. */
  async identity(
    actor: Actor,
    id: string,
  ): Promise<{
    contact: Contact | null;
    person: { displayName: string; email: string | null; phone: string | null } | null;
  }> {
    authorize(actor, 'queue', COMPLAINT);
    return this.db.write(async (trx) => {
      const { c, role } = await this.load(trx, actor, id, 'identity');
      const contact = c.contact
        ? (JSON.parse(decryptField(this.config.sessionSecret, CONTACT_PURPOSE, c.contact)) as Contact)
        : null;
      const p = c.reporter_person_id
        ? await complaintsRepository.personContact(trx, c.reporter_person_id)
        : undefined;
      await this.audit.record(trx, {
        actor,
        role,
        action: 'complaint.identity.view',
        subjectType: COMPLAINT,
        subjectId: id,
      });
      return { contact, person: p ? { displayName: p.display_name, email: p.email, phone: p.phone } : null };
    });
  }

  /** Acknowledge, or start the review: a conditional move; a lost race or a wrong stage is 409. */
  async move(actor: Actor, id: string, move: string, note?: string): Promise<void> {
    authorize(actor, 'queue', COMPLAINT);
    if (move !== 'acknowledge' && move !== 'review')
      throw new ValidationError('move must be acknowledge or review', 'move');
    const m = MOVES[move];
    const text = cleanText(note, 'note', 2000);
    await this.db.write(async (trx) => {
      const { c, role } = await this.load(trx, actor, id, 'manage');
      const now = nowIso();
      const changed = await complaintsRepository.updateFrom(trx, id, m.from, {
        stage: m.to,
        updated_at: now,
        ...(move === 'acknowledge' ? { acknowledged_at: now } : {}),
      });
      if (changed === 0) throw new ConflictError('the complaint has moved on; reload the page', 'move');
      await complaintsRepository.addEvent(trx, event(id, c.stage, m.to, null, text, actor.personId, now));
      await this.syncReport(trx, c.report_id, m.to, now);
      await this.audit.record(trx, {
        actor,
        role,
        action: `complaint.${move}`,
        subjectType: COMPLAINT,
        subjectId: id,
        details: { from: c.stage, to: m.to },
      });
    });
  }

  async decide(actor: Actor, id: string, input: DecisionInput): Promise<void> {
    authorize(actor, 'queue', COMPLAINT);
    const reasoning = cleanText(input.reasoning, 'reasoning', 8000, true)!;
    const recommendations = cleanText(input.recommendations, 'recommendations', 8000);
    const disclosure = cleanText(input.disclosure, 'disclosure', 4000);
    await this.db.write(async (trx) => {
      const { c, role } = await this.load(trx, actor, id, 'manage');
      const officer = input.officerPersonId || null;
      if (
        officer &&
        !(await complaintsRepository.officersNear(trx, c.area_path)).some((o) => o.id === officer)
      )
        throw new ValidationError('officer must be an officer of the area, chosen from the list', 'officer');
      if (!(OUTCOMES_FOR[c.kind] as readonly string[]).includes(input.outcome))
        throw new ValidationError(`outcome must be one of ${OUTCOMES_FOR[c.kind].join(', ')}`, 'outcome');
      const now = nowIso();
      const changed = await complaintsRepository.updateFrom(trx, id, DECIDABLE, {
        stage: 'decided',
        outcome: input.outcome as Outcome,
        reasoning,
        recommendations,
        disclosure,
        officer_person_id: officer,
        decided_at: now,
        updated_at: now,
      });
      if (changed === 0)
        throw new ConflictError(
          'the complaint is not open for a decision (it moved on); reload the page',
          'outcome',
        );
      await complaintsRepository.addEvent(
        trx,
        event(id, c.stage, 'decided', input.outcome, null, actor.personId, now),
      );
      await this.syncReport(trx, c.report_id, 'decided', now);
      await this.audit.record(trx, {
        actor,
        role,
        action: 'complaint.decide',
        subjectType: COMPLAINT,
        subjectId: id,
        details: { outcome: input.outcome, appeal: c.appeal_count > 0 },
      });
    });
  }

  /** The officers oversight may name as the officer concerned (jurisdiction near the complaint). */
  async officerChoices(actor: Actor, id: string): Promise<Array<{ id: string; name: string }>> {
    authorize(actor, 'queue', COMPLAINT);
    if (!isId(id)) throw new NotFoundError(COMPLAINT);
    const c = await complaintsRepository.getById(this.db.read, id);
    if (!c) throw new NotFoundError(COMPLAINT);
    authorize(actor, 'manage', COMPLAINT, resourceOf(c));
    return complaintsRepository.officersNear(this.db.read, c.area_path);
  }

  /** What oversight disclosed to this officer at the closure of complaints about them; nothing else. */
  async myDisclosures(actor: Actor) {
    const role = authorize(actor, 'disclosures', COMPLAINT);
    const rows = await complaintsRepository.disclosuresFor(this.db.read, actor.personId!);
    await this.db.write((trx) =>
      this.audit.record(trx, {
        actor,
        role,
        action: 'complaint.disclosures.read',
        subjectType: COMPLAINT,
        details: { count: rows.length },
      }),
    );
    return rows;
  }

  // --- published figures ------------------------------------------------------------------------

  /**
   * Counts by district and outcome (one two-way table, so its margins cannot be played against each
   * other), commendations by district, and the median days to a decision — small cells suppressed.
   */
  async figures(actor: Actor, input: { months: number }): Promise<ComplaintFigures> {
    authorize(actor, 'read', COMPLAINT_FIGURES);
    if (![3, 6, 12, 24].includes(input.months))
      throw new ValidationError('months must be 3, 6, 12 or 24', 'months');
    const minimum = this.config.smallCellMinimum;
    const since = new Date(clock.nowMs() - input.months * 30 * DAY).toISOString();
    const [rows, districts] = await Promise.all([
      complaintsRepository.figuresRows(this.db.read, since),
      complaintsRepository.districts(this.db.read),
    ]);
    const districtOf = (path: string) => districts.find((d) => path.startsWith(d.path));
    const complaintCounts = districts.map(() => FIGURE_COLUMNS.map(() => 0));
    const commendationCounts = districts.map(() => 0);
    const days: number[] = [];
    for (const r of rows) {
      const d = districtOf(r.area_path);
      if (!d) continue;
      const i = districts.indexOf(d);
      if (r.kind === 'commendation') {
        commendationCounts[i]!++;
        continue;
      }
      const column = r.stage === 'decided' && r.outcome ? r.outcome : 'open';
      const j = FIGURE_COLUMNS.indexOf(column as (typeof FIGURE_COLUMNS)[number]);
      if (j >= 0) complaintCounts[i]![j]!++;
      if (r.stage === 'decided' && r.decided_at)
        days.push((Date.parse(r.decided_at) - Date.parse(r.registered_at)) / DAY);
    }
    const table = suppressTable(complaintCounts, { minimum });
    const thanks = suppressList(commendationCounts, { minimum });
    days.sort((a, b) => a - b);
    const median = days.length ? Math.ceil(days[Math.floor((days.length - 1) / 2)]!) : 0;
    return {
      minimum,
      columns: FIGURE_COLUMNS,
      districts: districts.map((d) => ({ code: d.code, names: d.names })),
      complaints: table,
      commendations: thanks,
      medianDaysToDecision: unlessSmall(days.length, median, { minimum }),
    };
  }

  // --- the complainant's side -------------------------------------------------------------------

  /** The complaint behind a report the reporter already opened with their key (null: not a complaint). */
  async forReporter(actor: Actor, reportId: string): Promise<ReporterComplaintView | null> {
    authorize(actor, 'follow', COMPLAINT);
    const c = await complaintsRepository.getByReportId(this.db.read, reportId);
    if (!c) return null;
    const decided = c.stage === 'decided';
    return {
      kind: c.kind,
      stage: c.stage,
      ackDueAt: c.ack_due_at,
      decisionDueAt: c.decision_due_at,
      decidedAt: decided ? c.decided_at : null,
      outcome: decided ? c.outcome : null,
      reasoning: decided ? c.reasoning : null,
      recommendations: decided ? c.recommendations : null,
      canAppeal: this.appealable(c),
      appealed: c.appeal_count > 0,
    };
  }

  private appealable(c: Complaint): boolean {
    return (
      c.kind === 'complaint' &&
      c.stage === 'decided' &&
      c.appeal_count === 0 &&
      c.outcome !== 'withdrawn' &&
      !!c.decided_at &&
      Date.parse(c.decided_at) + APPEAL_WINDOW_DAYS * DAY > clock.nowMs()
    );
  }

  /** One appeal, with the receipt (or as the signed-in complainant); reopens the review. */
  async appeal(actor: Actor, key: ReporterKey, input: { reason: string }, clientKey: string): Promise<void> {
    authorize(actor, 'appeal', COMPLAINT);
    const reason = cleanText(input.reason, 'reason', 4000, true)!;
    const report = await this.followUp.reportForKey(actor, key, clientKey);
    await this.db.write(async (trx) => {
      const c = await complaintsRepository.getByReportId(trx, report.id);
      if (!c) throw new NotFoundError(COMPLAINT);
      if (!this.appealable(c))
        throw new ConflictError('this decision cannot be appealed (any more)', 'reason');
      const now = nowIso();
      const body = c.body_id ? await complaintsRepository.getBody(trx, c.body_id) : undefined;
      const changed = await complaintsRepository.appealOnce(trx, c.id, {
        stage: 'appealed',
        appeal_count: 1,
        appeal_reason: reason,
        decision_due_at: addDays(now, body?.decision_days ?? DEFAULT_DECISION_DAYS),
        updated_at: now,
      });
      if (changed === 0) throw new ConflictError('this decision was already appealed', 'reason');
      await complaintsRepository.addEvent(
        trx,
        event(c.id, 'decided', 'appealed', c.outcome, null, null, now),
      );
      await this.syncReport(trx, c.report_id, 'appealed', now);
      // The complainant is not named in the trail: the receipt is their only key.
      await this.audit.record(trx, {
        actor: actor.kind === 'resident' && report.privacy !== 'anonymous' ? actor : null,
        role: actor.kind === 'resident' ? 'resident' : 'anonymous',
        action: 'complaint.appeal',
        subjectType: COMPLAINT,
        subjectId: c.id,
      });
    });
  }

  /** The report thread follows the complaint's stage, so the track page and channels say the same. */
  private async syncReport(trx: Trx, reportId: string, stage: Stage, now: string): Promise<void> {
    const r = await reportsRepository.getById(trx, reportId);
    if (!r) return;
    const to = REPORT_STATUS[stage];
    if (r.status === to) return;
    await reportsRepository.update(trx, reportId, {
      status: to,
      updated_at: now,
      last_activity_at: now,
      // The same timings the report desk keeps, so dashboards and open data count complaints too.
      ...(!r.acknowledged_at
        ? { acknowledged_at: now, time_to_ack_seconds: secondsSince(r.created_at, now) }
        : {}),
      ...(to === 'resolved'
        ? { resolved_at: now, time_to_resolve_seconds: secondsSince(r.created_at, now) }
        : {}),
    });
    await reportsRepository.addEvent(trx, {
      id: newId(),
      report_id: reportId,
      kind: 'status',
      visibility: 'reporter',
      from_status: r.status,
      to_status: to,
      reason: null,
      body: null,
      details: null,
      actor_person_id: null,
      created_at: now,
    });
  }
}

/** Columns of the published complaints table: each outcome of a complaint, then "not yet decided". */
export const FIGURE_COLUMNS = [
  'upheld',
  'partly_upheld',
  'not_upheld',
  'resolved_informally',
  'withdrawn',
  'open',
] as const;

export interface ComplaintFigures {
  minimum: number;
  columns: typeof FIGURE_COLUMNS;
  districts: Array<{ code: string; names: string }>;
  complaints: ReturnType<typeof suppressTable>;
  commendations: ReturnType<typeof suppressList>;
  /** null when too few decisions to publish. */
  medianDaysToDecision: number | null;
}

function event(
  complaintId: string,
  from: string | null,
  to: string,
  outcome: string | null,
  note: string | null,
  actorPersonId: string | null,
  at: string,
): ComplaintEvent {
  return {
    id: newId(),
    complaint_id: complaintId,
    from_stage: from,
    to_stage: to,
    outcome,
    note,
    actor_person_id: actorPersonId,
    created_at: at,
  };
}

function secondsSince(fromIso: string, nowIso: string): number {
  return Math.max(0, Math.round((Date.parse(nowIso) - Date.parse(fromIso)) / 1000));
}
