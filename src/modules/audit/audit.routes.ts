/** The audit trail: a JSON API and an admin page to browse it, and a verification endpoint. */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { policy } from '../../plugins/access.ts';
import { ValidationError } from '../../shared/errors.ts';
import { requireSignedInPage } from '../accounts/auth.routes.ts';
import { AUDIT_SUBJECT } from './audit.policy.ts';
import { presentAuditEntry } from './audit.presenter.ts';
import { AuditPageResponse, AuditSearchQuery, AuditVerifyResponse } from './audit.schemas.ts';
import { RANGE_MESSAGE } from './audit.service.ts';
import { AuditPage, type AuditFilterError } from './views/audit-page.tsx';

const READ = policy('read', AUDIT_SUBJECT);

function filterError(err: ValidationError): AuditFilterError {
  if (err.field === 'actor') return { field: 'actor', key: 'audit.errors.actor' };
  if (err.message === RANGE_MESSAGE) return { field: 'from', key: 'audit.errors.range' };
  return { field: err.field === 'to' ? 'to' : 'from', key: 'audit.errors.date' };
}

export async function auditRoutes(app: FastifyInstance, opts: { ctx: AppContext }) {
  const { audit } = opts.ctx.services;

  app.get(
    '/api/v1/audit',
    {
      config: READ,
      schema: {
        tags: ['audit'],
        summary: 'Audit trail entries, newest first (admin, oversight); the read is itself audited',
        querystring: AuditSearchQuery,
        response: { 200: AuditPageResponse },
      },
    },
    async (req) => {
      const page = await audit.search(req.actor, req.query as AuditSearchQuery);
      return { items: page.items.map(presentAuditEntry), nextBefore: page.nextBefore };
    },
  );

  app.get(
    '/api/v1/audit/verify',
    {
      config: policy('verify', AUDIT_SUBJECT),
      schema: {
        tags: ['audit'],
        summary: 'Check the hash chain of the whole audit trail',
        response: { 200: AuditVerifyResponse },
      },
    },
    async (req) => audit.verify(req.actor),
  );

  app.get(
    '/admin/audit',
    {
      config: READ,
      preHandler: requireSignedInPage,
      schema: { hide: true, querystring: AuditSearchQuery },
    },
    async (req, reply) => {
      const query = req.query as AuditSearchQuery;
      let error: AuditFilterError | null = null;
      let page: Awaited<ReturnType<typeof audit.search>> = { items: [], nextBefore: null };
      try {
        page = await audit.search(req.actor, query);
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        error = filterError(err);
      }
      return reply.page(
        AuditPage({
          t: req.t,
          query,
          items: page.items.map(presentAuditEntry),
          nextBefore: page.nextBefore,
          error,
        }),
        { title: req.t('audit.title'), csrfToken: reply.generateCsrf() },
      );
    },
  );
}
