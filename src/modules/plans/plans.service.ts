/**
 * Joint local prevention plans. Rules:
 * - A plan belongs to one area (municipality or district) and a period; it holds priorities (with
 *   their justification, source and the problems behind them) and tasks (owner organisation,
 *   deadline, funding source, budget; monitored by status, progress and money spent).
 * - Versions: the *content* (plan fields, priorities, tasks, links) is kept as a numbered snapshot.
 *   A version is frozen by its first signature. Changing the content of a frozen version opens the
 *   next version, which needs all three signatures again; signatures always name the version signed.
 *   Status: `draft` until every seat has signed one version, `approved` while the current version is
 *   the approved one, `revision` when the content changed since (the approved version stays in force
 *   and visible). Submitting content that changes nothing opens no version.
 * - Monitoring (task status, progress, money spent) is not signed content: reporting progress never
 *   opens a version. Every progress report is kept, so quarterly reports show the state at the
 *   quarter's end.
 * - Every change is audited in its transaction; reads that show signatories' names are audited too.
 */
import type { Database, Trx } from '../../db/database.ts';
import type {
  Plan,
  PlanApproval,
  PlanPriority,
  PlanTask,
  PlanTaskUpdate,
  PlanVersion,
} from '../../db/schema.ts';
import { areaRepository, organisationRepository } from '../accounts/organisations.repository.ts';
import { ConflictError, NotFoundError, unknownChoice, ValidationError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { authorize, can, jurisdictionPaths, STAFF_ROLES, type Actor } from '../../shared/policy.ts';
import { nowIso } from '../../shared/time.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { parseNames, type AreaNames } from '../geo/geo.presenter.ts';
import {
  PLAN,
  PLAN_EDITOR_ROLES,
  PLAN_TASK,
  type PlanApprovalResource,
  type PlanResource,
  type PlanTaskResource,
} from './plans.policy.ts';
import {
  presentApproval,
  presentPlan,
  presentPublicPlan,
  type ActionRef,
  type PlanDetail,
  type PlanView,
  type ProblemRef,
  type PublicPlanDetail,
  type PublicPlanView,
  type TaskUpdateView,
  type VersionDetail,
  type VersionSummary,
} from './plans.presenter.ts';
import {
  approvalRepository,
  lookupRepository,
  planRepository,
  priorityRepository,
  taskRepository,
  versionRepository,
} from './plans.repository.ts';
import {
  currencyForCountry,
  FUNDING_SOURCES,
  PLAN_STATUSES,
  SEATS,
  seatForOrganisationKind,
  TASK_STATUSES,
  type PlanStatus,
  type Seat,
} from './plans.types.ts';
import {
  amount,
  date,
  ids,
  oneOf,
  optionalId,
  optionalText,
  percent,
  requiredText,
} from './plans.validate.ts';
import { quarterBounds, quarterlyReport, type QuarterlyReport } from './quarterly.ts';
import { diffSnapshots, parseSnapshot, type PlanSnapshot } from './snapshot.ts';
import ExcelJS from 'exceljs';

const today = () => nowIso().slice(0, 10);
const AREA_KINDS_FOR_PLANS = ['district', 'municipality'];
/** Roles whose jurisdiction lets them see the titles of problems and actions linked to a plan. */
const PROBLEM_READER_ROLES = STAFF_ROLES.filter((r) => r !== 'partner');

export interface PlanInput {
  title: string;
  areaCode: string;
  periodStart: string;
  periodEnd: string;
  summary?: string | null;
}
export interface PriorityInput {
  title: string;
  justification?: string | null;
  source?: string | null;
  problemIds?: string[];
}
export interface TaskInput {
  priorityId: string;
  title: string;
  description?: string | null;
  ownerOrganisationId?: string | null;
  deadline: string;
  fundingSource: string;
  budget: number;
  problemIds?: string[];
}
export interface ProgressInput {
  status: string;
  progress: number;
  spent: number;
  note?: string | null;
  reportedOn?: string | null;
}
export interface ApprovalInput {
  planId: string;
  version: number;
  roleTitle: string;
  approvedOn: string;
}

export interface TaskDetail {
  plan: PlanView;
  task: PlanDetail['tasks'][number];
  priorityTitle: string;
  updates: TaskUpdateView[];
  canManage: boolean;
}

export interface PlanReport {
  plan: PlanView;
  priorities: Array<{ id: string; title: string }>;
  report: QuarterlyReport;
}

export interface ReportXlsxLabels {
  sheetSummary: string;
  sheetTasks: string;
  plan: string;
  area: string;
  period: string;
  quarter: string;
  asOf: string;
  indicator: string;
  value: string;
  total: string;
  categories: Record<string, string>;
  fundingSources: Record<string, string>;
  statuses: Record<string, string>;
  budget: string;
  spent: string;
  percentSpent: string;
  priority: string;
  task: string;
  owner: string;
  deadline: string;
  funding: string;
  status: string;
  progress: string;
  category: string;
  dueThisQuarter: string;
  doneThisQuarter: string;
  yes: string;
  no: string;
}

function resourceOf(p: Plan): PlanResource {
  return { areaPath: p.area_path, status: p.status };
}

export class PlansService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
  ) {}

  // --- loading -------------------------------------------------------------------------------

  /** authorize() on a plan that may not exist: missing and refused look alike (404). */
  private async planFor(actor: Actor, action: string, id: string) {
    const plan = await planRepository.getById(this.db.read, id);
    if (!plan) {
      authorize(actor, 'list', PLAN); // anonymous → 401, others → the 404 below
      throw new NotFoundError(PLAN);
    }
    authorize(actor, 'read', PLAN, resourceOf(plan)); // not readable → 404 even for "manage"
    const role = authorize(actor, action, PLAN, resourceOf(plan));
    return { plan, role };
  }

  private async areaNames(codes: string[]): Promise<Map<string, AreaNames>> {
    const raw = await areaRepository.currentNames(this.db.read, [...new Set(codes)]);
    return new Map([...raw].map(([k, v]) => [k, parseNames(v)]));
  }

  private async view(plan: Plan): Promise<PlanView> {
    const names = await this.areaNames([plan.area_code]);
    return presentPlan(plan, names.get(plan.area_code) ?? {});
  }

  /** The signed content as it stands now (read inside the caller's transaction or outside). */
  private async buildSnapshot(q: Database['read'] | Trx, plan: Plan): Promise<PlanSnapshot> {
    const priorities = await priorityRepository.listByPlan(q, plan.id);
    const pLinks = await priorityRepository.problemLinks(q, plan.id);
    const tasks = await taskRepository.listByPlan(q, plan.id);
    const tLinks = await taskRepository.problemLinks(q, plan.id);
    const orgs = await organisationRepository.byIds(q, [
      ...new Set(tasks.map((t) => t.owner_organisation_id).filter((o): o is string => !!o)),
    ]);
    return {
      title: plan.title,
      areaCode: plan.area_code,
      periodStart: plan.period_start,
      periodEnd: plan.period_end,
      summary: plan.summary,
      currency: plan.currency,
      priorities: priorities.map((p) => ({
        id: p.id,
        position: p.position,
        title: p.title,
        justification: p.justification,
        source: p.source,
        problemIds: pLinks.filter((l) => l.priority_id === p.id).map((l) => l.problem_id),
      })),
      tasks: tasks.map((t) => ({
        id: t.id,
        priorityId: t.priority_id,
        position: t.position,
        title: t.title,
        description: t.description,
        ownerOrganisationId: t.owner_organisation_id,
        ownerOrganisationName: t.owner_organisation_id
          ? (orgs.get(t.owner_organisation_id)?.name ?? null)
          : null,
        deadline: t.deadline,
        fundingSource: t.funding_source,
        budget: t.budget,
        problemIds: tLinks.filter((l) => l.task_id === t.id).map((l) => l.problem_id),
      })),
    };
  }

  /**
   * Runs a change of the signed content in one transaction: the change, then the new snapshot —
   * in the open version, or in a new version when the current one is frozen by a signature — then
   * the audit entry. Returns the plan as it stands after.
   */
  private async changeContent<T>(
    actor: Actor,
    planId: string,
    audit: { action: string; subjectId?: string; details?: Record<string, unknown> },
    fn: (trx: Trx, plan: Plan) => Promise<T>,
  ): Promise<{ result: T; plan: Plan }> {
    const { role } = await this.planFor(actor, 'manage', planId);
    return this.db.write(async (trx) => {
      const plan = await this.db.dialect
        .lockForUpdate(trx.selectFrom('plan').selectAll().where('id', '=', planId))
        .executeTakeFirst();
      if (!plan) throw new NotFoundError(PLAN);
      const result = await fn(trx, plan);
      const after = (await planRepository.getById(trx, planId))!;
      const snapshot = await this.buildSnapshot(trx, after);
      const text = JSON.stringify(snapshot);
      const current = (await versionRepository.get(trx, planId, after.current_version))!;
      const now = nowIso();
      let versionNumber = after.current_version;
      if (text !== current.snapshot) {
        if (current.frozen_at) {
          versionNumber = after.current_version + 1;
          await versionRepository.create(trx, {
            id: newId(),
            plan_id: planId,
            number: versionNumber,
            snapshot: text,
            created_by: actor.personId,
            created_at: now,
            frozen_at: null,
          });
          const status: PlanStatus = after.approved_version ? 'revision' : 'draft';
          await planRepository.update(trx, planId, {
            current_version: versionNumber,
            status,
            updated_at: now,
          });
          await this.audit.record(trx, {
            actor,
            role,
            action: 'plan.version.open',
            subjectType: PLAN,
            subjectId: planId,
            details: { version: versionNumber, after: current.number },
          });
        } else {
          await versionRepository.update(trx, current.id, { snapshot: text });
          await planRepository.update(trx, planId, { updated_at: now });
        }
      }
      await this.audit.record(trx, {
        actor,
        role,
        action: audit.action,
        subjectType: PLAN,
        subjectId: audit.subjectId ?? planId,
        details: { planId, version: versionNumber, changed: text !== current.snapshot, ...audit.details },
      });
      return { result, plan: (await planRepository.getById(trx, planId))! };
    });
  }

  /** Problems may be linked when they exist and concern the plan's area (above, at or below it). */
  private async checkProblems(trx: Trx, plan: Plan, problemIds: string[], field: string): Promise<void> {
    if (problemIds.length === 0) return;
    const found = await lookupRepository.problems(trx, problemIds);
    for (const id of problemIds) {
      const p = found.get(id);
      const related = p?.paths.some(
        (path) => path.startsWith(plan.area_path) || plan.area_path.startsWith(path),
      );
      if (!related) throw unknownChoice(field, 'problem');
    }
  }

  // --- plans ---------------------------------------------------------------------------------

  async listPlans(
    actor: Actor,
    input: { areaCode?: string; status?: string; year?: number } = {},
  ): Promise<PlanView[]> {
    authorize(actor, 'list', PLAN);
    let areaPath: string | undefined;
    if (input.areaCode) {
      const area = await lookupRepository.area(this.db.read, input.areaCode);
      if (!area) throw unknownChoice('areaCode', 'area');
      areaPath = area.path;
    }
    const status = input.status ? oneOf(input.status, PLAN_STATUSES, 'status') : undefined;
    const rows = await planRepository.search(this.db.read, {
      paths: jurisdictionPaths(actor, [...STAFF_ROLES]),
      areaPath,
      statuses: status ? [status] : undefined,
      year: input.year,
    });
    const names = await this.areaNames(rows.map((r) => r.area_code));
    return rows.map((r) => presentPlan(r, names.get(r.area_code) ?? {}));
  }

  private async parsePlanInput(input: PlanInput) {
    const title = requiredText(input.title, 'title', 300);
    const areaCode = requiredText(input.areaCode, 'areaCode', 64);
    const area = await lookupRepository.area(this.db.read, areaCode);
    if (!area) throw unknownChoice('areaCode', 'area');
    if (!AREA_KINDS_FOR_PLANS.includes(area.kind))
      throw new ValidationError('areaCode must be a district or a municipality', 'areaCode');
    const periodStart = date(input.periodStart, 'periodStart');
    const periodEnd = date(input.periodEnd, 'periodEnd');
    if (periodEnd < periodStart)
      throw new ValidationError('periodEnd must not be before periodStart', 'periodEnd');
    const years = Number(periodEnd.slice(0, 4)) - Number(periodStart.slice(0, 4));
    if (years > 5) throw new ValidationError('a plan covers at most five years', 'periodEnd');
    const summary = optionalText(input.summary, 'summary', 10_000);
    return { title, area, periodStart, periodEnd, summary };
  }

  async createPlan(actor: Actor, input: PlanInput): Promise<PlanView> {
    authorize(actor, 'list', PLAN);
    const v = await this.parsePlanInput(input);
    const resource = { areaPath: v.area.path, status: 'draft' } satisfies PlanResource;
    // An editor's choice of another district is a wrong choice on the form, worded like an unknown one.
    if (actor.grants.some((g) => PLAN_EDITOR_ROLES.includes(g.role)) && !can(actor, 'create', PLAN, resource))
      throw unknownChoice('areaCode', 'area');
    const role = authorize(actor, 'create', PLAN, resource);
    const now = nowIso();
    const row: Plan = {
      id: newId(),
      title: v.title,
      area_code: v.area.code,
      area_path: v.area.path,
      period_start: v.periodStart,
      period_end: v.periodEnd,
      summary: v.summary,
      currency: currencyForCountry(v.area.country_code),
      status: 'draft',
      current_version: 1,
      approved_version: null,
      approved_at: null,
      created_by: actor.personId,
      created_at: now,
      updated_at: now,
    };
    await this.db.write(async (trx) => {
      await planRepository.create(trx, row);
      await versionRepository.create(trx, {
        id: newId(),
        plan_id: row.id,
        number: 1,
        snapshot: JSON.stringify(await this.buildSnapshot(trx, row)),
        created_by: actor.personId,
        created_at: now,
        frozen_at: null,
      });
      await this.audit.record(trx, {
        actor,
        role,
        action: 'plan.create',
        subjectType: PLAN,
        subjectId: row.id,
        details: { areaCode: row.area_code, periodStart: row.period_start, periodEnd: row.period_end },
      });
    });
    return this.view(row);
  }

  async updatePlan(actor: Actor, input: PlanInput & { id: string }): Promise<PlanView> {
    const { plan: before } = await this.planFor(actor, 'manage', input.id);
    const v = await this.parsePlanInput(input);
    // Moving a plan to another area is allowed only within the editor's jurisdiction.
    authorize(actor, 'manage', PLAN, { areaPath: v.area.path, status: before.status } satisfies PlanResource);
    const { plan } = await this.changeContent(actor, input.id, { action: 'plan.update' }, async (trx, p) => {
      await planRepository.update(trx, p.id, {
        title: v.title,
        area_code: v.area.code,
        area_path: v.area.path,
        period_start: v.periodStart,
        period_end: v.periodEnd,
        summary: v.summary,
        currency: currencyForCountry(v.area.country_code),
      });
      const tasks = await taskRepository.listByPlan(trx, p.id);
      const outside = tasks.find((t) => t.deadline < v.periodStart || t.deadline > v.periodEnd);
      if (outside)
        throw new ValidationError(
          `the deadline of task "${outside.title}" falls outside this period`,
          'periodEnd',
        );
    });
    return this.view(plan);
  }

  async getPlan(actor: Actor, input: { id: string }): Promise<PlanDetail> {
    const { plan, role } = await this.planFor(actor, 'read', input.id);
    const [priorities, pLinks, tasks, tLinks, approvals] = [
      await priorityRepository.listByPlan(this.db.read, plan.id),
      await priorityRepository.problemLinks(this.db.read, plan.id),
      await taskRepository.listByPlan(this.db.read, plan.id),
      await taskRepository.problemLinks(this.db.read, plan.id),
      await approvalRepository.listByPlan(this.db.read, plan.id),
    ];
    const problemIds = [...new Set([...pLinks, ...tLinks].map((l) => l.problem_id))];
    const problems = await lookupRepository.problems(this.db.read, problemIds);
    const actions = await taskRepository.servingActions(
      this.db.read,
      tasks.map((t) => t.id),
    );
    const orgs = await organisationRepository.byIds(this.db.read, [
      ...new Set(tasks.map((t) => t.owner_organisation_id).filter((o): o is string => !!o)),
    ]);
    const readerPaths = jurisdictionPaths(actor, PROBLEM_READER_ROLES);
    const mayReadProblem = (paths: string[]) => paths.some((p) => readerPaths.some((r) => p.startsWith(r)));
    const ref = (id: string): ProblemRef => {
      const p = problems.get(id);
      return { id, title: p && mayReadProblem(p.paths) ? p.title : null };
    };
    const day = today();
    const current = approvals.filter((a) => a.version_number === plan.current_version);
    const signer = await this.signerFor(actor, plan);
    await this.db.write((trx) =>
      this.audit.record(trx, {
        actor,
        role,
        action: 'plan.read',
        subjectType: PLAN,
        subjectId: plan.id,
        details: { signatures: approvals.length },
      }),
    );
    const live = tasks.filter((t) => t.status !== 'cancelled');
    return {
      plan: await this.view(plan),
      priorities: priorities.map((p) => ({
        id: p.id,
        position: p.position,
        title: p.title,
        justification: p.justification,
        source: p.source,
        problems: pLinks.filter((l) => l.priority_id === p.id).map((l) => ref(l.problem_id)),
      })),
      tasks: tasks.map((t) => ({
        id: t.id,
        priorityId: t.priority_id,
        position: t.position,
        title: t.title,
        description: t.description,
        ownerOrganisationId: t.owner_organisation_id,
        ownerOrganisationName: t.owner_organisation_id
          ? (orgs.get(t.owner_organisation_id)?.name ?? null)
          : null,
        deadline: t.deadline,
        fundingSource: t.funding_source,
        budget: t.budget,
        spent: t.spent,
        status: t.status,
        progress: t.progress,
        completedOn: t.completed_on,
        late: t.status !== 'done' && t.status !== 'cancelled' && t.deadline < day,
        problems: tLinks.filter((l) => l.task_id === t.id).map((l) => ref(l.problem_id)),
        actions: actions
          .filter((a) => a.plan_task_id === t.id && mayReadProblem([a.problem_area_path]))
          .map((a): ActionRef => ({
            id: a.id,
            problemId: a.problem_id,
            problemTitle: a.problem_title,
            title: a.title,
            status: a.status,
            progress: a.progress,
            deadline: a.deadline,
          })),
        canReportProgress: !!can(actor, 'report_progress', PLAN_TASK, taskResource(plan, t)),
      })),
      approvals: current.map(presentApproval),
      missingSeats: SEATS.filter((s) => !current.some((a) => a.seat === s)),
      totals: {
        budget: tasks.reduce((n, t) => n + t.budget, 0),
        spent: tasks.reduce((n, t) => n + t.spent, 0),
        progress: live.length ? Math.round(live.reduce((n, t) => n + t.progress, 0) / live.length) : 0,
      },
      canManage: !!can(actor, 'manage', PLAN, resourceOf(plan)),
      signerSeat: signer.seat,
      alreadySigned: signer.seat
        ? current.some((a) => a.seat === signer.seat || a.person_id === actor.personId)
        : false,
    };
  }

  /** The seat the actor may sign this plan for, if any. */
  private async signerFor(
    actor: Actor,
    plan: Plan,
  ): Promise<{ seat: Seat | null; kind: string | null; name: string | null }> {
    if (!actor.organisationId) return { seat: null, kind: null, name: null };
    const org = (await organisationRepository.byIds(this.db.read, [actor.organisationId])).get(
      actor.organisationId,
    );
    const res: PlanApprovalResource = { ...resourceOf(plan), signerOrganisationKind: org?.kind ?? null };
    const seat = can(actor, 'approve', PLAN, res) ? seatForOrganisationKind(org?.kind) : null;
    return { seat, kind: org?.kind ?? null, name: org?.name ?? null };
  }

  // --- priorities ----------------------------------------------------------------------------

  private parsePriority(input: PriorityInput) {
    return {
      title: requiredText(input.title, 'title', 300),
      justification: optionalText(input.justification, 'justification', 5000),
      source: optionalText(input.source, 'source', 1000),
      problemIds: ids(input.problemIds, 'problemIds'),
    };
  }

  async addPriority(
    actor: Actor,
    input: PriorityInput & { planId: string },
  ): Promise<PlanDetail['priorities'][number]> {
    const v = this.parsePriority(input);
    const id = newId();
    await this.changeContent(
      actor,
      input.planId,
      { action: 'plan.priority.add', details: { priorityId: id } },
      async (trx, plan) => {
        await this.checkProblems(trx, plan, v.problemIds, 'problemIds');
        const now = nowIso();
        await priorityRepository.create(trx, {
          id,
          plan_id: plan.id,
          position: await priorityRepository.nextPosition(trx, plan.id),
          title: v.title,
          justification: v.justification,
          source: v.source,
          created_at: now,
          updated_at: now,
        });
        await priorityRepository.setProblems(trx, plan.id, id, v.problemIds);
      },
    );
    return (await this.getPlan(actor, { id: input.planId })).priorities.find((p) => p.id === id)!;
  }

  private async priorityOf(trx: Trx, plan: Plan, priorityId: string): Promise<PlanPriority> {
    const p = await priorityRepository.getById(trx, priorityId);
    if (!p || p.plan_id !== plan.id) throw new NotFoundError('plan_priority');
    return p;
  }

  async updatePriority(
    actor: Actor,
    input: PriorityInput & { planId: string; priorityId: string; position?: number },
  ): Promise<PlanDetail['priorities'][number]> {
    const v = this.parsePriority(input);
    const position = input.position === undefined ? undefined : percent(input.position, 'position');
    await this.changeContent(
      actor,
      input.planId,
      { action: 'plan.priority.update', details: { priorityId: input.priorityId } },
      async (trx, plan) => {
        const p = await this.priorityOf(trx, plan, input.priorityId);
        await this.checkProblems(trx, plan, v.problemIds, 'problemIds');
        await priorityRepository.update(trx, p.id, {
          title: v.title,
          justification: v.justification,
          source: v.source,
          ...(position !== undefined ? { position } : {}),
          updated_at: nowIso(),
        });
        await priorityRepository.setProblems(trx, plan.id, p.id, v.problemIds);
      },
    );
    return (await this.getPlan(actor, { id: input.planId })).priorities.find(
      (p) => p.id === input.priorityId,
    )!;
  }

  async deletePriority(actor: Actor, input: { planId: string; priorityId: string }): Promise<void> {
    await this.changeContent(
      actor,
      input.planId,
      { action: 'plan.priority.delete', details: { priorityId: input.priorityId } },
      async (trx, plan) => {
        const p = await this.priorityOf(trx, plan, input.priorityId);
        if ((await taskRepository.countByPriority(trx, p.id)) > 0)
          throw new ConflictError('this priority still has tasks: move or delete them first', 'priorityId');
        await priorityRepository.delete(trx, p.id);
      },
    );
  }

  // --- tasks ---------------------------------------------------------------------------------

  private parseTask(input: TaskInput) {
    return {
      priorityId: optionalId(input.priorityId, 'priorityId'),
      title: requiredText(input.title, 'title', 300),
      description: optionalText(input.description, 'description', 5000),
      ownerOrganisationId: optionalId(input.ownerOrganisationId, 'ownerOrganisationId'),
      deadline: date(input.deadline, 'deadline'),
      fundingSource: oneOf(input.fundingSource, FUNDING_SOURCES, 'fundingSource'),
      budget: amount(input.budget, 'budget'),
      problemIds: ids(input.problemIds, 'problemIds'),
    };
  }

  private async checkTask(trx: Trx, plan: Plan, v: ReturnType<PlansService['parseTask']>): Promise<string> {
    if (!v.priorityId)
      throw new ValidationError('priorityId must name a priority of this plan', 'priorityId');
    const pr = await priorityRepository.getById(trx, v.priorityId);
    if (!pr || pr.plan_id !== plan.id)
      throw new ValidationError('priorityId must name a priority of this plan', 'priorityId');
    if (v.deadline < plan.period_start || v.deadline > plan.period_end)
      throw new ValidationError(
        `deadline must fall within the plan's period (${plan.period_start} – ${plan.period_end})`,
        'deadline',
      );
    if (v.ownerOrganisationId) {
      const org = await organisationRepository.byIds(trx, [v.ownerOrganisationId]);
      if (!org.has(v.ownerOrganisationId))
        throw new ValidationError('unknown organisation', 'ownerOrganisationId');
    }
    if (v.fundingSource === 'none' && v.budget > 0)
      throw new ValidationError('a task without funding has no budget', 'budget');
    await this.checkProblems(trx, plan, v.problemIds, 'problemIds');
    return pr.id;
  }

  async addTask(actor: Actor, input: TaskInput & { planId: string }): Promise<PlanDetail['tasks'][number]> {
    const v = this.parseTask(input);
    const id = newId();
    await this.changeContent(
      actor,
      input.planId,
      { action: 'plan.task.add', details: { taskId: id } },
      async (trx, plan) => {
        const priorityId = await this.checkTask(trx, plan, v);
        const now = nowIso();
        await taskRepository.create(trx, {
          id,
          plan_id: plan.id,
          priority_id: priorityId,
          position: await taskRepository.nextPosition(trx, plan.id),
          title: v.title,
          description: v.description,
          owner_organisation_id: v.ownerOrganisationId,
          deadline: v.deadline,
          funding_source: v.fundingSource,
          budget: v.budget,
          spent: 0,
          status: 'not_started',
          progress: 0,
          completed_on: null,
          created_at: now,
          updated_at: now,
        });
        await taskRepository.setProblems(trx, plan.id, id, v.problemIds);
      },
    );
    return (await this.getPlan(actor, { id: input.planId })).tasks.find((t) => t.id === id)!;
  }

  private async taskOf(q: Database['read'] | Trx, plan: Plan, taskId: string): Promise<PlanTask> {
    const t = await taskRepository.getById(q, taskId);
    if (!t || t.plan_id !== plan.id) throw new NotFoundError(PLAN_TASK);
    return t;
  }

  async updateTask(
    actor: Actor,
    input: TaskInput & { planId: string; taskId: string },
  ): Promise<PlanDetail['tasks'][number]> {
    const v = this.parseTask(input);
    await this.changeContent(
      actor,
      input.planId,
      { action: 'plan.task.update', details: { taskId: input.taskId } },
      async (trx, plan) => {
        const t = await this.taskOf(trx, plan, input.taskId);
        const priorityId = await this.checkTask(trx, plan, v);
        await taskRepository.update(trx, t.id, {
          priority_id: priorityId,
          title: v.title,
          description: v.description,
          owner_organisation_id: v.ownerOrganisationId,
          deadline: v.deadline,
          funding_source: v.fundingSource,
          budget: v.budget,
          updated_at: nowIso(),
        });
        await taskRepository.setProblems(trx, plan.id, t.id, v.problemIds);
      },
    );
    return (await this.getPlan(actor, { id: input.planId })).tasks.find((t) => t.id === input.taskId)!;
  }

  async deleteTask(actor: Actor, input: { planId: string; taskId: string }): Promise<void> {
    await this.changeContent(
      actor,
      input.planId,
      { action: 'plan.task.delete', details: { taskId: input.taskId } },
      async (trx, plan) => {
        const t = await this.taskOf(trx, plan, input.taskId);
        if ((await taskRepository.servingActions(trx, [t.id])).length > 0)
          throw new ConflictError('actions of problems serve this task: unlink them first', 'taskId');
        await taskRepository.delete(trx, t.id);
      },
    );
  }

  async getTask(actor: Actor, input: { planId: string; taskId: string }): Promise<TaskDetail> {
    const d = await this.getPlan(actor, { id: input.planId });
    const task = d.tasks.find((t) => t.id === input.taskId);
    if (!task) throw new NotFoundError(PLAN_TASK);
    const updates = (await taskRepository.updates(this.db.read, input.planId)).filter(
      (u) => u.task_id === task.id,
    );
    return {
      plan: d.plan,
      task,
      priorityTitle: d.priorities.find((p) => p.id === task.priorityId)?.title ?? '',
      updates: updates.reverse().map((u) => ({
        status: u.status,
        progress: u.progress,
        spent: u.spent,
        note: u.note,
        reportedOn: u.reported_on,
        recordedAt: u.created_at,
      })),
      canManage: d.canManage,
    };
  }

  /** A progress report: kept in the task's history; the task shows its latest state. */
  async reportProgress(
    actor: Actor,
    input: ProgressInput & { planId: string; taskId: string },
  ): Promise<PlanDetail['tasks'][number]> {
    const { plan } = await this.planFor(actor, 'read', input.planId);
    const task = await this.taskOf(this.db.read, plan, input.taskId);
    const role = authorize(actor, 'report_progress', PLAN_TASK, taskResource(plan, task));
    const status = oneOf(input.status, TASK_STATUSES, 'status');
    let progress = percent(input.progress, 'progress');
    const spent = amount(input.spent, 'spent');
    const note = optionalText(input.note, 'note', 2000);
    const reportedOn = input.reportedOn ? date(input.reportedOn, 'reportedOn') : today();
    if (reportedOn > today()) throw new ValidationError('reportedOn must not be in the future', 'reportedOn');
    if (status === 'not_started' && (progress > 0 || spent > 0))
      throw new ValidationError('a task not started has no progress and nothing spent', 'progress');
    if (status === 'done') progress = 100;
    if (task.funding_source === 'none' && spent > 0)
      throw new ValidationError('a task without funding has nothing spent', 'spent');
    await this.db.write(async (trx) => {
      const row: PlanTaskUpdate = {
        id: newId(),
        task_id: task.id,
        plan_id: plan.id,
        status,
        progress,
        spent,
        note,
        reported_on: reportedOn,
        reported_by: actor.personId,
        created_at: nowIso(),
      };
      await taskRepository.addUpdate(trx, row);
      // The task shows the latest state by date (a back-dated report does not override a newer one).
      const all = (await taskRepository.updates(trx, plan.id)).filter((u) => u.task_id === task.id);
      const latest = all[all.length - 1]!;
      const doneSince = latest.status === 'done' ? firstDoneOfLastRun(all) : null;
      await taskRepository.update(trx, task.id, {
        status: latest.status,
        progress: latest.progress,
        spent: latest.spent,
        completed_on: doneSince,
        updated_at: row.created_at,
      });
      await this.audit.record(trx, {
        actor,
        role,
        action: 'plan.task.progress',
        subjectType: PLAN_TASK,
        subjectId: task.id,
        details: { planId: plan.id, status, progress, spent, reportedOn },
      });
    });
    return (await this.getPlan(actor, { id: plan.id })).tasks.find((t) => t.id === task.id)!;
  }

  // --- approvals and versions ----------------------------------------------------------------

  async approve(actor: Actor, input: ApprovalInput): Promise<PlanDetail> {
    const { plan } = await this.planFor(actor, 'read', input.planId);
    const signer = await this.signerFor(actor, plan);
    const role = authorize(actor, 'approve', PLAN, {
      ...resourceOf(plan),
      signerOrganisationKind: signer.kind,
    } satisfies PlanApprovalResource);
    const seat = signer.seat!;
    if (!Number.isInteger(input.version) || input.version < 1)
      throw new ValidationError('version must be a version number', 'version');
    const roleTitle = requiredText(input.roleTitle, 'roleTitle', 200);
    const approvedOn = date(input.approvedOn, 'approvedOn');
    if (approvedOn > today()) throw new ValidationError('approvedOn must not be in the future', 'approvedOn');
    const person = await lookupRepository.person(this.db.read, actor.personId ?? '');
    await this.db.write(async (trx) => {
      const p = await this.db.dialect
        .lockForUpdate(trx.selectFrom('plan').selectAll().where('id', '=', plan.id))
        .executeTakeFirst();
      if (!p) throw new NotFoundError(PLAN);
      if (p.current_version !== input.version)
        throw new ConflictError(
          `the plan has changed: version ${p.current_version} is the one to sign now; read it first`,
          'version',
        );
      const version = (await versionRepository.get(trx, p.id, p.current_version))!;
      const signed = (await approvalRepository.listByPlan(trx, p.id)).filter(
        (a) => a.version_number === version.number,
      );
      const taken = signed.find((a) => a.seat === seat);
      if (taken) throw new ConflictError(`this seat has already signed version ${version.number}`, 'seat');
      if (signed.some((a) => a.person_id === actor.personId))
        throw new ConflictError('one person signs for one seat only', 'seat');
      const now = nowIso();
      const row: PlanApproval = {
        id: newId(),
        plan_id: p.id,
        version_id: version.id,
        version_number: version.number,
        seat,
        person_id: actor.personId,
        signatory_name: person?.display_name ?? '',
        role_title: roleTitle,
        organisation_id: actor.organisationId,
        organisation_name: signer.name ?? '',
        approved_on: approvedOn,
        created_at: now,
      };
      await approvalRepository.create(trx, row).catch((err: unknown) => {
        if (this.db.dialect.isUniqueViolation(err))
          throw new ConflictError(`this seat has already signed version ${version.number}`, 'seat');
        throw err;
      });
      if (!version.frozen_at) await versionRepository.update(trx, version.id, { frozen_at: now });
      const complete = SEATS.every((s) => s === seat || signed.some((a) => a.seat === s));
      if (complete)
        await planRepository.update(trx, p.id, {
          status: 'approved',
          approved_version: version.number,
          approved_at: now,
          updated_at: now,
        });
      await this.audit.record(trx, {
        actor,
        role,
        action: 'plan.approve',
        subjectType: PLAN,
        subjectId: p.id,
        details: { version: version.number, seat, approvedOn, complete },
      });
    });
    return this.getPlan(actor, { id: plan.id });
  }

  async listVersions(actor: Actor, input: { id: string }): Promise<VersionSummary[]> {
    const { plan, role } = await this.planFor(actor, 'read', input.id);
    const versions = await versionRepository.list(this.db.read, plan.id);
    const approvals = await approvalRepository.listByPlan(this.db.read, plan.id);
    await this.db.write((trx) =>
      this.audit.record(trx, {
        actor,
        role,
        action: 'plan.versions.read',
        subjectType: PLAN,
        subjectId: plan.id,
        details: { versions: versions.length },
      }),
    );
    return versions.map((v, i) => summarise(plan, v, versions[i - 1] ?? null, approvals)).reverse();
  }

  async getVersion(actor: Actor, input: { id: string; number: number }): Promise<VersionDetail> {
    const { plan, role } = await this.planFor(actor, 'read', input.id);
    const versions = await versionRepository.list(this.db.read, plan.id);
    const i = versions.findIndex((v) => v.number === input.number);
    if (i < 0) throw new NotFoundError('plan_version');
    const v = versions[i]!;
    const approvals = await approvalRepository.listByPlan(this.db.read, plan.id);
    const content = parseSnapshot(v.snapshot);
    if (!content) throw new NotFoundError('plan_version');
    await this.db.write((trx) =>
      this.audit.record(trx, {
        actor,
        role,
        action: 'plan.version.read',
        subjectType: PLAN,
        subjectId: plan.id,
        details: { version: v.number },
      }),
    );
    return {
      ...summarise(plan, v, versions[i - 1] ?? null, approvals),
      planId: plan.id,
      planTitle: plan.title,
      current: v.number === plan.current_version,
      content,
    };
  }

  /** What changed in the current version since the version in force (empty when none is). */
  async changesSinceApproved(actor: Actor, input: { id: string }): Promise<VersionSummary['changes']> {
    const { plan } = await this.planFor(actor, 'read', input.id);
    if (!plan.approved_version || plan.approved_version === plan.current_version) return [];
    const a = await versionRepository.get(this.db.read, plan.id, plan.approved_version);
    const b = await versionRepository.get(this.db.read, plan.id, plan.current_version);
    const sa = a ? parseSnapshot(a.snapshot) : null;
    const sb = b ? parseSnapshot(b.snapshot) : null;
    return sa && sb ? diffSnapshots(sa, sb) : [];
  }

  // --- monitoring ----------------------------------------------------------------------------

  async quarterly(actor: Actor, input: { id: string; year: number; quarter: number }): Promise<PlanReport> {
    const { plan } = await this.planFor(actor, 'read', input.id);
    if (!Number.isInteger(input.year) || input.year < 2000 || input.year > 2100)
      throw new ValidationError('year must be a year like 2026', 'year');
    if (!Number.isInteger(input.quarter) || input.quarter < 1 || input.quarter > 4)
      throw new ValidationError('quarter must be 1, 2, 3 or 4', 'quarter');
    const { from, to } = quarterBounds(input.year, input.quarter);
    if (to < plan.period_start || from > plan.period_end)
      throw new ValidationError(
        `the quarter lies outside the plan's period (${plan.period_start} – ${plan.period_end})`,
        'quarter',
      );
    if (from > today()) throw new ValidationError('the quarter has not begun yet', 'quarter');
    const tasks = await taskRepository.listByPlan(this.db.read, plan.id);
    const updates = await taskRepository.updates(this.db.read, plan.id);
    const priorities = await priorityRepository.listByPlan(this.db.read, plan.id);
    const orgs = await organisationRepository.byIds(this.db.read, [
      ...new Set(tasks.map((t) => t.owner_organisation_id).filter((o): o is string => !!o)),
    ]);
    const report = quarterlyReport(
      tasks.map((t) => ({
        id: t.id,
        title: t.title,
        priorityId: t.priority_id,
        ownerOrganisationName: t.owner_organisation_id
          ? (orgs.get(t.owner_organisation_id)?.name ?? null)
          : null,
        deadline: t.deadline,
        fundingSource: t.funding_source,
        budget: t.budget,
      })),
      updates.map((u) => ({
        taskId: u.task_id,
        status: u.status,
        progress: u.progress,
        spent: u.spent,
        reportedOn: u.reported_on,
        createdAt: u.created_at,
      })),
      { year: input.year, quarter: input.quarter, today: today() },
    );
    return {
      plan: await this.view(plan),
      priorities: priorities.map((p) => ({ id: p.id, title: p.title })),
      report,
    };
  }

  async quarterlyXlsx(
    actor: Actor,
    input: { id: string; year: number; quarter: number; labels: ReportXlsxLabels },
  ): Promise<Buffer> {
    const r = await this.quarterly(actor, input);
    const { role } = await this.planFor(actor, 'read', input.id);
    const L = input.labels;
    const wb = new ExcelJS.Workbook();
    wb.creator = 'Ishenim';
    const s = wb.addWorksheet(L.sheetSummary);
    s.addRow([L.plan, r.plan.title]);
    s.addRow([L.area, r.plan.areaCode]);
    s.addRow([L.period, `${r.plan.periodStart} – ${r.plan.periodEnd}`]);
    s.addRow([L.quarter, `${r.report.year} Q${r.report.quarter} (${r.report.from} – ${r.report.to})`]);
    s.addRow([L.asOf, r.report.asOf]);
    s.addRow([]);
    s.addRow([L.indicator, L.value]).font = { bold: true };
    s.addRow([L.total, r.report.total]);
    for (const c of Object.keys(r.report.counts) as Array<keyof QuarterlyReport['counts']>)
      s.addRow([L.categories[c] ?? c, r.report.counts[c]]);
    s.addRow([L.dueThisQuarter, r.report.dueThisQuarter]);
    s.addRow([L.doneThisQuarter, r.report.doneThisQuarter]);
    s.addRow([]);
    s.addRow([L.funding, L.budget, L.spent, L.percentSpent]).font = { bold: true };
    for (const f of FUNDING_SOURCES) {
      const m = r.report.byFunding[f];
      s.addRow([L.fundingSources[f] ?? f, m.budget, m.spent, m.percent ?? '']);
    }
    s.addRow([L.total, r.report.money.budget, r.report.money.spent, r.report.money.percent ?? '']).font = {
      bold: true,
    };
    s.getColumn(1).width = 36;
    const t = wb.addWorksheet(L.sheetTasks);
    t.addRow([
      L.priority,
      L.task,
      L.owner,
      L.deadline,
      L.funding,
      L.budget,
      L.spent,
      L.status,
      L.progress,
      L.category,
      L.dueThisQuarter,
      L.doneThisQuarter,
    ]).font = { bold: true };
    const prio = new Map(r.priorities.map((p) => [p.id, p.title]));
    for (const row of r.report.tasks)
      t.addRow([
        prio.get(row.priorityId) ?? '',
        row.title,
        row.ownerOrganisationName ?? '',
        row.deadline,
        L.fundingSources[row.fundingSource] ?? row.fundingSource,
        row.budget,
        row.spent,
        L.statuses[row.status] ?? row.status,
        row.progress,
        L.categories[row.category] ?? row.category,
        row.dueThisQuarter ? L.yes : L.no,
        row.doneThisQuarter ? L.yes : L.no,
      ]);
    t.getColumn(2).width = 48;
    await this.db.write((trx) =>
      this.audit.record(trx, {
        actor,
        role,
        action: 'plan.report.export',
        subjectType: PLAN,
        subjectId: input.id,
        details: { year: input.year, quarter: input.quarter },
      }),
    );
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  // --- public --------------------------------------------------------------------------------

  async listPublic(actor: Actor, input: { areaCode?: string } = {}): Promise<PublicPlanView[]> {
    authorize(actor, 'read_public', PLAN);
    let paths = ['/'];
    if (input.areaCode) {
      const area = await lookupRepository.area(this.db.read, input.areaCode);
      if (!area) throw unknownChoice('areaCode', 'area');
      paths = [area.path];
    }
    const rows = await planRepository.search(this.db.read, { paths, statuses: ['approved', 'revision'] });
    const names = await this.areaNames(rows.map((r) => r.area_code));
    const out: PublicPlanView[] = [];
    for (const r of rows) {
      const v = await versionRepository.get(this.db.read, r.id, r.approved_version ?? 0);
      out.push(presentPublicPlan(r, names.get(r.area_code) ?? {}, v ? parseSnapshot(v.snapshot) : null));
    }
    return out;
  }

  async getPublic(actor: Actor, input: { id: string }): Promise<PublicPlanDetail> {
    const plan = await planRepository.getById(this.db.read, input.id);
    if (!plan || plan.status === 'draft' || !plan.approved_version) throw new NotFoundError(PLAN);
    authorize(actor, 'read_public', PLAN, resourceOf(plan));
    const v = await versionRepository.get(this.db.read, plan.id, plan.approved_version);
    const snapshot = v ? parseSnapshot(v.snapshot) : null;
    if (!snapshot) throw new NotFoundError(PLAN);
    const live = new Map((await taskRepository.listByPlan(this.db.read, plan.id)).map((t) => [t.id, t]));
    const approvals = (await approvalRepository.listByPlan(this.db.read, plan.id)).filter(
      (a) => a.version_number === plan.approved_version,
    );
    const names = await this.areaNames([plan.area_code]);
    const tasks = snapshot.tasks.map((t) => {
      const l = live.get(t.id);
      return {
        id: t.id,
        priorityId: t.priorityId,
        title: t.title,
        ownerOrganisationName: t.ownerOrganisationName,
        deadline: t.deadline,
        fundingSource: t.fundingSource,
        budget: t.budget,
        spent: l?.spent ?? 0,
        status: l?.status ?? ('not_started' as const),
        progress: l?.progress ?? 0,
      };
    });
    const counted = tasks.filter((t) => t.status !== 'cancelled');
    return {
      ...presentPublicPlan(plan, names.get(plan.area_code) ?? {}, snapshot),
      priorities: snapshot.priorities.map((p) => ({
        id: p.id,
        title: p.title,
        justification: p.justification,
        source: p.source,
      })),
      tasks,
      signatures: SEATS.map((seat) => approvals.find((a) => a.seat === seat))
        .filter((a): a is PlanApproval => !!a)
        .map((a) => ({ seat: a.seat, approvedOn: a.approved_on })),
      progress: counted.length ? Math.round(counted.reduce((n, t) => n + t.progress, 0) / counted.length) : 0,
    };
  }

  /** Organisations a task may be given to (those working in, above or below the plan's area). */
  async ownerOptions(actor: Actor, input: { id: string }): Promise<Array<{ id: string; name: string }>> {
    const { plan } = await this.planFor(actor, 'manage', input.id);
    return lookupRepository.organisationsNear(this.db.read, plan.area_path);
  }
}

