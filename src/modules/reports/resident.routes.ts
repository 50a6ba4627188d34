/**
 * The resident's pages (HTML first, all working with JavaScript off): report a concern, follow it with
 * a receipt, the public list and its map. Routes parse and render; the reports services decide.
 *
 * Anonymous means anonymous: for a visitor without a session these pages set no cookie at all (no
 * session, no CSRF secret: posts are guarded by the Origin / Sec-Fetch-Site check, `csrf: 'origin'`),
 * and nothing about the device or network is stored (rate limits count an in-memory keyed hash of
 * the address). The receipt is shown in the POST response itself (200, `no-store`) and every
 * follow-up action carries it in a hidden field of a POST form: never in a URL, a cookie or a log.
 */
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { refuseLargeNonMultipart } from './body-size.ts';
import type { AppContext } from '../../context.ts';
import { PUBLIC } from '../../plugins/access.ts';
import { isCrossSite } from '../../plugins/security.ts';
import { AppError, TooManyRequestsError, ValidationError } from '../../shared/errors.ts';
import type { Locale, Translate } from '../../shared/i18n.ts';
import type { Actor } from '../../shared/policy.ts';
import { timeFormat } from '../../shared/time-format.ts';
import type { FieldErrors } from '../../views/form.tsx';
import type { CategoryView } from './categories.service.ts';
import { clientKey } from './client-key.ts';
import type { ReporterKey } from './follow-up.service.ts';
import { MAX_PHOTO_BYTES, MAX_PHOTOS } from './photos.store.ts';
import { presentPublic, presentThread, statusLabel } from './reports.presenter.ts';
import type { CreateReportInput, ReportLocation } from './reports.service.ts';
import { AGREE_SCALE, FEEDBACK_ITEMS, FEEDBACK_RESOLVED, PRIVACY, type Privacy } from './reports.types.ts';
import { PublicListPage } from './views/resident-list.tsx';
import { PublicReportPage } from './views/resident-public-report.tsx';
import {
  AddedPage,
  CategoryStep,
  ConfirmationPage,
  ReportForm,
  SimilarStep,
  localText,
  type AreaGroup,
  type ReportValues,
} from './views/resident-report.tsx';
import { ThreadPage, TrackStart, type ThreadKey } from './views/resident-track.tsx';
import { ComplaintTrackSection } from '../complaints/views/complaint-track.tsx';

const HOUR_MS = 3_600_000;
const QUESTION_FIELD = '^q_[a-z][a-z0-9_]{0,39}$';
const QUESTION_RE = new RegExp(QUESTION_FIELD);
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const TIME_RE = /^([01]\d|2[0-3]):[0-5]\d$/;
/** The public JSON route the list page's map reads. */
/**
 * The public name of a report's place: its own area when it is a district or municipality, else the
 * nearest such ancestor (a police beat is an internal zone; residents know the district). The code
 * is the last resort only, for an area outside every listed district.
 */
function nearestAreaName(names: Map<string, string>, areaPath: string, areaCode: string): string {
  const codes = areaPath.split('/').filter(Boolean).reverse();
  for (const c of [areaCode, ...codes]) {
    const n = names.get(c);
    if (n) return n;
  }
  return areaCode;
}

export const MAP_API = '/api/v1/public/reports';

const str = (max: number) => Type.Optional(Type.String({ maxLength: max }));

/** Every field of the report form, as text; the service checks the meaning. */
export const ReportFormBody = Type.Object(
  {
    category: str(60),
    description: str(8000),
    area: str(100),
    address: str(1000),
    lat: str(40),
    lon: str(40),
    occurred_date: str(40),
    occurred_time: str(20),
    privacy: str(20),
    contact_name: str(400),
    contact_phone: str(80),
    contact_email: str(400),
    different: str(1),
  },
  { additionalProperties: false, patternProperties: { [QUESTION_FIELD]: Type.String({ maxLength: 2000 }) } },
);
const ReportQuery = Type.Object({ category: str(60), step: str(1) }, { additionalProperties: false });
const AddBody = Type.Object(
  { reference: str(40), category: str(60), description: str(8000) },
  { additionalProperties: false },
);
const key = { receipt: str(100), report_id: str(40) };
const TrackForm = Type.Object(key, { additionalProperties: false });
const TrackTextForm = Type.Object({ ...key, text: str(8000) }, { additionalProperties: false });
const TrackAppealForm = Type.Object({ ...key, reason: str(8000) }, { additionalProperties: false });
const TrackFeedbackForm = Type.Object(
  {
    ...key,
    resolved: str(20),
    ...Object.fromEntries(FEEDBACK_ITEMS.map((i) => [i, str(40)])),
  },
  { additionalProperties: false },
);
const ListQuery = Type.Object(
  {
    category: str(60),
    area: str(100),
    status: str(20),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  },
  { additionalProperties: false },
);
const PublicPoint = Type.Object(
  {
    reference: Type.String(),
    category: Type.String(),
    status: Type.String(),
    status_label: Type.String(),
    lat: Type.Number(),
    lon: Type.Number(),
    created_at: Type.String(),
  },
  { additionalProperties: false },
);
const PublicPoints = Type.Object(
  { items: Type.Array(PublicPoint), total: Type.Integer() },
  { additionalProperties: false },
);

