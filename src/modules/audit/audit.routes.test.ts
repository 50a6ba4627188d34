import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { describeDialects } from '../../../test/db.ts';
import {
  createApiToken,
  createSession,
  insertAreaChain,
  insertStaff,
  sessionCookies,
} from '../../../test/factories.ts';
import type { Person } from '../../db/schema.ts';

describeDialects('audit trail routes', (dialect) => {
  let t: TestApp;
  let admin: Person;
  let adminToken: string;
  let oversightToken: string;
  let officerToken: string;

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const get = (url: string, token: string) => t.app.inject({ url, headers: bearer(token) });

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const { country, district } = await insertAreaChain(t.app.ctx.db);
    admin = await insertStaff(t.app.ctx.db, [{ role: 'admin', areaCode: country.code }]);
    const oversight = await insertStaff(t.app.ctx.db, [{ role: 'oversight', areaCode: country.code }]);
    const officer = await insertStaff(t.app.ctx.db, [{ role: 'officer', areaCode: district.code }]);
    adminToken = await createApiToken(t.app, admin.id);
    oversightToken = await createApiToken(t.app, oversight.id);
    officerToken = await createApiToken(t.app, officer.id);
    const { audit } = t.app.ctx.services;
    await t.app.ctx.db.write(async (trx) => {
      for (let i = 0; i < 5; i++)
        await audit.record(trx, {
          actor: null,
          action: i % 2 ? 'thing.update' : 'thing.create',
          subjectType: 'thing',
          subjectId: `thing-${i}`,
          details: { fields: ['name'] },
        });
    });
  });
  afterAll(async () => t.close());

  it('lets admin and oversight search with filters, newest first, and records each read', async () => {
    const res = await get('/api/v1/audit?action=thing.create', adminToken);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.items.map((e: { subjectId: string }) => e.subjectId)).toEqual([
      'thing-4',
      'thing-2',
      'thing-0',
    ]);
    expect(Object.keys(body.items[0]).sort()).toEqual(
      ['action', 'actorId', 'actorRole', 'at', 'details', 'id', 'seq', 'subjectId', 'subjectType'].sort(),
    );
    expect(body.nextBefore).toBeNull();

    const reads = await get(`/api/v1/audit?action=audit.read&actor=${admin.id}`, oversightToken);
    expect(reads.statusCode).toBe(200);
    expect(reads.json().items).toHaveLength(1);
    expect(reads.json().items[0]).toMatchObject({
      actorId: admin.id,
      actorRole: 'admin',
      subjectType: 'audit',
    });
    expect(JSON.parse(reads.json().items[0].details)).toMatchObject({
      filters: { action: 'thing.create' },
      count: 3,
    });
  });

  it('pages backwards with a keyset cursor', async () => {
    const first = (await get('/api/v1/audit?subjectType=thing&limit=2', adminToken)).json();
    expect(first.items.map((e: { subjectId: string }) => e.subjectId)).toEqual(['thing-4', 'thing-3']);
    const second = (
      await get(`/api/v1/audit?subjectType=thing&limit=2&before=${first.nextBefore}`, adminToken)
    ).json();
    expect(second.items.map((e: { subjectId: string }) => e.subjectId)).toEqual(['thing-2', 'thing-1']);
    const third = (
      await get(`/api/v1/audit?subjectType=thing&limit=2&before=${second.nextBefore}`, adminToken)
    ).json();
    expect(third.items.map((e: { subjectId: string }) => e.subjectId)).toEqual(['thing-0']);
    expect(third.nextBefore).toBeNull();
  });

  it('filters by date and subject id, and refuses bad filters with the field named', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const hit = await get(`/api/v1/audit?subjectId=thing-3&from=${today}&to=${today}`, adminToken);
    expect(hit.json().items).toHaveLength(1);
    const past = await get('/api/v1/audit?subjectType=thing&to=2000-01-01', adminToken);
    expect(past.json().items).toHaveLength(0);
    for (const [query, field] of [
      ['actor=not-an-id', 'actor'],
      ['from=2026-02-30', 'from'],
      ['from=2026-03-02&to=2026-03-01', 'from'],
      ['colour=red', 'colour'],
    ] as const) {
      const res = await get(`/api/v1/audit?${query}`, adminToken);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error.field, query).toBe(field);
    }
  });

  it('hides the trail from other roles as if it did not exist, and asks strangers to sign in', async () => {
    const officer = await get('/api/v1/audit', officerToken);
    expect(officer.statusCode).toBe(404);
    expect(officer.json().error.code).toBe('not_found');
    expect((await get('/api/v1/audit/verify', officerToken)).statusCode).toBe(404);
    expect((await t.app.inject('/api/v1/audit')).statusCode).toBe(401);
    const page = await t.app.inject('/admin/audit');
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe('/login');
  });

  it('verifies the chain through the API and reports the first broken entry', async () => {
    const ok = await get('/api/v1/audit/verify', oversightToken);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ ok: true });
    const victim = await t.app.ctx.db.read
      .selectFrom('audit_event')
      .select(['seq', 'id'])
      .where('subject_id', '=', 'thing-1')
      .executeTakeFirstOrThrow();
    // A writer with full database access drops the append-only trigger first (SQLite).
    if (t.app.ctx.db.dialect.name === 'sqlite')
      await sql`DROP TRIGGER audit_event_no_update`.execute(t.app.ctx.db.read);
    await t.app.ctx.db.write((trx) =>
      trx.updateTable('audit_event').set({ details: '{}' }).where('seq', '=', victim.seq).execute(),
    );
    const broken = (await get('/api/v1/audit/verify', adminToken)).json();
    expect(broken).toMatchObject({
      ok: false,
      firstBroken: { seq: Number(victim.seq), id: victim.id, reason: 'hash_mismatch' },
    });
  });

  it('renders an accessible page with a GET filter form and a table', async () => {
    const raw = await createSession(t.app, admin.id);
    const res = await t.app.inject({ url: '/admin/audit?action=thing.update', cookies: sessionCookies(raw) });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<form method="get" action="/admin/audit"');
    for (const name of ['actor', 'action', 'subjectType', 'subjectId', 'from', 'to'])
      expect(res.body).toContain(`<label for="audit-${name}">`);
    expect(res.body).toContain('<th scope="col">');
    expect(res.body).toContain('thing-3');
    expect(res.body).not.toContain('thing-4');
    expect(res.body).toContain('value="thing.update"');

    const bad = await t.app.inject({ url: '/admin/audit?from=yesterday', cookies: sessionCookies(raw) });
    expect(bad.statusCode).toBe(200);
    expect(bad.body).toContain('class="error-summary"');
    expect(bad.body).toContain('aria-invalid="true"');
    expect(bad.body).toContain('Enter a date like 2026-11-28.');

    const ru = await t.app.inject({ url: '/admin/audit', cookies: { ...sessionCookies(raw), lang: 'ru' } });
    expect(ru.body).toContain('Журнал аудита');
  });
});
