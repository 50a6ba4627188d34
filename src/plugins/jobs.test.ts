import { expect, it } from 'vitest';
import { createTestApp } from '../../test/app.ts';
import { describeDialects } from '../../test/db.ts';

describeDialects('jobs plugin', (dialect) => {
  it('with JOBS=1 starts a worker that runs housekeeping, and stops it on close', async () => {
    const t = await createTestApp(dialect, { jobs: true, jobPollMs: 20 });
    let appClosed = false;
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
      // Closing the app must stop the worker; the app is closed once, then the database dropped.
      await t.app.close();
      appClosed = true;
      expect(worker.busy).toBe(0);
    } finally {
      if (!appClosed) await t.app.close();
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
