/**
 * The role × route matrix: every registered route is called by one person per staff role (granted over
 * the whole country), a signed-in resident and an anonymous visitor. Whatever modules add later is
 * covered automatically, because the walk reads `app.registeredRoutes`.
 *
 * Rules (need to know: "not yours" looks exactly like "does not exist"):
 * - a `policy` route that no role of the caller may ever use answers 404 to staff and residents, and
 *   401 or 303 → /login to anonymous callers: never 2xx, never another 3xx;
 * - a `public` route never answers 401; a `signed-in` route answers anonymous callers 401 or 303 → /login;
 * - no route answers 5xx to anyone.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RegisteredRoute } from '../src/plugins/access.ts';
import { newId } from '../src/shared/ids.ts';
import {
  STAFF_ROLES,
  policyRules,
  roleMayEver,
  type Principal,
  type StaffRole,
} from '../src/shared/policy.ts';
import '../src/modules/complaints/complaints.policy.ts';
import { ACCESS_REVIEW, COMPLAINT } from '../src/modules/complaints/complaints.policy.ts';
import { createTestApp, type TestApp } from './app.ts';
import { describeDialects } from './db.ts';
import {
  createApiToken,
  createSession,
  csrfPair,
  insertAreaChain,
  insertOrganisation,
  insertResident,
  insertStaff,
  sampleFrom,
  sessionCookies,
} from './factories.ts';

export interface MatrixActor {
  name: string;
  kind: 'anonymous' | 'resident' | 'staff';
  /** What the policy rules may name for this caller. */
  principals: Principal[];
  personId: string | null;
  token: string | null;
  sid: string | null;
}

export interface Verdict {
  ok: boolean;
  expected: string;
}

