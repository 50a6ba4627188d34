/**
 * Kill -9 under load: the real server (`node bin/ishenim.js serve`) takes concurrent reports, is killed
 * with SIGKILL mid-load, restarts, and every report it answered 201 must be there — on SQLite (with
 * `PRAGMA integrity_check`) and on PostgreSQL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { TEST_SECRET } from '../../../test/app.ts';
import { createPgDatabase, describeDialects } from '../../../test/db.ts';
import { insertAreaChain } from '../../../test/factories.ts';
import { openDatabase, type Database } from '../../db/database.ts';
import { migrateToLatest } from '../../db/migrator.ts';
import { seedReportCategories } from './report-categories.seed.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

interface Server {
  proc: ChildProcess;
  url: string;
  output: () => string;
}

async function startServer(env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  let out = '';
  const proc = spawn(process.execPath, ['bin/ishenim.js', 'serve'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      PORT: String(port),
      HOST: '127.0.0.1',
      DEMO: '0',
      JOBS: '0',
      SESSION_SECRET: TEST_SECRET,
      LOG_LEVEL: 'info',
      REPORT_LIMIT_PER_HOUR: '10000000',
      ANON_BURST_PER_MINUTE: '1000000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`server exited early:\n${out}`);
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`server did not become ready:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { proc, url, output: () => out };
}

function exited(proc: ChildProcess): Promise<void> {
  return proc.exitCode !== null || proc.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => proc.once('exit', () => resolve()));
}

async function prepare(db: Database): Promise<void> {
  await migrateToLatest(db);
  await seedReportCategories(db);
  await insertAreaChain(db);
  await db.close();
}

describeDialects('reports survive kill -9 under load', (dialect) => {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const c of cleanups) await c();
  });

  it('keeps every report it acknowledged', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ishenim-crash-'));
    cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    let databaseUrl = '';
    if (dialect === 'postgres') {
      const pg = await createPgDatabase();
      databaseUrl = pg.url;
      cleanups.push(pg.drop);
    }
    const open = () => openDatabase({ databaseUrl, dataDir });
    await prepare(open());
    const env = { DATA_DIR: dataDir, DATABASE_URL: databaseUrl };

    const server = await startServer(env);
    const acked: string[] = [];
    const receipts: string[] = [];
    let stop = false;
    const worker = async (w: number) => {
      for (let i = 0; !stop; i++) {
        try {
          const res = await fetch(`${server.url}/api/v1/reports`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
              description: `Crash test report ${w}-${i}: ${'lorem ipsum '.repeat(60)}`,
              category: 'public-order',
              privacy: i % 2 ? 'anonymous' : 'public',
              location: { area: 'KG-O.kara-suu' },
            }),
          });
          if (res.status === 201) {
            const body = (await res.json()) as { id: string; receipt?: string };
            acked.push(body.id);
            if (body.receipt) receipts.push(body.receipt);
          }
        } catch {
          // the connection died with the server: that request was never acknowledged
        }
      }
    };
    const load = Promise.all(Array.from({ length: 16 }, (_, w) => worker(w)));
    // Kill once a fair amount has been acknowledged (while requests are still in flight).
    const deadline = Date.now() + 30_000;
    while (acked.length < 300 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    server.proc.kill('SIGKILL');
    await exited(server.proc);
    stop = true;
    await load;
    expect(acked.length).toBeGreaterThanOrEqual(100);
    // Nothing the server wrote to its log carries a receipt.
    for (const r of receipts.slice(0, 50)) expect(server.output()).not.toContain(r);

    // Restart: the server recovers and takes new reports.
    const again = await startServer(env);
    const after = await fetch(`${again.url}/api/v1/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        description: 'after restart',
        category: 'other',
        privacy: 'public',
        location: { area: 'KG-O.kara-suu' },
      }),
    });
    expect(after.status).toBe(201);
    again.proc.kill('SIGTERM');
    await exited(again.proc);

    const db = open();
    try {
      const present = new Set<string>();
      for (let i = 0; i < acked.length; i += 500) {
        const rows = await db.read
          .selectFrom('report')
          .select('id')
          .where('id', 'in', acked.slice(i, i + 500))
          .execute();
        for (const r of rows) present.add(r.id);
      }
      const lost = acked.filter((id) => !present.has(id));
      expect(lost, `${lost.length} of ${acked.length} acknowledged reports lost`).toEqual([]);
      if (db.sqlite) expect(db.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
      // Every acknowledged report has its creation audit entry (same transaction).
      const audited = await db.read
        .selectFrom('audit_event')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('action', '=', 'report.create')
        .executeTakeFirstOrThrow();
      expect(Number(audited.n)).toBeGreaterThanOrEqual(acked.length + 1);
    } finally {
      await db.close();
    }
  }, 180_000);
});
