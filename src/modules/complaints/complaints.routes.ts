/**
 * The resident's complaint pages (HTML first, JavaScript off): the complaint or commendation form and
 * the published figures. Like the report form, an anonymous visitor gets no cookie (posts are guarded
 * by the Origin check), nothing about the device or network is stored, and the receipt is shown once
 * in the POST response itself. Following a complaint is the track page (reports module).
 */
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.ts';
import { PUBLIC } from '../../plugins/access.ts';
import { isCrossSite } from '../../plugins/security.ts';
import { AppError, TooManyRequestsError, ValidationError } from '../../shared/errors.ts';
import { countryOfAreaCode, wallTimeToUtc, zoneOfCountry } from '../../shared/time-format.ts';
import type { FieldErrors } from '../../views/form.tsx';
import { refuseLargeNonMultipart } from '../reports/body-size.ts';
import { clientKey } from '../reports/client-key.ts';
import { MAX_PHOTO_BYTES, MAX_PHOTOS } from '../reports/photos.store.ts';
import { reportFieldError } from '../reports/resident.routes.ts';
import type { Privacy } from '../reports/reports.types.ts';
import { ConfirmationPage } from '../reports/views/resident-report.tsx';
import type { ComplaintKind } from './complaints.types.ts';
import { ComplaintForm } from './views/complaint-form.tsx';
import { FiguresPage } from './views/figures-page.tsx';
import { areaName, parseNames } from '../geo/geo.presenter.ts';

const HOUR_MS = 3_600_000;
const FiguresQuery = Type.Object(
  { months: Type.Optional(Type.String({ pattern: '^(3|6|12|24)$' })) },
  { additionalProperties: false },
);
const str = (max: number) => Type.Optional(Type.String({ maxLength: max }));
export const ComplaintFormBody = Type.Object(
  {
    kind: str(20),
    officer_badge: str(200),
    officer_description: str(2000),
    area: str(100),
    address: str(1000),
    occurred_date: str(40),
    occurred_time: str(20),
    description: str(8000),
    privacy: str(20),
    contact_name: str(400),
    contact_phone: str(80),
    contact_email: str(400),
    share_identity: str(1),
  },
  { additionalProperties: false },
);

declare module 'fastify' {
  interface FastifyRequest {
    complaintUploads?: Buffer[];
  }
}

/** Service field → form field for the complaint's own fields (the report's are mapped by reportFieldError). */
const OWN_FIELDS: Record<string, string> = {
  kind: 'complaints.form.errors.kind',
  officer_badge: 'complaints.form.errors.badge',
  officer_description: 'complaints.form.errors.officerDescription',
};

