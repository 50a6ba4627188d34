/** Administrators pick areas by name for an organisation and for a grant (real HTTP, both dialects). */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { describeDialects } from '../../../test/db.ts';
import { createSession, insertAreaChain, insertStaff, sessionCookies } from '../../../test/factories.ts';

describeDialects('admin pickers', (dialect) => {
  let t: TestApp;
  let cookies: Record<string, string>;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    const areas = await insertAreaChain(t.app.ctx.db);
    const admin = await insertStaff(t.app.ctx.db, [{ role: 'admin', areaCode: areas.region.code }]);
    cookies = sessionCookies(await createSession(t.app, admin.id));
  });
  afterAll(async () => t?.close());

  it('organisation areas and a grant area are selects of named areas, never boxes for codes', async () => {
    const orgs = await t.app.inject({
      url: '/admin/organisations',
      cookies,
      headers: { 'accept-language': 'ky' },
    });
    expect(orgs.statusCode).toBe(200);
    expect(orgs.body).toMatch(/<select[^>]*name="areaCodes"[^>]*multiple/);
    expect(orgs.body).toContain('<option value="KG-O.kara-suu">Кара-Суу району</option>');
    const users = await t.app.inject({ url: '/admin/users', cookies });
    expect(users.body).toMatch(/<select[^>]*name="areaCode"/);
    for (const page of [orgs.body, users.body]) expect(page).not.toMatch(/<input[^>]*name="areaCodes?"/);
  });
});
