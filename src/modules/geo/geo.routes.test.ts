import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { describeDialects } from '../../../test/db.ts';
import { newId } from '../../shared/ids.ts';
import { nowIso } from '../../shared/time.ts';

/** A staff member with one grant and a personal API token; returns the Authorization header. */
async function staffToken(t: TestApp, role: string, areaCode: string): Promise<string> {
  const personId = newId();
  const raw = `tok_${role}_${newId().replace(/-/g, '')}`;
  const now = nowIso();
  await t.app.ctx.db.write(async (trx) => {
    await trx
      .insertInto('person')
      .values({
        id: personId,
        kind: 'staff',
        email: `${role}-${personId}@example.test`,
        phone: null,
        display_name: role,
        password_hash: null,
        locale: 'en',
        organisation_id: null,
        totp_secret: null,
        totp_enabled_at: null,
        disabled_at: null,
        is_demo: 0,
        last_login_at: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await trx
      .insertInto('role_grant')
      .values({
        id: newId(),
        person_id: personId,
        role,
        area_code: areaCode,
        created_at: now,
        created_by: null,
      })
      .execute();
    await trx
      .insertInto('api_token')
      .values({
        id: newId(),
        person_id: personId,
        name: 'test',
        token_hash: t.app.ctx.services.sessions.hashApiToken(raw),
        created_at: now,
        last_used_at: null,
        expires_at: null,
        revoked_at: null,
      })
      .execute();
  });
  return `Bearer ${raw}`;
}

const SQUARE = {
  type: 'Feature',
  properties: { name: 'ignored' },
  geometry: {
    type: 'Polygon',
    coordinates: [
      [
        [74.5, 42.8],
        [74.6, 42.8],
        [74.6, 42.9],
        [74.5, 42.9],
        [74.5, 42.8],
      ],
    ],
  },
};

describeDialects('geo routes', (dialect) => {
  let t: TestApp;
  let admin: string;
  let batkenAdmin: string;
  let officer: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    await t.app.ctx.services.geo.seedDemo();
    admin = await staffToken(t, 'admin', 'KG');
    batkenAdmin = await staffToken(t, 'admin', 'KG-B');
    officer = await staffToken(t, 'officer', 'KG-C');
  });
  afterAll(async () => t.close());

  const areaId = async (code: string) => {
    const r = await t.app.inject({ url: `/api/v1/areas?q=${encodeURIComponent(code)}&limit=500` });
    const all = await t.app.inject({ url: `/api/v1/areas?limit=500` });
    return [...r.json().items, ...all.json().items].find((a: { code: string }) => a.code === code)
      .id as string;
  };

  it('lists areas publicly with filters and a cursor, and shows one with its chain', async () => {
    const res = await t.app.inject({ url: '/api/v1/areas?country=KG&kind=region&limit=5' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.items).toHaveLength(5);
    expect(body.items[0]).toMatchObject({ countryCode: 'KG', kind: 'region', hasBoundary: false });
    expect(body.items[0]).not.toHaveProperty('boundary');
    const next = await t.app.inject({
      url: `/api/v1/areas?country=KG&kind=region&limit=5&cursor=${body.nextCursor}`,
    });
    expect(next.json().items).toHaveLength(4);
    expect(next.json().nextCursor).toBeNull();
    const id = await areaId('KG-C.alamudun.lebedinovka');
    const one = await t.app.inject({ url: `/api/v1/areas/${id}` });
    expect(one.json().chain.map((a: { code: string }) => a.code)).toEqual([
      'KG',
      'KG-C',
      'KG-C.alamudun',
      'KG-C.alamudun.lebedinovka',
    ]);
    expect((await t.app.inject({ url: `/api/v1/areas/${newId()}` })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/api/v1/areas/not-an-id' })).statusCode).toBe(400);
    expect((await t.app.inject({ url: '/api/v1/areas?kind=galaxy' })).statusCode).toBe(400);
  });

  it('looks a point up publicly: demo boundary first, then nearest centre, else 404', async () => {
    const hit = await t.app.inject({ url: '/api/v1/geo/lookup?lat=42.886&lon=74.683' });
    expect(hit.statusCode).toBe(200);
    expect(hit.json()).toMatchObject({ match: 'boundary', area: { code: 'KG-C.alamudun.lebedinovka' } });
    const near = await t.app.inject({ url: '/api/v1/geo/lookup?lat=41.43&lon=76.0' });
    expect(near.json()).toMatchObject({ match: 'nearest-centre', area: { code: 'KG-N.naryn' } });
    const none = await t.app.inject({ url: '/api/v1/geo/lookup?lat=-33&lon=151' });
    expect(none.statusCode).toBe(404);
    expect(none.json().error.message).toBe('no area covers this point');
    expect((await t.app.inject({ url: '/api/v1/geo/lookup?lat=91&lon=0' })).statusCode).toBe(400);
    expect((await t.app.inject({ url: '/api/v1/geo/lookup?lat=Infinity&lon=0' })).statusCode).toBe(400);
  });

  it('lets an admin upload a boundary and refuses bad GeoJSON with a message naming the fault', async () => {
    const id = await areaId('KG-C.sokuluk');
    const ok = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/areas/${id}/boundary`,
      headers: { authorization: admin },
      payload: { geojson: SQUARE },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ hasBoundary: true, bbox: { minLat: 42.8, maxLon: 74.6 } });

    const open = structuredClone(SQUARE);
    open.geometry.coordinates[0]![4] = [74.5, 42.85];
    const bad = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/areas/${id}/boundary`,
      headers: { authorization: admin },
      payload: { geojson: { type: 'FeatureCollection', features: [open] } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toEqual({
      code: 'invalid',
      message: 'features[0].geometry.coordinates[0] ring is not closed (first and last positions differ)',
      field: 'geojson',
    });
    const text = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/areas/${id}/boundary`,
      headers: { authorization: admin },
      payload: { geojson: '{"type":"Point","coordinates":[1,2]}' },
    });
    expect(text.statusCode).toBe(400);
    expect(text.json().error.message).toMatch(
      /type must be Polygon, MultiPolygon, Feature or FeatureCollection/,
    );
  });

  it('hides changes from non-admins and other jurisdictions (404) and asks anonymous callers to sign in (401)', async () => {
    const id = await areaId('KG-C.kemin');
    const put = (authorization?: string) =>
      t.app.inject({
        method: 'PUT',
        url: `/api/v1/areas/${id}/boundary`,
        headers: authorization ? { authorization } : {},
        payload: { geojson: SQUARE },
      });
    expect((await put(officer)).statusCode).toBe(404);
    expect((await put(batkenAdmin)).statusCode).toBe(404);
    expect((await put()).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/api/v1/areas/KG-C/history' })).statusCode).toBe(401);
    expect(
      (await t.app.inject({ url: '/api/v1/areas/KG-C/history', headers: { authorization: officer } }))
        .statusCode,
    ).toBe(200);
  });

  it('renames, merges and adds areas through the API, keeping history', async () => {
    const rename = await t.app.inject({
      method: 'POST',
      url: '/api/v1/areas/KG-T.kara-buura/rename',
      headers: { authorization: admin },
      payload: {
        names: { en: 'Aitmatov District', ru: 'Айтматовский район', ky: 'Айтматов району' },
        effectiveFrom: '2025-06-01',
      },
    });
    expect(rename.statusCode).toBe(201);
    const hist = await t.app.inject({
      url: '/api/v1/areas/KG-T.kara-buura/history',
      headers: { authorization: admin },
    });
    expect(hist.json().versions.map((v: { names: { en: string } }) => v.names.en)).toEqual([
      'Kara-Buura District',
      'Aitmatov District',
    ]);
    const asOf = await t.app.inject({ url: '/api/v1/areas?parent=KG-T&q=Kara-Buura&at=2025-01-01' });
    expect(asOf.json().items.map((a: { code: string }) => a.code)).toEqual(['KG-T.kara-buura']);

    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/areas',
      headers: { authorization: admin },
      payload: {
        parentCode: 'KG-T.talas',
        key: 'kok-oy',
        kind: 'municipality',
        names: { en: 'Kök-Oy', ky: 'Көк-Ой айыл аймагы' },
      },
    });
    expect(created.statusCode).toBe(201);
    const merged = await t.app.inject({
      method: 'POST',
      url: '/api/v1/areas/merge',
      headers: { authorization: admin },
      payload: { codes: ['KG-T.talas'], into: 'KG-T.manas', effectiveFrom: '2099-01-01' },
    });
    expect(merged.statusCode).toBe(200);
    const later = await t.app.inject({ url: '/api/v1/areas?parent=KG-T.manas&at=2099-01-02' });
    expect(later.json().items.map((a: { code: string }) => a.code)).toEqual(['KG-T.talas.kok-oy']);
    const extra = await t.app.inject({
      method: 'POST',
      url: '/api/v1/areas/merge',
      headers: { authorization: admin },
      payload: { codes: ['KG-T.talas'], into: 'KG-T.manas', surprise: 1 },
    });
    expect(extra.statusCode).toBe(400);
  });

  it('renders the admin tree and an area page, and uploads a boundary from the form (no JS)', async () => {
    const tree = await t.app.inject({
      url: '/admin/areas',
      headers: { authorization: admin, cookie: 'lang=ru' },
    });
    expect(tree.statusCode).toBe(200);
    expect(tree.body).toContain('Баткенская область');
    expect(tree.body).toContain('Территории');
    const id = await areaId('KG-Y.tong');
    const page = await t.app.inject({ url: `/admin/areas/${id}`, headers: { authorization: admin } });
    expect(page.body).toContain('name="geojson"');
    expect(page.body).toContain('<label for="geojson"');
    const bad = await t.app.inject({
      method: 'POST',
      url: `/admin/areas/${id}/boundary`,
      headers: { authorization: admin },
      payload: { _csrf: 'x', geojson: '{"type":"Polygon","coordinates":[]}' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('error-summary');
    expect(bad.body).toContain('coordinates must be a non-empty array of rings');
    const good = await t.app.inject({
      method: 'POST',
      url: `/admin/areas/${id}/boundary`,
      headers: { authorization: admin },
      payload: { _csrf: 'x', geojson: JSON.stringify(SQUARE) },
    });
    expect(good.statusCode).toBe(303);
    expect(good.headers.location).toBe(`/admin/areas/${id}?done=boundary`);
    const renamed = await t.app.inject({
      method: 'POST',
      url: `/admin/areas/${id}/rename`,
      headers: { authorization: admin },
      payload: {
        _csrf: 'x',
        name_en: 'Ton District',
        name_ru: 'Тонский район',
        name_ky: 'Тоң району',
        effective_from: '2030-02-30',
      },
    });
    expect(renamed.statusCode).toBe(400);
    expect(renamed.body).toContain('effective_from-error');
    const officerPage = await t.app.inject({
      url: `/admin/areas/${id}`,
      headers: { authorization: officer },
    });
    expect(officerPage.statusCode).toBe(200);
    expect(officerPage.body).not.toContain('name="geojson"');
    const anonymous = await t.app.inject({ url: '/admin/areas' });
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe('/login');
  });

  it('never answers lookup or listing with a 5xx, whatever the query', async () => {
    const junk = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.double().map(String),
      fc.integer().map(String),
      fc.constant(''),
    );
    await fc.assert(
      fc.asyncProperty(junk, junk, fc.option(junk), async (lat, lon, at) => {
        const qs = new URLSearchParams({ lat, lon, ...(at !== null ? { at } : {}) });
        const res = await t.app.inject({ url: `/api/v1/geo/lookup?${qs}` });
        expect([200, 400, 404]).toContain(res.statusCode);
      }),
      { numRuns: 60 },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.double({ min: -90, max: 90, noNaN: true }),
        fc.double({ min: -180, max: 180, noNaN: true }),
        async (lat, lon) => {
          const res = await t.app.inject({ url: `/api/v1/geo/lookup?lat=${lat}&lon=${lon}` });
          expect([200, 404]).toContain(res.statusCode);
        },
      ),
      { numRuns: 60 },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.constantFrom('q', 'at', 'kind', 'parent', 'country', 'limit', 'cursor', 'x'), junk),
        async (q) => {
          const res = await t.app.inject({ url: `/api/v1/areas?${new URLSearchParams(q)}` });
          expect(res.statusCode).toBeLessThan(500);
        },
      ),
      { numRuns: 60 },
    );
  });
});
