/**
 * No profiling (PRODUCT.md): a survey may ask only gender, age band and area of residence about a
 * respondent — never religion, ethnicity, nationality, beliefs or names. This walks every column of
 * the survey tables in the migrated database (both dialects), the builder's allowed question kinds
 * and demographics, and every field name the builder and respondent forms accept, and fails on any
 * name that looks like a profiling or identifying field.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { describeDialects } from '../../../test/db.ts';
import { DEMOGRAPHICS, QUESTION_KINDS } from './surveys.types.ts';

const FORBIDDEN =
  /religio|faith|confession|ethnic|nationality|race|tribe|clan|belief|politic|party|caste|(^|_)(first_|last_|full_|sur|middle_|display_)?name($|_)|passport|phone|email|(^|_)ip($|_)|user_?agent|device|fingerprint/i;

function profilingFields(names: readonly string[]): string[] {
  return names.filter((n) => FORBIDDEN.test(n));
}

it('the pattern catches the fields it must and spares the ones we use', () => {
  expect(
    profilingFields([
      'religion',
      'ethnicity',
      'd_belief',
      'full_name',
      'surname',
      'user_agent',
      'ip',
      'nationality',
    ]),
  ).toHaveLength(8);
  expect(
    profilingFields(['gender', 'age_band', 'residence', 'area_code', 'reviewer_notes', 'question_key']),
  ).toEqual([]);
});

it('the builder offers only the fixed question kinds and the three demographics', () => {
  expect([...DEMOGRAPHICS]).toEqual(['gender', 'age_band', 'residence']);
  expect([...QUESTION_KINDS]).toEqual(['single', 'multiple', 'scale', 'number', 'text']);
  expect(profilingFields([...DEMOGRAPHICS, ...QUESTION_KINDS])).toEqual([]);
});

describeDialects('survey schema has no profiling field', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t?.close());

  it('no column of a survey table names a profiling or identifying field', async () => {
    const tables = (await t.app.ctx.db.read.introspection.getTables()).filter((x) =>
      x.name.startsWith('survey'),
    );
    expect(tables.map((x) => x.name).sort()).toEqual(
      [
        'survey',
        'survey_answer',
        'survey_item',
        'survey_item_text',
        'survey_link_window',
        'survey_population',
        'survey_response',
        'survey_target',
        'survey_version',
        'survey_wave',
      ].sort(),
    );
    const columns = tables.flatMap((x) => x.columns.map((c) => c.name));
    expect(columns).toContain('gender');
    expect(profilingFields(columns)).toEqual([]);
  });

  it('no form of the builder or of the respondent accepts such a field', () => {
    const fields: string[] = [];
    for (const r of t.app.registeredRoutes) {
      if (!r.url.startsWith('/staff/surveys') && !r.url.startsWith('/s/')) continue;
      const body = (r.schema?.body ?? {}) as { properties?: Record<string, unknown> };
      fields.push(...Object.keys(body.properties ?? {}));
    }
    expect(fields).toContain('demographics');
    expect(profilingFields(fields)).toEqual([]);
  });
});
