/**
 * The admin page for WhatsApp and SMS (the shared /admin/channels form, with the fields these
 * adapters declare): secrets write-only, URLs checked, and "send test message" reaching the local
 * Graph API / SMS gateway through the outbox. SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app.ts';
import { describeDialects } from '../../../../test/db.ts';
import { clock } from '../../../shared/time.ts';
import { createSession, csrfPair, sessionCookies } from '../../../../test/factories.ts';
import { reportWorld, type ReportWorld } from '../../reports/reports.fixtures.ts';
import { outboxSettled } from '../channel-test-kit.ts';
import { startFakeSmsGateway, type FakeSmsGateway } from '../sms/sms.test-helpers.ts';
import { PHONE_NUMBER_ID } from './whatsapp.fixtures.ts';
import { startFakeGraph, type FakeGraph } from './whatsapp.test-helpers.ts';

const ACCESS_TOKEN = 'EAAtest-token';
const APP_SECRET = 'app-secret-never-shown-42';
const SMS_PASSWORD = 'gateway-pass';
const SIGNING_KEY = 'signing-key-never-shown-17';

describeDialects('WhatsApp and SMS admin settings', (dialect) => {
  let t: TestApp;
  let w: ReportWorld;
  let graph: FakeGraph;
  let gw: FakeSmsGateway;
  let adminSid: string;

  beforeAll(async () => {
    graph = await startFakeGraph(ACCESS_TOKEN);
    gw = await startFakeSmsGateway('sms', SMS_PASSWORD);
    t = await createTestApp(dialect);
    w = await reportWorld(t.app);
    adminSid = await createSession(t.app, w.admin.id);
  });
  afterAll(async () => {
    clock.reset();
    await t?.close();
    await graph?.close();
    await gw?.close();
  });

  const form = async (url: string, fields: Record<string, string>) => {
    const c = csrfPair(t.app);
    return t.app.inject({
      method: 'POST',
      url,
      cookies: { ...sessionCookies(adminSid), ...c.cookies },
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ ...fields, _csrf: c.token }).toString(),
    });
  };
  const get = (url: string) => t.app.inject({ method: 'GET', url, cookies: sessionCookies(adminSid) });

  it('configures WhatsApp: secrets are never rendered back, the Graph address must be http(s)', async () => {
    const page = await get('/admin/channels');
    expect(page.statusCode).toBe(200);
    for (const label of [
      'Phone number ID',
      'App secret',
      'Verify token',
      'Gateway API address',
      'Webhook signing key',
    ])
      expect(page.body).toContain(label);
    const fields = {
      phone_number_id: PHONE_NUMBER_ID,
      access_token: ACCESS_TOKEN,
      app_secret: APP_SECRET,
      verify_token: 'verify-me',
      graph_base_url: graph.baseUrl,
      graph_version: graph.version,
      template_name: '',
      template_language: '',
    };
    const bad = await form('/admin/channels/whatsapp', { ...fields, graph_base_url: 'file:///etc/passwd' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).not.toContain(APP_SECRET);
    const ok = await form('/admin/channels/whatsapp', fields);
    expect(ok.statusCode).toBe(303);
    const after = await get(ok.headers.location as string);
    expect(after.statusCode).toBe(200);
    expect(after.body).toContain(graph.baseUrl);
    expect(after.body).not.toContain(APP_SECRET);
    expect(after.body).not.toContain(ACCESS_TOKEN);
    const stored = await t.app.ctx.db.read
      .selectFrom('channel_setting')
      .selectAll()
      .where('channel', '=', 'whatsapp')
      .execute();
    expect(JSON.stringify(stored)).not.toContain(APP_SECRET);
  });

  it('sends a WhatsApp test message through the outbox to the Graph API', async () => {
    const res = await form('/admin/channels/whatsapp/test', { address: '996555444333' });
    expect(res.statusCode).toBe(303);
    await outboxSettled(t.app);
    const m = graph.sent.find((x) => x.body.to === '996555444333');
    expect(m).toBeDefined();
    expect(m!.phoneNumberId).toBe(PHONE_NUMBER_ID);
  });

  it('configures SMS and sends a test SMS through the gateway', async () => {
    const ok = await form('/admin/channels/sms', {
      gateway: 'android-sms-gateway',
      gateway_url: gw.url,
      login: gw.login,
      password: SMS_PASSWORD,
      signing_key: SIGNING_KEY,
    });
    expect(ok.statusCode).toBe(303);
    const after = await get(ok.headers.location as string);
    expect(after.body).not.toContain(SIGNING_KEY);
    expect(after.body).not.toContain(SMS_PASSWORD);
    const res = await form('/admin/channels/sms/test', { address: '+996770111222' });
    expect(res.statusCode).toBe(303);
    await outboxSettled(t.app);
    expect(gw.sent.filter((s) => s.to === '+996770111222')).toHaveLength(1);
  });
});
