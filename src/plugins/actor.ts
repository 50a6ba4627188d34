/**
 * Works out who is calling: a personal API token (`Authorization: Bearer …`) or a session cookie.
 * Everything downstream sees `req.actor`; anonymous callers get the frozen ANONYMOUS actor.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { AppContext } from '../context.ts';
import type { ResolvedSession } from '../modules/accounts/session.service.ts';
import { UnauthenticatedError } from '../shared/errors.ts';
import { ANONYMOUS, type Actor } from '../shared/policy.ts';

export const SESSION_COOKIE = 'sid';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor;
    session: ResolvedSession | null;
    /** Set by routes that must never record anything about the caller's device or network. */
    anonymousRoute?: boolean;
  }
}

export const actorPlugin = fp(
  async (app: FastifyInstance, opts: { ctx: AppContext }) => {
    const sessions = opts.ctx.services.sessions;
    app.decorateRequest('actor', null as unknown as Actor);
    app.decorateRequest('session', null);
    app.addHook('onRequest', async (req) => {
      req.actor = ANONYMOUS;
      req.session = null;
      const auth = req.headers.authorization;
      if (auth !== undefined) {
        const m = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(auth);
        const actor = m ? await sessions.resolveApiToken(m[1]!) : null;
        if (!actor) throw new UnauthenticatedError('the API token is not valid, expired or revoked');
        req.actor = actor;
        return;
      }
      const raw = req.cookies?.[SESSION_COOKIE];
      if (raw) {
        const resolved = await sessions.resolve(raw);
        if (resolved) {
          req.session = resolved;
          req.actor = resolved.actor;
        }
      }
    });
  },
  { name: 'actor', dependencies: ['@fastify/cookie'] },
);
