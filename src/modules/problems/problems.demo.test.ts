import { afterAll, expect, it } from 'vitest';
import { seedDemoAccounts } from '../accounts/accounts.demo.ts';
import { seedDemoGeography } from '../geo/geo.demo.ts';
import { seedDemoReports } from '../reports/reports.demo.ts';
import { ANONYMOUS } from '../../shared/policy.ts';
import { createTestApp } from '../../../test/app.ts';
import { seedReportCategories } from '../reports/report-categories.seed.ts';
import { seedDemoProblems } from './problems.demo.ts';

const t = await createTestApp('sqlite');
afterAll(async () => t.close());

it('seeds a livestock-theft problem (Kyrgyz) and a school-racketeering problem (Russian), once', async () => {
  await seedDemoGeography(t.app.ctx.db);
  await seedReportCategories(t.app.ctx.db);
  await seedDemoAccounts(t.app.ctx.db, t.app.ctx.services);
  await seedDemoReports(t.app.ctx);
  expect(await seedDemoProblems(t.app.ctx)).toEqual({ problems: 2 });
  expect(await seedDemoProblems(t.app.ctx)).toEqual({ problems: 0 });
  const rows = await t.app.ctx.db.read.selectFrom('problem').select(['id', 'status', 'published']).execute();
  expect(rows.map((r) => r.status).sort()).toEqual(['analysis', 'response']);
  const linked = await t.app.ctx.db.read
    .selectFrom('report')
    .select('problem_id')
    .where('problem_id', 'is not', null)
    .execute();
  expect(linked.length).toBeGreaterThanOrEqual(2);
  const pub = await t.app.ctx.services.problems.publicList(ANONYMOUS);
  expect(pub).toHaveLength(1);
  expect(pub[0]!.title).toContain('Кашкар-Кыштак');
  expect(pub[0]!.progress).toBeGreaterThan(0);
  const actions = await t.app.ctx.db.read
    .selectFrom('problem_action')
    .select(['coercive', 'status'])
    .execute();
  expect(actions.find((a) => a.coercive === 1)?.status).toBe('in_progress');
});
