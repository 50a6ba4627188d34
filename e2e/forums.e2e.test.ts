/**
 * A forum secretary's core flow in a real browser with JavaScript off (forms only): schedule a
 * meeting, record attendance, minutes and two decisions (one a commitment); the commitment shows on
 * its owner's to-do list and on the next meeting's agenda; the public calendar and the iCalendar
 * feed show the meeting; a form with a mistake shows the error next to the field and in a summary.
 * axe-core checks each page.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../src/plugins/actor.ts';
import type { Actor } from '../src/shared/policy.ts';
import {
  createApiToken,
  createSession,
  insertAreaChain,
  insertOrganisation,
  insertStaff,
  type AreaChain,
} from '../test/factories.ts';
import { describeBrowser, expectNoSeriousAxeViolations, startE2E, type E2E } from './harness.ts';

describeBrowser('partnership forums', () => {
  let e: E2E;
  let areas: AreaChain;
  let forumId = '';
  let secretaryId = '';
  let officerId = '';

  beforeAll(async () => {
    e = await startE2E({ defaultLocale: 'en' });
    const db = e.app.ctx.db;
    areas = await insertAreaChain(db);
    const women = await insertOrganisation(db, {
      name: 'Kara-Suu Women’s Council',
      sector: 'partner',
      kind: 'womens_committee',
      areaCodes: [areas.district.code],
    });
    const police = await insertOrganisation(db, {
      name: 'Kara-Suu District Police',
      areaCodes: [areas.district.code],
    });
    const coordinator = await insertStaff(db, [
      { role: 'prevention_coordinator', areaCode: areas.district.code },
    ]);
    const secretary = await insertStaff(db, [{ role: 'partner', areaCode: areas.district.code }], {
      displayName: 'Jypar Mamytova',
      organisationId: women.id,
    });
    const officer = await insertStaff(db, [{ role: 'officer', areaCode: areas.district.code }], {
      displayName: 'Bakyt Jumabekov',
      organisationId: police.id,
    });
    secretaryId = secretary.id;
    officerId = officer.id;
    const token = await createApiToken(e.app, coordinator.id);
    const actor = (await e.app.ctx.services.sessions.resolveApiToken(token)) as Actor;
    const forums = e.app.ctx.services.forums;
    const f = await forums.createForum(actor, {
      name: 'Kara-Suu Prevention Centre',
      kind: 'prevention_centre',
      areaCode: areas.district.code,
    });
    forumId = f.id;
    for (const [personId, role] of [
      [secretary.id, 'secretary'],
      [officer.id, 'member'],
    ] as const)
      await forums.addMember(actor, { forumId, personId, role, termStart: '2026-01-01' });
    await forums.addMember(actor, {
      forumId,
      displayName: 'Abdyraim Tashiev',
      role: 'member',
      termStart: '2026-01-01',
      gender: 'man',
      ageBand: '60_plus',
    });
  });
  afterAll(async () => e?.close());

  async function signedIn(personId: string): Promise<Page> {
    const p = await e.newPage({ javaScriptEnabled: false });
    const sid = await createSession(e.app, personId);
    await p.context().addCookies([{ name: SESSION_COOKIE, value: sid, url: e.baseUrl }]);
    return p;
  }

  const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

  async function schedule(p: Page, title: string, days: number): Promise<void> {
    await p.goto(`/staff/forums/${forumId}`);
    await p.getByLabel('Title').fill(title);
    await p.getByLabel('Date', { exact: true }).fill(inDays(days));
    await p.getByLabel('Start time').fill('10:00');
    await p.getByLabel('End time').fill('12:00');
    await p.getByLabel('Place').fill('Kara-Suu, ayil okmotu hall');
    await p.getByLabel('Who can see it').selectOption('public');
    await p.getByRole('button', { name: 'Schedule a meeting' }).click();
    await p.waitForURL(/\/staff\/meetings\/[0-9a-f-]{36}$/);
  }

  it('runs a meeting from agenda to commitments with JavaScript off', async () => {
    const p = await signedIn(secretaryId);
    await p.goto(`/staff/forums/${forumId}`);
    await expectNoSeriousAxeViolations(p, e);

    // A mistake: no title. The error sits next to the field and in the summary.
    await p.getByLabel('Date', { exact: true }).fill(inDays(7));
    await p.getByLabel('Place').fill('Kara-Suu');
    await p.getByRole('button', { name: 'Schedule a meeting' }).click();
    await expect.poll(() => p.locator('.error-summary').count()).toBe(1);
    expect(await p.locator('#title-error').textContent()).toContain('title');
    await expectNoSeriousAxeViolations(p, e);

    await schedule(p, 'Street lighting near school No. 3', 7);
    const meetingUrl = p.url();
    await expectNoSeriousAxeViolations(p, e);

    const present = p.getByRole('group', { name: 'Members present' });
    await present.getByLabel('Jypar Mamytova').check();
    await present.getByLabel('Abdyraim Tashiev').check();
    await p.getByLabel('Number of residents who came').fill('12');
    await p.getByRole('button', { name: 'Save attendance' }).click();
    await p.waitForURL(meetingUrl);
    expect(await present.getByLabel('Jypar Mamytova').isChecked()).toBe(true);

    await p.getByLabel('Minutes', { exact: true }).fill('Residents asked for lights on the school street.');
    await p.getByRole('button', { name: 'Save minutes' }).click();
    await p.waitForURL(meetingUrl);
    // The public summary in two resident languages.
    await p
      .getByLabel('Public summary in English')
      .fill('Street lighting was discussed; lights will be installed.');
    await p.getByLabel('Public summary in Русский').fill('Обсудили уличное освещение; фонари установят.');
    await p.getByRole('button', { name: 'Save the public summary' }).click();
    await p.waitForURL(meetingUrl);

    await p.getByLabel('Decision', { exact: true }).fill('Install six street lights near school No. 3');
    await p.getByLabel('Owner').selectOption({ label: 'Bakyt Jumabekov' });
    await p.getByLabel('Deadline').fill(inDays(30));
    await p.getByRole('button', { name: 'Record the decision' }).click();
    await p.waitForURL(meetingUrl);
    await p.getByLabel('Decision', { exact: true }).fill('Hold the next meeting at the school');
    await p.getByRole('button', { name: 'Record the decision' }).click();
    await p.waitForURL(meetingUrl);
    const decisions = p.locator('main ol').last().locator('li');
    expect(await decisions.count()).toBe(2);
    expect(await decisions.first().textContent()).toContain('Bakyt Jumabekov');
    await expectNoSeriousAxeViolations(p, e);

    // The next meeting carries the open commitment on its agenda.
    await schedule(p, 'Monthly meeting', 21);
    const monthlyUrl = p.url();
    expect(await p.locator('main ol').first().textContent()).toContain('Install six street lights');

    // The owner finds it on their to-do list.
    const owner = await signedIn(officerId);
    await owner.goto('/staff/commitments');
    expect(await owner.locator('main table').textContent()).toContain('Install six street lights');
    await expectNoSeriousAxeViolations(owner, e);

    // The officer is invited: the invitation waits on the home page, answered there.
    await owner.goto('/staff');
    const invitation = owner.getByRole('group', { name: 'Will you attend “Monthly meeting”?' });
    await invitation.getByLabel('Attending', { exact: true }).check();
    await invitation.locator('xpath=..').getByRole('button', { name: 'Send my answer' }).click();
    await owner.waitForURL(/\/staff#invitations$/);
    expect(
      await owner
        .getByRole('group', { name: 'Will you attend “Monthly meeting”?' })
        .getByLabel('Attending', { exact: true })
        .isChecked(),
    ).toBe(true);
    await expectNoSeriousAxeViolations(owner, e);
    // The secretary sees the answer.
    await p.goto(monthlyUrl);
    expect(await p.locator('main').textContent()).toContain('Attending: 1');

    // The public calendar and the feed show the meeting, never names.
    const pub = await e.newPage({ javaScriptEnabled: false });
    await pub.goto(`/forums/calendar?area=${areas.district.code}`);
    await pub.getByRole('link', { name: 'Street lighting near school No. 3' }).click();
    await pub.waitForURL(/\/forums\/meetings\//);
    const text = (await pub.locator('main').textContent()) ?? '';
    expect(text).toContain('Install six street lights');
    expect(text).toContain('Street lighting was discussed');
    expect(text).not.toContain('Abdyraim');
    expect(text).not.toContain('Residents asked');
    await expectNoSeriousAxeViolations(pub, e);
    // The Russian summary is one link away.
    await pub
      .getByRole('navigation', { name: 'Also available in:' })
      .getByRole('link', { name: 'Русский' })
      .click();
    expect(await pub.locator('main').textContent()).toContain('Обсудили уличное освещение');
    const ics = await pub.request.get(`/forums/${forumId}/calendar.ics`);
    expect(ics.headers()['content-type']).toMatch(/^text\/calendar/);
    const body = (await ics.text()).replace(/\r\n[ \t]/g, '');
    expect(body).toContain('SUMMARY:Street lighting near school No. 3 — Kara-Suu Prevention Centre');
    expect(body).toMatch(/DTSTART:\d{8}T040000Z/);
  }, 240_000);
});
