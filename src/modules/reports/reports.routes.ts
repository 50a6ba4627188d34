/**
 * JSON API for reports. Routes parse, authenticate and present; the services decide.
 * Public posts (`POST /api/v1/reports`, `/api/v1/track*`) need no token and set no cookie; they are
 * rate-limited per address by an in-memory counter keyed with a daily-salted hash of the address,
 * so the address is never stored or logged. Staff and integration tokens have their own limit.
 */
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import { refuseLargeNonMultipart } from './body-size.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.ts';
import { PUBLIC, policy } from '../../plugins/access.ts';
import { isCrossSite } from '../../plugins/security.ts';
import {
  AppError,
  TooManyRequestsError,
  UnauthenticatedError,
  ValidationError,
} from '../../shared/errors.ts';
import { can, roleMayEver } from '../../shared/policy.ts';
import { clientKey } from './client-key.ts';
import { MAX_PHOTO_BYTES, MAX_PHOTOS } from './photos.store.ts';
import {
  presentCategory,
  presentDetail,
  presentPublic,
  presentSummary,
  presentTemplate,
  presentThread,
} from './reports.presenter.ts';
import { REPORT, REPORT_CATEGORY, RESPONSE_TEMPLATE } from './reports.policy.ts';
import * as S from './reports.schemas.ts';
import type { CreateReportInput, QueueInput } from './reports.service.ts';
import type { Channel, Contact, Privacy, Status } from './reports.types.ts';

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
const JSON_TYPE = 'application/json';
const MULTIPART_TYPE = 'multipart/form-data';

declare module 'fastify' {
  interface FastifyRequest {
    /** Photo files of a multipart report, read before validation. */
    reportUploads?: Buffer[];
  }
}

function isStaff(req: FastifyRequest): boolean {
  return req.actor.kind === 'staff';
}

/** Public callers: per address (hashed); staff and integrations: per person, their own limit. */
function limiterKey(req: FastifyRequest): string {
  if (isStaff(req)) return `staff:${req.actor.personId}`;
  return `addr:${clientKey(req.ip)}`;
}

function noStore(reply: FastifyReply): FastifyReply {
  return reply.header('cache-control', 'no-store');
}

