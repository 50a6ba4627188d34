/**
 * A local server that speaks the SMS Gateway for Android API in place of the phone: `POST /messages`
 * with HTTP Basic auth and `{ textMessage: { text }, phoneNumbers }` (or the legacy `message`),
 * answering 202 like the app (capcom6/android-sms-gateway, app/src/main/assets/api/swagger.json).
 * `{ paths: ['/message'] }` plays an app too old for `/messages`. Records what it was asked to
 * send. Also builds signed `sms:received` webhooks exactly as the app sends them.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { clock } from '../../../shared/time.ts';
import { signBody } from './android-sms-gateway.ts';

export interface SentSms {
  to: string;
  text: string;
}

export interface FakeSmsGateway {
  url: string;
  login: string;
  password: string;
  sent: SentSms[];
  failNext(count: number, status: number): void;
  close(): Promise<void>;
}

export async function startFakeSmsGateway(
  login = 'sms',
  password = 'gateway-pass',
  opts: { paths?: readonly string[] } = {},
): Promise<FakeSmsGateway> {
  const paths = opts.paths ?? ['/messages', '/message'];
  const sent: SentSms[] = [];
  let failures = { count: 0, status: 0 };
  let counter = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const json = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      const expected = 'Basic ' + Buffer.from(`${login}:${password}`).toString('base64');
      if (req.headers.authorization !== expected) return json(401, { message: 'Unauthorized' });
      if (req.method !== 'POST' || !paths.includes((req.url ?? '').split('?')[0] ?? ''))
        return json(404, { message: 'Not Found' });
      let body: { textMessage?: { text?: unknown }; message?: unknown; phoneNumbers?: unknown };
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof body;
      } catch {
        return json(400, { message: 'Invalid request body' });
      }
      const text = typeof body.textMessage?.text === 'string' ? body.textMessage.text : body.message;
      const numbers = body.phoneNumbers;
      if (failures.count > 0) {
        failures.count -= 1;
        // Like real gateways, the error may quote the number it could not use.
        return json(failures.status, { message: `simulated failure for ${JSON.stringify(numbers)}` });
      }
      if (typeof text !== 'string' || !Array.isArray(numbers) || numbers.length === 0)
        return json(400, { message: 'Validation error: message and phoneNumbers are required' });
      for (const to of numbers) sent.push({ to: String(to), text });
      counter += 1;
      json(202, {
        id: `msg-${counter}`,
        state: 'Pending',
        isHashed: false,
        isEncrypted: false,
        recipients: numbers.map((n) => ({ phoneNumber: n, state: 'Pending' })),
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    login,
    password,
    sent,
    failNext(count, status) {
      failures = { count, status };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let eventSeq = 0;
/**
 * An `sms:received` webhook body as the current app sends it (SmsReceivedPayload in the app's
 * swagger.json and modules/webhooks/payload/SmsEventPayload.kt: `sender`, `recipient`, and the
 * deprecated `phoneNumber` twin of `sender`). `shape: 'sender-only'` drops the deprecated field, as
 * the app will; `'legacy'` is an old app's payload with `phoneNumber` alone.
 */
export function smsReceived(
  sender: string,
  message: string,
  shape: 'current' | 'sender-only' | 'legacy' = 'current',
): Record<string, unknown> {
  eventSeq += 1;
  return {
    deviceId: 'ffffffffceb0b1db0000018e937c815b',
    event: 'sms:received',
    id: `Ey6ECgOkVVFjz3CL${eventSeq.toString(36).padStart(5, '0')}`,
    payload: {
      messageId: `m${eventSeq}`,
      message,
      ...(shape !== 'legacy' ? { sender, recipient: null } : {}),
      ...(shape !== 'sender-only' ? { phoneNumber: sender } : {}),
      simNumber: 1,
      receivedAt: clock.now().toISOString().replace('Z', '+06:00'),
    },
    webhookId: 'LreFUt-Z3sSq0JufY9uWB',
  };
}

/** Headers the app adds: X-Timestamp (unix seconds) and X-Signature (hex HMAC of body + timestamp). */
export function signedHeaders(signingKey: string, raw: string, at = clock.now()): Record<string, string> {
  const ts = String(Math.floor(at.getTime() / 1000));
  return {
    'content-type': 'application/json',
    'x-timestamp': ts,
    'x-signature': signBody(signingKey, raw, ts),
  };
}
