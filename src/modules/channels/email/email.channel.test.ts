/**
 * The e-mail channel through the real app, the durable outbox and a real local SMTP server (SQLite
 * and PostgreSQL): plain and HTML parts, RFC 8058 unsubscribe headers, the recipient's language,
 * SMTP login, DKIM signing, permanent and passing SMTP errors, exactly one message per outbox row,
 * and bounce / complaint reports that pause an address.
 */
import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app.ts';
import { describeDialects } from '../../../../test/db.ts';
import { drainOutbox } from '../channels.test-helpers.ts';
import { renderEmail } from './email.render.ts';
import { LocalSmtpServer } from './email.test-server.ts';

const BOUNCE_TOKEN = 'bounce-token-bounce-token-0123456789';

function dsn(recipient: string, action: string, status: string): string {
  return [
    'From: MAILER-DAEMON@mx.example.kg',
    'To: noreply@ishenim.test',
    'Subject: Undelivered Mail Returned to Sender',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain',
    '',
    'Your message could not be delivered.',
    '--b1',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.example.kg',
    '',
    `Final-Recipient: rfc822; ${recipient}`,
    `Action: ${action}`,
    `Status: ${status}`,
    'Diagnostic-Code: smtp; 550 5.1.1 user unknown',
    '--b1--',
    '',
  ].join('\r\n');
}

function arf(recipient: string): string {
  return [
    'Content-Type: multipart/report; report-type=feedback-report; boundary="f1"',
    '',
    '--f1',
    'Content-Type: message/feedback-report',
    '',
    'Feedback-Type: abuse',
    'User-Agent: SomeISP/1.0',
    'Version: 1',
    `Original-Rcpt-To: <${recipient}>`,
    '--f1--',
    '',
  ].join('\r\n');
}

