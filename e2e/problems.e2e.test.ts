/**
 * An officer, a partner and a supervisor work one problem from scanning to assessment in a real
 * browser: a candidate cluster becomes a problem, the partner co-writes the analysis and adds its own
 * action, a police coercive action cannot start before the supervisor's rights check, measures are
 * recorded, the officer closes the problem with an assessment and publishes a public summary that
 * shows no report texts or names. JavaScript on for the whole flow; the core forms (create, analysis,
 * action, assessment) again with JavaScript off. axe-core checks each page.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../src/db/database.ts';
import { SESSION_COOKIE } from '../src/plugins/actor.ts';
import { newId } from '../src/shared/ids.ts';
import {
  createSession,
  insertArea,
  insertAreaChain,
  insertOrganisation,
  insertStaff,
} from '../test/factories.ts';
import { describeBrowser, expectNoSeriousAxeViolations, JS_MODES, startE2E, type E2E } from './harness.ts';

const DAY = 86_400_000;
const dateAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString().slice(0, 10);

async function plantReport(db: Database, area: { code: string; path: string }, daysAgo: number, i: number) {
  const at = new Date(Date.now() - daysAgo * DAY).toISOString();
  const id = newId();
  await db.write((trx) =>
    trx
      .insertInto('report')
      .values({
        id,
        reference: `R-E2E${i}-${id.slice(-4).toUpperCase()}`,
        category_code: 'theft-livestock',
        description: 'Private words of a resident that never reach a public page',
        privacy: 'public',
        status: 'new',
        desk: 'triage',
        sensitive: 0,
        area_code: area.code,
        area_path: area.path,
        lat: 40.6 + i * 0.0005,
        lon: 72.9,
        public_lat: null,
        public_lon: null,
        address: null,
        occurred_at: null,
        channel: 'web',
        locale: 'ky',
        reporter_person_id: null,
        entered_by_person_id: null,
        contact: null,
        receipt_hash: null,
        last_activity_at: at,
        answers: '{}',
        assigned_person_id: null,
        assigned_organisation_id: null,
        held_for_review: 0,
        duplicate_of: null,
        problem_id: null,
        created_at: at,
        updated_at: at,
        acknowledged_at: null,
        resolved_at: null,
        closed_reason: null,
        referred_to: null,
        time_to_ack_seconds: null,
        time_to_resolve_seconds: null,
        personal_data_deleted_at: null,
      })
      .execute(),
  );
}

describeBrowser('problems (SARA)', () => {
  let e: E2E;
  const ids: Record<string, string> = {};
  let municipality = { code: '', path: '' };

  beforeAll(async () => {
    e = await startE2E({ defaultLocale: 'en' });
    const db = e.app.ctx.db;
    const chain = await insertAreaChain(db);
    municipality = await insertArea(db, {
      code: 'KG-O.kara-suu.kashgar-kyshtak',
      kind: 'municipality',
      parent: chain.district,
      names: { en: 'Kashgar-Kyshtak', ky: 'Кашкар-Кыштак', ru: 'Кашгар-Кыштак' },
    });
    const police = await insertOrganisation(db, {
      name: 'Kara-Suu District Police',
      areaCodes: [chain.district.code],
    });
    const ngo = await insertOrganisation(db, {
      name: 'Yntymak Association',
      sector: 'partner',
      areaCodes: [chain.district.code],
    });
    const staff = async (
      key: string,
      role: 'officer' | 'supervisor' | 'partner',
      org: string,
      name: string,
    ) => {
      ids[key] = (
        await insertStaff(db, [{ role, areaCode: chain.district.code }], {
          organisationId: org,
          displayName: name,
        })
      ).id;
    };
    await staff('officer', 'officer', police.id, 'Bakyt Jumabekov');
    await staff('supervisor', 'supervisor', police.id, 'Nurlan Osmonov');
    await staff('partner', 'partner', ngo.id, 'Gulnara Abdykadyrova');
    for (const [i, d] of [40, 36, 33, 30].entries()) await plantReport(db, municipality, d, i);
  });
  afterAll(async () => e?.close());

  async function signedIn(personId: string, javaScriptEnabled: boolean): Promise<Page> {
    const p = await e.newPage({ javaScriptEnabled });
    const sid = await createSession(e.app, personId);
    await p.context().addCookies([{ name: SESSION_COOKIE, value: sid, url: e.baseUrl }]);
    return p;
  }

  for (const mode of JS_MODES) {
    it(`works one problem from scanning to assessment (${mode.name})`, async () => {
      const js = mode.javaScriptEnabled;
      const title = js ? 'Night theft of sheep from roadside pens' : 'Sheep theft near the Kashgar road';
      const officer = await signedIn(ids.officer!, js);

      // Scanning: the candidate cluster (JS on) or a problem by hand (JS off).
      if (js) {
        await officer.goto('/staff/problems');
        await expectNoSeriousAxeViolations(officer, e);
        await officer.getByRole('link', { name: 'Start a problem from these reports' }).click();
        await officer.waitForURL(/\/staff\/problems\/new\?/);
        expect(await officer.getByRole('checkbox').count()).toBe(4);
      } else {
        await officer.goto('/staff/problems/new');
        await officer.getByLabel('Areas', { exact: true }).selectOption(municipality.code);
      }
      await expectNoSeriousAxeViolations(officer, e);
      // A mistake first: no title.
      await officer.getByRole('button', { name: 'Create problem' }).click();
      await expect.poll(() => officer.locator('.error-summary').count()).toBe(1);
      expect(await officer.locator('#title-error').textContent()).toContain('title');
      await officer.getByLabel('Title').fill(title);
      await officer.getByLabel('Description').fill('Sheep vanish from unlit pens near the road at night.');
      await officer.getByLabel('Priority', { exact: true }).selectOption('high');
      await officer.getByRole('button', { name: 'Create problem' }).click();
      await officer.waitForURL(/\/staff\/problems\/[0-9a-f-]{36}$/);
      const problemUrl = officer.url().replace(e.baseUrl, '');
      await expectNoSeriousAxeViolations(officer, e);
      if (js) expect(await officer.locator('#scanning').textContent()).toContain('R-E2E0');

      await officer
        .getByLabel('Organisation', { exact: true })
        .selectOption({ label: 'Yntymak Association' });
      await officer.getByRole('button', { name: 'Add organisation' }).click();
      await officer.waitForURL(new RegExp(`${problemUrl}#scanning$`));
      await officer.getByRole('button', { name: 'Move on to Analysis' }).click();
      await officer.waitForURL(/#scanning$/);

      // Analysis: the partner co-writes the triangle.
      const partner = await signedIn(ids.partner!, js);
      await partner.goto(problemUrl);
      await partner
        .getByRole('group', { name: 'Offender' })
        .getByLabel('What is known')
        .fill('A truck at night');
      await partner
        .getByRole('group', { name: 'Place' })
        .getByLabel('Manager (who is responsible for the place)')
        .fill('Pasture committee');
      await partner.getByLabel('Working hypothesis').fill('Unlit roadside pens make theft easy');
      await partner.getByRole('button', { name: 'Save analysis' }).click();
      await partner.waitForURL(/#analysis$/);
      expect(await partner.getByLabel('Working hypothesis').inputValue()).toBe(
        'Unlit roadside pens make theft easy',
      );
      await expectNoSeriousAxeViolations(partner, e);

      // Baseline measure, then Response.
      await officer.goto(problemUrl);
      await officer.getByLabel('Measure', { exact: true }).selectOption('baseline');
      await officer.getByLabel('From', { exact: true }).fill(dateAgo(42));
      await officer.getByLabel('To', { exact: true }).fill(dateAgo(29));
      await officer.getByRole('button', { name: 'Compute and record' }).click();
      await officer.waitForURL(/#analysis$/);
      expect(await officer.locator('#analysis table').textContent()).toContain(js ? '4' : '0');
      await officer.getByRole('button', { name: 'Move on to Response' }).click();
      await officer.waitForURL(/#scanning$/);

      // A police coercive action cannot start before a rights check.
      await officer.getByLabel('Action', { exact: true }).fill('Night checks of livestock trucks');
      await officer
        .getByLabel('Responsible organisation')
        .selectOption({ label: 'Kara-Suu District Police' });
      await officer.getByLabel('Funding source').selectOption('local_budget');
      await officer.getByLabel('Police action using coercive powers').check();
      await officer.getByRole('button', { name: 'Add action', exact: true }).click();
      await officer.waitForURL(/#response$/);
      const raid = officer.getByRole('article', { name: 'Night checks of livestock trucks' });
      expect(await raid.textContent()).toContain('cannot start yet');
      await raid.getByLabel('Status').selectOption('in_progress');
      await raid.getByRole('button', { name: /^Update/ }).click();
      await expect.poll(() => officer.locator('.error-summary').count()).toBe(1);
      expect(await officer.locator('.error-summary').textContent()).toContain('rights check');
      await expectNoSeriousAxeViolations(officer, e);

      const supervisor = await signedIn(ids.supervisor!, js);
      await supervisor.goto(problemUrl);
      const form = supervisor.getByRole('group', {
        name: 'Rights check for "Night checks of livestock trucks"',
      });
      await form
        .getByLabel('Legality: which law allows it')
        .fill('Law on internal affairs bodies: road checks');
      await form
        .getByLabel('Necessity: why less intrusive means are not enough')
        .fill('Warnings did not stop it');
      await form
        .getByLabel('Proportionality: why the intrusion is in proportion to the aim')
        .fill('Documents only, weekend nights, four weeks');
      await form
        .getByLabel('Non-discrimination: how it avoids targeting any group')
        .fill('Every livestock truck is checked');
      await form.getByLabel('Outcome').selectOption('approved');
      await form.getByLabel('Name and position of who checked').fill('Nurlan Osmonov, deputy head');
      await form.getByRole('button', { name: 'Record rights check' }).click();
      await supervisor.waitForURL(/#response$/);
      await expectNoSeriousAxeViolations(supervisor, e);

      await officer.goto(problemUrl);
      await raid.getByLabel('Status').selectOption('done');
      await raid.getByRole('button', { name: /^Update/ }).click();
      await officer.waitForURL(/#response$/);
      expect(await raid.textContent()).toContain('Approved by Nurlan Osmonov');

      // The partner plans and finishes its own action.
      await partner.goto(problemUrl);
      await partner.getByLabel('Action', { exact: true }).fill('Lit shared night pen');
      await partner.getByLabel('Responsible organisation').selectOption({ label: 'Yntymak Association' });
      await partner.getByLabel('Funding source').selectOption('donor');
      await partner.getByRole('button', { name: 'Add action', exact: true }).click();
      await partner.waitForURL(/#response$/);
      const pen = partner.getByRole('article', { name: 'Lit shared night pen' });
      await pen.getByLabel('Progress (%)').fill('60');
      await pen.getByRole('button', { name: /^Update/ }).click();
      await partner.waitForURL(/#response$/);
      expect(await pen.textContent()).toContain('60 %');

      // Assessment: after-measure, process check, close.
      await officer.goto(problemUrl);
      await officer.getByLabel('Measure', { exact: true }).selectOption('after');
      await officer.getByLabel('From', { exact: true }).fill(dateAgo(14));
      await officer.getByLabel('To', { exact: true }).fill(dateAgo(1));
      await officer.getByRole('button', { name: 'Compute and record' }).click();
      await officer.waitForURL(/#analysis$/);
      await officer.getByLabel('"Lit shared night pen" was done').check();
      await officer.getByLabel('Decision', { exact: true }).selectOption('close');
      await officer.getByLabel('What was learned').fill('Thefts stopped after the pen was lit.');
      await officer.getByRole('button', { name: 'Record assessment' }).click();
      await officer.waitForURL(/#assessment$/);
      expect(await officer.locator('dl').first().textContent()).toContain('Closed');
      const story = (await officer.locator('#timeline').textContent()) ?? '';
      expect(story).toContain('Bakyt Jumabekov created the problem');
      expect(story).toContain('Gulnara Abdykadyrova updated the analysis');
      expect(story).toContain('Nurlan Osmonov recorded the rights check');
      expect(story).toContain('assessed the problem: Close the problem');
      await expectNoSeriousAxeViolations(officer, e);

      // The public summary: only what the team wrote.
      const publicTitle = `${title} — public`;
      await officer.getByLabel('Public title').fill(publicTitle);
      await officer
        .getByRole('textbox', { name: 'Public summary' })
        .fill('Herders and police lit a shared pen and check trucks at night.');
      await officer.getByLabel('Publish the summary').check();
      await officer.getByRole('button', { name: 'Save public summary' }).click();
      await officer.waitForURL(/#publication$/);
      const pub = await e.newPage({ javaScriptEnabled: false });
      await pub.goto('/problems');
      await pub.getByRole('link', { name: publicTitle }).click();
      await pub.waitForURL(/\/problems\/[0-9a-f-]{36}$/);
      const text = (await pub.locator('main').textContent()) ?? '';
      expect(text).toContain('Kashgar-Kyshtak');
      expect(text).toContain('Resolved and closed');
      expect(text).not.toContain('Private words');
      expect(text).not.toContain('Bakyt');
      await expectNoSeriousAxeViolations(pub, e);
    }, 240_000);
  }
});
