/**
 * Separation of duties through the real app (SQLite and PostgreSQL): nobody changes their own grants,
 * regional administrators cannot change national settings nor reach people outside their area, the
 * organisation check does not reveal existence, and the login throttle's address key cannot be
 * recomputed from the session secret.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, TEST_SECRET, type TestApp } from '../../../test/app.ts';
import { describeDialects } from '../../../test/db.ts';
import {
  createApiToken,
  createSession,
  csrfPair,
  insertOrganisation,
  insertStaff,
  sessionCookies,
} from '../../../test/factories.ts';
import { hmacHex } from '../../shared/crypto.ts';
import { reportWorld, type ReportWorld } from '../reports/reports.fixtures.ts';

describeDialects('separation of duties', (dialect) => {
  let t: TestApp;
  let w: ReportWorld;
  let regional: { id: string; auth: { authorization: string } }; // admin over Osh region only
  beforeAll(async () => {
    t = await createTestApp(dialect);
    w = await reportWorld(t.app);
    const p = await insertStaff(t.tdb.db, [{ role: 'admin', areaCode: w.areas.region.code }]);
    regional = { id: p.id, auth: { authorization: `Bearer ${await createApiToken(t.app, p.id)}` } };
  });
  afterAll(async () => t?.close());

  const api = (
    auth: { authorization: string },
    method: 'GET' | 'POST' | 'DELETE',
    url: string,
    payload?: object,
  ) => t.app.inject({ method, url, headers: auth, ...(payload ? { payload } : {}) });
  const grantsOf = (personId: string) =>
    t.tdb.db.read.selectFrom('role_grant').select(['id', 'role']).where('person_id', '=', personId).execute();

  it('refuses an administrator changing its own grants, through the API and the page', async () => {
    const res = await api(w.admin.auth, 'POST', `/api/v1/users/${w.admin.id}/roles`, {
      role: 'officer',
      areaCode: w.areas.district.code,
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.message).toMatch(/your own roles/);
    const [own] = await grantsOf(w.admin.id);
    const del = await api(w.admin.auth, 'DELETE', `/api/v1/users/${w.admin.id}/roles/${own!.id}`);
    expect(del.statusCode).toBe(403);
    // The page: the refusal comes back next to the role field, in the reader's language.
    const sid = sessionCookies(await createSession(t.app, w.admin.id));
    const c = csrfPair(t.app);
    const page = await t.app.inject({
      method: 'POST',
      url: `/admin/users/${w.admin.id}/roles`,
      cookies: { ...sid, ...c.cookies, locale: 'ru' },
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'ru' },
      payload: new URLSearchParams({
        _csrf: c.token,
        role: 'officer',
        areaCode: w.areas.district.code,
      }).toString(),
    });
    expect(page.statusCode).toBe(403);
    expect(page.body).toContain('Нельзя менять собственные роли');
    expect((await grantsOf(w.admin.id)).map((g) => g.role)).toEqual(['admin']);
    // Someone else can still be granted a role by the same administrator.
    const other = await api(w.admin.auth, 'POST', `/api/v1/users/${w.officer.id}/roles`, {
      role: 'supervisor',
      areaCode: w.areas.district.code,
    });
    expect(other.statusCode).toBe(201);
  });

  it('keeps a regional administrator off report categories (a national setting)', async () => {
    const sid = sessionCookies(await createSession(t.app, regional.id));
    const form = async (personSid: Record<string, string>) => {
      const c = csrfPair(t.app);
      return t.app.inject({
        method: 'POST',
        url: '/admin/categories/public-order',
        cookies: { ...personSid, ...c.cookies },
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: c.token, active: '0' }).toString(),
      });
    };
    const refused = await form(sid);
    expect(refused.statusCode).toBe(403);
    const row = await t.tdb.db.read
      .selectFrom('report_category')
      .select('active')
      .where('code', '=', 'public-order')
      .executeTakeFirstOrThrow();
    expect(Number(row.active)).toBe(1);
  });

  it("shows a regional administrator only its own Open311 keys and refuses revoking others'", async () => {
    const payload = { name: 'national app', services: ['public-order'], rate_per_hour: 5 };
    const national = await api(w.admin.auth, 'POST', '/api/v1/open311/keys', payload);
    expect(national.statusCode).toBe(201);
    const mine = await api(regional.auth, 'POST', '/api/v1/open311/keys', { ...payload, name: 'osh app' });
    expect(mine.statusCode).toBe(201);
    const nationalKey = await t.tdb.db.read
      .selectFrom('open311_api_key')
      .select('id')
      .where('name', '=', 'national app')
      .executeTakeFirstOrThrow();
    const listed = (await api(regional.auth, 'GET', '/api/v1/open311/keys')).json().items as {
      name: string;
    }[];
    expect(listed.map((k) => k.name)).toEqual(['osh app']);
    const all = (await api(w.admin.auth, 'GET', '/api/v1/open311/keys')).json().items as { name: string }[];
    expect(all.map((k) => k.name).sort()).toEqual(['national app', 'osh app']);
    const revoke = await api(regional.auth, 'POST', `/api/v1/open311/keys/${nationalKey.id}/revoke`);
    expect(revoke.statusCode).toBe(404);
    const key = await t.tdb.db.read
      .selectFrom('open311_api_key')
      .select('revoked_at')
      .where('name', '=', 'national app')
      .executeTakeFirstOrThrow();
    expect(key.revoked_at).toBeNull();
  });

  it('keeps a regional administrator off users outside its area; unknown and foreign organisations look alike', async () => {
    expect((await api(regional.auth, 'GET', `/api/v1/users/${w.analyst.id}`)).statusCode).toBe(404);
    const far = await insertOrganisation(t.tdb.db, { sector: 'partner', areaCodes: ['KG'] });
    const create = (organisationId: string) =>
      api(regional.auth, 'POST', '/api/v1/users', {
        email: `o-${organisationId.slice(0, 6)}@example.org`,
        displayName: 'O',
        organisationId,
        grants: [{ role: 'analyst', areaCode: w.areas.region.code }],
      });
    const foreign = await create(far.id);
    const missing = await create('45b8dbc6-a9d1-4b80-8bfb-db60a4579b5a');
    expect(foreign.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toBe(foreign.body);
  });

  it('keys the login address throttle with a salt that is not derived from the session secret', async () => {
    const c = csrfPair(t.app);
    const res = await t.app.inject({
      method: 'POST',
      url: '/login',
      remoteAddress: '203.0.113.7',
      cookies: c.cookies,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        _csrf: c.token,
        email: 'nobody@example.org',
        password: 'wrong password here',
      }).toString(),
    });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    const keys = (await t.tdb.db.read.selectFrom('throttle').select('key').execute()).map((r) => r.key);
    const ipKeys = keys.filter((k) => k.includes(':ip:'));
    expect(ipKeys.length).toBeGreaterThan(0);
    const fromSecret = hmacHex(TEST_SECRET, 'throttle-ip', '203.0.113.7');
    for (const k of ipKeys) {
      expect(k).not.toContain(fromSecret);
      expect(k).not.toContain('203.0.113.7');
    }
  });
  it('lets a grant that reads personal data take effect only when a second person confirms it', async () => {
    const national = await insertStaff(t.tdb.db, [{ role: 'admin', areaCode: 'KG' }]);
    const second = await insertStaff(t.tdb.db, [{ role: 'admin', areaCode: 'KG' }]);
    const auth1 = { authorization: `Bearer ${await createApiToken(t.app, national.id)}` };
    const auth2 = { authorization: `Bearer ${await createApiToken(t.app, second.id)}` };
    const newcomer = await insertStaff(t.tdb.db, []);
    const asked = await api(auth1, 'POST', `/api/v1/users/${newcomer.id}/roles`, {
      role: 'officer',
      areaCode: w.areas.district.code,
    });
    expect(asked.statusCode, asked.body).toBe(201);
    expect((await grantsOf(newcomer.id)).map((g) => g.role)).not.toContain('officer');
    const list = await api(auth2, 'GET', '/api/v1/grant-requests?status=pending');
    expect(list.statusCode, list.body).toBe(200);
    const request = (list.json().items as Array<{ id: string; personId: string }>).find(
      (r) => r.personId === newcomer.id,
    )!;
    expect(request).toBeDefined();
    const own = await api(auth1, 'POST', `/api/v1/grant-requests/${request.id}/confirm`);
    expect(own.statusCode).toBe(403);
    expect((await grantsOf(newcomer.id)).map((g) => g.role)).not.toContain('officer');
    const ok = await api(auth2, 'POST', `/api/v1/grant-requests/${request.id}/confirm`);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().status).toBe('confirmed');
    expect((await grantsOf(newcomer.id)).map((g) => g.role)).toContain('officer');
    const again = await api(auth2, 'POST', `/api/v1/grant-requests/${request.id}/confirm`);
    expect(again.statusCode).toBe(409);
    const missing = await api(
      auth2,
      'POST',
      `/api/v1/grant-requests/01a00000-0000-7000-8000-000000000000/confirm`,
    );
    expect(missing.statusCode).toBe(404);
  });
});
