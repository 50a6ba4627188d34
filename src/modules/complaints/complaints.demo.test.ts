import { afterAll, expect, it } from 'vitest';
import { createTestApp } from '../../../test/app.ts';
import { seedDemoAccounts } from '../accounts/accounts.demo.ts';
import { seedDemoGeography } from '../geo/geo.demo.ts';
import { seedReportCategories } from '../reports/report-categories.seed.ts';
import { seedDemoComplaints } from './complaints.demo.ts';

const t = await createTestApp('sqlite');
afterAll(async () => t.close());

it('seeds two anonymised complaints in Kara-Suu, one upheld with reasons and one under review, once', async () => {
  await seedDemoGeography(t.app.ctx.db);
  await seedReportCategories(t.app.ctx.db);
  await seedDemoAccounts(t.app.ctx.db, t.app.ctx.services);
  expect(await seedDemoComplaints(t.app.ctx)).toEqual({ complaints: 2 });
  expect(await seedDemoComplaints(t.app.ctx)).toEqual({ complaints: 0 });
  const rows = await t.app.ctx.db.read
    .selectFrom('complaint')
    .innerJoin('report', 'report.id', 'complaint.report_id')
    .select(['complaint.stage', 'complaint.outcome', 'complaint.reasoning', 'report.desk', 'report.contact'])
    .orderBy('complaint.registered_at')
    .execute();
  expect(rows.map((r) => [r.stage, r.outcome])).toEqual([
    ['decided', 'upheld'],
    ['under_review', null],
  ]);
  expect(rows[0]!.reasoning).toContain('күбө');
  expect(rows.every((r) => r.desk === 'complaints')).toBe(true);
});
