import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { openDatabase } from '../db/database.ts';
import { seedDemoCommand } from './seed-demo.command.ts';

const SAVED = ['DATA_DIR', 'DATABASE_URL', 'SESSION_SECRET', 'DEMO', 'LOG_LEVEL'] as const;
let saved: Record<string, string | undefined>;
let dataDir: string;
let err: string[];

beforeEach(() => {
  saved = Object.fromEntries(SAVED.map((k) => [k, process.env[k]]));
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'ishenim-seed-'));
  process.env.DATA_DIR = dataDir;
  process.env.DEMO = '0';
  process.env.LOG_LEVEL = 'silent';
  delete process.env.DATABASE_URL;
  delete process.env.SESSION_SECRET;
  err = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    err.push(String(chunk));
    return true;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  for (const k of SAVED) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  rmSync(dataDir, { recursive: true, force: true });
});

it('`ishenim seed-demo` loads the demo data once, prints the demo logins, and warns when DEMO is off', async () => {
  await seedDemoCommand.run([]);
  await seedDemoCommand.run([]);
  const printed = err.join('');
  expect(printed).toContain('admin@demo.ishenim.org');
  expect(printed).toContain('password for all:');
  expect(printed).toContain('DEMO is off');
  const db = openDatabase({ databaseUrl: '', dataDir });
  try {
    const demo = await db.read.selectFrom('person').select('email').where('is_demo', '=', 1).execute();
    expect(demo.map((p) => p.email)).toContain('officer@demo.ishenim.org');
    expect(new Set(demo.map((p) => p.email)).size).toBe(demo.length);
    const reports = await db.read.selectFrom('report').select('id').execute();
    expect(reports.length).toBeGreaterThanOrEqual(5);
  } finally {
    await db.close();
  }
});
