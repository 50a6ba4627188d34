/**
 * A local HTTP server that speaks enough of the Telegram Bot API for the tests: it records every
 * method call (sendMessage, answerCallbackQuery, getFile…), serves files under /file/bot<token>/,
 * and can be told to fail the next calls (HTTP 500, 429 or an API error such as 403 "blocked").
 * setWebhook / getWebhookInfo keep the webhook's state and check their parameters as Telegram does
 * (an https URL on ports 443, 80, 88 or 8443 unless `allowHttpWebhooks`, as a local Bot API server
 * started with --local allows; secret_token's alphabet; max_connections 1–100), answering with
 * Telegram's own error descriptions. `tokens`, when set, lists the only tokens it accepts
 * (others get 401 Unauthorized, as Telegram answers a revoked token).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface BotCall {
  token: string;
  method: string;
  body: Record<string, any>;
}

/** The state getWebhookInfo reports (Telegram's WebhookInfo fields). */
export interface FakeWebhook {
  url: string;
  secret_token?: string;
  pending_update_count: number;
  max_connections?: number;
  allowed_updates?: string[];
  last_error_date?: number;
  last_error_message?: string;
}

const WEBHOOK_PORTS = new Set(['443', '80', '88', '8443']);

export class FakeBotApi {
  readonly calls: BotCall[] = [];
  readonly files = new Map<string, Buffer>();
  /** Answers for the next calls, consumed in order: an HTTP status and Telegram error code. */
  readonly failures: Array<{ status: number; error_code: number; description: string }> = [];
  /** Answers for the next setWebhook calls, consumed in order. */
  readonly webhookFailures: Array<{ status: number; error_code: number; description: string }> = [];
  webhook: FakeWebhook = { url: '', pending_update_count: 0 };
  /** A local Bot API server (--local) accepts http:// webhooks on any port. */
  allowHttpWebhooks = false;
  /** When set, the only bot tokens accepted. */
  tokens: Set<string> | null = null;
  private server: Server | null = null;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://x');
        const file = url.pathname.match(/^\/file\/bot([^/]+)\/(.+)$/);
        if (file) {
          const data = this.files.get(file[2]!);
          res.statusCode = data ? 200 : 404;
          res.end(data ?? 'not found');
          return;
        }
        const m = url.pathname.match(/^\/bot([^/]+)\/(\w+)$/);
        if (!m) {
          res.statusCode = 404;
          res.end();
          return;
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        let body: Record<string, any> = {};
        try {
          body = raw ? (JSON.parse(raw) as Record<string, any>) : {};
        } catch {
          body = { raw };
        }
        const call = { token: m[1]!, method: m[2]!, body };
        res.setHeader('content-type', 'application/json');
        const refuse = (status: number, description: string) => {
          res.statusCode = status;
          res.end(JSON.stringify({ ok: false, error_code: status, description }));
        };
        if (this.tokens && !this.tokens.has(call.token)) return refuse(401, 'Unauthorized');
        if (call.method === 'setWebhook' || call.method === 'getWebhookInfo') {
          this.calls.push(call);
          return this.webhookMethod(call, res, refuse);
        }
        const fail = call.method === 'sendMessage' ? this.failures.shift() : undefined;
        if (fail) {
          res.statusCode = fail.status;
          res.end(JSON.stringify({ ok: false, error_code: fail.error_code, description: fail.description }));
          return;
        }
        this.calls.push(call);
        if (call.method === 'getFile') {
          const id = String(body.file_id);
          const path = `photos/${id}.jpg`;
          res.end(
            JSON.stringify({
              ok: true,
              result: {
                file_id: id,
                file_unique_id: id,
                file_size: this.files.get(path)?.length ?? 0,
                file_path: path,
              },
            }),
          );
          return;
        }
        if (call.method === 'sendMessage') {
          res.end(
            JSON.stringify({
              ok: true,
              result: {
                message_id: this.calls.length,
                date: Math.floor(Date.now() / 1000),
                chat: { id: Number(body.chat_id), type: 'private' },
                text: body.text,
              },
            }),
          );
          return;
        }
        res.end(JSON.stringify({ ok: true, result: true }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  private webhookMethod(
    call: BotCall,
    res: import('node:http').ServerResponse,
    refuse: (status: number, description: string) => void,
  ): void {
    if (call.method === 'getWebhookInfo') {
      const { secret_token: _secret, ...info } = this.webhook;
      res.end(JSON.stringify({ ok: true, result: { has_custom_certificate: false, ...info } }));
      return;
    }
    const fail = this.webhookFailures.shift();
    if (fail) {
      res.statusCode = fail.status;
      res.end(JSON.stringify({ ok: false, error_code: fail.error_code, description: fail.description }));
      return;
    }
    const b = call.body;
    const url = typeof b.url === 'string' ? b.url : '';
    if (url === '') {
      this.webhook = { url: '', pending_update_count: this.webhook.pending_update_count };
      res.end(JSON.stringify({ ok: true, result: true, description: 'Webhook was deleted' }));
      return;
    }
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return refuse(400, 'Bad Request: bad webhook: Failed to resolve host: Name or service not known');
    }
    if (!this.allowHttpWebhooks) {
      if (parsed.protocol !== 'https:')
        return refuse(400, 'Bad Request: bad webhook: An HTTPS URL must be provided for webhook');
      const port = parsed.port || '443';
      if (!WEBHOOK_PORTS.has(port))
        return refuse(
          400,
          'Bad Request: bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443',
        );
    }
    if (b.secret_token !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(String(b.secret_token)))
      return refuse(400, 'Bad Request: secret token contains unallowed characters');
    if (
      b.max_connections !== undefined &&
      (!Number.isInteger(b.max_connections) || b.max_connections < 1 || b.max_connections > 100)
    )
      return refuse(400, 'Bad Request: invalid max_connections specified');
    if (b.allowed_updates !== undefined && !Array.isArray(b.allowed_updates))
      return refuse(400, "Bad Request: can't parse allowed updates");
    const same = this.webhook.url === url;
    this.webhook = {
      ...this.webhook,
      url,
      ...(b.secret_token !== undefined ? { secret_token: String(b.secret_token) } : {}),
      max_connections: b.max_connections ?? 40,
      ...(b.allowed_updates ? { allowed_updates: b.allowed_updates.map(String) } : {}),
      ...(b.drop_pending_updates ? { pending_update_count: 0 } : {}),
    };
    res.end(
      JSON.stringify({
        ok: true,
        result: true,
        description: same ? 'Webhook is already set' : 'Webhook was set',
      }),
    );
  }

  sent(chatId?: number | string): Array<Record<string, any>> {
    return this.calls
      .filter(
        (c) =>
          c.method === 'sendMessage' && (chatId === undefined || String(c.body.chat_id) === String(chatId)),
      )
      .map((c) => c.body);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** Real Bot API update shapes (as Telegram posts them to a webhook). */
export function textUpdate(updateId: number, chatId: number, text: string, languageCode = 'ru') {
  return {
    update_id: updateId,
    message: {
      message_id: updateId,
      from: { id: chatId, is_bot: false, first_name: 'Айгүл', language_code: languageCode },
      chat: { id: chatId, first_name: 'Айгүл', type: 'private' },
      date: 1764370000,
      text,
      ...(text.startsWith('/')
        ? { entities: [{ offset: 0, length: text.split(' ')[0]!.length, type: 'bot_command' }] }
        : {}),
    },
  };
}
export function callbackUpdate(updateId: number, chatId: number, data: string) {
  return {
    update_id: updateId,
    callback_query: {
      id: `cq${updateId}`,
      from: { id: chatId, is_bot: false, first_name: 'Айгүл', language_code: 'ru' },
      message: {
        message_id: updateId - 1,
        from: { id: 1, is_bot: true, first_name: 'Ishenim', username: 'IshenimBot' },
        chat: { id: chatId, first_name: 'Айгүл', type: 'private' },
        date: 1764370000,
        text: '…',
      },
      chat_instance: '-123456789',
      data,
    },
  };
}
export function locationUpdate(updateId: number, chatId: number, lat: number, lon: number) {
  return {
    update_id: updateId,
    message: {
      message_id: updateId,
      from: { id: chatId, is_bot: false, first_name: 'Айгүл', language_code: 'ru' },
      chat: { id: chatId, first_name: 'Айгүл', type: 'private' },
      date: 1764370000,
      location: { latitude: lat, longitude: lon },
    },
  };
}
export function photoUpdate(updateId: number, chatId: number, fileId: string, caption?: string) {
  return {
    update_id: updateId,
    message: {
      message_id: updateId,
      from: { id: chatId, is_bot: false, first_name: 'Айгүл', language_code: 'ru' },
      chat: { id: chatId, first_name: 'Айгүл', type: 'private' },
      date: 1764370000,
      photo: [
        { file_id: `${fileId}-small`, file_unique_id: 'a', file_size: 1200, width: 90, height: 60 },
        { file_id: fileId, file_unique_id: 'b', file_size: 24000, width: 800, height: 600 },
      ],
      ...(caption ? { caption } : {}),
    },
  };
}
