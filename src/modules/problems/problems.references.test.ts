/**
 * References through the policy and safe transitions, on SQLite and PostgreSQL, through the real app:
 * a problem, plan task, person or organisation named in a body that the caller may not see answers the
 * same 404 body as a made-up id; two concurrent stage or status changes from the same state: one wins.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { describeDialects } from '../../../test/db.ts';
import { insertOrganisation } from '../../../test/factories.ts';
import { newId } from '../../shared/ids.ts';
import type { Actor } from '../../shared/policy.ts';
import { nowIso } from '../../shared/time.ts';
import { reportBody, reportWorld, UZGEN_POINT, type ReportWorld } from '../reports/reports.fixtures.ts';

const NOT_FOUND = { error: { code: 'not_found', message: 'not found' } };

describeDialects('references and transitions', (dialect) => {
  let t: TestApp;
  let w: ReportWorld;
  const actor = async (token: string): Promise<Actor> =>
    (await t.app.ctx.services.sessions.resolveApiToken(token))!;
  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, auth: object, payload?: object) =>
    t.app.inject({ method, url, headers: auth as Record<string, string>, ...(payload ? { payload } : {}) });
  const newReport = async (over: Record<string, unknown> = {}) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/reports', payload: reportBody(over) });
    expect(res.statusCode, res.body).toBe(201);
    return (res.json() as { id: string }).id;
  };
  const newProblem = async (token: string, areaCode: string) =>
    t.app.ctx.services.problems.create(await actor(token), {
      title: 'Drinking at the school gate',
      description: 'Evenings, near the school.',
      clusteringType: 'place',
      priority: 'high',
      areaCodes: [areaCode],
    });
  /** A plan with one task (plan tables belong to the plans module: plain rows here). */
  const newPlanTask = async (area: { code: string; path: string }) => {
    const now = nowIso();
    const [planId, priorityId, taskId] = [newId(), newId(), newId()];
    await t.app.ctx.db.write(async (trx) => {
      await trx
        .insertInto('plan')
        .values({
          id: planId,
          title: 'Prevention plan 2027',
          area_code: area.code,
          area_path: area.path,
          period_start: '2027-01-01',
          period_end: '2027-12-31',
          summary: '',
          currency: 'KGS',
          status: 'draft',
          current_version: 1,
          created_at: now,
          updated_at: now,
        } as never)
        .execute();
      await trx
        .insertInto('plan_priority')
        .values({
          id: priorityId,
          plan_id: planId,
          position: 1,
          title: 'Safe way to school',
          justification: '',
          source: 'problem',
          created_at: now,
          updated_at: now,
        } as never)
        .execute();
      await trx
        .insertInto('plan_task')
        .values({
          id: taskId,
          plan_id: planId,
          priority_id: priorityId,
          position: 1,
          title: 'Walking buses',
          description: '',
          deadline: '2027-06-01',
          funding_source: 'in_kind',
          status: 'not_started',
          created_at: now,
          updated_at: now,
        } as never)
        .execute();
    });
    return taskId;
  };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    w = await reportWorld(t.app);
  });
  afterAll(async () => t?.close());

  it('links a report only to a problem the caller may work: another district’s is a made-up id', async () => {
    const report = await newReport();
    const own = await newProblem(w.supervisor.token, w.areas.district.code);
    const foreign = await newProblem(w.otherOfficer.token, w.areas.uzgen.code);
    const link = (problemId: string) =>
      call('POST', `/api/v1/reports/${report}/problem`, w.supervisor.auth, { problem_id: problemId });
    const made = await link(newId());
    const other = await link(foreign.id);
    expect(made.statusCode).toBe(404);
    expect(other.statusCode).toBe(404);
    expect(other.json()).toEqual(made.json());
    expect(made.json()).toEqual(NOT_FOUND);
    const row = () =>
      t.app.ctx.db.read.selectFrom('report').select('problem_id').where('id', '=', report).executeTakeFirst();
    expect((await row())?.problem_id).toBeNull();
    const ok = await link(own.id);
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await row())?.problem_id).toBe(own.id);
  });

  it('assigns only to people and organisations of the report’s district', async () => {
    const report = await newReport();
    const uzgenOrg = await insertOrganisation(t.app.ctx.db, { areaCodes: [w.areas.uzgen.code] });
    const assign = (body: object) =>
      call('POST', `/api/v1/reports/${report}/assign`, w.supervisor.auth, body);
    const madePerson = await assign({ person_id: newId() });
    const farPerson = await assign({ person_id: w.otherOfficer.id });
    const madeOrg = await assign({ organisation_id: newId() });
    const farOrg = await assign({ organisation_id: uzgenOrg.id });
    for (const r of [madePerson, farPerson, madeOrg, farOrg]) {
      expect(r.statusCode).toBe(404);
      expect(r.json()).toEqual(NOT_FOUND);
    }
    const ok = await assign({ person_id: w.officer.id, organisation_id: w.partnerOrg.id });
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it('links an action only to a task of a plan the caller may read', async () => {
    const problem = await newProblem(w.officer.token, w.areas.district.code);
    const add = (planTaskId: string) =>
      call('POST', `/api/v1/problems/${problem.id}/actions`, w.officer.auth, {
        title: 'Walking bus',
        fundingSource: 'none',
        planTaskId,
      });
    const made = await add(newId());
    const foreign = await add(await newPlanTask(w.areas.uzgen));
    expect(made.statusCode).toBe(404);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json()).toEqual(made.json());
    const ok = await add(await newPlanTask(w.areas.district));
    expect(ok.statusCode, ok.body).toBe(201);
  });

  it('answers a made-up action id and another district’s action with the same body', async () => {
    const foreign = await newProblem(w.otherOfficer.token, w.areas.uzgen.code);
    const action = await call('POST', `/api/v1/problems/${foreign.id}/actions`, w.otherOfficer.auth, {
      title: 'Lights at the bus stop',
      fundingSource: 'none',
    });
    expect(action.statusCode, action.body).toBe(201);
    const actionId = (action.json() as { id: string }).id;
    const patch = (id: string) =>
      call('PATCH', `/api/v1/problems/actions/${id}`, w.officer.auth, { progress: 10 });
    const made = await patch(newId());
    const other = await patch(actionId);
    expect([made.statusCode, other.statusCode]).toEqual([404, 404]);
    expect(other.json()).toEqual(made.json());
    expect(made.json()).toEqual(NOT_FOUND);
  });

  it('two concurrent stage changes from the same stage: exactly one wins, the other is a 409', async () => {
    const problem = await newProblem(w.officer.token, w.areas.district.code);
    const advance = () =>
      call('POST', `/api/v1/problems/${problem.id}/stage`, w.officer.auth, { to: 'analysis' });
    const results = await Promise.all([advance(), advance()]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.statusCode === 409)!.json().error.message).toMatch(
      /just changed stage|cannot move to/,
    );
    const changes = await t.app.ctx.db.read
      .selectFrom('problem_event')
      .select('id')
      .where('problem_id', '=', problem.id)
      .where('kind', '=', 'stage_changed')
      .execute();
    expect(changes).toHaveLength(1);
    const row = await t.app.ctx.db.read
      .selectFrom('problem')
      .select('status')
      .where('id', '=', problem.id)
      .executeTakeFirst();
    expect(row?.status).toBe('analysis');
  });

  it('two concurrent status changes of one report: exactly one wins, one status event', async () => {
    const report = await newReport({ location: UZGEN_POINT });
    const change = () =>
      call('POST', `/api/v1/reports/${report}/status`, w.otherOfficer.auth, {
        status: 'acknowledged',
        reason: 'seen',
      });
    const results = await Promise.all([change(), change()]);
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes[0]).toBe(200);
    // SQLite has one writer, so the second sees the new status (400); PostgreSQL's conditional update does (409).
    expect([400, 409]).toContain(codes[1]);
    const events = await t.app.ctx.db.read
      .selectFrom('report_event')
      .select('id')
      .where('report_id', '=', report)
      .where('kind', '=', 'status')
      .execute();
    expect(events).toHaveLength(1);
  });
});
