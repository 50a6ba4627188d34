/**
 * Problems through the four SARA stages. Scanning (from linked reports, survey or forum priorities, or
 * by hand; candidate problems suggested from report clusters), Analysis (the problem-analysis triangle
 * and baseline measures computed from the platform as dated snapshots), Response (actions with owners,
 * deadlines, funding, progress; police coercive actions start only after an approved rights check),
 * Assessment (process check, after-measures, comparison and buffer areas, residents' answers, a
 * decision; a problem closes only through an assessment). Every change writes the problem's timeline
 * and the audit trail in the same transaction.
 */
import type { Database, Trx } from '../../db/database.ts';
import type { Problem, ProblemAction, ProblemMeasure, ProblemRightsCheck } from '../../db/schema.ts';
import { ConflictError, NotFoundError, unknownChoice, ValidationError } from '../../shared/errors.ts';
import { isId, newId } from '../../shared/ids.ts';
import { authorize, can, jurisdictionPaths, type Actor } from '../../shared/policy.ts';
import { DAY, nowIso } from '../../shared/time.ts';
import { areaRepository, organisationRepository } from '../accounts/organisations.repository.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { date, oneOf, optionalId, optionalText, requiredText } from '../forums/forums.validate.ts';
import {
  compareBeforeAfter,
  DEFAULT_CLUSTER_RULE,
  findClusters,
  problemProgress,
  sum,
  weeklyCounts,
  type ClusterRule,
  type Comparison,
} from './problems.measures.ts';
import { PROBLEM, READING_ROLES, WORKING_ROLES, type ProblemResource } from './problems.policy.ts';
import { PLAN, type PlanResource } from '../plans/plans.policy.ts';
import {
  parseJson,
  presentAction,
  presentAssessment,
  presentMeasure,
  presentProblem,
  presentPublic,
  presentSummary,
  type ActionView,
  type AssessmentView,
  type FeedbackCounts,
  type MeasureView,
  type ProblemSummaryView,
  type ProblemView,
  type ProcessItem,
  type PublicProblemView,
} from './problems.presenter.ts';
import {
  actionRepository,
  assessmentRepository,
  eventRepository,
  measureRepository,
  namesRepository,
  problemReportRepository,
  problemRepository,
  rightsCheckRepository,
  type ReportRef,
} from './problems.repository.ts';
import {
  ACTION_STATUSES,
  CLUSTERING_TYPES,
  DECISIONS,
  EMPTY_ANALYSIS,
  FUNDING_SOURCES,
  NEXT_STAGE,
  NO_SURVEY_DATA,
  ORIGINS,
  PHASES,
  PRIORITIES,
  RIGHTS_OUTCOMES,
  STAGES,
  type EventKind,
  type ProblemAnalysis,
  type Stage,
  type TriangleSide,
} from './problems.types.ts';

const MAX_REPORTS = 200;
const MAX_AREAS = 10;

export interface ScanningInput {
  title?: string;
  description?: string;
  clusteringType?: string;
  categoryCode?: string | null;
  firstSeen?: string | null;
  lastSeen?: string | null;
  frequency?: string | null;
  harms?: string | null;
  priority?: string;
  priorityRationale?: string | null;
  goal?: string | null;
}

export interface CreateInput extends ScanningInput {
  title: string;
  description: string;
  clusteringType: string;
  priority: string;
  origin?: string;
  areaCodes: string[];
  reportIds?: string[];
  raisedByOrganisationIds?: string[];
}

export interface AnalysisInput {
  offender?: Partial<TriangleSide>;
  target?: Partial<TriangleSide>;
  place?: Partial<TriangleSide>;
  dataSources?: string | null;
  currentResponses?: string | null;
  hypothesis?: string | null;
  statement?: string | null;
}

export interface MeasureInput {
  id: string;
  phase: string;
  from: string;
  to: string;
  categoryCode?: string | null;
  comparisonAreaCode?: string | null;
  bufferAreaCode?: string | null;
}

export interface ActionInput {
  problemId: string;
  title: string;
  description?: string | null;
  responsibleOrganisationId?: string | null;
  responsiblePersonId?: string | null;
  deadline?: string | null;
  fundingSource: string;
  coercive?: boolean;
  planTaskId?: string | null;
}

export interface ActionUpdateInput {
  actionId: string;
  status?: string;
  progress?: number;
  deadline?: string | null;
  planTaskId?: string | null;
}

export interface RightsCheckInput {
  actionId: string;
  legality: string;
  necessity: string;
  proportionality: string;
  nonDiscrimination: string;
  outcome: string;
  checkerName: string;
}

export interface AssessInput {
  id: string;
  process: Array<{ actionId: string; done: boolean; note?: string | null }>;
  baselineMeasureId?: string | null;
  afterMeasureId?: string | null;
  decision: string;
  notes: string;
}

export interface TimelineEntry {
  id: string;
  at: string;
  kind: string;
  actorName: string | null;
  details: Record<string, string | number | boolean | null>;
}

export interface LinkedReport {
  id: string;
  reference: string;
  categoryCode: string;
  status: string;
  areaCode: string;
  createdAt: string;
}

export interface ProblemDetail {
  problem: ProblemView;
  areas: Array<{ code: string; names: Record<string, string> }>;
  partners: Array<{ organisationId: string; name: string; sector: string; raised: boolean }>;
  actions: ActionView[];
  measures: MeasureView[];
  assessments: AssessmentView[];
  timeline: TimelineEntry[];
  reports: LinkedReport[];
  feedback: FeedbackCounts;
  /** The before/after comparison of the latest baseline and after-measure (preview for the assessment). */
  preview: Comparison | null;
  can: { update: boolean; rightsCheck: boolean; assess: boolean; publish: boolean };
}

export interface Candidate {
  categoryCode: string;
  areaCodes: string[];
  firstSeen: string;
  lastSeen: string;
  reports: Array<{ id: string; reference: string; createdAt: string }>;
}

const text = (v: unknown, field: string, max: number): string => optionalText(v, field, max) ?? '';
const optionalDate = (v: unknown, field: string): string | null =>
  v === undefined || v === null || v === '' ? null : date(v, field);

function side(input: Partial<TriangleSide> | undefined, prev: TriangleSide, field: string): TriangleSide {
  if (input === undefined) return prev;
  if (typeof input !== 'object' || input === null)
    throw new ValidationError(`${field} must be an object`, field);
  return {
    known: input.known === undefined ? prev.known : text(input.known, `${field}.known`, 5000),
    missing: input.missing === undefined ? prev.missing : text(input.missing, `${field}.missing`, 5000),
    controller:
      input.controller === undefined ? prev.controller : text(input.controller, `${field}.controller`, 2000),
  };
}

function feedbackCounts(rows: Array<{ resolved: string }>): FeedbackCounts {
  const out: FeedbackCounts = { yes: 0, partly: 0, no: 0 };
  for (const r of rows)
    if (r.resolved === 'yes' || r.resolved === 'partly' || r.resolved === 'no') out[r.resolved]++;
  return out;
}

