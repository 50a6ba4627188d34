/**
 * Regression: opening a report once the category cache had expired read through `db.read` inside the
 * audited write; on SQLite that waited forever for the connection the write held.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { describeDialects } from '../../../test/db.ts';
import { clock, MINUTE } from '../../shared/time.ts';
import { reportBody, reportWorld, type ReportWorld } from './reports.fixtures.ts';

describeDialects('opening a report after caches expire', (dialect) => {
  let t: TestApp;
  let w: ReportWorld;
  beforeAll(async () => {
    t = await createTestApp(dialect, { reportLimitPerHour: 100_000 });
    w = await reportWorld(t.app);
  });
  afterAll(async () => {
    clock.reset();
    await t?.close();
  });

  it('answers the staff read of a report, audited, with its category', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      payload: reportBody(),
      headers: w.officer.auth,
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    clock.advance(10 * MINUTE); // well past the category cache's lifetime
    const res = await t.app.inject({ url: `/api/v1/reports/${id}`, headers: w.officer.auth });
    expect(res.statusCode).toBe(200);
    // The response schema carries the category as its code string: it must be the one sent.
    expect(res.json().category).toBe(reportBody().category);
  });
});
