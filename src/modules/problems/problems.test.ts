/**
 * Problems services, policies and API on SQLite and PostgreSQL: candidate clusters, scanning from
 * linked reports, jurisdiction and partnership ("not yours" is 404), analysis, measures computed from
 * the platform, actions with the rights-check gate, assessment with displacement arithmetic, closing
 * only through an assessment, the public summary, the timeline and the audit trail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, UnauthenticatedError, ValidationError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { ANONYMOUS, type Actor } from '../../shared/policy.ts';
import { DAY, nowIso } from '../../shared/time.ts';
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
} from '../../../test/factories.ts';
import type { Database } from '../../db/database.ts';

const daysAgo = (n: number, hour = 10) => {
  const d = new Date(Date.now() - n * DAY);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString();
};
const dateAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString().slice(0, 10);

let seq = 0;
async function insertReport(
  db: Database,
  r: {
    area: { code: string; path: string };
    category: string;
    createdAt: string;
    lat?: number | null;
    lon?: number | null;
    desk?: 'triage' | 'prevention' | 'complaints';
  },
): Promise<{ id: string; reference: string }> {
  const id = newId();
  const reference = `R-T${String(++seq).padStart(3, '0')}-${id.slice(-4).toUpperCase()}`;
  await db.write((trx) =>
    trx
      .insertInto('report')
      .values({
        id,
        reference,
        category_code: r.category,
        description: 'Secret report text that must never reach a public page',
        privacy: 'public',
        status: 'new',
        desk: r.desk ?? 'triage',
        sensitive: 0,
        area_code: r.area.code,
        area_path: r.area.path,
        lat: r.lat ?? null,
        lon: r.lon ?? null,
        public_lat: null,
        public_lon: null,
        address: null,
        occurred_at: null,
        channel: 'web',
        locale: 'ky',
        reporter_person_id: null,
        entered_by_person_id: null,
        contact: null,
        receipt_hash: null,
        last_activity_at: r.createdAt,
        answers: '{}',
        assigned_person_id: null,
        assigned_organisation_id: null,
        held_for_review: 0,
        duplicate_of: null,
        problem_id: null,
        created_at: r.createdAt,
        updated_at: r.createdAt,
        acknowledged_at: null,
        resolved_at: null,
        closed_reason: null,
        referred_to: null,
        time_to_ack_seconds: null,
        time_to_resolve_seconds: null,
        personal_data_deleted_at: null,
      })
      .execute(),
  );
  return { id, reference };
}

describeDialects('problems', (dialect) => {
  let t: TestApp;
  const A: Record<string, Actor> = {};
  const P: Record<string, string> = {};
  const tokens: Record<string, string> = {};
  let areas: Record<string, { code: string; path: string }>;
  let orgs: Record<string, { id: string; name: string }>;
  let cluster: Array<{ id: string; reference: string }>;
  let problemId: string;
  const svc = () => t.app.ctx.services.problems;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const db = t.app.ctx.db;
    const chain = await insertAreaChain(db);
    const muni = (code: string, parent: { code: string; path: string; id: string }) =>
      insertArea(db, { code, kind: 'municipality', parent, names: { en: code, ky: code } });
    const shark = await muni('KG-O.kara-suu.shark', chain.district);
    const kashgar = await muni('KG-O.kara-suu.kashgar', chain.district);
    const uzgen = await insertArea(db, {
      code: 'KG-O.uzgen',
      kind: 'district',
      parent: chain.region,
      names: { en: 'Uzgen' },
    });
    const nookat = await insertArea(db, {
      code: 'KG-O.nookat',
      kind: 'district',
      parent: chain.region,
      names: { en: 'Nookat' },
    });
    areas = { district: chain.district, shark, kashgar, uzgen, nookat };
    orgs = {
      police: await insertOrganisation(db, { sector: 'police', areaCodes: [chain.district.code] }),
      ngo: await insertOrganisation(db, {
        sector: 'partner',
        name: 'Aksakal court',
        areaCodes: [chain.district.code],
      }),
      other: await insertOrganisation(db, { sector: 'partner', areaCodes: [chain.district.code] }),
    };
    const staff = async (
      key: string,
      role: Parameters<typeof insertStaff>[1][number]['role'],
      area: string,
      org: string,
    ) => {
      const p = await insertStaff(db, [{ role, areaCode: area }], {
        organisationId: org,
        displayName: `${key} person`,
      });
      P[key] = p.id;
      tokens[key] = await createApiToken(t.app, p.id);
      A[key] = (await t.app.ctx.services.sessions.resolveApiToken(tokens[key]!))!;
    };
    await staff('officer', 'officer', chain.district.code, orgs.police!.id);
    await staff('nookatOfficer', 'officer', nookat.code, orgs.police!.id);
    await staff('supervisor', 'supervisor', chain.district.code, orgs.police!.id);
    await staff('partner', 'partner', chain.district.code, orgs.ngo!.id);
    await staff('otherPartner', 'partner', chain.district.code, orgs.other!.id);
    await staff('analyst', 'analyst', 'KG', orgs.police!.id);

    // Planted cluster: four livestock thefts within ~400 m over 9 days, 60–51 days ago, in Shark.
    cluster = [];
    for (const [i, d] of [60, 57, 54, 51].entries())
      cluster.push(
        await insertReport(db, {
          area: shark,
          category: 'theft-livestock',
          createdAt: daysAgo(d),
          lat: 40.6 + i * 0.001,
          lon: 72.9,
        }),
      );
    // Noise: a far-away theft, another category at the same place, a prevention-desk concern.
    await insertReport(db, {
      area: kashgar,
      category: 'theft-livestock',
      createdAt: daysAgo(58),
      lat: 40.9,
      lon: 73.2,
    });
    await insertReport(db, {
      area: shark,
      category: 'road-safety',
      createdAt: daysAgo(58),
      lat: 40.6,
      lon: 72.9,
    });
    await insertReport(db, {
      area: shark,
      category: 'road-safety',
      createdAt: daysAgo(55),
      lat: 40.6,
      lon: 72.9,
    });
    for (const d of [59, 58, 57])
      await insertReport(db, {
        area: shark,
        category: 'radicalization-concern',
        createdAt: daysAgo(d),
        lat: 40.6,
        lon: 72.9,
        desk: 'prevention',
      });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('suggests the planted cluster, ignores noise, and only within the jurisdiction', async () => {
    const s = await svc().suggest(A.officer!, {});
    expect(s.rule).toMatchObject({ radiusKm: 1, windowDays: 14, minReports: 3, days: 90 });
    expect(s.candidates).toHaveLength(1);
    expect(s.candidates[0]!.reports.map((r) => r.id)).toEqual(cluster.map((c) => c.id));
    expect(s.candidates[0]!.categoryCode).toBe('theft-livestock');
    expect((await svc().suggest(A.nookatOfficer!, {})).candidates).toEqual([]);
    await expect(svc().suggest(A.partner!, {})).rejects.toBeInstanceOf(NotFoundError);
    await expect(svc().suggest(ANONYMOUS, {})).rejects.toBeInstanceOf(UnauthenticatedError);
  });

  it('refuses identity groups, unknown areas and reports outside the jurisdiction', async () => {
    const base = {
      title: 'x',
      description: 'y',
      clusteringType: 'place',
      priority: 'high',
      areaCodes: [areas.shark!.code],
    };
    await expect(svc().create(A.officer!, { ...base, clusteringType: 'ethnic_group' })).rejects.toMatchObject(
      {
        field: 'clusteringType',
      },
    );
    await expect(svc().create(A.officer!, { ...base, areaCodes: ['KG-X.nowhere'] })).rejects.toBeInstanceOf(
      ValidationError,
    );
    // Another district's area is a wrong choice on the form, worded exactly like an unknown one.
    const unknown = await svc()
      .create(A.officer!, { ...base, areaCodes: ['KG-X.nowhere'] })
      .catch((e: unknown) => e);
    const foreign = await svc()
      .create(A.nookatOfficer!, base)
      .catch((e: unknown) => e);
    expect(foreign).toBeInstanceOf(ValidationError);
    expect(foreign).toMatchObject({ field: 'areaCodes', messageKey: { key: 'pickers.errors.unknown.area' } });
    expect((foreign as Error).message).toBe((unknown as Error).message);
    await expect(svc().create(A.partner!, base)).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      svc().create(A.nookatOfficer!, {
        ...base,
        areaCodes: [areas.nookat!.code],
        reportIds: [cluster[0]!.id],
      }),
    ).rejects.toMatchObject({ field: 'reportIds' });
  });

  it('creates a problem from the cluster: reports linked, seen dates, timeline and audit in one go', async () => {
    const p = await svc().create(A.officer!, {
      title: 'Livestock theft from summer pastures',
      description: 'Sheep disappear from unguarded night pens near the Shark road.',
      clusteringType: 'place',
      priority: 'high',
      priorityRationale: 'Livelihoods of herding families',
      areaCodes: [areas.shark!.code],
      reportIds: cluster.map((c) => c.id),
      raisedByOrganisationIds: [orgs.ngo!.id],
    });
    problemId = p.id;
    expect(p).toMatchObject({ status: 'scanning', origin: 'reports', categoryCode: 'theft-livestock' });
    expect(p.firstSeen).toBe(daysAgo(60).slice(0, 10));
    expect(p.lastSeen).toBe(daysAgo(51).slice(0, 10));
    const db = t.app.ctx.db.read;
    const linked = await db.selectFrom('report').select('id').where('problem_id', '=', p.id).execute();
    expect(linked).toHaveLength(4);
    const events = await db
      .selectFrom('report_event')
      .select('kind')
      .where('report_id', '=', cluster[0]!.id)
      .execute();
    expect(events.map((e) => e.kind)).toContain('problem_link');
    const audit = await db
      .selectFrom('audit_event')
      .select(['action', 'actor_id'])
      .where('subject_id', '=', p.id)
      .execute();
    expect(audit).toEqual([{ action: 'problem.created', actor_id: P.officer }]);
    // Already linked reports cannot start a second problem; the candidate is gone.
    await expect(
      svc().create(A.officer!, {
        title: 'again',
        description: 'again',
        clusteringType: 'place',
        priority: 'low',
        areaCodes: [areas.shark!.code],
        reportIds: [cluster[0]!.id],
      }),
    ).rejects.toBeInstanceOf(ConflictError);
    expect((await svc().suggest(A.officer!, {})).candidates).toEqual([]);
  });

  it('need to know: jurisdiction, partners party to it, nobody else', async () => {
    expect((await svc().get(A.officer!, { id: problemId })).problem.title).toContain('Livestock');
    expect((await svc().get(A.analyst!, { id: problemId })).can.update).toBe(false);
    // The NGO raised it: it is party and may work it; another partner gets "not found".
    const asPartner = await svc().get(A.partner!, { id: problemId });
    expect(asPartner.can).toMatchObject({ update: true, rightsCheck: false, assess: false, publish: false });
    await expect(svc().get(A.otherPartner!, { id: problemId })).rejects.toBeInstanceOf(NotFoundError);
    await expect(svc().get(A.nookatOfficer!, { id: problemId })).rejects.toBeInstanceOf(NotFoundError);
    await expect(svc().get(A.officer!, { id: newId() })).rejects.toBeInstanceOf(NotFoundError);
    await expect(svc().get(ANONYMOUS, { id: problemId })).rejects.toBeInstanceOf(UnauthenticatedError);
    expect((await svc().list(A.partner!)).map((x) => x.id)).toEqual([problemId]);
    expect(await svc().list(A.otherPartner!)).toEqual([]);
    expect(await svc().list(A.nookatOfficer!)).toEqual([]);
    expect((await svc().list(A.officer!, { status: 'scanning' })).map((x) => x.id)).toEqual([problemId]);
    expect(await svc().list(A.officer!, { status: 'closed' })).toEqual([]);
    expect((await svc().list(A.officer!, { q: 'livestock' })).map((x) => x.id)).toEqual([problemId]);
    await expect(svc().list(A.officer!, { status: 'nonsense' })).rejects.toBeInstanceOf(ValidationError);
  });

  it('analysis: the triangle is saved, partners co-own it, and stages move forward one at a time', async () => {
    await expect(svc().advance(A.officer!, { id: problemId, to: 'response' })).rejects.toBeInstanceOf(
      ConflictError,
    );
    await expect(svc().advance(A.officer!, { id: problemId, to: 'closed' })).rejects.toBeInstanceOf(
      ConflictError,
    );
    await svc().advance(A.officer!, { id: problemId, to: 'analysis' });
    const v = await svc().updateAnalysis(A.partner!, {
      id: problemId,
      offender: {
        known: 'Night-time theft with a truck',
        missing: 'Where animals are sold',
        controller: 'Livestock market managers',
      },
      place: { known: 'Unlit pens far from houses', controller: 'Pasture committee' },
      hypothesis: 'Unguarded night pens near the road make theft easy',
    });
    expect(v.analysis.offender.controller).toBe('Livestock market managers');
    expect(v.analysis.place.missing).toBe('');
    expect(v.analysis.hypothesis).toContain('Unguarded');
    await expect(
      svc().updateAnalysis(A.otherPartner!, { id: problemId, hypothesis: 'mine' }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('measures reports per week from the platform, with comparison and buffer areas', async () => {
    const db = t.app.ctx.db;
    // Comparison area Uzgen: 2 reports in the baseline period; buffer Kashgar: 1 planted earlier (58 days ago).
    await insertReport(db, { area: areas.uzgen!, category: 'theft-livestock', createdAt: daysAgo(59) });
    await insertReport(db, { area: areas.uzgen!, category: 'theft-livestock', createdAt: daysAgo(52) });
    await expect(
      svc().recordMeasure(A.officer!, {
        id: problemId,
        phase: 'baseline',
        from: dateAgo(62),
        to: dateAgo(49),
        bufferAreaCode: areas.district!.code,
      }),
    ).rejects.toMatchObject({ field: 'bufferAreaCode' });
    await expect(
      svc().recordMeasure(A.officer!, { id: problemId, phase: 'baseline', from: dateAgo(1), to: dateAgo(5) }),
    ).rejects.toMatchObject({ field: 'from' });
    const m = await svc().recordMeasure(A.officer!, {
      id: problemId,
      phase: 'baseline',
      from: dateAgo(62),
      to: dateAgo(49),
      comparisonAreaCode: areas.uzgen!.code,
      bufferAreaCode: areas.kashgar!.code,
    });
    // Days 62..49 ago: week 0 = days 62..56 (thefts at 60 and 57), week 1 = days 55..49 (54 and 51).
    expect(m.weekly.target).toEqual([2, 2]);
    expect(m.targetTotal).toBe(4);
    expect(m.comparisonTotal).toBe(2);
    expect(m.weekly.comparison).toEqual([1, 1]);
    expect(m.bufferTotal).toBe(1);
    expect(m.surveyNote).toBe('no_survey_data');
  });

  it('response: actions, the rights-check gate for police coercive actions, progress', async () => {
    await svc().advance(A.officer!, { id: problemId, to: 'response' });
    const patrol = await svc().addAction(A.officer!, {
      problemId,
      title: 'Night checks of livestock trucks on the Shark road',
      responsibleOrganisationId: orgs.police!.id,
      responsiblePersonId: P.supervisor,
      deadline: dateAgo(-30),
      fundingSource: 'local_budget',
      coercive: true,
    });
    expect(patrol).toMatchObject({ needsRightsCheck: true, mayStart: false, status: 'planned' });
    await expect(
      svc().updateAction(A.officer!, { actionId: patrol.id, status: 'in_progress' }),
    ).rejects.toBeInstanceOf(ConflictError);
    await expect(
      svc().updateAction(A.officer!, { actionId: patrol.id, progress: 10 }),
    ).rejects.toBeInstanceOf(ConflictError);
    const check = {
      actionId: patrol.id,
      legality: 'Law on internal affairs bodies, art. 14: road checks',
      necessity: 'Thefts continue despite warnings',
      proportionality: 'Document checks only, at night, for four weeks',
      nonDiscrimination: 'Every livestock truck is checked, whoever drives it',
      outcome: 'approved',
      checkerName: 'Maj. A. Toktosunov, deputy head',
    };
    // Officers do not check rights; partners neither; the person responsible cannot check their own action.
    await expect(svc().recordRightsCheck(A.officer!, check)).rejects.toBeInstanceOf(NotFoundError);
    await expect(svc().recordRightsCheck(A.partner!, check)).rejects.toBeInstanceOf(NotFoundError);
    await expect(svc().recordRightsCheck(A.supervisor!, check)).rejects.toBeInstanceOf(ConflictError);
    // Make someone else responsible, then the supervisor checks.
    await t.app.ctx.db.write((trx) =>
      trx
        .updateTable('problem_action')
        .set({ responsible_person_id: P.officer })
        .where('id', '=', patrol.id)
        .execute(),
    );
    await expect(svc().recordRightsCheck(A.supervisor!, { ...check, legality: '  ' })).rejects.toMatchObject({
      field: 'legality',
    });
    const refused = await svc().recordRightsCheck(A.supervisor!, { ...check, outcome: 'refused' });
    expect(refused.mayStart).toBe(false);
    await expect(
      svc().updateAction(A.officer!, { actionId: patrol.id, status: 'in_progress' }),
    ).rejects.toBeInstanceOf(ConflictError);
    const approved = await svc().recordRightsCheck(A.supervisor!, check);
    expect(approved.mayStart).toBe(true);
    const started = await svc().updateAction(A.officer!, {
      actionId: patrol.id,
      status: 'in_progress',
      progress: 50,
    });
    expect(started.startedAt).not.toBeNull();

    // Coercive powers belong to the police only; partners plan their own organisation's work.
    await expect(
      svc().addAction(A.partner!, {
        problemId,
        title: 'x',
        fundingSource: 'none',
        responsibleOrganisationId: orgs.ngo!.id,
        coercive: true,
      }),
    ).rejects.toMatchObject({ field: 'responsibleOrganisationId' });
    await expect(
      svc().addAction(A.partner!, {
        problemId,
        title: 'x',
        fundingSource: 'none',
        responsibleOrganisationId: orgs.police!.id,
      }),
    ).rejects.toMatchObject({ field: 'responsibleOrganisationId' });
    await expect(
      svc().addAction(A.officer!, { problemId, title: 'x', fundingSource: 'none', planTaskId: newId() }),
    ).rejects.toMatchObject({ statusCode: 404, message: 'not found' });
    const pens = await svc().addAction(A.partner!, {
      problemId,
      title: 'Shared lit night pen with a watchman',
      responsibleOrganisationId: orgs.ngo!.id,
      fundingSource: 'donor',
      deadline: dateAgo(-60),
    });
    await expect(
      svc().updateAction(A.partner!, { actionId: patrol.id, progress: 60 }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await svc().updateAction(A.partner!, { actionId: pens.id, status: 'done' });
    const d = await svc().get(A.officer!, { id: problemId });
    // (50 + 100) / 2
    expect(d.problem.progress).toBe(75);
    expect(d.actions.find((x) => x.id === pens.id)!.progress).toBe(100);
    expect(d.actions.find((x) => x.id === patrol.id)!.rightsCheck).toMatchObject({
      outcome: 'approved',
      checkerName: check.checkerName,
    });
  });

  it('assessment: closes only with an assessment, with after-measures and residents answers', async () => {
    const db = t.app.ctx.db;
    const d0 = await svc().get(A.officer!, { id: problemId });
    const baselineId = d0.measures[0]!.id;
    // After period (days 20..7 ago): 1 theft in Shark; comparison 2 (flat); buffer 0.
    const after = await insertReport(db, {
      area: areas.shark!,
      category: 'theft-livestock',
      createdAt: daysAgo(15),
    });
    await svc().linkReports(A.officer!, { id: problemId, reportIds: [after.id] });
    await insertReport(db, { area: areas.uzgen!, category: 'theft-livestock', createdAt: daysAgo(18) });
    await insertReport(db, { area: areas.uzgen!, category: 'theft-livestock', createdAt: daysAgo(10) });
    // Two residents answered "was it resolved?" on linked reports.
    const now = nowIso();
    await db.write(async (trx) => {
      for (const [i, resolved] of (['yes', 'partly'] as const).entries())
        await trx
          .insertInto('report_feedback')
          .values({ id: newId(), report_id: cluster[i]!.id, resolved, answers: '{}', created_at: now })
          .execute();
    });
    const actions = d0.actions.map((a) => ({ actionId: a.id, done: a.status === 'done' }));
    await expect(
      svc().assess(A.officer!, {
        id: problemId,
        process: actions,
        decision: 'close',
        notes: 'Done',
        baselineMeasureId: baselineId,
      }),
    ).rejects.toMatchObject({ field: 'afterMeasureId' });
    await expect(
      svc().assess(A.partner!, { id: problemId, process: actions, decision: 'adjust', notes: 'n' }),
    ).rejects.toBeInstanceOf(NotFoundError);
    const am = await svc().recordMeasure(A.officer!, {
      id: problemId,
      phase: 'after',
      from: dateAgo(20),
      to: dateAgo(7),
      comparisonAreaCode: areas.uzgen!.code,
      bufferAreaCode: areas.kashgar!.code,
    });
    expect([am.targetTotal, am.comparisonTotal, am.bufferTotal]).toEqual([1, 2, 0]);
    await expect(
      svc().assess(A.officer!, {
        id: problemId,
        process: actions.slice(1),
        decision: 'close',
        notes: 'n',
        baselineMeasureId: baselineId,
        afterMeasureId: am.id,
      }),
    ).rejects.toMatchObject({ field: 'process' });
    const a = await svc().assess(A.officer!, {
      id: problemId,
      process: actions,
      decision: 'close',
      notes: 'Thefts fell; the lit pens stay.',
      baselineMeasureId: baselineId,
      afterMeasureId: am.id,
    });
    // A: 4 → 1, B: 1 → 0, C: 2 → 2. SM = 1/2 − 4/2 = −1.5; DM = 0/2 − 1/2 = −0.5; WDQ = 1/3: diffusion.
    expect(a.comparison).toMatchObject({
      successMeasure: -1.5,
      bufferMeasure: -0.5,
      wdq: 0.3333,
      netEffect: 4,
    });
    expect(a.comparison!.verdict).toBe('diffusion');
    expect(a.residentFeedback).toEqual({ yes: 1, partly: 1, no: 0 });
    const d = await svc().get(A.officer!, { id: problemId });
    expect(d.problem.status).toBe('closed');
    expect(d.problem.closedAt).not.toBeNull();
    await expect(
      svc().updateAnalysis(A.officer!, { id: problemId, hypothesis: 'late' }),
    ).rejects.toBeInstanceOf(ConflictError);
    // The timeline tells the story in order.
    expect(d.timeline.map((e) => e.kind)).toEqual([
      'created',
      'stage_changed',
      'analysis_updated',
      'measure_recorded',
      'stage_changed',
      'action_added',
      'rights_checked',
      'rights_checked',
      'action_updated',
      'action_added',
      'action_updated',
      'reports_linked',
      'measure_recorded',
      'assessed',
    ]);
    expect(d.timeline[0]!.actorName).toBe('officer person');
    expect(d.timeline[2]!.actorName).toBe('partner person');
    const audited = await t.app.ctx.db.read
      .selectFrom('audit_event')
      .select('action')
      .where('subject_id', '=', problemId)
      .execute();
    expect(audited).toHaveLength(d.timeline.length);
  });

  it('publishes a public summary without report texts or names', async () => {
    await expect(
      svc().setPublication(A.officer!, {
        id: problemId,
        published: true,
        publicTitle: 'Livestock theft',
        publicSummary: '',
      }),
    ).rejects.toMatchObject({ field: 'publicSummary' });
    await expect(svc().publicGet(ANONYMOUS, { id: problemId })).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      svc().setPublication(A.partner!, {
        id: problemId,
        published: true,
        publicTitle: 'x',
        publicSummary: 'y',
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await svc().setPublication(A.officer!, {
      id: problemId,
      published: true,
      publicTitle: 'Livestock theft at night pens',
      publicSummary: 'Herders, the aksakal court and police set up lit shared pens; thefts fell.',
    });
    const pub = await svc().publicGet(ANONYMOUS, { id: problemId });
    expect(pub).toMatchObject({
      title: 'Livestock theft at night pens',
      status: 'closed',
      actionsTotal: 2,
      actionsDone: 1,
    });
    const json = JSON.stringify(await svc().publicList(ANONYMOUS));
    expect(json).not.toContain('Secret report text');
    expect(json).not.toContain('person');
    expect(json).not.toContain('Sheep disappear');

    const page = await t.app.inject({ url: `/problems/${problemId}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Livestock theft at night pens');
    expect(page.body).not.toContain('Secret report text');
    expect(page.body).not.toContain('officer person');
    expect((await t.app.inject({ url: '/problems' })).body).toContain(`/problems/${problemId}`);
    await svc().setPublication(A.officer!, { id: problemId, published: false });
    expect((await t.app.inject({ url: `/problems/${problemId}` })).statusCode).toBe(404);
  });

  describe('API', () => {
    const auth = (who: string) => ({ authorization: `Bearer ${tokens[who]}` });

    it('creates, reads, lists and works a problem through /api/v1/problems', async () => {
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/v1/problems',
        headers: auth('officer'),
        payload: {
          title: 'Racketeering of pupils near school No. 5',
          description: 'Older youths demand money from pupils after classes.',
          clusteringType: 'victim_group',
          priority: 'high',
          areaCodes: [areas.kashgar!.code],
        },
      });
      expect(created.statusCode).toBe(201);
      const id = created.json().id as string;
      expect(created.json()).toMatchObject({
        status: 'scanning',
        origin: 'hand',
        areaCodes: [areas.kashgar!.code],
      });

      const bad = await t.app.inject({
        method: 'POST',
        url: '/api/v1/problems',
        headers: auth('officer'),
        payload: {
          title: 'x',
          description: 'y',
          clusteringType: 'place',
          priority: 'low',
          areaCodes: [areas.kashgar!.code],
          religion: 'x',
        },
      });
      expect(bad.statusCode).toBe(400);

      expect(
        (await t.app.inject({ url: `/api/v1/problems/${id}`, headers: auth('officer') })).statusCode,
      ).toBe(200);
      expect(
        (await t.app.inject({ url: `/api/v1/problems/${id}`, headers: auth('nookatOfficer') })).statusCode,
      ).toBe(404);
      expect(
        (await t.app.inject({ url: `/api/v1/problems/${id}`, headers: auth('partner') })).statusCode,
      ).toBe(404);
      expect((await t.app.inject({ url: `/api/v1/problems/${id}` })).statusCode).toBe(401);

      const list = await t.app.inject({
        url: '/api/v1/problems?clusteringType=victim_group',
        headers: auth('officer'),
      });
      expect(list.json().items.map((x: { id: string }) => x.id)).toEqual([id]);
      expect(
        (await t.app.inject({ url: '/api/v1/problems?clusteringType=ethnicity', headers: auth('officer') }))
          .statusCode,
      ).toBe(400);

      const partner = await t.app.inject({
        method: 'POST',
        url: `/api/v1/problems/${id}/partners`,
        headers: auth('officer'),
        payload: { organisationId: orgs.other!.id },
      });
      expect(partner.statusCode).toBe(200);
      expect(
        (await t.app.inject({ url: `/api/v1/problems/${id}`, headers: auth('otherPartner') })).statusCode,
      ).toBe(200);

      const analysis = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/problems/${id}/analysis`,
        headers: auth('otherPartner'),
        payload: {
          target: {
            known: 'Pupils of grades 5–7 walking home alone',
            controller: 'Teachers on duty, parents',
          },
        },
      });
      expect(analysis.statusCode).toBe(200);
      expect(analysis.json().analysis.target.controller).toBe('Teachers on duty, parents');

      const stage = await t.app.inject({
        method: 'POST',
        url: `/api/v1/problems/${id}/stage`,
        headers: auth('officer'),
        payload: { to: 'assessment' },
      });
      expect(stage.statusCode).toBe(409);

      const action = await t.app.inject({
        method: 'POST',
        url: `/api/v1/problems/${id}/actions`,
        headers: auth('otherPartner'),
        payload: {
          title: 'Walking buses after classes',
          fundingSource: 'in_kind',
          responsibleOrganisationId: orgs.other!.id,
        },
      });
      expect(action.statusCode).toBe(201);
      const upd = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/problems/actions/${action.json().id}`,
        headers: auth('otherPartner'),
        payload: { progress: 40 },
      });
      expect(upd.json()).toMatchObject({ progress: 40, status: 'planned' });
      const tooMuch = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/problems/actions/${action.json().id}`,
        headers: auth('otherPartner'),
        payload: { progress: 140 },
      });
      expect(tooMuch.statusCode).toBe(400);

      // The plan task an action serves (plan tables belong to the plans module: plain rows here).
      const now = nowIso();
      const planId = newId();
      const priorityId = newId();
      const taskId = newId();
      await t.app.ctx.db.write(async (trx) => {
        const raw = trx as unknown as {
          insertInto(table: string): { values(v: Record<string, unknown>): { execute(): Promise<unknown> } };
        };
        await raw
          .insertInto('plan')
          .values({
            id: planId,
            title: 'Kara-Suu prevention plan 2027',
            area_code: areas.district!.code,
            area_path: areas.district!.path,
            period_start: '2027-01-01',
            period_end: '2027-12-31',
            summary: '',
            currency: 'KGS',
            status: 'draft',
            current_version: 1,
            created_at: now,
            updated_at: now,
          })
          .execute();
        await raw
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
          })
          .execute();
        await raw
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
          })
          .execute();
      });
      const linkTask = (planTaskId: string) =>
        t.app.inject({
          method: 'PATCH',
          url: `/api/v1/problems/actions/${action.json().id}`,
          headers: auth('officer'),
          payload: { planTaskId },
        });
      expect((await linkTask(newId())).statusCode).toBe(404);
      const linkedTask = await linkTask(taskId);
      expect(linkedTask.statusCode).toBe(200);
      expect(linkedTask.json().planTaskId).toBe(taskId);

      const cand = await t.app.inject({
        url: '/api/v1/problems/candidates?radiusKm=2',
        headers: auth('officer'),
      });
      expect(cand.statusCode).toBe(200);
      expect(cand.json().rule.radiusKm).toBe(2);

      const spec = (await t.app.inject({ url: '/api/openapi.json' })).json();
      expect(Object.keys(spec.paths)).toEqual(
        expect.arrayContaining(['/api/v1/problems', '/api/v1/problems/{id}']),
      );
    });

    it('pages: list, create by form (JS off), errors next to fields, 404 for others', async () => {
      const cookies = sessionCookies(await createSession(t.app, P.officer!));
      const list = await t.app.inject({ url: '/staff/problems', cookies });
      expect(list.statusCode).toBe(200);
      expect(list.body).toContain('Livestock theft from summer pastures');
      const csrf = csrfPair(t.app);
      const post = (url: string, payload: Record<string, string>) =>
        t.app.inject({
          method: 'POST',
          url,
          cookies: { ...cookies, ...csrf.cookies },
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: new URLSearchParams({ _csrf: csrf.token, ...payload }).toString(),
        });
      const bad = await post('/staff/problems', {
        title: '',
        areaCodes: areas.shark!.code,
        clusteringType: 'place',
        priority: 'low',
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('error-summary');
      expect(bad.body).toContain('id="title-error"');
      const ok = await post('/staff/problems', {
        title: 'Drunk driving near the bazaar',
        description: 'Evenings, Fridays',
        areaCodes: areas.shark!.code,
        clusteringType: 'time',
        priority: 'medium',
      });
      expect(ok.statusCode).toBe(303);
      const url = ok.headers.location as string;
      const page = await t.app.inject({ url, cookies });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Drunk driving near the bazaar');
      const id = url.split('/').pop()!;
      const stage = await post(`/staff/problems/${id}/stage`, { to: 'analysis' });
      expect(stage.statusCode).toBe(303);
      const measure = await post(`/staff/problems/${id}/measures`, {
        phase: 'baseline',
        from: 'yesterday',
        to: dateAgo(1),
      });
      expect(measure.statusCode).toBe(400);
      expect(measure.body).toContain('id="from-error"');
      const other = sessionCookies(await createSession(t.app, P.nookatOfficer!));
      expect((await t.app.inject({ url, cookies: other })).statusCode).toBe(404);
    });

    it('pickers: areas and people are chosen, never typed; a forged or foreign choice is a field error in Kyrgyz', async () => {
      const cookies = sessionCookies(await createSession(t.app, P.officer!));
      const form = await t.app.inject({ url: '/staff/problems/new', cookies });
      expect(form.statusCode).toBe(200);
      // The area is a select of the officer's own areas, named, never a box for a code.
      expect(form.body).toMatch(/<select[^>]*name="areaCodes"[^>]*multiple/);
      expect(form.body).toContain(`value="${areas.shark!.code}"`);
      expect(form.body).not.toContain(`value="${areas.nookat!.code}"`);
      expect(form.body).not.toMatch(/<input[^>]*name="areaCodes"/);
      const list = await t.app.inject({ url: '/staff/problems', cookies });
      expect(list.body).toMatch(/<select[^>]*name="area"/);
      const csrf = csrfPair(t.app);
      const post = (payload: Record<string, string>) =>
        t.app.inject({
          method: 'POST',
          url: '/staff/problems?lang=ky',
          cookies: { ...cookies, ...csrf.cookies },
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'ky' },
          payload: new URLSearchParams({
            _csrf: csrf.token,
            title: 'Мал уурдоо',
            clusteringType: 'place',
            priority: 'low',
            ...payload,
          }).toString(),
        });
      const forged = await post({ areaCodes: 'KG-X.nowhere' });
      const foreign = await post({ areaCodes: areas.nookat!.code });
      for (const r of [forged, foreign]) {
        expect(r.statusCode).toBe(400);
        expect(r.body).toContain('id="areaCodes-error"');
        expect(r.body).toContain('Аймакты тизмеден тандаңыз');
        expect(r.body).not.toContain('unknown or out-of-reach');
      }
    });
  });
});
