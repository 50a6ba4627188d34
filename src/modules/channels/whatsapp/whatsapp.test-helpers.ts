/**
 * A local server that speaks the parts of the Graph API the WhatsApp adapter uses, in place of
 * graph.facebook.com: `POST /{version}/{phone_number_id}/messages`, `GET /{version}/{media_id}` and
 * the media download URL it hands out. It checks the bearer token like the real API and records
 * every message it was asked to send.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SentMessage {
  phoneNumberId: string;
  body: Record<string, unknown>;
}

export interface FakeGraph {
  baseUrl: string;
  version: string;
  token: string;
  sent: SentMessage[];
  /** Media files the fake serves, by media id. */
  media: Map<string, { data: Buffer; mimeType: string }>;
  /** The next N message sends fail with this status and Graph error code. */
  failNext(count: number, status: number, code: number): void;
  /** Waits until at least `n` messages were sent (polling; the outbox worker is asynchronous). */
  close(): Promise<void>;
}

export async function startFakeGraph(token = 'EAAtest-token', version = 'v22.0'): Promise<FakeGraph> {
  const sent: SentMessage[] = [];
  const media = new Map<string, { data: Buffer; mimeType: string }>();
  let failures: { count: number; status: number; code: number } = { count: 0, status: 0, code: 0 };
  let origin = '';

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const json = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      const graphError = (status: number, code: number, message: string) =>
        json(status, { error: { message, type: 'OAuthException', code, fbtrace_id: 'AbCdEf' } });
      if (req.headers.authorization !== `Bearer ${token}`)
        return graphError(401, 190, 'Invalid OAuth access token - Cannot parse access token');
      const path = (req.url ?? '').split('?')[0]!;
      const send = new RegExp(`^/${version}/([^/]+)/messages$`).exec(path);
      if (req.method === 'POST' && send) {
        if (failures.count > 0) {
          failures.count -= 1;
          return graphError(failures.status, failures.code, `(#${failures.code}) simulated failure`);
        }
        let body: Record<string, unknown>;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
        } catch {
          return graphError(400, 100, 'Invalid parameter');
        }
        if (body.messaging_product !== 'whatsapp' || typeof body.to !== 'string')
          return graphError(400, 100, 'Invalid parameter');
        sent.push({ phoneNumberId: decodeURIComponent(send[1]!), body });
        return json(200, {
          messaging_product: 'whatsapp',
          contacts: [{ input: body.to, wa_id: body.to }],
          messages: [{ id: `wamid.OUT${sent.length}` }],
        });
      }
      const file = /^\/media-download\/([^/]+)$/.exec(path);
      if (req.method === 'GET' && file) {
        const m = media.get(decodeURIComponent(file[1]!));
        if (!m) return graphError(404, 100, 'not found');
        res.writeHead(200, { 'content-type': m.mimeType, 'content-length': String(m.data.length) });
        return res.end(m.data);
      }
      const lookup = new RegExp(`^/${version}/([^/]+)$`).exec(path);
      if (req.method === 'GET' && lookup) {
        const id = decodeURIComponent(lookup[1]!);
        const m = media.get(id);
        if (!m) return graphError(400, 100, 'Unsupported get request. Object does not exist');
        return json(200, {
          messaging_product: 'whatsapp',
          url: `${origin}/media-download/${encodeURIComponent(id)}`,
          mime_type: m.mimeType,
          sha256: createHash('sha256').update(m.data).digest('hex'),
          file_size: m.data.length,
          id,
        });
      }
      graphError(404, 100, 'Unknown path components');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    baseUrl: origin,
    version,
    token,
    sent,
    media,
    failNext(count, status, code) {
      failures = { count, status, code };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
