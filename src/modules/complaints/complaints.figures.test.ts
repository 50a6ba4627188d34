/**
 * The published complaint figures through the real app on SQLite and PostgreSQL: counts by district
 * and outcome, thanks and the median time to a decision, with small cells hidden (here the minimum
 * is 3) and never shown as a number anywhere on the page.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { describeDialects } from '../../../test/db.ts';
import { UZGEN_POINT } from '../reports/reports.fixtures.ts';
import { complaintWorld, staffClient } from './complaints.test-helpers.ts';

describeDialects('complaint figures', (dialect) => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof complaintWorld>>;

  beforeAll(async () => {
    t = await createTestApp(dialect, { reportLimitPerHour: 100_000, smallCellMinimum: 3 });
    w = await complaintWorld(t.app);
  });
  afterAll(async () => t?.close());

  const file = async (kind: 'complaint' | 'thanks', location: unknown) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      payload: {
        category: 'police-conduct',
        description:
          'The officer at the bazaar post asked traders for money to let them set up their stalls.',
        privacy: 'anonymous',
        location,
        answers: { kind },
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const c = await t.app.ctx.db.read
      .selectFrom('complaint')
      .select('id')
      .where('report_id', '=', res.json().id)
      .executeTakeFirstOrThrow();
    return c.id;
  };

  it('publishes counts by district and outcome with small cells hidden, thanks too, and the median days', async () => {
    const staff = staffClient(t.app);
    const karaSuu = { area: w.areas.district.code };
    const decide = async (id: string, outcome: string) => {
      expect((await staff.post(w.oversight.id, `/staff/complaints/${id}/acknowledge`)).statusCode).toBe(303);
      const r = await staff.post(w.oversight.id, `/staff/complaints/${id}/decide`, {
        outcome,
        reasoning: 'Reasons.',
      });
      expect(r.statusCode).toBe(303);
    };
    for (let i = 0; i < 3; i++) await decide(await file('complaint', karaSuu), 'upheld');
    await decide(await file('complaint', karaSuu), 'not_upheld');
    for (let i = 0; i < 3; i++) await file('complaint', UZGEN_POINT);
    await file('thanks', karaSuu);

    const page = await t.app.inject({ method: 'GET', url: '/complaints/figures?months=12' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['set-cookie']).toBeUndefined();
    // The single "not upheld" and the single thanks are hidden; no cell anywhere shows 1 or 2.
    expect(page.body).not.toMatch(/<td>[12]<\/td>/);
    expect(page.body).toContain('<td>—</td>');
    // Three open complaints in Uzgen reach the minimum and are shown.
    expect(page.body).toMatch(/Uzgen District<\/th>(<td>[^<]*<\/td>){5}<td>3<\/td>/);
    expect(page.body).toContain('id="median"');
    expect(page.body).not.toContain('Too few decisions');
    expect((await t.app.inject({ method: 'GET', url: '/complaints/figures?months=7' })).statusCode).toBe(400);
    const ru = await t.app.inject({
      method: 'GET',
      url: '/complaints/figures',
      headers: { 'accept-language': 'ru' },
    });
    expect(ru.body).toContain('Жалобы по местности и решению');
  });
});
