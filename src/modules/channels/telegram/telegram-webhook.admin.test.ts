/**
 * "Register the webhook" on /admin/channels through real HTTP (app.inject) and a local server that
 * speaks the Bot API's setWebhook / getWebhookInfo (SQLite and PostgreSQL): the URL is PUBLIC_URL +
 * /channels/telegram/webhook with the stored secret (created when none is set, so Telegram's
 * deliveries then pass the webhook's check), the page reports what Telegram says in plain words,
 * Telegram's refusals and silence are shown next to the button (never a 5xx), every attempt is
 * audited without the secret, and only admins reach it.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app.ts';
import { describeDialects } from '../../../../test/db.ts';
import { createSession, csrfPair, sessionCookies } from '../../../../test/factories.ts';
import { reportWorld, type ReportWorld } from '../../reports/reports.fixtures.ts';
import { adminActorOf } from '../channels.test-helpers.ts';
import { TELEGRAM_MAX_CONNECTIONS } from './telegram-webhook.service.ts';
import { FakeBotApi, textUpdate } from './telegram.test-server.ts';

const PUBLIC = 'https://ishenim.example.kg';
const HOOK = `${PUBLIC}/channels/telegram/webhook`;
const TOKEN = '5550123:bot-token-never-shown';

describeDialects('telegram webhook registration', (dialect) => {
  let t: TestApp;
  let w: ReportWorld;
  const bot = new FakeBotApi();
  let adminSid: string;
  let officerSid: string;

  beforeAll(async () => {
    await bot.start();
    t = await createTestApp(dialect, { publicUrl: PUBLIC });
    w = await reportWorld(t.app);
    adminSid = await createSession(t.app, w.admin.id);
    officerSid = await createSession(t.app, w.officer.id);
  });
  afterAll(async () => {
    await t?.close();
    await bot.stop();
  });

  const register = (sid = adminSid) => {
    const c = csrfPair(t.app);
    return t.app.inject({
      method: 'POST',
      url: '/admin/channels/telegram/webhook',
      cookies: { ...sessionCookies(sid), ...c.cookies },
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: c.token }).toString(),
    });
  };
  const page = async (url = '/admin/channels') => {
    const res = await t.app.inject({ method: 'GET', url, cookies: sessionCookies(adminSid) });
    expect(res.statusCode, res.body).toBe(200);
    return res.body;
  };
  const configure = (values: Record<string, string>) =>
    t.app.ctx.services.channelSettings.update(adminActorOf(w.admin.id), 'telegram', { values });
  const auditOf = (action: string) =>
    t.app.ctx.db.read
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', action)
      .orderBy('seq')
      .execute();
  const setWebhookCalls = () => bot.calls.filter((c) => c.method === 'setWebhook');
  /** The message shown next to the button (and linked from the error summary). */
  const buttonError = (html: string) =>
    html.match(/<p class="field-error" id="telegram-webhook-register-error">([^<]*)<\/p>/)?.[1] ?? null;

  it('asks for the bot token first; nothing is sent to Telegram', async () => {
    const body = await page();
    expect(body).toContain('Save the bot token first');
    const res = await register();
    expect(res.statusCode).toBe(400);
    expect(buttonError(res.body)).toContain('Save the bot token first');
    expect(res.body).toContain('class="error-summary"');
    expect(bot.calls).toHaveLength(0);
  });

  it('registers PUBLIC_URL + the webhook path with a created secret, which then opens the webhook', async () => {
    await configure({ bot_token: TOKEN, api_root: bot.url });
    const before = await page();
    expect(before).toContain('No webhook is registered');
    expect(before).toContain(`Asks Telegram to send the bot's messages to ${HOOK}`);
    expect(before).not.toContain('does not start with https://');

    const res = await register();
    expect(res.statusCode, res.body).toBe(303);
    expect(res.headers.location).toBe('/admin/channels?webhook=set');
    const [call] = setWebhookCalls();
    expect(call!.token).toBe(TOKEN);
    const secret = (await t.app.ctx.services.channelSettings.read('telegram')).webhook_secret!;
    expect(secret).toMatch(/^[A-Za-z0-9_-]{40,256}$/);
    expect(call!.body).toEqual({
      url: HOOK,
      secret_token: secret,
      allowed_updates: ['message', 'edited_message', 'callback_query'],
      max_connections: TELEGRAM_MAX_CONNECTIONS,
      drop_pending_updates: false,
    });

    const after = await page(res.headers.location as string);
    expect(after).toContain(`Telegram accepted the webhook: it now sends the bot's messages to ${HOOK}.`);
    expect(after).toContain(`Telegram sends the bot's messages to ${HOOK}.`);
    expect(after).not.toContain('This is not this server');
    expect(after).toContain('No messages are waiting at Telegram.');
    expect(after).toContain('Telegram reports no failed deliveries.');
    expect(after).not.toContain(secret);
    expect(after).not.toContain(TOKEN);

    // The created secret was stored and audited (by name) before Telegram was called; the attempt too.
    const settingsAudit = await auditOf('channel.settings.update');
    expect(JSON.parse(settingsAudit.at(-1)!.details as string)).toEqual({ fields: ['webhook_secret'] });
    const [reg] = await auditOf('channel.telegram.webhook.register');
    expect(reg!.actor_id).toBe(w.admin.id);
    expect(JSON.parse(reg!.details as string)).toEqual({ url: HOOK, ok: true, secretCreated: true });
    expect(JSON.stringify([...settingsAudit, reg])).not.toContain(secret);

    // What Telegram now sends with each update passes the webhook's check.
    const delivered = await t.app.inject({
      method: 'POST',
      url: '/channels/telegram/webhook',
      headers: { 'x-telegram-bot-api-secret-token': bot.webhook.secret_token! },
      payload: textUpdate(9001, 777001, '/start'),
    });
    expect(delivered.statusCode, delivered.body).toBe(200);

    // Registering again keeps the stored secret.
    expect((await register()).statusCode).toBe(303);
    expect(setWebhookCalls().at(-1)!.body.secret_token).toBe(secret);
    expect(
      JSON.parse((await auditOf('channel.telegram.webhook.register')).at(-1)!.details as string),
    ).toEqual({
      url: HOOK,
      ok: true,
      secretCreated: false,
    });
  });

  it('reports waiting updates, the last delivery error and a webhook pointing elsewhere in plain words', async () => {
    bot.webhook = {
      ...bot.webhook,
      url: 'https://old-server.example.org/tg',
      pending_update_count: 3,
      last_error_date: Date.UTC(2026, 10, 28, 21, 5, 30) / 1000,
      last_error_message: 'Wrong response from the webhook: 502 Bad Gateway',
    };
    const body = await page();
    expect(body).toContain("Telegram sends the bot's messages to https://old-server.example.org/tg.");
    expect(body).toContain(`This is not this server's address (${HOOK}): register the webhook again.`);
    expect(body).toContain('3 messages are waiting at Telegram to be delivered.');
    expect(body).toContain(
      'Telegram last failed to deliver a message on 2026-11-28 21:05 UTC: Wrong response from the webhook: 502 Bad Gateway',
    );
    bot.webhook.pending_update_count = 1;
    expect(await page()).toContain('1 message is waiting at Telegram to be delivered.');
    // In Russian, with its plural forms.
    const ru = async () =>
      (
        await t.app.inject({
          method: 'GET',
          url: '/admin/channels',
          cookies: { ...sessionCookies(adminSid), lang: 'ru' },
        })
      ).body;
    expect(await ru()).toContain('В Telegram 1 сообщение ждёт доставки.');
    bot.webhook.pending_update_count = 5;
    expect(await ru()).toContain('В Telegram 5 сообщений ждут доставки.');
    bot.webhook.pending_update_count = 0;
  });

  it("shows Telegram's refusal next to the button (400, not a 5xx) and audits the attempt", async () => {
    bot.webhookFailures.push({
      status: 400,
      error_code: 400,
      description: 'Bad Request: bad webhook: Failed to resolve host: Name or service not known',
    });
    const res = await register();
    expect(res.statusCode).toBe(400);
    expect(buttonError(res.body)).toBe(
      'The webhook was not registered: Bad Request: bad webhook: Failed to resolve host: Name or service not known',
    );
    expect(res.body).toContain('href="#telegram-webhook-register"');
    expect(res.body).toContain(
      'aria-describedby="telegram-webhook-register-hint telegram-webhook-register-error"',
    );
    const last = (await auditOf('channel.telegram.webhook.register')).at(-1)!;
    expect(JSON.parse(last.details as string)).toMatchObject({
      ok: false,
      error: 'Bad Request: bad webhook: Failed to resolve host: Name or service not known',
    });

    // A revoked token: Telegram answers 401 Unauthorized, to the page as well.
    bot.tokens = new Set(['other:token']);
    const revoked = await register();
    expect(revoked.statusCode).toBe(400);
    expect(buttonError(revoked.body)).toBe('The webhook was not registered: Unauthorized');
    expect(revoked.body).toContain('Could not ask Telegram about the webhook: Unauthorized');
    bot.tokens = null;
  });

  it('a Bot API that does not answer is said in words, without the token', async () => {
    await configure({ api_root: 'http://127.0.0.1:9' });
    const body = await page();
    expect(body).toContain('Could not ask Telegram about the webhook: the Bot API did not answer');
    const res = await register();
    expect(res.statusCode).toBe(400);
    expect(buttonError(res.body)).toContain('The webhook was not registered: the Bot API did not answer');
    expect(res.body).not.toContain(TOKEN);
    const last = (await auditOf('channel.telegram.webhook.register')).at(-1)!;
    expect(JSON.parse(last.details as string)).toMatchObject({ ok: false, error: 'Bot API unreachable' });
    expect(last.details).not.toContain(TOKEN);
    await configure({ api_root: bot.url });
  });

  it('a stored secret Telegram cannot take is refused before calling it', async () => {
    await configure({ webhook_secret: 'has.dots and spaces' });
    const calls = setWebhookCalls().length;
    const res = await register();
    expect(res.statusCode).toBe(400);
    expect(buttonError(res.body)).toContain('may contain only Latin letters, digits, _ and -');
    expect(setWebhookCalls()).toHaveLength(calls);
    expect(res.body).not.toContain('has.dots and spaces');
  });

  it('is "not found" for staff who are not admins', async () => {
    const calls = bot.calls.length;
    expect((await register(officerSid)).statusCode).toBe(404);
    expect(bot.calls).toHaveLength(calls);
  });
});

