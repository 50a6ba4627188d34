/**
 * The access review through the real app on SQLite and PostgreSQL, with the clock driven: a late
 * evening read is flagged outside working hours (Bishkek time), a read outside the reader's usual
 * district is flagged, reads above the bulk threshold are flagged, the page is for oversight only and
 * reading it is itself audited.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { describeDialects } from '../../../test/db.ts';
import { clock } from '../../shared/time.ts';
import { UZGEN_POINT } from '../reports/reports.fixtures.ts';
import { complaintWorld, staffClient } from './complaints.test-helpers.ts';

describeDialects('access review', (dialect) => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof complaintWorld>>;

  beforeAll(async () => {
    t = await createTestApp(dialect, { reportLimitPerHour: 100_000 });
    w = await complaintWorld(t.app);
  });
  afterAll(async () => {
    clock.reset();
    await t?.close();
  });

  const file = async (location: unknown) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      payload: {
        category: 'police-conduct',
        description: 'An officer took a phone from a teenager at the park and did not give it back.',
        privacy: 'anonymous',
        location,
        answers: { kind: 'complaint' },
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    return (
      await t.app.ctx.db.read
        .selectFrom('complaint')
        .select('id')
        .where('report_id', '=', res.json().id)
        .executeTakeFirstOrThrow()
    ).id;
  };

  it('flags reads outside working hours, outside the usual district and in bulk; oversight only; audited', async () => {
    // Wednesday 2 December 2026, 10:00 in Bishkek (04:00 UTC): working hours.
    clock.set('2026-12-02T04:00:00Z');
    const staff = staffClient(t.app);
    const karaSuu = [
      await file({ area: w.areas.district.code }),
      await file({ area: w.areas.district.code }),
    ];
    const uzgen = await file(UZGEN_POINT);
    for (const id of [...karaSuu, karaSuu[0]!])
      expect((await staff.get(w.oversight.id, `/staff/complaints/${id}`)).statusCode).toBe(200);
    // 23:30 in Bishkek: a read of the other district, late.
    clock.set('2026-12-02T17:30:00Z');
    const late = staffClient(t.app);
    expect((await late.get(w.oversight.id, `/staff/complaints/${uzgen}`)).statusCode).toBe(200);

    for (const who of [w.officer, w.supervisor, w.admin, w.analyst, w.partner])
      expect((await late.get(who.id, '/staff/access-review')).statusCode).toBe(404);
    const page = await late.get(w.oversight.id, '/staff/access-review?from=2026-12-01&to=2026-12-02');
    expect(page.statusCode, page.body).toBe(200);
    const rows = page.body.split('<tr').slice(2);
    const uzgenRow = rows.find((r) => r.includes('Uzgen District'))!;
    expect(uzgenRow).toContain('Outside working hours');
    expect(uzgenRow).toContain('Outside usual area');
    const morning = rows.filter((r) => r.includes('Kara-Suu District'));
    expect(morning).toHaveLength(3);
    for (const r of morning) expect(r).not.toContain('Outside');

    const badge = '<strong class="badge">Bulk';
    expect(page.body).not.toContain(badge);
    // Three reads by one person within the 10 o'clock hour: above a threshold of 2, not of 3.
    const three = await late.get(
      w.oversight.id,
      '/staff/access-review?from=2026-12-01&to=2026-12-02&bulk_threshold=3',
    );
    expect(three.body).not.toContain(badge);
    const two = await late.get(
      w.oversight.id,
      '/staff/access-review?from=2026-12-01&to=2026-12-02&bulk_threshold=2&only=1',
    );
    expect(two.body.split(badge)).toHaveLength(4);
    const bad = await late.get(w.oversight.id, '/staff/access-review?from=2026-12-03&to=2026-12-01');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('id="from-error"');
    const audited = await t.app.ctx.db.read
      .selectFrom('audit_event')
      .select('actor_id')
      .where('action', '=', 'access_review.read')
      .execute();
    expect(audited.length).toBeGreaterThanOrEqual(2);
    clock.reset();
  });
});
