import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, ENV_DOC, loadConfig, trustedProxies } from './config.ts';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'ishenim-config-'));

describe('configuration from the environment', () => {
  it('runs on safe embedded defaults and keeps one generated secret', () => {
    const dir = tmp();
    const a = loadConfig({ DATA_DIR: dir });
    expect(a.databaseUrl).toBe('');
    expect(a.demo).toBe(true);
    expect(a.port).toBe(3000);
    expect(a.defaultLocale).toBe('ky');
    expect(a.sessionSecret.length).toBeGreaterThanOrEqual(32);
    const file = path.join(dir, 'session-secret');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadConfig({ DATA_DIR: dir }).sessionSecret).toBe(a.sessionSecret);
  });

  it.each([
    [{ PORT: 'abc' }, /^PORT must be a whole number/],
    [{ PORT: '70000' }, /^PORT is invalid/],
    [{ DATABASE_URL: 'mysql://x' }, /^DATABASE_URL is invalid/],
    [{ DEFAULT_LOCALE: 'fr' }, /^DEFAULT_LOCALE is invalid/],
    [{ DEMO: 'maybe' }, /^DEMO must be 1 or 0/],
    [{ STAFF_2FA: 'never' }, /^STAFF_2FA is invalid/],
    [{ SESSION_SECRET: 'short' }, /^SESSION_SECRET is invalid .*\(hidden\)$/],
    [{ PUBLIC_URL: 'ftp://x' }, /^PUBLIC_URL is invalid/],
    [{ GEO_FALLBACK_RADIUS_KM: 'far' }, /^GEO_FALLBACK_RADIUS_KM must be a number/],
    [{ TIME_ZONE: 'Asia/Nowhere' }, /^TIME_ZONE must be an IANA time zone/],
  ])('refuses %o with a one-line message naming the variable', (env, message) => {
    const run = () => loadConfig({ DATA_DIR: tmp(), ...env });
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(message);
    try {
      run();
    } catch (err) {
      expect((err as Error).message).not.toContain('\n');
    }
  });

  it('requires a shared SESSION_SECRET on PostgreSQL, where several processes must agree', () => {
    expect(() => loadConfig({ DATA_DIR: tmp(), DATABASE_URL: 'postgres://u@h/db' })).toThrow(
      /^SESSION_SECRET is required/,
    );
    const c = loadConfig({ DATABASE_URL: 'postgres://u@h/db', SESSION_SECRET: 'x'.repeat(40) });
    expect(c.demo).toBe(false);
  });

  it('stops `ishenim serve` with one line on stderr and exit code 1', () => {
    const r = spawnSync(process.execPath, ['bin/ishenim.js', 'serve'], {
      env: { PATH: process.env.PATH, DATA_DIR: tmp(), PORT: 'eighty' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual(['ishenim: PORT must be a whole number, got "eighty"']);
  });

  it('reads PHONE_COUNTRY (the country of national-format SMS senders), refusing unknown ones by name', () => {
    const dataDir = tmp();
    expect(loadConfig({ DATA_DIR: dataDir }).phoneCountry).toBe('KG');
    expect(loadConfig({ DATA_DIR: dataDir, PHONE_COUNTRY: ' kz ' }).phoneCountry).toBe('KZ');
    expect(() => loadConfig({ DATA_DIR: dataDir, PHONE_COUNTRY: 'XX' })).toThrow(/^PHONE_COUNTRY is invalid/);
  });

  it('believes X-Forwarded-For only from the proxies named in TRUST_PROXY', async () => {
    const { default: Fastify } = await import('fastify');
    const dataDir = tmp();
    const seen = async (trustProxy: string) => {
      const config = loadConfig({ DATA_DIR: dataDir, TRUST_PROXY: trustProxy });
      const app = Fastify({ trustProxy: trustedProxies(config) });
      app.get('/ip', async (req) => req.ip);
      const res = await app.inject({ url: '/ip', headers: { 'x-forwarded-for': '203.0.113.7' } });
      await app.close();
      return res.body;
    };
    expect(await seen('')).toBe('127.0.0.1');
    expect(await seen('loopback')).toBe('203.0.113.7');
    expect(await seen('10.0.0.5')).toBe('127.0.0.1');
    expect(() => loadConfig({ DATA_DIR: dataDir, TRUST_PROXY: 'loopback; rm -rf' })).toThrow(/TRUST_PROXY/);
    expect(loadConfig({ DATA_DIR: dataDir, SMALL_CELL_MINIMUM: '5' }).smallCellMinimum).toBe(5);
    expect(() => loadConfig({ DATA_DIR: dataDir, SMALL_CELL_MINIMUM: '1' })).toThrow(/SMALL_CELL_MINIMUM/);
  });

  it('documents every variable in the README configuration table', () => {
    const readme = readFileSync(path.resolve('README.md'), 'utf8');
    for (const v of ENV_DOC) expect(readme, `README lacks ${v.name}`).toContain(`\`${v.name}\``);
  });
});
