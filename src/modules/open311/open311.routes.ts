/**
 * Open311 GeoReport v2 under `/open311/v2/`, every resource in `.json` and `.xml`, errors as the
 * spec's `[{code, description}]` list. Registered with the prefix `/open311`, so its error and
 * not-found handlers answer in the spec's format for everything under it.
 *
 * CSRF: these endpoints are called by other applications, not by pages. They ignore the caller's
 * cookies and session entirely (reads are public; writes act as nobody but the API key), so a
 * forged cross-site post carries no authority a stranger lacks: `csrf: false` here, and only here,
 * with the `api_key` as the credential. Everything else in the app keeps its token and origin checks.
 */
import multipart from '@fastify/multipart';
import { negotiateLocale } from '../../shared/i18n.ts';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.ts';
import { PUBLIC } from '../../plugins/access.ts';
import { AppError, NotFoundError, TooManyRequestsError, ValidationError } from '../../shared/errors.ts';
import { ANONYMOUS } from '../../shared/policy.ts';
import { refuseLargeNonMultipart } from '../reports/body-size.ts';
import { MAX_PHOTO_BYTES, MAX_PHOTOS } from '../reports/photos.store.ts';
import { CONTENT_TYPES, errorBody, formatOfUrl, toXml, type Format } from './open311.format.ts';
import {
  CHANGESET,
  SPEC_URL,
  presentDefinition,
  presentRequest,
  presentService,
  presentUpdate,
} from './open311.presenter.ts';
import * as S from './open311.schemas.ts';
import type { SubmitInput, UpdateInput } from './open311.service.ts';

const TAGS = ['open311'];
/** Reads: public, no CSRF concern. Writes: the api_key authenticates; cookies are never used. */
const READ = { ...PUBLIC };
const WRITE = { ...PUBLIC, csrf: false as const };

declare module 'fastify' {
  interface FastifyRequest {
    /** Media files of a multipart Open311 request, read before validation. */
    open311Media?: Buffer[];
  }
}

function describeError(err: FastifyError): { status: number; description: string } {
  if (err instanceof AppError) return { status: err.statusCode, description: err.message };
  if (err.validation) {
    const v = err.validation[0];
    const params = v?.params as Record<string, unknown> | undefined;
    const base = (v?.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
    const extra = (params?.missingProperty ?? params?.additionalProperty) as string | undefined;
    const field = extra !== undefined ? (base ? `${base}.${extra}` : extra) : base;
    const where = err.validationContext ?? 'request';
    if (params?.additionalProperty === '')
      return {
        status: 400,
        description: `${where} has a field with an empty name; every field needs a name`,
      };
    if (params?.additionalProperty !== undefined)
      return { status: 400, description: `${where}: ${field} is not a GeoReport v2 field we accept` };
    return { status: 400, description: `${where}${field ? `: ${field}` : ''} ${v?.message ?? 'is invalid'}` };
  }
  const status = err.statusCode ?? 500;
  if (status === 404) return { status, description: 'not found' };
  if (status === 413) return { status, description: 'request body is too large' };
  if (status === 415)
    return {
      status,
      description: 'send application/x-www-form-urlencoded, multipart/form-data or application/json',
    };
  if (
    err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
    err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
    err instanceof SyntaxError
  )
    return { status: 400, description: 'body is not valid JSON' };
  if (status >= 400 && status < 500) return { status, description: err.message || 'bad request' };
  return { status: 500, description: 'something went wrong on our side; it has been logged' };
}

function sendOpen311Error(req: FastifyRequest, reply: FastifyReply, err: FastifyError): FastifyReply {
  const d = describeError(err);
  if (d.status >= 500) req.log.error({ err }, 'open311 request failed');
  else req.log.info({ status: d.status }, 'open311 request refused');
  if (err instanceof TooManyRequestsError) reply.header('retry-after', String(err.retryAfterSeconds));
  const format = formatOfUrl(req.url);
  return reply
    .code(d.status)
    .header('cache-control', 'no-store')
    .type(CONTENT_TYPES[format])
    .send(errorBody(format, [{ code: d.status, description: d.description }]));
}

function formatOf(req: FastifyRequest): Format {
  const f = (req.params as { format?: string }).format;
  if (f !== 'json' && f !== 'xml')
    throw new NotFoundError(`format ${String(f).slice(0, 10)} (use .json or .xml)`);
  return f;
}

function send(reply: FastifyReply, format: Format, root: string, value: unknown, status = 200): FastifyReply {
  // Names and notes follow the caller's Accept-Language.
  reply.code(status).header('vary', 'accept-language');
  if (format === 'xml') return reply.type(CONTENT_TYPES.xml).send(toXml(root, value));
  return reply.type(CONTENT_TYPES.json).send(value);
}

/** `attribute[code]` fields of a flat body → { code: value }. */
function attributesOf(
  body: Record<string, unknown>,
  re = S.ATTRIBUTE_FIELD,
): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(body)) {
    const m = re.exec(k);
    if (m && (typeof v === 'string' || Array.isArray(v))) out[m[1]!] = v as string | string[];
  }
  return out;
}

