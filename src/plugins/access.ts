/**
 * Every route states who may reach it, so nothing is public by accident and the role × route
 * matrix test can walk them all. Policy routes name the (action, subject) their service authorizes.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifySchema } from 'fastify';
import fp from 'fastify-plugin';
import { NotFoundError, UnauthenticatedError } from '../shared/errors.ts';
import { roleMayEver, type Actor, type Principal } from '../shared/policy.ts';
import { wantsJson } from './errors.ts';

export type RouteAccess =
  { kind: 'public' } | { kind: 'signed-in' } | { kind: 'policy'; action: string; subject: string };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
    /**
     * false only for endpoints that authenticate another way (webhook signatures); 'origin' for
     * token-less public posts (anonymous report forms, the public API): Origin / Sec-Fetch-Site are
     * checked, no CSRF token or cookie is needed.
     */
    csrf?: boolean | 'origin';
  }
}

export interface RegisteredRoute {
  method: string;
  url: string;
  access: RouteAccess;
  /** The route's validation schema (the matrix and fuzz tests build requests from it). */
  schema?: FastifySchema;
}

/** Routes added by third-party plugins we trust to be public and harmless. */
const EXEMPT = [/^\/api\/docs/, /^\/static\//];

export const accessPlugin = fp(
  async (app: FastifyInstance) => {
    const routes: RegisteredRoute[] = [];
    app.decorate('registeredRoutes', routes);
    app.addHook('onRoute', (route) => {
      const methods = [route.method].flat().filter((m) => m !== 'HEAD');
      const access = (route.config as { access?: RouteAccess } | undefined)?.access;
      if (!access) {
        if (EXEMPT.some((re) => re.test(route.url))) return;
        throw new Error(`route ${methods.join(',')} ${route.url} declares no config.access`);
      }
      for (const method of methods) routes.push({ method, url: route.url, access, schema: route.schema });
    });
    // Authorization first, for every route: a caller none of whose roles may ever do what a route
    // does is refused before its input is even parsed (anonymous → sign in; others → "not found").
    // Services still check the resource itself (jurisdiction) on their first line.
    app.addHook('preValidation', async (req, reply) => {
      const access = (req.routeOptions.config as { access?: RouteAccess } | undefined)?.access;
      if (!access || access.kind === 'public') return;
      const actor = req.actor;
      if (access.kind === 'signed-in') {
        if (actor.kind === 'anonymous') return refuseAnonymous(req, reply);
        return;
      }
      if (principalsOf(actor).some((p) => roleMayEver(p, access.action, access.subject))) return;
      if (actor.kind === 'anonymous') return refuseAnonymous(req, reply);
      throw new NotFoundError();
    });
  },
  // Registered first so it sees every route; its hook runs after the actor plugin's onRequest.
  { name: 'access' },
);

function principalsOf(actor: Actor): Principal[] {
  if (actor.kind === 'staff') return [...actor.grants.map((g) => g.role), 'anyone'];
  if (actor.kind === 'resident') return ['resident', 'anyone'];
  return ['anyone'];
}

/** API callers get 401; people on pages go to sign in, or to their second step if they are half-way. */
function refuseAnonymous(req: FastifyRequest, reply: FastifyReply) {
  if (wantsJson(req)) throw new UnauthenticatedError();
  if (req.session?.mfaPending) {
    return reply.redirect(req.session.person.totp_enabled_at ? '/login/2fa' : '/account/2fa/setup', 303);
  }
  return reply.redirect('/login', 303);
}

declare module 'fastify' {
  interface FastifyInstance {
    registeredRoutes: RegisteredRoute[];
  }
}

export const PUBLIC: { access: RouteAccess } = { access: { kind: 'public' } };
export const SIGNED_IN: { access: RouteAccess } = { access: { kind: 'signed-in' } };
export function policy(action: string, subject: string): { access: RouteAccess } {
  return { access: { kind: 'policy', action, subject } };
}