describeDialects('telegram webhook registration without an https PUBLIC_URL', (dialect) => {
  let t: TestApp;
  const bot = new FakeBotApi();
  let sid: string;

  beforeAll(async () => {
    await bot.start();
    t = await createTestApp(dialect, { publicUrl: 'http://localhost:8080' });
    const w = await reportWorld(t.app);
    sid = await createSession(t.app, w.admin.id);
    await t.app.ctx.services.channelSettings.update(adminActorOf(w.admin.id), 'telegram', {
      values: { bot_token: TOKEN, webhook_secret: 'secret_1-ok', api_root: bot.url },
    });
  });
  afterAll(async () => {
    await t?.close();
    await bot.stop();
  });

  it('warns on the page; Telegram refuses http, a local Bot API server takes it', async () => {
    const get = await t.app.inject({ method: 'GET', url: '/admin/channels', cookies: sessionCookies(sid) });
    expect(get.body).toContain('This address does not start with https://');
    const post = () => {
      const c = csrfPair(t.app);
      return t.app.inject({
        method: 'POST',
        url: '/admin/channels/telegram/webhook',
        cookies: { ...sessionCookies(sid), ...c.cookies },
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: c.token }).toString(),
      });
    };
    const refused = await post();
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain(
      'The webhook was not registered: Bad Request: bad webhook: An HTTPS URL must be provided for webhook',
    );
    bot.allowHttpWebhooks = true;
    expect((await post()).statusCode).toBe(303);
    expect(bot.webhook).toMatchObject({
      url: 'http://localhost:8080/channels/telegram/webhook',
      secret_token: 'secret_1-ok',
    });
  });
});
