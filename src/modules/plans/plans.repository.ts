/** Kysely queries for plans, versions, priorities, tasks, progress reports and approvals; nothing else. */
import type { Kysely } from 'kysely';
import type { Trx } from '../../db/database.ts';
import type {
  DB,
  Plan,
  PlanApproval,
  PlanPriority,
  PlanTask,
  PlanTaskUpdate,
  PlanVersion,
} from '../../db/schema.ts';
import { likeEscape } from '../../db/dialect.ts';

type Q = Kysely<DB> | Trx;

export interface PlanListFilter {
  /** Jurisdiction paths the actor covers (a plan is listed when its area lies under one). */
  paths: string[];
  /** Only plans whose area lies under this path. */
  areaPath?: string;
  statuses?: Array<Plan['status']>;
  /** Only plans whose period touches this year. */
  year?: number;
}

export const planRepository = {
  async getById(db: Q, id: string): Promise<Plan | undefined> {
    return db.selectFrom('plan').selectAll().where('id', '=', id).executeTakeFirst();
  },
  async create(db: Q, row: Plan): Promise<void> {
    await db.insertInto('plan').values(row).execute();
  },
  async update(db: Q, id: string, patch: Partial<Omit<Plan, 'id'>>): Promise<void> {
    await db.updateTable('plan').set(patch).where('id', '=', id).execute();
  },
  async search(db: Q, f: PlanListFilter, limit = 200): Promise<Plan[]> {
    if (f.paths.length === 0) return [];
    let q = db
      .selectFrom('plan')
      .selectAll()
      .where((eb) => eb.or(f.paths.map((p) => eb('area_path', 'like', `${likeEscape(p)}%`))));
    if (f.areaPath) q = q.where('area_path', 'like', `${likeEscape(f.areaPath)}%`);
    if (f.statuses?.length) q = q.where('status', 'in', f.statuses);
    if (f.year) {
      q = q.where('period_start', '<=', `${f.year}-12-31`).where('period_end', '>=', `${f.year}-01-01`);
    }
    return q.orderBy('period_start', 'desc').orderBy('area_path').orderBy('id').limit(limit).execute();
  },
};

export const versionRepository = {
  async get(db: Q, planId: string, number: number): Promise<PlanVersion | undefined> {
    return db
      .selectFrom('plan_version')
      .selectAll()
      .where('plan_id', '=', planId)
      .where('number', '=', number)
      .executeTakeFirst();
  },
  async list(db: Q, planId: string): Promise<PlanVersion[]> {
    return db
      .selectFrom('plan_version')
      .selectAll()
      .where('plan_id', '=', planId)
      .orderBy('number')
      .execute();
  },
  async create(db: Q, row: PlanVersion): Promise<void> {
    await db.insertInto('plan_version').values(row).execute();
  },
  async update(
    db: Q,
    id: string,
    patch: Partial<Pick<PlanVersion, 'snapshot' | 'frozen_at'>>,
  ): Promise<void> {
    await db.updateTable('plan_version').set(patch).where('id', '=', id).execute();
  },
};

export const priorityRepository = {
  async listByPlan(db: Q, planId: string): Promise<PlanPriority[]> {
    return db
      .selectFrom('plan_priority')
      .selectAll()
      .where('plan_id', '=', planId)
      .orderBy('position')
      .orderBy('id')
      .execute();
  },
  async getById(db: Q, id: string): Promise<PlanPriority | undefined> {
    return db.selectFrom('plan_priority').selectAll().where('id', '=', id).executeTakeFirst();
  },
  async create(db: Q, row: PlanPriority): Promise<void> {
    await db.insertInto('plan_priority').values(row).execute();
  },
  async update(db: Q, id: string, patch: Partial<Omit<PlanPriority, 'id' | 'plan_id'>>): Promise<void> {
    await db.updateTable('plan_priority').set(patch).where('id', '=', id).execute();
  },
  async delete(db: Q, id: string): Promise<void> {
    await db.deleteFrom('plan_priority_problem').where('priority_id', '=', id).execute();
    await db.deleteFrom('plan_priority').where('id', '=', id).execute();
  },
  async nextPosition(db: Q, planId: string): Promise<number> {
    const r = await db
      .selectFrom('plan_priority')
      .select((eb) => eb.fn.max('position').as('m'))
      .where('plan_id', '=', planId)
      .executeTakeFirst();
    return Number(r?.m ?? 0) + 1;
  },
  async problemLinks(db: Q, planId: string): Promise<Array<{ priority_id: string; problem_id: string }>> {
    return db
      .selectFrom('plan_priority_problem')
      .select(['priority_id', 'problem_id'])
      .where('plan_id', '=', planId)
      .orderBy('problem_id')
      .execute();
  },
  async setProblems(db: Q, planId: string, priorityId: string, problemIds: string[]): Promise<void> {
    await db.deleteFrom('plan_priority_problem').where('priority_id', '=', priorityId).execute();
    if (problemIds.length)
      await db
        .insertInto('plan_priority_problem')
        .values(problemIds.map((p) => ({ priority_id: priorityId, problem_id: p, plan_id: planId })))
        .execute();
  },
};

