/**
 * Report intake on the SQLite default, against the budget as restated in issue 13: the real server
 * (`node bin/ishenim.js serve`, JSON API, ≈1 KB public reports, no token) against a bare Fastify
 * server doing the same durable work — the report, its first event and a hash-chained audit entry
 * into the same schema with group commit (`report-intake.baseline.ts`, `BASELINE_ROWS=all`) —
 * measured the same way in the same run. It reports exactly two figures:
 *
 * - throughput at 50 connections (closed loop), app ÷ baseline: budget ≥ ×0.70 (aim ×0.80);
 * - p99 at a fixed offered rate of half the baseline's ceiling in that round (50 connections,
 *   autocannon), app ÷ baseline: budget ≤ ×1.25 (a p99 at saturation is queueing, not service time).
 *
 * Both servers are their own Node process started through tsx, on a fresh database prepared the same
 * way, with the same `GROUP_COMMIT_MS` and durability (WAL, synchronous=FULL); the load comes from a
 * separate process (`load.ts`: wrk when installed, else autocannon); several rounds alternate which
 * goes first and the medians of the per-round ratios are reported with the spread. The public
 * per-address limit is raised through `REPORT_LIMIT_PER_HOUR` (the limiter still keys and counts
 * every request); see bench/README.md.
 *
 * Run: `npx tsx bench/report-intake.bench.ts` (or all benchmarks: `npx tsx bench/run.ts`).
 * Env: BENCH_MS (measured phase, default 5000), BENCH_ROUNDS (default 3), GROUP_COMMIT_MS (2),
 * BENCH_LOAD=wrk|autocannon to force a load generator.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrator.ts';
import { seedReportCategories } from '../src/modules/reports/report-categories.seed.ts';
import { insertAreaChain } from '../test/factories.ts';
import type { BenchResult } from './group-commit.bench.ts';
import { runLoad, type LoadResult } from './load.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DURATION_S = Math.max(2, Math.round(Number(process.env.BENCH_MS ?? 5000) / 1000));
const WARMUP_S = 2;
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
const CONNECTIONS = 50;
const GROUP_COMMIT_MS = process.env.GROUP_COMMIT_MS ?? '2';
const TOOL = process.env.BENCH_LOAD as 'wrk' | 'autocannon' | undefined;

export const body = JSON.stringify({
  description:
    `Bench report. ${'Young people gather by the closed shop after dark and fight. '.repeat(16)}`.slice(
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

async function stop(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null) return;
  const done = new Promise((r) => proc.once('exit', r));
  proc.kill('SIGTERM');
  await done;
}

interface Server {
  /** `rows`: the baseline writing the same three rows as an intake (BASELINE_ROWS=all). */
  name: 'baseline' | 'rows' | 'app';
  proc: ChildProcess;
  url: string;
  dir: string;
}

async function startServer(name: Server['name']): Promise<Server> {
  const dir = mkdtempSync(path.join(os.tmpdir(), `ishenim-bench-intake-${name}-`));
  await prepare(dir);
  const port = await freePort();
  const env = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dir,
    DATABASE_URL: '',
    GROUP_COMMIT_MS,
    DEMO: '0',
    JOBS: '0',
    LOG_LEVEL: 'warn',
    REPORT_LIMIT_PER_HOUR: '10000000',
    BASELINE_ROWS: name === 'rows' ? 'all' : 'one',
  };
  const args =
    name === 'app'
      ? ['bin/ishenim.js', 'serve']
      : ['--import', 'tsx', 'bench/report-intake.baseline.ts', dir, String(port)];
  const proc = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
  const base = `http://127.0.0.1:${port}`;
  await waitReady(name === 'app' ? `${base}/healthz` : `${base}/`, proc);
  return { name, proc, dir, url: name === 'app' ? `${base}/api/v1/reports` : `${base}/r` };
}

