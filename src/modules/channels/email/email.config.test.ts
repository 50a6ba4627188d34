/** E-mail configuration from the environment: all or nothing, with a message naming what is missing. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../config.ts';

const base = { SESSION_SECRET: 'x'.repeat(40), DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'mailcfg-')) };
const load = (env: Record<string, string>) => loadConfig({ ...base, ...env });

describe('e-mail configuration', () => {
  it('is off when nothing is set', () => {
    expect(load({}).mail).toBeUndefined();
  });

  it('reads host, port, TLS mode, login and sender', () => {
    const c = load({
      SMTP_HOST: 'smtp.example.kg',
      SMTP_TLS: 'tls',
      SMTP_USER: 'u',
      SMTP_PASSWORD: 'p',
      MAIL_FROM: 'Ishenim <noreply@example.kg>',
    }).mail!;
    expect(c).toMatchObject({ host: 'smtp.example.kg', port: 465, tls: 'tls', user: 'u', password: 'p' });
    expect(load({ SMTP_HOST: 'h', MAIL_FROM: 'a@b.kg' }).mail).toMatchObject({ port: 587, tls: 'starttls' });
  });

  it('refuses half a configuration, naming the missing variable and never echoing secrets', () => {
    expect(() => load({ SMTP_HOST: 'h' })).toThrow(/MAIL_FROM is required when SMTP_HOST is set/);
    expect(() => load({ MAIL_FROM: 'a@b.kg' })).toThrow(/SMTP_HOST is required when MAIL_FROM/);
    expect(() => load({ SMTP_PASSWORD: 'hunter2hunter2' })).toThrow(/SMTP_HOST is required/);
    let msg = '';
    try {
      load({ SMTP_HOST: 'h', MAIL_FROM: 'a@b.kg', SMTP_PASSWORD: 'hunter2hunter2' });
    } catch (e) {
      msg = (e as Error).message;
      expect(e).toBeInstanceOf(ConfigError);
    }
    expect(msg).toContain('SMTP_USER is required when SMTP_PASSWORD is set');
    expect(msg).not.toContain('hunter2');
    expect(() => load({ SMTP_HOST: 'h', MAIL_FROM: 'a@b.kg', SMTP_TLS: 'ssl' })).toThrow(/SMTP_TLS must be/);
    expect(() => load({ SMTP_HOST: 'h', MAIL_FROM: 'a@b.kg', DKIM_DOMAIN: 'b.kg' })).toThrow(
      /DKIM_SELECTOR is required when DKIM_DOMAIN/,
    );
    expect(() => load({ SMTP_HOST: 'h', MAIL_FROM: 'a@b.kg', SMTP_PORT: 'x' })).toThrow(/SMTP_PORT must be/);
    expect(() => load({ SMTP_HOST: 'h', MAIL_FROM: 'a@b.kg', MAIL_BOUNCE_TOKEN: 'short' })).toThrow(
      /MAIL_BOUNCE_TOKEN/,
    );
  });

  it('reads the DKIM key from its file', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'dkim-')), 'k.pem');
    writeFileSync(file, '-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----\n');
    const c = load({
      SMTP_HOST: 'h',
      MAIL_FROM: 'a@b.kg',
      DKIM_DOMAIN: 'b.kg',
      DKIM_SELECTOR: 's1',
      DKIM_PRIVATE_KEY_FILE: file,
    }).mail!;
    expect(c.dkim).toMatchObject({ domain: 'b.kg', selector: 's1' });
    expect(() =>
      load({
        SMTP_HOST: 'h',
        MAIL_FROM: 'a@b.kg',
        DKIM_DOMAIN: 'b.kg',
        DKIM_SELECTOR: 's1',
        DKIM_PRIVATE_KEY_FILE: '/nonexistent/key.pem',
      }),
    ).toThrow(/DKIM_PRIVATE_KEY_FILE cannot be read/);
  });
});