describeDialects('e-mail channel', (dialect) => {
  const smtp = new LocalSmtpServer({ user: 'relay', password: 'relay-password' });
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  let t: TestApp;

  beforeAll(async () => {
    await smtp.start();
    t = await createTestApp(dialect, {
      mail: smtp.mailConfig({
        bounceToken: BOUNCE_TOKEN,
        dkim: {
          domain: 'ishenim.test',
          selector: 'mail',
          privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        },
      }),
    });
  });
  afterAll(async () => {
    await t?.close();
    await smtp.stop();
  });

  const enqueue = (address: string, subject = 'Тест', unsubscribeUrl?: string) =>
    t.app.ctx.db.write((trx) =>
      t.app.ctx.services.outbox.enqueue(trx, {
        channel: 'email',
        address: { plain: address },
        purpose: 'test',
        message: renderEmail({
          locale: 'ky',
          subject,
          heading: 'Салам!',
          paragraphs: ['Биринчи абзац <b>тег эмес</b>.', 'Экинчи абзац.'],
          action: { label: 'Ачуу', url: 'http://localhost/alerts/manage/x' },
          footer: ['Сиз бул катты жазылгандыктан алдыңыз.'],
          ...(unsubscribeUrl ? { unsubscribeUrl } : {}),
        }),
      }),
    );
  const row = (id: string) =>
    t.app.ctx.db.read.selectFrom('channel_outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const postReport = (body: string, token = BOUNCE_TOKEN, type = 'multipart/report; boundary="b1"') =>
    t.app.inject({
      method: 'POST',
      url: '/api/channels/email/reports',
      headers: { 'x-mail-report-token': token, 'content-type': type },
      payload: body,
    });

  it('sends plain text and HTML in the recipient language with one-click unsubscribe headers, DKIM-signed, logged in', async () => {
    const id = await enqueue(
      'Aigul@Example.KG',
      'Коопсуздук боюнча кабар',
      'http://localhost/alerts/stop/abc',
    );
    expect(await drainOutbox(t.app)).toEqual(['done']);
    const mails = smtp.to('Aigul@Example.KG');
    expect(mails).toHaveLength(1);
    const m = mails[0]!;
    expect(m.parsed.subject).toBe('Коопсуздук боюнча кабар');
    expect(m.parsed.text).toContain('Биринчи абзац <b>тег эмес</b>.');
    expect(m.parsed.text).toContain('http://localhost/alerts/manage/x');
    expect(m.parsed.html).toContain('Биринчи абзац &lt;b&gt;тег эмес&lt;/b&gt;.');
    expect(m.parsed.html).toContain('lang="ky"');
    expect(m.raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
    expect(m.raw).toMatch(/^List-Unsubscribe: <http:\/\/localhost\/alerts\/stop\/abc>/m);
    expect(m.parsed.headers.get('content-language')).toBe('ky');
    expect(m.raw).toMatch(/^DKIM-Signature: .*d=ishenim\.test/m);
    expect(m.raw).toMatch(/s=mail/);
    const r = await row(id);
    expect(r.status).toBe('sent');
    expect(r.provider_message_id).toBe(m.parsed.messageId);
    // The address is sealed in the outbox, never in plain.
    expect(r.address).not.toContain('Example');
  });

  it('never sends one row twice: a second run of the same job does nothing', async () => {
    const id = await enqueue('twice@example.kg');
    expect(await drainOutbox(t.app)).toEqual(['done']);
    expect(await t.app.ctx.services.outbox.deliver(id)).toBe('skipped');
    expect(smtp.to('twice@example.kg')).toHaveLength(1);
  });

  it('a 5xx answer fails the row at once; a 4xx is retried and then delivered', async () => {
    smtp.failNext = { code: 550, count: 1 };
    const dead = await enqueue('dead@example.kg');
    expect(await drainOutbox(t.app)).toEqual(['done']);
    expect((await row(dead)).status).toBe('failed');
    expect((await row(dead)).last_error).toContain('550');
    smtp.failNext = { code: 451, count: 1 };
    const later = await enqueue('later@example.kg');
    await drainOutbox(t.app);
    expect((await row(later)).status).toBe('pending');
    expect((await row(later)).last_error).toContain('451');
    await t.app.ctx.db.write((trx) =>
      trx
        .updateTable('job')
        .set({ run_at: new Date(0).toISOString() })
        .where('status', '=', 'pending')
        .execute(),
    );
    await drainOutbox(t.app);
    expect((await row(later)).status).toBe('sent');
    expect(smtp.to('later@example.kg')).toHaveLength(1);
  });

  it('bounce reports: token required, hard bounces and complaints pause the address, soft ones only count', async () => {
    expect((await postReport(dsn('x@example.kg', 'failed', '5.1.1'), 'wrong-token')).statusCode).toBe(403);
    const noAuth = await t.app.inject({
      method: 'POST',
      url: '/api/channels/email/reports',
      headers: { 'content-type': 'message/rfc822' },
      payload: 'x',
    });
    expect(noAuth.statusCode).toBe(403);
    const junk = await postReport('hello, this is not a report', BOUNCE_TOKEN, 'text/plain');
    expect(junk.statusCode).toBe(422);
    const json = await t.app.inject({
      method: 'POST',
      url: '/api/channels/email/reports',
      headers: { 'x-mail-report-token': BOUNCE_TOKEN, 'content-type': 'application/json' },
      payload: '{}',
    });
    expect(json.statusCode).toBe(422);

    const soft = await postReport(dsn('Soft@Example.kg', 'delayed', '4.2.2'));
    expect(soft.statusCode).toBe(200);
    expect(soft.json()).toEqual({ recorded: 1, paused: 0 });
    const hard = await postReport(dsn('Gone@Example.kg', 'failed', '5.1.1'));
    expect(hard.json()).toEqual({ recorded: 1, paused: 1 });
    expect((await postReport(dsn('gone@example.kg', 'failed', '5.1.1'))).json()).toEqual({
      recorded: 1,
      paused: 0,
    });
    expect((await postReport(arf('angry@example.kg'), BOUNCE_TOKEN, 'message/rfc822')).json()).toEqual({
      recorded: 1,
      paused: 1,
    });
    const reports = await t.app.ctx.db.read.selectFrom('email_report').selectAll().execute();
    expect(reports.map((r) => r.kind).sort()).toEqual([
      'complaint',
      'hard_bounce',
      'hard_bounce',
      'soft_bounce',
    ]);
    expect(JSON.stringify(reports)).not.toContain('example.kg');

    const before = smtp.received.length;
    const gone = await enqueue('GONE@example.kg');
    const angry = await enqueue('angry@example.kg');
    const soft2 = await enqueue('soft@example.kg');
    await drainOutbox(t.app);
    expect((await row(gone)).status).toBe('failed');
    expect((await row(gone)).last_error).toContain('paused');
    expect((await row(angry)).status).toBe('failed');
    expect((await row(soft2)).status).toBe('sent');
    expect(smtp.received.length).toBe(before + 1);
  });

  it('answers any report body with a 2xx or a 4xx, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 400 }),
          fc
            .tuple(
              fc.emailAddress(),
              fc.constantFrom('failed', 'delayed', 'relayed', ''),
              fc.string({ maxLength: 8 }),
            )
            .map(([a, action, status]) => dsn(a, action, status)),
        ),
        async (body) => {
          const res = await postReport(body, BOUNCE_TOKEN, 'text/plain');
          expect(res.statusCode, body).toBeLessThan(500);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('e-mail reports endpoint without a token configured', () => {
  it('is not found', async () => {
    const t = await createTestApp('sqlite');
    try {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/channels/email/reports',
        headers: { 'x-mail-report-token': 'x', 'content-type': 'text/plain' },
        payload: 'x',
      });
      expect(res.statusCode).toBe(404);
    } finally {
      await t.close();
    }
  });
});
