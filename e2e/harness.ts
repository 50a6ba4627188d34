/**
 * Browser tests against the real server over HTTP: `buildApp` + `listen` on a free port with a
 * throwaway SQLite data folder, driven by Debian's Chromium through `playwright-core` (browsers are
 * never downloaded). Without Chromium the e2e files are skipped, or fail when CI is set.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { buildApp, type App } from '../src/app.ts';
import type { Config } from '../src/config.ts';
import { testConfig } from '../test/app.ts';
import { createTestDatabase, type TestDatabase } from '../test/db.ts';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const HAS_CHROMIUM = existsSync(CHROMIUM_PATH);
const MISSING = `Chromium not found at ${CHROMIUM_PATH}: install it with \`apt-get install chromium\` (or set CHROMIUM_PATH)`;

if (!HAS_CHROMIUM) {
  if (process.env.CI) throw new Error(`${MISSING}; browser tests cannot be skipped on CI`);
  console.warn(`skipping browser tests: ${MISSING}`);
}

/** `describe` that skips (with the message above) when Chromium is missing. */
export function describeBrowser(name: string, fn: () => void): void {
  describe.skipIf(!HAS_CHROMIUM)(name, fn);
}

export const JS_MODES = [
  { name: 'JavaScript on', javaScriptEnabled: true },
  { name: 'JavaScript off', javaScriptEnabled: false },
] as const;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface E2E {
  app: App;
  tdb: TestDatabase;
  config: Config;
  /** `http://localhost:<port>` */
  baseUrl: string;
  browser: Browser;
  /** A page in a fresh browser context (no cookies shared with other pages). */
  newPage(opts?: { javaScriptEnabled?: boolean; width?: number; locale?: string }): Promise<Page>;
  close(): Promise<void>;
}

/** Contexts opened with JavaScript off (Playwright can still evaluate in them, but timers never run). */
const jsOff = new WeakSet<BrowserContext>();

export async function startE2E(overrides: Partial<Config> = {}): Promise<E2E> {
  const tdb = await createTestDatabase('sqlite');
  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;
  const config = testConfig(tdb, { port, publicUrl: baseUrl, cookieSecure: true, ...overrides });
  const app = await buildApp(config, { db: tdb.db, migrate: false, logger: false });
  await app.listen({ port, host: '127.0.0.1' });
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const contexts: BrowserContext[] = [];
  return {
    app,
    tdb,
    config,
    baseUrl,
    browser,
    async newPage(opts = {}) {
      const context = await browser.newContext({
        baseURL: baseUrl,
        javaScriptEnabled: opts.javaScriptEnabled ?? true,
        viewport: { width: opts.width ?? 1024, height: 768 },
        locale: opts.locale ?? 'en-US',
      });
      contexts.push(context);
      if (opts.javaScriptEnabled === false) jsOff.add(context);
      // Fail fast with Playwright's own message rather than at Vitest's test timeout.
      context.setDefaultTimeout(5_000);
      return context.newPage();
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close();
      await app.close();
      await tdb.drop();
    },
  };
}

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeResult {
  violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }>;
}

/**
 * Runs axe-core on what the page shows now and fails on `serious` or `critical` findings, naming each
 * rule and the elements. Our CSP forbids inline scripts, so axe is evaluated through the DevTools
 * protocol; pages with JavaScript off are checked in a JavaScript-on twin at the same address (the
 * server renders the same HTML for both).
 */
export async function expectNoSeriousAxeViolations(page: Page, e2e: E2E): Promise<void> {
  let target = page;
  let twin: Page | null = null;
  if (jsOff.has(page.context())) {
    const cookies = await page.context().cookies();
    twin = await e2e.newPage({ javaScriptEnabled: true });
    await twin.context().addCookies(cookies);
    await twin.goto(page.url());
    target = twin;
  }
  await target.evaluate(AXE_SOURCE);
  const result = (await target.evaluate(() =>
    (window as unknown as { axe: { run(): Promise<unknown> } }).axe.run(),
  )) as AxeResult;
  await twin?.context().close();
  const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = serious
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help}\n      ${v.nodes.map((n) => JSON.stringify(n.target)).join('\n      ')}`,
    )
    .join('\n');
  expect(serious.length, `axe found serious problems on ${page.url()}:\n${report}`).toBe(0);
}
