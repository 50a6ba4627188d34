/**
 * Plans services, policies, versioning, the approval state machine, monitoring and the API, on SQLite
 * and PostgreSQL: who may see, change and sign a plan ("not yours" is 404), the three signatures
 * against one version, changes after approval opening a new version, progress without new
 * signatures, quarterly arithmetic from back-dated progress reports, audit in the same transaction,
 * public pages without names.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ConflictError, NotFoundError, UnauthenticatedError, ValidationError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { ANONYMOUS, type Actor } from '../../shared/policy.ts';
import { nowIso } from '../../shared/time.ts';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { describeDialects } from '../../../test/db.ts';
import {
  createApiToken,
  createSession,
  csrfPair,
  insertArea,
  insertAreaChain,
  insertOrganisation,
  insertStaff,
  sessionCookies,
  type AreaChain,
} from '../../../test/factories.ts';

describeDialects('plans', (dialect) => {
  let t: TestApp;
  let areas: AreaChain;
  const actors: Record<string, Actor> = {};
  const people: Record<string, string> = {};
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const today = nowIso().slice(0, 10);
  // Last year's plan: every quarter has begun and every date used below lies in the past.
  const year = Number(today.slice(0, 4)) - 1;
  const svc = () => t.app.ctx.services.plans;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const db = t.app.ctx.db;
    areas = await insertAreaChain(db);
    const muni = await insertArea(db, {
      code: 'KG-O.kara-suu.kashkar',
      kind: 'municipality',
      parent: areas.district,
      names: {
        ky: 'Кашкар-Кыштак айыл аймагы',
        ru: 'Кашкар-Кыштакский айыльный аймак',
        en: 'Kashkar-Kyshtak',
      },
    });
    const other = await insertArea(db, {
      code: 'KG-O.nookat',
      kind: 'district',
      parent: areas.region,
      names: { en: 'Nookat' },
    });
    const d = areas.district.code;
    const police = await insertOrganisation(db, {
      name: 'Kara-Suu police',
      kind: 'police_district',
      sector: 'police',
      areaCodes: [d],
    });
    const ayil = await insertOrganisation(db, {
      name: 'Kashkar ayil okmotu',
      kind: 'local_government',
      sector: 'partner',
      areaCodes: [muni.code],
    });
    const kenesh = await insertOrganisation(db, {
      name: 'Kashkar ayil kenesh',
      kind: 'local_council',
      sector: 'partner',
      areaCodes: [muni.code],
    });
    const ngo = await insertOrganisation(db, {
      name: 'Yntymak NGO',
      kind: 'ngo',
      sector: 'partner',
      areaCodes: [d],
    });
    const nookatPolice = await insertOrganisation(db, {
      kind: 'police_district',
      sector: 'police',
      areaCodes: [other.code],
    });
    Object.assign(ids, {
      muni: muni.code,
      other: other.code,
      police: police.id,
      ayil: ayil.id,
      kenesh: kenesh.id,
      ngo: ngo.id,
    });
    const staff = {
      coordinator: await insertStaff(db, [{ role: 'prevention_coordinator', areaCode: d }], {
        organisationId: police.id,
      }),
      policeHead: await insertStaff(db, [{ role: 'supervisor', areaCode: d }], {
        organisationId: police.id,
        displayName: 'Nurlan Osmonov',
      }),
      akim: await insertStaff(db, [{ role: 'partner', areaCode: muni.code }], {
        organisationId: ayil.id,
        displayName: 'Aibek Toktorov',
      }),
      chair: await insertStaff(db, [{ role: 'partner', areaCode: muni.code }], {
        organisationId: kenesh.id,
        displayName: 'Gulmira Saparova',
      }),
      ngoPartner: await insertStaff(db, [{ role: 'partner', areaCode: d }], { organisationId: ngo.id }),
      officer: await insertStaff(db, [{ role: 'officer', areaCode: d }], { organisationId: police.id }),
      otherSupervisor: await insertStaff(db, [{ role: 'supervisor', areaCode: other.code }], {
        organisationId: nookatPolice.id,
      }),
    };
    for (const [k, p] of Object.entries(staff)) {
      people[k] = p.id;
      tokens[k] = await createApiToken(t.app, p.id);
      actors[k] = (await t.app.ctx.services.sessions.resolveApiToken(tokens[k]!))!;
    }
  });
  afterAll(async () => t?.close());

  const auditCount = async (action: string, subjectId: string) =>
    Number(
      (
        await t.app.ctx.db.read
          .selectFrom('audit_event')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('action', '=', action)
          .where('subject_id', '=', subjectId)
          .executeTakeFirstOrThrow()
      ).n,
    );

  async function draftPlan() {
    const plan = await svc().createPlan(actors.coordinator!, {
      title: `Kashkar-Kyshtak prevention plan ${year}`,
      areaCode: ids.muni!,
      periodStart: `${year}-01-01`,
      periodEnd: `${year}-12-31`,
      summary: 'Livestock theft and school racketeering',
    });
    const pr = await svc().addPriority(actors.coordinator!, {
      planId: plan.id,
      title: 'Livestock theft on summer pastures',
      justification: 'Residents name it first',
      source: 'Resident questionnaire 2025',
    });
    const task = await svc().addTask(actors.coordinator!, {
      planId: plan.id,
      priorityId: pr.id,
      title: 'Joint night patrols with herders',
      ownerOrganisationId: ids.police!,
      deadline: `${year}-06-30`,
      fundingSource: 'local_budget',
      budget: 120_000,
    });
    return { plan, pr, task };
  }

  it("lets coordinators draw up plans for their area only, and hides plans outside one's jurisdiction", async () => {
    const { plan } = await draftPlan();
    expect(plan.status).toBe('draft');
    expect(plan.currency).toBe('KGS');
    expect(plan.currentVersion).toBe(1);
    await expect(
      svc().createPlan(actors.officer!, {
        title: 'x',
        areaCode: ids.muni!,
        periodStart: `${year}-01-01`,
        periodEnd: `${year}-12-31`,
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(svc().getPlan(actors.otherSupervisor!, { id: plan.id })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(svc().getPlan(ANONYMOUS, { id: plan.id })).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(svc().getPlan(actors.officer!, { id: newId() })).rejects.toBeInstanceOf(NotFoundError);
    // The ayil okmotu's partner sees the plan of its municipality; the NGO in the district too.
    expect((await svc().getPlan(actors.akim!, { id: plan.id })).plan.id).toBe(plan.id);
    expect((await svc().listPlans(actors.ngoPartner!)).map((p) => p.id)).toContain(plan.id);
    expect((await svc().listPlans(actors.otherSupervisor!)).map((p) => p.id)).not.toContain(plan.id);
    // Editing needs "manage": an officer who can read gets 404 on change.
    await expect(svc().addPriority(actors.officer!, { planId: plan.id, title: 'x' })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    expect(await auditCount('plan.create', plan.id)).toBe(1);
  });

  it('refuses bad input with the field named and writes nothing', async () => {
    const { plan, pr } = await draftPlan();
    const bad = async (input: Record<string, unknown>, field: string) => {
      const err = await svc()
        .addTask(actors.coordinator!, {
          planId: plan.id,
          priorityId: pr.id,
          title: 'T',
          deadline: `${year}-05-01`,
          fundingSource: 'donor',
          budget: 1,
          ...input,
        } as never)
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).field).toBe(field);
    };
    await bad({ deadline: `${year + 1}-01-05` }, 'deadline');
    await bad({ deadline: '2026-02-30' }, 'deadline');
    await bad({ fundingSource: 'lottery' }, 'fundingSource');
    await bad({ fundingSource: 'none', budget: 5 }, 'budget');
    await bad({ budget: -1 }, 'budget');
    await bad({ title: '  ' }, 'title');
    await bad({ priorityId: newId() }, 'priorityId');
    await bad({ ownerOrganisationId: newId() }, 'ownerOrganisationId');
    await bad({ problemIds: [newId()] }, 'problemIds');
    expect((await svc().getPlan(actors.coordinator!, { id: plan.id })).tasks).toHaveLength(1);
    await expect(
      svc().createPlan(actors.coordinator!, {
        title: 'x',
        areaCode: 'KG-O',
        periodStart: `${year}-01-01`,
        periodEnd: `${year}-12-31`,
      }),
    ).rejects.toMatchObject({ field: 'areaCode' });
    await expect(
      svc().createPlan(actors.coordinator!, {
        title: 'x',
        areaCode: ids.muni!,
        periodStart: `${year}-12-01`,
        periodEnd: `${year}-01-31`,
      }),
    ).rejects.toMatchObject({ field: 'periodEnd' });
    await expect(
      svc().deletePriority(actors.coordinator!, { planId: plan.id, priorityId: pr.id }),
    ).rejects.toBeInstanceOf(ConflictError);
  });

  it('needs the three signatures on one version; a change after approval opens a new version', async () => {
    const { plan, task } = await draftPlan();
    // Who may sign: the district police head, the ayil okmotu head and the kenesh chair; nobody else.
    const detail = await svc().getPlan(actors.policeHead!, { id: plan.id });
    expect(detail.signerSeat).toBe('police');
    expect((await svc().getPlan(actors.akim!, { id: plan.id })).signerSeat).toBe('municipality');
    expect((await svc().getPlan(actors.chair!, { id: plan.id })).signerSeat).toBe('council');
    expect((await svc().getPlan(actors.ngoPartner!, { id: plan.id })).signerSeat).toBeNull();
    expect((await svc().getPlan(actors.coordinator!, { id: plan.id })).signerSeat).toBeNull();
    const sign = (who: string, version = 1, approvedOn = today) =>
      svc().approve(actors[who]!, { planId: plan.id, version, roleTitle: `${who} title`, approvedOn });
    await expect(sign('ngoPartner')).rejects.toBeInstanceOf(NotFoundError);
    await expect(sign('coordinator')).rejects.toBeInstanceOf(NotFoundError);
    await expect(sign('otherSupervisor')).rejects.toBeInstanceOf(NotFoundError);
    await expect(sign('policeHead', 1, '2099-01-01')).rejects.toMatchObject({ field: 'approvedOn' });
    await expect(sign('policeHead', 2)).rejects.toBeInstanceOf(ConflictError);

    let d = await sign('policeHead');
    expect(d.plan.status).toBe('draft');
    expect(d.approvals.map((a) => [a.seat, a.signatoryName, a.roleTitle])).toEqual([
      ['police', 'Nurlan Osmonov', 'policeHead title'],
    ]);
    expect(d.missingSeats).toEqual(['municipality', 'council']);
    await expect(sign('policeHead')).rejects.toBeInstanceOf(ConflictError);

    // A change after the first signature opens version 2; the police signature stays on version 1.
    await svc().updateTask(actors.coordinator!, {
      planId: plan.id,
      taskId: task.id,
      priorityId: task.priorityId,
      title: task.title,
      ownerOrganisationId: ids.police!,
      deadline: task.deadline,
      fundingSource: 'local_budget',
      budget: 150_000,
    });
    d = await svc().getPlan(actors.coordinator!, { id: plan.id });
    expect(d.plan.currentVersion).toBe(2);
    expect(d.plan.status).toBe('draft');
    expect(d.approvals).toEqual([]);
    await expect(sign('akim', 1)).rejects.toMatchObject({ field: 'version' });
    await sign('policeHead', 2);
    await sign('akim', 2);
    d = await sign('chair', 2);
    expect(d.plan.status).toBe('approved');
    expect(d.plan.approvedVersion).toBe(2);
    expect(d.missingSeats).toEqual([]);
    expect(await auditCount('plan.approve', plan.id)).toBe(4);

    // Progress is monitoring: it never opens a version.
    await svc().reportProgress(actors.policeHead!, {
      planId: plan.id,
      taskId: task.id,
      status: 'in_progress',
      progress: 30,
      spent: 20_000,
    });
    // A change that changes nothing opens no version either.
    await svc().updatePriority(actors.coordinator!, {
      planId: plan.id,
      priorityId: d.priorities[0]!.id,
      title: d.priorities[0]!.title,
      justification: d.priorities[0]!.justification,
      source: d.priorities[0]!.source,
    });
    d = await svc().getPlan(actors.coordinator!, { id: plan.id });
    expect(d.plan.currentVersion).toBe(2);
    expect(d.plan.status).toBe('approved');

    // A real change after approval: version 3, status "revision", version 2 stays in force publicly.
    await svc().addPriority(actors.coordinator!, { planId: plan.id, title: 'School racketeering' });
    d = await svc().getPlan(actors.coordinator!, { id: plan.id });
    expect(d.plan).toMatchObject({ status: 'revision', currentVersion: 3, approvedVersion: 2 });
    const pub = await svc().getPublic(ANONYMOUS, { id: plan.id });
    expect(pub.priorities.map((p) => p.title)).toEqual(['Livestock theft on summer pastures']);
    expect(pub.revisionPending).toBe(true);
    expect(pub.tasks[0]).toMatchObject({
      budget: 150_000,
      spent: 20_000,
      status: 'in_progress',
      progress: 30,
    });
    expect(JSON.stringify(pub)).not.toContain('Nurlan');
    expect(pub.signatures.map((s) => s.seat)).toEqual(['police', 'municipality', 'council']);

    const versions = await svc().listVersions(actors.akim!, { id: plan.id });
    expect(versions.map((v) => [v.number, v.state])).toEqual([
      [3, 'open'],
      [2, 'approved'],
      [1, 'superseded'],
    ]);
    expect(versions[0]!.changes).toEqual([
      expect.objectContaining({ kind: 'priority', change: 'added', title: 'School racketeering' }),
    ]);
    expect(versions[1]!.changes[0]).toMatchObject({
      kind: 'task',
      change: 'changed',
      fields: [{ field: 'budget', from: '120000', to: '150000' }],
    });
    const v1 = await svc().getVersion(actors.akim!, { id: plan.id, number: 1 });
    expect(v1.content.tasks[0]!.budget).toBe(120_000);
    expect(v1.approvals.map((a) => a.seat)).toEqual(['police']);
    expect(await svc().changesSinceApproved(actors.akim!, { id: plan.id })).toHaveLength(1);
  });

  it('lets the owning organisation report progress and builds the quarterly report from the reports', async () => {
    const { plan, pr, task } = await draftPlan();
    const late = await svc().addTask(actors.coordinator!, {
      planId: plan.id,
      priorityId: pr.id,
      title: 'Brand livestock',
      ownerOrganisationId: ids.ngo!,
      deadline: `${year}-02-15`,
      fundingSource: 'donor',
      budget: 80_000,
    });
    // The NGO owns "late": its partner may report on it but not on the police task.
    await expect(
      svc().reportProgress(actors.ngoPartner!, {
        planId: plan.id,
        taskId: task.id,
        status: 'in_progress',
        progress: 10,
        spent: 0,
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await svc().reportProgress(actors.ngoPartner!, {
      planId: plan.id,
      taskId: late.id,
      status: 'in_progress',
      progress: 40,
      spent: 30_000,
      reportedOn: `${year}-01-20`,
    });
    await expect(
      svc().reportProgress(actors.ngoPartner!, {
        planId: plan.id,
        taskId: late.id,
        status: 'not_started',
        progress: 10,
        spent: 0,
      }),
    ).rejects.toMatchObject({ field: 'progress' });
    await expect(
      svc().reportProgress(actors.ngoPartner!, {
        planId: plan.id,
        taskId: late.id,
        status: 'done',
        progress: 10,
        spent: 0,
        reportedOn: '2099-01-01',
      }),
    ).rejects.toMatchObject({ field: 'reportedOn' });
    await svc().reportProgress(actors.coordinator!, {
      planId: plan.id,
      taskId: task.id,
      status: 'done',
      progress: 100,
      spent: 118_000,
      reportedOn: `${year}-03-10`,
    });
    // A back-dated report does not override the newer state shown on the task.
    await svc().reportProgress(actors.coordinator!, {
      planId: plan.id,
      taskId: task.id,
      status: 'in_progress',
      progress: 50,
      spent: 60_000,
      reportedOn: `${year}-02-01`,
    });
    const d = await svc().getTask(actors.coordinator!, { planId: plan.id, taskId: task.id });
    expect(d.task).toMatchObject({
      status: 'done',
      progress: 100,
      spent: 118_000,
      completedOn: `${year}-03-10`,
    });
    expect(d.updates.map((u) => u.reportedOn)).toEqual([`${year}-03-10`, `${year}-02-01`]);

    const q1 = await svc().quarterly(actors.akim!, { id: plan.id, year, quarter: 1 });
    expect(q1.report.counts).toMatchObject({ done: 1, late: 1, in_progress: 0, not_started: 0 });
    expect(q1.report.money).toEqual({ budget: 200_000, spent: 148_000, percent: 74 });
    expect(q1.report.byFunding.donor).toEqual({ budget: 80_000, spent: 30_000, percent: 38 });
    expect(q1.report.doneThisQuarter).toBe(1);
    await expect(
      svc().quarterly(actors.akim!, { id: plan.id, year: year + 3, quarter: 1 }),
    ).rejects.toMatchObject({
      field: 'quarter',
    });
    await expect(svc().quarterly(actors.akim!, { id: plan.id, year, quarter: 5 })).rejects.toMatchObject({
      field: 'quarter',
    });
    expect(await auditCount('plan.task.progress', task.id)).toBe(2);
  });

  it('links problems of the area and shows the problem actions serving a task', async () => {
    const { plan, pr, task } = await draftPlan();
    const problemId = newId();
    const actionId = newId();
    const now = nowIso();
    await t.app.ctx.db.write(async (trx) => {
      await trx
        .insertInto('problem')
        .values({
          id: problemId,
          title: 'Cattle stolen from Kashkar pastures',
          description: '',
          status: 'response',
          clustering_type: 'place',
          category_code: null,
          origin: 'hand',
          first_seen: null,
          last_seen: null,
          frequency: '',
          harms: '',
          priority: 'high',
          priority_rationale: '',
          goal: '',
          analysis: '{}',
          area_path: `${areas.district.path}${ids.muni}/`,
          published: 0,
          public_title: '',
          public_summary: '',
          published_at: null,
          created_by: null,
          created_at: now,
          updated_at: now,
          closed_at: null,
        } as never)
        .execute();
      await trx
        .insertInto('problem_action')
        .values({
          id: actionId,
          problem_id: problemId,
          title: 'Night patrol rota with herders',
          description: '',
          responsible_organisation_id: ids.police,
          responsible_person_id: null,
          deadline: null,
          funding_source: 'none',
          status: 'in_progress',
          progress: 50,
          plan_task_id: task.id,
          coercive: 0,
          created_by: null,
          created_at: now,
          updated_at: now,
          started_at: null,
          done_at: null,
        } as never)
        .execute();
    });
    await svc().updatePriority(actors.coordinator!, {
      planId: plan.id,
      priorityId: pr.id,
      title: pr.title,
      problemIds: [problemId],
    });
    const d = await svc().getPlan(actors.coordinator!, { id: plan.id });
    expect(d.priorities[0]!.problems).toEqual([
      { id: problemId, title: 'Cattle stolen from Kashkar pastures' },
    ]);
    expect(d.tasks[0]!.actions).toEqual([expect.objectContaining({ id: actionId, progress: 50 })]);
    // A partner may see the plan but not the problem's title or its actions.
    const asNgo = await svc().getPlan(actors.ngoPartner!, { id: plan.id });
    expect(asNgo.priorities[0]!.problems).toEqual([{ id: problemId, title: null }]);
    expect(asNgo.tasks[0]!.actions).toEqual([]);
    await expect(
      svc().deleteTask(actors.coordinator!, { planId: plan.id, taskId: task.id }),
    ).rejects.toBeInstanceOf(ConflictError);
  });

  // --- HTTP ----------------------------------------------------------------------------------

  const api = (
    who: string | null,
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    payload?: unknown,
  ) =>
    t.app.inject({
      method,
      url,
      headers: who ? { authorization: `Bearer ${tokens[who]}` } : {},
      ...(payload !== undefined ? { payload: payload as object } : {}),
    });

  it('serves the JSON API through the same rules, with clear 4xx answers', async () => {
    let res = await api('coordinator', 'POST', '/api/v1/plans', {
      title: 'API plan',
      areaCode: ids.muni,
      periodStart: `${year}-01-01`,
      periodEnd: `${year}-12-31`,
    });
    expect(res.statusCode, res.body).toBe(201);
    const plan = res.json() as { id: string };
    res = await api('coordinator', 'POST', '/api/v1/plans', {
      title: 'x',
      areaCode: ids.muni,
      periodStart: 'soon',
      periodEnd: `${year}-12-31`,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.field).toBe('periodStart');
    res = await api('coordinator', 'POST', `/api/v1/plans/${plan.id}/priorities`, {
      title: 'P',
      religion: 'x',
    });
    expect(res.statusCode).toBe(400);
    res = await api('coordinator', 'POST', `/api/v1/plans/${plan.id}/priorities`, { title: 'P' });
    expect(res.statusCode, res.body).toBe(201);
    const pr = res.json() as { id: string };
    res = await api('coordinator', 'POST', `/api/v1/plans/${plan.id}/tasks`, {
      priorityId: pr.id,
      title: 'Task',
      deadline: `${year}-03-31`,
      fundingSource: 'local_budget',
      budget: 1000,
      ownerOrganisationId: ids.ayil,
    });
    expect(res.statusCode, res.body).toBe(201);
    const task = res.json() as { id: string };
    res = await api('akim', 'POST', `/api/v1/plans/${plan.id}/tasks/${task.id}/progress`, {
      status: 'done',
      progress: 100,
      spent: 900,
      reportedOn: `${year}-03-01`,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ status: 'done', spent: 900 });
    expect((await api('otherSupervisor', 'GET', `/api/v1/plans/${plan.id}`)).statusCode).toBe(404);
    expect((await api(null, 'GET', `/api/v1/plans/${plan.id}`)).statusCode).toBe(401);
    // Drafts are not public.
    expect((await api(null, 'GET', `/api/v1/plans/public/${plan.id}`)).statusCode).toBe(404);
    for (const who of ['policeHead', 'akim', 'chair']) {
      res = await api(who, 'POST', `/api/v1/plans/${plan.id}/approvals`, {
        version: 1,
        roleTitle: 'Head',
        approvedOn: today,
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    res = await api('chair', 'GET', `/api/v1/plans/${plan.id}/approvals`);
    expect(res.json()).toMatchObject({ version: 1, status: 'approved', missingSeats: [] });
    res = await api('chair', 'GET', `/api/v1/plans/${plan.id}/versions/1`);
    expect(res.statusCode).toBe(200);
    expect(res.json().content.tasks[0].title).toBe('Task');
    res = await api(null, 'GET', `/api/v1/plans/public?areaCode=${areas.district.code}`);
    expect(res.json().items.map((p: { id: string }) => p.id)).toContain(plan.id);
    res = await api(null, 'GET', `/api/v1/plans/public/${plan.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toMatch(/signatoryName|Aibek/);
    res = await api('akim', 'GET', `/api/v1/plans/${plan.id}/report?year=${year}&quarter=1`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().report.counts.done).toBe(1);
    res = await api('akim', 'GET', `/api/v1/plans/${plan.id}/report.xlsx?year=${year}&quarter=1`);
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const tasksSheet = wb.worksheets[1]!;
    expect(tasksSheet.getRow(2).getCell(2).value).toBe('Task');
    expect(tasksSheet.getRow(2).getCell(7).value).toBe(900);
    expect(await auditCount('plan.report.export', plan.id)).toBe(1);
    res = await api('akim', 'GET', `/api/v1/plans/${plan.id}/report?year=${year}&quarter=9`);
    expect(res.statusCode).toBe(400);
    res = await api('coordinator', 'GET', `/api/v1/plans?status=approved&year=${year}`);
    expect(res.json().items.map((p: { id: string }) => p.id)).toContain(plan.id);
  });

  it('renders the staff and public pages and handles forms with JavaScript off', async () => {
    const sid = await createSession(t.app, people.coordinator!);
    const form = async (personId: string, url: string, fields: Record<string, string>) => {
      const c = csrfPair(t.app);
      const body = new URLSearchParams({ ...fields, _csrf: c.token });
      return t.app.inject({
        method: 'POST',
        url,
        cookies: { ...sessionCookies(await createSession(t.app, personId)), ...c.cookies },
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: body.toString(),
      });
    };
    let res = await form(people.coordinator!, '/staff/plans', {
      title: 'Page plan',
      areaCode: ids.muni!,
      periodStart: `${year}-01-01`,
      periodEnd: 'tomorrow',
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('error-summary');
    expect(res.body).toContain('href="#periodEnd"');
    res = await form(people.coordinator!, '/staff/plans', {
      title: 'Page plan',
      areaCode: ids.muni!,
      periodStart: `${year}-01-01`,
      periodEnd: `${year}-12-31`,
    });
    expect(res.statusCode).toBe(303);
    const url = String(res.headers.location);
    const id = url.split('/').pop()!;
    res = await form(people.coordinator!, `${url}/priorities`, {
      title: 'Racketeering near schools',
      problemIds: '',
    });
    expect(res.statusCode).toBe(303);
    const prId = (await svc().getPlan(actors.coordinator!, { id })).priorities[0]!.id;
    res = await form(people.coordinator!, `${url}/tasks`, {
      priorityId: prId,
      taskTitle: 'School safety councils',
      deadline: `${year}-09-01`,
      fundingSource: 'in_kind',
      budget: '25 000',
      ownerOrganisationId: '',
    });
    expect(res.statusCode, res.body).toBe(303);
    res = await form(people.coordinator!, `${url}/tasks`, {
      priorityId: prId,
      taskTitle: 'Bad budget',
      deadline: `${year}-09-01`,
      fundingSource: 'in_kind',
      budget: 'a lot',
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('id="budget-error"');
    expect(res.body).toContain('Enter the budget as a whole amount');
    res = await t.app.inject({ method: 'GET', url, cookies: sessionCookies(sid) });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('School safety councils');
    expect(res.body).toContain('25');
    // Signing without ticking "I have read" is refused next to the box; with it, 303.
    res = await form(people.policeHead!, `${url}/approvals`, {
      version: '1',
      roleTitle: 'Head',
      approvedOn: today,
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('id="confirm-error"');
    res = await form(people.policeHead!, `${url}/approvals`, {
      version: '1',
      roleTitle: 'Head',
      approvedOn: today,
      confirm: 'yes',
    });
    expect(res.statusCode).toBe(303);
    res = await form(people.akim!, `${url}/approvals`, {
      version: '1',
      roleTitle: 'Head',
      approvedOn: today,
      confirm: 'yes',
    });
    res = await form(people.chair!, `${url}/approvals`, {
      version: '1',
      roleTitle: 'Chair',
      approvedOn: today,
      confirm: 'yes',
    });
    expect(res.statusCode).toBe(303);
    for (const path of ['/approval', '/versions', '/versions/1', `/report?year=${year}&quarter=1`, '/edit']) {
      res = await t.app.inject({ method: 'GET', url: `${url}${path}`, cookies: sessionCookies(sid) });
      expect(res.statusCode, `${path}: ${res.body.slice(0, 300)}`).toBe(200);
    }
    res = await t.app.inject({ method: 'GET', url: `/plans/${id}`, headers: { cookie: 'locale=tg' } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('School safety councils');
    expect(res.body).not.toContain('Aibek');
    res = await t.app.inject({ method: 'GET', url: '/plans' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`/plans/${id}`);
  });
});
