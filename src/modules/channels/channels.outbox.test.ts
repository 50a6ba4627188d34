/**
 * The outbox and the admin pages through the real app and a local Bot API server (SQLite and
 * PostgreSQL): retries with back-off after an outage, permanent refusals shown to admins and sent
 * again on request, the at-most-once rule for an interrupted send, order per resident, write-only
 * secrets, the test message, and need-to-know (only admins reach these pages).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { describeDialects } from '../../../test/db.ts';
import { createSession, csrfPair, sessionCookies } from '../../../test/factories.ts';
import { clock, HOUR } from '../../shared/time.ts';
import { reportWorld, type ReportWorld } from '../reports/reports.fixtures.ts';
import { adminActorOf, drainOutbox } from './channels.test-helpers.ts';
import { FakeBotApi } from './telegram/telegram.test-server.ts';

const TOKEN = '777:secret-bot-token-value';

describeDialects('channel outbox and admin pages', (dialect) => {
  let t: TestApp;
  let w: ReportWorld;
  const bot = new FakeBotApi();
  let adminSid: string;
  let officerSid: string;

  beforeAll(async () => {
    await bot.start();
    t = await createTestApp(dialect);
    w = await reportWorld(t.app);
    adminSid = await createSession(t.app, w.admin.id);
    officerSid = await createSession(t.app, w.officer.id);
  });
  afterAll(async () => {
    clock.reset();
    await t?.close();
    await bot.stop();
  });

  const form = async (sid: string, url: string, fields: Record<string, string>) => {
    const c = csrfPair(t.app);
    return t.app.inject({
      method: 'POST',
      url,
      cookies: { ...sessionCookies(sid), ...c.cookies },
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ ...fields, _csrf: c.token }).toString(),
    });
  };
  const get = (sid: string, url: string) =>
    t.app.inject({ method: 'GET', url, cookies: sessionCookies(sid) });
  const rows = () => t.app.ctx.db.read.selectFrom('channel_outbox').selectAll().orderBy('id').execute();

  describe('admin pages', () => {
    it('configures Telegram: secrets are write-only, URLs are checked, every change is audited', async () => {
      const bad = await form(adminSid, '/admin/channels/telegram', {
        bot_token: TOKEN,
        webhook_secret: 'whsec-1',
        api_root: 'ftp://x',
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('http:// or https://');
      expect(bad.body).not.toContain(TOKEN);
      expect(bad.body).toContain('class="error-summary"');
      const ok = await form(adminSid, '/admin/channels/telegram', {
        bot_token: TOKEN,
        webhook_secret: 'whsec-1',
        api_root: bot.url,
      });
      expect(ok.statusCode).toBe(303);
      const page = await get(adminSid, ok.headers.location as string);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Telegram settings saved.');
      expect(page.body).toContain('A value is set.');
      expect(page.body).not.toContain(TOKEN);
      expect(page.body).not.toContain('whsec-1');
      expect(page.body).toContain(bot.url);
      const stored = await t.app.ctx.db.read
        .selectFrom('channel_setting')
        .selectAll()
        .where('key', '=', 'bot_token')
        .executeTakeFirstOrThrow();
      expect(stored.value).not.toContain(TOKEN);
      expect((await t.app.ctx.services.channelSettings.read('telegram')).bot_token).toBe(TOKEN);
      // An empty secret keeps the stored one; "remove" removes it.
      expect(
        (
          await form(adminSid, '/admin/channels/telegram', {
            bot_token: '',
            webhook_secret: '',
            api_root: bot.url,
          })
        ).statusCode,
      ).toBe(303);
      expect((await t.app.ctx.services.channelSettings.read('telegram')).bot_token).toBe(TOKEN);
      const audit = await t.app.ctx.db.read
        .selectFrom('audit_event')
        .selectAll()
        .where('action', '=', 'channel.settings.update')
        .execute();
      expect(audit.length).toBeGreaterThanOrEqual(2);
      expect(JSON.stringify(audit)).not.toContain(TOKEN);
      expect((await form(adminSid, '/admin/channels/telegram', { unknown_key: 'x' })).statusCode).toBe(400);
    });

    it('is not found for staff who are not admins', async () => {
      expect((await get(officerSid, '/admin/channels')).statusCode).toBe(404);
      expect((await get(officerSid, '/admin/channels/outbox')).statusCode).toBe(404);
      expect((await form(officerSid, '/admin/channels/telegram', { bot_token: 'x' })).statusCode).toBe(404);
      expect((await form(officerSid, '/admin/channels/telegram/test', { address: '1' })).statusCode).toBe(
        404,
      );
      expect((await t.app.inject({ method: 'GET', url: '/admin/channels' })).statusCode).toBe(303);
    });

    it('sends a test message through the outbox; a missing address is an error next to the field', async () => {
      const empty = await form(adminSid, '/admin/channels/telegram/test', { address: '' });
      expect(empty.statusCode).toBe(400);
      expect(empty.body).toContain('Enter a chat id or phone number');
      const res = await form(adminSid, '/admin/channels/telegram/test', { address: '31337' });
      expect(res.statusCode).toBe(303);
      expect(await drainOutbox(t.app)).toEqual(['done']);
      const sent = bot.sent('31337');
      expect(sent).toHaveLength(1);
      expect(sent[0]!.text).toContain('Ishenim test message');
      expect(bot.calls[0]!.token).toBe(TOKEN);
    });
  });

  describe('delivery', () => {
    const queue = (address: string) =>
      t.app.ctx.services.outbox.sendTest(adminActorOf(w.admin.id), {
        channel: 'telegram',
        address,
        text: `hello ${address}`,
      });

    it('an outage loses nothing: the send is retried with back-off, then delivered once, in order', async () => {
      bot.failures.push({ status: 502, error_code: 502, description: 'Bad Gateway' });
      const a = await queue('1001');
      const b = await queue('1001');
      const outcomes = await drainOutbox(t.app);
      expect(outcomes).toContain('retry');
      let r = await rows();
      expect(r.find((x) => x.id === a)).toMatchObject({ status: 'pending', attempts: 1 });
      expect(r.find((x) => x.id === a)!.last_error).toMatch(/Bad Gateway/);
      // The later message waits for the earlier one: nothing reached the resident yet.
      expect(r.find((x) => x.id === b)!.status).toBe('pending');
      expect(bot.sent('1001')).toHaveLength(0);
      // Nothing is due until the back-off has passed.
      expect(await drainOutbox(t.app)).toEqual([]);
      clock.advance(HOUR);
      try {
        await drainOutbox(t.app);
        clock.advance(HOUR);
        await drainOutbox(t.app);
      } finally {
        clock.reset();
      }
      r = await rows();
      expect(r.find((x) => x.id === a)!.status).toBe('sent');
      expect(r.find((x) => x.id === b)!.status).toBe('sent');
      expect(bot.sent('1001').map((m) => m.text)).toEqual(['hello 1001', 'hello 1001']);
      // Running the job again sends nothing more.
      expect(await t.app.ctx.services.outbox.deliver(a)).toBe('skipped');
      expect(bot.sent('1001')).toHaveLength(2);
    });

    it('a refusal (blocked bot) fails at once, is shown to admins, and can be sent again', async () => {
      bot.failures.push({
        status: 403,
        error_code: 403,
        description: 'Forbidden: bot was blocked by the user',
      });
      const id = await queue('2002');
      expect(await drainOutbox(t.app)).toEqual(['done']);
      expect((await rows()).find((x) => x.id === id)).toMatchObject({ status: 'failed', attempts: 1 });
      const page = await get(adminSid, '/admin/channels/outbox');
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('bot was blocked by the user');
      expect(page.body).not.toContain('2002'); // never the address
      expect(page.body).not.toContain('hello'); // never the words
      const retry = await form(adminSid, `/admin/channels/outbox/${id}/retry`, {});
      expect(retry.statusCode).toBe(303);
      await drainOutbox(t.app);
      expect((await rows()).find((x) => x.id === id)!.status).toBe('sent');
      expect(bot.sent('2002')).toHaveLength(1);
      expect((await form(adminSid, `/admin/channels/outbox/${id}/retry`, {})).statusCode).toBe(400);
    });

    it('a send interrupted by a crash is not repeated automatically (at most once), but shown', async () => {
      const id = await queue('3003');
      // As if a process claimed it, called Telegram, and died before recording the outcome.
      await t.app.ctx.db.write((trx) =>
        trx
          .updateTable('channel_outbox')
          .set({ status: 'sending', attempts: 1, locked_until: '2000-01-01T00:00:00.000Z' })
          .where('id', '=', id)
          .execute(),
      );
      await drainOutbox(t.app);
      const row = (await rows()).find((x) => x.id === id)!;
      expect(row.status).toBe('failed');
      expect(row.last_error).toMatch(/delivery unknown/);
      expect(bot.sent('3003')).toHaveLength(0);
    });

    it('a channel without its token keeps its messages until it is configured again', async () => {
      const settings = t.app.ctx.services.channelSettings;
      await settings.update(adminActorOf(w.admin.id), 'telegram', { values: {}, clear: ['bot_token'] });
      const id = await queue('4004');
      await drainOutbox(t.app);
      const row = (await rows()).find((x) => x.id === id)!;
      expect(row.status).toBe('pending');
      expect(row.last_error).toMatch(/not configured/);
      await settings.update(adminActorOf(w.admin.id), 'telegram', { values: { bot_token: TOKEN } });
      clock.advance(HOUR);
      try {
        await drainOutbox(t.app);
      } finally {
        clock.reset();
      }
      expect((await rows()).find((x) => x.id === id)!.status).toBe('sent');
      expect(bot.sent('4004')).toHaveLength(1);
    });
  });
});
