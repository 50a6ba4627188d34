/** The per-process cache of current area chains: cleared by changes, bounded by TTL and by valid_to. */
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, describeDialects, type TestDatabase } from '../../../test/db.ts';
import { insertAreaChain } from '../../../test/factories.ts';
import { loadConfig } from '../../config.ts';
import { ANONYMOUS, type Actor } from '../../shared/policy.ts';
import { clock } from '../../shared/time.ts';
import { AuditService } from '../audit/audit.service.ts';
import { parseNames } from './geo.presenter.ts';
import { AREA_CHAIN_CACHE_MS, GeoService } from './geo.service.ts';

const admin: Actor = {
  kind: 'staff',
  personId: '00000000-0000-7000-8000-000000000001',
  organisationId: null,
  grants: [{ role: 'admin', areaCode: 'KG', areaPath: '/KG/' }],
  via: 'token',
};
const CODE = 'KG-O.kara-suu';

describeDialects('geo area-chain cache', (dialect) => {
  let tdb: TestDatabase;
  let geo: GeoService;
  const config = loadConfig({}, { sessionSecret: 'x'.repeat(40), dataDir: '/tmp' });
  const nameOf = async (g: GeoService) =>
    parseNames((await g.areaChain(ANONYMOUS, { code: CODE })).at(-1)!.names).en;

  beforeAll(async () => {
    tdb = await createTestDatabase(dialect);
    geo = new GeoService(tdb.db, new AuditService(tdb.db), config);
    await insertAreaChain(tdb.db);
  });
  afterAll(async () => tdb.drop());
  afterEach(() => clock.reset());

  it('serves a changed area at once after a change through the service', async () => {
    expect(await nameOf(geo)).toBe('Kara-Suu District');
    await geo.rename(admin, { code: CODE, names: { en: 'Kara-Suu renamed' } });
    expect(await nameOf(geo)).toBe('Kara-Suu renamed');
    const chain = await geo.areaChain(ANONYMOUS, { code: CODE });
    expect(chain.map((a) => a.code)).toEqual(['KG', 'KG-O', CODE]);
    // Callers get their own array: changing it does not change what the next caller sees.
    chain.pop();
    expect(await geo.areaChain(ANONYMOUS, { code: CODE })).toHaveLength(3);
  });

  it('sees another process’s change within the cache time, and a dated change when it takes effect', async () => {
    const other = new GeoService(tdb.db, new AuditService(tdb.db), config); // another process
    expect(await nameOf(geo)).toBe('Kara-Suu renamed');
    await other.rename(admin, { code: CODE, names: { en: 'Changed elsewhere' } });
    expect(await nameOf(geo)).toBe('Kara-Suu renamed'); // still cached here
    clock.advance(AREA_CHAIN_CACHE_MS + 1);
    expect(await nameOf(geo)).toBe('Changed elsewhere');

    // A rename dated 1.5 cache times ahead, made elsewhere. Once this process re-reads the chain, the
    // entry ends when the current version does, before its cache time would run out.
    clock.set(new Date(Date.now() + 2 * AREA_CHAIN_CACHE_MS));
    const t0 = clock.nowMs();
    await other.rename(admin, {
      code: CODE,
      names: { en: 'Dated' },
      effectiveFrom: new Date(t0 + 1.5 * AREA_CHAIN_CACHE_MS).toISOString(),
    });
    clock.advance(AREA_CHAIN_CACHE_MS + 1);
    expect(await nameOf(geo)).toBe('Changed elsewhere');
    clock.advance(AREA_CHAIN_CACHE_MS / 2);
    expect(await nameOf(geo)).toBe('Dated');
  });
});
