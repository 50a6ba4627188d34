/**
 * Small helpers that put realistic rows into a test database with plain inserts through `db.write`:
 * an area chain, an organisation, staff with grants, residents, and the credentials to act as them
 * (a bearer API token, a session cookie, a CSRF token pair for cookie-authenticated form posts).
 */
import CsrfTokens from '@fastify/csrf';
import { hash } from '@node-rs/argon2';
import { Value } from '@sinclair/typebox/value';
import type { App } from '../src/app.ts';
import type { Database } from '../src/db/database.ts';
import type { Person } from '../src/db/schema.ts';
import { SESSION_COOKIE } from '../src/plugins/actor.ts';
import { randomToken } from '../src/shared/crypto.ts';
import { newId } from '../src/shared/ids.ts';
import type { StaffRole } from '../src/shared/policy.ts';
import { HOUR, isoIn, nowIso } from '../src/shared/time.ts';

const VALID_FROM = '2020-01-01T00:00:00.000Z';

export interface AreaRow {
  id: string;
  code: string;
  path: string;
}

export interface AreaChain {
  country: AreaRow;
  region: AreaRow;
  district: AreaRow;
}

/** Inserts one current area unless a current area with that code already exists. */
export async function insertArea(
  db: Database,
  a: {
    code: string;
    kind: 'country' | 'region' | 'district' | 'municipality' | 'beat';
    parent: AreaRow | null;
    names: Record<string, string>;
    subtype?: string | null;
    centre?: [lat: number, lon: number];
  },
): Promise<AreaRow> {
  const existing = await db.read
    .selectFrom('area')
    .select(['id', 'code', 'path'])
    .where('code', '=', a.code)
    .where('valid_to', 'is', null)
    .executeTakeFirst();
  if (existing) return existing;
  const row: AreaRow = { id: newId(), code: a.code, path: `${a.parent?.path ?? '/'}${a.code}/` };
  const now = nowIso();
  await db.write((trx) =>
    trx
      .insertInto('area')
      .values({
        id: row.id,
        code: row.code,
        country_code: row.path.split('/')[1]!,
        kind: a.kind,
        subtype: a.subtype ?? null,
        parent_code: a.parent?.code ?? null,
        path: row.path,
        names: JSON.stringify(a.names),
        centre_lat: a.centre?.[0] ?? null,
        centre_lon: a.centre?.[1] ?? null,
        boundary: null,
        min_lat: null,
        min_lon: null,
        max_lat: null,
        max_lon: null,
        valid_from: VALID_FROM,
        valid_to: null,
        successor_code: null,
        created_at: now,
        updated_at: now,
      })
      .execute(),
  );
  return row;
}

/** Kyrgyzstan → Osh region → Kara-Suu district (`/KG/KG-O/KG-O.kara-suu/`). */
export async function insertAreaChain(db: Database): Promise<AreaChain> {
  const country = await insertArea(db, {
    code: 'KG',
    kind: 'country',
    parent: null,
    names: { ky: 'Кыргызстан', ru: 'Кыргызстан', en: 'Kyrgyzstan' },
    centre: [41.2, 74.7],
  });
  const region = await insertArea(db, {
    code: 'KG-O',
    kind: 'region',
    parent: country,
    subtype: 'oblast',
    names: { ky: 'Ош облусу', ru: 'Ошская область', en: 'Osh Region' },
    centre: [40.3, 73.3],
  });
  const district = await insertArea(db, {
    code: 'KG-O.kara-suu',
    kind: 'district',
    parent: region,
    subtype: 'rayon',
    names: { ky: 'Кара-Суу району', ru: 'Кара-Суйский район', en: 'Kara-Suu District' },
    centre: [40.7, 72.9],
  });
  return { country, region, district };
}

export async function insertOrganisation(
  db: Database,
  o: { name?: string; kind?: string; sector?: 'police' | 'partner'; areaCodes?: string[] } = {},
): Promise<{ id: string; name: string }> {
  const id = newId();
  const name = o.name ?? `Organisation ${id.slice(-6)}`;
  const now = nowIso();
  await db.write(async (trx) => {
    await trx
      .insertInto('organisation')
      .values({
        id,
        name,
        kind: o.kind ?? (o.sector === 'partner' ? 'ngo' : 'police_district'),
        sector: o.sector ?? 'police',
        status: 'active',
        created_at: now,
        updated_at: now,
      })
      .execute();
    for (const code of o.areaCodes ?? [])
      await trx.insertInto('organisation_area').values({ organisation_id: id, area_code: code }).execute();
  });
  return { id, name };
}

