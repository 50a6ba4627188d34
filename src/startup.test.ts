import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/app.ts';
import { describeDialects } from '../test/db.ts';
import { formatDemoSummary } from './demo/demo.ts';
import { STAFF_ROLES } from './shared/policy.ts';
import { prepareData } from './startup.ts';

describeDialects('start-up data', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect, { demo: true });
  });
  afterAll(async () => t.close());

  const count = async (table: 'person' | 'area' | 'report_category' | 'organisation' | 'report' | 'forum') =>
    Number(
      (
        await t.app.ctx.db.read
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('loads geography, categories and one demo account per role once, however often it runs', async () => {
    const demo = await prepareData(t.app.ctx);
    // One per role, plus the plan signatories of the municipality and the local council (partners).
    const roles = demo?.accounts.map((a) => a.role) ?? [];
    expect([...roles].sort()).toEqual(
      [...STAFF_ROLES, 'resident', 'partner (local government)', 'partner (local council)'].sort(),
    );
    expect(demo?.accounts.every((a) => a.email.endsWith('@demo.ishenim.org'))).toBe(true);
    const before = {
      people: await count('person'),
      areas: await count('area'),
      categories: await count('report_category'),
    };
    expect(before.categories).toBeGreaterThanOrEqual(12);
    await prepareData(t.app.ctx);
    expect({
      people: await count('person'),
      areas: await count('area'),
      categories: await count('report_category'),
    }).toEqual(before);
    const printed = formatDemoSummary('http://localhost:3000', demo!);
    expect(printed).toContain('http://localhost:3000');
    expect(printed).toContain('admin@demo.ishenim.org');
    expect(printed).toContain(demo!.password);
  });

  it('spreads the demo reports over the past weeks, answered hours after they came in', async () => {
    await prepareData(t.app.ctx);
    const rows = await t.app.ctx.db.read
      .selectFrom('report')
      .select(['created_at', 'acknowledged_at', 'time_to_ack_seconds'])
      .execute();
    expect(rows.length).toBeGreaterThanOrEqual(4);
    const now = Date.now();
    const days = new Set(rows.map((r) => r.created_at.slice(0, 10)));
    expect(days.size).toBeGreaterThanOrEqual(3);
    for (const r of rows) expect(Date.parse(r.created_at)).toBeLessThanOrEqual(now);
    const acked = rows.filter((r) => r.acknowledged_at !== null);
    expect(acked.length).toBeGreaterThan(0);
    for (const r of acked) {
      expect(Date.parse(r.acknowledged_at!)).toBeGreaterThan(Date.parse(r.created_at));
      expect(r.time_to_ack_seconds).toBeGreaterThanOrEqual(3600);
    }
  });

  it('removes demo accounts when the service starts with DEMO off, and says so in the audit trail', async () => {
    const ctx = { ...t.app.ctx, config: { ...t.app.ctx.config, demo: false } };
    expect(await prepareData(ctx)).toBeNull();
    const demoPeople = await t.app.ctx.db.read
      .selectFrom('person')
      .select('id')
      .where('is_demo', '=', 1)
      .execute();
    expect(demoPeople).toEqual([]);
    const audit = await t.app.ctx.db.read
      .selectFrom('audit_event')
      .select('action')
      .where('action', '=', 'demo.accounts.removed')
      .execute();
    expect(audit).toHaveLength(1);
    // Reference data stays.
    expect(await count('area')).toBeGreaterThan(70);
  });
});