export async function reportsRoutes(app: FastifyInstance, opts: { ctx: AppContext }) {
  const { services, config } = opts.ctx;
  const { reports, reportCategories, reportFollowUp } = services;

  // Anonymous callers of staff-only routes are told to sign in before their body is even validated.
  app.addHook('preValidation', async (req) => {
    const access = req.routeOptions.config?.access;
    if (
      access?.kind === 'policy' &&
      req.actor.kind === 'anonymous' &&
      !roleMayEver('anyone', access.action, access.subject)
    )
      throw new UnauthenticatedError();
  });

  await app.register(rateLimit, { global: false });
  await app.register(multipart, {
    limits: { fileSize: MAX_PHOTO_BYTES, files: MAX_PHOTOS, fields: 30, fieldSize: 20_000, parts: 40 },
  });

  const publicLimit = (perHour: number) => ({
    keyGenerator: limiterKey,
    max: (req: FastifyRequest) => (isStaff(req) ? config.apiLimitPerMinute : perHour),
    timeWindow: (req: FastifyRequest) => (isStaff(req) ? MINUTE_MS : HOUR_MS),
    errorResponseBuilder: (req: FastifyRequest, ctx: { ttl: number }) =>
      new TooManyRequestsError(req.t('resident.report.rateLimited'), Math.max(1, Math.ceil(ctx.ttl / 1000))),
  });
  const trackLimit = {
    ...publicLimit(config.reportLimitPerHour * 10),
    errorResponseBuilder: (req: FastifyRequest, ctx: { ttl: number }) =>
      new TooManyRequestsError(req.t('resident.track.rateLimited'), Math.max(1, Math.ceil(ctx.ttl / 1000))),
  };

  /** Reads a multipart report into flat fields (validated next) and photo buffers. */
  async function readMultipart(req: FastifyRequest): Promise<void> {
    if (!req.isMultipart()) return;
    if (!req.headers.authorization && isCrossSite(req, config.publicUrl))
      throw new AppError(403, 'cross_site', 'cross-site form posts are refused');
    const fields: Record<string, string> = {};
    const files: Buffer[] = [];
    try {
      for await (const part of req.parts()) {
        if (part.type === 'file') {
          if (part.fieldname !== 'photos') {
            part.file.resume();
            throw new ValidationError(
              `${part.fieldname} is not an accepted file field (use photos)`,
              part.fieldname,
            );
          }
          const buf = await part.toBuffer();
          if (part.file.truncated)
            throw new ValidationError('photos: a photo may be at most 10 MB', 'photos');
          if (buf.length > 0) files.push(buf);
        } else {
          if (typeof part.value !== 'string') continue;
          if (part.fieldname in fields)
            throw new ValidationError(`${part.fieldname} is given more than once`, part.fieldname);
          if (part.value !== '') fields[part.fieldname] = part.value;
        }
      }
    } catch (err) {
      if (err instanceof AppError) throw err;
      // The multipart parser's own refusals (too many files, too large, cut-off or garbled bodies)
      // are the client's fault: answer 4xx with its reason, never 500.
      const status = (err as { statusCode?: number }).statusCode;
      if (status === 413) throw new AppError(413, 'too_large', 'a photo or the request is too large');
      throw new ValidationError(
        `the multipart body is malformed: ${(err as Error).message}`.slice(0, 200),
        'body',
      );
    }
    req.body = fields;
    req.reportUploads = files;
  }

  function fromForm(b: Record<string, string | number | undefined>): Omit<CreateReportInput, 'photos'> {
    let answers: Record<string, unknown> | undefined;
    if (typeof b.answers === 'string') {
      try {
        answers = JSON.parse(b.answers) as Record<string, unknown>;
      } catch {
        throw new ValidationError('answers must be a JSON object', 'answers');
      }
      if (!answers || typeof answers !== 'object' || Array.isArray(answers))
        throw new ValidationError('answers must be a JSON object', 'answers');
    }
    const contact: Contact = {};
    if (b.contact_name !== undefined) contact.name = String(b.contact_name);
    if (b.contact_phone !== undefined) contact.phone = String(b.contact_phone);
    if (b.contact_email !== undefined) contact.email = String(b.contact_email);
    let location: CreateReportInput['location'];
    if (b.lat !== undefined || b.lon !== undefined) {
      if (b.lat === undefined) throw new ValidationError('lat is required with lon', 'lat');
      if (b.lon === undefined) throw new ValidationError('lon is required with lat', 'lon');
      location = { lat: Number(b.lat), lon: Number(b.lon) };
    } else if (b.area !== undefined) location = { area: String(b.area) };
    else throw new ValidationError('give lat and lon, or area', 'area');
    return {
      description: String(b.description),
      category: String(b.category),
      privacy: b.privacy as Privacy,
      location,
      occurredAt: b.occurred_at as string | undefined,
      address: b.address as string | undefined,
      contact: Object.keys(contact).length ? contact : undefined,
      answers,
      channel: b.channel as Channel | undefined,
    };
  }

  app.post(
    '/api/v1/reports',
    {
      // The answer is a ~150-byte JSON object, under the compression threshold: no compress hooks.
      config: {
        ...PUBLIC,
        csrf: 'origin',
        rateLimit: publicLimit(config.reportLimitPerHour),
        compress: false,
      },
      bodyLimit: MAX_PHOTOS * MAX_PHOTO_BYTES + 1024 * 1024,
      onRequest: refuseLargeNonMultipart(config.bodyLimitBytes),
      preValidation: async (req) => readMultipart(req),
      schema: {
        tags: ['reports'],
        summary: 'Submit a report (residents without a token; staff and integrations with one)',
        body: {
          content: {
            [JSON_TYPE]: { schema: S.ReportCreateBody },
            [MULTIPART_TYPE]: { schema: S.ReportCreateForm },
          },
        },
        response: { 201: S.ReportCreated },
      },
    },
    async (req, reply) => {
      let input: CreateReportInput;
      if (req.isMultipart()) {
        input = { ...fromForm(req.body as Record<string, string>), photos: req.reportUploads ?? [] };
      } else {
        const b = req.body as {
          description: string;
          category: string;
          privacy: Privacy;
          location: CreateReportInput['location'];
          occurred_at?: string;
          address?: string;
          contact?: Contact;
          answers?: Record<string, unknown>;
          channel?: Channel;
        };
        input = {
          description: b.description,
          category: b.category,
          privacy: b.privacy,
          location: b.location,
          occurredAt: b.occurred_at,
          address: b.address,
          contact: b.contact,
          answers: b.answers,
          channel: b.channel,
        };
      }
      // Residents cannot claim a channel; staff and integrations (tokens) may name theirs.
      if (!isStaff(req) && input.channel !== undefined && input.channel !== 'api')
        throw new ValidationError('channel is named only by staff and integrations', 'channel');
      input.channel ??= 'api';
      input.locale = req.locale;
      const created = await reports.createReport(req.actor, input);
      return noStore(reply).code(201).send(created);
    },
  );

  app.get(
    '/api/v1/reports',
    {
      config: policy('queue', REPORT),
      schema: {
        tags: ['reports'],
        summary: 'Triage queue of the caller’s jurisdiction',
        querystring: S.QueueQuery,
        response: { 200: S.QueueResponse },
      },
    },
    async (req, reply) => {
      const q = req.query as {
        status?: Status[];
        category?: string;
        area?: string;
        privacy?: Privacy;
        older_than_days?: number;
        newer_than_days?: number;
        assigned?: QueueInput['assigned'];
        held?: boolean;
        sort?: QueueInput['sort'];
        limit?: number;
        offset?: number;
      };
      const result = await reports.queue(req.actor, {
        status: q.status,
        category: q.category,
        area: q.area,
        privacy: q.privacy,
        olderThanDays: q.older_than_days,
        newerThanDays: q.newer_than_days,
        assigned: q.assigned,
        held: q.held,
        sort: q.sort,
        limit: q.limit,
        offset: q.offset,
      });
      const analyst = result.view === 'analyst';
      return noStore(reply).send({
        view: result.view,
        items: result.items.map((r) => presentSummary(r, analyst)),
        counts: result.counts,
      });
    },
  );

  app.get(
    '/api/v1/reports/similar',
    {
      config: PUBLIC,
      schema: {
        tags: ['reports'],
        summary: 'Open public reports nearby in the same category',
        querystring: S.SimilarQuery,
        response: { 200: S.SimilarResponse },
      },
    },
    async (req) => {
      const q = req.query as { category: string; lat: number; lon: number };
      const items = await reports.similar(req.actor, q);
      return { items: items.map((r) => presentPublic(r, req.t)) };
    },
  );

  app.post(
    '/api/v1/reports/bulk-status',
    {
      config: policy('manage', REPORT),
      schema: {
        tags: ['reports'],
        summary: 'Change the status of many reports at once',
        body: S.BulkStatusBody,
        response: { 200: S.BulkStatusResponse },
      },
    },
    async (req) => {
      const b = req.body as {
        ids: string[];
        status: Status;
        reason: string;
        public_note?: string;
        referred_to?: string;
      };
      return reports.bulkStatus(req.actor, {
        ids: b.ids,
        status: b.status,
        reason: b.reason,
        publicNote: b.public_note,
        referredTo: b.referred_to,
      });
    },
  );

  app.get(
    '/api/v1/reports/:id',
    {
      config: policy('read', REPORT),
      schema: {
        tags: ['reports'],
        summary: 'One report with its thread (read is audited)',
        params: S.IdParams,
        response: { 200: S.ReportDetailResponse },
      },
    },
    async (req, reply) => {
      const { id } = req.params as { id: string };
      return noStore(reply).send(presentDetail(await reports.get(req.actor, id)));
    },
  );

  app.get(
    '/api/v1/reports/:id/identity',
    {
      config: policy('identity', REPORT),
      schema: {
        tags: ['reports'],
        summary: 'Who reported (public and name-hidden reports only; audited)',
        params: S.IdParams,
        response: { 200: S.IdentityResponse },
      },
    },
    async (req, reply) => {
      const { id } = req.params as { id: string };
      const r = await reports.getIdentity(req.actor, id);
      return noStore(reply).send({
        contact: r.contact,
        account: r.person
          ? {
              id: r.person.id,
              display_name: r.person.displayName,
              email: r.person.email,
              phone: r.person.phone,
            }
          : null,
      });
    },
  );

  const detailAfter = async (req: FastifyRequest, id: string) =>
    presentDetail(await reports.get(req.actor, id));

  app.post(
    '/api/v1/reports/:id/status',
    {
      config: policy('manage', REPORT),
      schema: {
        tags: ['reports'],
        summary: 'Move a report through its lifecycle',
        params: S.IdParams,
        body: S.StatusBody,
        response: { 200: S.ReportDetailResponse },
      },
    },
    async (req) => {
      const { id } = req.params as { id: string };
      const b = req.body as { status: Status; reason: string; public_note?: string; referred_to?: string };
      await reports.changeStatus(req.actor, id, {
        status: b.status,
        reason: b.reason,
        publicNote: b.public_note,
        referredTo: b.referred_to,
      });
      return detailAfter(req, id);
    },
  );

  app.post(
    '/api/v1/reports/:id/assign',
    {
      config: policy('assign', REPORT),
      schema: {
        tags: ['reports'],
        summary: 'Assign to an officer and/or a partner organisation',
        params: S.IdParams,
        body: S.AssignBody,
        response: { 200: S.ReportSummary },
      },
    },
    async (req) => {
      const { id } = req.params as { id: string };
      const b = req.body as { person_id?: string | null; organisation_id?: string | null };
      return presentSummary(
        await reports.assign(req.actor, id, { personId: b.person_id, organisationId: b.organisation_id }),
        false,
      );
    },
  );

  app.post(
    '/api/v1/reports/:id/notes',
    {
      config: policy('manage', REPORT),
      schema: {
        tags: ['reports'],
        summary: 'Internal note (default), public update, or message to the reporter',
        params: S.IdParams,
        body: S.EntryBody,
        response: { 201: S.EntryCreated },
      },
    },
    async (req, reply) => {
      const { id } = req.params as { id: string };
      const b = req.body as { kind?: 'note' | 'public_update' | 'message_out'; body: string };
      return reply
        .code(201)
        .send(await reports.addEntry(req.actor, id, { kind: b.kind ?? 'note', body: b.body }));
    },
  );

  app.post(
    '/api/v1/reports/:id/merge',
    {
      config: policy('merge', REPORT),
      schema: {
        tags: ['reports'],
        summary: 'Close as a duplicate of another report',
        params: S.IdParams,
        body: S.MergeBody,
        response: { 200: S.ReportSummary },
      },
    },
    async (req) => {
      const { id } = req.params as { id: string };
      const b = req.body as { into: string; reason?: string; public_note?: string };
      return presentSummary(
        await reports.merge(req.actor, id, { into: b.into, reason: b.reason, publicNote: b.public_note }),
        false,
      );
    },
  );

  app.post(
    '/api/v1/reports/:id/problem',
    {
      config: policy('manage', REPORT),
      schema: {
        tags: ['reports'],
        summary: 'Link to a problem (or unlink with null)',
        params: S.IdParams,
        body: S.ProblemBody,
        response: { 200: S.ReportSummary },
      },
    },
    async (req) => {
      const { id } = req.params as { id: string };
      const b = req.body as { problem_id: string | null };
      return presentSummary(await reports.linkProblem(req.actor, id, { problemId: b.problem_id }), false);
    },
  );

  app.post(
    '/api/v1/reports/:id/release',
    {
      config: policy('release', REPORT),
      schema: {
        tags: ['reports'],
        summary: 'Release a report held for review into the queue',
        params: S.IdParams,
        response: { 200: S.ReportSummary },
      },
    },
    async (req) => {
      const { id } = req.params as { id: string };
      return presentSummary(await reports.release(req.actor, id), false);
    },
  );

  app.get(
    '/api/v1/reports/:id/photos/:photoId',
    {
      config: policy('read', REPORT),
      schema: {
        tags: ['reports'],
        summary: 'A photo of a report (re-encoded, no metadata; read is audited)',
        params: S.PhotoParams,
      },
    },
    async (req, reply) => {
      const { id, photoId } = req.params as { id: string; photoId: string };
      const photo = await reports.getPhoto(req.actor, id, photoId);
      return noStore(reply).type(photo.mime).header('x-content-type-options', 'nosniff').send(photo.data);
    },
  );

  // --- the reporter's side ----------------------------------------------------------------------

  const trackOpts = (summary: string, body: unknown, response: unknown) => ({
    config: { ...PUBLIC, csrf: 'origin' as const, rateLimit: trackLimit },
    schema: { tags: ['track'], summary, body, response: { 200: response } },
  });

  app.post(
    '/api/v1/track',
    trackOpts(
      'Follow a report with its receipt (the receipt goes in the body, never a URL)',
      S.TrackBody,
      S.TrackResponse,
    ),
    async (req, reply) => {
      const { receipt } = req.body as { receipt: string };
      try {
        const view = await reportFollowUp.track(req.actor, { receipt }, clientKey(req.ip));
        return noStore(reply).send(presentThread(view, req.t));
      } catch (err) {
        throw localise(req, err);
      }
    },
  );

  app.post(
    '/api/v1/track/messages',
    trackOpts('Send a message to the team handling the report', S.TrackMessageBody, S.Ok),
    async (req, reply) => {
      const { receipt, text } = req.body as { receipt: string; text: string };
      try {
        await reportFollowUp.addMessage(req.actor, { receipt }, { text }, clientKey(req.ip));
      } catch (err) {
        throw localise(req, err);
      }
      return noStore(reply).send({ ok: true as const });
    },
  );

  app.post(
    '/api/v1/track/information',
    trackOpts('Add information to the report', S.TrackInfoBody, S.Ok),
    async (req, reply) => {
      const { receipt, text } = req.body as { receipt: string; text: string };
      try {
        await reportFollowUp.addInformation(req.actor, { receipt }, { text }, clientKey(req.ip));
      } catch (err) {
        throw localise(req, err);
      }
      return noStore(reply).send({ ok: true as const });
    },
  );

  app.post(
    '/api/v1/track/feedback',
    trackOpts('Say whether it was resolved and how you were treated', S.TrackFeedbackBody, S.Ok),
    async (req, reply) => {
      const b = req.body as {
        receipt: string;
        resolved: 'yes' | 'partly' | 'no';
        items?: Record<string, string>;
      };
      try {
        await reportFollowUp.submitFeedback(
          req.actor,
          { receipt: b.receipt },
          { resolved: b.resolved, items: b.items },
          clientKey(req.ip),
        );
      } catch (err) {
        throw localise(req, err);
      }
      return noStore(reply).send({ ok: true as const });
    },
  );

  // --- categories and templates -----------------------------------------------------------------

  app.get(
    '/api/v1/report-categories',
    {
      config: PUBLIC,
      schema: {
        tags: ['reports'],
        summary: 'Report categories with names, guidance and extra questions',
        querystring: S.CategoryListQuery,
        response: { 200: S.CategoryListResponse },
      },
    },
    async (req) => {
      const q = req.query as { include_inactive?: boolean };
      const admin = !!can(req.actor, 'administer', REPORT_CATEGORY);
      const items = await reportCategories.list(req.actor, { includeInactive: q.include_inactive });
      return { items: items.map((c) => presentCategory(c, admin)) };
    },
  );

  app.post(
    '/api/v1/report-categories',
    {
      config: policy('administer', REPORT_CATEGORY),
      schema: {
        tags: ['reports'],
        summary: 'Add a category',
        body: S.CategoryCreateBody,
        response: { 201: S.CategorySchema },
      },
    },
    async (req, reply) => {
      const b = req.body as Parameters<typeof reportCategories.create>[1];
      return reply.code(201).send(presentCategory(await reportCategories.create(req.actor, b), true));
    },
  );

  app.patch(
    '/api/v1/report-categories/:code',
    {
      config: policy('administer', REPORT_CATEGORY),
      schema: {
        tags: ['reports'],
        summary: 'Change a category (names, guidance, desk, questions, active)',
        params: S.CodeParams,
        body: S.CategoryUpdateBody,
        response: { 200: S.CategorySchema },
      },
    },
    async (req) => {
      const { code } = req.params as { code: string };
      const b = req.body as Parameters<typeof reportCategories.update>[2];
      return presentCategory(await reportCategories.update(req.actor, code, b), true);
    },
  );

  app.get(
    '/api/v1/response-templates',
    {
      config: policy('read', RESPONSE_TEMPLATE),
      schema: {
        tags: ['reports'],
        summary: 'Response templates per category and language',
        querystring: S.TemplateQuery,
        response: { 200: S.TemplateListResponse },
      },
    },
    async (req) => {
      const q = req.query as { category?: string; locale?: string };
      return { items: (await reports.templates(req.actor, q)).map(presentTemplate) };
    },
  );

  app.post(
    '/api/v1/response-templates',
    {
      config: policy('administer', RESPONSE_TEMPLATE),
      schema: {
        tags: ['reports'],
        summary: 'Add a response template',
        body: S.TemplateCreateBody,
        response: { 201: S.TemplateSchema },
      },
    },
    async (req, reply) => {
      const b = req.body as { category?: string | null; locale: string; title: string; body: string };
      return reply.code(201).send(presentTemplate(await reports.createTemplate(req.actor, b)));
    },
  );
}

/** The generic "not found" and throttle answers of /track are resident-facing: say them in their language. */
function localise(req: FastifyRequest, err: unknown): unknown {
  if (err instanceof TooManyRequestsError)
    return new TooManyRequestsError(req.t('resident.track.rateLimited'), err.retryAfterSeconds);
  if (err instanceof AppError && err.statusCode === 404)
    return new AppError(404, 'not_found', req.t('resident.track.notFound'));
  return err;
}