function redirectsToLogin(res: { statusCode: number; headers: Record<string, unknown> }): boolean {
  const loc = String(res.headers.location ?? '');
  return res.statusCode === 303 && /^\/login(?:[/?#]|$)/.test(loc);
}

function errorCode(res: { body: string }): string | undefined {
  try {
    return (JSON.parse(res.body) as { error?: { code?: string } }).error?.code;
  } catch {
    return undefined;
  }
}

/** Whether a response obeys the rules for this route and caller. */
export function judge(
  route: Pick<RegisteredRoute, 'access'>,
  actor: Pick<MatrixActor, 'kind' | 'principals'>,
  res: { statusCode: number; headers: Record<string, unknown>; body: string },
): Verdict {
  const s = res.statusCode;
  if (s >= 500) return { ok: false, expected: 'no 5xx' };
  const access = route.access;
  if (access.kind === 'public') return { ok: s !== 401, expected: 'not 401 (public route)' };
  // Body or query validation runs before the handler, so a 400 `invalid` says nothing about the resource.
  const validationFirst = s === 400 && errorCode(res) === 'invalid';
  if (actor.kind === 'anonymous') {
    const mayEver =
      access.kind === 'policy' && actor.principals.some((p) => roleMayEver(p, access.action, access.subject));
    if (mayEver) return { ok: true, expected: 'any (anyone may)' };
    if (validationFirst) return { ok: true, expected: '401 (validation ran first)' };
    return { ok: s === 401 || redirectsToLogin(res), expected: '401 or 303 → /login' };
  }
  if (access.kind === 'signed-in') return { ok: s !== 401, expected: 'not 401 (signed in)' };
  const mayEver = actor.principals.some((p) => roleMayEver(p, access.action, access.subject));
  if (mayEver) return { ok: true, expected: 'any (a role may)' };
  if (validationFirst) return { ok: true, expected: '404 (validation ran first)' };
  return { ok: s === 404, expected: '404 (no role may ever)' };
}

/** Real ids from the fixtures for the params whose meaning is obvious; a fresh UUIDv7 otherwise. */
export function fillPath(url: string, known: Record<string, string>): string {
  return url
    .replace(/:(\w+)(\([^)]*\))?/g, (_m, name: string) => encodeURIComponent(known[name] ?? newId()))
    .replace(/\*$/, 'x');
}

function queryString(q: Record<string, unknown> | undefined): string {
  if (!q) return '';
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && typeof v !== 'object') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

describe('matrix judge', () => {
  const anon = { kind: 'anonymous' as const, principals: ['anyone' as Principal] };
  const officer = { kind: 'staff' as const, principals: ['officer' as Principal] };
  const res = (statusCode: number, location?: string, body = '') => ({
    statusCode,
    headers: location ? { location } : {},
    body,
  });
  const never = { access: { kind: 'policy' as const, action: 'no-such-action', subject: 'no-such-subject' } };

  it('flags a refused caller who gets 2xx, a 3xx elsewhere, 403 or 5xx', () => {
    expect(judge(never, officer, res(200)).ok).toBe(false);
    expect(judge(never, officer, res(403)).ok).toBe(false);
    expect(judge(never, officer, res(303, '/staff')).ok).toBe(false);
    expect(judge(never, anon, res(200)).ok).toBe(false);
    expect(judge(never, anon, res(303, '/elsewhere')).ok).toBe(false);
    expect(judge(never, anon, res(404)).ok).toBe(false);
    expect(judge({ access: { kind: 'public' } }, anon, res(401)).ok).toBe(false);
    expect(judge({ access: { kind: 'signed-in' } }, anon, res(200)).ok).toBe(false);
    expect(judge({ access: { kind: 'public' } }, officer, res(500)).ok).toBe(false);
  });

  it('accepts the answers the rules ask for', () => {
    expect(judge(never, officer, res(404)).ok).toBe(true);
    expect(judge(never, anon, res(401)).ok).toBe(true);
    expect(judge(never, anon, res(303, '/login?next=%2Fstaff')).ok).toBe(true);
    expect(judge({ access: { kind: 'signed-in' } }, anon, res(303, '/login')).ok).toBe(true);
    expect(judge(never, officer, res(400, undefined, '{"error":{"code":"invalid","message":"x"}}')).ok).toBe(
      true,
    );
  });

  it('fills path params', () => {
    expect(fillPath('/a/:id/b/:code', { code: 'KG' })).toMatch(/^\/a\/[0-9a-f-]{36}\/b\/KG$/);
  });
});

describe('complaints stay out of the officers’ chain', () => {
  // The accused officer's chain of command, partners and analysts: no rule on complaints names them,
  // so every complaint route answers them 404 in the walk below (and in complaints.routes.test.ts).
  const CHAIN: StaffRole[] = [
    'officer',
    'supervisor',
    'partner',
    'analyst',
    'prevention_coordinator',
    'admin',
  ];

  it('no rule lets the chain, partners, analysts or administrators read, queue or manage complaints', () => {
    for (const role of CHAIN)
      for (const action of ['queue', 'read', 'manage', 'identity'])
        expect(roleMayEver(role, action, COMPLAINT), `${role} ${action}`).toBe(false);
    expect(roleMayEver('oversight', 'read', COMPLAINT)).toBe(true);
    for (const role of CHAIN) expect(roleMayEver(role, 'read', ACCESS_REVIEW), role).toBe(false);
    // The only complaint action another role has: the officer concerned reading what was disclosed.
    const named = policyRules()
      .filter((r) => r.subject === COMPLAINT && r.principal !== 'anyone' && r.action !== 'disclosures')
      .map((r) => r.principal);
    expect([...new Set(named)]).toEqual(['oversight']);
  });
});

describeDialects('role × route matrix', (dialect) => {
  let t: TestApp;
  const actors: MatrixActor[] = [];
  let known: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const db = t.app.ctx.db;
    const areas = await insertAreaChain(db);
    const police = await insertOrganisation(db, { sector: 'police', areaCodes: [areas.district.code] });
    const partner = await insertOrganisation(db, { sector: 'partner', areaCodes: [areas.district.code] });
    actors.push({
      name: 'anonymous',
      kind: 'anonymous',
      principals: ['anyone'],
      personId: null,
      token: null,
      sid: null,
    });
    for (const role of STAFF_ROLES) {
      const person = await insertStaff(db, [{ role, areaCode: areas.country.code }], {
        organisationId: role === 'partner' ? partner.id : police.id,
        displayName: `Matrix ${role}`,
      });
      actors.push({
        name: role,
        kind: 'staff',
        principals: [role, 'anyone'],
        personId: person.id,
        token: await createApiToken(t.app, person.id),
        sid: await createSession(t.app, person.id),
      });
    }
    const resident = await insertResident(db, { displayName: 'Matrix resident' });
    actors.push({
      name: 'resident',
      kind: 'resident',
      principals: ['resident', 'anyone'],
      personId: resident.id,
      token: null,
      sid: await createSession(t.app, resident.id),
    });
    const officer = actors.find((a) => a.name === ('officer' satisfies StaffRole))!;
    known = {
      locale: 'ru',
      code: areas.district.code,
      areaCode: areas.district.code,
      areaId: areas.district.id,
      organisationId: police.id,
      orgId: police.id,
      personId: officer.personId!,
      userId: officer.personId!,
      staffId: officer.personId!,
      residentId: resident.id,
    };
  });
  afterAll(async () => t?.close());

  it('signs every actor in as who they are meant to be', async () => {
    const sessions = t.app.ctx.services.sessions;
    for (const a of actors) {
      if (a.token) {
        const actor = await sessions.resolveApiToken(a.token);
        expect(actor?.grants.map((g) => g.role)).toEqual([a.name]);
      }
      if (a.sid) {
        const resolved = await sessions.resolve(a.sid);
        expect(resolved?.actor.kind, a.name).toBe(a.kind);
        expect(resolved?.mfaPending).toBe(false);
      }
    }
    expect(actors.map((a) => a.name)).toEqual(['anonymous', ...STAFF_ROLES, 'resident']);
  });

  it('gives investigative roles (officers, supervisors) no route to a prevention referral', async () => {
    // Need to know (issue 17): only the area's panel and each action's owner; aggregate figures,
    // which name nobody, are the one referral page a supervisor may open.
    const routes = t.app.registeredRoutes.filter(
      (r) => /referral/.test(r.url) && !(r.access.kind === 'policy' && r.access.subject === 'referral_stats'),
    );
    expect(routes.length).toBeGreaterThan(15);
    const wrong: string[] = [];
    for (const route of routes) {
      expect(route.access.kind, route.url).toBe('policy');
      for (const name of ['officer', 'supervisor'] as const) {
        const actor = actors.find((a) => a.name === name)!;
        const isApi = route.url.startsWith('/api/');
        const headers: Record<string, string> = { accept: isApi ? 'application/json' : 'text/html' };
        let cookies: Record<string, string> = {};
        if (isApi) headers.authorization = `Bearer ${actor.token}`;
        else cookies = sessionCookies(await createSession(t.app, actor.personId!));
        if (UNSAFE.has(route.method) && !isApi) {
          const csrf = csrfPair(t.app);
          cookies = { ...cookies, ...csrf.cookies };
          headers['x-csrf-token'] = csrf.token;
        }
        const schema = (route.schema ?? {}) as Record<string, unknown>;
        const res = await t.app.inject({
          method: route.method as 'GET',
          url: fillPath(route.url, known) + queryString(sampleFrom(schema.querystring)),
          headers,
          cookies,
          ...(UNSAFE.has(route.method) ? { payload: sampleFrom(schema.body) ?? {} } : {}),
        });
        if (res.statusCode !== 404) wrong.push(`${name} ${route.method} ${route.url} → ${res.statusCode}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('answers every route as the policy says, for every actor', async () => {
    const routes = t.app.registeredRoutes;
    expect(routes.some((r) => r.url === '/healthz')).toBe(true);
    const violations: string[] = [];
    const anonymousActor = actors[0]!;
    let calls = 0;
    for (const route of routes) {
      const schema = (route.schema ?? {}) as Record<string, unknown>;
      const url = fillPath(route.url, known) + queryString(sampleFrom(schema.querystring));
      const body = UNSAFE.has(route.method) ? (sampleFrom(schema.body) ?? {}) : undefined;
      const isApi = route.url.startsWith('/api/');
      for (const actor of actors) {
        const headers: Record<string, string> = { accept: isApi ? 'application/json' : 'text/html' };
        let cookies: Record<string, string> = {};
        if (isApi && actor.token) headers.authorization = `Bearer ${actor.token}`;
        // A fresh session per call: routes such as /logout or "sign out everywhere" end the previous one.
        else if (actor.sid) cookies = sessionCookies(await createSession(t.app, actor.personId!));
        if (UNSAFE.has(route.method) && !headers.authorization) {
          const csrf = csrfPair(t.app);
          cookies = { ...cookies, ...csrf.cookies };
          headers['x-csrf-token'] = csrf.token;
        }
        const res: LightMyRequestResponse = await t.app.inject({
          method: route.method as 'GET',
          url,
          headers,
          cookies,
          ...(body !== undefined ? { payload: body } : {}),
        });
        calls++;
        // On the JSON API a caller with only a cookie may be treated as signed in or as anonymous
        // (modules differ on whether the API reads cookies); either answer must follow the rules.
        let verdict = judge(route, actor, res);
        if (!verdict.ok && isApi && !actor.token) verdict = judge(route, anonymousActor, res);
        if (!verdict.ok) {
          const where = res.headers.location ? ` → ${String(res.headers.location)}` : '';
          violations.push(
            `${actor.name.padEnd(22)} ${route.method.padEnd(6)} ${url}  got ${res.statusCode}${where}, ` +
              `expected ${verdict.expected}  [${route.access.kind}${
                route.access.kind === 'policy' ? ` ${route.access.action} ${route.access.subject}` : ''
              }]`,
          );
        }
      }
    }
    expect(calls).toBe(routes.length * actors.length);
    expect(violations, `${violations.length} violation(s):\n${violations.join('\n')}`).toEqual([]);
    // Every route × every actor (thousands of requests, a session each): minutes on a busy 2-core box.
  }, 900_000);
});
