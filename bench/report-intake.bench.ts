/**
 * Report intake on the SQLite default: the real server (`node bin/ishenim.js serve`, JSON API,
 * 1 KB reports, no token) against a bare Fastify + same-SQLite group-commit insert, both as their
 * own processes, driven by autocannon at 50 connections in the same run.
 * Budget (ARCHITECTURE.md): ≥ 70 % of the baseline's throughput, p99 ≤ 25 ms.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrator.ts';
import { seedReportCategories } from '../src/modules/reports/report-categories.seed.ts';
import { insertAreaChain } from '../test/factories.ts';
import type { BenchResult } from './group-commit.bench.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DURATION_S = Math.max(2, Math.round(Number(process.env.BENCH_MS ?? 5000) / 1000));
const CONNECTIONS = 50;

const body = JSON.stringify({
  description:
    `Bench report. ${'Young people gather by the closed shop after dark and fight. '.repeat(15)}`.slice(
      0,
      940,
    ),
  category: 'public-order',
  privacy: 'public',
  location: { area: 'KG-O.kara-suu' },
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function prepare(dir: string): Promise<void> {
  const db = openDatabase({ databaseUrl: '', dataDir: dir });
  await migrateToLatest(db);
  await seedReportCategories(db);
  await insertAreaChain(db);
  await db.close();
}

async function waitReady(url: string, proc: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error('server exited');
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error('server not ready');
}

async function measure(url: string): Promise<{ perSecond: number; p99: number; errors: number }> {
  // A short warm-up (JIT, caches), then the measured run.
  await autocannon({
    url,
    method: 'POST',
    connections: CONNECTIONS,
    duration: 1,
    body,
    headers: { 'content-type': 'application/json' },
  });
  const r = await autocannon({
    url,
    method: 'POST',
    connections: CONNECTIONS,
    duration: DURATION_S,
    body,
    headers: { 'content-type': 'application/json' },
  });
  return { perSecond: r['2xx'] / DURATION_S, p99: r.latency.p99, errors: r.non2xx + r.errors };
}

async function stop(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null) return;
  const done = new Promise((r) => proc.once('exit', r));
  proc.kill('SIGTERM');
  await done;
}

export async function run(): Promise<BenchResult> {
  const baseDir = mkdtempSync(path.join(os.tmpdir(), 'ishenim-bench-intake-base-'));
  const appDir = mkdtempSync(path.join(os.tmpdir(), 'ishenim-bench-intake-app-'));
  try {
    await prepare(baseDir);
    await prepare(appDir);
    const basePort = await freePort();
    const base = spawn(
      process.execPath,
      ['--import', 'tsx', 'bench/report-intake.baseline.ts', baseDir, String(basePort)],
      { cwd: ROOT, stdio: 'ignore' },
    );
    await waitReady(`http://127.0.0.1:${basePort}/`, base);
    const b = await measure(`http://127.0.0.1:${basePort}/r`);
    await stop(base);

    const appPort = await freePort();
    const app = spawn(process.execPath, ['bin/ishenim.js', 'serve'], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: {
        ...process.env,
        PORT: String(appPort),
        HOST: '127.0.0.1',
        DATA_DIR: appDir,
        DATABASE_URL: '',
        DEMO: '0',
        JOBS: '0',
        LOG_LEVEL: 'warn',
        REPORT_LIMIT_PER_HOUR: '10000000',
      },
    });
    await waitReady(`http://127.0.0.1:${appPort}/healthz`, app);
    const c = await measure(`http://127.0.0.1:${appPort}/api/v1/reports`);
    await stop(app);

    return {
      name: 'report intake (JSON API, 1 KB, SQLite, 50 connections)',
      baseline: {
        label: `bare Fastify + group-commit insert: p99 ${b.p99} ms`,
        perSecond: Math.round(b.perSecond),
      },
      candidate: {
        label: `POST /api/v1/reports (real server): p99 ${c.p99} ms`,
        perSecond: Math.round(c.perSecond),
      },
      ratio: c.perSecond / b.perSecond,
      notes: `budget ≥ ×0.70 and p99 ≤ 25 ms → ${c.perSecond / b.perSecond >= 0.7 ? 'ratio met' : 'ratio NOT met'}, ${c.p99 <= 25 ? 'p99 met' : 'p99 NOT met'}; ${DURATION_S} s each after 1 s warm-up; non-2xx: base ${b.errors}, app ${c.errors}; server LOG_LEVEL=warn; load generator on the same 2 cores.`,
    };
  } finally {
    rmSync(baseDir, { recursive: true, force: true });
    rmSync(appDir, { recursive: true, force: true });
  }
}
