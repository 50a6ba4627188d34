import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, TEST_SECRET, type TestApp } from '../../../test/app.ts';
import { describeDialects } from '../../../test/db.ts';
import { tokenCommand } from '../../cli/token.command.ts';
import { userCommand } from '../../cli/user.command.ts';
import { openDatabase } from '../../db/database.ts';
import { DEMO_PASSWORD, seedDemoAccounts } from './accounts.demo.ts';
import { insertAreas } from './accounts.test-helpers.ts';

describeDialects('accounts API', (dialect) => {
  let t: TestApp;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  let osh: string; // admin over Osh region
  let bishkekUserId: string;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    await insertAreas(t.tdb.db);
    const { users, tokens } = t.app.ctx.services;
    const admin = await users.create(null, {
      email: 'admin-osh@example.org',
      displayName: 'A',
      grants: [{ role: 'admin', areaCode: 'KG-O' }],
    });
    osh = (await tokens.createToken(null, { personId: admin.user.id, name: 't' })).token;
    bishkekUserId = (
      await users.create(null, {
        email: 'off-b@example.org',
        displayName: 'B',
        grants: [{ role: 'officer', areaCode: 'KG-GB' }],
      })
    ).user.id;
  });
  afterAll(async () => t.close());

  it('answers 401 to anonymous API calls and to revoked tokens', async () => {
    expect((await t.app.inject('/api/v1/me')).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/api/v1/users', headers: bearer('x'.repeat(30)) })).statusCode).toBe(
      401,
    );
    const me = await t.app.inject({ url: '/api/v1/me', headers: bearer(osh) });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({
      email: 'admin-osh@example.org',
      grants: [{ role: 'admin', areaCode: 'KG-O' }],
    });
    expect(me.json()).not.toHaveProperty('password_hash');
  });

  it('creates people within jurisdiction, hides people outside it (404), audits reads', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: bearer(osh),
      payload: {
        email: 'Officer.KS@Example.org',
        displayName: 'Бакыт',
        grants: [{ role: 'officer', areaCode: 'KG-O.kara-suu' }],
      },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().user.id as string;
    expect(created.json().password).toMatch(/^[A-Za-z0-9_-]{20}$/);
    const outside = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: bearer(osh),
      payload: { email: 'x@example.org', displayName: 'X', grants: [{ role: 'officer', areaCode: 'KG-GB' }] },
    });
    expect(outside.statusCode).toBe(404);
    expect(
      (await t.app.inject({ url: `/api/v1/users/${bishkekUserId}`, headers: bearer(osh) })).statusCode,
    ).toBe(404);
    const list = await t.app.inject({ url: '/api/v1/users', headers: bearer(osh) });
    const ids = (list.json().items as { id: string }[]).map((u) => u.id);
    expect(ids).toContain(id);
    expect(ids).not.toContain(bishkekUserId);
    const read = await t.app.inject({ url: `/api/v1/users/${id}`, headers: bearer(osh) });
    expect(read.json().email).toBe('officer.ks@example.org');
    const audit = await t.tdb.db.read
      .selectFrom('audit_event')
      .selectAll()
      .where('subject_id', '=', id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['person.create', 'person.read_contact']),
    );
    // Roles: add and remove. (An analyst reads no personal data, so the grant takes effect at once;
    // roles that do wait for a second person — see separation.test.ts.)
    const grant = await t.app.inject({
      method: 'POST',
      url: `/api/v1/users/${id}/roles`,
      headers: bearer(osh),
      payload: { role: 'analyst', areaCode: 'KG-O' },
    });
    expect(grant.statusCode).toBe(201);
    const g = (grant.json().grants as { id: string; role: string }[]).find((x) => x.role === 'analyst')!;
    const far = await t.app.inject({
      method: 'POST',
      url: `/api/v1/users/${id}/roles`,
      headers: bearer(osh),
      payload: { role: 'admin', areaCode: 'KG-GB' },
    });
    expect(far.statusCode).toBe(404);
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/users/${id}/roles/${g.id}`,
      headers: bearer(osh),
    });
    expect(del.statusCode).toBe(200);
    // The officer role the account was created with is still waiting for a second person's confirmation.
    expect((del.json().grants as { role: string }[]).map((x) => x.role)).not.toContain('analyst');
  });

  it('manages organisations with sectors and areas', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/organisations',
      headers: bearer(osh),
      payload: { name: 'Кара-Суу аялдар кеңеши', kind: 'womens_committee', areaCodes: ['KG-O.kara-suu'] },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ sector: 'partner', areaCodes: ['KG-O.kara-suu'] });
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/organisations',
      headers: bearer(osh),
      payload: { name: 'X', kind: 'ngo', areaCodes: ['NOPE'] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('areaCodes');
    const patch = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/organisations/${res.json().id}`,
      headers: bearer(osh),
      payload: { kind: 'police_district' },
    });
    expect(patch.json().sector).toBe('police');
    const extra = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/organisations/${res.json().id}`,
      headers: bearer(osh),
      payload: { evil: 1 },
    });
    expect(extra.statusCode).toBe(400);
  });

  it('disabling ends sessions and revokes tokens', async () => {
    const { users, tokens } = t.app.ctx.services;
    const p = await users.create(null, {
      email: 'gone@example.org',
      displayName: 'G',
      grants: [{ role: 'officer', areaCode: 'KG-O' }],
    });
    const tok = (await tokens.createToken(null, { personId: p.user.id, name: 'x' })).token;
    expect((await t.app.inject({ url: '/api/v1/me', headers: bearer(tok) })).statusCode).toBe(200);
    const off = await t.app.inject({
      method: 'POST',
      url: `/api/v1/users/${p.user.id}/disable`,
      headers: bearer(osh),
    });
    expect(off.statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/v1/me', headers: bearer(tok) })).statusCode).toBe(401);
    const revoked = await t.tdb.db.read
      .selectFrom('api_token')
      .select('revoked_at')
      .where('person_id', '=', p.user.id)
      .execute();
    expect(revoked.every((r) => r.revoked_at)).toBe(true);
  });

  it('admin reset of 2FA clears the secret and is audited', async () => {
    const { users } = t.app.ctx.services;
    const p = await users.create(null, {
      email: 'r2fa@example.org',
      displayName: 'R',
      grants: [{ role: 'officer', areaCode: 'KG-O' }],
    });
    await t.tdb.db.write((trx) =>
      trx
        .updateTable('person')
        .set({ totp_secret: 'v1.x.y.z', totp_enabled_at: '2026-01-01T00:00:00Z' })
        .where('id', '=', p.user.id)
        .execute(),
    );
    const me = await t.app.inject({ url: '/api/v1/me', headers: bearer(osh) });
    await users.resetTwoFactor(
      {
        kind: 'staff',
        personId: me.json().id,
        organisationId: null,
        grants: [{ role: 'admin', areaCode: 'KG-O', areaPath: '/KG/KG-O/' }],
        via: 'token',
      },
      { id: p.user.id },
    );
    const row = await t.tdb.db.read
      .selectFrom('person')
      .selectAll()
      .where('id', '=', p.user.id)
      .executeTakeFirstOrThrow();
    expect(row.totp_secret).toBeNull();
    const a = await t.tdb.db.read
      .selectFrom('audit_event')
      .select('action')
      .where('subject_id', '=', p.user.id)
      .execute();
    expect(a.map((x) => x.action)).toContain('person.reset_2fa');
  });

  it('seeds demo accounts idempotently', async () => {
    const first = await seedDemoAccounts(t.tdb.db, t.app.ctx.services);
    const second = await seedDemoAccounts(t.tdb.db, t.app.ctx.services);
    expect(second).toEqual(first);
    expect(first.map((x) => x.email)).toContain('prevention_coordinator@demo.ishenim.org');
    const demo = await t.tdb.db.read
      .selectFrom('person')
      .select(['email', 'is_demo'])
      .where('email', 'like', '%@demo.ishenim.org')
      .execute();
    expect(demo).toHaveLength(8);
    expect(demo.every((d) => d.is_demo === 1)).toBe(true);
    expect(DEMO_PASSWORD.length).toBeGreaterThanOrEqual(10);
  });

  it('never answers junk on sign-in, sign-up and the API with a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          '/login',
          '/account/register',
          '/login/2fa',
          '/api/v1/users',
          '/api/v1/organisations',
        ),
        fc.dictionary(fc.string({ maxLength: 12 }), fc.oneof(fc.string({ maxLength: 300 }), fc.integer())),
        async (url, body) => {
          const res = await t.app.inject({
            method: 'POST',
            url,
            payload: body,
            headers: url.startsWith('/api') ? bearer(osh) : {},
          });
          expect(res.statusCode).toBeLessThan(500);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('accounts CLI [sqlite]', () => {
  it('creates users and tokens, disables users, printing only secrets on stdout', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ishenim-cli-'));
    vi.stubEnv('DATA_DIR', dir);
    vi.stubEnv('SESSION_SECRET', TEST_SECRET);
    vi.stubEnv('DATABASE_URL', '');
    const out: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((c) => (out.push(String(c)), true));
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      await userCommand.run(['create', '--email', 'cli@example.org', '--name', 'CLI']);
      expect(out.pop()).toMatch(/^[A-Za-z0-9_-]{20}\n$/);
      await tokenCommand.run(['create', '--user', 'cli@example.org', '--name', 'ci']);
      const token = out.pop()!;
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}\n$/);
      await userCommand.run(['disable', 'cli@example.org']);
      await expect(userCommand.run(['create', '--email', 'x@example.org'])).rejects.toThrow(/--name/);
    } finally {
      spy.mockRestore();
      err.mockRestore();
      vi.unstubAllEnvs();
    }
    const db = openDatabase({ databaseUrl: '', dataDir: dir });
    const audit = await db.read
      .selectFrom('audit_event')
      .select(['action', 'actor_role', 'actor_id'])
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['person.create', 'api_token.create', 'person.disable']);
    expect(audit.every((a) => a.actor_role === 'system' && a.actor_id === null)).toBe(true);
    const tok = await db.read.selectFrom('api_token').select('revoked_at').executeTakeFirstOrThrow();
    expect(tok.revoked_at).not.toBeNull();
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
