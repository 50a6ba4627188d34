import { afterAll, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemoAccounts } from '../accounts/accounts.demo.ts';
import { seedDemoGeography } from '../geo/geo.demo.ts';
import { ANONYMOUS } from '../../shared/policy.ts';
import { createTestApp } from '../../../test/app.ts';
import { DEMO_PLAN_TITLE, seedDemoPlans } from './plans.demo.ts';

const t = await createTestApp('sqlite');
afterAll(async () => t.close());

it('seeds one approved Kara-Suu plan for 2026 in Kyrgyz and Russian, with progress, once', async () => {
  await seedDemoGeography(t.app.ctx.db);
  await seedDemoAccounts(t.app.ctx.db, t.app.ctx.services);
  const first = await seedDemoPlans(t.app.ctx, DEMO_PASSWORD);
  expect(first.plans).toBe(1);
  expect(first.accounts.map((a) => a.email)).toEqual(['akim@demo.ishenim.org', 'kenesh@demo.ishenim.org']);
  expect((await seedDemoPlans(t.app.ctx, DEMO_PASSWORD)).plans).toBe(0);
  const plans = t.app.ctx.services.plans;
  const list = await plans.listPublic(ANONYMOUS, { areaCode: 'KG-O' });
  expect(list.map((p) => p.title)).toEqual([DEMO_PLAN_TITLE]);
  const d = await plans.getPublic(ANONYMOUS, { id: list[0]!.id });
  expect(d.signatures.map((s) => s.seat)).toEqual(['police', 'municipality', 'council']);
  expect(d.priorities).toHaveLength(2);
  expect(d.tasks).toHaveLength(5);
  expect(d.tasks.some((x) => x.status === 'done')).toBe(true);
  expect(d.title).toMatch(/Кара-Суу районунда.*Кара-Суйского/);
});