/** The body, with `api_key`/`jurisdiction_id` from the query string when the body lacks them. */
function withQueryCredentials(req: FastifyRequest): Record<string, string> {
  const b = { ...((req.body ?? {}) as Record<string, string>) };
  const q = (req.query ?? {}) as Record<string, unknown>;
  for (const k of ['api_key', 'jurisdiction_id'] as const)
    if ((b[k] === undefined || b[k] === '') && typeof q[k] === 'string') b[k] = q[k];
  return b;
}

export async function open311Routes(app: FastifyInstance, opts: { ctx: AppContext }) {
  const { services, config, i18n } = opts.ctx;
  const { open311 } = services;
  /** Text staff read, in the deployment's language. */
  const staffText = (key: string) => i18n.t(config.defaultLocale, key);

  // `locale` (a GeoReport extension) picks the language of names and notes, over Accept-Language.
  app.addHook('preHandler', async (req) => {
    const wanted = (req.query as { locale?: unknown } | undefined)?.locale;
    if (typeof wanted !== 'string' || wanted === '') return;
    const locale = negotiateLocale(null, wanted.replace(/_/g, '-'), req.locale);
    req.locale = locale;
    req.t = i18n.translator(locale);
  });

  // Reads are public data meant for other sites' scripts: any origin may read them, never with
  // credentials (no Allow-Credentials), and the resource policy lets browsers embed the answers.
  app.addHook('onSend', async (req, reply, payload) => {
    if (req.method === 'GET' || req.method === 'HEAD') {
      reply.header('access-control-allow-origin', '*');
      reply.header('cross-origin-resource-policy', 'cross-origin');
      reply.removeHeader('access-control-allow-credentials');
    }
    return payload;
  });

  app.setErrorHandler((err: FastifyError, req, reply) => sendOpen311Error(req, reply, err));
  app.setNotFoundHandler((req, reply) =>
    sendOpen311Error(req, reply, new NotFoundError('resource') as unknown as FastifyError),
  );
  await app.register(multipart, {
    limits: { fileSize: MAX_PHOTO_BYTES, files: MAX_PHOTOS, fields: 60, fieldSize: 20_000, parts: 70 },
  });

  /** A multipart body → flat text fields (validated next) and `media` files. */
  async function readMultipart(req: FastifyRequest): Promise<void> {
    if (!req.isMultipart()) return;
    const fields: Record<string, string | string[]> = {};
    const files: Buffer[] = [];
    try {
      for await (const part of req.parts()) {
        if (part.type === 'file') {
          if (part.fieldname !== 'media') {
            part.file.resume();
            throw new ValidationError(
              `${part.fieldname} is not an accepted file field (use media)`,
              part.fieldname,
            );
          }
          const buf = await part.toBuffer();
          if (part.file.truncated) throw new ValidationError('media: a photo may be at most 10 MB', 'media');
          if (buf.length > 0) files.push(buf);
        } else {
          if (typeof part.value !== 'string') continue;
          if (part.value === '') continue;
          const prev = fields[part.fieldname];
          if (prev === undefined) fields[part.fieldname] = part.value;
          // Only media_url may repeat (FixMyStreet sends one per photo).
          else if (part.fieldname === 'media_url')
            fields[part.fieldname] = [...(Array.isArray(prev) ? prev : [prev]), part.value];
          else throw new ValidationError(`${part.fieldname} is given more than once`, part.fieldname);
        }
      }
    } catch (err) {
      if (err instanceof AppError) throw err;
      const status = (err as { statusCode?: number }).statusCode;
      if (status === 413) throw new AppError(413, 'too_large', 'a photo or the request is too large');
      throw new ValidationError(
        `the multipart body is malformed: ${(err as Error).message}`.slice(0, 200),
        'body',
      );
    }
    req.body = fields;
    req.open311Media = files;
  }

  // --- discovery and services ---------------------------------------------------------------------

  app.get(
    '/v2/discovery.:format',
    {
      config: READ,
      schema: {
        tags: TAGS,
        summary: 'Service discovery: where this GeoReport v2 endpoint is and which formats it speaks',
        params: S.FormatParams,
        querystring: S.JurisdictionQuery,
        response: { 200: S.Discovery },
      },
    },
    async (req, reply) => {
      const format = formatOf(req);
      return send(reply, format, 'discovery', {
        changeset: CHANGESET,
        contact: req.t('open311.discovery.contact', { url: config.publicUrl }),
        key_service: req.t('open311.discovery.keyService'),
        endpoints: [
          {
            specification: SPEC_URL,
            url: `${config.publicUrl.replace(/\/$/, '')}/open311/v2`,
            changeset: CHANGESET,
            type: 'production',
            formats: ['text/xml', 'application/json'],
          },
        ],
      });
    },
  );

  app.get(
    '/v2/services.:format',
    {
      config: READ,
      schema: {
        tags: TAGS,
        summary: 'Service list: the categories residents may report (sensitive ones are not offered)',
        params: S.FormatParams,
        querystring: S.JurisdictionQuery,
        response: { 200: S.ServiceList },
      },
    },
    async (req, reply) => {
      const format = formatOf(req);
      const q = req.query as { jurisdiction_id?: string };
      const list = await open311.services(ANONYMOUS, q);
      return send(
        reply,
        format,
        'services',
        list.map((c) => presentService(c, req.t, req.locale)),
      );
    },
  );

  app.get(
    '/v2/services/:service_code.:format',
    {
      config: READ,
      schema: {
        tags: TAGS,
        summary: "Service definition: a category's extra questions as attributes",
        params: S.ServiceParams,
        querystring: S.JurisdictionQuery,
        response: { 200: S.ServiceDefinition },
      },
    },
    async (req, reply) => {
      const format = formatOf(req);
      const { service_code } = req.params as { service_code: string };
      const q = req.query as { jurisdiction_id?: string };
      const c = await open311.service(ANONYMOUS, { code: service_code, ...q });
      return send(reply, format, 'service_definition', presentDefinition(c, req.locale));
    },
  );

  // --- requests -----------------------------------------------------------------------------------

  app.get(
    '/v2/requests.:format',
    {
      config: READ,
      schema: {
        tags: TAGS,
        summary: 'Public service requests (public, non-sensitive reports with coarse points; newest first)',
        params: S.FormatParams,
        querystring: S.RequestsQuery,
        response: { 200: S.ServiceRequestList },
      },
    },
    async (req, reply) => {
      const format = formatOf(req);
      const q = req.query as Record<string, string>;
      const rows = await open311.requests(ANONYMOUS, q, req.locale);
      const extended = /^(true|1)$/i.test(q.extensions ?? '');
      return send(
        reply.header('cache-control', 'no-cache'),
        format,
        'service_requests',
        rows.map((r) => presentRequest(r, req.t, req.locale, extended)),
      );
    },
  );

  app.post(
    '/v2/requests.:format',
    {
      config: WRITE,
      bodyLimit: MAX_PHOTOS * MAX_PHOTO_BYTES + 1024 * 1024,
      onRequest: refuseLargeNonMultipart(config.bodyLimitBytes),
      preValidation: async (req) => readMultipart(req),
      schema: {
        tags: TAGS,
        summary:
          'Submit a service request with an api_key (form-encoded as the spec says; multipart with media photos; or JSON)',
        params: S.FormatParams,
        querystring: S.WriteQuery,
        body: S.RequestCreateBody,
        response: { 201: S.RequestCreated },
      },
    },
    async (req, reply) => {
      const format = formatOf(req);
      const b = (req.body ?? {}) as Record<string, string>;
      const input: SubmitInput = {
        ...withQueryCredentials(req),
        attributes: attributesOf(b),
        locale: req.locale,
        photos: req.open311Media ?? [],
        noDescription: staffText('open311.noDescription'),
      };
      const created = await open311.submit(input);
      return send(
        reply.header('cache-control', 'no-store'),
        format,
        'service_requests',
        [
          {
            service_request_id: created.reference,
            token: created.token,
            service_notice: null,
            account_id: null,
          },
        ],
        201,
      );
    },
  );

  app.get(
    '/v2/requests/:service_request_id.:format',
    {
      config: READ,
      schema: {
        tags: TAGS,
        summary: 'One public service request',
        params: S.RequestParams,
        querystring: S.JurisdictionQuery,
        response: { 200: S.ServiceRequestList },
      },
    },
    async (req, reply) => {
      const format = formatOf(req);
      const { service_request_id } = req.params as { service_request_id: string };
      const q = req.query as { jurisdiction_id?: string; extensions?: string };
      const v = await open311.request(
        ANONYMOUS,
        { id: service_request_id, jurisdiction_id: q.jurisdiction_id },
        req.locale,
      );
      const extended = /^(true|1)$/i.test(q.extensions ?? '');
      return send(reply.header('cache-control', 'no-cache'), format, 'service_requests', [
        presentRequest(v, req.t, req.locale, extended),
      ]);
    },
  );

  app.get(
    '/v2/tokens/:token_id.:format',
    {
      config: READ,
      schema: {
        tags: TAGS,
        summary: 'The service request a submission token became',
        params: S.TokenParams,
        querystring: S.JurisdictionQuery,
        response: { 200: S.TokenList },
      },
    },
    async (req, reply) => {
      const format = formatOf(req);
      const { token_id } = req.params as { token_id: string };
      const q = req.query as { jurisdiction_id?: string };
      const t = await open311.token(ANONYMOUS, { token: token_id, ...q });
      return send(reply.header('cache-control', 'no-store'), format, 'service_requests', [
        { service_request_id: t.reference, token: t.token },
      ]);
    },
  );

  // --- updates (mySociety extension) --------------------------------------------------------------

  app.get(
    '/v2/servicerequestupdates.:format',
    {
      config: READ,
      schema: {
        tags: TAGS,
        summary: 'Public updates (status changes, public notes) of public requests in a time range',
        params: S.FormatParams,
        querystring: S.UpdatesQuery,
        response: { 200: S.UpdateList },
      },
    },
    async (req, reply) => {
      const format = formatOf(req);
      const list = await open311.updates(ANONYMOUS, req.query as Record<string, string>);
      // JSON: a bare array, as mySociety's open311-adapter answers; XML keeps its root element.
      return send(
        reply,
        format,
        'service_request_updates',
        list.map((u) => presentUpdate(u, req.t)),
      );
    },
  );

  app.post(
    '/v2/servicerequestupdates.:format',
    {
      config: WRITE,
      schema: {
        tags: TAGS,
        summary:
          'Add what a client user knows to a public request (reaches the handling team; on a closed one, also asks to reopen)',
        params: S.FormatParams,
        querystring: S.WriteQuery,
        body: S.UpdateCreateBody,
        response: { 201: S.UpdateCreated },
      },
    },
    async (req, reply) => {
      const format = formatOf(req);
      const b = (req.body ?? {}) as Record<string, string>;
      const input: UpdateInput = {
        ...withQueryCredentials(req),
        attributes: attributesOf(b, S.UPDATE_ATTRIBUTE_FIELD),
        reopenNote: staffText('open311.reopenRequested'),
      };
      const r = await open311.postUpdate(input);
      return send(reply, format, 'service_request_updates', [{ update_id: r.updateId }], 201);
    },
  );
}
