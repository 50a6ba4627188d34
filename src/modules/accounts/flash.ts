/**
 * Secrets shown exactly once after a POST (recovery codes, a new password or token) travel to the
 * following GET in a short-lived, encrypted, HttpOnly cookie that the GET clears: POST → 303 → GET
 * without keeping the secret anywhere on the server.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config.ts';
import { decryptField, encryptField } from '../../shared/crypto.ts';

const COOKIE = 'once';

export function setOnce(reply: FastifyReply, config: Config, kind: string, data: unknown): void {
  const sealed = encryptField(config.sessionSecret, 'show-once', JSON.stringify({ kind, data }));
  reply.setCookie(COOKIE, sealed, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: config.cookieSecure,
    maxAge: 300,
  });
}

export function takeOnce<T>(
  req: FastifyRequest,
  reply: FastifyReply,
  config: Config,
  kind: string,
): T | null {
  const raw = req.cookies?.[COOKIE];
  if (!raw) return null;
  reply.clearCookie(COOKIE, { path: '/' });
  try {
    const parsed = JSON.parse(decryptField(config.sessionSecret, 'show-once', raw)) as {
      kind: string;
      data: T;
    };
    return parsed.kind === kind ? parsed.data : null;
  } catch {
    return null;
  }
}