/** Two people moved the same problem at once: the first one won. */
function stageMoved(): ConflictError {
  return new ConflictError('the problem has just changed stage; reload it and try again', 'status');
}

export class ProblemsService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
  ) {}

  // --- loading -------------------------------------------------------------------------------

  private async resourceOf(p: Problem): Promise<ProblemResource> {
    const areas = await problemRepository.areas(this.db.read, [p.id]);
    return {
      areaPaths: areas.map((a) => a.area_path),
      partyOrganisationIds: await problemRepository.partyOrganisationIds(this.db.read, p.id),
      published: p.published === 1,
    };
  }

  /** Loads and authorizes: missing and refused look alike (404). */
  private async problemFor(actor: Actor, action: string, id: string) {
    authorize(actor, 'list', PROBLEM); // anonymous → 401 before anything is looked up
    const problem = isId(id) ? await problemRepository.getById(this.db.read, id) : undefined;
    if (!problem) throw new NotFoundError(PROBLEM);
    const res = await this.resourceOf(problem);
    const role = authorize(actor, action, PROBLEM, res);
    return { problem, res, role };
  }

  private async actionFor(actor: Actor, action: string, actionId: string) {
    authorize(actor, 'list', PROBLEM);
    const row = isId(actionId) ? await actionRepository.getById(this.db.read, actionId) : undefined;
    if (!row) throw new NotFoundError('action');
    const p = await this.problemFor(actor, action, row.problem_id);
    return { ...p, action: row };
  }

  private async event(
    trx: Trx,
    actor: Actor,
    problemId: string,
    kind: EventKind,
    details: Record<string, string | number | boolean | null> = {},
  ) {
    await eventRepository.create(trx, {
      id: newId(),
      problem_id: problemId,
      kind,
      actor_person_id: actor.personId,
      details: JSON.stringify(details),
      created_at: nowIso(),
    });
  }

  private async recordChange(
    trx: Trx,
    actor: Actor,
    role: string,
    problemId: string,
    kind: EventKind,
    details: Record<string, string | number | boolean | null> = {},
  ) {
    await this.event(trx, actor, problemId, kind, details);
    await this.audit.record(trx, {
      actor,
      role,
      action: `problem.${kind}`,
      subjectType: PROBLEM,
      subjectId: problemId,
      details,
    });
  }

  private async areaPathsOf(codes: string[], field: string): Promise<Map<string, string>> {
    const paths = await areaRepository.currentPaths(this.db.read, codes);
    for (const c of codes) if (!paths.has(c)) throw unknownChoice(field, 'area');
    return paths;
  }

  /** Reports the actor may link: visible to a working role of the actor, in the problem's areas. */
  private reportsInJurisdiction(actor: Actor, refs: ReportRef[], ids: string[]): ReportRef[] {
    const byId = new Map(refs.map((r) => [r.id, r]));
    const paths = jurisdictionPaths(actor, ['officer', 'supervisor', 'prevention_coordinator']);
    return ids.map((id) => {
      const r = byId.get(id);
      if (!r || !paths.some((p) => r.area_path.startsWith(p)))
        throw new ValidationError(`report ${id} not found`, 'reportIds');
      if (r.sensitive === 1 || r.desk !== 'triage')
        throw new ValidationError(
          `report ${r.reference} is on the ${r.desk} desk and cannot be grouped into a problem`,
          'reportIds',
        );
      return r;
    });
  }

  private parseIds(values: unknown, field: string, max: number): string[] {
    if (values === undefined || values === null) return [];
    if (!Array.isArray(values)) throw new ValidationError(`${field} must be a list of ids`, field);
    const out = [...new Set(values.map((v) => (typeof v === 'string' ? v.trim() : v)))];
    if (out.length > max) throw new ValidationError(`${field} may hold at most ${max} ids`, field);
    for (const v of out) if (!isId(v)) throw new ValidationError(`${field} must be a list of ids`, field);
    return out as string[];
  }

  private parseScanning(input: ScanningInput, prev: Problem | null): Partial<Problem> {
    const out: Partial<Problem> = {};
    if (input.title !== undefined || !prev) out.title = requiredText(input.title, 'title', 200);
    if (input.description !== undefined || !prev)
      out.description = requiredText(input.description, 'description', 10_000);
    if (input.clusteringType !== undefined || !prev)
      out.clustering_type = oneOf(input.clusteringType, CLUSTERING_TYPES, 'clusteringType');
    if (input.priority !== undefined || !prev) out.priority = oneOf(input.priority, PRIORITIES, 'priority');
    if (input.categoryCode !== undefined) {
      const c = optionalText(input.categoryCode, 'categoryCode', 64);
      if (c !== null && !/^[a-z0-9_.-]+$/.test(c))
        throw new ValidationError('categoryCode must be a category code', 'categoryCode');
      out.category_code = c;
    }
    if (input.firstSeen !== undefined) out.first_seen = optionalDate(input.firstSeen, 'firstSeen');
    if (input.lastSeen !== undefined) out.last_seen = optionalDate(input.lastSeen, 'lastSeen');
    const first = out.first_seen !== undefined ? out.first_seen : (prev?.first_seen ?? null);
    const last = out.last_seen !== undefined ? out.last_seen : (prev?.last_seen ?? null);
    if (first && last && first > last)
      throw new ValidationError('firstSeen must not be after lastSeen', 'firstSeen');
    if (input.frequency !== undefined) out.frequency = text(input.frequency, 'frequency', 500);
    if (input.harms !== undefined) out.harms = text(input.harms, 'harms', 5000);
    if (input.priorityRationale !== undefined)
      out.priority_rationale = text(input.priorityRationale, 'priorityRationale', 5000);
    if (input.goal !== undefined) out.goal = text(input.goal, 'goal', 5000);
    return out;
  }

  private async progressOf(problemIds: string[]): Promise<Map<string, number | null>> {
    const out = new Map<string, number | null>();
    if (problemIds.length === 0) return out;
    const rows = await this.db.read
      .selectFrom('problem_action')
      .select(['problem_id', 'status', 'progress'])
      .where('problem_id', 'in', problemIds)
      .execute();
    for (const id of problemIds) out.set(id, problemProgress(rows.filter((r) => r.problem_id === id)));
    return out;
  }

  // --- scanning ------------------------------------------------------------------------------

  /**
   * The staff list as an export reads it (insight): the same authorization, filters, order and
   * presenter as `list`, every row, in keyset batches. The caller audits the export.
   */
  async listExport(
    actor: Actor,
    input: { status?: string; clusteringType?: string; areaCode?: string; q?: string } = {},
    batchSize = 500,
  ): Promise<{ role: string; batches: AsyncIterable<ProblemSummaryView[]> }> {
    const role = authorize(actor, 'list', PROBLEM);
    const size = Math.min(Math.max(batchSize, 1), 5000);
    await this.list(actor, input, { limit: 1 }); // validates the filters before anything streams
    const list = (after?: { updatedAt: string; id: string }) =>
      this.list(actor, input, { after, limit: size });
    async function* batches(): AsyncGenerator<ProblemSummaryView[]> {
      let after: { updatedAt: string; id: string } | undefined;
      for (;;) {
        const rows = await list(after);
        if (rows.length) yield rows;
        if (rows.length < size) return;
        const last = rows[rows.length - 1]!;
        after = { updatedAt: last.updatedAt, id: last.id };
      }
    }
    return { role, batches: batches() };
  }

  async list(
    actor: Actor,
    input: { status?: string; clusteringType?: string; areaCode?: string; q?: string } = {},
    page: { after?: { updatedAt: string; id: string }; limit?: number } = {},
  ): Promise<ProblemSummaryView[]> {
    authorize(actor, 'list', PROBLEM);
    const status = input.status ? oneOf(input.status, STAGES, 'status') : undefined;
    const clusteringType = input.clusteringType
      ? oneOf(input.clusteringType, CLUSTERING_TYPES, 'clusteringType')
      : undefined;
    const rows = await problemRepository.search(this.db.read, {
      paths: jurisdictionPaths(actor, READING_ROLES),
      organisationId: actor.grants.some((g) => g.role === 'partner') ? actor.organisationId : null,
      status,
      clusteringType,
      areaCode: input.areaCode?.trim() || undefined,
      q: input.q?.trim().slice(0, 200) || undefined,
      after: page.after,
      limit: page.limit ?? 200,
    });
    const areas = await problemRepository.areas(
      this.db.read,
      rows.map((r) => r.id),
    );
    const progress = await this.progressOf(rows.map((r) => r.id));
    return rows.map((r) =>
      presentSummary(
        r,
        areas.filter((a) => a.problem_id === r.id).map((a) => a.area_code),
        progress.get(r.id) ?? null,
      ),
    );
  }

  async create(actor: Actor, input: CreateInput): Promise<ProblemView> {
    authorize(actor, 'list', PROBLEM);
    const codes = [
      ...new Set((Array.isArray(input.areaCodes) ? input.areaCodes : []).map((c) => String(c).trim())),
    ].filter(Boolean);
    if (codes.length === 0) throw new ValidationError('areaCodes must name at least one area', 'areaCodes');
    if (codes.length > MAX_AREAS) throw new ValidationError(`at most ${MAX_AREAS} areas`, 'areaCodes');
    const paths = await this.areaPathsOf(codes, 'areaCodes');
    const resource = {
      areaPaths: [...paths.values()],
      partyOrganisationIds: [],
      published: false,
    } satisfies ProblemResource;
    // An area outside the actor's jurisdiction is a wrong choice on the form, worded like an unknown one.
    const mayCreateSomewhere = actor.grants.some((g) => WORKING_ROLES.includes(g.role));
    if (mayCreateSomewhere && !can(actor, 'create', PROBLEM, resource))
      throw unknownChoice('areaCodes', 'area');
    const role = authorize(actor, 'create', PROBLEM, resource);
    const fields = this.parseScanning(input, null);
    const reportIds = this.parseIds(input.reportIds, 'reportIds', MAX_REPORTS);
    const origin = input.origin
      ? oneOf(input.origin, ORIGINS, 'origin')
      : reportIds.length
        ? 'reports'
        : 'hand';
    const raisedBy = this.parseIds(input.raisedByOrganisationIds, 'raisedByOrganisationIds', 20);
    const refs = this.reportsInJurisdiction(
      actor,
      await problemReportRepository.byIds(this.db.read, reportIds),
      reportIds,
    );
    for (const r of refs) {
      if (r.problem_id)
        throw new ConflictError(`report ${r.reference} is already part of a problem`, 'reportIds');
    }
    for (const o of raisedBy) {
      const org = await namesRepository.organisation(this.db.read, o);
      if (!org) throw new ValidationError(`organisation ${o} not found`, 'raisedByOrganisationIds');
    }
    // Seen from the linked reports when not given.
    const times = refs.map((r) => (r.occurred_at ?? r.created_at).slice(0, 10)).sort();
    const now = nowIso();
    const row: Problem = {
      id: newId(),
      title: fields.title!,
      description: fields.description!,
      status: 'scanning',
      clustering_type: fields.clustering_type!,
      category_code: fields.category_code ?? refs[0]?.category_code ?? null,
      origin,
      first_seen: fields.first_seen ?? times[0] ?? null,
      last_seen: fields.last_seen ?? times[times.length - 1] ?? null,
      frequency: fields.frequency ?? '',
      harms: fields.harms ?? '',
      priority: fields.priority!,
      priority_rationale: fields.priority_rationale ?? '',
      goal: fields.goal ?? '',
      analysis: JSON.stringify(EMPTY_ANALYSIS),
      area_path: paths.get(codes[0]!)!,
      published: 0,
      public_title: '',
      public_summary: '',
      published_at: null,
      created_by: actor.personId,
      created_at: now,
      updated_at: now,
      closed_at: null,
    };
    await this.db.write(async (trx) => {
      await problemRepository.create(trx, row);
      await problemRepository.addAreas(
        trx,
        codes.map((c) => ({ problem_id: row.id, area_code: c, area_path: paths.get(c)! })),
      );
      for (const o of raisedBy) await problemRepository.upsertPartner(trx, row.id, o, true, now);
      // A report is part of one problem: recheck inside the transaction, someone may just have linked it.
      const current = await problemReportRepository.byIds(trx, reportIds);
      const taken = current.find((r) => r.problem_id);
      if (taken)
        throw new ConflictError(`report ${taken.reference} is already part of a problem`, 'reportIds');
      await problemReportRepository.link(trx, reportIds, row.id, now);
      for (const r of refs)
        await problemReportRepository.addEvent(trx, {
          id: newId(),
          report_id: r.id,
          details: JSON.stringify({ problem_id: row.id }),
          actor_person_id: actor.personId,
          created_at: now,
        });
      await this.recordChange(trx, actor, role, row.id, 'created', {
        origin,
        reports: refs.length,
        clusteringType: row.clustering_type,
      });
    });
    return presentProblem(row, codes, null);
  }

  async get(actor: Actor, input: { id: string }): Promise<ProblemDetail> {
    const { problem, res } = await this.problemFor(actor, 'read', input.id);
    const db = this.db.read;
    const areas = await problemRepository.areas(db, [problem.id]);
    const areaNames = await areaRepository.currentNames(
      db,
      areas.map((a) => a.area_code),
    );
    const actions = await actionRepository.list(db, problem.id);
    const checks = await rightsCheckRepository.forActions(
      db,
      actions.map((a) => a.id),
    );
    const latestCheck = new Map<string, ProblemRightsCheck>();
    for (const c of checks) latestCheck.set(c.action_id, c);
    const orgs = await organisationRepository.byIds(db, [
      ...new Set(actions.map((a) => a.responsible_organisation_id).filter((x): x is string => !!x)),
    ]);
    const people = await namesRepository.people(db, [
      ...new Set(actions.map((a) => a.responsible_person_id).filter((x): x is string => !!x)),
    ]);
    const measures = (await measureRepository.list(db, problem.id)).map(presentMeasure);
    const assessments = (await assessmentRepository.list(db, problem.id)).map(presentAssessment);
    const events = await eventRepository.list(db, problem.id);
    const reports = await problemReportRepository.linked(db, problem.id);
    const feedback = feedbackCounts(await problemReportRepository.feedback(db, problem.id));
    const partners = await problemRepository.partners(db, problem.id);
    const progress = problemProgress(actions);
    const baseline = [...measures].reverse().find((m) => m.phase === 'baseline') ?? null;
    const after = [...measures].reverse().find((m) => m.phase === 'after') ?? null;
    let preview: Comparison | null = null;
    if (baseline && after && this.comparable(baseline, after)) preview = this.compare(baseline, after);
    return {
      problem: presentProblem(
        problem,
        areas.map((a) => a.area_code),
        progress,
      ),
      areas: areas.map((a) => ({
        code: a.area_code,
        names: parseJson<Record<string, string>>(areaNames.get(a.area_code) ?? '{}', {}),
      })),
      partners: partners.map((p) => ({
        organisationId: p.organisationId,
        name: p.name,
        sector: p.sector,
        raised: p.raised === 1,
      })),
      actions: actions.map((a) => {
        const org = a.responsible_organisation_id ? orgs.get(a.responsible_organisation_id) : undefined;
        return presentAction(
          a,
          {
            organisation: org?.name ?? null,
            organisationSector: org?.sector ?? null,
            person: a.responsible_person_id ? (people.get(a.responsible_person_id) ?? null) : null,
          },
          latestCheck.get(a.id) ?? null,
        );
      }),
      measures,
      assessments,
      timeline: events.map((e) => ({
        id: e.id,
        at: e.created_at,
        kind: e.kind,
        actorName: e.actorName ?? null,
        details: parseJson<Record<string, string | number | boolean | null>>(e.details, {}),
      })),
      reports: reports.map((r) => ({
        id: r.id,
        reference: r.reference,
        categoryCode: r.category_code,
        status: r.status,
        areaCode: r.area_code,
        createdAt: r.created_at,
      })),
      feedback,
      preview,
      can: {
        update: !!can(actor, 'update', PROBLEM, res) && problem.status !== 'closed',
        rightsCheck: !!can(actor, 'rights_check', PROBLEM, res),
        assess: !!can(actor, 'assess', PROBLEM, res) && problem.status !== 'closed',
        publish: !!can(actor, 'publish', PROBLEM, res),
      },
    };
  }

  async updateScanning(actor: Actor, input: ScanningInput & { id: string }): Promise<ProblemView> {
    const { problem, role } = await this.problemFor(actor, 'update', input.id);
    this.notClosed(problem);
    const patch = this.parseScanning(input, problem);
    const changed = Object.keys(patch).filter(
      (k) => (patch as Record<string, unknown>)[k] !== (problem as Record<string, unknown>)[k],
    );
    const now = nowIso();
    if (changed.length)
      await this.db.write(async (trx) => {
        await problemRepository.update(trx, problem.id, { ...patch, updated_at: now });
        await this.recordChange(trx, actor, role, problem.id, 'scanning_updated', {
          fields: changed.join(', '),
        });
      });
    return this.view({ ...problem, ...patch, updated_at: changed.length ? now : problem.updated_at });
  }

  private async view(p: Problem): Promise<ProblemView> {
    const areas = await problemRepository.areas(this.db.read, [p.id]);
    const progress = (await this.progressOf([p.id])).get(p.id) ?? null;
    return presentProblem(
      p,
      areas.map((a) => a.area_code),
      progress,
    );
  }

  private notClosed(p: Problem): void {
    if (p.status === 'closed') throw new ConflictError('the problem is closed', 'status');
  }

  async linkReports(actor: Actor, input: { id: string; reportIds: string[] }): Promise<{ linked: number }> {
    const { problem, role, res } = await this.problemFor(actor, 'update', input.id);
    this.notClosed(problem);
    const ids = this.parseIds(input.reportIds, 'reportIds', MAX_REPORTS);
    if (ids.length === 0) throw new ValidationError('reportIds must name at least one report', 'reportIds');
    const refs = this.reportsInJurisdiction(
      actor,
      await problemReportRepository.byIds(this.db.read, ids),
      ids,
    );
    for (const r of refs) {
      if (r.problem_id && r.problem_id !== problem.id)
        throw new ConflictError(`report ${r.reference} is already part of another problem`, 'reportIds');
      if (!res.areaPaths.some((p) => r.area_path.startsWith(p)))
        throw new ValidationError(`report ${r.reference} lies outside the problem's areas`, 'reportIds');
    }
    const fresh = refs.filter((r) => r.problem_id !== problem.id);
    const now = nowIso();
    if (fresh.length)
      await this.db.write(async (trx) => {
        const current = await problemReportRepository.byIds(
          trx,
          fresh.map((r) => r.id),
        );
        const taken = current.find((r) => r.problem_id);
        if (taken)
          throw new ConflictError(
            `report ${taken.reference} is already part of another problem`,
            'reportIds',
          );
        await problemReportRepository.link(
          trx,
          fresh.map((r) => r.id),
          problem.id,
          now,
        );
        for (const r of fresh)
          await problemReportRepository.addEvent(trx, {
            id: newId(),
            report_id: r.id,
            details: JSON.stringify({ problem_id: problem.id }),
            actor_person_id: actor.personId,
            created_at: now,
          });
        await problemRepository.update(trx, problem.id, { updated_at: now });
        await this.recordChange(trx, actor, role, problem.id, 'reports_linked', { count: fresh.length });
      });
    return { linked: fresh.length };
  }

  async unlinkReport(actor: Actor, input: { id: string; reportId: string }): Promise<void> {
    const { problem, role } = await this.problemFor(actor, 'update', input.id);
    this.notClosed(problem);
    const [r] = isId(input.reportId)
      ? await problemReportRepository.byIds(this.db.read, [input.reportId])
      : [];
    if (!r || r.problem_id !== problem.id) throw new NotFoundError('report');
    const now = nowIso();
    await this.db.write(async (trx) => {
      await problemReportRepository.link(trx, [r.id], null, now);
      await problemReportRepository.addEvent(trx, {
        id: newId(),
        report_id: r.id,
        details: JSON.stringify({ problem_id: null }),
        actor_person_id: actor.personId,
        created_at: now,
      });
      await problemRepository.update(trx, problem.id, { updated_at: now });
      await this.recordChange(trx, actor, role, problem.id, 'report_unlinked', { reference: r.reference });
    });
  }

  async addPartner(
    actor: Actor,
    input: { id: string; organisationId: string; raised?: boolean },
  ): Promise<void> {
    const { problem, role } = await this.problemFor(actor, 'update', input.id);
    this.notClosed(problem);
    const orgId = optionalId(input.organisationId, 'organisationId');
    const org = orgId ? await namesRepository.organisation(this.db.read, orgId) : undefined;
    if (!org) throw unknownChoice('organisationId', 'organisation');
    if (org.status !== 'active')
      throw new ValidationError('the organisation is suspended and cannot join a problem', 'organisationId');
    const now = nowIso();
    await this.db.write(async (trx) => {
      const added = await problemRepository.upsertPartner(trx, problem.id, org.id, !!input.raised, now);
      if (!added && !input.raised) return;
      await problemRepository.update(trx, problem.id, { updated_at: now });
      await this.recordChange(trx, actor, role, problem.id, 'partner_added', {
        organisation: org.name,
        raised: !!input.raised,
      });
    });
  }

  /**
   * Candidate problems: clusters of reports close in space, time and category that are not yet part
   * of a problem (see `findClusters` for the rule). Only the actor's jurisdiction, only triage reports
   * (prevention and complaints desks never become problems this way), duplicates left out.
   */
  async suggest(
    actor: Actor,
    input: { days?: number; radiusKm?: number; windowDays?: number; minReports?: number } = {},
  ): Promise<{ rule: ClusterRule & { days: number }; candidates: Candidate[] }> {
    authorize(actor, 'suggest', PROBLEM);
    const num = (v: unknown, field: string, min: number, max: number, dflt: number) => {
      if (v === undefined || v === null) return dflt;
      if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max)
        throw new ValidationError(`${field} must be a number from ${min} to ${max}`, field);
      return v;
    };
    const days = Math.round(num(input.days, 'days', 1, 730, 90));
    const rule: ClusterRule = {
      radiusKm: num(input.radiusKm, 'radiusKm', 0.05, 50, DEFAULT_CLUSTER_RULE.radiusKm),
      windowDays: num(input.windowDays, 'windowDays', 1, 365, DEFAULT_CLUSTER_RULE.windowDays),
      minReports: Math.round(num(input.minReports, 'minReports', 2, 100, DEFAULT_CLUSTER_RULE.minReports)),
    };
    const paths = jurisdictionPaths(actor, ['officer', 'supervisor', 'prevention_coordinator']);
    const since = new Date(Date.parse(nowIso()) - days * DAY).toISOString();
    const refs = await problemReportRepository.candidates(this.db.read, paths, since, 5000);
    const byId = new Map(refs.map((r) => [r.id, r]));
    const clusters = findClusters(
      refs.map((r) => ({
        id: r.id,
        categoryCode: r.category_code,
        areaCode: r.area_code,
        lat: r.lat,
        lon: r.lon,
        at: r.occurred_at ?? r.created_at,
      })),
      rule,
    );
    const candidates = clusters.slice(0, 50).map((ids) => {
      const rs = ids.map((id) => byId.get(id)!);
      const ats = rs.map((r) => r.occurred_at ?? r.created_at).sort();
      return {
        categoryCode: rs[0]!.category_code,
        areaCodes: [...new Set(rs.map((r) => r.area_code))].sort(),
        firstSeen: ats[0]!.slice(0, 10),
        lastSeen: ats[ats.length - 1]!.slice(0, 10),
        reports: rs.map((r) => ({ id: r.id, reference: r.reference, createdAt: r.created_at })),
      };
    });
    return { rule: { ...rule, days }, candidates };
  }

  // --- analysis ------------------------------------------------------------------------------

  async updateAnalysis(actor: Actor, input: AnalysisInput & { id: string }): Promise<ProblemView> {
    const { problem, role } = await this.problemFor(actor, 'update', input.id);
    this.notClosed(problem);
    const prev = parseJson<ProblemAnalysis>(problem.analysis, EMPTY_ANALYSIS);
    const keep = (v: string | null | undefined, p: string | undefined, field: string) =>
      v === undefined ? (p ?? '') : text(v, field, 10_000);
    const next: ProblemAnalysis = {
      offender: side(input.offender, { ...EMPTY_ANALYSIS.offender, ...prev.offender }, 'offender'),
      target: side(input.target, { ...EMPTY_ANALYSIS.target, ...prev.target }, 'target'),
      place: side(input.place, { ...EMPTY_ANALYSIS.place, ...prev.place }, 'place'),
      dataSources: keep(input.dataSources, prev.dataSources, 'dataSources'),
      currentResponses: keep(input.currentResponses, prev.currentResponses, 'currentResponses'),
      hypothesis: keep(input.hypothesis, prev.hypothesis, 'hypothesis'),
      statement: keep(input.statement, prev.statement, 'statement'),
    };
    const json = JSON.stringify(next);
    const now = nowIso();
    if (json !== problem.analysis) {
      const changed = (Object.keys(next) as Array<keyof ProblemAnalysis>).filter(
        (k) =>
          JSON.stringify(next[k]) !==
          JSON.stringify((prev as Partial<ProblemAnalysis>)[k] ?? EMPTY_ANALYSIS[k]),
      );
      await this.db.write(async (trx) => {
        await problemRepository.update(trx, problem.id, { analysis: json, updated_at: now });
        await this.recordChange(trx, actor, role, problem.id, 'analysis_updated', {
          fields: changed.join(', '),
        });
      });
    }
    return this.view({ ...problem, analysis: json, updated_at: now });
  }

  /** Moves a problem on to the next stage (scanning → analysis → response → assessment). */
  async advance(actor: Actor, input: { id: string; to: string }): Promise<ProblemView> {
    const { problem, role } = await this.problemFor(actor, 'update', input.id);
    const to = oneOf(input.to, STAGES, 'to');
    if (to === 'closed') throw new ConflictError('a problem is closed only through an assessment', 'to');
    if (NEXT_STAGE[problem.status] !== to)
      throw new ConflictError(`a problem in ${problem.status} cannot move to ${to}`, 'to');
    const now = nowIso();
    await this.db.write(async (trx) => {
      if (
        !(await problemRepository.transition(trx, problem.id, problem.status, {
          status: to,
          updated_at: now,
        }))
      )
        throw stageMoved();
      await this.recordChange(trx, actor, role, problem.id, 'stage_changed', { from: problem.status, to });
    });
    return this.view({ ...problem, status: to, updated_at: now });
  }

  /**
   * A dated snapshot of reports per week in the problem's areas (and category), and in a comparison
   * and a buffer area when given. Neither may overlap the problem's areas. Survey data: none exists
   * on the platform yet, and the snapshot says so.
   */
  async recordMeasure(actor: Actor, input: MeasureInput): Promise<MeasureView> {
    const { problem, role, res } = await this.problemFor(actor, 'update', input.id);
    this.notClosed(problem);
    const phase = oneOf(input.phase, PHASES, 'phase');
    const from = date(input.from, 'from');
    const to = date(input.to, 'to');
    if (from > to) throw new ValidationError('from must not be after to', 'from');
    const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY + 1;
    if (days > 3 * 366) throw new ValidationError('the period may be at most three years', 'to');
    if (to > nowIso().slice(0, 10)) throw new ValidationError('the period must not end in the future', 'to');
    const category =
      input.categoryCode === undefined
        ? problem.category_code
        : optionalText(input.categoryCode, 'categoryCode', 64);
    const areas = await problemRepository.areas(this.db.read, [problem.id]);
    const other = async (code: string | null | undefined, field: string): Promise<string | null> => {
      const c = optionalText(code, field, 64);
      if (!c) return null;
      const path = (await this.areaPathsOf([c], field)).get(c)!;
      if (res.areaPaths.some((p) => p.startsWith(path) || path.startsWith(p)))
        throw new ValidationError(`${field} must not overlap the problem's areas`, field);
      return path;
    };
    const comparisonPath = await other(input.comparisonAreaCode, 'comparisonAreaCode');
    const bufferPath = await other(input.bufferAreaCode, 'bufferAreaCode');
    if (
      comparisonPath &&
      bufferPath &&
      (comparisonPath.startsWith(bufferPath) || bufferPath.startsWith(comparisonPath))
    )
      throw new ValidationError('the comparison and buffer areas must not overlap', 'bufferAreaCode');
    const fromIso = `${from}T00:00:00.000Z`;
    const toIso = new Date(Date.parse(`${to}T00:00:00Z`) + DAY).toISOString();
    const weeks = async (paths: string[]) =>
      weeklyCounts(
        await problemReportRepository.instants(this.db.read, paths, category, fromIso, toIso),
        from,
        to,
      );
    const target = await weeks(res.areaPaths);
    const comparison = comparisonPath ? await weeks([comparisonPath]) : null;
    const buffer = bufferPath ? await weeks([bufferPath]) : null;
    const row: ProblemMeasure = {
      id: newId(),
      problem_id: problem.id,
      phase,
      period_start: from,
      period_end: to,
      category_code: category,
      area_codes: JSON.stringify(areas.map((a) => a.area_code)),
      comparison_area_code: comparisonPath ? input.comparisonAreaCode!.trim() : null,
      buffer_area_code: bufferPath ? input.bufferAreaCode!.trim() : null,
      weekly: JSON.stringify({ target, comparison, buffer }),
      target_total: sum(target),
      comparison_total: comparison ? sum(comparison) : null,
      buffer_total: buffer ? sum(buffer) : null,
      survey_note: NO_SURVEY_DATA,
      computed_by: actor.personId,
      computed_at: nowIso(),
    };
    await this.db.write(async (trx) => {
      await measureRepository.create(trx, row);
      await problemRepository.update(trx, problem.id, { updated_at: row.computed_at });
      await this.recordChange(trx, actor, role, problem.id, 'measure_recorded', {
        phase,
        from,
        to,
        total: row.target_total,
      });
    });
    return presentMeasure(row);
  }

  private comparable(a: MeasureView, b: MeasureView): boolean {
    return (
      a.comparisonAreaCode === b.comparisonAreaCode &&
      a.bufferAreaCode === b.bufferAreaCode &&
      a.categoryCode === b.categoryCode
    );
  }

  private compare(baseline: MeasureView, after: MeasureView): Comparison {
    return compareBeforeAfter({
      a0: baseline.targetTotal,
      a1: after.targetTotal,
      b0: baseline.bufferTotal,
      b1: after.bufferTotal,
      c0: baseline.comparisonTotal,
      c1: after.comparisonTotal,
    });
  }

  // --- response ------------------------------------------------------------------------------

  private async validPerson(personId: string | null, orgId: string | null): Promise<void> {
    if (!personId) return;
    const p = await namesRepository.staffPerson(this.db.read, personId);
    if (!p) throw unknownChoice('responsiblePersonId', 'person');
    if (orgId && p.organisation_id !== orgId)
      throw new ValidationError(
        'the responsible person must belong to the responsible organisation',
        'responsiblePersonId',
      );
  }

  /** A plan task of a plan the actor may not read does not exist for them: the same 404. */
  private async validPlanTask(actor: Actor, id: string | null): Promise<void> {
    if (!id) return;
    const plan = await actionRepository.planOfTask(this.db.read, id);
    if (!plan || !can(actor, 'read', PLAN, plan satisfies PlanResource)) throw new NotFoundError('plan task');
  }

  async addAction(actor: Actor, input: ActionInput): Promise<ActionView> {
    const { problem, role } = await this.problemFor(actor, 'update', input.problemId);
    this.notClosed(problem);
    const title = requiredText(input.title, 'title', 300);
    const description = text(input.description, 'description', 5000);
    const orgId = optionalId(input.responsibleOrganisationId, 'responsibleOrganisationId');
    const personId = optionalId(input.responsiblePersonId, 'responsiblePersonId');
    const deadline = optionalDate(input.deadline, 'deadline');
    const funding = oneOf(input.fundingSource, FUNDING_SOURCES, 'fundingSource');
    const planTaskId = optionalId(input.planTaskId, 'planTaskId');
    const coercive = input.coercive === true;
    const org = orgId ? await namesRepository.organisation(this.db.read, orgId) : null;
    if (orgId && !org) throw unknownChoice('responsibleOrganisationId', 'organisation');
    if (org && org.status !== 'active')
      throw new ValidationError('the organisation is suspended', 'responsibleOrganisationId');
    if (coercive && org?.sector !== 'police')
      throw new ValidationError(
        'only an action owned by the police can involve coercive powers',
        'responsibleOrganisationId',
      );
    // A partner plans the work of its own organisation only.
    if (role === 'partner' && orgId !== actor.organisationId)
      throw new ValidationError(
        'a partner may add actions for its own organisation only',
        'responsibleOrganisationId',
      );
    await this.validPerson(personId, orgId);
    await this.validPlanTask(actor, planTaskId);
    const now = nowIso();
    const row: ProblemAction = {
      id: newId(),
      problem_id: problem.id,
      title,
      description,
      responsible_organisation_id: orgId,
      responsible_person_id: personId,
      deadline,
      funding_source: funding,
      status: 'planned',
      progress: 0,
      plan_task_id: planTaskId,
      coercive: coercive ? 1 : 0,
      created_by: actor.personId,
      created_at: now,
      updated_at: now,
      started_at: null,
      done_at: null,
    };
    await this.db.write(async (trx) => {
      await actionRepository.create(trx, row);
      // The organisation responsible for an action is party to the problem.
      if (orgId) await problemRepository.upsertPartner(trx, problem.id, orgId, false, now);
      await problemRepository.update(trx, problem.id, { updated_at: now });
      await this.recordChange(trx, actor, role, problem.id, 'action_added', {
        action: title,
        coercive,
        fundingSource: funding,
      });
    });
    return presentAction(
      row,
      { organisation: org?.name ?? null, organisationSector: org?.sector ?? null, person: null },
      null,
    );
  }

  async updateAction(actor: Actor, input: ActionUpdateInput): Promise<ActionView> {
    const { problem, role, action } = await this.actionFor(actor, 'update', input.actionId);
    this.notClosed(problem);
    if (role === 'partner' && action.responsible_organisation_id !== actor.organisationId)
      throw new NotFoundError('action');
    const patch: Partial<ProblemAction> = {};
    if (input.status !== undefined) patch.status = oneOf(input.status, ACTION_STATUSES, 'status');
    if (input.progress !== undefined) {
      const p = input.progress;
      if (typeof p !== 'number' || !Number.isInteger(p) || p < 0 || p > 100)
        throw new ValidationError('progress must be a whole number from 0 to 100', 'progress');
      patch.progress = p;
    }
    if (input.deadline !== undefined) patch.deadline = optionalDate(input.deadline, 'deadline');
    if (input.planTaskId !== undefined) {
      patch.plan_task_id = optionalId(input.planTaskId, 'planTaskId');
      await this.validPlanTask(actor, patch.plan_task_id);
    }
    const status = patch.status ?? action.status;
    const progress = patch.progress ?? action.progress;
    if (status === 'done') patch.progress = 100;
    const starting =
      (status === 'in_progress' || status === 'done' || progress > 0) && action.started_at === null;
    const check = (await rightsCheckRepository.forActions(this.db.read, [action.id])).at(-1) ?? null;
    if (starting && action.coercive === 1 && check?.outcome !== 'approved')
      throw new ConflictError(
        'this police action uses coercive powers and cannot start before an approved rights check',
        'status',
      );
    const now = nowIso();
    if (starting) patch.started_at = now;
    if (status === 'done' && action.status !== 'done') patch.done_at = now;
    if (status !== 'done' && action.status === 'done') patch.done_at = null;
    const changed = Object.keys(patch).filter(
      (k) => (patch as Record<string, unknown>)[k] !== (action as Record<string, unknown>)[k],
    );
    const next: ProblemAction = { ...action, ...patch, updated_at: changed.length ? now : action.updated_at };
    if (changed.length)
      await this.db.write(async (trx) => {
        if (
          !(await actionRepository.transition(trx, action.id, action.status, { ...patch, updated_at: now }))
        )
          throw new ConflictError('the action has just been changed; reload it and try again', 'status');
        await problemRepository.update(trx, problem.id, { updated_at: now });
        await this.recordChange(trx, actor, role, problem.id, 'action_updated', {
          action: action.title,
          status: next.status,
          progress: next.status === 'done' ? 100 : next.progress,
        });
      });
    const org = next.responsible_organisation_id
      ? await namesRepository.organisation(this.db.read, next.responsible_organisation_id)
      : undefined;
    const person = next.responsible_person_id
      ? ((await namesRepository.people(this.db.read, [next.responsible_person_id])).get(
          next.responsible_person_id,
        ) ?? null)
      : null;
    return presentAction(
      next,
      { organisation: org?.name ?? null, organisationSector: org?.sector ?? null, person },
      check,
    );
  }

  /**
   * The rights check of a police coercive action: legality, necessity, proportionality and
   * non-discrimination each answered in words, the checker's name, and the outcome. Recorded by a
   * supervisor or prevention coordinator of the area, never by the person responsible for the action.
   */
  async recordRightsCheck(actor: Actor, input: RightsCheckInput): Promise<ActionView> {
    const { problem, role, action } = await this.actionFor(actor, 'rights_check', input.actionId);
    this.notClosed(problem);
    if (action.coercive !== 1)
      throw new ConflictError('only police actions that use coercive powers need a rights check', 'actionId');
    if (action.responsible_person_id && action.responsible_person_id === actor.personId)
      throw new ConflictError('the person responsible for an action cannot check it', 'checkerName');
    const row: ProblemRightsCheck = {
      id: newId(),
      action_id: action.id,
      legality: requiredText(input.legality, 'legality', 5000),
      necessity: requiredText(input.necessity, 'necessity', 5000),
      proportionality: requiredText(input.proportionality, 'proportionality', 5000),
      non_discrimination: requiredText(input.nonDiscrimination, 'nonDiscrimination', 5000),
      outcome: oneOf(input.outcome, RIGHTS_OUTCOMES, 'outcome'),
      checker_name: requiredText(input.checkerName, 'checkerName', 200),
      checked_by: actor.personId,
      checked_at: nowIso(),
    };
    await this.db.write(async (trx) => {
      await rightsCheckRepository.create(trx, row);
      await problemRepository.update(trx, problem.id, { updated_at: row.checked_at });
      await this.recordChange(trx, actor, role, problem.id, 'rights_checked', {
        action: action.title,
        outcome: row.outcome,
        checker: row.checker_name,
      });
    });
    const org = action.responsible_organisation_id
      ? await namesRepository.organisation(this.db.read, action.responsible_organisation_id)
      : undefined;
    return presentAction(
      action,
      { organisation: org?.name ?? null, organisationSector: org?.sector ?? null, person: null },
      row,
    );
  }

  // --- assessment ----------------------------------------------------------------------------

  /**
   * Records an assessment and applies its decision: close (only here), adjust (back to Response) or
   * re-analyse (back to Analysis). The process check must cover every action that was not cancelled;
   * closing needs a baseline and an after-measure taken the same way.
   */
  async assess(actor: Actor, input: AssessInput): Promise<AssessmentView> {
    const { problem, role } = await this.problemFor(actor, 'assess', input.id);
    this.notClosed(problem);
    if (problem.status !== 'response' && problem.status !== 'assessment')
      throw new ConflictError('a problem is assessed after its response has started', 'decision');
    const decision = oneOf(input.decision, DECISIONS, 'decision');
    const notes = requiredText(input.notes, 'notes', 10_000);
    const actions = (await actionRepository.list(this.db.read, problem.id)).filter(
      (a) => a.status !== 'cancelled',
    );
    if (!Array.isArray(input.process)) throw new ValidationError('process must be a list', 'process');
    const given = new Map<string, { done: boolean; note: string }>();
    for (const item of input.process) {
      if (!item || typeof item !== 'object' || !isId(item.actionId) || typeof item.done !== 'boolean')
        throw new ValidationError('each process item needs an actionId and done (true or false)', 'process');
      given.set(item.actionId, { done: item.done, note: text(item.note, 'process.note', 2000) });
    }
    const process: ProcessItem[] = actions.map((a) => {
      const g = given.get(a.id);
      if (!g)
        throw new ValidationError(`the process check must say whether "${a.title}" was done`, 'process');
      return { actionId: a.id, title: a.title, done: g.done, note: g.note };
    });
    for (const id of given.keys())
      if (!actions.some((a) => a.id === id))
        throw new ValidationError(`action ${id} is not part of this problem`, 'process');
    const measures = (await measureRepository.list(this.db.read, problem.id)).map(presentMeasure);
    const pick = (id: string | null | undefined, phase: 'baseline' | 'after', field: string) => {
      const v = optionalId(id, field);
      if (!v) return null;
      const m = measures.find((x) => x.id === v && x.phase === phase);
      if (!m) throw new ValidationError(`${field} must name a ${phase} measure of this problem`, field);
      return m;
    };
    const baseline = pick(input.baselineMeasureId, 'baseline', 'baselineMeasureId');
    const after = pick(input.afterMeasureId, 'after', 'afterMeasureId');
    if (decision === 'close' && (!baseline || !after))
      throw new ValidationError(
        'closing a problem needs a baseline and an after-measure to compare',
        baseline ? 'afterMeasureId' : 'baselineMeasureId',
      );
    if (baseline && after && !this.comparable(baseline, after))
      throw new ValidationError(
        'the after-measure must use the same category, comparison and buffer areas as the baseline',
        'afterMeasureId',
      );
    const comparison = baseline && after ? this.compare(baseline, after) : null;
    const feedback = feedbackCounts(await problemReportRepository.feedback(this.db.read, problem.id));
    const now = nowIso();
    const next: Stage = decision === 'close' ? 'closed' : decision === 'adjust' ? 'response' : 'analysis';
    const row = {
      id: newId(),
      problem_id: problem.id,
      process_check: JSON.stringify(process),
      baseline_measure_id: baseline?.id ?? null,
      after_measure_id: after?.id ?? null,
      comparison: JSON.stringify(comparison),
      resident_feedback: JSON.stringify(feedback),
      decision,
      notes,
      assessed_by: actor.personId,
      created_at: now,
    };
    await this.db.write(async (trx) => {
      // Conditional on the stage read above: a concurrent assessment or stage change wins, this one 409s.
      const moved = await problemRepository.transition(trx, problem.id, problem.status, {
        status: next,
        updated_at: now,
        closed_at: next === 'closed' ? now : null,
      });
      if (!moved) throw stageMoved();
      await assessmentRepository.create(trx, row);
      await this.recordChange(trx, actor, role, problem.id, 'assessed', {
        decision,
        from: problem.status,
        to: next,
        verdict: comparison?.verdict ?? null,
      });
    });
    return presentAssessment(row);
  }

  // --- public summary ------------------------------------------------------------------------

  async setPublication(
    actor: Actor,
    input: { id: string; published: boolean; publicTitle?: string | null; publicSummary?: string | null },
  ): Promise<ProblemView> {
    const { problem, role } = await this.problemFor(actor, 'publish', input.id);
    const published = input.published === true;
    const publicTitle =
      input.publicTitle === undefined ? problem.public_title : text(input.publicTitle, 'publicTitle', 200);
    const publicSummary =
      input.publicSummary === undefined
        ? problem.public_summary
        : text(input.publicSummary, 'publicSummary', 5000);
    if (published && !publicTitle)
      throw new ValidationError('a published problem needs a public title', 'publicTitle');
    if (published && !publicSummary)
      throw new ValidationError('a published problem needs a public summary', 'publicSummary');
    const now = nowIso();
    const patch: Partial<Problem> = {
      published: published ? 1 : 0,
      public_title: publicTitle,
      public_summary: publicSummary,
      published_at: published ? (problem.published ? problem.published_at : now) : null,
      updated_at: now,
    };
    await this.db.write(async (trx) => {
      await problemRepository.update(trx, problem.id, patch);
      await this.recordChange(trx, actor, role, problem.id, published ? 'published' : 'unpublished');
    });
    return this.view({ ...problem, ...patch });
  }

  async publicList(actor: Actor): Promise<PublicProblemView[]> {
    authorize(actor, 'read_public', PROBLEM, { areaPaths: [], partyOrganisationIds: [], published: true });
    const rows = await problemRepository.listPublished(this.db.read, 200);
    const out: PublicProblemView[] = [];
    for (const p of rows) out.push(await this.publicView(p));
    return out;
  }

  async publicGet(actor: Actor, input: { id: string }): Promise<PublicProblemView> {
    const p = isId(input.id) ? await problemRepository.getById(this.db.read, input.id) : undefined;
    if (!p || p.published !== 1) throw new NotFoundError(PROBLEM);
    authorize(actor, 'read_public', PROBLEM, { areaPaths: [], partyOrganisationIds: [], published: true });
    return this.publicView(p);
  }

  private async publicView(p: Problem): Promise<PublicProblemView> {
    const areas = await problemRepository.areas(this.db.read, [p.id]);
    const actions = await actionRepository.list(this.db.read, p.id);
    const live = actions.filter((a) => a.status !== 'cancelled');
    return presentPublic(
      p,
      areas.map((a) => a.area_code),
      problemProgress(actions),
      { total: live.length, done: live.filter((a) => a.status === 'done').length },
    );
  }

  /** Organisations that may be chosen for a problem (its areas' police and partners). */
  async organisationChoices(actor: Actor, input: { id: string }) {
    const { res } = await this.problemFor(actor, 'read', input.id);
    return namesRepository.organisationsForPaths(this.db.read, res.areaPaths);
  }

  /** Names of areas in every language (public geography, shown next to public summaries). */
  async areaNames(codes: string[]): Promise<Map<string, Record<string, string>>> {
    const rows = await areaRepository.currentNames(this.db.read, [...new Set(codes)].slice(0, 100));
    return new Map([...rows].map(([c, n]) => [c, parseJson<Record<string, string>>(n, {})]));
  }

  /** Reports offered on the create form (ids from a candidate): only those the actor may group. */
  async reportChoices(
    actor: Actor,
    input: { reportIds: string[] },
  ): Promise<Array<{ id: string; reference: string }>> {
    authorize(actor, 'suggest', PROBLEM);
    const ids = input.reportIds.filter(isId).slice(0, MAX_REPORTS);
    const paths = jurisdictionPaths(actor, ['officer', 'supervisor', 'prevention_coordinator']);
    const refs = await problemReportRepository.byIds(this.db.read, ids);
    return refs
      .filter((r) => !r.problem_id && r.desk === 'triage' && r.sensitive === 0)
      .filter((r) => paths.some((p) => r.area_path.startsWith(p)))
      .map((r) => ({ id: r.id, reference: r.reference }));
  }

  /** Report ids from the references people type (unknown references are named in the refusal). */
  async reportIdsByReference(actor: Actor, input: { references: string[] }): Promise<string[]> {
    authorize(actor, 'list', PROBLEM);
    const refs = [...new Set(input.references.map((r) => r.trim().toUpperCase()).filter(Boolean))];
    if (refs.length === 0) throw new ValidationError('name at least one report reference', 'references');
    if (refs.length > MAX_REPORTS)
      throw new ValidationError(`at most ${MAX_REPORTS} references`, 'references');
    const rows = await problemReportRepository.byReferences(this.db.read, refs);
    const paths = jurisdictionPaths(actor, ['officer', 'supervisor', 'prevention_coordinator']);
    const found = new Map(
      rows
        .filter((r) => paths.some((p) => r.area_path.startsWith(p)))
        .map((r) => [r.reference.toUpperCase(), r.id]),
    );
    const missing = refs.filter((r) => !found.has(r));
    if (missing.length) throw new ValidationError(`no report ${missing.join(', ')} found`, 'references');
    return refs.map((r) => found.get(r)!);
  }
}
