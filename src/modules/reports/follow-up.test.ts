import { existsSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { describeDialects } from '../../../test/db.ts';
import { ANONYMOUS } from '../../shared/policy.ts';
import { DAY, clock } from '../../shared/time.ts';
import { JobService } from '../jobs/job.service.ts';
import { RETENTION_JOB } from './follow-up.service.ts';
import { KARA_SUU_POINT, reportBody, reportWorld, type ReportWorld } from './reports.fixtures.ts';

const anonymousInput = (photos: Buffer[] = []) => ({
  description: 'Someone keeps breaking the bus stop glass at night.',
  category: 'public-order',
  privacy: 'anonymous' as const,
  location: KARA_SUU_POINT,
  photos,
});

describeDialects('report retention', (dialect) => {
  let t: TestApp;
  let w: ReportWorld;
  beforeAll(async () => {
    t = await createTestApp(dialect, { receiptExpiryDays: 180 });
    w = await reportWorld(t.app);
  });
  afterEach(() => clock.reset());
  afterAll(async () => t?.close());

  it('expires receipts and deletes the thread’s personal data after inactivity, for real', async () => {
    const { reports, reportFollowUp } = t.app.ctx.services;
    clock.set('2026-01-01T00:00:00Z');
    const jpeg = await sharp({ create: { width: 20, height: 20, channels: 3, background: '#000' } })
      .jpeg()
      .toBuffer();
    const anon = await reports.createReport(ANONYMOUS, anonymousInput([jpeg]));
    await reportFollowUp.addMessage(
      ANONYMOUS,
      { receipt: anon.receipt! },
      { text: 'My neighbour saw it too.' },
      'k',
    );
    const open = await reports.createReport(ANONYMOUS, {
      ...anonymousInput(),
      privacy: 'name_hidden',
      contact: { phone: '+996555010203' },
    });
    const closed = await reports.createReport(ANONYMOUS, {
      ...anonymousInput(),
      privacy: 'public',
      contact: { name: 'Nurlan' },
    });
    const officer = (await t.app.ctx.services.sessions.resolveApiToken(w.officer.token))!;
    await reports.changeStatus(officer, closed.id, { status: 'resolved', reason: 'fixed' });
    const photo = await t.app.ctx.db.read
      .selectFrom('report_photo')
      .selectAll()
      .where('report_id', '=', anon.id)
      .executeTakeFirstOrThrow();
    const file = path.join(
      t.config.dataDir,
      'uploads',
      photo.storage_key.slice(0, 2),
      `${photo.storage_key}.jpg`,
    );
    expect(existsSync(file)).toBe(true);

    clock.advance(179 * DAY);
    expect((await reportFollowUp.runRetention()).reports).toBe(0);
    clock.advance(2 * DAY);

    // Through the durable job queue, as the worker runs it.
    const jobs = new JobService(t.app.ctx.db);
    const logged: object[] = [];
    await reportFollowUp.registerJobs(jobs, { info: (o) => logged.push(o) });
    const claimed = await jobs.claim('test-worker', 10);
    expect(claimed.map((j) => j.kind)).toContain(RETENTION_JOB);
    for (const j of claimed) expect(await jobs.execute(j, 'test-worker')).toBe('done');
    expect(logged[0]).toMatchObject({
      job: RETENTION_JOB,
      reports: 2,
      receipts: 1,
      contacts: 1,
      messages: 1,
      photos: 1,
    });

    const row = (id: string) =>
      t.app.ctx.db.read.selectFrom('report').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const a = await row(anon.id);
    expect(a.receipt_hash).toBeNull();
    expect(a.personal_data_deleted_at).not.toBeNull();
    expect(a.category_code).toBe('public-order');
    expect(existsSync(file)).toBe(false);
    const events = await t.app.ctx.db.read
      .selectFrom('report_event')
      .select('kind')
      .where('report_id', '=', anon.id)
      .execute();
    expect(events.map((e) => e.kind)).toEqual(['created']);
    expect(
      await t.app.ctx.db.read
        .selectFrom('report_photo')
        .selectAll()
        .where('report_id', '=', anon.id)
        .execute(),
    ).toEqual([]);
    await expect(reportFollowUp.track(ANONYMOUS, { receipt: anon.receipt! }, 'k2')).rejects.toThrow(
      /not found/,
    );
    expect((await row(closed.id)).contact).toBeNull();
    // Open shared reports keep their contact: the team still needs to reach the reporter.
    expect((await row(open.id)).contact).not.toBeNull();
  });
});

describeDialects('report abuse guards', (dialect) => {
  let t: TestApp;
  let w: ReportWorld;
  beforeAll(async () => {
    t = await createTestApp(dialect, { reportLimitPerHour: 3, anonBurstPerMinute: 2 });
    w = await reportWorld(t.app);
  });
  afterAll(async () => t?.close());

  it('limits public submissions per address with a clear 429, sets no cookie, and lets tokens through', async () => {
    const post = (remoteAddress: string, headers: Record<string, string> = {}) =>
      t.app.inject({ method: 'POST', url: '/api/v1/reports', payload: reportBody(), remoteAddress, headers });
    for (let i = 0; i < 3; i++) expect((await post('10.1.1.1')).statusCode).toBe(201);
    const limited = await post('10.1.1.1', { 'accept-language': 'ru' });
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.message).toMatch(/Попробуйте/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.headers['set-cookie']).toBeUndefined();
    expect((await post('10.1.1.2')).statusCode).toBe(201);
    for (let i = 0; i < 5; i++) expect((await post('10.1.1.1', w.officer.auth)).statusCode).toBe(201);
  });

  it('holds anonymous reports beyond the burst rate for review instead of queueing them', async () => {
    const { reports } = t.app.ctx.services;
    const made = [];
    for (let i = 0; i < 3; i++) made.push(await reports.createReport(ANONYMOUS, anonymousInput()));
    const rows = await t.app.ctx.db.read
      .selectFrom('report')
      .select(['id', 'held_for_review'])
      .where(
        'id',
        'in',
        made.map((m) => m.id),
      )
      .execute();
    const held = rows.filter((r) => r.held_for_review === 1).map((r) => r.id);
    expect(held).toEqual([made[2]!.id]);
    const queue = await t.app.inject({ url: '/api/v1/reports?limit=200', headers: w.supervisor.auth });
    expect(queue.json().items.map((i: { id: string }) => i.id)).not.toContain(held[0]);
    const heldQueue = await t.app.inject({ url: '/api/v1/reports?held=true', headers: w.supervisor.auth });
    expect(heldQueue.json().items.map((i: { id: string }) => i.id)).toEqual(held);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/v1/reports/${held[0]}/release`,
          headers: w.officer.auth,
        })
      ).statusCode,
    ).toBe(404);
    const released = await t.app.inject({
      method: 'POST',
      url: `/api/v1/reports/${held[0]}/release`,
      headers: w.supervisor.auth,
    });
    expect(released.json().held_for_review).toBe(false);
  });
});

describeDialects('report intake fuzzing', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect, { reportLimitPerHour: 1_000_000 });
    await reportWorld(t.app);
  });
  afterAll(async () => t?.close());

  const counts = async () => {
    const db = t.app.ctx.db.read;
    const n = async (table: 'report' | 'report_event' | 'report_photo' | 'audit_event' | 'report_feedback') =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    return [
      await n('report'),
      await n('report_event'),
      await n('report_photo'),
      await n('audit_event'),
      await n('report_feedback'),
    ];
  };

  const junk = fc.oneof(
    fc.anything(),
    fc.record(
      {
        description: fc.oneof(fc.string(), fc.constant('x'.repeat(4001)), fc.anything()),
        category: fc.oneof(
          fc.constantFrom('public-order', 'radicalization-concern', 'police-conduct', ''),
          fc.string(),
        ),
        privacy: fc.oneof(fc.constantFrom('public', 'name_hidden', 'anonymous'), fc.string()),
        location: fc.oneof(
          fc.record({ lat: fc.double(), lon: fc.double() }),
          fc.record({ area: fc.oneof(fc.constantFrom('KG-O.kara-suu', 'KG'), fc.string()) }),
          fc.anything(),
        ),
        occurred_at: fc.oneof(
          fc.string(),
          fc.constantFrom('2026-02-29', '1989-12-31', '2026-01-01T25:00:00Z'),
        ),
        contact: fc.anything(),
        answers: fc.anything(),
        channel: fc.string(),
      },
      { requiredKeys: [] },
    ),
  );

  it('never answers 5xx to junk on POST /api/v1/reports, and a refused request writes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(junk, async (body) => {
        const before = await counts();
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/v1/reports',
          payload: JSON.stringify(body) ?? 'null',
          headers: { 'content-type': 'application/json' },
        });
        expect(res.statusCode, res.body).toBeLessThan(500);
        if (res.statusCode !== 201) expect(await counts()).toEqual(before);
      }),
      { numRuns: 150 },
    );
  });

  it('never answers 5xx to junk on POST /api/v1/track*, and writes nothing for a wrong receipt', async () => {
    const urls = [
      '/api/v1/track',
      '/api/v1/track/messages',
      '/api/v1/track/feedback',
      '/api/v1/track/information',
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...urls),
        fc.oneof(
          fc.anything(),
          fc.record({ receipt: fc.string(), text: fc.string(), resolved: fc.string() }, { requiredKeys: [] }),
        ),
        fc.ipV4(),
        async (url, body, ip) => {
          const before = await counts();
          const res = await t.app.inject({
            method: 'POST',
            url,
            payload: JSON.stringify(body) ?? 'null',
            headers: { 'content-type': 'application/json' },
            remoteAddress: ip,
          });
          expect(res.statusCode, res.body).toBeLessThan(500);
          expect(res.statusCode).not.toBe(200);
          expect(await counts()).toEqual(before);
        },
      ),
      { numRuns: 150 },
    );
  });
});
