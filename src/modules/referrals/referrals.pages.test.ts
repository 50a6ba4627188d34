/**
 * The referral pages through the real app (HTML forms posted with a session cookie and a CSRF
 * token), on SQLite and PostgreSQL: the panel works a referral from consent to closure with the
 * forms only (errors shown next to their fields), the owner of an action sees only its action page,
 * the aggregate page suppresses small counts, and investigative roles get "not found" everywhere.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { describeDialects } from '../../../test/db.ts';
import { createSession, csrfPair, sessionCookies } from '../../../test/factories.ts';
import {
  openInput,
  referralWorld,
  yesterday,
  type PersonKey,
  type ReferralWorld,
} from './referrals.fixtures.ts';
import { CHECKLIST_ITEMS } from './referrals.types.ts';
import { ANONYMOUS } from '../../shared/policy.ts';
import { seedReportCategories } from '../reports/report-categories.seed.ts';
import { KARA_SUU_POINT } from '../reports/reports.fixtures.ts';

describeDialects('referral pages', (dialect) => {
  let t: TestApp;
  let w: ReferralWorld;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    w = await referralWorld(t.app);
  });
  afterAll(async () => t?.close());

  const get = async (who: PersonKey, url: string) => {
    const sid = await createSession(t.app, w.ids[who]);
    return t.app.inject({ url, cookies: sessionCookies(sid), headers: { accept: 'text/html' } });
  };
  const post = async (who: PersonKey, url: string, fields: Record<string, string | string[]>) => {
    const sid = await createSession(t.app, w.ids[who]);
    const csrf = csrfPair(t.app);
    const body = new URLSearchParams();
    body.append('_csrf', csrf.token);
    for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) body.append(k, x);
    return t.app.inject({
      method: 'POST',
      url,
      cookies: { ...sessionCookies(sid), ...csrf.cookies },
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      payload: body.toString(),
    });
  };

  it('works a referral from consent to closure with the forms only', async () => {
    const { id } = await t.app.ctx.services.referrals.open(w.actors.teacher, openInput(w));
    const page = `/staff/referrals/${id}`;
    const list = await get('coordinator', '/staff/referrals');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(page);

    const consent = {
      givenBy: 'guardian',
      consenterName: 'Айгүл Турдубаева',
      relationship: 'апасы',
      method: 'in_person',
      givenDate: yesterday(),
      givenTime: '09:30',
      purposes: ['assessment', 'support_plan'],
      agencyIds: [w.orgs.ngo, w.orgs.school],
      subjectName: 'Бакыт Т.',
    };
    const bad = await post('coordinator', `${page}/consent`, { ...consent, givenTime: '9.30' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('id="givenTime-error"');
    expect((await post('coordinator', `${page}/consent`, consent)).statusCode).toBe(303);
    expect(
      (await post('socialWorker', `${page}/checklist`, { items: [...CHECKLIST_ITEMS] })).statusCode,
    ).toBe(303);
    const sameReviewer = await post('socialWorker', `${page}/decision`, {
      decision: 'support_offered',
      rationale: 'Mentoring and counselling are proportionate; the family asked for help.',
    });
    expect(sameReviewer.statusCode).toBe(400);
    expect(sameReviewer.body).toContain('id="decision-error"');
    const decided = await post('coordinator', `${page}/decision`, {
      decision: 'support_offered',
      rationale: 'Mentoring and counselling are proportionate; the family asked for help.',
    });
    expect(decided.statusCode).toBe(303);
    const police = await post('coordinator', `${page}/actions`, {
      ownerOrganisationId: w.orgs.police,
      text: 'Police visits',
      deadline: '2027-03-01',
      reviewDates: '2027-01-10',
    });
    expect(police.statusCode).toBe(400);
    expect(police.body).toContain('id="ownerOrganisationId-error"');
    const action = await post('coordinator', `${page}/actions`, {
      ownerOrganisationId: w.orgs.school,
      text: 'Weekly counselling with the school psychologist',
      deadline: '2027-03-01',
      reviewDates: '2027-01-10',
    });
    expect(action.statusCode).toBe(303);
    const actionId = (
      await t.app.ctx.db.read
        .selectFrom('referral_action')
        .select('id')
        .where('referral_id', '=', id)
        .executeTakeFirstOrThrow()
    ).id;
    // The school's teacher: the action page, not the referral page.
    expect((await get('teacher', page)).statusCode).toBe(404);
    const own = await get('teacher', `/staff/referral-actions/${actionId}`);
    expect(own.statusCode).toBe(200);
    expect(own.body).toContain('Weekly counselling with the school psychologist');
    expect(own.body).not.toContain('Бакыт');
    expect(
      (
        await post('teacher', `/staff/referral-actions/${actionId}`, {
          status: 'in_progress',
          note: 'Started.',
        })
      ).statusCode,
    ).toBe(303);
    expect(
      (await post('mentor', `${page}/reviews`, { reviewedOn: yesterday(), notes: 'Sessions attended.' }))
        .statusCode,
    ).toBe(303);
    const detail = await get('mentor', page);
    expect(detail.body).toContain('Sessions attended.');
    expect(detail.body).toContain('Бакыт Т.');
    expect(
      (await post('coordinator', `${page}/close`, { outcome: 'support_completed', supportDelivered: 'yes' }))
        .statusCode,
    ).toBe(303);
    expect((await get('teacher', `/staff/referral-actions/${actionId}`)).statusCode).toBe(404);
    const late = await post('coordinator', `${page}/close`, {
      outcome: 'moved_away',
      supportDelivered: 'no',
    });
    expect(late.statusCode).toBe(409);
    expect((await get('coordinator', page)).body).toContain('Support completed');
  });

  it('shows aggregate figures to supervisors, with small counts suppressed', async () => {
    const s = await get('supervisor', '/staff/referral-stats');
    expect(s.statusCode).toBe(200);
    expect(s.body, s.body.slice(s.body.indexOf('<main'))).toContain('hidden');
    expect(s.body).toContain('Support completed');
    expect((await get('coordinator', '/staff/referral-stats')).statusCode).toBe(404);
  });

  it('lets the coordinator keep the panel with a picker: add an eligible partner, remove them', async () => {
    const d = w.areas.district.code;
    const page = await get('coordinator', `/staff/referral-panels?area=${d}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Test mentor');
    // Candidates: panel roles over the whole district, not yet members; never the officer.
    expect(page.body).not.toContain('>Test officer');
    expect(page.body).not.toContain('>Test teacher'); // the school's grant covers its ayil aimak only
    expect(
      (await post('coordinator', `/staff/referral-panels/${d}/members`, { personId: w.ids.officer })).body,
    ).toContain('id="personId-error"');
    const removed = await post(
      'coordinator',
      `/staff/referral-panels/${d}/members/${w.ids.mentor}/remove`,
      {},
    );
    expect(removed.statusCode).toBe(303);
    expect((await get('coordinator', `/staff/referral-panels?area=${d}`)).body).toContain(
      `<option value="${w.ids.mentor}">`,
    );
    expect(
      (await post('coordinator', `/staff/referral-panels/${d}/members`, { personId: w.ids.mentor }))
        .statusCode,
    ).toBe(303);
    expect((await get('mentor', `/staff/referral-panels?area=${d}`)).statusCode).toBe(404);
  });

  it('links a prevention-desk concern to the opening form, which carries the report', async () => {
    await seedReportCategories(t.app.ctx.db);
    const concern = await t.app.ctx.services.reports.createReport(ANONYMOUS, {
      description: 'A young man keeps pressing boys at the market to join a fight.',
      category: 'radicalization-concern',
      privacy: 'anonymous',
      location: KARA_SUU_POINT,
      answers: { behaviour_seen: 'pressure_to_join' },
    });
    const report = await get('coordinator', `/staff/reports/${concern.id}`);
    expect(report.statusCode).toBe(200);
    expect(report.body).toContain(`/staff/referrals/new?report=${concern.id}`);
    const form = await get('coordinator', `/staff/referrals/new?report=${concern.id}`);
    expect(form.body).toContain(`name="sourceReportId" value="${concern.id}"`);
  });

  it('gives officers and supervisors no referral page at all', async () => {
    const { id } = await t.app.ctx.services.referrals.open(w.actors.teacher, openInput(w));
    for (const who of ['officer', 'supervisor'] as const)
      for (const url of ['/staff/referrals', '/staff/referrals/new', `/staff/referrals/${id}`])
        expect((await get(who, url)).statusCode, `${who} ${url}`).toBe(404);
  });
});
