import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { openDatabase } from '../../db/database.ts';
import { HOUR, clock } from '../../shared/time.ts';
import { createTestDatabase, describeDialects, type TestDatabase } from '../../../test/db.ts';
import { JobService, backoffMs, safeErrorText } from './job.service.ts';
import { Worker } from './job.worker.ts';

async function jobRow(tdb: TestDatabase, id: string) {
  return tdb.db.read.selectFrom('job').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

async function waitFor(cond: () => Promise<boolean>, deadlineMs = 15_000): Promise<void> {
  const until = Date.now() + deadlineMs;
  while (!(await cond())) {
    if (Date.now() > until) throw new Error('condition not met before the deadline');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describeDialects('job queue', (dialect) => {
  let tdb: TestDatabase;

  beforeAll(async () => {
    tdb = await createTestDatabase(dialect);
  });
  afterAll(async () => {
    await tdb.db.close(); // the handle reopened by the restart test; drop() closes the first one
    await tdb.drop();
  });
  beforeEach(async () => {
    clock.set('2026-12-01T10:00:00.000Z');
    await tdb.db.write((trx) => trx.deleteFrom('job').execute());
  });
  afterEach(() => clock.reset());

  it('enqueues only when the caller’s transaction commits', async () => {
    const jobs = new JobService(tdb.db);
    await expect(
      tdb.db.write(async (trx) => {
        await jobs.enqueue(trx, 'x.kind', { n: 1 });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    const id = await tdb.db.write((trx) => jobs.enqueue(trx, 'x.kind', { n: 2 }));
    const rows = await tdb.db.read.selectFrom('job').selectAll().execute();
    expect(rows.map((r) => r.id)).toEqual([id]);
    expect(rows[0]).toMatchObject({ status: 'pending', attempts: 0, payload: '{"n":2}' });
  });

  it('retries with back-off until the handler succeeds', async () => {
    const jobs = new JobService(tdb.db);
    const seen: number[] = [];
    jobs.register('flaky', async (_p, { attempt }) => {
      seen.push(attempt);
      if (attempt < 3) throw new Error('temporary outage');
    });
    const id = (await tdb.db.write((trx) => jobs.enqueue(trx, 'flaky', {}, { maxAttempts: 5 })))!;
    for (let attempt = 1; attempt <= 3; attempt++) {
      const [job] = await jobs.claim('w1', 10);
      expect(job?.id).toBe(id);
      await jobs.execute(job!, 'w1');
      if (attempt < 3) {
        const row = await jobRow(tdb, id);
        expect(row).toMatchObject({
          status: 'pending',
          attempts: attempt,
          last_error: 'Error: temporary outage',
        });
        // Not due yet: the back-off is at least half of the exponential step.
        expect(Date.parse(row.run_at)).toBeGreaterThanOrEqual(clock.nowMs() + backoffMs(attempt, () => 0));
        expect(await jobs.claim('w1', 10)).toEqual([]);
        clock.advance(backoffMs(attempt, () => 1));
      }
    }
    expect(seen).toEqual([1, 2, 3]);
    expect(await jobRow(tdb, id)).toMatchObject({ status: 'done', attempts: 3, locked_by: null });
  });

  it('fails for good after max attempts, keeping a short error without personal data', async () => {
    const jobs = new JobService(tdb.db);
    jobs.register('doomed', async () => {
      throw new Error(`could not reach aigul@example.kg at +996 555 123 456 ${'x'.repeat(2000)}`);
    });
    const id = (await tdb.db.write((trx) => jobs.enqueue(trx, 'doomed', {}, { maxAttempts: 2 })))!;
    for (let i = 0; i < 2; i++) {
      const claimed = await jobs.claim('w1', 10);
      expect(claimed).toHaveLength(1);
      await jobs.execute(claimed[0]!, 'w1');
      clock.advance(HOUR * 24);
    }
    expect(await jobs.claim('w1', 10)).toEqual([]);
    const row = await jobRow(tdb, id);
    expect(row.status).toBe('failed');
    expect(row.attempts).toBe(2);
    expect(row.finished_at).not.toBeNull();
    expect(row.last_error!.length).toBeLessThanOrEqual(500);
    expect(row.last_error).not.toContain('aigul');
    expect(row.last_error).not.toContain('555');
    expect(safeErrorText('plain')).toBe('plain');
  });

  it('reclaims a job whose holder died, and the dead holder cannot finish it', async () => {
    const jobs = new JobService(tdb.db);
    let runs = 0;
    jobs.register('slow', async () => {
      runs++;
    });
    const id = (await tdb.db.write((trx) => jobs.enqueue(trx, 'slow', {})))!;
    const [held] = await jobs.claim('dead-worker', 10, 30 * 1000);
    expect(held?.id).toBe(id);
    expect(await jobs.claim('live-worker', 10)).toEqual([]); // still locked
    clock.advance(31 * 1000);
    const [again] = await jobs.claim('live-worker', 10);
    expect(again).toMatchObject({ id, attempts: 2, locked_by: 'live-worker' });
    expect(await jobs.execute(held!, 'dead-worker')).toBe('lost');
    expect(await jobs.execute(again!, 'live-worker')).toBe('done');
    expect(runs).toBe(2);
    expect(await jobRow(tdb, id)).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('renews the lock of a slow handler so nobody reclaims it', async () => {
    clock.reset(); // the heartbeat runs on real timers
    const jobs = new JobService(tdb.db);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    jobs.register('long', () => gate);
    const id = (await tdb.db.write((trx) => jobs.enqueue(trx, 'long', {})))!;
    const [job] = await jobs.claim('w1', 10, 150);
    const running = jobs.execute(job!, 'w1', 150);
    await waitFor(async () => (await jobRow(tdb, id)).locked_until! > job!.locked_until!);
    release();
    expect(await running).toBe('done');
  });

  it('fails a reclaimed job whose last allowed attempt was the one that died', async () => {
    const jobs = new JobService(tdb.db);
    jobs.register('once', async () => undefined);
    const id = (await tdb.db.write((trx) => jobs.enqueue(trx, 'once', {}, { maxAttempts: 1 })))!;
    await jobs.claim('dead-worker', 10, 1000);
    clock.advance(2000);
    expect(await jobs.claim('live-worker', 10)).toEqual([]);
    expect(await jobRow(tdb, id)).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it('keeps jobs across a restart: close the database, reopen, run', async () => {
    const first = new JobService(tdb.db);
    const id = (await tdb.db.write((trx) => first.enqueue(trx, 'durable', { k: 'v' })))!;
    await tdb.db.close();
    tdb.db = openDatabase({ databaseUrl: tdb.databaseUrl, dataDir: tdb.dataDir, poolSize: 5 });
    const second = new JobService(tdb.db);
    const payloads: unknown[] = [];
    second.register('durable', async (p) => {
      payloads.push(p);
    });
    expect((await jobRow(tdb, id)).status).toBe('pending');
    const [job] = await second.claim('w2', 10);
    await second.execute(job!, 'w2');
    expect(payloads).toEqual([{ k: 'v' }]);
    expect((await jobRow(tdb, id)).status).toBe('done');
  });

  it('every(): one live job per kind even from two services, and each run books the next', async () => {
    const a = new JobService(tdb.db);
    const b = new JobService(tdb.db);
    await Promise.all([a.every('tick', HOUR), b.every('tick', HOUR), a.every('tick', HOUR)]);
    const live = () =>
      tdb.db.read
        .selectFrom('job')
        .selectAll()
        .where('kind', '=', 'tick')
        .where('status', 'in', ['pending', 'running'])
        .execute();
    expect(await live()).toHaveLength(1);
    let ran = 0;
    a.register('tick', async () => {
      ran++;
    });
    const [job] = await a.claim('w1', 10);
    expect(await a.execute(job!, 'w1')).toBe('done');
    expect(ran).toBe(1);
    const next = await live();
    expect(next).toHaveLength(1);
    expect(next[0]!.id).not.toBe(job!.id);
    expect(next[0]!.run_at).toBe(new Date(clock.nowMs() + HOUR).toISOString());
    await b.every('tick', HOUR); // a later start-up adds nothing
    expect(await live()).toHaveLength(1);
  });

  it('the worker runs a job soon after a local enqueue and stop() waits for running handlers', async () => {
    clock.reset(); // the worker polls in real time
    const jobs = new JobService(tdb.db);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let started = false;
    jobs.register('gated', async () => {
      started = true;
      await gate;
    });
    const worker = new Worker(jobs, { pollMs: 60_000 }); // only the nudge can find the job in time
    worker.start();
    const id = (await tdb.db.write((trx) => jobs.enqueue(trx, 'gated', {})))!;
    await waitFor(async () => started);
    const stopping = worker.stop();
    release();
    await stopping;
    expect((await jobRow(tdb, id)).status).toBe('done');
    expect(worker.busy).toBe(0);
  });
});