export async function complaintsRoutes(app: FastifyInstance, opts: { ctx: AppContext }) {
  const { services, config } = opts.ctx;
  const { complaints, geo } = services;

  await app.register(rateLimit, { global: false });
  await app.register(multipart, {
    limits: { fileSize: MAX_PHOTO_BYTES, files: MAX_PHOTOS, fields: 30, fieldSize: 20_000, parts: 40 },
  });
  const postConfig = {
    ...PUBLIC,
    csrf: 'origin' as const,
    rateLimit: {
      keyGenerator: (req: FastifyRequest) => `addr:${clientKey(req.ip)}`,
      max: config.reportLimitPerHour,
      timeWindow: HOUR_MS,
      errorResponseBuilder: (req: FastifyRequest, ctx: { ttl: number }) =>
        new TooManyRequestsError(
          req.t('resident.report.rateLimited'),
          Math.max(1, Math.ceil(ctx.ttl / 1000)),
        ),
    },
  };

  /** Text fields and photos of the multipart form, before validation (as the report form does). */
  async function readMultipart(req: FastifyRequest): Promise<void> {
    if (!req.isMultipart()) return;
    if (isCrossSite(req, config.publicUrl))
      throw new AppError(403, 'cross_site', 'cross-site form posts are refused');
    const fields: Record<string, string> = {};
    const files: Buffer[] = [];
    try {
      for await (const part of req.parts()) {
        if (part.type === 'file') {
          if (part.fieldname !== 'photos') {
            part.file.resume();
            throw new ValidationError(`${part.fieldname} is not an accepted file field`, part.fieldname);
          }
          const buf = await part.toBuffer();
          if (part.file.truncated) throw new ValidationError('a photo may be at most 10 MB', 'photos');
          if (buf.length > 0) files.push(buf);
        } else if (typeof part.value === 'string') {
          if (part.fieldname in fields)
            throw new ValidationError(`${part.fieldname} is given more than once`, part.fieldname);
          fields[part.fieldname] = part.value;
        }
      }
    } catch (err) {
      if (err instanceof AppError) throw err;
      if ((err as { statusCode?: number }).statusCode === 413)
        throw new AppError(413, 'too_large', 'a photo or the request is too large');
      throw new ValidationError('the form could not be read', 'body');
    }
    req.body = fields;
    req.complaintUploads = files;
  }

  const pageOpts = (req: FastifyRequest, reply: FastifyReply, title: string) => ({
    title,
    ...(req.actor.kind !== 'anonymous' ? { csrfToken: reply.generateCsrf() } : {}),
  });

  async function renderForm(
    req: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, string>,
    errors: FieldErrors,
  ) {
    const { groups } = await geo.choices(req.actor, req.locale, { kinds: ['district', 'municipality'] });
    return reply.page(
      ComplaintForm({ t: req.t, areas: groups, values, errors, signedIn: req.actor.kind !== 'anonymous' }),
      pageOpts(req, reply, req.t('complaints.form.title')),
    );
  }

  app.get('/complaints/new', { config: PUBLIC, schema: { hide: true } }, async (req, reply) =>
    renderForm(req, reply, {}, {}),
  );

  app.post(
    '/complaints/new',
    {
      config: postConfig,
      bodyLimit: MAX_PHOTOS * MAX_PHOTO_BYTES + 1024 * 1024,
      onRequest: refuseLargeNonMultipart(config.bodyLimitBytes),
      preValidation: async (req) => readMultipart(req),
      schema: { hide: true, body: ComplaintFormBody },
    },
    async (req, reply) => {
      const b = (req.body ?? {}) as Record<string, string | undefined>;
      const values: Record<string, string> = {};
      for (const [k, v] of Object.entries(b)) if (typeof v === 'string') values[k] = v;
      const anonymous = b.privacy === 'anonymous';
      if (anonymous)
        for (const k of ['contact_name', 'contact_phone', 'contact_email', 'share_identity'])
          delete values[k];
      const errors: FieldErrors = {};
      if (b.kind !== 'complaint' && b.kind !== 'commendation')
        errors.kind = req.t('complaints.form.errors.kind');
      if (!b.area) errors.area = req.t('resident.report.errors.areaRequired');
      const date = b.occurred_date?.trim() ?? '';
      const time = b.occurred_time?.trim() ?? '';
      // The wall time is read in the zone of the place's country (time-format), never converted by hand.
      let occurredAt: string | undefined;
      if (date) {
        const zone = zoneOfCountry(countryOfAreaCode(b.area), config.timeZone);
        const utc = time ? wallTimeToUtc(date, time, zone) : /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : null;
        if (!utc) errors.occurred_date = req.t('resident.report.errors.date');
        else occurredAt = utc;
      } else if (time) errors.occurred_date = req.t('resident.report.errors.date');
      if (Object.keys(errors).length) {
        reply.code(400);
        return renderForm(req, reply, values, errors);
      }
      try {
        const created = await complaints.submit(req.actor, {
          kind: b.kind as ComplaintKind,
          description: b.description ?? '',
          privacy: b.privacy as Privacy,
          area: b.area!,
          occurredAt,
          address: b.address,
          officerBadge: b.officer_badge,
          officerDescription: b.officer_description,
          contact: anonymous
            ? undefined
            : { name: b.contact_name, phone: b.contact_phone, email: b.contact_email },
          shareIdentity: !anonymous && b.share_identity === '1',
          photos: req.complaintUploads ?? [],
          locale: req.locale,
          followUpCode: req.actor.kind === 'anonymous',
        });
        return reply.page(
          ConfirmationPage({
            t: req.t,
            reference: created.reference,
            receipt: created.receipt,
            signedIn: req.actor.kind === 'resident' && !anonymous,
          }),
          pageOpts(req, reply, req.t('resident.report.done.title')),
        );
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        reply.code(400);
        const own = OWN_FIELDS[err.field ?? ''];
        return renderForm(
          req,
          reply,
          values,
          own ? { [err.field!]: req.t(own) } : reportFieldError(req.t, err),
        );
      }
    },
  );

  app.get(
    '/complaints/figures',
    { config: PUBLIC, schema: { hide: true, querystring: FiguresQuery } },
    async (req, reply) => {
      const months = Number((req.query as { months?: string }).months ?? '12');
      const figures = await complaints.figures(req.actor, { months });
      return reply.page(
        FiguresPage({
          t: req.t,
          figures,
          months,
          areaName: (code, names) => areaName(parseNames(names), req.locale, code),
        }),
        pageOpts(req, reply, req.t('complaints.figures.title')),
      );
    },
  );
}