declare module 'fastify' {
  interface FastifyRequest {
    /** Photo files of a resident form, read before validation. */
    residentUploads?: Buffer[];
  }
}

/** Which form field a service refusal belongs to, and the message to show there. */
const REPORT_FIELDS: Array<[RegExp, string, string]> = [
  [/^description$/, 'description', 'resident.report.errors.description'],
  [/^category$/, 'category', 'resident.report.errors.category'],
  [/^privacy$/, 'privacy', 'resident.report.errors.privacy'],
  [/^occurred_at$/, 'occurred_date', 'resident.report.errors.date'],
  [/^address$/, 'address', 'resident.report.errors.address'],
  [/^contact\.phone$/, 'contact_phone', 'resident.report.errors.phone'],
  [/^contact\.email$/, 'contact_email', 'resident.report.errors.email'],
  [/^contact(\.name)?$/, 'contact_name', 'resident.report.errors.name'],
  [/^(location|area|lat|lon)(\.|$)/, 'area', 'resident.report.errors.area'],
  [/^photos$/, 'photos', 'resident.report.errors.photos'],
];

export function reportFieldError(t: Translate, err: ValidationError): FieldErrors {
  const field = err.field ?? '';
  const answer = /^answers\.([a-z][a-z0-9_]*)$/.exec(field);
  if (answer) return { [`q_${answer[1]}`]: t('resident.report.errors.answer') };
  for (const [re, id, msg] of REPORT_FIELDS) if (re.test(field)) return { [id]: t(msg) };
  return { description: t('resident.report.errors.generic') };
}

/**
 * A local date and time as an instant. The form has no time zone: use the one of the country the
 * place is in (Kyrgyzstan UTC+6; Kazakhstan and Tajikistan UTC+5), else UTC+6.
 */
export function localInstant(date: string, time: string, country: string): string {
  if (!time) return date;
  const offset = country === 'KZ' || country === 'TJ' ? '+05:00' : '+06:00';
  return `${date}T${time}:00${offset}`;
}