export const taskRepository = {
  async listByPlan(db: Q, planId: string): Promise<PlanTask[]> {
    return db
      .selectFrom('plan_task')
      .selectAll()
      .where('plan_id', '=', planId)
      .orderBy('position')
      .orderBy('id')
      .execute();
  },
  async getById(db: Q, id: string): Promise<PlanTask | undefined> {
    return db.selectFrom('plan_task').selectAll().where('id', '=', id).executeTakeFirst();
  },
  async create(db: Q, row: PlanTask): Promise<void> {
    await db.insertInto('plan_task').values(row).execute();
  },
  async update(db: Q, id: string, patch: Partial<Omit<PlanTask, 'id' | 'plan_id'>>): Promise<void> {
    await db.updateTable('plan_task').set(patch).where('id', '=', id).execute();
  },
  async delete(db: Q, id: string): Promise<void> {
    await db.deleteFrom('plan_task_problem').where('task_id', '=', id).execute();
    await db.deleteFrom('plan_task_update').where('task_id', '=', id).execute();
    await db.deleteFrom('plan_task').where('id', '=', id).execute();
  },
  async countByPriority(db: Q, priorityId: string): Promise<number> {
    const r = await db
      .selectFrom('plan_task')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('priority_id', '=', priorityId)
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  },
  async nextPosition(db: Q, planId: string): Promise<number> {
    const r = await db
      .selectFrom('plan_task')
      .select((eb) => eb.fn.max('position').as('m'))
      .where('plan_id', '=', planId)
      .executeTakeFirst();
    return Number(r?.m ?? 0) + 1;
  },
  async problemLinks(db: Q, planId: string): Promise<Array<{ task_id: string; problem_id: string }>> {
    return db
      .selectFrom('plan_task_problem')
      .select(['task_id', 'problem_id'])
      .where('plan_id', '=', planId)
      .orderBy('problem_id')
      .execute();
  },
  async setProblems(db: Q, planId: string, taskId: string, problemIds: string[]): Promise<void> {
    await db.deleteFrom('plan_task_problem').where('task_id', '=', taskId).execute();
    if (problemIds.length)
      await db
        .insertInto('plan_task_problem')
        .values(problemIds.map((p) => ({ task_id: taskId, problem_id: p, plan_id: planId })))
        .execute();
  },
  async updates(db: Q, planId: string): Promise<PlanTaskUpdate[]> {
    return db
      .selectFrom('plan_task_update')
      .selectAll()
      .where('plan_id', '=', planId)
      .orderBy('reported_on')
      .orderBy('created_at')
      .execute();
  },
  async addUpdate(db: Q, row: PlanTaskUpdate): Promise<void> {
    await db.insertInto('plan_task_update').values(row).execute();
  },
  /** Actions of problems (SARA "Response") that say they serve one of these tasks. */
  async servingActions(
    db: Q,
    taskIds: string[],
  ): Promise<
    Array<{
      id: string;
      problem_id: string;
      plan_task_id: string | null;
      title: string;
      status: string;
      progress: number;
      deadline: string | null;
      problem_title: string;
      problem_area_path: string;
    }>
  > {
    if (taskIds.length === 0) return [];
    return db
      .selectFrom('problem_action as a')
      .innerJoin('problem as p', 'p.id', 'a.problem_id')
      .select([
        'a.id',
        'a.problem_id',
        'a.plan_task_id',
        'a.title',
        'a.status',
        'a.progress',
        'a.deadline',
        'p.title as problem_title',
        'p.area_path as problem_area_path',
      ])
      .where('a.plan_task_id', 'in', taskIds)
      .orderBy('a.created_at')
      .execute();
  },
};

export const approvalRepository = {
  async listByPlan(db: Q, planId: string): Promise<PlanApproval[]> {
    return db
      .selectFrom('plan_approval')
      .selectAll()
      .where('plan_id', '=', planId)
      .orderBy('version_number')
      .orderBy('created_at')
      .execute();
  },
  async create(db: Q, row: PlanApproval): Promise<void> {
    await db.insertInto('plan_approval').values(row).execute();
  },
};

export const lookupRepository = {
  /** Organisations that work in an area or above or below it: the owners a task may be given to. */
  async organisationsNear(db: Q, areaPath: string): Promise<Array<{ id: string; name: string }>> {
    const codes = areaPath.split('/').filter(Boolean);
    return db
      .selectFrom('organisation as o')
      .innerJoin('organisation_area as oa', 'oa.organisation_id', 'o.id')
      .innerJoin('area as a', (j) => j.onRef('a.code', '=', 'oa.area_code').on('a.valid_to', 'is', null))
      .select(['o.id', 'o.name'])
      .distinct()
      .where('o.status', '=', 'active')
      .where((eb) => eb.or([eb('a.code', 'in', codes), eb('a.path', 'like', `${likeEscape(areaPath)}%`)]))
      .orderBy('o.name')
      .execute();
  },
  async person(
    db: Q,
    id: string,
  ): Promise<{ id: string; display_name: string; organisation_id: string | null } | undefined> {
    return db
      .selectFrom('person')
      .select(['id', 'display_name', 'organisation_id'])
      .where('id', '=', id)
      .executeTakeFirst();
  },
  async area(
    db: Q,
    code: string,
  ): Promise<{ code: string; path: string; kind: string; country_code: string; names: string } | undefined> {
    return db
      .selectFrom('area')
      .select(['code', 'path', 'kind', 'country_code', 'names'])
      .where('code', '=', code)
      .where('valid_to', 'is', null)
      .executeTakeFirst();
  },
  /** Problems with these ids and the area paths they concern (their own and their listed areas). */
  async problems(db: Q, ids: string[]): Promise<Map<string, { title: string; paths: string[] }>> {
    if (ids.length === 0) return new Map();
    const rows = await db
      .selectFrom('problem')
      .select(['id', 'title', 'area_path'])
      .where('id', 'in', ids)
      .execute();
    const areas = await db
      .selectFrom('problem_area')
      .select(['problem_id', 'area_path'])
      .where('problem_id', 'in', ids)
      .execute();
    const out = new Map(rows.map((r) => [r.id, { title: r.title, paths: [r.area_path] }]));
    for (const a of areas) out.get(a.problem_id)?.paths.push(a.area_path);
    return out;
  },
};
