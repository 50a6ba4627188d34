import { afterAll, expect, it } from 'vitest';
import { seedDemoAccounts } from '../accounts/accounts.demo.ts';
import { seedDemoGeography } from '../geo/geo.demo.ts';
import { ANONYMOUS } from '../../shared/policy.ts';
import { createTestApp } from '../../../test/app.ts';
import { seedDemoForums } from './forums.demo.ts';

const t = await createTestApp('sqlite');
afterAll(async () => t.close());

it('seeds an Osh prevention centre, a Bishkek working group, a reception schedule and a cross-border workshop, once', async () => {
  await seedDemoGeography(t.app.ctx.db);
  await seedDemoAccounts(t.app.ctx.db, t.app.ctx.services);
  expect(await seedDemoForums(t.app.ctx)).toEqual({ forums: 2 });
  expect(await seedDemoForums(t.app.ctx)).toEqual({ forums: 0 });
  const forums = t.app.ctx.services.forums;
  expect((await forums.publicCalendar(ANONYMOUS, { areaCode: 'KG-O.kara-suu' })).length).toBe(2);
  expect((await forums.publicCalendar(ANONYMOUS, { areaCode: 'KG-GB' })).length).toBe(1);
  const open = await t.app.ctx.db.read.selectFrom('forum_commitment').selectAll().execute();
  expect(open).toHaveLength(1);
  expect(open[0]!.owner_person_id).not.toBeNull();
  const notices = await t.app.ctx.services.receptions.publicNotices(ANONYMOUS, { areaCode: 'KG-O' });
  expect(notices).toHaveLength(3);
  const countries = await t.app.ctx.db.read
    .selectFrom('training_registration')
    .select('country')
    .distinct()
    .orderBy('country')
    .execute();
  expect(countries.map((c) => c.country)).toEqual(['KG', 'KZ', 'TJ']);
  // The held public meeting has its summary in Kyrgyz, Russian and Uzbek; the next one has answers.
  const held = (await forums.publicCalendar(ANONYMOUS, { areaCode: 'KG-O.kara-suu' })).find(
    (m) => m.status === 'held',
  )!;
  const pub = await forums.publicMeeting(ANONYMOUS, { id: held.id });
  expect(pub.summaries.map((x) => x.locale)).toEqual(['ky', 'ru', 'uz']);
  const answered = await t.app.ctx.db.read
    .selectFrom('meeting_participant')
    .select('rsvp')
    .where('rsvp', 'is not', null)
    .execute();
  expect(answered.length).toBe(2);
});
