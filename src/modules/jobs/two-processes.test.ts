/**
 * Two app instances on one PostgreSQL database behave like two processes: they share sessions and
 * split the job queue without running any job twice.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../app.ts';
import { testConfig } from '../../../test/app.ts';
import { createPgDatabase, type TestDatabase } from '../../../test/db.ts';
import { insertResident } from '../../../test/factories.ts';

describe('two processes on one PostgreSQL database', () => {
  let app1: App;
  let app2: App;
  let dropDb: () => Promise<void>;
  let dataDir: string;

  beforeAll(async () => {
    const created = await createPgDatabase();
    dropDb = created.drop;
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'ishenim-2p-'));
    const where = { databaseUrl: created.url, dataDir } as TestDatabase;
    // Same URL and secret, separate pools and workers: only the database is shared.
    const config = testConfig(where, { jobs: true, jobPollMs: 20 });
    app1 = await buildApp(config, { logger: false });
    app2 = await buildApp(config, { logger: false });
  });

  afterAll(async () => {
    await app1?.close();
    await app2?.close();
    await dropDb?.();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a session started by one process is accepted by the other', async () => {
    const person = await insertResident(app1.ctx.db);
    const raw = await app1.ctx.db.write((trx) => app1.ctx.services.sessions.start(trx, person, false));
    const resolved = await app2.ctx.services.sessions.resolve(raw);
    expect(resolved?.person.id).toBe(person.id);
    expect(resolved?.actor).toMatchObject({ kind: 'resident', personId: person.id });
    expect(await app2.ctx.services.sessions.resolve(raw + 'x')).toBeNull();
    // Over HTTP too: the cookie from one process opens the account page on the other…
    const page = await app2.inject({ url: '/account', cookies: { sid: raw } });
    expect(page.statusCode).toBe(200);
    // …and signing out on one process ends the session on both.
    await app1.ctx.services.sessions.end(raw);
    const after = await app2.inject({ url: '/account', cookies: { sid: raw } });
    expect(after.statusCode).toBe(303);
    expect(after.headers.location).toBe('/login');
  });

  it('both workers drain ~200 jobs and each job runs exactly once', async () => {
    const runs = new Map<string, number>();
    const byWorker = new Map<string, number>();
    for (const [name, app] of [
      ['one', app1],
      ['two', app2],
    ] as const) {
      app.ctx.services.jobs.register('test.count', async (_payload, { jobId }) => {
        runs.set(jobId, (runs.get(jobId) ?? 0) + 1);
        byWorker.set(name, (byWorker.get(name) ?? 0) + 1);
        await new Promise((r) => setTimeout(r, 2)); // long enough for the workers to overlap
      });
    }
    const ids = await app1.ctx.db.write(async (trx) => {
      const out: string[] = [];
      for (let i = 0; i < 200; i++)
        out.push((await app1.ctx.services.jobs.enqueue(trx, 'test.count', { i }))!);
      return out;
    });
    const deadline = Date.now() + 30_000;
    for (;;) {
      const pending = await app1.ctx.db.read
        .selectFrom('job')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('kind', '=', 'test.count')
        .where('status', '!=', 'done')
        .executeTakeFirstOrThrow();
      if (Number(pending.n) === 0) break;
      if (Date.now() > deadline) throw new Error(`${pending.n} jobs still not done`);
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(runs.size).toBe(200);
    expect(ids.every((id) => runs.get(id) === 1)).toBe(true);
    expect(byWorker.get('one')! + byWorker.get('two')!).toBe(200);
    expect(byWorker.get('two') ?? 0).toBeGreaterThan(0); // the other process really took part
    const done = await app1.ctx.db.read
      .selectFrom('job')
      .select(['status', 'attempts'])
      .where('kind', '=', 'test.count')
      .execute();
    expect(done.every((j) => j.status === 'done' && j.attempts === 1)).toBe(true);
  });

  it('each recurring housekeeping job exists once although both processes booked it', async () => {
    const live = await app1.ctx.db.read
      .selectFrom('job')
      .select(['kind'])
      .where('unique_key', 'like', 'every:%')
      .where('status', 'in', ['pending', 'running'])
      .execute();
    expect(live.map((j) => j.kind).sort()).toEqual([
      'alerts.release',
      'channels.notify',
      'channels.retention',
      'insight.exports.expire',
      'jobs.prune',
      'referrals.retention',
      'referrals.rewrap',
      'reports.retention',
      'sessions.expire',
      'submissions.expire',
      'throttle.expire',
    ]);
  });
});
