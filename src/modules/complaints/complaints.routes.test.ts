/**
 * Complaints through the real app on SQLite and PostgreSQL: web and channel intake built on the
 * reports intake (receipt, privacy), routing out of the officers' chain (officers, supervisors,
 * partners and analysts get 404 and never see a complaint in the report queue, even assigned), the
 * lifecycle with conditional moves (a lost race is 409), the reasoned outcome on the track page and
 * the single appeal, identity only when shared with oversight, overdue deadlines, and the oversight
 * bodies' four eyes.
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { describeDialects } from '../../../test/db.ts';
import { insertOrganisation, insertStaff } from '../../../test/factories.ts';
import { clock, DAY } from '../../shared/time.ts';
import {
  complaintFields,
  complaintWorld,
  multipart,
  ORIGIN,
  RECEIPT_RE,
  staffClient,
} from './complaints.test-helpers.ts';

type World = Awaited<ReturnType<typeof complaintWorld>>;

describeDialects('complaints', (dialect) => {
  let t: TestApp;
  let w: World;
  let staff: ReturnType<typeof staffClient>;

  beforeAll(async () => {
    t = await createTestApp(dialect, { reportLimitPerHour: 100_000 });
    w = await complaintWorld(t.app);
    staff = staffClient(t.app);
  });
  afterAll(async () => {
    clock.reset();
    await t?.close();
  });

  const db = () => t.app.ctx.db.read;
  const submit = async (over: Record<string, string> = {}) => {
    const mp = multipart(complaintFields(w.areas.district.code, over));
    const res = await t.app.inject({ method: 'POST', url: '/complaints/new', ...mp });
    expect(res.statusCode, res.body).toBe(200);
    const receipt = RECEIPT_RE.exec(res.body)?.[0] ?? null;
    const reference = /<strong class="mono">([^<]+)<\/strong>/.exec(res.body)![1]!;
    const report = await db()
      .selectFrom('report')
      .selectAll()
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow();
    const complaint = await db()
      .selectFrom('complaint')
      .selectAll()
      .where('report_id', '=', report.id)
      .executeTakeFirstOrThrow();
    return { res, receipt, reference, report, complaint };
  };
  const track = (receipt: string) =>
    t.app.inject({
      method: 'POST',
      url: '/track',
      payload: new URLSearchParams({ receipt }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...ORIGIN },
    });
  const appeal = (receipt: string, reason: string) =>
    t.app.inject({
      method: 'POST',
      url: '/complaints/appeal',
      payload: new URLSearchParams({ receipt, reason }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...ORIGIN },
    });

  describe('intake', () => {
    it('takes an anonymous web complaint on the reports intake: receipt once, no cookie, nobody linked', async () => {
      const form = await t.app.inject({ method: 'GET', url: '/complaints/new' });
      expect(form.statusCode).toBe(200);
      expect(form.headers['set-cookie']).toBeUndefined();
      expect(form.body).toContain('data-island="area-picker"');
      const { res, receipt, report, complaint } = await submit();
      expect(res.headers['set-cookie']).toBeUndefined();
      expect(receipt).not.toBeNull();
      expect(report).toMatchObject({
        category_code: 'police-conduct',
        desk: 'complaints',
        privacy: 'anonymous',
        contact: null,
        channel: 'web',
      });
      // 18:30 in Kyrgyzstan (UTC+6) is 12:30 UTC.
      expect(report.occurred_at).toBe('2026-11-20T12:30:00.000Z');
      expect(complaint).toMatchObject({
        kind: 'complaint',
        officer_badge: '04-117',
        stage: 'registered',
        identity_shared: 0,
      });
      const audit = await db()
        .selectFrom('audit_event')
        .selectAll()
        .where('subject_id', '=', report.id)
        .executeTakeFirstOrThrow();
      expect(audit.actor_id).toBeNull();
    });

    it('refuses a form without a kind or a place with the errors next to the fields, writing nothing', async () => {
      const before = await db()
        .selectFrom('complaint')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      const mp = multipart(complaintFields(w.areas.district.code, { kind: '', area: '' }));
      const res = await t.app.inject({ method: 'POST', url: '/complaints/new', ...mp });
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('id="kind-error"');
      expect(res.body).toContain('id="area-error"');
      const after = await db()
        .selectFrom('complaint')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(after.n)).toBe(Number(before.n));
    });

    it('opens a complaint record for a police-conduct report from any channel (here the JSON API), thanks included', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/reports',
        payload: {
          category: 'police-conduct',
          description: 'The inspector helped my mother home after she fell in the street.',
          privacy: 'name_hidden',
          location: { area: w.areas.district.code },
          answers: { kind: 'thanks', officer: 'Inspector of beat 3' },
          contact: { phone: '+996 555 123 456' },
        },
      });
      expect(res.statusCode, res.body).toBe(201);
      const c = await db()
        .selectFrom('complaint')
        .selectAll()
        .where('report_id', '=', res.json().id)
        .executeTakeFirstOrThrow();
      expect(c).toMatchObject({
        kind: 'commendation',
        officer_badge: 'Inspector of beat 3',
        identity_shared: 0,
      });
    });
  });

  describe('out of the officers’ chain', () => {
    it('gives officers, supervisors, partners and analysts 404 on complaints, and keeps complaints out of their report queue even when assigned', async () => {
      const { complaint, report, reference } = await submit();
      // Even a report-desk assignment cannot bring it to an officer or a partner.
      await t.app.ctx.db.write((trx) =>
        trx
          .updateTable('report')
          .set({ assigned_person_id: w.officer.id, assigned_organisation_id: w.partnerOrg.id })
          .where('id', '=', report.id)
          .execute(),
      );
      for (const who of [w.officer, w.supervisor, w.partner, w.analyst, w.prevention]) {
        expect((await staff.get(who.id, '/staff/complaints')).statusCode).toBe(404);
        expect((await staff.get(who.id, `/staff/complaints/${complaint.id}`)).statusCode).toBe(404);
        expect((await staff.post(who.id, `/staff/complaints/${complaint.id}/acknowledge`)).statusCode).toBe(
          404,
        );
        const q = await staff.get(who.id, '/staff/reports');
        expect(q.body).not.toContain(reference);
        expect((await staff.get(who.id, `/staff/reports/${report.id}`)).statusCode).toBe(404);
        const api = await t.app.inject({
          method: 'GET',
          url: '/api/v1/reports?limit=200',
          headers: who.auth,
        });
        expect(api.body).not.toContain(reference);
      }
      const q = await staff.get(w.oversight.id, '/staff/complaints');
      expect(q.statusCode).toBe(200);
      expect(q.body).toContain(reference);
    });

    it('links the queue and the access review from the staff home for oversight only', async () => {
      const home = await staff.get(w.oversight.id, '/staff');
      expect(home.body).toContain('href="/staff/complaints"');
      expect(home.body).toContain('href="/staff/access-review"');
      const officerHome = await staff.get(w.officer.id, '/staff');
      expect(officerHome.body).not.toContain('href="/staff/complaints"');
      expect(officerHome.body).not.toContain('href="/staff/access-review"');
      expect(officerHome.body).toContain('href="/staff/complaints/about-me"');
    });

    it('leaves complaints to the complaints module: no report route opens, assigns or shows them, even to oversight', async () => {
      const { report, reference } = await submit();
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/reports/${report.id}/assign`,
        headers: w.oversight.auth,
        payload: { person_id: w.officer.id },
      });
      expect(res.statusCode).toBe(404);
      expect((await staff.get(w.oversight.id, `/staff/reports/${report.id}`)).statusCode).toBe(404);
      expect((await staff.get(w.oversight.id, '/staff/reports')).body).not.toContain(reference);
    });

    it('shows the complainant’s photos to oversight through the complaint, audited; nobody else', async () => {
      const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#a33' } })
        .png()
        .toBuffer();
      const mp = multipart(complaintFields(w.areas.district.code), [png]);
      const res = await t.app.inject({ method: 'POST', url: '/complaints/new', ...mp });
      expect(res.statusCode, res.body).toBe(200);
      const reference = /<strong class="mono">([^<]+)<\/strong>/.exec(res.body)![1]!;
      const c = await db()
        .selectFrom('complaint')
        .innerJoin('report', 'report.id', 'complaint.report_id')
        .innerJoin('report_photo', 'report_photo.report_id', 'report.id')
        .select(['complaint.id', 'report_photo.id as photo'])
        .where('report.reference', '=', reference)
        .executeTakeFirstOrThrow();
      const page = await staff.get(w.oversight.id, `/staff/complaints/${c.id}`);
      expect(page.body).toContain(`/staff/complaints/${c.id}/photos/${c.photo}`);
      const img = await staff.get(w.oversight.id, `/staff/complaints/${c.id}/photos/${c.photo}`);
      expect(img.statusCode).toBe(200);
      expect(img.headers['content-type']).toMatch(/^image\//);
      expect((await staff.get(w.officer.id, `/staff/complaints/${c.id}/photos/${c.photo}`)).statusCode).toBe(
        404,
      );
      const audited = await db()
        .selectFrom('audit_event')
        .select('actor_id')
        .where('action', '=', 'complaint.photo.read')
        .where('subject_id', '=', c.id)
        .execute();
      expect(audited).toEqual([{ actor_id: w.oversight.id }]);
    });
  });

  describe('lifecycle', () => {
    it('acknowledges, reviews and decides with reasons; the complainant reads the outcome with the receipt and appeals once', async () => {
      const { complaint, receipt } = await submit();
      const base = `/staff/complaints/${complaint.id}`;
      expect(
        (
          await staff.post(w.oversight.id, `${base}/acknowledge`, {
            note: 'Registered at the Public Council.',
          })
        ).statusCode,
      ).toBe(303);
      // Acknowledging twice loses: the stage moved on.
      expect((await staff.post(w.oversight.id, `${base}/acknowledge`)).statusCode).toBe(409);
      expect((await staff.post(w.oversight.id, `${base}/review`)).statusCode).toBe(303);
      const bad = await staff.post(w.oversight.id, `${base}/decide`, { outcome: 'upheld', reasoning: '' });
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('id="reasoning-error"');
      const wrong = await staff.post(w.oversight.id, `${base}/decide`, {
        outcome: 'commendation_passed_on',
        reasoning: 'x',
      });
      expect(wrong.statusCode).toBe(400);
      // Uzgen's officer is not of this area: not a choice.
      const stranger = await staff.post(w.oversight.id, `${base}/decide`, {
        outcome: 'upheld',
        reasoning: 'x',
        officer: w.otherOfficer.id,
      });
      expect(stranger.statusCode).toBe(400);
      expect(stranger.body).toContain('id="officer-error"');
      const ok = await staff.post(w.oversight.id, `${base}/decide`, {
        outcome: 'upheld',
        reasoning:
          'The checkpoint log and two witnesses confirm the passport was held for two hours without grounds.',
        recommendations: 'Training on document checks for the checkpoint shift.',
        disclosure: 'The complaint about holding a passport was upheld.',
        officer: w.officer.id,
      });
      expect(ok.statusCode, ok.body).toBe(303);
      // The officer concerned reads the disclosure, and nothing else of the complaint.
      const mine = await staff.get(w.officer.id, '/staff/complaints/about-me');
      expect(mine.statusCode).toBe(200);
      expect(mine.body).toContain('The complaint about holding a passport was upheld.');
      expect(mine.body).not.toContain('two witnesses');
      expect(mine.body).not.toContain('kept his passport');
      const theirs = await staff.get(w.otherOfficer.id, '/staff/complaints/about-me');
      expect(theirs.body).not.toContain('holding a passport');

      const page = await track(receipt!);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('id="complaint-decision"');
      expect(page.body).toContain('two witnesses confirm');
      expect(page.body).toContain('Training on document checks');
      // The disclosure to the officer is not the complainant's business, and internal notes stay internal.
      expect(page.body).not.toContain('Registered at the Public Council');
      expect(page.body).toContain('action="/complaints/appeal');

      expect((await appeal(receipt!, '')).statusCode).toBe(400);
      const first = await appeal(
        receipt!,
        'The officer was never asked for his side; I want the witnesses heard again.',
      );
      expect(first.statusCode, first.body).toBe(200);
      const row = await db()
        .selectFrom('complaint')
        .selectAll()
        .where('id', '=', complaint.id)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({ stage: 'appealed', appeal_count: 1 });
      const second = await appeal(receipt!, 'Again.');
      expect(second.statusCode).toBe(409);
      expect((await track(receipt!)).body).not.toContain('action="/complaints/appeal');
      // The appeal goes back to review and to a final decision.
      expect((await staff.post(w.oversight.id, `${base}/review`)).statusCode).toBe(303);
      expect(
        (
          await staff.post(w.oversight.id, `${base}/decide`, {
            outcome: 'partly_upheld',
            reasoning: 'On appeal: partly.',
          })
        ).statusCode,
      ).toBe(303);
      expect((await appeal(receipt!, 'Once more.')).statusCode).toBe(409);
      const audit = await db()
        .selectFrom('audit_event')
        .select('action')
        .where('subject_id', '=', complaint.id)
        .execute();
      expect(audit.map((a) => a.action)).toEqual(
        expect.arrayContaining([
          'complaint.acknowledge',
          'complaint.review',
          'complaint.decide',
          'complaint.appeal',
        ]),
      );
    });

    it('lets exactly one of two racing decisions win; the other gets 409', async () => {
      const { complaint } = await submit();
      const base = `/staff/complaints/${complaint.id}`;
      expect((await staff.post(w.oversight.id, `${base}/acknowledge`)).statusCode).toBe(303);
      const other = await insertStaff(t.app.ctx.db, [{ role: 'oversight', areaCode: w.areas.region.code }]);
      const [a, b] = await Promise.all([
        staff.post(w.oversight.id, `${base}/decide`, { outcome: 'upheld', reasoning: 'First reviewer.' }),
        staff.post(other.id, `${base}/decide`, { outcome: 'not_upheld', reasoning: 'Second reviewer.' }),
      ]);
      expect([a.statusCode, b.statusCode].sort()).toEqual([303, 409]);
      const events = await db()
        .selectFrom('complaint_event')
        .selectAll()
        .where('complaint_id', '=', complaint.id)
        .where('to_stage', '=', 'decided')
        .execute();
      expect(events).toHaveLength(1);
    });

    it('shows overdue complaints in the queue once a deadline passes', async () => {
      const { complaint, reference } = await submit();
      const notYet = await staff.get(w.oversight.id, '/staff/complaints?overdue=1');
      expect(notYet.body).not.toContain(reference);
      clock.set(new Date(Date.parse(complaint.ack_due_at) + DAY));
      try {
        // A client of its own: sessions touched in the future are not reused by the other tests.
        const late = await staffClient(t.app).get(w.oversight.id, '/staff/complaints?overdue=1');
        expect(late.body).toContain(reference);
        expect(late.body).toContain('class="badge overdue"');
      } finally {
        clock.reset();
      }
    });
  });

  describe('identity', () => {
    it('opens the complainant only when they shared it with oversight, never when anonymous; audited', async () => {
      const anon = await submit();
      const a = await staff.get(w.oversight.id, `/staff/complaints/${anon.complaint.id}`);
      expect(a.statusCode).toBe(200);
      expect(a.body).not.toContain(`/staff/complaints/${anon.complaint.id}/identity`);
      expect(
        (await staff.post(w.oversight.id, `/staff/complaints/${anon.complaint.id}/identity`)).statusCode,
      ).toBe(404);

      const unshared = await submit({
        privacy: 'name_hidden',
        contact_name: 'Aigul Tasheva',
        contact_phone: '+996 700 111 222',
      });
      const u = await staff.get(w.oversight.id, `/staff/complaints/${unshared.complaint.id}`);
      expect(u.body).not.toContain('Aigul');
      expect(
        (await staff.post(w.oversight.id, `/staff/complaints/${unshared.complaint.id}/identity`)).statusCode,
      ).toBe(404);

      const shared = await submit({
        privacy: 'name_hidden',
        contact_name: 'Bakyt Osmonov',
        contact_phone: '+996 700 333 444',
        share_identity: '1',
      });
      expect(shared.complaint.identity_shared).toBe(1);
      const s = await staff.get(w.oversight.id, `/staff/complaints/${shared.complaint.id}`);
      expect(s.body).not.toContain('Bakyt');
      const who = await staff.post(w.oversight.id, `/staff/complaints/${shared.complaint.id}/identity`);
      expect(who.statusCode).toBe(200);
      expect(who.body).toContain('Bakyt Osmonov');
      expect(who.headers['cache-control']).toBe('no-store');
      const logged = await db()
        .selectFrom('audit_event')
        .select('actor_id')
        .where('action', '=', 'complaint.identity.view')
        .where('subject_id', '=', shared.complaint.id)
        .execute();
      expect(logged).toEqual([{ actor_id: w.oversight.id }]);
      // The reports side never opens a complainant's identity to oversight either.
      expect(
        (await staff.post(w.oversight.id, `/staff/reports/${shared.report.id}/identity`)).statusCode,
      ).toBe(404);
    });
  });

  describe('oversight bodies', () => {
    it('needs a second administrator to change who reads complaints; then routes new complaints to that body', async () => {
      const council = await insertOrganisation(t.app.ctx.db, {
        sector: 'partner',
        areaCodes: [w.areas.region.code],
      });
      const member = await insertStaff(t.app.ctx.db, [{ role: 'oversight', areaCode: w.areas.region.code }], {
        organisationId: council.id,
      });
      expect((await staff.post(w.officer.id, '/admin/oversight-bodies', { name: 'x' })).statusCode).toBe(404);
      const bad = await staff.post(w.admin.id, '/admin/oversight-bodies', {
        name: '',
        kind: 'public_council',
        area: w.areas.region.code,
        ack_days: '5',
        decision_days: '30',
        active: '1',
      });
      expect(bad.statusCode).toBe(400);
      const proposed = await staff.post(w.admin.id, '/admin/oversight-bodies', {
        name: 'Public Council of Osh Region',
        kind: 'public_council',
        area: w.areas.region.code,
        organisation: council.id,
        ack_days: '3',
        decision_days: '20',
        active: '1',
      });
      expect(proposed.statusCode, proposed.body).toBe(303);
      expect(await db().selectFrom('oversight_body').selectAll().execute()).toHaveLength(0);
      const change = await db()
        .selectFrom('oversight_body_change')
        .selectAll()
        .where('status', '=', 'pending')
        .executeTakeFirstOrThrow();
      expect(
        (await staff.post(w.admin.id, `/admin/oversight-bodies/changes/${change.id}/confirm`)).statusCode,
      ).toBe(403);
      expect(
        (await staff.post(w.secondAdmin.id, `/admin/oversight-bodies/changes/${change.id}/confirm`))
          .statusCode,
      ).toBe(303);
      expect(
        (await staff.post(w.secondAdmin.id, `/admin/oversight-bodies/changes/${change.id}/confirm`))
          .statusCode,
      ).toBe(409);
      const body = await db().selectFrom('oversight_body').selectAll().executeTakeFirstOrThrow();
      expect(body).toMatchObject({
        name: 'Public Council of Osh Region',
        ack_days: 3,
        organisation_id: council.id,
      });

      const { complaint } = await submit();
      expect(complaint.body_id).toBe(body.id);
      expect(Date.parse(complaint.ack_due_at) - Date.parse(complaint.registered_at)).toBe(3 * DAY);
      // Oversight staff outside the council no longer read it; the council's member does.
      expect((await staff.get(w.oversight.id, `/staff/complaints/${complaint.id}`)).statusCode).toBe(404);
      expect((await staff.get(member.id, `/staff/complaints/${complaint.id}`)).statusCode).toBe(200);
      const page = await staff.get(w.admin.id, '/admin/oversight-bodies');
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Public Council of Osh Region');
    });
  });
});