async function closedLoop(s: Server): Promise<LoadResult> {
  await runLoad({ url: s.url, body, connections: CONNECTIONS, durationS: WARMUP_S, tool: TOOL });
  return runLoad({ url: s.url, body, connections: CONNECTIONS, durationS: DURATION_S, tool: TOOL });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export interface Round {
  order: string;
  /** The bare server doing the same durable work (report, its event, a chained audit entry). */
  base: LoadResult;
  app: LoadResult;
  /** Throughput, app ÷ same-work baseline, at saturation. */
  ratio: number;
  /** Half the same-work baseline's ceiling in this round (req/s). */
  rate: number;
  baseAtRate: LoadResult;
  appAtRate: LoadResult;
  /** p99 at that fixed rate, app ÷ baseline. */
  p99Ratio: number;
}

export async function runRounds(): Promise<Round[]> {
  const rounds: Round[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const servers = [await startServer('rows'), await startServer('app')];
    try {
      // Alternate who goes first, so drift on the machine does not favour one side.
      const order = i % 2 === 0 ? servers : [...servers].reverse();
      const results = new Map<string, LoadResult>();
      for (const s of order) results.set(s.name, await closedLoop(s));
      const base = results.get('rows')!;
      const app = results.get('app')!;
      const rate = Math.max(50, Math.round(base.perSecond / 2 / 50) * 50);
      const atRate = new Map<string, LoadResult>();
      for (const s of order)
        atRate.set(
          s.name,
          await runLoad({ url: s.url, body, connections: CONNECTIONS, durationS: DURATION_S, rate }),
        );
      const baseAtRate = atRate.get('rows')!;
      const appAtRate = atRate.get('app')!;
      const round: Round = {
        order: order.map((s) => s.name).join('→'),
        base,
        app,
        ratio: app.perSecond / base.perSecond,
        rate,
        baseAtRate,
        appAtRate,
        p99Ratio: appAtRate.p99 / Math.max(baseAtRate.p99, 0.001),
      };
      console.log(
        `round ${i + 1}/${ROUNDS} (${round.order}, ${base.tool}): same-work base ${Math.round(base.perSecond)}/s · app ${Math.round(app.perSecond)}/s → ×${round.ratio.toFixed(2)}; at ${rate}/s: p99 base ${baseAtRate.p99} ms, app ${appAtRate.p99} ms → ×${round.p99Ratio.toFixed(2)}`,
      );
      rounds.push(round);
    } finally {
      for (const s of servers) {
        await stop(s.proc);
        rmSync(s.dir, { recursive: true, force: true });
      }
    }
  }
  return rounds;
}

export async function run(): Promise<BenchResult> {
  const rounds = await runRounds();
  const ratio = median(rounds.map((r) => r.ratio));
  const ratios = rounds.map((r) => r.ratio);
  const p99Ratio = median(rounds.map((r) => r.p99Ratio));
  const basePs = median(rounds.map((r) => r.base.perSecond));
  const appPs = median(rounds.map((r) => r.app.perSecond));
  const baseRateP99 = median(rounds.map((r) => r.baseAtRate.p99));
  const appRateP99 = median(rounds.map((r) => r.appAtRate.p99));
  const rates = rounds.map((r) => r.rate);
  const errors = rounds.reduce(
    (a, r) => ({
      base: a.base + r.base.errors + r.baseAtRate.errors,
      app: a.app + r.app.errors + r.appAtRate.errors,
    }),
    { base: 0, app: 0 },
  );
  const fmt = (x: number) => x.toFixed(2);
  return {
    name: 'report intake (JSON API, 1 KB, SQLite, 50 connections)',
    baseline: {
      label: `bare Fastify doing the same durable work (report, event, chained audit entry; group commit): p99 ${baseRateP99} ms at half its ceiling`,
      perSecond: Math.round(basePs),
    },
    candidate: {
      label: `POST /api/v1/reports (real server): p99 ${appRateP99} ms at the same rate`,
      perSecond: Math.round(appPs),
    },
    ratio,
    notes:
      `throughput ×${fmt(ratio)} of the same-work baseline (budget ≥ ×0.70 → ${ratio >= 0.7 ? 'met' : 'NOT met'}; per round ×${ratios.map(fmt).join(', ×')}); ` +
      `p99 at a fixed ${rates.join('/')} req/s ×${fmt(p99Ratio)} of the baseline's (budget ≤ ×1.25 → ${p99Ratio <= 1.25 ? 'met' : 'NOT met'}; per round ×${rounds.map((r) => fmt(r.p99Ratio)).join(', ×')}); ` +
      `median of ${rounds.length} alternating rounds, ${DURATION_S} s measured after ${WARMUP_S} s warm-up per server per round; load: ${rounds[0]!.base.tool} (saturation), autocannon (fixed rate), own process, same 2 cores; ` +
      `GROUP_COMMIT_MS=${GROUP_COMMIT_MS}; non-2xx/errors: base ${errors.base}, app ${errors.app}.`,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const r = await run();
  console.log(
    `${r.name}: ${r.candidate.perSecond}/s vs baseline ${r.baseline.perSecond}/s → ×${r.ratio.toFixed(2)}`,
  );
  console.log(`  ${r.baseline.label}\n  ${r.candidate.label}\n  ${r.notes}`);
}
