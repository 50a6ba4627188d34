/**
 * An administrator issues an Open311 API key in a real browser with JavaScript off: a mistake shows
 * next to its field and in the summary; the key is shown once after the redirect and never again;
 * a client application then submits a request over HTTP with it and reads it back from the public
 * GeoReport v2 list; revoking the key on the page stops it. axe-core checks each page.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../src/plugins/actor.ts';
import { seedReportCategories } from '../src/modules/reports/report-categories.seed.ts';
import { createSession, insertAreaChain, insertStaff } from '../test/factories.ts';
import { describeBrowser, expectNoSeriousAxeViolations, startE2E, type E2E } from './harness.ts';

describeBrowser('Open311 API keys', () => {
  let e: E2E;
  let adminId = '';

  beforeAll(async () => {
    e = await startE2E({ defaultLocale: 'en' });
    const db = e.app.ctx.db;
    await seedReportCategories(db);
    await insertAreaChain(db);
    adminId = (await insertStaff(db, [{ role: 'admin', areaCode: 'KG' }], { displayName: 'Nurlan Admin' }))
      .id;
  });
  afterAll(async () => e?.close());

  async function signedIn(): Promise<Page> {
    const p = await e.newPage({ javaScriptEnabled: false });
    const sid = await createSession(e.app, adminId);
    await p.context().addCookies([{ name: SESSION_COOKIE, value: sid, url: e.baseUrl }]);
    p.setDefaultTimeout(20_000); // a busy machine: pages render in well under a second when idle
    return p;
  }

  it('issues a key shown once, which a client uses until it is revoked', async () => {
    const p = await signedIn();
    await p.goto('/staff');
    await p.getByRole('link', { name: 'Open311 API keys' }).click();
    await p.waitForURL(/\/admin\/open311$/);
    await expect.poll(() => p.getByRole('heading', { name: 'Open311 API keys', level: 1 }).count()).toBe(1);
    await expectNoSeriousAxeViolations(p, e);
    // Sensitive categories are not offered.
    expect(await p.getByLabel('Domestic violence').count()).toBe(0);

    // A mistake: no service chosen.
    await p.getByLabel('Application').fill('Osh city app');
    await p.getByLabel('Requests per hour').fill('60');
    await p.getByRole('button', { name: 'Issue a key' }).click();
    await expect.poll(() => p.locator('.error-summary').count()).toBe(1);
    expect(await p.locator('#services-error').textContent()).toContain('at least one service');
    await expectNoSeriousAxeViolations(p, e);

    await p.getByLabel('Public order and safety').check();
    await p.getByRole('button', { name: 'Issue a key' }).click();
    await p.waitForURL(/\/admin\/open311$/);
    const key = (await p.locator('.notice code').textContent())?.trim() ?? '';
    expect(key).toMatch(/^o311_[A-Za-z0-9_-]{32}$/);
    await expectNoSeriousAxeViolations(p, e);
    await p.reload();
    expect(await p.content()).not.toContain(key);
    expect(await p.getByRole('cell', { name: 'Osh city app', exact: true }).count()).toBe(1);

    // The client application, over real HTTP, form-encoded as the spec says.
    const submit = () =>
      fetch(`${e.baseUrl}/open311/v2/requests.json`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          api_key: key,
          service_code: 'public-order',
          address_id: 'KG-O.kara-suu',
          description: 'Street lights are out on the market road.',
        }),
      });
    const res = await submit();
    expect(res.status).toBe(201);
    const [created] = (await res.json()) as Array<{ service_request_id: string }>;
    const list = (await (await fetch(`${e.baseUrl}/open311/v2/requests.json`)).json()) as Array<{
      service_request_id: string;
    }>;
    expect(list.map((r) => r.service_request_id)).toContain(created!.service_request_id);

    await p.getByRole('button', { name: 'Revoke the key of Osh city app' }).click();
    await p.waitForURL(/\/admin\/open311$/);
    expect(await p.getByRole('button', { name: 'Revoke the key of Osh city app' }).count()).toBe(0);
    const refused = await submit();
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual([{ code: 403, description: expect.stringMatching(/api_key/) }]);
  }, 120_000);
});
