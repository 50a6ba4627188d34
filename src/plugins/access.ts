/**
 * Every route states who may reach it, so nothing is public by accident and the role × route
 * matrix test can walk them all. Policy routes name the (action, subject) their service authorizes.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

export type RouteAccess =
  { kind: 'public' } | { kind: 'signed-in' } | { kind: 'policy'; action: string; subject: string };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
    /** false only for endpoints that authenticate another way (webhook signatures). */
    csrf?: boolean;
  }
}

export interface RegisteredRoute {
  method: string;
  url: string;
  access: RouteAccess;
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
      for (const method of methods) routes.push({ method, url: route.url, access });
    });
  },
  { name: 'access' },
);

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
