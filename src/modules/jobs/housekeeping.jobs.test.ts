import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { newId } from '../../shared/ids.ts';
import { DAY, MINUTE, clock, isoIn, nowIso } from '../../shared/time.ts';
import { createTestDatabase, describeDialects, type TestDatabase } from '../../../test/db.ts';
import { insertResident, insertStaff } from '../../../test/factories.ts';
import { registerHousekeeping } from './housekeeping.jobs.ts';
import { JobService } from './job.service.ts';

describeDialects('housekeeping jobs', (dialect) => {
  let tdb: TestDatabase;
  let jobs: JobService;
  const lines: object[] = [];

  beforeAll(async () => {
    tdb = await createTestDatabase(dialect);
    const config = loadConfig(
      {},
      { dataDir: tdb.dataDir, sessionSecret: 'x'.repeat(32), sessionIdleMinutes: 30 },
    );
    jobs = new JobService(tdb.db);
    await registerHousekeeping(jobs, { db: tdb.db, config, log: { info: (o) => lines.push(o) } });
  });
  afterAll(async () => tdb.drop());
  afterEach(() => clock.reset());

  const run = (kind: string) => jobs.handlerFor(kind)!(null, { attempt: 1, jobId: newId() });

  it('expires sessions past their end, idle staff sessions, and keeps idle-but-valid resident ones', async () => {
    const staff = await insertStaff(tdb.db, []);
    const resident = await insertResident(tdb.db);
    const session = (id: string, personId: string, lastSeenAgoMs: number, expiresInMs: number) => ({
      id,
      person_id: personId,
      created_at: isoIn(-DAY),
      last_seen_at: isoIn(-lastSeenAgoMs),
      expires_at: isoIn(expiresInMs),
      mfa_at: null,
    });
    await tdb.db.write((trx) =>
      trx
        .insertInto('session')
        .values([
          session('expired', resident.id, 0, -1),
          session('staff-idle', staff.id, 31 * MINUTE, DAY),
          session('staff-active', staff.id, MINUTE, DAY),
          session('resident-quiet', resident.id, 2 * DAY, 20 * DAY),
        ])
        .execute(),
    );
    await run('sessions.expire');
    const left = await tdb.db.read.selectFrom('session').select('id').orderBy('id').execute();
    expect(left.map((s) => s.id)).toEqual(['resident-quiet', 'staff-active']);
    expect(lines.at(-1)).toEqual({ job: 'sessions.expire', expiredOrIdle: 1, idleStaff: 1 });
  });

  it('deletes throttle windows older than a day', async () => {
    await tdb.db.write((trx) =>
      trx
        .insertInto('throttle')
        .values([
          { key: 'old', count: 3, window_start: isoIn(-2 * DAY) },
          { key: 'new', count: 1, window_start: nowIso() },
        ])
        .execute(),
    );
    await run('throttle.expire');
    expect((await tdb.db.read.selectFrom('throttle').select('key').execute()).map((r) => r.key)).toEqual([
      'new',
    ]);
  });

  it('forgets one-time form keys after a day', async () => {
    const key = (k: string, agoMs: number) => ({
      key: k,
      actor: '',
      method_path: 'POST /x',
      state: 'done' as const,
      status_code: 303,
      location: '/x',
      created_at: isoIn(-agoMs),
    });
    await tdb.db.write((trx) =>
      trx
        .insertInto('form_submission')
        .values([key('old', DAY + MINUTE), key('fresh', MINUTE)])
        .execute(),
    );
    await run('submissions.expire');
    const left = await tdb.db.read.selectFrom('form_submission').select('key').execute();
    expect(left.map((r) => r.key)).toEqual(['fresh']);
  });

  it('prunes done jobs older than a week and nothing else', async () => {
    const row = (id: string, status: 'done' | 'failed' | 'pending', finishedAgoMs: number | null) => ({
      id,
      kind: 'x',
      payload: 'null',
      status,
      run_at: nowIso(),
      attempts: 1,
      max_attempts: 1,
      unique_key: null,
      created_at: nowIso(),
      updated_at: nowIso(),
      finished_at: finishedAgoMs === null ? null : isoIn(-finishedAgoMs),
    });
    await tdb.db.write((trx) =>
      trx
        .insertInto('job')
        .values([
          row('old-done', 'done', 8 * DAY),
          row('new-done', 'done', DAY),
          row('old-failed', 'failed', 8 * DAY),
          row('waiting', 'pending', null),
        ])
        .execute(),
    );
    await run('jobs.prune');
    const ids = (await tdb.db.read.selectFrom('job').select('id').where('kind', '=', 'x').execute()).map(
      (r) => r.id,
    );
    expect(ids.sort()).toEqual(['new-done', 'old-failed', 'waiting']);
  });
});
