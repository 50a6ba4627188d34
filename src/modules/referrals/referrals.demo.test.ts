import { afterAll, expect, it } from 'vitest';
import { createTestApp } from '../../../test/app.ts';
import { seedDemoAccounts } from '../accounts/accounts.demo.ts';
import { personRepository } from '../accounts/session.repository.ts';
import { seedDemoGeography } from '../geo/geo.demo.ts';
import { seedDemoReferrals } from './referrals.demo.ts';

const t = await createTestApp('sqlite');
afterAll(async () => t.close());

it('seeds one anonymised referral in a support plan, once, visible to the panel only', async () => {
  await seedDemoGeography(t.app.ctx.db);
  await seedDemoAccounts(t.app.ctx.db, t.app.ctx.services);
  expect((await seedDemoReferrals(t.app.ctx)).referrals).toBe(1);
  expect((await seedDemoReferrals(t.app.ctx)).referrals).toBe(0);
  const as = async (role: string) =>
    t.app.ctx.services.sessions.actorFor(
      (await personRepository.getByEmail(t.app.ctx.db.read, `${role}@demo.ishenim.org`))!,
      'session',
    );
  const s = t.app.ctx.services.referrals;
  const [item] = await s.list(await as('prevention_coordinator'));
  const d = await s.get(await as('partner'), { id: item!.id });
  expect(d).toMatchObject({ status: 'support', consentStatus: 'given', subject: { name: 'Б.' } });
  expect(d.actions).toHaveLength(2);
  expect(d.reviews).toHaveLength(1);
  expect(d.warnings).toEqual([]);
  await expect(s.get(await as('officer'), { id: item!.id })).rejects.toThrow(/not found/);
});
