import pg from 'pg';
import { expect, it } from 'vitest';
import { createTestApp } from '../../test/app.ts';
import { describeDialects, pgBaseUrl } from '../../test/db.ts';

/**
 * pg's pool.end() resolves before its sockets are closed; dropping the database "with (force)" in
 * that moment makes a closing client emit an uncaught error. Wait until no backend remains.
 */
async function waitForNoConnections(databaseUrl: string): Promise<void> {
  if (!databaseUrl) return;
  const name = new URL(databaseUrl).pathname.slice(1);
  const admin = new pg.Client({ connectionString: pgBaseUrl() });
  await admin.connect();
  try {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const r = await admin.query('select count(*)::int as n from pg_stat_activity where datname = $1', [
        name,
      ]);
      if (r.rows[0].n === 0 || Date.now() > deadline) return;
      await new Promise((res) => setTimeout(res, 10));
    }
  } finally {
    await admin.end();
  }
}

describeDialects('jobs plugin', (dialect) => {
  it('with JOBS=1 starts a worker that runs housekeeping, and stops it on close', async () => {
    const t = await createTestApp(dialect, { jobs: true, jobPollMs: 20 });
    try {
      const worker = t.app.jobWorker!;
      expect(worker).toBeDefined();
      const deadline = Date.now() + 15_000;
      for (;;) {
        const done = await t.app.ctx.db.read
          .selectFrom('job')
          .select('kind')
          .where('status', '=', 'done')
          .execute();
        const kinds = new Set(done.map((j) => j.kind));
        if (['sessions.expire', 'throttle.expire', 'jobs.prune'].every((k) => kinds.has(k))) break;
        if (Date.now() > deadline) throw new Error('housekeeping jobs did not run');
        await new Promise((r) => setTimeout(r, 20));
      }
      await t.app.close();
      expect(worker.busy).toBe(0);
    } finally {
      await t.app.close();
      await t.tdb.db.close();
      await waitForNoConnections(t.tdb.databaseUrl);
      await t.tdb.drop();
    }
  });

  it('with JOBS=0 runs no worker', async () => {
    const t = await createTestApp(dialect, { jobs: false });
    try {
      expect(t.app.jobWorker).toBeUndefined();
    } finally {
      await t.close();
    }
  });
});
