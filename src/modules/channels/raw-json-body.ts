/**
 * For signed webhooks (WhatsApp's X-Hub-Signature-256, the SMS gateway's X-Signature): the signature
 * covers the body exactly as sent, so this route scope keeps the raw bytes and parses JSON itself.
 * Call inside the plugin that registers the webhook routes (it replaces that scope's parsers only).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../shared/errors.ts';

export function keepRawJsonBody(app: FastifyInstance): WeakMap<FastifyRequest, Buffer> {
  const raw = new WeakMap<FastifyRequest, Buffer>();
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => {
    const buf = body as Buffer;
    raw.set(req, buf);
    if (buf.length === 0) return done(null, undefined);
    try {
      done(null, JSON.parse(buf.toString('utf8')) as unknown);
    } catch {
      done(new AppError(400, 'malformed_json', 'body is not valid JSON'), undefined);
    }
  });
  return raw;
}