export interface PersonOptions {
  email?: string;
  displayName?: string;
  /** Hashed with argon2id (~50 ms); omit for people who never sign in with a password. */
  password?: string;
  organisationId?: string | null;
  locale?: string | null;
  totpSecret?: string | null;
  totpEnabled?: boolean;
}

async function insertPerson(db: Database, kind: 'staff' | 'resident', p: PersonOptions): Promise<Person> {
  const id = newId();
  const now = nowIso();
  const row: Person = {
    id,
    kind,
    email: (p.email ?? `${kind}-${id.slice(-12)}@example.test`).toLowerCase(),
    phone: null,
    display_name: p.displayName ?? `${kind === 'staff' ? 'Staff' : 'Resident'} ${id.slice(-6)}`,
    password_hash: p.password ? await hash(p.password) : null,
    locale: p.locale ?? null,
    organisation_id: p.organisationId ?? null,
    totp_secret: p.totpSecret ?? null,
    totp_enabled_at: p.totpEnabled ? now : null,
    totp_last_step: null,
    disabled_at: null,
    is_demo: 0,
    last_login_at: null,
    created_at: now,
    updated_at: now,
  };
  await db.write((trx) => trx.insertInto('person').values(row).execute());
  return row;
}

/** A staff person holding each role over each area code given. */
export async function insertStaff(
  db: Database,
  grants: Array<{ role: StaffRole; areaCode: string }>,
  p: PersonOptions = {},
): Promise<Person> {
  const person = await insertPerson(db, 'staff', p);
  const now = nowIso();
  if (grants.length)
    await db.write((trx) =>
      trx
        .insertInto('role_grant')
        .values(
          grants.map((g) => ({
            id: newId(),
            person_id: person.id,
            role: g.role,
            area_code: g.areaCode,
            created_at: now,
            created_by: null,
          })),
        )
        .execute(),
    );
  return person;
}

export async function insertResident(db: Database, p: PersonOptions = {}): Promise<Person> {
  return insertPerson(db, 'resident', p);
}

/** A personal API token for a staff person; returns the raw token for `Authorization: Bearer …`. */
export async function createApiToken(app: App, personId: string, name = 'test'): Promise<string> {
  const raw = randomToken(32);
  await app.ctx.db.write((trx) =>
    trx
      .insertInto('api_token')
      .values({
        id: newId(),
        person_id: personId,
        name,
        token_hash: app.ctx.services.sessions.hashApiToken(raw),
        created_at: nowIso(),
        last_used_at: null,
        expires_at: null,
        revoked_at: null,
      })
      .execute(),
  );
  return raw;
}

/** A signed-in session (second factor done unless `mfa: false`); returns the raw `sid` cookie value. */
export async function createSession(
  app: App,
  personId: string,
  opts: { mfa?: boolean } = {},
): Promise<string> {
  const raw = randomToken(32);
  const now = nowIso();
  await app.ctx.db.write((trx) =>
    trx
      .insertInto('session')
      .values({
        id: app.ctx.services.sessions.hashToken(raw),
        person_id: personId,
        created_at: now,
        last_seen_at: now,
        expires_at: isoIn(12 * HOUR),
        mfa_at: opts.mfa === false ? null : now,
      })
      .execute(),
  );
  return raw;
}

/** Cookies for `app.inject({ cookies })` that sign a session in. */
export function sessionCookies(raw: string): Record<string, string> {
  return { [SESSION_COOKIE]: raw };
}

/**
 * A CSRF secret cookie and a matching token, as a page with a form would hand out, so tests can post
 * forms with cookies: send `cookies` and the header `x-csrf-token: token` (or the `_csrf` field).
 */
export function csrfPair(app: App): { cookies: Record<string, string>; token: string } {
  const tokens = CsrfTokens();
  const secret = tokens.secretSync();
  return { cookies: { _csrf_secret: app.signCookie(secret) }, token: tokens.create(secret) };
}

/** A request the route's own schema accepts, where TypeBox can build one, so the handler really runs. */
export function sampleFrom(schema: unknown): Record<string, unknown> | undefined {
  if (!schema || typeof schema !== 'object') return undefined;
  try {
    const v = Value.Create(schema as Parameters<typeof Value.Create>[0]);
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
