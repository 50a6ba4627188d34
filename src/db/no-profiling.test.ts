/**
 * No profiling (PRODUCT.md, "Human rights by design"): no column anywhere records a person's
 * religion, ethnicity or nationality, beliefs or political views. Walks every migrated table on
 * SQLite and PostgreSQL, so a new module's tables are covered the day they are added; the
 * prevention-referral tables are named too, so the test fails loudly if they ever go missing.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, describeDialects, type TestDatabase } from '../../test/db.ts';

/** Column-name parts that would record who a person is or what they think. */
const PROFILING =
  /relig|faith|confession|denomination|ethnic|nationality|race|tribe|clan|belief|ideolog|politic|party_affil|opinion|sect\b/i;

const REFERRAL_TABLES = [
  'referral',
  'referral_consent',
  'referral_action',
  'referral_review',
  'referral_panel_member',
  'referral_outcome_tally',
];

describeDialects('no profiling fields in the schema', (dialect) => {
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await createTestDatabase(dialect);
  });
  afterAll(async () => tdb?.drop());

  it('has no column for religion, ethnicity, beliefs or political views in any table', async () => {
    const tables = (await tdb.db.read.introspection.getTables()).filter((t) => !t.name.startsWith('kysely_'));
    const names = tables.map((t) => t.name);
    for (const t of REFERRAL_TABLES) expect(names, `table ${t}`).toContain(t);
    const offending = tables.flatMap((t) =>
      t.columns.filter((c) => PROFILING.test(c.name)).map((c) => `${t.name}.${c.name}`),
    );
    expect(offending).toEqual([]);
  });

  it('recognises a profiling column when it sees one', () => {
    for (const bad of ['religion', 'subject_ethnicity', 'nationality', 'political_views', 'beliefs', 'clan'])
      expect(PROFILING.test(bad), bad).toBe(true);
    for (const ok of ['behaviour_enc', 'area_code', 'outcome', 'status', 'consent_status'])
      expect(PROFILING.test(ok), ok).toBe(false);
  });
});
