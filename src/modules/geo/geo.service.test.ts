import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { createTestDatabase, describeDialects, type TestDatabase } from '../../../test/db.ts';
import { ValidationError } from '../../shared/errors.ts';
import { ANONYMOUS, type Actor } from '../../shared/policy.ts';
import { AuditService } from '../audit/audit.service.ts';
import { seedDemoGeography } from './geo.demo.ts';
import { parseNames } from './geo.presenter.ts';
import { seedReferenceGeography } from './geo.seed.ts';
import { GeoService } from './geo.service.ts';

const admin = (path = '/KG/'): Actor => ({
  kind: 'staff',
  personId: '00000000-0000-7000-8000-000000000001',
  organisationId: null,
  grants: [{ role: 'admin', areaCode: path.split('/').at(-2)!, areaPath: path }],
  via: 'token',
});

describeDialects('geo service', (dialect) => {
  let tdb: TestDatabase;
  let geo: GeoService;
  const config = loadConfig({}, { sessionSecret: 'x'.repeat(40), geoFallbackRadiusKm: 30, dataDir: '/tmp' });

  beforeAll(async () => {
    tdb = await createTestDatabase(dialect);
    geo = new GeoService(tdb.db, new AuditService(tdb.db), config);
  });
  afterAll(async () => tdb.drop());

  it('seeds the reference geography once, and a second run changes nothing', async () => {
    const first = await seedReferenceGeography(tdb.db);
    expect(first.inserted).toBeGreaterThan(70);
    const count = async () =>
      Number(
        (
          await tdb.db.read
            .selectFrom('area')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const audits = async () =>
      Number(
        (
          await tdb.db.read
            .selectFrom('audit_event')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const [areas, events] = [await count(), await audits()];
    expect(areas).toBe(first.inserted);
    expect(await seedReferenceGeography(tdb.db)).toEqual({ inserted: 0, skipped: first.inserted });
    expect(await count()).toBe(areas);
    expect(await audits()).toBe(events);

    const regions = await geo.list(ANONYMOUS, { country: 'KG', kind: 'region', limit: 500 });
    expect(regions.items).toHaveLength(9); // 7 oblasts + Bishkek + Osh
    const districts = await geo.list(ANONYMOUS, { country: 'KG', kind: 'district', limit: 500 });
    expect(districts.items).toHaveLength(51);
    expect((await geo.list(ANONYMOUS, { country: 'KZ', kind: 'region', limit: 500 })).items).toHaveLength(20);
    expect((await geo.list(ANONYMOUS, { country: 'TJ', kind: 'region', limit: 500 })).items).toHaveLength(5);
  });

  it('gives every Kyrgyz area a name in English, Russian and Kyrgyz, and a correct path', async () => {
    const all = await geo.list(ANONYMOUS, { country: 'KG', limit: 500 });
    for (const a of all.items) {
      const n = parseNames(a.names);
      expect([a.code, n.en && n.ru && n.ky]).toEqual([a.code, expect.any(String)]);
    }
    const batken = all.items.find((a) => a.code === 'KG-B.batken')!;
    expect(batken.path).toBe('/KG/KG-B/KG-B.batken/');
    expect(parseNames(batken.names).ky).toBe('Баткен району');
    const chain = await geo.areaChain(ANONYMOUS, { code: 'KG-B.batken' });
    expect(chain.map((a) => a.code)).toEqual(['KG', 'KG-B', 'KG-B.batken']);
  });

  it('seeds demo municipalities and beats idempotently', async () => {
    const first = await seedDemoGeography(tdb.db);
    expect(first.inserted).toBe(8);
    expect((await seedDemoGeography(tdb.db)).inserted).toBe(0);
    const kids = await geo.list(ANONYMOUS, { parent: 'KG-O.kara-suu' });
    expect(kids.items.map((a) => a.code)).toContain('KG-O.kara-suu.papan');
  });

  it('paginates with a cursor and searches names in any language', async () => {
    const p1 = await geo.list(ANONYMOUS, { country: 'KG', kind: 'district', limit: 20 });
    const p2 = await geo.list(ANONYMOUS, {
      country: 'KG',
      kind: 'district',
      limit: 20,
      cursor: p1.nextCursor!,
    });
    expect(p1.items).toHaveLength(20);
    expect(p2.items[0]!.code > p1.items[19]!.code).toBe(true);
    expect((await geo.list(ANONYMOUS, { q: 'Баткен' })).items.map((a) => a.code)).toContain('KG-B');
    expect((await geo.list(ANONYMOUS, { q: 'Kadamjay' })).items.map((a) => a.code)).toEqual([
      'KG-B.kadamjay',
    ]);
    await expect(geo.list(ANONYMOUS, { cursor: '!!' })).rejects.toBeInstanceOf(ValidationError);
  });

  it('renames with an effective date and keeps the old name for "as of" queries', async () => {
    const renamed = await geo.rename(admin('/KG/KG-T/'), {
      code: 'KG-T.kara-buura',
      names: { en: 'Aitmatov District', ru: 'Айтматовский район', ky: 'Айтматов району' },
      effectiveFrom: '2025-06-01',
    });
    expect(renamed.valid_from).toBe('2025-06-01T00:00:00.000Z');
    const history = await geo.history(admin(), { code: 'KG-T.kara-buura' });
    expect(history.map((v) => [parseNames(v.names).en, v.valid_to])).toEqual([
      ['Kara-Buura District', '2025-06-01T00:00:00.000Z'],
      ['Aitmatov District', null],
    ]);
    const before = await geo.list(ANONYMOUS, { parent: 'KG-T', at: '2025-05-31' });
    const after = await geo.list(ANONYMOUS, { parent: 'KG-T', at: '2025-06-01' });
    const name = (r: typeof before, code: string) =>
      parseNames(r.items.find((a) => a.code === code)!.names).en;
    expect(name(before, 'KG-T.kara-buura')).toBe('Kara-Buura District');
    expect(name(after, 'KG-T.kara-buura')).toBe('Aitmatov District');
    await expect(
      geo.rename(admin(), { code: 'KG-T.kara-buura', names: { en: 'X' }, effectiveFrom: '2025-01-01' }),
    ).rejects.toMatchObject({ statusCode: 400, field: 'effectiveFrom' });
  });

  it('refuses changes outside the admin jurisdiction as not found, and non-admins as not found', async () => {
    await expect(
      geo.rename(admin('/KG/KG-B/'), { code: 'KG-T.talas', names: { en: 'X' } }),
    ).rejects.toMatchObject({ statusCode: 404 });
    const officer: Actor = { ...admin(), grants: [{ role: 'officer', areaCode: 'KG', areaPath: '/KG/' }] };
    await expect(geo.rename(officer, { code: 'KG-T.talas', names: { en: 'X' } })).rejects.toMatchObject({
      statusCode: 404,
    });
    await expect(geo.rename(ANONYMOUS, { code: 'KG-T.talas', names: { en: 'X' } })).rejects.toMatchObject({
      statusCode: 401,
    });
  });

  it('merges districts: closes them, names the successor and moves their children with history', async () => {
    // An inspector and an organisation working in the district that disappears keep their jurisdiction.
    const at = '2025-06-01T00:00:00.000Z';
    const personId = '00000000-0000-7000-8000-0000000000aa';
    const orgId = '00000000-0000-7000-8000-0000000000bb';
    await tdb.db.write(async (trx) => {
      await trx
        .insertInto('organisation')
        .values({
          id: orgId,
          name: 'Kara-Suu NGO',
          kind: 'ngo',
          sector: 'partner',
          status: 'active',
          created_at: at,
          updated_at: at,
        })
        .execute();
      await trx
        .insertInto('organisation_area')
        .values({ organisation_id: orgId, area_code: 'KG-O.kara-suu' })
        .execute();
      await trx
        .insertInto('person')
        .values({
          id: personId,
          kind: 'staff',
          email: 'inspector@example.kg',
          phone: null,
          display_name: 'Inspector',
          password_hash: null,
          locale: null,
          organisation_id: orgId,
          totp_secret: null,
          totp_enabled_at: null,
          disabled_at: null,
          is_demo: 0,
          last_login_at: null,
          created_at: at,
          updated_at: at,
        })
        .execute();
      await trx
        .insertInto('role_grant')
        .values({
          id: '00000000-0000-7000-8000-0000000000cc',
          person_id: personId,
          role: 'officer',
          area_code: 'KG-O.kara-suu',
          created_at: at,
          created_by: null,
        })
        .execute();
    });
    const target = await geo.merge(admin(), {
      codes: ['KG-O.kara-suu'],
      into: 'KG-O.aravan',
      effectiveFrom: '2026-01-01',
    });
    expect(target.code).toBe('KG-O.aravan');
    const old = await geo.history(admin(), { code: 'KG-O.kara-suu' });
    expect(old.at(-1)).toMatchObject({ valid_to: '2026-01-01T00:00:00.000Z', successor_code: 'KG-O.aravan' });
    const papan = await geo.history(admin(), { code: 'KG-O.kara-suu.papan' });
    expect(papan.map((v) => [v.parent_code, v.path])).toEqual([
      ['KG-O.kara-suu', '/KG/KG-O/KG-O.kara-suu/KG-O.kara-suu.papan/'],
      ['KG-O.aravan', '/KG/KG-O/KG-O.aravan/KG-O.kara-suu.papan/'],
    ]);
    // As of 2025 the old district still exists with its municipalities; today it does not.
    expect((await geo.list(ANONYMOUS, { parent: 'KG-O.kara-suu', at: '2025-12-31' })).items).toHaveLength(3);
    expect((await geo.list(ANONYMOUS, { parent: 'KG-O.kara-suu' })).items).toHaveLength(0);
    expect((await geo.list(ANONYMOUS, { parent: 'KG-O.aravan' })).items).toHaveLength(3);
    const grants = await tdb.db.read
      .selectFrom('role_grant')
      .select('area_code')
      .where('person_id', '=', personId)
      .execute();
    expect(grants.map((g) => g.area_code)).toEqual(['KG-O.aravan']);
    const orgAreas = await tdb.db.read
      .selectFrom('organisation_area')
      .select('area_code')
      .where('organisation_id', '=', orgId)
      .execute();
    expect(orgAreas.map((o) => o.area_code)).toEqual(['KG-O.aravan']);
    await expect(geo.rename(admin(), { code: 'KG-O.kara-suu', names: { en: 'X' } })).rejects.toMatchObject({
      statusCode: 409,
    });
    await expect(geo.merge(admin(), { codes: ['KG-O'], into: 'KG-O.aravan' })).rejects.toMatchObject({
      statusCode: 400,
    });
  });

  it('adds a beat under a district and refuses a duplicate code', async () => {
    const b = await geo.create(admin(), {
      parentCode: 'KG-B.batken',
      key: 'beat-7',
      kind: 'beat',
      names: { en: 'Beat 7' },
    });
    expect(b.path).toBe('/KG/KG-B/KG-B.batken/KG-B.batken.beat-7/');
    await expect(
      geo.create(admin(), { parentCode: 'KG-B.batken', key: 'beat-7', kind: 'beat', names: { en: 'Again' } }),
    ).rejects.toMatchObject({ statusCode: 409 });
    await expect(
      geo.create(admin(), { parentCode: 'KG-B', key: 'x', kind: 'municipality', names: { en: 'X' } }),
    ).rejects.toMatchObject({ statusCode: 400 });
  });
});

describeDialects('geo lookup', (dialect) => {
  let tdb: TestDatabase;
  let geo: GeoService;
  const config = loadConfig({}, { sessionSecret: 'x'.repeat(40), geoFallbackRadiusKm: 30, dataDir: '/tmp' });
  const a = admin();

  beforeAll(async () => {
    tdb = await createTestDatabase(dialect);
    geo = new GeoService(tdb.db, new AuditService(tdb.db), config);
    await seedReferenceGeography(tdb.db);
  });
  afterAll(async () => tdb.drop());

  const idOf = async (code: string) => (await geo.areaChain(a, { code })).at(-1)!.id;

  it('finds the most specific boundary, respecting holes', async () => {
    // District square 40.0..41.0 × 70.0..71.0 with a hole 40.4..40.6 × 70.4..70.6.
    await geo.uploadBoundary(a, {
      id: await idOf('KG-B.batken'),
      geojson: {
        type: 'Polygon',
        coordinates: [
          [
            [70, 40],
            [71, 40],
            [71, 41],
            [70, 41],
            [70, 40],
          ],
          [
            [70.4, 40.4],
            [70.6, 40.4],
            [70.6, 40.6],
            [70.4, 40.6],
            [70.4, 40.4],
          ],
        ],
      },
    });
    const hit = await geo.lookupPoint(ANONYMOUS, { lat: 40.2, lon: 70.2 });
    expect([hit.area.code, hit.match, hit.distanceKm]).toEqual(['KG-B.batken', 'boundary', null]);
    expect(hit.chain.map((x) => x.code)).toEqual(['KG', 'KG-B', 'KG-B.batken']);
    // In the hole: no boundary; the nearest district centre (Batken, 40.062/70.819) is ~60 km away,
    // beyond 30 km, and no other centre is closer, so nothing covers it.
    await expect(geo.lookupPoint(ANONYMOUS, { lat: 40.5, lon: 70.5 })).rejects.toMatchObject({
      statusCode: 404,
    });

    const beat = await geo.create(a, {
      parentCode: 'KG-B.batken',
      key: 'beat-1',
      kind: 'beat',
      names: { en: 'B1' },
    });
    await geo.uploadBoundary(a, {
      id: beat.id,
      geojson: JSON.stringify({
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: {},
            geometry: {
              type: 'MultiPolygon',
              coordinates: [
                [
                  [
                    [70.1, 40.1],
                    [70.3, 40.1],
                    [70.3, 40.3],
                    [70.1, 40.3],
                    [70.1, 40.1],
                  ],
                ],
                [
                  [
                    [70.7, 40.7],
                    [70.9, 40.7],
                    [70.9, 40.9],
                    [70.7, 40.9],
                    [70.7, 40.7],
                  ],
                ],
              ],
            },
          },
        ],
      }),
    });
    expect((await geo.lookupPoint(ANONYMOUS, { lat: 40.2, lon: 70.2 })).area.code).toBe('KG-B.batken.beat-1');
    expect((await geo.lookupPoint(ANONYMOUS, { lat: 40.8, lon: 70.8 })).area.code).toBe('KG-B.batken.beat-1');
    expect((await geo.lookupPoint(ANONYMOUS, { lat: 40.9, lon: 70.2 })).area.code).toBe('KG-B.batken');
  });

  it('falls back to the nearest district centre within the radius, and not beyond it', async () => {
    // ~5 km north of Karakol's centre (42.49, 78.395).
    const near = await geo.lookupPoint(ANONYMOUS, { lat: 42.535, lon: 78.395 });
    expect(near.match).toBe('nearest-centre');
    expect(near.area.code).toBe('KG-Y.karakol-city');
    expect(near.distanceKm).toBeGreaterThan(4);
    expect(near.distanceKm).toBeLessThan(6);
    await expect(geo.lookupPoint(ANONYMOUS, { lat: 0, lon: 0 })).rejects.toMatchObject({
      statusCode: 404,
      message: 'no area covers this point',
    });
  });

  it('audits boundary uploads in the same transaction and refuses bad GeoJSON without writing', async () => {
    const id = await idOf('KG-C.kemin');
    const before = await tdb.db.read.selectFrom('audit_event').select('action').execute();
    await expect(
      geo.uploadBoundary(a, {
        id,
        geojson: {
          type: 'Polygon',
          coordinates: [
            [
              [75, 42],
              [76, 42],
              [76, 43],
              [75, 42.5],
            ],
          ],
        },
      }),
    ).rejects.toThrow('coordinates[0] ring is not closed');
    const after = await tdb.db.read.selectFrom('audit_event').select('action').execute();
    expect(after.length).toBe(before.length);
    const row = await tdb.db.read
      .selectFrom('area')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.boundary).toBeNull();
    expect(after.map((e) => e.action)).toContain('geo.boundary.upload');
  });
});
