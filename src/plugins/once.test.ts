/**
 * Each POST once (rule 14), through the real app on SQLite and PostgreSQL: the one-time key a page
 * form carries makes a reload or a double click of the same form do nothing twice, JS off (the
 * browser simply posts the same form again) — and for concurrent twins as well.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { describeDialects } from '../../test/db.ts';
import { createSession, csrfPair, sessionCookies } from '../../test/factories.ts';
import { reportBody, reportWorld, type ReportWorld } from '../modules/reports/reports.fixtures.ts';
import { newOnceKey, onceAction } from '../views/once.ts';

describeDialects('each POST once', (dialect) => {
  let t: TestApp;
  let w: ReportWorld;
  let officerSid: string;
  let otherSid: string;

  beforeAll(async () => {
    t = await createTestApp(dialect, { reportLimitPerHour: 100_000 });
    w = await reportWorld(t.app);
    officerSid = await createSession(t.app, w.officer.id);
    otherSid = await createSession(t.app, w.supervisor.id);
  });
  afterAll(async () => t?.close());

  const newReport = async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/reports', payload: reportBody() });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; reference: string };
  };
  const notes = async (reportId: string, body: string) =>
    (
      await t.app.ctx.db.read
        .selectFrom('report_event')
        .select('id')
        .where('report_id', '=', reportId)
        .where('body', '=', body)
        .execute()
    ).length;
  const post = (url: string, fields: Record<string, string>, sid = officerSid) => {
    const c = csrfPair(t.app);
    return t.app.inject({
      method: 'POST',
      url,
      cookies: { ...sessionCookies(sid), ...c.cookies },
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ ...fields, _csrf: c.token }).toString(),
    });
  };

  it('gives every form on a staff page its own one-time key', async () => {
    const r = await newReport();
    const page = await t.app.inject({ url: `/staff/reports/${r.id}`, cookies: sessionCookies(officerSid) });
    expect(page.statusCode).toBe(200);
    const actions = [...page.body.matchAll(/<form method="post" action="([^"]+)"/g)].map((m) => m[1]!);
    const keyed = actions.filter((a) => a.includes('_once='));
    expect(keyed.length).toBeGreaterThanOrEqual(4);
    const keys = keyed.map((a) => /_once=([\w-]+)/.exec(a)![1]);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('does a form sent twice (reload, double click) once, and sends the second where the first went', async () => {
    const r = await newReport();
    const page = await t.app.inject({ url: `/staff/reports/${r.id}`, cookies: sessionCookies(officerSid) });
    const action = /action="([^"]*\/notes\?_once=[^"]+)"/.exec(page.body)![1]!.replace(/&amp;/g, '&');
    const fields = { kind: 'note', body: 'Spoke to the shop owner about the lights.' };
    const first = await post(action, fields);
    expect(first.statusCode, first.body).toBe(303);
    const second = await post(action, fields);
    expect(second.statusCode).toBe(303);
    expect(second.headers.location).toBe(first.headers.location);
    expect(await notes(r.id, fields.body)).toBe(1);
    // A fresh key is a new submission.
    const third = await post(onceAction(`/staff/reports/${r.id}/notes`), fields);
    expect(third.statusCode).toBe(303);
    expect(await notes(r.id, fields.body)).toBe(2);
  });

  it('lets exactly one of two concurrent twins through; the other waits and follows it', async () => {
    const r = await newReport();
    const url = onceAction(`/staff/reports/${r.id}/notes`);
    const fields = { kind: 'note', body: 'Double-clicked note.' };
    const [a, b] = await Promise.all([post(url, fields), post(url, fields)]);
    expect([a.statusCode, b.statusCode]).toEqual([303, 303]);
    expect(a.headers.location).toBe(b.headers.location);
    expect(await notes(r.id, fields.body)).toBe(1);
  });

  it('frees the key of a refused form, so the corrected form goes through', async () => {
    const r = await newReport();
    const url = onceAction(`/staff/reports/${r.id}/notes`);
    const refused = await post(url, { kind: 'note', body: '   ' });
    expect(refused.statusCode).toBe(400);
    const fixed = await post(url, { kind: 'note', body: 'Now with text.' });
    expect(fixed.statusCode, fixed.body).toBe(303);
    expect(await notes(r.id, 'Now with text.')).toBe(1);
  });

  it('never sends someone else where another person’s key went', async () => {
    const r = await newReport();
    const url = onceAction(`/staff/reports/${r.id}/notes`);
    expect((await post(url, { kind: 'note', body: 'Mine.' })).statusCode).toBe(303);
    const other = await post(url, { kind: 'note', body: 'Mine.' }, otherSid);
    expect(other.statusCode).toBe(409);
    expect(other.headers.location).toBeUndefined();
    expect(await notes(r.id, 'Mine.')).toBe(1);
  });

  it('answers a resident who re-sends a message on /track with a page in their language, not a second message', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      payload: reportBody({ privacy: 'anonymous' }),
    });
    const { id, receipt } = created.json() as { id: string; receipt: string };
    const url = onceAction('/track/message');
    const send = () =>
      t.app.inject({
        method: 'POST',
        url,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          origin: 'http://localhost',
          'accept-language': 'ru',
        },
        payload: new URLSearchParams({ receipt, text: 'Есть новости?' }).toString(),
      });
    expect((await send()).statusCode).toBe(200);
    const again = await send();
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('уже была отправлена');
    expect(await notes(id, 'Есть новости?')).toBe(1);
  });

  it('refuses a malformed key with a 400 that names it, and leaves forms without a key alone', async () => {
    const r = await newReport();
    const bad = await post(`/staff/reports/${r.id}/notes?_once=not-a-key`, { kind: 'note', body: 'x' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('_once');
    expect(await notes(r.id, 'x')).toBe(0);
    expect(newOnceKey()).toMatch(/^[\w-]{22}$/);
    const plain = await post(`/staff/reports/${r.id}/notes`, { kind: 'note', body: 'no key' });
    expect(plain.statusCode).toBe(303);
  });
});
