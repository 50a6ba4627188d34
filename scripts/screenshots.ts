/**
 * Screenshots of the main staff and resident pages for the README ("For district staff"), taken the
 * way people use them: Debian's Chromium at 360 px (a cheap Android phone) and 1280 px, in Kyrgyz and
 * Russian, on the demo data. Run with `npx tsx scripts/screenshots.ts` (writes docs/screenshots/).
 * It also prints which pages scroll sideways at 360 px, so nobody has to guess.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { prepareData } from '../src/startup.ts';
import { SESSION_COOKIE } from '../src/plugins/actor.ts';
import { randomToken } from '../src/shared/crypto.ts';
import { HOUR, isoIn, nowIso } from '../src/shared/time.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'docs', 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

interface Shot {
  file: string;
  who: string | null;
  url: string | ((ids: Ids) => string);
  locale: 'ky' | 'ru';
  width: number;
}
interface Ids {
  reportId: string;
}

const SHOTS: Shot[] = [
  { file: 'officer-queue-ky-360.png', who: 'officer', url: '/staff/reports', locale: 'ky', width: 360 },
  {
    file: 'officer-report-ky-360.png',
    who: 'officer',
    url: (ids) => `/staff/reports/${ids.reportId}`,
    locale: 'ky',
    width: 360,
  },
  { file: 'officer-queue-ru-1280.png', who: 'officer', url: '/staff/reports', locale: 'ru', width: 1280 },
  { file: 'staff-home-ru-360.png', who: 'partner', url: '/staff', locale: 'ru', width: 360 },
  { file: 'problems-ky-360.png', who: 'officer', url: '/staff/problems', locale: 'ky', width: 360 },
  { file: 'resident-report-ky-360.png', who: null, url: '/report', locale: 'ky', width: 360 },
  { file: 'public-reports-ru-360.png', who: null, url: '/reports', locale: 'ru', width: 360 },
];

const dir = mkdtempSync(path.join(os.tmpdir(), 'ishenim-shots-'));
const config = loadConfig(
  {},
  { dataDir: dir, demo: true, jobs: false, logLevel: 'silent', cookieSecure: false },
);
const app = await buildApp(config, { logger: false });
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'],
});
try {
  await prepareData(app.ctx);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://localhost:${(app.server.address() as AddressInfo).port}`;
  const sessionFor = async (role: string) => {
    const person = await app.ctx.db.read
      .selectFrom('person')
      .select('id')
      .where('email', '=', `${role}@demo.ishenim.org`)
      .executeTakeFirstOrThrow();
    const raw = randomToken(32);
    const now = nowIso();
    await app.ctx.db.write((trx) =>
      trx
        .insertInto('session')
        .values({
          id: app.ctx.services.sessions.hashToken(raw),
          person_id: person.id,
          created_at: now,
          last_seen_at: now,
          expires_at: isoIn(HOUR),
          mfa_at: now,
        })
        .execute(),
    );
    return raw;
  };
  // A report the demo officer may see: the first one in their queue.
  const queue = await app.inject({
    url: '/staff/reports',
    cookies: { [SESSION_COOKIE]: await sessionFor('officer') },
  });
  const first = /href="\/staff\/reports\/([0-9a-f-]{36})"/.exec(queue.body);
  if (!first) throw new Error('the demo officer has no reports in the queue');
  const report = { id: first[1]! };
  const ids: Ids = { reportId: report.id };
  mkdirSync(out, { recursive: true });
  const overflowing: string[] = [];
  for (const s of SHOTS) {
    const ctx = await browser.newContext({
      viewport: { width: s.width, height: 740 },
      locale: s.locale,
      javaScriptEnabled: false,
    });
    await ctx.addCookies([{ name: 'lang', value: s.locale, url: base }]);
    if (s.who) await ctx.addCookies([{ name: SESSION_COOKIE, value: await sessionFor(s.who), url: base }]);
    const page = await ctx.newPage();
    const url = typeof s.url === 'string' ? s.url : s.url(ids);
    const res = await page.goto(`${base}${url}`);
    if (!res?.ok()) throw new Error(`${url} answered ${res?.status()}`);
    const sideways = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (sideways > 0) overflowing.push(`${s.file}: ${sideways}px wider than the screen`);
    await page.screenshot({ path: path.join(out, s.file), fullPage: s.width === 1280 });
    await ctx.close();
    console.log(`wrote docs/screenshots/${s.file}`);
  }
  if (overflowing.length) console.log(`scrolls sideways at 360 px:\n  ${overflowing.join('\n  ')}`);
} finally {
  await browser.close();
  await app.close();
  rmSync(dir, { recursive: true, force: true });
}