function taskResource(plan: Plan, t: PlanTask): PlanTaskResource {
  return { ...resourceOf(plan), ownerOrganisationId: t.owner_organisation_id };
}

/** The day a task most recently became done (its reports sorted by day, then recording). */
function firstDoneOfLastRun(updates: PlanTaskUpdate[]): string | null {
  let since: string | null = null;
  let prev: string | null = null;
  for (const u of updates) {
    if (u.status !== 'done') since = null;
    else if (prev !== 'done') since = u.reported_on;
    prev = u.status;
  }
  return since;
}

function summarise(
  plan: Plan,
  v: PlanVersion,
  prev: PlanVersion | null,
  approvals: PlanApproval[],
): VersionSummary {
  const mine = approvals.filter((a) => a.version_number === v.number);
  const complete = SEATS.every((s) => mine.some((a) => a.seat === s));
  const state: VersionSummary['state'] = complete
    ? 'approved'
    : v.number !== plan.current_version
      ? 'superseded'
      : mine.length
        ? 'signing'
        : 'open';
  const a = prev ? parseSnapshot(prev.snapshot) : null;
  const b = parseSnapshot(v.snapshot);
  return {
    number: v.number,
    createdAt: v.created_at,
    frozenAt: v.frozen_at,
    state,
    approvals: mine.map(presentApproval),
    changes: b ? diffSnapshots(a, b) : [],
  };
}
