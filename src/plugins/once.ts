/**
 * Each POST once (rule 14). A page form's action carries `?_once=<key>` (views/once.ts). The first
 * request with a key claims it; a second one — a reload, a double click, a retry over a flaky
 * connection — is not run again: it waits briefly for the first to finish and is then sent where the
 * first one went (its 303 Location), or, when the first answered with a page of its own, shown a page
 * saying it was already sent. A refused first request (4xx/5xx) frees the key. Requests without a
 * key (JSON API, webhooks, Open311) are untouched.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { AppContext } from '../context.ts';
import { ValidationError } from '../shared/errors.ts';
import { nowIso } from '../shared/time.ts';
import { ONCE_PARAM, ONCE_PATTERN } from '../views/once.ts';
import { ErrorPage } from '../views/error-page.tsx';
import { formSubmissionRepository as repo } from './once.repository.ts';

const WAIT_FOR_FIRST_MS = 5000;
/** Routes no page form posts to. */
const NO_FORMS = /^\/(api|open311|channels)\//;
const POLL_MS = 50;

declare module 'fastify' {
  interface FastifyRequest {
    onceKey: string | null;
    /** True once this request owns its key (so only the owner records the outcome). */
    onceClaimed: boolean;
  }
}

function actorKey(req: FastifyRequest): string {
  return req.actor?.personId ?? '';
}

export const oncePlugin = fp(
  async (app: FastifyInstance, opts: { ctx: AppContext }) => {
    const { db } = opts.ctx;
    app.decorateRequest('onceKey', null);
    app.decorateRequest('onceClaimed', false);

    // Before validation: take the key out of the query, so routes' own query schemas never see it.
    const takeKey = async (req: FastifyRequest) => {
      const query = req.query as Record<string, unknown> | undefined;
      if (!query || !(ONCE_PARAM in query)) return;
      const raw = query[ONCE_PARAM];
      delete query[ONCE_PARAM];
      if (typeof raw !== 'string' || !ONCE_PATTERN.test(raw))
        throw new ValidationError(`${ONCE_PARAM} must be the one-time key the form carried`, ONCE_PARAM);
      req.onceKey = raw;
    };

    /** Claims the key for this request; false when another request holds it. */
    const take = async (req: FastifyRequest, key: string, methodPath: string): Promise<boolean> => {
      const row = {
        key,
        actor: actorKey(req),
        method_path: methodPath,
        state: 'pending' as const,
        created_at: nowIso(),
      };
      req.onceClaimed = await db.write((trx) => repo.claim(trx, row));
      return req.onceClaimed;
    };

    // After the CSRF and origin checks (the security plugin's global hooks run first): claim or replay.
    const claim = async (req: FastifyRequest, reply: FastifyReply) => {
      const key = req.onceKey;
      if (!key) return;
      const methodPath = `POST ${req.routeOptions.url ?? req.url}`.slice(0, 300);
      if (await take(req, key, methodPath)) return;
      return replay(req, reply, key, methodPath);
    };

    const record = async (req: FastifyRequest, reply: FastifyReply, payload: unknown) => {
      if (!req.onceClaimed || !req.onceKey) return payload;
      const key = req.onceKey;
      req.onceClaimed = false;
      const status = reply.statusCode;
      if (status >= 400) await db.write((trx) => repo.release(trx, key));
      else {
        const location = reply.getHeader('location');
        await db.write((trx) =>
          repo.finish(trx, key, status, typeof location === 'string' ? location.slice(0, 2000) : null),
        );
      }
      return payload;
    };

    // Only page forms carry keys: POST routes outside the JSON API, webhooks and Open311 get the hooks,
    // so the intake API pays nothing for them.
    app.addHook('onRoute', (route) => {
      const methods = [route.method].flat();
      if (!methods.includes('POST') || NO_FORMS.test(route.url)) return;
      route.preValidation = [...[route.preValidation ?? []].flat(), takeKey];
      route.preHandler = [...[route.preHandler ?? []].flat(), claim];
      route.onSend = [...[route.onSend ?? []].flat(), record];
    });

    async function replay(req: FastifyRequest, reply: FastifyReply, key: string, methodPath: string) {
      const deadline = Date.now() + WAIT_FOR_FIRST_MS;
      let row = await repo.get(db.read, key);
      while (row?.state === 'pending' && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, POLL_MS));
        row = await repo.get(db.read, key);
      }
      req.log.info({ once: 'repeat', state: row?.state ?? 'released' }, 'form sent again');
      // The first was refused meanwhile and freed the key: this one may run as a fresh submission.
      if (!row) {
        if (await take(req, key, methodPath)) return;
        row = await repo.get(db.read, key);
      }
      const sameSender = row && row.actor === actorKey(req) && row.method_path === methodPath;
      if (sameSender && row!.state === 'done' && row!.location) return reply.redirect(row!.location, 303);
      reply.code(409);
      return reply.page(
        ErrorPage({
          status: 409,
          message: req.t(row?.state === 'pending' ? 'errors.once.stillSending' : 'errors.once.alreadySent'),
          t: req.t,
        }),
        { title: req.t('errors.title', { status: 409 }) },
      );
    }
  },
  { name: 'once', dependencies: ['i18n', 'security'] },
);
