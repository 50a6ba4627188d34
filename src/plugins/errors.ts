/**
 * One error handler for the whole app: 4xx bodies say what was wrong and with which field,
 * 5xx bodies say nothing internal. Pages get an HTML error page in the user's language.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, NOT_FOUND_MESSAGE, NotFoundError, TooManyRequestsError } from '../shared/errors.ts';
import { ErrorPage } from '../views/error-page.tsx';

export interface ErrorBody {
  error: { code: string; message: string; field?: string };
}

export function wantsJson(req: FastifyRequest): boolean {
  const url = req.url;
  if (url.startsWith('/api/') || url.startsWith('/channels/') || url.startsWith('/open311/')) return true;
  const accept = req.headers.accept ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}

function fieldFromValidation(err: FastifyError): string | undefined {
  const v = err.validation?.[0];
  if (!v) return undefined;
  const params = v.params as Record<string, unknown> | undefined;
  const extra = (params?.missingProperty ?? params?.additionalProperty) as string | undefined;
  const base = (v.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
  if (extra !== undefined) return base ? `${base}.${extra}` : extra;
  return base || undefined;
}

function describe(err: FastifyError): { status: number; code: string; message: string; field?: string } {
  if (err instanceof AppError)
    return { status: err.statusCode, code: err.code, message: err.message, field: err.field };
  if (err.validation) {
    const field = fieldFromValidation(err);
    const where = err.validationContext ?? 'request';
    const v = err.validation[0];
    const params = v?.params as Record<string, unknown> | undefined;
    let message = `${where}${field ? `.${field}` : ''} ${v?.message ?? 'is invalid'}`;
    if (params?.additionalProperty !== undefined)
      message =
        params.additionalProperty === ''
          ? `${where} has a field with an empty name; every field needs a name`
          : `${where}.${field} is not an accepted field`;
    return { status: 400, code: 'invalid', message, field };
  }
  const status = err.statusCode ?? 500;
  if (status === 404) return { status, code: 'not_found', message: NOT_FOUND_MESSAGE };
  if (status === 413) return { status, code: 'too_large', message: 'request body is too large' };
  if (status === 415) return { status, code: 'unsupported_media_type', message: err.message };
  if (status === 429) return { status, code: 'too_many_requests', message: err.message };
  if (
    err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
    err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
    err instanceof SyntaxError
  )
    return { status: 400, code: 'malformed_json', message: 'body is not valid JSON' };
  if (status >= 400 && status < 500) return { status, code: 'bad_request', message: err.message };
  return { status: 500, code: 'internal', message: 'something went wrong on our side; it has been logged' };
}

export function sendError(req: FastifyRequest, reply: FastifyReply, err: FastifyError): FastifyReply {
  const d = describe(err);
  if (d.status >= 500) req.log.error({ err }, 'request failed');
  // Which lookup failed is for the log only: the body of every not-found is the same.
  else if (err instanceof NotFoundError)
    req.log.info({ code: d.code, subject: err.subject }, 'request refused');
  else req.log.info({ code: d.code, field: d.field }, 'request refused');
  if (err instanceof TooManyRequestsError) reply.header('retry-after', String(err.retryAfterSeconds));
  reply.code(d.status);
  if (wantsJson(req) || typeof reply.page !== 'function') {
    const body: ErrorBody = {
      error: { code: d.code, message: d.message, ...(d.field ? { field: d.field } : {}) },
    };
    return reply.type('application/json; charset=utf-8').send(body);
  }
  // The detail is an English technical message: 404 pages have nothing to add, and 5xx must not say more.
  const detail = d.status >= 500 || d.status === 404 ? null : d.message;
  return reply.page(ErrorPage({ status: d.status, message: detail, t: req.t }), {
    title: req.t('errors.title', { status: d.status }),
  });
}

/**
 * Errors Fastify raises before routing, which bypass the error handler: bad percent-encoding and
 * over-long path params. Pass as `frameworkErrors` to `Fastify()` so they get our error body too.
 */
export function frameworkErrors(err: FastifyError, _req: FastifyRequest, reply: FastifyReply): void {
  const tooLong = err.code === 'FST_ERR_MAX_PARAM_LENGTH';
  const body: ErrorBody = {
    error: tooLong
      ? { code: 'too_long', message: 'a part of the address is too long' }
      : { code: 'bad_url', message: 'the address is not valid (bad percent-encoding)' },
  };
  reply
    .code(tooLong ? 414 : 400)
    .type('application/json; charset=utf-8')
    .send(body);
}

export const errorsPlugin = fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler((err: FastifyError, req, reply) => sendError(req, reply, err));
    app.setNotFoundHandler((req, reply) => {
      const err = Object.assign(new Error(NOT_FOUND_MESSAGE), { statusCode: 404 }) as FastifyError;
      return sendError(req, reply, Object.assign(err, { code: 'not_found' }));
    });
  },
  { name: 'errors', dependencies: ['i18n'] },
);
