/**
 * Prevention referrals through the real app (JSON API over HTTP inject), on SQLite and PostgreSQL:
 * opening from a prevention-desk report, a forum and a partner; the behaviour-not-belief warning;
 * need to know (panel only, action owners only their action, investigative roles never, every read
 * audited); consent before sharing and its withdrawal; the checklist before the decision; the
 * support plan; closure removing access; a race between two closes (one 409); retention by the
 * durable job with the clock driven; aggregate figures with suppression.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { describeDialects } from '../../../test/db.ts';
import { ANONYMOUS, roleMayEver } from '../../shared/policy.ts';
import { DAY, clock } from '../../shared/time.ts';
import { JobService } from '../jobs/job.service.ts';
import { seedReportCategories } from '../reports/report-categories.seed.ts';
import { KARA_SUU_POINT } from '../reports/reports.fixtures.ts';
import { INVESTIGATIVE_ROLES, REFERRAL, REFERRAL_ACTION, REFERRAL_PANEL } from './referrals.policy.ts';
import {
  openInput,
  referralWorld,
  yesterday,
  type PersonKey,
  type ReferralWorld,
} from './referrals.fixtures.ts';
import { RETENTION_JOB } from './referrals.service.ts';
import { CHECKLIST_ITEMS } from './referrals.types.ts';

describe('referral policy', () => {
  it('gives investigative roles no rule on a referral, its actions or its panel', () => {
    for (const role of INVESTIGATIVE_ROLES)
      for (const subject of [REFERRAL, REFERRAL_ACTION, REFERRAL_PANEL])
        for (const action of ['list', 'open', 'read', 'work', 'update', 'manage'])
          expect(roleMayEver(role, action, subject), `${role} ${action} ${subject}`).toBe(false);
  });
});

describeDialects('prevention referrals', (dialect) => {
  let t: TestApp;
  let w: ReferralWorld;
  beforeAll(async () => {
    t = await createTestApp(dialect, { referralRetentionMonths: 12 });
    w = await referralWorld(t.app);
  });
  afterEach(() => clock.reset());
  afterAll(async () => t?.close());

  const api = async (
    who: PersonKey | null,
    method: 'GET' | 'POST' | 'DELETE',
    url: string,
    payload?: object,
  ) => {
    const res = await t.app.inject({
      method,
      url,
      headers: { accept: 'application/json', ...(who ? w.auth(who) : {}) },
      ...(payload ? { payload } : {}),
    });
    // light-my-request's json() is untyped: the tests check the bodies field by field.
    return { status: res.statusCode, body: res.json() };
  };
  const audits = async (action: string, subjectId?: string) => {
    let q = t.app.ctx.db.read
      .selectFrom('audit_event')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('action', '=', action);
    if (subjectId) q = q.where('subject_id', '=', subjectId);
    return Number((await q.executeTakeFirstOrThrow()).n);
  };
  const consentBody = (over: Record<string, unknown> = {}) => ({
    givenBy: 'guardian',
    method: 'written',
    givenDate: yesterday(),
    givenTime: '11:15',
    purposes: ['assessment', 'support_plan', 'information_sharing'],
    agencyIds: [w.orgs.ngo, w.orgs.school],
    consenterName: 'Айгүл Турдубаева',
    relationship: 'mother',
    subjectName: 'Бакыт Т.',
    ...over,
  });
  const open = async (over: Record<string, unknown> = {}) => {
    const r = await api('teacher', 'POST', '/api/v1/referrals', { ...openInput(w), ...over });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.id as string;
  };
  /** Opens, records consent, the checklist (social worker) and a support decision (coordinator). */
  const inSupport = async () => {
    const id = await open();
    expect((await api('coordinator', 'POST', `/api/v1/referrals/${id}/consent`, consentBody())).status).toBe(
      200,
    );
    expect(
      (
        await api('socialWorker', 'POST', `/api/v1/referrals/${id}/checklist`, {
          items: [...CHECKLIST_ITEMS],
        })
      ).status,
    ).toBe(200);
    const d = await api('coordinator', 'POST', `/api/v1/referrals/${id}/decision`, {
      decision: 'support_offered',
      rationale: 'The family asks for help; a mentor and school counsellor can work with him weekly.',
    });
    expect(d.status, JSON.stringify(d.body)).toBe(200);
    return id;
  };

  it('opens from a partner: the opener gets a reference but no access unless on the panel', async () => {
    const r = await api('teacher', 'POST', '/api/v1/referrals', openInput(w));
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ onPanel: false, reference: expect.stringMatching(/^R-[0-9A-F]{6}$/) });
    expect((await api('teacher', 'GET', `/api/v1/referrals/${r.body.id}`)).status).toBe(404);
    const d = await api('coordinator', 'GET', `/api/v1/referrals/${r.body.id}`);
    expect(d.status).toBe(200);
    expect(d.body).toMatchObject({
      status: 'consultation',
      consentStatus: 'none',
      subject: null,
      source: 'partner',
    });
    expect(d.body.riskFactors).toEqual(['threats_of_violence', 'glorifies_violence']);
    // Wall time 15:40 in Bishkek (UTC+6) is 09:40 UTC.
    expect(d.body.observedAt).toBe(`${yesterday()}T09:40:00.000Z`);
    expect(await audits('referral.open', r.body.id)).toBe(1);
  });

  it('warns when the text describes religion, ethnicity or opinions, and saves only once confirmed', async () => {
    const behaviour = 'He has become a devout Muslim and his family is Uzbek; he grew a beard last month.';
    const r = await api('teacher', 'POST', '/api/v1/referrals', { ...openInput(w), behaviour });
    expect(r.status).toBe(400);
    expect(r.body.error.field).toBe('behaviour');
    expect(r.body.error.message).toMatch(/"Muslim"/);
    const check = await api('teacher', 'POST', '/api/v1/referrals/check', { text: behaviour });
    expect(check.body.warnings.map((x: { kind: string }) => x.kind)).toEqual([
      'religion',
      'religion',
      'ethnicity',
      'religion',
    ]);
    const ok = await api('teacher', 'POST', '/api/v1/referrals', {
      ...openInput(w),
      behaviour,
      confirmBehaviour: true,
    });
    expect(ok.status).toBe(201);
    expect((await api('coordinator', 'GET', `/api/v1/referrals/${ok.body.id}`)).body.warnings.length).toBe(4);
  });

  it('refuses bad input with the field named, and unknown fields such as religion', async () => {
    const bad = async (over: Record<string, unknown>, field: string | RegExp) => {
      const r = await api('teacher', 'POST', '/api/v1/referrals', { ...openInput(w), ...over });
      expect(r.status, JSON.stringify(over)).toBe(400);
      if (typeof field === 'string') expect(r.body.error.field ?? r.body.error.message).toMatch(field);
      else expect(r.body.error.message).toMatch(field);
    };
    await bad({ religion: 'x' }, /religion|additional/i);
    await bad({ behaviour: 'too short' }, 'behaviour');
    await bad({ observedTime: '25:00' }, 'observedTime');
    await bad({ observedDate: '2999-01-01' }, 'observedDate');
    await bad({ observedAreaCode: w.otherDistrict }, 'observedAreaCode');
    await bad({ areaCode: 'XX-nowhere' }, 'areaCode');
    await bad({ source: 'prevention_desk' }, 'sourceReportId');
    await bad({ riskFactors: ['prays_often'] }, /riskFactors|must be equal/);
  });

  it('opens from a prevention-desk report (radicalization-concern) and from a forum, in jurisdiction only', async () => {
    await seedReportCategories(t.app.ctx.db);
    const { reports, forums } = t.app.ctx.services;
    const concern = await reports.createReport(ANONYMOUS, {
      description: 'A young man keeps pressing boys at the market to join a fight “for the cause”.',
      category: 'radicalization-concern',
      privacy: 'anonymous',
      location: KARA_SUU_POINT,
      answers: { behaviour_seen: 'pressure_to_join' },
    });
    const other = await reports.createReport(ANONYMOUS, {
      description: 'Bus stop glass broken again near the bazaar at night.',
      category: 'public-order',
      privacy: 'anonymous',
      location: KARA_SUU_POINT,
    });
    const asDesk = (sourceReportId: string) =>
      api('coordinator', 'POST', '/api/v1/referrals', {
        ...openInput(w),
        source: 'prevention_desk',
        sourceReportId,
      });
    const r = await asDesk(concern.id);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.onPanel).toBe(true);
    expect((await asDesk(other.id)).body.error.field).toBe('sourceReportId');
    // A coordinator of another district cannot use this report or open in this area.
    const foreign = await api('otherCoordinator', 'POST', '/api/v1/referrals', {
      ...openInput(w),
      source: 'prevention_desk',
      sourceReportId: concern.id,
    });
    expect(foreign.status).toBe(404);

    const forum = await forums.createForum(w.actors.coordinator, {
      name: 'Кашкар-Кыштак ОПЦ',
      kind: 'prevention_centre',
      areaCode: w.municipality,
    });
    const f = await api('coordinator', 'POST', '/api/v1/referrals', {
      ...openInput(w),
      source: 'forum',
      sourceForumId: forum.id,
    });
    expect(f.status, JSON.stringify(f.body)).toBe(201);
    expect((await api('coordinator', 'GET', `/api/v1/referrals/${f.body.id}`)).body.source).toBe('forum');
  });

  it('keeps referrals from investigative roles, other areas and non-members; audits every read', async () => {
    const id = await open();
    for (const who of ['officer', 'supervisor', 'otherCoordinator', 'oversight', 'teacher'] as const) {
      expect((await api(who, 'GET', `/api/v1/referrals/${id}`)).status, who).toBe(404);
      const list = await api(who, 'GET', '/api/v1/referrals');
      expect([200, 404], who).toContain(list.status);
      if (list.status === 200) expect(list.body.items.map((i: { id: string }) => i.id)).not.toContain(id);
    }
    expect((await api(null, 'GET', `/api/v1/referrals/${id}`)).status).toBe(401);
    const before = await audits('referral.read', id);
    await api('mentor', 'GET', `/api/v1/referrals/${id}`);
    await api('socialWorker', 'GET', `/api/v1/referrals/${id}`);
    expect(await audits('referral.read', id)).toBe(before + 2);
    const list = await api('mentor', 'GET', '/api/v1/referrals');
    expect(list.body.items.map((i: { id: string }) => i.id)).toContain(id);
    expect(JSON.stringify(list.body)).not.toMatch(/knife/);
    // Leaving the panel ends access at once.
    expect(
      (
        await api(
          'coordinator',
          'DELETE',
          `/api/v1/referral-panels/${w.areas.district.code}/members/${w.ids.mentor}`,
        )
      ).status,
    ).toBe(200);
    expect((await api('mentor', 'GET', `/api/v1/referrals/${id}`)).status).toBe(404);
    expect(
      (
        await api('coordinator', 'POST', `/api/v1/referral-panels/${w.areas.district.code}/members`, {
          personId: w.ids.mentor,
        })
      ).status,
    ).toBe(200);
    // Only people with a panel role over the area can join; officers never.
    const officerJoin = await api(
      'coordinator',
      'POST',
      `/api/v1/referral-panels/${w.areas.district.code}/members`,
      {
        personId: w.ids.officer,
      },
    );
    expect(officerJoin.body.error.field).toBe('personId');
    expect((await api('mentor', 'GET', `/api/v1/referral-panels/${w.areas.district.code}`)).status).toBe(404);
    const panel = await api('coordinator', 'GET', `/api/v1/referral-panels/${w.areas.district.code}`);
    expect(panel.body.items.map((m: { police: boolean }) => m.police).sort()).toEqual([false, false, true]);
  });

  it('without consent: only an anonymised consultation — no support, no actions, no identity', async () => {
    const id = await open();
    await api('socialWorker', 'POST', `/api/v1/referrals/${id}/checklist`, { items: [...CHECKLIST_ITEMS] });
    const support = await api('coordinator', 'POST', `/api/v1/referrals/${id}/decision`, {
      decision: 'support_offered',
      rationale: 'We would like to offer mentoring to the young person.',
    });
    expect(support.status).toBe(400);
    expect(support.body.error.message).toMatch(/consent/);
    const action = await api('coordinator', 'POST', `/api/v1/referrals/${id}/actions`, {
      ownerOrganisationId: w.orgs.ngo,
      text: 'Weekly mentoring',
      deadline: '2027-03-01',
      reviewDates: [],
    });
    expect(action.status).toBe(409);
    // A consultation may still end with advice elsewhere.
    const refer = await api('coordinator', 'POST', `/api/v1/referrals/${id}/decision`, {
      decision: 'refer_elsewhere',
      rationale: 'The concern is bullying at school; the school psychologist is the right service.',
      referredTo: 'School psychologist',
    });
    expect(refer.status).toBe(200);
    const d = await api('coordinator', 'GET', `/api/v1/referrals/${id}`);
    expect(d.body).toMatchObject({ status: 'closed', outcome: 'referred_on', subject: null, consent: null });
  });

  it('records consent with its rules: a guardian for a minor, partner agencies of the area only', async () => {
    const id = await open();
    const post = (b: object) => api('coordinator', 'POST', `/api/v1/referrals/${id}/consent`, b);
    expect((await post(consentBody({ givenBy: 'person' }))).body.error.field).toBe('givenBy');
    expect((await post(consentBody({ agencyIds: [w.orgs.police] }))).body.error.field).toBe('agencyIds');
    expect((await post(consentBody({ relationship: null }))).body.error.field).toBe('relationship');
    expect((await post(consentBody({ purposes: [] }))).body.error.field).toBe('purposes');
    expect((await post(consentBody({ method: 'telepathy' }))).status).toBe(400);
    expect((await post(consentBody())).status).toBe(200);
    expect((await post(consentBody())).status).toBe(409);
    const d = await api('coordinator', 'GET', `/api/v1/referrals/${id}`);
    expect(d.body.consent).toMatchObject({
      givenBy: 'guardian',
      method: 'written',
      givenAt: `${yesterday()}T05:15:00.000Z`,
      relationship: 'mother',
    });
    expect(d.body.subject.name).toBe('Бакыт Т.');
    expect(d.body.consent.agencies.map((a: { name: string }) => a.name).sort()).toEqual(
      ['Жаштар борбору «Ынтымак»', 'Кашкар-Кыштак орто мектеби №3'].sort(),
    );
  });

  it('needs the checklist, complete and by another panel member, before the decision', async () => {
    const id = await open();
    await api('coordinator', 'POST', `/api/v1/referrals/${id}/consent`, consentBody());
    const decide = () =>
      api('coordinator', 'POST', `/api/v1/referrals/${id}/decision`, {
        decision: 'support_offered',
        rationale: 'The family agrees; mentoring and school support are proportionate here.',
      });
    expect((await decide()).body.error.message).toMatch(/checklist/);
    const partial = await api('socialWorker', 'POST', `/api/v1/referrals/${id}/checklist`, {
      items: CHECKLIST_ITEMS.slice(1),
    });
    expect(partial.body.error.message).toMatch(/behaviour_only/);
    await api('coordinator', 'POST', `/api/v1/referrals/${id}/checklist`, { items: [...CHECKLIST_ITEMS] });
    expect((await decide()).body.error.message).toMatch(/reviewer/);
    await api('socialWorker', 'POST', `/api/v1/referrals/${id}/checklist`, { items: [...CHECKLIST_ITEMS] });
    expect((await decide()).status).toBe(200);
    expect((await decide()).status).toBe(409);
    const short = await open();
    const r = await api('coordinator', 'POST', `/api/v1/referrals/${short}/decision`, {
      decision: 'no_further_action',
      rationale: 'ok',
    });
    expect(r.body.error.field).toBe('rationale');
  });

  it('support plan: partner owners only (never police), each owner sees only its own action', async () => {
    const id = await inSupport();
    const add = (owner: string, text: string) =>
      api('coordinator', 'POST', `/api/v1/referrals/${id}/actions`, {
        ownerOrganisationId: owner,
        text,
        deadline: '2027-03-01',
        reviewDates: ['2027-01-15', '2027-02-15'],
      });
    expect((await add(w.orgs.police, 'Police check-ins')).body.error.field).toBe('ownerOrganisationId');
    expect((await add(w.orgs.social, 'Family support visits')).body.error.message).toMatch(/agreed/);
    const mentoring = await add(w.orgs.ngo, 'Weekly mentoring at the youth centre');
    const counselling = await add(w.orgs.school, 'Counselling with the school psychologist');
    expect(counselling.status).toBe(200);
    // The teacher (school) sees the school's action only, not the referral, not the NGO's action.
    expect((await api('teacher', 'GET', `/api/v1/referrals/${id}`)).status).toBe(404);
    const mine = await api('teacher', 'GET', '/api/v1/referral-actions');
    expect(mine.body.items.map((a: { text: string }) => a.text)).toEqual([
      'Counselling with the school psychologist',
    ]);
    expect(JSON.stringify(mine.body)).not.toMatch(/Бакыт|knife|mentoring/i);
    expect((await api('teacher', 'GET', `/api/v1/referral-actions/${mentoring.body.id}`)).status).toBe(404);
    const upd = await api('teacher', 'POST', `/api/v1/referral-actions/${counselling.body.id}`, {
      status: 'in_progress',
      note: 'First session held.',
    });
    expect(upd.status).toBe(200);
    expect(await audits('referral.action.list')).toBeGreaterThan(0);
    for (const who of ['officer', 'supervisor'] as const)
      expect((await api(who, 'GET', `/api/v1/referral-actions/${counselling.body.id}`)).status).toBe(404);
    // Reviews by the panel.
    expect(
      (
        await api('mentor', 'POST', `/api/v1/referrals/${id}/reviews`, {
          reviewedOn: yesterday(),
          notes: 'Attends mentoring; no further threats reported by the school.',
          nextReviewOn: '2027-02-15',
        })
      ).status,
    ).toBe(200);
    const d = await api('coordinator', 'GET', `/api/v1/referrals/${id}`);
    expect(d.body.actions.find((a: { id: string }) => a.id === counselling.body.id)).toMatchObject({
      status: 'in_progress',
      note: 'First session held.',
      reviewDates: ['2027-01-15', '2027-02-15'],
    });
    expect(d.body.reviews).toHaveLength(1);

    // Withdrawal with a legal duty: sharing stops (the school loses its action), the panel keeps it.
    const w1 = await api('coordinator', 'POST', `/api/v1/referrals/${id}/consent/withdraw`, {
      note: 'The mother withdrew consent by phone.',
      legalDutyRole: 'Chair of the district commission on minors’ affairs',
    });
    expect(w1.body.error.field).toBe('legalDutyBasis');
    const w2 = await api('coordinator', 'POST', `/api/v1/referrals/${id}/consent/withdraw`, {
      note: 'The mother withdrew consent by phone.',
      legalDutyRole: 'Chair of the district commission on minors’ affairs',
      legalDutyBasis: 'Code on Children, art. 12: follow-up of a minor at risk of harm',
    });
    expect(w2.body).toEqual({ closed: false });
    expect((await api('teacher', 'GET', `/api/v1/referral-actions/${counselling.body.id}`)).status).toBe(404);
    expect((await api('teacher', 'GET', '/api/v1/referral-actions')).body.items).toEqual([]);
    const after = await api('coordinator', 'GET', `/api/v1/referrals/${id}`);
    expect(after.body).toMatchObject({ status: 'support', consentStatus: 'withdrawn' });
    expect(after.body.legalDuty.role).toMatch(/commission/);
  });

  it('withdrawal without a legal duty stops sharing and closes the referral', async () => {
    const id = await inSupport();
    const a = await api('coordinator', 'POST', `/api/v1/referrals/${id}/actions`, {
      ownerOrganisationId: w.orgs.school,
      text: 'Counselling',
      deadline: '2027-03-01',
      reviewDates: [],
    });
    expect((await api('teacher', 'GET', `/api/v1/referral-actions/${a.body.id}`)).status).toBe(200);
    const r = await api('socialWorker', 'POST', `/api/v1/referrals/${id}/consent/withdraw`, {});
    expect(r.body).toEqual({ closed: true });
    expect((await api('teacher', 'GET', `/api/v1/referral-actions/${a.body.id}`)).status).toBe(404);
    const d = await api('coordinator', 'GET', `/api/v1/referrals/${id}`);
    expect(d.body).toMatchObject({ status: 'closed', outcome: 'consent_withdrawn', can: { work: false } });
  });

  it('closes once when two panel members race; closure removes the owners’ access and stops changes', async () => {
    const id = await inSupport();
    const a = await api('coordinator', 'POST', `/api/v1/referrals/${id}/actions`, {
      ownerOrganisationId: w.orgs.school,
      text: 'Counselling',
      deadline: '2027-03-01',
      reviewDates: [],
    });
    const close = (who: PersonKey, outcome: string) =>
      api(who, 'POST', `/api/v1/referrals/${id}/close`, { outcome, supportDelivered: true });
    const results = await Promise.all([
      close('coordinator', 'support_completed'),
      close('mentor', 'moved_away'),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.status === 409)!.body.error.code).toBe('conflict');
    const d = await api('socialWorker', 'GET', `/api/v1/referrals/${id}`);
    expect(d.status).toBe(200);
    expect(d.body.status).toBe('closed');
    expect(d.body.can).toMatchObject({ work: false, close: false, plan: false });
    expect((await api('teacher', 'GET', `/api/v1/referral-actions/${a.body.id}`)).status).toBe(404);
    const review = await api('coordinator', 'POST', `/api/v1/referrals/${id}/reviews`, {
      reviewedOn: yesterday(),
      notes: 'Late note',
    });
    expect(review.status).toBe(409);
    expect(await audits('referral.close', id)).toBe(1);
  });

  it('deletes closed referrals for real after the retention period, by the durable job', async () => {
    clock.set('2026-06-01T08:00:00Z');
    const id = await inSupport();
    await api('coordinator', 'POST', `/api/v1/referrals/${id}/actions`, {
      ownerOrganisationId: w.orgs.ngo,
      text: 'Mentoring',
      deadline: '2026-09-01',
      reviewDates: [],
    });
    await api('coordinator', 'POST', `/api/v1/referrals/${id}/close`, {
      outcome: 'support_completed',
      supportDelivered: true,
    });
    const tallyBefore = await t.app.ctx.db.read.selectFrom('referral_outcome_tally').selectAll().execute();
    clock.advance(360 * DAY);
    const jobs = new JobService(t.app.ctx.db);
    const logged: object[] = [];
    await t.app.ctx.services.referrals.registerJobs(jobs, { info: (o) => logged.push(o) });
    const run = async () => {
      for (const j of await jobs.claim('test-worker', 10))
        expect(await jobs.execute(j, 'test-worker')).toBe('done');
    };
    await run();
    expect(
      await t.app.ctx.db.read.selectFrom('referral').select('id').where('id', '=', id).execute(),
    ).toHaveLength(1);
    clock.advance(10 * DAY);
    await run(); // the recurring job's next run is due by now
    expect(logged.filter((o) => (o as { job?: string }).job === RETENTION_JOB)).toHaveLength(2);
    const tables = ['referral', 'referral_consent', 'referral_action', 'referral_review'] as const;
    const left = async (table: (typeof tables)[number]) =>
      table === 'referral'
        ? t.app.ctx.db.read.selectFrom('referral').select('id').where('id', '=', id).execute()
        : t.app.ctx.db.read.selectFrom(table).select('id').where('referral_id', '=', id).execute();
    for (const table of tables) expect(await left(table), table).toEqual([]);
    expect(logged.some((o) => (o as { job?: string }).job === RETENTION_JOB)).toBe(true);
    // The tally (no link to the referral) survives; the audit trail says what was deleted.
    expect(await t.app.ctx.db.read.selectFrom('referral_outcome_tally').selectAll().execute()).toEqual(
      tallyBefore,
    );
    expect(await audits('referral.retention')).toBeGreaterThan(0);
    expect((await api('coordinator', 'GET', `/api/v1/referrals/${id}`)).status).toBe(404);
  });

  it('gives supervisors and oversight aggregate figures only, small cells suppressed', async () => {
    for (const who of ['coordinator', 'mentor', 'officer'] as const)
      expect((await api(who, 'GET', '/api/v1/referral-stats')).status, who).toBe(404);
    const tally = (outcome: string, n: number) =>
      t.app.ctx.db.write(async (trx) => {
        for (let i = 0; i < n; i++)
          await trx
            .insertInto('referral_outcome_tally')
            .values({
              id: `${outcome}-${i}`,
              area_code: w.municipality,
              area_path: `${w.areas.district.path}${w.municipality}/`,
              outcome,
              support_delivered: i % 2,
              closed_month: '2026-10',
            })
            .execute();
      });
    await tally('support_completed', 12);
    await tally('moved_away', 2);
    for (const who of ['supervisor', 'oversight'] as const) {
      const s = await api(who, 'GET', '/api/v1/referral-stats');
      expect(s.status).toBe(200);
      const table = s.body as {
        minimum: number;
        areaCodes: string[];
        outcomes: string[];
        cells: (number | null)[][];
        rowTotals: (number | null)[];
        columnTotals: (number | null)[];
        total: number | null;
      };
      expect(table.minimum).toBe(10);
      const row = table.areaCodes.indexOf(w.municipality);
      expect(row).toBeGreaterThanOrEqual(0);
      // The 2 is hidden, and so is enough else that it cannot be worked out from the row.
      expect(table.cells[row]![table.outcomes.indexOf('moved_away')]).toBeNull();
      const lines = [
        ...table.cells.map((r, i) => [...r, table.rowTotals[i]!]),
        [...table.columnTotals, table.total],
      ];
      for (const line of lines) {
        expect(line.filter((x) => x === null).length).not.toBe(1);
        for (const x of line) if (x !== null) expect(x === 0 || x >= table.minimum, String(x)).toBe(true);
      }
      expect(JSON.stringify(s.body)).not.toMatch(/"id"/);
    }
  });
});
