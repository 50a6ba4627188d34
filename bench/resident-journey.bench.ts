/**
 * Budget: the resident's whole journey — category step, details, confirmation, with the stylesheet and
 * the icon, JavaScript off — is at most 9 KB over the wire and at most 4 s on an emulated 2G link
 * (50 kbit/s each way, 300 ms round trip; Chromium's own network emulation through CDP). Debian's
 * Chromium drives the real server over HTTP, as a resident's phone would (360 px, Kyrgyz). The
 * baseline in the same run is the home page alone over the same link.
 * Run alone with `npx tsx bench/resident-journey.bench.ts` (exits non-zero when over budget), or via run.ts.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { seedReferenceGeography } from '../src/modules/geo/geo.seed.ts';
import { seedReportCategories } from '../src/modules/reports/report-categories.seed.ts';
import type { PageBenchResult } from './report-page.bench.ts';

export const BUDGET_BYTES = 9 * 1024;
export const BUDGET_MS = 4000;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** 50 kbit/s in bytes per second, as CDP wants it. */
const TWO_G = { offline: false, latency: 300, downloadThroughput: 50_000 / 8, uploadThroughput: 50_000 / 8 };

interface Leg {
  bytes: number;
  ms: number;
}

/** Counts what crosses the wire (encoded bytes, headers included) while `step` runs. */
async function measure(page: Page, step: () => Promise<unknown>): Promise<Leg> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: false });
  await cdp.send('Network.emulateNetworkConditions', TWO_G);
  let bytes = 0;
  const urls = new Map<string, string>();
  cdp.on('Network.requestWillBeSent', (e: { requestId: string; request: { url: string } }) => {
    urls.set(e.requestId, e.request.url);
  });
  cdp.on('Network.loadingFinished', (e: { requestId: string; encodedDataLength: number }) => {
    bytes += e.encodedDataLength;
    if (process.env.BENCH_VERBOSE) console.log(`  ${e.encodedDataLength} B ${urls.get(e.requestId)}`);
  });
  const started = performance.now();
  await step();
  const ms = performance.now() - started;
  await cdp.detach();
  return { bytes, ms };
}

export async function run(): Promise<PageBenchResult> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install chromium)`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ishenim-bench-journey-'));
  const config = loadConfig(
    {},
    {
      dataDir: dir,
      demo: false,
      jobs: false,
      logLevel: 'silent',
      defaultLocale: 'ky',
      cookieSecure: false,
      reportLimitPerHour: 1000,
    },
  );
  const app = await buildApp(config, { logger: false });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'],
  });
  try {
    await seedReferenceGeography(app.ctx.db);
    await seedReportCategories(app.ctx.db);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://localhost:${(app.server.address() as AddressInfo).port}`;
    const fresh = async () => {
      const ctx = await browser.newContext({
        javaScriptEnabled: false,
        viewport: { width: 360, height: 740 },
        locale: 'ky',
        extraHTTPHeaders: { 'accept-language': 'ky' },
      });
      return ctx.newPage();
    };

    const homePage = await fresh();
    const home = await measure(homePage, () => homePage.goto(`${base}/`, { waitUntil: 'load' }));
    await homePage.context().close();

    // A first visit: nothing cached, as for a resident who follows a link from a poster.
    const page = await fresh();
    const journey = await measure(page, async () => {
      await page.goto(`${base}/report`, { waitUntil: 'load' });
      await page.locator('input[name="category"][value="public-order"]').check();
      await Promise.all([
        page.waitForNavigation({ waitUntil: 'load' }),
        page.locator('form button[type="submit"]').last().click(),
      ]);
      await page
        .locator('textarea[name="description"]')
        .fill('Түнкүсүн аялдамадагы чырактар күйбөйт, адамдар коркуп калышты.');
      await page.locator('select[name="area"]').selectOption('KG-O.kara-suu');
      await page.locator('input[name="privacy"][value="anonymous"]').check();
      await Promise.all([
        page.waitForNavigation({ waitUntil: 'load' }),
        page.locator('form[enctype="multipart/form-data"] button[type="submit"]').click(),
      ]);
    });
    const receipt = await page.locator('#receipt').textContent();
    if (!receipt?.trim()) throw new Error('the journey did not reach the confirmation page');
    await page.context().close();

    const failed = journey.bytes > BUDGET_BYTES || journey.ms > BUDGET_MS;
    return {
      name: 'resident journey on emulated 2G (category → details → confirmation, JS off)',
      unit: ' B',
      baseline: { label: 'home page alone, same link', perSecond: home.bytes },
      candidate: { label: 'whole journey', perSecond: journey.bytes },
      ratio: journey.bytes / home.bytes,
      failed,
      notes:
        `budget ${BUDGET_BYTES} B and ${BUDGET_MS} ms → ${failed ? 'NOT met' : 'met'}: ${journey.bytes} B in ${Math.round(journey.ms)} ms ` +
        `(home page alone: ${home.bytes} B in ${Math.round(home.ms)} ms); 50 kbit/s each way, 300 ms RTT, Chromium at 360 px, Kyrgyz, ` +
        `stylesheet and icon included, typing time included, no similar reports on a fresh server`,
    };
  } finally {
    await browser.close();
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const r = await run();
  console.log(`${r.name}: ${r.notes}`);
  if (r.failed) process.exit(1);
}
