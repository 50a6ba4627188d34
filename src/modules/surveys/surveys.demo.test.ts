import { afterAll, expect, it } from 'vitest';
import { seedDemoAccounts } from '../accounts/accounts.demo.ts';
import { seedDemoGeography } from '../geo/geo.demo.ts';
import { personRepository } from '../accounts/session.repository.ts';
import { createTestApp } from '../../../test/app.ts';
import { DEMO_SURVEY_TITLE, seedDemoSurveys } from './surveys.demo.ts';
import { seedSurveyItems } from './surveys.seed.ts';

const t = await createTestApp('sqlite');
afterAll(async () => t.close());

it('seeds one two-wave survey in Kara-Suu and Nookat whose results show CIs and suppression, once', async () => {
  await seedDemoGeography(t.app.ctx.db);
  await seedDemoAccounts(t.app.ctx.db, t.app.ctx.services);
  await seedSurveyItems(t.app.ctx.db);
  expect(await seedDemoSurveys(t.app.ctx)).toEqual({ surveys: 1, answers: 332 });
  expect((await seedDemoSurveys(t.app.ctx)).surveys).toBe(0);
  const person = (await personRepository.getByEmail(t.app.ctx.db.read, 'analyst@demo.ishenim.org'))!;
  const analyst = await t.app.ctx.services.sessions.actorFor(person, 'session');
  const [survey] = await t.app.ctx.services.surveys.list(analyst);
  expect(survey!.title).toBe(DEMO_SURVEY_TITLE);
  const view = await t.app.ctx.services.surveys.results(analyst, { id: survey!.id });
  expect(view.waves).toHaveLength(2);
  const trust = view.results.rows.filter((r) => r.questionKey === 'q1');
  const all = trust.filter((r) => r.area === null);
  expect(all.map((r) => r.n)).toEqual([146, 186]);
  for (const r of all) {
    expect(r.weighted!.low).toBeLessThan(r.weighted!.estimate);
    expect(r.weighted!.deff).toBeGreaterThan(1);
  }
  // Nookat's 6 answers in wave 1 are hidden (with Kara-Suu, which would give them away); wave 2 shows both.
  const w1 = trust.filter((r) => r.wave === 1 && r.area !== null);
  expect(w1.map((r) => r.n)).toEqual([null, null]);
  const w2 = trust.filter((r) => r.wave === 2 && r.area !== null);
  expect(w2.map((r) => r.n)).toEqual([150, 36]);
  expect(view.results.weighting[1]!.methods).toEqual({ 'KG-O.kara-suu': 'cells', 'KG-O.nookat': 'raking' });
  // No answer was held: the demo trickles in under the burst rule.
  const held = await t.app.ctx.db.read
    .selectFrom('survey_response')
    .select('id')
    .where('status', '!=', 'accepted')
    .execute();
  expect(held).toEqual([]);
});
