/**
 * The load generator for HTTP benchmarks, kept out of the benchmark's own process so it never shares
 * an event loop with anything else: Debian's `wrk` (C, one thread, a Lua script for the POST body)
 * when it is installed, else `autocannon` in a child Node process. Both are closed-loop at N
 * connections (each connection sends its next request when the previous answer arrives).
 *
 * A fixed offered rate (`rate`) needs autocannon (Debian's wrk has no rate option).
 * Run as a child: `node --import tsx bench/load.ts --child '<json options>'` prints one JSON result.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface LoadOptions {
  url: string;
  body: string;
  connections: number;
  durationS: number;
  /** Requests per second offered in total (autocannon only); closed-loop when absent. */
  rate?: number;
  /** Force a tool (default: wrk when installed and no rate is asked for). */
  tool?: 'wrk' | 'autocannon';
}

export interface LoadResult {
  tool: 'wrk' | 'autocannon';
  /** 2xx answers per second. */
  perSecond: number;
  p50: number;
  p99: number;
  /** Answers other than 2xx, plus socket errors and timeouts. */
  errors: number;
}

let wrkPath: string | null | undefined;
export function findWrk(): string | null {
  if (wrkPath === undefined) {
    try {
      wrkPath = execFileSync('which', ['wrk'], { encoding: 'utf8' }).trim() || null;
    } catch {
      wrkPath = null;
    }
  }
  return wrkPath;
}

function runChild(cmd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${cmd} exited with ${code}: ${err.slice(-2000)}`)),
    );
  });
}

/** `12.34ms` / `1.20s` / `850.00us` → milliseconds. */
function wrkMs(text: string): number {
  const m = /^([\d.]+)(us|ms|s|m)$/.exec(text.trim());
  if (!m) throw new Error(`cannot read wrk latency ${text}`);
  const v = Number(m[1]);
  return m[2] === 'us' ? v / 1000 : m[2] === 'ms' ? v : m[2] === 's' ? v * 1000 : v * 60_000;
}

async function runWrk(wrk: string, o: LoadOptions): Promise<LoadResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ishenim-wrk-'));
  try {
    const script = path.join(dir, 'post.lua');
    writeFileSync(
      script,
      [
        'wrk.method = "POST"',
        `wrk.body = ${JSON.stringify(o.body)}`,
        'wrk.headers["Content-Type"] = "application/json"',
        '',
      ].join('\n'),
    );
    const out = await runChild(wrk, [
      '-t1',
      `-c${o.connections}`,
      `-d${o.durationS}s`,
      '--timeout',
      '10s',
      '--latency',
      '-s',
      script,
      o.url,
    ]);
    const requests = Number(/(\d+) requests in/.exec(out)?.[1] ?? NaN);
    const seconds = wrkMs(/requests in ([\d.]+(?:us|ms|s|m)),/.exec(out)?.[1] ?? 'x') / 1000;
    const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
    const sock = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
    const socketErrors = sock ? sock.slice(1).reduce((a, b) => a + Number(b), 0) : 0;
    const pct = (p: string) => wrkMs(new RegExp(`^\\s+${p}%\\s+(\\S+)`, 'm').exec(out)?.[1] ?? 'x');
    if (!Number.isFinite(requests) || !Number.isFinite(seconds))
      throw new Error(`cannot read wrk output:\n${out}`);
    return {
      tool: 'wrk',
      perSecond: (requests - non2xx) / seconds,
      p50: pct('50'),
      p99: pct('99'),
      errors: non2xx + socketErrors,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function runAutocannonHere(o: LoadOptions): Promise<LoadResult> {
  const { default: autocannon } = await import('autocannon');
  const r = await autocannon({
    url: o.url,
    method: 'POST',
    connections: o.connections,
    duration: o.durationS,
    body: o.body,
    headers: { 'content-type': 'application/json' },
    ...(o.rate ? { overallRate: o.rate } : {}),
  });
  return {
    tool: 'autocannon',
    perSecond: r['2xx'] / o.durationS,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.non2xx + r.errors + r.timeouts,
  };
}

/** Drives `o.url` with POSTs of `o.body` from a separate process and returns what it measured. */
export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const wrk = findWrk();
  const tool = o.tool ?? (wrk && !o.rate ? 'wrk' : 'autocannon');
  if (tool === 'wrk') {
    if (!wrk) throw new Error('wrk is not installed');
    return runWrk(wrk, o);
  }
  const out = await runChild(process.execPath, [
    '--import',
    'tsx',
    'bench/load.ts',
    '--child',
    JSON.stringify(o),
  ]);
  return JSON.parse(out.trim().split('\n').pop()!) as LoadResult;
}

if (process.argv[2] === '--child') {
  const result = await runAutocannonHere(JSON.parse(process.argv[3]!) as LoadOptions);
  process.stdout.write(JSON.stringify(result) + '\n');
}
