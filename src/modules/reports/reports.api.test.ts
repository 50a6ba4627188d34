import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, TEST_SECRET, type TestApp } from '../../../test/app.ts';
import { describeDialects } from '../../../test/db.ts';
import { createSession, insertResident, sessionCookies } from '../../../test/factories.ts';
import { hmacHex } from '../../shared/crypto.ts';
import { GRID_DEG } from './coarsen.ts';
import { CATEGORY_SEEDS, seedReportCategories } from './report-categories.seed.ts';
import { reportBody, reportWorld, UZGEN_POINT, type ReportWorld } from './reports.fixtures.ts';

const UA = 'TestAgent/9.9 (device-fingerprint-xyz)';

describeDialects('reports API', (dialect) => {
  let t: TestApp;
  let w: ReportWorld;

  beforeAll(async () => {
    t = await createTestApp(dialect, { reportLimitPerHour: 100_000 });
    w = await reportWorld(t.app);
  });
  afterAll(async () => t?.close());

  const post = (body: unknown, headers: Record<string, string> = {}, extra: Record<string, unknown> = {}) =>
    t.app.inject({ method: 'POST', url: '/api/v1/reports', payload: body as object, headers, ...extra });
  const row = (id: string) =>
    t.app.ctx.db.read.selectFrom('report').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const auditCount = async (action: string, subjectId?: string) => {
    let q = t.app.ctx.db.read
      .selectFrom('audit_event')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('action', '=', action);
    if (subjectId) q = q.where('subject_id', '=', subjectId);
    return Number((await q.executeTakeFirstOrThrow()).n);
  };

  it('seeds the twelve stable categories once, in every language, with emergency guidance', async () => {
    await seedReportCategories(t.app.ctx.db);
    const res = await t.app.inject('/api/v1/report-categories');
    expect(res.statusCode).toBe(200);
    const items = res.json().items as Array<{
      code: string;
      desk: string;
      sensitive: boolean;
      names: Record<string, string>;
      guidance: Record<string, string>;
      questions: unknown[];
    }>;
    expect(items.map((c) => c.code).sort()).toEqual(CATEGORY_SEEDS.map((c) => c.code).sort());
    expect(items).toHaveLength(12);
    const by = new Map(items.map((c) => [c.code, c]));
    expect(by.get('radicalization-concern')).toMatchObject({ desk: 'prevention', sensitive: true });
    expect(by.get('hate-threats')).toMatchObject({ desk: 'prevention', sensitive: true });
    expect(by.get('police-conduct')).toMatchObject({ desk: 'complaints', sensitive: true });
    expect(by.get('domestic-violence')).toMatchObject({ sensitive: true });
    expect(by.get('public-order')).toMatchObject({ desk: 'triage', sensitive: false });
    for (const c of items)
      for (const l of ['ky', 'ru', 'en', 'uz', 'uz-Latn', 'kk', 'tg']) {
        expect(c.names[l], `${c.code} ${l}`).toBeTruthy();
        expect(c.guidance[l], `${c.code} ${l}`).toMatch(/102/);
      }
    // Prevention forms ask about behaviour and warn against beliefs or identity.
    expect(JSON.stringify(by.get('radicalization-concern')!.questions)).toMatch(/behaviour only/);
  });

  it('takes a public report: 201, no receipt, contact sealed, public point on a grid of ≥ 250 m', async () => {
    const res = await post(
      reportBody({ contact: { name: 'Aigul', phone: '+996 555 123 456' }, occurred_at: '2026-01-15' }),
    );
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body).toEqual({
      id: expect.any(String),
      reference: expect.stringMatching(/^R-[0-9A-Z]{4}-[0-9A-Z]{4}$/),
      status: 'new',
    });
    const r = await row(body.id);
    expect(r.area_code).toBe('KG-O.kara-suu');
    expect(r.contact).not.toBeNull();
    expect(r.contact).not.toContain('555');
    expect(r.contact).not.toContain('Aigul');
    expect(r.receipt_hash).toBeNull();
    expect(r.public_lat).not.toBe(r.lat);
    expect(
      Math.abs(
        (r.public_lat! - GRID_DEG / 2) / GRID_DEG - Math.round((r.public_lat! - GRID_DEG / 2) / GRID_DEG),
      ),
    ).toBeLessThan(1e-3);
    expect(r.occurred_at).toBe('2026-01-15T00:00:00.000Z');
    expect(await auditCount('report.create', body.id)).toBe(1);
  });

  it('takes an anonymous report: a receipt, no person, no contact, nothing about the device or network', async () => {
    const resident = await insertResident(t.app.ctx.db);
    const sid = await createSession(t.app, resident.id);
    const res = await post(
      reportBody({ privacy: 'anonymous' }),
      { 'user-agent': UA, 'x-forwarded-for': '203.0.113.77' },
      {
        cookies: sessionCookies(sid),
        remoteAddress: '198.51.100.23',
      },
    );
    expect(res.statusCode, res.body).toBe(201);
    const { id, receipt } = res.json();
    expect(receipt).toMatch(/^\d{4}(-\d{4}){4}$/);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.headers['cache-control']).toBe('no-store');
    const r = await row(id);
    expect(r.reporter_person_id).toBeNull();
    expect(r.contact).toBeNull();
    expect(r.receipt_hash).toBe(hmacHex(TEST_SECRET, 'receipt', receipt.replace(/-/g, '')));
    const everything = JSON.stringify([
      r,
      await t.app.ctx.db.read.selectFrom('report_event').selectAll().where('report_id', '=', id).execute(),
      await t.app.ctx.db.read.selectFrom('audit_event').selectAll().where('subject_id', '=', id).execute(),
    ]);
    for (const trace of [
      '198.51.100.23',
      '203.0.113.77',
      'TestAgent',
      'fingerprint',
      receipt,
      receipt.replace(/-/g, ''),
    ])
      expect(everything).not.toContain(trace);
    const audit = await t.app.ctx.db.read
      .selectFrom('audit_event')
      .selectAll()
      .where('subject_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(audit.actor_id).toBeNull();
  });

  it('refuses contact details on an anonymous report and names the field', async () => {
    const before = await t.app.ctx.db.read
      .selectFrom('report')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const res = await post(reportBody({ privacy: 'anonymous', contact: { phone: '+996555000111' } }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.field).toBe('contact');
    const after = await t.app.ctx.db.read
      .selectFrom('report')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('validates category, description, dates, places and answers with 4xx naming the field', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ category: 'no-such' }, 'category'],
      [{ description: '   ' }, 'description'],
      [{ occurred_at: '2999-01-01' }, 'occurred_at'],
      [{ occurred_at: '2026-02-30' }, 'occurred_at'],
      [{ location: { lat: 10, lon: 10 } }, 'location'],
      [{ location: { area: 'KG-X.nowhere' } }, 'location.area'],
      [{ location: { area: 'KG-O' } }, 'location.area'],
      [{ category: 'radicalization-concern' }, 'answers.behaviour_seen'],
      [
        { category: 'radicalization-concern', answers: { behaviour_seen: 'their-religion' } },
        'answers.behaviour_seen',
      ],
      [{ answers: { religion: 'x' } }, 'answers.religion'],
      [{ channel: 'walk_in' }, 'channel'],
    ];
    for (const [over, field] of cases) {
      const res = await post(reportBody(over));
      expect(res.statusCode, `${JSON.stringify(over)} → ${res.body}`).toBe(400);
      if (field !== 'channel') expect(res.json().error.field, JSON.stringify(over)).toBe(field);
    }
  });

  it('routes radicalization concerns to the prevention desk, never public, never to the officers’ queue', async () => {
    const res = await post(
      reportBody({
        category: 'radicalization-concern',
        privacy: 'name_hidden',
        contact: { phone: '+996700111222' },
        answers: { behaviour_seen: 'pressure_to_join' },
      }),
    );
    expect(res.statusCode, res.body).toBe(201);
    const { id } = res.json();
    const r = await row(id);
    expect(r).toMatchObject({ desk: 'prevention', sensitive: 1, public_lat: null, public_lon: null });
    expect((await t.app.inject({ url: `/api/v1/reports/${id}`, headers: w.officer.auth })).statusCode).toBe(
      404,
    );
    expect(
      (await t.app.inject({ url: `/api/v1/reports/${id}`, headers: w.prevention.auth })).statusCode,
    ).toBe(200);
    const queue = await t.app.inject({ url: '/api/v1/reports', headers: w.prevention.auth });
    expect(queue.json().items.map((i: { id: string }) => i.id)).toContain(id);
    const officerQueue = await t.app.inject({ url: '/api/v1/reports', headers: w.officer.auth });
    expect(officerQueue.json().items.map((i: { id: string }) => i.id)).not.toContain(id);
    // The public never sees it, even nearby and open.
    const similar = await t.app.inject(
      `/api/v1/reports/similar?category=radicalization-concern&lat=${r.lat}&lon=${r.lon}`,
    );
    expect(similar.json().items).toEqual([]);
  });

  it('keeps reports in their jurisdiction: an officer of another district gets 404', async () => {
    const { id } = (await post(reportBody())).json();
    expect((await t.app.inject({ url: `/api/v1/reports/${id}`, headers: w.officer.auth })).statusCode).toBe(
      200,
    );
    const other = await t.app.inject({ url: `/api/v1/reports/${id}`, headers: w.otherOfficer.auth });
    expect(other.statusCode).toBe(404);
    const missing = await t.app.inject({
      url: `/api/v1/reports/${'0'.repeat(8)}-0000-7000-8000-${'0'.repeat(12)}`,
      headers: w.otherOfficer.auth,
    });
    expect(other.body).toBe(missing.body);
    const uz = (await post(reportBody({ location: UZGEN_POINT }))).json();
    expect(
      (await t.app.inject({ url: `/api/v1/reports/${uz.id}`, headers: w.otherOfficer.auth })).statusCode,
    ).toBe(200);
    expect(
      (await t.app.inject({ url: `/api/v1/reports/${uz.id}`, headers: w.officer.auth })).statusCode,
    ).toBe(404);
    expect((await t.app.inject({ url: `/api/v1/reports/${id}`, headers: w.admin.auth })).statusCode).toBe(
      404,
    );
    expect((await t.app.inject({ url: `/api/v1/reports/${id}` })).statusCode).toBe(401);
  });

  it('shows identity only for shared reports, in jurisdiction, and audits each view in the same transaction', async () => {
    const hidden = (
      await post(reportBody({ privacy: 'name_hidden', contact: { name: 'Bakyt', email: 'b@example.test' } }))
    ).json();
    const anon = (await post(reportBody({ privacy: 'anonymous' }))).json();
    const before = await auditCount('report.identity.view', hidden.id);
    const res = await t.app.inject({ url: `/api/v1/reports/${hidden.id}/identity`, headers: w.officer.auth });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ contact: { name: 'Bakyt', email: 'b@example.test' }, account: null });
    expect(await auditCount('report.identity.view', hidden.id)).toBe(before + 1);
    const audit = await t.app.ctx.db.read
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'report.identity.view')
      .where('subject_id', '=', hidden.id)
      .executeTakeFirstOrThrow();
    expect(audit.actor_id).toBe(w.officer.id);
    expect(audit.details).not.toContain('Bakyt');
    for (const who of [w.otherOfficer, w.oversight, w.partner, w.analyst])
      expect(
        (await t.app.inject({ url: `/api/v1/reports/${hidden.id}/identity`, headers: who.auth })).statusCode,
      ).toBe(404);
    expect(
      (await t.app.inject({ url: `/api/v1/reports/${anon.id}/identity`, headers: w.officer.auth }))
        .statusCode,
    ).toBe(404);
    // The detail never carries the contact.
    const detail = await t.app.inject({ url: `/api/v1/reports/${hidden.id}`, headers: w.officer.auth });
    expect(detail.body).not.toContain('Bakyt');
    expect(detail.json().can_view_identity).toBe(true);
  });

  it('gives analysts the queue without personal data', async () => {
    const res = await t.app.inject({ url: '/api/v1/reports', headers: w.analyst.auth });
    expect(res.statusCode).toBe(200);
    expect(res.json().view).toBe('analyst');
    expect(res.json().items.length).toBeGreaterThan(0);
    for (const item of res.json().items) expect(item.excerpt).toBeUndefined();
    expect(
      (await t.app.inject({ url: `/api/v1/reports/${res.json().items[0].id}`, headers: w.analyst.auth }))
        .statusCode,
    ).toBe(404);
  });

  it('filters, counts and sorts the queue', async () => {
    const a = (await post(reportBody({ category: 'road-safety' }))).json();
    const res = await t.app.inject({
      url: '/api/v1/reports?category=road-safety&status=new&sort=oldest&privacy=public',
      headers: w.supervisor.auth,
    });
    expect(res.statusCode, res.body).toBe(200);
    const ids = res.json().items.map((i: { id: string }) => i.id);
    expect(ids).toContain(a.id);
    expect(res.json().items.every((i: { category: string }) => i.category === 'road-safety')).toBe(true);
    expect(res.json().counts.new).toBeGreaterThanOrEqual(1);
    const none = await t.app.inject({
      url: '/api/v1/reports?category=road-safety&area=KG-O.uzgen',
      headers: w.supervisor.auth,
    });
    expect(none.json().items).toEqual([]);
    const bad = await t.app.inject({ url: '/api/v1/reports?status=bogus', headers: w.supervisor.auth });
    expect(bad.statusCode).toBe(400);
  });

  it('moves through the lifecycle, records who and why, stores timers, and tells the reporter in plain words', async () => {
    const { id, receipt } = (await post(reportBody({ privacy: 'anonymous' }))).json();
    const status = (body: Record<string, unknown>, who = w.officer) =>
      t.app.inject({ method: 'POST', url: `/api/v1/reports/${id}/status`, headers: who.auth, payload: body });
    expect((await status({ status: 'resolved', reason: '' })).statusCode).toBe(400);
    const ack = await status({ status: 'acknowledged', reason: 'seen', public_note: 'We have your report.' });
    expect(ack.statusCode, ack.body).toBe(200);
    expect(ack.json().acknowledged_at).not.toBeNull();
    expect(ack.json().time_to_ack_seconds).toBeGreaterThanOrEqual(0);
    expect((await status({ status: 'acknowledged', reason: 'again' })).statusCode).toBe(400);
    const refer = await status({ status: 'closed_not_police', reason: 'water supply' });
    expect(refer.json().error.field).toBe('referred_to');
    const note = await t.app.inject({
      method: 'POST',
      url: `/api/v1/reports/${id}/notes`,
      headers: w.officer.auth,
      payload: { body: 'INTERNAL: neighbour is the likely source' },
    });
    expect(note.statusCode).toBe(201);
    const reply = await t.app.inject({
      method: 'POST',
      url: `/api/v1/reports/${id}/notes`,
      headers: w.officer.auth,
      payload: { kind: 'message_out', body: 'Can you tell us the time it usually starts?' },
    });
    expect(reply.statusCode).toBe(201);
    const done = await status({
      status: 'resolved',
      reason: 'patrols added',
      public_note: 'Evening patrols now pass the school.',
    });
    expect(done.statusCode).toBe(200);
    expect(done.json().time_to_resolve_seconds).toBeGreaterThanOrEqual(0);
    expect(
      done
        .json()
        .events.filter((e: { kind: string }) => e.kind === 'status')
        .map((e: { reason: string }) => e.reason),
    ).toEqual(['seen', 'patrols added']);

    const track = await t.app.inject({
      method: 'POST',
      url: '/api/v1/track',
      payload: { receipt: ` ${receipt.replace(/-/g, ' ')} ` },
    });
    expect(track.statusCode, track.body).toBe(200);
    const view = track.json();
    expect(view.status).toBe('resolved');
    expect(view.status_label).toBe('Resolved');
    expect(view.can_give_feedback).toBe(true);
    expect(view.feedback_questions.length).toBe(5);
    expect(track.body).toContain('Evening patrols now pass the school.');
    expect(track.body).toContain('Can you tell us the time');
    expect(track.body).not.toContain('INTERNAL');
    expect(track.body).not.toContain('patrols added');
    expect(track.headers['cache-control']).toBe('no-store');

    const fb = await t.app.inject({
      method: 'POST',
      url: '/api/v1/track/feedback',
      payload: { receipt, resolved: 'partly', items: { 'pc-respect': 'agree' } },
    });
    expect(fb.statusCode, fb.body).toBe(200);
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/v1/track/feedback',
      payload: { receipt, resolved: 'yes' },
    });
    expect(again.statusCode).toBe(400);

    const reopen = await status({ status: 'in_progress', reason: 'resident says it started again' });
    expect(reopen.statusCode).toBe(200);
    expect(reopen.json()).toMatchObject({
      status: 'in_progress',
      resolved_at: null,
      time_to_resolve_seconds: null,
    });
  });

  it('lets the reporter message the team and add information with the receipt', async () => {
    const { id, receipt } = (await post(reportBody({ privacy: 'anonymous' }))).json();
    const msg = await t.app.inject({
      method: 'POST',
      url: '/api/v1/track/messages',
      payload: { receipt, text: 'It happened again tonight.' },
    });
    expect(msg.statusCode, msg.body).toBe(200);
    const info = await t.app.inject({
      method: 'POST',
      url: '/api/v1/track/information',
      payload: { receipt, text: 'A blue car is always there.' },
    });
    expect(info.statusCode).toBe(200);
    const detail = (await t.app.inject({ url: `/api/v1/reports/${id}`, headers: w.officer.auth })).json();
    expect(detail.events.map((e: { kind: string }) => e.kind)).toEqual(['created', 'message_in', 'info']);
    const early = await t.app.inject({
      method: 'POST',
      url: '/api/v1/track/feedback',
      payload: { receipt, resolved: 'yes' },
    });
    expect(early.statusCode).toBe(400);
  });

  it('answers wrong receipts generically and throttles them per address', async () => {
    const wrong = (receipt: string, remoteAddress = '192.0.2.50') =>
      t.app.inject({ method: 'POST', url: '/api/v1/track', payload: { receipt }, remoteAddress });
    const a = await wrong('1111-2222-3333-4444-5555');
    const b = await wrong('not a receipt at all');
    expect(a.statusCode).toBe(404);
    expect(b.statusCode).toBe(404);
    expect(a.body).toBe(b.body);
    for (let i = 0; i < 8; i++) await wrong(`0000-0000-0000-0000-000${i}`);
    const throttled = await wrong('9999-9999-9999-9999-9999');
    expect(throttled.statusCode).toBe(429);
    expect(throttled.json().error.message).toMatch(/few minutes/);
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
    expect((await wrong('9999-9999-9999-9999-9999', '192.0.2.51')).statusCode).toBe(404);
  });

  it('assigns to a partner organisation, which then sees the report; merges duplicates', async () => {
    const first = (await post(reportBody())).json();
    const dup = (await post(reportBody())).json();
    expect(
      (await t.app.inject({ url: `/api/v1/reports/${first.id}`, headers: w.partner.auth })).statusCode,
    ).toBe(404);
    const assign = await t.app.inject({
      method: 'POST',
      url: `/api/v1/reports/${first.id}/assign`,
      headers: w.supervisor.auth,
      payload: { organisation_id: w.partnerOrg.id, person_id: w.officer.id },
    });
    expect(assign.statusCode, assign.body).toBe(200);
    expect(
      (await t.app.inject({ url: `/api/v1/reports/${first.id}`, headers: w.partner.auth })).statusCode,
    ).toBe(200);
    const badAssign = await t.app.inject({
      method: 'POST',
      url: `/api/v1/reports/${first.id}/assign`,
      headers: w.partner.auth,
      payload: { organisation_id: null },
    });
    expect(badAssign.statusCode).toBe(404);
    const merge = await t.app.inject({
      method: 'POST',
      url: `/api/v1/reports/${dup.id}/merge`,
      headers: w.officer.auth,
      payload: { into: first.id },
    });
    expect(merge.statusCode, merge.body).toBe(200);
    expect(merge.json().status).toBe('closed_duplicate');
    expect((await row(dup.id)).duplicate_of).toBe(first.id);
    const self = await t.app.inject({
      method: 'POST',
      url: `/api/v1/reports/${first.id}/merge`,
      headers: w.officer.auth,
      payload: { into: first.id },
    });
    expect(self.statusCode).toBe(400);
    // A problem id must name a problem the officer may work: a report's id is not one.
    const link = (problemId: string) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/reports/${first.id}/problem`,
        headers: w.officer.auth,
        payload: { problem_id: problemId },
      });
    expect((await link(dup.id)).statusCode).toBe(404);
    const officer = (await t.app.ctx.services.sessions.resolveApiToken(w.officer.token))!;
    const problem = await t.app.ctx.services.problems.create(officer, {
      title: 'Evenings at the school gate',
      description: 'Drinking near the school.',
      clusteringType: 'place',
      priority: 'high',
      areaCodes: [w.areas.district.code],
    });
    expect((await link(problem.id)).json().problem_id).toBe(problem.id);
  });

  it('changes many statuses at once, all or nothing', async () => {
    const a = (await post(reportBody())).json();
    const b = (await post(reportBody())).json();
    const uz = (await post(reportBody({ location: UZGEN_POINT }))).json();
    const mixed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/reports/bulk-status',
      headers: w.officer.auth,
      payload: { ids: [a.id, uz.id], status: 'acknowledged', reason: 'triage' },
    });
    expect(mixed.statusCode).toBe(404);
    expect((await row(a.id)).status).toBe('new');
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/v1/reports/bulk-status',
      headers: w.officer.auth,
      payload: { ids: [a.id, b.id], status: 'acknowledged', reason: 'triage' },
    });
    expect(ok.json()).toEqual({ updated: 2 });
  });

  it('keeps response templates per category and language', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/response-templates',
      headers: w.supervisor.auth,
      payload: {
        category: 'road-safety',
        locale: 'ru',
        title: 'Патруль',
        body: 'Мы усилили патрулирование.',
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const list = await t.app.inject({
      url: '/api/v1/response-templates?category=road-safety&locale=ru',
      headers: w.officer.auth,
    });
    expect(list.json().items.map((x: { title: string }) => x.title)).toContain('Патруль');
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/response-templates',
          headers: w.officer.auth,
          payload: { locale: 'ru', title: 'x', body: 'y' },
        })
      ).statusCode,
    ).toBe(404);
  });

  it('lets admins add and change categories, and refuses others', async () => {
    const names = {
      ky: 'Сынак',
      ru: 'Тест',
      en: 'Test',
      uz: 'Синов',
      'uz-Latn': 'Sinov',
      kk: 'Сынақ',
      tg: 'Санҷиш',
    };
    const body = {
      code: 'noise-test',
      group: 'safety',
      names,
      desk: 'triage',
      questions: [{ key: 'loud', type: 'number', required: true, labels: names }],
    };
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/report-categories',
          headers: w.supervisor.auth,
          payload: body,
        })
      ).statusCode,
    ).toBe(404);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/report-categories',
      headers: w.admin.auth,
      payload: body,
    });
    expect(res.statusCode, res.body).toBe(201);
    const missingLocale = await t.app.inject({
      method: 'POST',
      url: '/api/v1/report-categories',
      headers: w.admin.auth,
      payload: { ...body, code: 'x-test', names: { en: 'only english' } },
    });
    expect(missingLocale.json().error.field).toBe('names.ky');
    const r = await post(reportBody({ category: 'noise-test', answers: { loud: '7' } }));
    expect(r.statusCode, r.body).toBe(201);
    const off = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/report-categories/noise-test',
      headers: w.admin.auth,
      payload: { active: false, desk: 'prevention' },
    });
    expect(off.json()).toMatchObject({ active: false, desk: 'prevention', sensitive: true });
    expect((await post(reportBody({ category: 'noise-test', answers: { loud: 7 } }))).statusCode).toBe(400);
  });

  it('refuses cross-site posts but needs no token or cookie for same-site and non-browser callers', async () => {
    const cross = await post(reportBody(), { origin: 'https://evil.example' });
    expect(cross.statusCode).toBe(403);
    const site = await post(reportBody(), { 'sec-fetch-site': 'cross-site' });
    expect(site.statusCode).toBe(403);
    expect((await post(reportBody(), { origin: 'http://localhost' })).statusCode).toBe(201);
    expect((await post(reportBody())).statusCode).toBe(201);
  });
});