export async function residentRoutes(app: FastifyInstance, opts: { ctx: AppContext }) {
  const { services, config } = opts.ctx;
  const { reports, reportCategories, reportFollowUp, residentReports, geo, complaints } = services;

  await app.register(rateLimit, { global: false });
  await app.register(multipart, {
    limits: { fileSize: MAX_PHOTO_BYTES, files: MAX_PHOTOS, fields: 40, fieldSize: 20_000, parts: 50 },
  });

  const limit = (perHour: number, message: string) => ({
    keyGenerator: (req: FastifyRequest) => `addr:${clientKey(req.ip)}`,
    max: perHour,
    timeWindow: HOUR_MS,
    errorResponseBuilder: (req: FastifyRequest, ctx: { ttl: number }) =>
      new TooManyRequestsError(req.t(message), Math.max(1, Math.ceil(ctx.ttl / 1000))),
  });
  const reportLimit = limit(config.reportLimitPerHour, 'resident.report.rateLimited');
  const trackLimit = limit(config.reportLimitPerHour * 10, 'resident.track.rateLimited');
  const postConfig = (rl: object) => ({ ...PUBLIC, csrf: 'origin' as const, rateLimit: rl });

  /** Reads a multipart form into flat text fields and photo buffers (before validation). */
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
          // An empty file input still sends a part with no bytes: that is "no photo".
          if (buf.length > 0) files.push(buf);
        } else if (typeof part.value === 'string') {
          if (part.fieldname in fields)
            throw new ValidationError(`${part.fieldname} is given more than once`, part.fieldname);
          fields[part.fieldname] = part.value;
        }
      }
    } catch (err) {
      if (err instanceof AppError) throw err;
      const status = (err as { statusCode?: number }).statusCode;
      if (status === 413) throw new AppError(413, 'too_large', 'a photo or the request is too large');
      throw new ValidationError('the form could not be read', 'body');
    }
    req.body = fields;
    req.residentUploads = files;
  }

  // --- shared look-ups -----------------------------------------------------------------------------

  /** Districts and municipalities valid today, grouped by region, named in the reader's language. */
  /** The districts and municipalities a resident may choose, named in their language (shared picker data). */
  async function areaGroups(
    req: FastifyRequest,
  ): Promise<{ groups: AreaGroup[]; country: Map<string, string> }> {
    const { groups, areas } = await geo.choices(req.actor, req.locale);
    const country = new Map(areas.map((a) => [a.code, a.country_code] as const));
    return {
      groups: groups.map((g) => ({
        label: g.label,
        areas: g.areas.map((a) => ({ code: a.code, name: a.label })),
      })),
      country,
    };
  }

  const categoryName = (c: CategoryView | undefined, code: string, locale: Locale) =>
    c ? localText(c.names, locale, code) : code;

  const pageOpts = (req: FastifyRequest, reply: FastifyReply, title: string) => ({
    title,
    // Signed-in people get the token their layout's sign-out form needs; anonymous visitors no cookie.
    ...(req.actor.kind !== 'anonymous' ? { csrfToken: reply.generateCsrf() } : {}),
  });

  // --- report: step 1 (category) and step 2 (the rest) -------------------------------------------

  async function renderForm(
    req: FastifyRequest,
    reply: FastifyReply,
    category: CategoryView,
    values: ReportValues,
    errors: FieldErrors,
  ) {
    const { groups } = await areaGroups(req);
    return reply.page(
      ReportForm({
        t: req.t,
        locale: req.locale,
        category,
        areas: groups,
        values,
        errors,
        signedIn: req.actor.kind !== 'anonymous',
        tileUrl: config.mapTileUrl,
        attribution: config.mapAttribution,
      }),
      // The map-pin island is a small loader: Leaflet itself loads only when the person asks for the map.
      { ...pageOpts(req, reply, req.t('resident.report.title')), islands: ['/static/js/map-pin.js'] },
    );
  }

  async function renderCategoryStep(req: FastifyRequest, reply: FastifyReply, errors: FieldErrors) {
    const categories = await reportCategories.list(req.actor);
    return reply.page(
      CategoryStep({ t: req.t, locale: req.locale, categories, errors }),
      pageOpts(req, reply, req.t('resident.report.title')),
    );
  }

  app.get(
    '/report',
    { config: PUBLIC, schema: { hide: true, querystring: ReportQuery } },
    async (req, reply) => {
      const q = req.query as { category?: string; step?: string };
      if (!q.category) {
        const errors: FieldErrors = q.step ? { category: req.t('resident.report.errors.category') } : {};
        if (q.step) reply.code(400);
        return renderCategoryStep(req, reply, errors);
      }
      const category = await reportCategories.activeCategory(q.category);
      if (!category) {
        reply.code(400);
        return renderCategoryStep(req, reply, { category: req.t('resident.report.errors.category') });
      }
      return renderForm(req, reply, category, {}, {});
    },
  );

  app.post(
    '/report',
    {
      config: postConfig(reportLimit),
      bodyLimit: MAX_PHOTOS * MAX_PHOTO_BYTES + 1024 * 1024,
      onRequest: refuseLargeNonMultipart(config.bodyLimitBytes),
      preValidation: async (req) => readMultipart(req),
      schema: { hide: true, body: ReportFormBody },
    },
    async (req, reply) => {
      const b = (req.body ?? {}) as Record<string, string | undefined>;
      const photos = req.residentUploads ?? [];
      const values: ReportValues = {};
      for (const [k, v] of Object.entries(b)) if (typeof v === 'string' && k !== 'different') values[k] = v;
      const category = b.category ? await reportCategories.activeCategory(b.category) : undefined;
      if (!category) {
        reply.code(400);
        return renderCategoryStep(req, reply, { category: req.t('resident.report.errors.category') });
      }
      const privacy = b.privacy as Privacy | undefined;
      const anonymous = privacy === 'anonymous';
      // Contact details typed before choosing "anonymous" are never sent on.
      if (anonymous) for (const k of ['contact_name', 'contact_phone', 'contact_email']) delete values[k];

      const errors: FieldErrors = {};
      const { country } = await areaGroups(req);
      let location: ReportLocation | undefined;
      const lat = b.lat?.trim() ?? '';
      const lon = b.lon?.trim() ?? '';
      if (lat !== '' || lon !== '') {
        const la = Number(lat);
        const lo = Number(lon);
        if (lat === '' || lon === '' || !Number.isFinite(la) || !Number.isFinite(lo))
          errors.area = req.t('resident.report.errors.area');
        else location = { lat: la, lon: lo };
      } else if (b.area) location = { area: b.area };
      else errors.area = req.t('resident.report.errors.areaRequired');
      const date = b.occurred_date?.trim() ?? '';
      const time = b.occurred_time?.trim() ?? '';
      if ((date && !DATE_RE.test(date)) || (time && !TIME_RE.test(time)) || (time && !date))
        errors.occurred_date = req.t('resident.report.errors.date');
      if (Object.keys(errors).length) {
        reply.code(400);
        return renderForm(req, reply, category, values, errors);
      }
      const answers: Record<string, string> = {};
      for (const [k, v] of Object.entries(b))
        if (QUESTION_RE.test(k) && typeof v === 'string' && v !== '') answers[k.slice(2)] = v;
      const input: CreateReportInput = {
        description: b.description ?? '',
        category: category.code,
        privacy: privacy as Privacy,
        location: location!,
        occurredAt: date ? localInstant(date, time, b.area ? (country.get(b.area) ?? '') : '') : undefined,
        address: b.address,
        contact: anonymous
          ? undefined
          : { name: b.contact_name, phone: b.contact_phone, email: b.contact_email },
        answers,
        channel: 'web',
        locale: req.locale,
        photos,
        // Without an account the receipt is the only way back to the thread, whatever the privacy.
        followUpCode: req.actor.kind === 'anonymous',
      };

      // "Is this the same?": open public reports nearby in this category, before anything is written.
      if (
        b.different !== '1' &&
        !category.sensitive &&
        input.description.trim() !== '' &&
        (PRIVACY as readonly string[]).includes(privacy ?? '')
      ) {
        const point = await pointOf(req.actor, location!);
        const similar = point ? await reports.similar(req.actor, { category: category.code, ...point }) : [];
        if (similar.length) {
          const fmt = timeFormat(req.locale, config.timeZone).date;
          const items = similar.map((r) => presentPublic(r, req.t));
          return reply.page(
            SimilarStep({
              t: req.t,
              items: items.map((s) => ({
                reference: s.reference,
                statusLabel: s.status_label,
                createdAt: s.created_at,
                excerpt: s.excerpt,
              })),
              category: category.code,
              carried: values,
              hadPhotos: photos.length > 0,
              formatDate: fmt,
            }),
            pageOpts(req, reply, req.t('resident.report.similar.title')),
          );
        }
      }

      try {
        const created = await reports.createReport(req.actor, input);
        // Shown right here (200, no-store): the receipt never travels in a URL, a redirect or a cookie.
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
        return renderForm(req, reply, category, values, reportFieldError(req.t, err));
      }
    },
  );

  /** Where to look for similar reports: the point given, else the centre of the area chosen. */
  async function pointOf(
    actor: Actor,
    location: ReportLocation,
  ): Promise<{ lat: number; lon: number } | null> {
    if ('lat' in location) return location;
    try {
      const chain = await geo.areaChain(actor, { code: location.area });
      const a = chain[chain.length - 1];
      return a && a.centre_lat !== null && a.centre_lon !== null
        ? { lat: a.centre_lat, lon: a.centre_lon }
        : null;
    } catch {
      return null; // an unknown area is reported by the intake itself
    }
  }

  app.post(
    '/report/add',
    { config: postConfig(reportLimit), schema: { hide: true, body: AddBody } },
    async (req, reply) => {
      const b = req.body as { reference?: string; category?: string; description?: string };
      const r = await residentReports.addToPublicReport(req.actor, {
        reference: b.reference ?? '',
        category: b.category ?? '',
        text: b.description ?? '',
      });
      return reply.page(
        AddedPage({ t: req.t, reference: r.reference }),
        pageOpts(req, reply, req.t('resident.report.added.title')),
      );
    },
  );

  // --- track ---------------------------------------------------------------------------------------

  async function renderTrackStart(req: FastifyRequest, reply: FastifyReply, errors: FieldErrors) {
    const fmt = timeFormat(req.locale, config.timeZone).date;
    let mine = null;
    if (req.actor.kind === 'resident') {
      const own = await reportFollowUp.mine(req.actor);
      mine = await Promise.all(
        own.map(async (r) => ({
          id: r.id,
          reference: r.reference,
          categoryName: categoryName(
            await reportCategories.activeCategory(r.category_code),
            r.category_code,
            req.locale,
          ),
          statusLabel: statusLabel(req.t, r.status),
          createdAt: r.created_at,
        })),
      );
    }
    return reply.page(
      TrackStart({ t: req.t, errors, mine, formatDate: fmt }),
      pageOpts(req, reply, req.t('resident.track.title')),
    );
  }

  /** The thread's key from a form: a receipt, or (signed-in residents) the id of their own report. */
  function threadKey(
    req: FastifyRequest,
    b: { receipt?: string; report_id?: string },
  ): [ReporterKey, ThreadKey] | null {
    if (b.report_id && req.actor.kind === 'resident')
      return [{ reportId: b.report_id }, { name: 'report_id', value: b.report_id }];
    if (b.receipt && b.receipt.trim()) return [{ receipt: b.receipt }, { name: 'receipt', value: b.receipt }];
    return null;
  }

  /** Wrong receipts and throttling get the generic answer on the receipt form. */
  function trackRefusal(req: FastifyRequest, reply: FastifyReply, err: unknown) {
    if (err instanceof TooManyRequestsError) {
      reply.code(429).header('retry-after', String(err.retryAfterSeconds));
      return renderTrackStart(req, reply, { receipt: req.t('resident.track.rateLimited') });
    }
    if (err instanceof AppError && err.statusCode === 404) {
      reply.code(404);
      return renderTrackStart(req, reply, { receipt: req.t('resident.track.notFound') });
    }
    throw err;
  }

  async function renderThread(
    req: FastifyRequest,
    reply: FastifyReply,
    keys: [ReporterKey, ThreadKey],
    extra: { notice?: string; errors?: FieldErrors; values?: Record<string, string> } = {},
  ) {
    let view;
    try {
      view = await reportFollowUp.track(req.actor, keys[0], clientKey(req.ip));
    } catch (err) {
      return trackRefusal(req, reply, err);
    }
    const thread = presentThread(view, req.t);
    const [category, { groups }] = await Promise.all([
      reportCategories.activeCategory(view.report.category_code),
      areaGroups(req),
    ]);
    const names = new Map(groups.flatMap((g) => g.areas.map((a) => [a.code, a.name] as const)));
    // A complaint about police shows its stage, reasoned outcome and appeal (complaints module).
    const complaint =
      view.report.desk === 'complaints' ? await complaints.forReporter(req.actor, view.report.id) : null;
    return reply.page(
      ThreadPage({
        section: complaint
          ? ComplaintTrackSection({
              t: req.t,
              view: complaint,
              threadKey: keys[1],
              errors: extra.errors ?? {},
              values: extra.values ?? {},
              formatDate: timeFormat(req.locale, config.timeZone).date,
            })
          : undefined,
        t: req.t,
        thread,
        categoryName: categoryName(category, view.report.category_code, req.locale),
        placeName: nearestAreaName(names, view.report.area_path, view.report.area_code),
        threadKey: keys[1],
        errors: extra.errors ?? {},
        notice: extra.notice ?? null,
        values: extra.values ?? {},
        formatDate: timeFormat(req.locale, config.timeZone).date,
      }),
      pageOpts(req, reply, req.t('resident.track.title')),
    );
  }

  app.get('/track', { config: PUBLIC, schema: { hide: true } }, async (req, reply) =>
    renderTrackStart(req, reply, {}),
  );

  app.post(
    '/track',
    { config: postConfig(trackLimit), schema: { hide: true, body: TrackForm } },
    async (req, reply) => {
      const keys = threadKey(req, req.body as { receipt?: string; report_id?: string });
      if (!keys) {
        reply.code(400);
        return renderTrackStart(req, reply, { receipt: req.t('resident.track.receiptRequired') });
      }
      return renderThread(req, reply, keys);
    },
  );

  /** A follow-up action, then the thread again with a notice, or with the error next to its field. */
  async function followUp(
    req: FastifyRequest,
    reply: FastifyReply,
    field: string,
    action: (key: ReporterKey) => Promise<unknown>,
    notice: string,
    values: Record<string, string>,
  ) {
    const keys = threadKey(req, req.body as { receipt?: string; report_id?: string });
    if (!keys) {
      reply.code(400);
      return renderTrackStart(req, reply, { receipt: req.t('resident.track.receiptRequired') });
    }
    try {
      await action(keys[0]);
    } catch (err) {
      if (err instanceof ValidationError) {
        reply.code(400);
        const f = err.field === 'photos' ? 'photos' : field;
        const msg =
          f === 'photos'
            ? req.t('resident.report.errors.photos')
            : field === 'resolved'
              ? req.t('resident.track.errors.feedback')
              : field === 'appeal_reason'
                ? req.t('complaints.appeal.errors.reason')
                : req.t('resident.track.errors.text');
        return renderThread(req, reply, keys, { errors: { [f]: msg }, values });
      }
      return trackRefusal(req, reply, err);
    }
    return renderThread(req, reply, keys, { notice: req.t(notice) });
  }

  app.post(
    '/track/message',
    { config: postConfig(trackLimit), schema: { hide: true, body: TrackTextForm } },
    async (req, reply) => {
      const text = (req.body as { text?: string }).text ?? '';
      return followUp(
        req,
        reply,
        'message',
        (k) => reportFollowUp.addMessage(req.actor, k, { text }, clientKey(req.ip)),
        'resident.track.messageSent',
        { message: text },
      );
    },
  );

  app.post(
    '/track/info',
    {
      config: postConfig(trackLimit),
      bodyLimit: MAX_PHOTOS * MAX_PHOTO_BYTES + 1024 * 1024,
      onRequest: refuseLargeNonMultipart(config.bodyLimitBytes),
      preValidation: async (req) => readMultipart(req),
      schema: { hide: true, body: TrackTextForm },
    },
    async (req, reply) => {
      const text = (req.body as { text?: string }).text ?? '';
      const photos = req.residentUploads ?? [];
      return followUp(
        req,
        reply,
        'info',
        (k) => reportFollowUp.addInformation(req.actor, k, { text, photos }, clientKey(req.ip)),
        'resident.track.infoSent',
        { info: text },
      );
    },
  );

  app.post(
    '/track/feedback',
    { config: postConfig(trackLimit), schema: { hide: true, body: TrackFeedbackForm } },
    async (req, reply) => {
      const b = req.body as Record<string, string | undefined>;
      const items: Record<string, string> = {};
      for (const id of FEEDBACK_ITEMS) {
        const v = b[id];
        if (v && (AGREE_SCALE as readonly string[]).includes(v)) items[id] = v;
      }
      const resolved = b.resolved ?? '';
      const values: Record<string, string> = { resolved, ...items };
      return followUp(
        req,
        reply,
        'resolved',
        (k) =>
          reportFollowUp.submitFeedback(
            req.actor,
            k,
            { resolved: resolved as (typeof FEEDBACK_RESOLVED)[number], items },
            clientKey(req.ip),
          ),
        'resident.track.feedbackThanks',
        values,
      );
    },
  );

  // A complaint's one appeal, from the thread (complaints module decides; the receipt is the key).
  app.post(
    '/complaints/appeal',
    { config: postConfig(trackLimit), schema: { hide: true, body: TrackAppealForm } },
    async (req, reply) => {
      const reason = (req.body as { reason?: string }).reason ?? '';
      try {
        return await followUp(
          req,
          reply,
          'appeal_reason',
          (k) => complaints.appeal(req.actor, k, { reason }, clientKey(req.ip)),
          'complaints.appeal.sent',
          { appeal_reason: reason },
        );
      } catch (err) {
        // Already appealed, or no longer appealable: say so on the thread, next to the form.
        if (!(err instanceof AppError) || err.code !== 'conflict') throw err;
        const keys = threadKey(req, req.body as { receipt?: string; report_id?: string })!;
        reply.code(409);
        return renderThread(req, reply, keys, { notice: req.t('complaints.appeal.errors.closed') });
      }
    },
  );

  // --- the public list and its map ----------------------------------------------------------------

  async function publicList(req: FastifyRequest, pageSize?: number) {
    const q = req.query as { category?: string; area?: string; status?: string; page?: number };
    let areaPath: string | undefined;
    if (q.area) {
      try {
        const chain = await geo.areaChain(req.actor, { code: q.area });
        areaPath = chain[chain.length - 1]?.path;
      } catch {
        throw new ValidationError('area is not a known area', 'area');
      }
    }
    const status = q.status === 'open' || q.status === 'closed' ? q.status : undefined;
    const result = await residentReports.listPublic(req.actor, {
      category: q.category || undefined,
      areaPath,
      status,
      page: q.page,
      pageSize,
    });
    return { q, status, result };
  }

  app.get(
    '/reports',
    { config: PUBLIC, schema: { hide: true, querystring: ListQuery } },
    async (req, reply) => {
      const { q, status, result } = await publicList(req);
      const [{ groups }, categories] = await Promise.all([areaGroups(req), reportCategories.list(req.actor)]);
      const byCode = new Map(categories.map((c) => [c.code, c]));
      const names = new Map(groups.flatMap((g) => g.areas.map((a) => [a.code, a.name] as const)));
      const fmt = timeFormat(req.locale, config.timeZone).date;
      const filters = { category: q.category ?? '', area: q.area ?? '', status: status ?? '' };
      const query = new URLSearchParams(Object.entries(filters).filter(([, v]) => v !== '')).toString();
      return reply.page(
        PublicListPage({
          t: req.t,
          rows: result.items.map((r) => {
            const p = presentPublic(r, req.t);
            return {
              reference: p.reference,
              categoryName: categoryName(byCode.get(p.category), p.category, req.locale),
              areaName: nearestAreaName(names, r.area_path, r.area_code),
              statusLabel: p.status_label,
              createdAt: p.created_at,
              excerpt: p.excerpt,
            };
          }),
          total: result.total,
          page: result.page,
          pages: result.pages,
          filters,
          categories: categories
            .filter((c) => !c.sensitive)
            .map((c) => ({ code: c.code, name: localText(c.names, req.locale, c.code) })),
          areas: groups,
          query,
          mapApi: `${MAP_API}${query ? `?${query}` : ''}`,
          tileUrl: config.mapTileUrl,
          attribution: config.mapAttribution,
          formatDate: fmt,
        }),
        { ...pageOpts(req, reply, req.t('resident.list.title')), islands: ['/static/js/reports-map.js'] },
      );
    },
  );

  app.get(
    '/reports/:reference',
    {
      config: PUBLIC,
      schema: { hide: true, params: Type.Object({ reference: Type.String({ maxLength: 40 }) }) },
    },
    async (req, reply) => {
      const { reference } = req.params as { reference: string };
      const { report, events } = await residentReports.getPublic(req.actor, reference.toUpperCase());
      const [{ groups }, categories] = await Promise.all([areaGroups(req), reportCategories.list(req.actor)]);
      const names = new Map(groups.flatMap((g) => g.areas.map((a) => [a.code, a.name] as const)));
      const p = presentPublic(report, req.t);
      const categoryLabel = categoryName(
        categories.find((c) => c.code === p.category),
        p.category,
        req.locale,
      );
      return reply.page(
        PublicReportPage({
          t: req.t,
          reference: p.reference,
          categoryName: categoryLabel,
          areaName: nearestAreaName(names, report.area_path, report.area_code),
          statusLabel: p.status_label,
          createdAt: p.created_at,
          excerpt: p.excerpt,
          history: events.map((e) => ({
            at: e.created_at,
            statusLabel: e.kind === 'status' && e.to_status ? statusLabel(req.t, e.to_status) : null,
            body: e.body,
          })),
          formatDate: timeFormat(req.locale, config.timeZone).date,
        }),
        pageOpts(req, reply, `${categoryLabel} · ${p.reference}`),
      );
    },
  );

  app.get(
    MAP_API,
    {
      config: PUBLIC,
      schema: {
        tags: ['reports'],
        summary: 'Public reports as coarse points for the map (public, non-sensitive reports only)',
        querystring: ListQuery,
        response: { 200: PublicPoints },
      },
    },
    async (req) => {
      const { result } = await publicList(req, 500);
      return {
        total: result.total,
        items: result.items.map((r) => {
          const p = presentPublic(r, req.t);
          return {
            reference: p.reference,
            category: p.category,
            status: p.status,
            status_label: p.status_label,
            lat: p.public_lat!,
            lon: p.public_lon!,
            created_at: p.created_at,
          };
        }),
      };
    },
  );
}
