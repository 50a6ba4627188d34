/**
 * Staff pages for reports (HTML, every action a form with CSRF, POST → 303 → GET; works without
 * JavaScript): the triage queue with filters and bulk changes, one report with its lifecycle forms,
 * the audited reporter identity view, walk-in entry and response templates. The services decide.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.ts';
import { policy } from '../../plugins/access.ts';
import { AppError } from '../../shared/errors.ts';
import type { Translate } from '../../shared/i18n.ts';
import { ID_PATTERN } from '../../shared/ids.ts';
import { can } from '../../shared/policy.ts';
import { clock } from '../../shared/time.ts';
import { requireSignedInPage } from '../accounts/auth.routes.ts';
import { setOnce, takeOnce } from '../accounts/flash.ts';
import type { FieldErrors } from '../../views/form.tsx';
import { REPORT, RESPONSE_TEMPLATE } from './reports.policy.ts';
import { resourceOf, type CreateReportInput } from './reports.service.ts';
import { OPEN_STATUSES, STATUSES, type Privacy, type Status } from './reports.types.ts';
import { localName } from './views/staff-labels.ts';
import { StaffQueuePage, type BulkValues, type QueueFilters } from './views/staff-queue-page.tsx';
import {
  StaffReportPage,
  type EntryValues,
  type ReportPageProps,
  type StatusValues,
} from './views/staff-report-page.tsx';
import { StaffTemplatesPage, type TemplateValues } from './views/staff-templates-page.tsx';
import { StaffWalkInDonePage, StaffWalkInPage, type WalkInValues } from './views/staff-walk-in-page.tsx';
import { timeFormat } from '../../shared/time-format.ts';

const PAGE_SIZE = 25;
const strict = { additionalProperties: false } as const;
const text = (max = 4000) => Type.Optional(Type.String({ maxLength: max }));
const csrf = { _csrf: text(200) };
const IdParams = Type.Object({ id: Type.String({ pattern: ID_PATTERN }) }, strict);
const PhotoParams = Type.Object(
  { id: Type.String({ pattern: ID_PATTERN }), photoId: Type.String({ pattern: ID_PATTERN }) },
  strict,
);
const digits = (max: number) => Type.Optional(Type.String({ pattern: `^\\d{0,${max}}$` }));
const oneOf = (values: readonly string[]) => Type.Optional(Type.Union(values.map((v) => Type.Literal(v))));

const QueueQuery = Type.Object(
  {
    status: text(40),
    category: text(60),
    area: text(80),
    privacy: text(20),
    older_than_days: digits(4),
    assigned: oneOf(['', 'me', 'none', 'any']),
    held: oneOf(['', '1']),
    sort: oneOf(['', 'newest', 'oldest', 'updated']),
    page: digits(5),
    updated: digits(3),
  },
  strict,
);
const BulkBody = Type.Object(
  {
    ...csrf,
    ids: Type.Optional(Type.Array(Type.String({ pattern: ID_PATTERN }), { maxItems: 200 })),
    status: text(40),
    reason: text(2000),
    public_note: text(2000),
    referred_to: text(200),
  },
  strict,
);
const StatusForm = Type.Object(
  {
    ...csrf,
    status: text(40),
    reason: text(2000),
    public_note: text(2000),
    referred_to: text(200),
    template: text(64),
    use_template: oneOf(['1']),
  },
  strict,
);
const EntryForm = Type.Object(
  { ...csrf, kind: oneOf(['note', 'message_out', 'public_update']), body: text(4000) },
  strict,
);
const AssignForm = Type.Object({ ...csrf, person_id: text(64), organisation_id: text(64) }, strict);
const MergeForm = Type.Object({ ...csrf, into: text(40), reason: text(2000) }, strict);
const ProblemForm = Type.Object({ ...csrf, problem_id: text(64) }, strict);
const CsrfOnly = Type.Object(csrf, strict);
const DoneQuery = Type.Object(
  { done: oneOf(['status', 'note', 'assign', 'merge', 'problem', 'release']) },
  strict,
);
const WalkInForm = Type.Object(
  {
    ...csrf,
    channel: oneOf(['walk_in', 'reception']),
    description: text(4000),
    category: text(60),
    area: text(80),
    address: text(500),
    occurred_at: text(40),
    privacy: text(20),
    contact_name: text(200),
    contact_phone: text(40),
  },
  strict,
);
const TemplateForm = Type.Object(
  { ...csrf, category: text(60), locale: text(10), title: text(200), body: text(4000) },
  strict,
);

/** Service field → message key (what to fix, in the reader's language). */
const FIELD_MESSAGES: Record<string, string> = {
  reason: 'reports.errors.reason',
  referred_to: 'reports.errors.referredTo',
  status: 'reports.errors.status',
  public_note: 'reports.errors.tooLong',
  body: 'reports.errors.body',
  kind: 'reports.errors.kind',
  into: 'reports.errors.into',
  problem_id: 'reports.errors.problem',
  person_id: 'reports.errors.assignee',
  organisation_id: 'reports.errors.assignee',
  ids: 'reports.errors.ids',
  category: 'reports.errors.category',
  area: 'reports.errors.area',
  'location.area': 'reports.errors.area',
  location: 'reports.errors.area',
  description: 'reports.errors.description',
  privacy: 'reports.errors.privacy',
  contact: 'reports.errors.contact',
  'contact.name': 'reports.errors.contact',
  'contact.phone': 'reports.errors.phone',
  occurred_at: 'reports.errors.occurred',
  title: 'reports.errors.title',
  locale: 'reports.errors.locale',
  template: 'reports.errors.template',
};

/**
 * A service refusal as a message next to its field. `ids` maps service fields to the form's element
 * ids (several forms share a page). Returns null when the error is not about the form.
 */
function fieldErrors(
  t: Translate,
  err: unknown,
  ids: Record<string, string>,
  fallback: string,
): FieldErrors | null {
  if (!(err instanceof AppError) || err.code !== 'invalid') return null;
  let field = err.field ?? fallback;
  let key = FIELD_MESSAGES[field];
  if (/^ids\.\d+$/.test(field)) {
    field = 'ids';
    key = 'reports.errors.bulkTransition';
  }
  if (field.startsWith('contact.')) field = field === 'contact.phone' ? 'contact_phone' : 'contact';
  if (field === 'location.area' || field === 'location') field = 'area';
  return { [ids[field] ?? field]: t(key ?? 'reports.errors.generic') };
}

const blank = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v);

export async function staffReportsRoutes(app: FastifyInstance, opts: { ctx: AppContext }) {
  const { services, config } = opts.ctx;
  const { reports, reportCategories, staffDesk } = services;
  app.addHook('preHandler', requireSignedInPage);

  // --- the queue ----------------------------------------------------------------------------------

  async function renderQueue(
    req: FastifyRequest,
    reply: FastifyReply,
    f: QueueFilters,
    bulk: BulkValues,
    errors: FieldErrors,
    updated: number | null,
  ) {
    const status = f.status === 'open' ? [...OPEN_STATUSES] : f.status ? [f.status] : undefined;
    let result: Awaited<ReturnType<typeof reports.queue>> = {
      view: 'work',
      items: [],
      counts: Object.fromEntries(STATUSES.map((s) => [s, 0])),
    };
    try {
      result = await reports.queue(req.actor, {
        status,
        category: blank(f.category),
        area: blank(f.area),
        privacy: blank(f.privacy) as Privacy | undefined,
        olderThanDays: f.older_than_days ? Number(f.older_than_days) : undefined,
        assigned: f.assigned || undefined,
        held: f.held,
        sort: f.sort,
        limit: PAGE_SIZE,
        offset: (f.page - 1) * PAGE_SIZE,
      });
    } catch (err) {
      const e = fieldErrors(req.t, err, { 'status.0': 'status' }, 'status');
      if (!e) throw err;
      Object.assign(errors, e);
      reply.code(400);
    }
    const counted = status ?? STATUSES;
    const total = counted.reduce((n, s) => n + (result.counts[s] ?? 0), 0);
    const [categories, areas] = await Promise.all([
      reportCategories.list(req.actor, {}),
      staffDesk.areaOptions(req.actor),
    ]);
    const csrfToken = reply.generateCsrf();
    return reply.page(
      StaffQueuePage({
        t: req.t,
        locale: req.locale,
        time: timeFormat(req.locale, config.timeZone),
        csrf: csrfToken,
        personId: req.actor.personId,
        view: result.view,
        items: result.items,
        counts: result.counts,
        total,
        pageSize: PAGE_SIZE,
        filters: f,
        categories,
        areas,
        errors,
        bulk,
        updated,
        links: {
          walkIn: !!can(req.actor, 'work', REPORT),
          templates: !!can(req.actor, 'read', RESPONSE_TEMPLATE),
        },
      }),
      { title: req.t('reports.queue.title'), csrfToken },
    );
  }

  const emptyBulk: BulkValues = {
    ids: [],
    status: 'acknowledged',
    reason: '',
    public_note: '',
    referred_to: '',
  };

  app.get(
    '/staff/reports',
    { config: policy('queue', REPORT), schema: { hide: true, querystring: QueueQuery } },
    async (req, reply) => {
      const q = req.query as Record<string, string | undefined>;
      const f: QueueFilters = {
        status: q.status ?? '',
        category: q.category ?? '',
        area: q.area ?? '',
        privacy: q.privacy ?? '',
        older_than_days: q.older_than_days ?? '',
        assigned: (q.assigned ?? '') as QueueFilters['assigned'],
        held: q.held === '1',
        sort: (q.sort || 'newest') as QueueFilters['sort'],
        page: Math.max(1, Number(q.page || 1)),
      };
      const errors: FieldErrors = {};
      if (f.status && f.status !== 'open' && !(STATUSES as readonly string[]).includes(f.status))
        errors.status = req.t('reports.errors.status');
      if (errors.status) {
        f.status = '';
        reply.code(400);
      }
      return renderQueue(req, reply, f, emptyBulk, errors, q.updated ? Number(q.updated) : null);
    },
  );

  app.post(
    '/staff/reports/bulk',
    { config: policy('manage', REPORT), schema: { hide: true, body: BulkBody } },
    async (req, reply) => {
      const b = req.body as Partial<BulkValues> & { ids?: string[] };
      const bulk: BulkValues = {
        ids: b.ids ?? [],
        status: b.status ?? '',
        reason: b.reason ?? '',
        public_note: b.public_note ?? '',
        referred_to: b.referred_to ?? '',
      };
      try {
        const r = await reports.bulkStatus(req.actor, {
          ids: bulk.ids,
          status: bulk.status as Status,
          reason: bulk.reason,
          publicNote: blank(bulk.public_note),
          referredTo: blank(bulk.referred_to),
        });
        return reply.redirect(`/staff/reports?updated=${r.updated}`, 303);
      } catch (err) {
        const errors = fieldErrors(
          req.t,
          err,
          {
            status: 'bulk-status',
            reason: 'bulk-reason',
            public_note: 'bulk-public_note',
            referred_to: 'bulk-referred_to',
          },
          'ids',
        );
        if (!errors) throw err;
        reply.code(400);
        const f: QueueFilters = {
          status: '',
          category: '',
          area: '',
          privacy: '',
          older_than_days: '',
          assigned: '',
          held: false,
          sort: 'newest',
          page: 1,
        };
        return renderQueue(req, reply, f, bulk, errors, null);
      }
    },
  );

  // --- walk-in and mobile-reception entry (before /:id) ------------------------------------------

  async function renderWalkIn(
    req: FastifyRequest,
    reply: FastifyReply,
    values: WalkInValues,
    errors: FieldErrors,
  ) {
    const [categories, areas] = await Promise.all([
      reportCategories.list(req.actor, {}),
      staffDesk.areaOptions(req.actor),
    ]);
    const csrfToken = reply.generateCsrf();
    return reply.page(
      StaffWalkInPage({ t: req.t, locale: req.locale, csrf: csrfToken, categories, areas, values, errors }),
      { title: req.t('reports.walkIn.title'), csrfToken },
    );
  }

  app.get(
    '/staff/reports/new',
    { config: policy('work', REPORT), schema: { hide: true } },
    async (req, reply) =>
      renderWalkIn(
        req,
        reply,
        {
          channel: 'walk_in',
          description: '',
          category: '',
          area: '',
          address: '',
          occurred_at: '',
          privacy: 'name_hidden',
          contact_name: '',
          contact_phone: '',
        },
        {},
      ),
  );

  app.post(
    '/staff/reports/new',
    { config: policy('work', REPORT), schema: { hide: true, body: WalkInForm } },
    async (req, reply) => {
      const b = req.body as Partial<WalkInValues>;
      const values: WalkInValues = {
        channel: b.channel ?? 'walk_in',
        description: b.description ?? '',
        category: b.category ?? '',
        area: b.area ?? '',
        address: b.address ?? '',
        occurred_at: b.occurred_at ?? '',
        privacy: b.privacy ?? '',
        contact_name: b.contact_name ?? '',
        contact_phone: b.contact_phone ?? '',
      };
      const contact = {
        ...(blank(values.contact_name) ? { name: values.contact_name } : {}),
        ...(blank(values.contact_phone) ? { phone: values.contact_phone } : {}),
      };
      const input: CreateReportInput = {
        description: values.description,
        category: values.category,
        privacy: values.privacy as Privacy,
        location: { area: values.area },
        occurredAt: blank(values.occurred_at),
        address: blank(values.address),
        contact: Object.keys(contact).length ? contact : undefined,
        channel: values.channel,
        locale: req.locale,
      };
      try {
        if (!values.area) throw new AppError(400, 'invalid', 'area is required', 'area');
        const created = await reports.createReport(req.actor, input);
        setOnce(reply, config, 'walk-in', {
          id: created.id,
          reference: created.reference,
          receipt: created.receipt ?? null,
        });
        return reply.redirect('/staff/reports/new/done', 303);
      } catch (err) {
        const errors = fieldErrors(req.t, err, {}, 'description');
        if (!errors) throw err;
        reply.code(400);
        return renderWalkIn(req, reply, values, errors);
      }
    },
  );

  app.get(
    '/staff/reports/new/done',
    { config: policy('work', REPORT), schema: { hide: true } },
    async (req, reply) => {
      const done = takeOnce<{ id: string; reference: string; receipt: string | null }>(
        req,
        reply,
        config,
        'walk-in',
      );
      if (!done) return reply.redirect('/staff/reports/new', 303);
      return reply.page(StaffWalkInDonePage({ t: req.t, ...done }), {
        title: req.t('reports.walkIn.doneTitle'),
      });
    },
  );

  // --- response templates (before /:id) ----------------------------------------------------------

  async function renderTemplates(
    req: FastifyRequest,
    reply: FastifyReply,
    values: TemplateValues,
    errors: FieldErrors,
  ) {
    const [items, categories] = await Promise.all([
      reports.templates(req.actor, {}),
      reportCategories.list(req.actor, {}),
    ]);
    const csrfToken = reply.generateCsrf();
    return reply.page(
      StaffTemplatesPage({
        t: req.t,
        locale: req.locale,
        csrf: csrfToken,
        items,
        categories,
        canCreate: !!can(req.actor, 'administer', RESPONSE_TEMPLATE),
        values,
        errors,
      }),
      { title: req.t('reports.templates.title'), csrfToken },
    );
  }

  app.get(
    '/staff/reports/templates',
    { config: policy('read', RESPONSE_TEMPLATE), schema: { hide: true } },
    async (req, reply) =>
      renderTemplates(req, reply, { category: '', locale: req.locale, title: '', body: '' }, {}),
  );

  app.post(
    '/staff/reports/templates',
    { config: policy('administer', RESPONSE_TEMPLATE), schema: { hide: true, body: TemplateForm } },
    async (req, reply) => {
      const b = req.body as Partial<TemplateValues>;
      const values: TemplateValues = {
        category: b.category ?? '',
        locale: b.locale ?? '',
        title: b.title ?? '',
        body: b.body ?? '',
      };
      try {
        await reports.createTemplate(req.actor, {
          category: blank(values.category) ?? null,
          locale: values.locale,
          title: values.title,
          body: values.body,
        });
        return reply.redirect('/staff/reports/templates', 303);
      } catch (err) {
        const errors = fieldErrors(req.t, err, {}, 'title');
        if (!errors) throw err;
        reply.code(400);
        return renderTemplates(req, reply, values, errors);
      }
    },
  );

  // --- one report -----------------------------------------------------------------------------------

  interface DetailOverrides {
    errors?: FieldErrors;
    statusValues?: Partial<StatusValues>;
    entryValues?: EntryValues;
    assignValues?: { person_id: string; organisation_id: string };
    mergeValues?: { into: string; reason: string };
    problemValues?: { problem_id: string };
    identity?: ReportPageProps['identity'];
    notice?: string | null;
  }

  const NOTICE_KEYS = {
    status: 'reports.notice.status',
    note: 'reports.notice.note',
    assign: 'reports.notice.assign',
    merge: 'reports.notice.merge',
    problem: 'reports.notice.problem',
    release: 'reports.notice.release',
  } as const;

  async function renderDetail(req: FastifyRequest, reply: FastifyReply, id: string, o: DetailOverrides = {}) {
    const detail = await reports.get(req.actor, id);
    const r = detail.report;
    const [directory, allTemplates, areas] = await Promise.all([
      staffDesk.directory(req.actor, id),
      reports.templates(req.actor, { category: r.category_code }),
      staffDesk.areaOptions(req.actor),
    ]);
    // Templates in the reporter's language first.
    const lang = r.locale ?? req.locale;
    const templates = [...allTemplates].sort(
      (a, b) => Number(b.locale === lang) - Number(a.locale === lang) || a.title.localeCompare(b.title),
    );
    const area = areas.find((a) => a.code === r.area_code);
    const res = resourceOf(r);
    const csrfToken = reply.generateCsrf();
    return reply.page(
      StaffReportPage({
        t: req.t,
        locale: req.locale,
        time: timeFormat(req.locale, config.timeZone),
        csrf: csrfToken,
        nowMs: clock.nowMs(),
        detail,
        directory,
        areaName: area ? localName(area.name, req.locale, r.area_code) : r.area_code,
        templates,
        identity: o.identity ?? null,
        may: {
          manage: !!can(req.actor, 'manage', REPORT, res),
          assign: !!can(req.actor, 'assign', REPORT, res),
          merge: !!can(req.actor, 'merge', REPORT, res),
          release: !!can(req.actor, 'release', REPORT, res),
        },
        errors: o.errors ?? {},
        statusValues: {
          status: '',
          reason: '',
          public_note: '',
          referred_to: '',
          template: '',
          ...o.statusValues,
        },
        entryValues: o.entryValues ?? { kind: 'note', body: '' },
        assignValues: o.assignValues ?? {
          person_id: r.assigned_person_id ?? '',
          organisation_id: r.assigned_organisation_id ?? '',
        },
        mergeValues: o.mergeValues ?? { into: '', reason: '' },
        problemValues: o.problemValues ?? { problem_id: r.problem_id ?? '' },
        notice: o.notice ?? null,
      }),
      { title: req.t('reports.detail.title', { reference: r.reference }), csrfToken },
    );
  }

  app.get(
    '/staff/reports/:id',
    { config: policy('read', REPORT), schema: { hide: true, params: IdParams, querystring: DoneQuery } },
    async (req, reply) => {
      const { id } = req.params as { id: string };
      const { done } = req.query as { done?: keyof typeof NOTICE_KEYS };
      return renderDetail(req, reply, id, { notice: done ? req.t(NOTICE_KEYS[done]) : null });
    },
  );

  app.get(
    '/staff/reports/:id/photos/:photoId',
    { config: policy('read', REPORT), schema: { hide: true, params: PhotoParams } },
    async (req, reply) => {
      const { id, photoId } = req.params as { id: string; photoId: string };
      const photo = await reports.getPhoto(req.actor, id, photoId);
      return reply
        .header('cache-control', 'private, no-store')
        .header('x-content-type-options', 'nosniff')
        .type(photo.mime)
        .send(photo.data);
    },
  );

  app.post(
    '/staff/reports/:id/identity',
    { config: policy('identity', REPORT), schema: { hide: true, params: IdParams, body: CsrfOnly } },
    async (req, reply) => {
      const { id } = req.params as { id: string };
      // Shown in this response only (never carried to another request); the view is audited.
      const identity = await reports.getIdentity(req.actor, id);
      return renderDetail(req, reply, id, { identity });
    },
  );

  app.post(
    '/staff/reports/:id/status',
    { config: policy('manage', REPORT), schema: { hide: true, params: IdParams, body: StatusForm } },
    async (req, reply) => {
      const { id } = req.params as { id: string };
      const b = req.body as Partial<StatusValues> & { use_template?: '1' };
      const values: StatusValues = {
        status: b.status ?? '',
        reason: b.reason ?? '',
        public_note: b.public_note ?? '',
        referred_to: b.referred_to ?? '',
        template: b.template ?? '',
      };
      if (b.use_template) {
        // "Use template" (works without JavaScript): the form comes back with the template's text.
        const report = (await reports.get(req.actor, id)).report;
        const tpl = (await reports.templates(req.actor, { category: report.category_code })).find(
          (x) => x.id === values.template,
        );
        if (!tpl) {
          reply.code(400);
          return renderDetail(req, reply, id, {
            statusValues: values,
            errors: { template: req.t('reports.errors.template') },
          });
        }
        return renderDetail(req, reply, id, { statusValues: { ...values, public_note: tpl.body } });
      }
      try {
        await reports.changeStatus(req.actor, id, {
          status: values.status as Status,
          reason: values.reason,
          publicNote: blank(values.public_note),
          referredTo: blank(values.referred_to),
        });
        return reply.redirect(`/staff/reports/${id}?done=status`, 303);
      } catch (err) {
        const errors = fieldErrors(req.t, err, {}, 'status');
        if (!errors) throw err;
        reply.code(400);
        return renderDetail(req, reply, id, { statusValues: values, errors });
      }
    },
  );

  app.post(
    '/staff/reports/:id/notes',
    { config: policy('manage', REPORT), schema: { hide: true, params: IdParams, body: EntryForm } },
    async (req, reply) => {
      const { id } = req.params as { id: string };
      const b = req.body as Partial<EntryValues>;
      const values: EntryValues = { kind: b.kind ?? 'note', body: b.body ?? '' };
      try {
        await reports.addEntry(req.actor, id, values);
        return reply.redirect(`/staff/reports/${id}?done=note`, 303);
      } catch (err) {
        const errors = fieldErrors(req.t, err, { body: 'entry-body', kind: 'entry-kind' }, 'body');
        if (!errors) throw err;
        reply.code(400);
        return renderDetail(req, reply, id, { entryValues: values, errors });
      }
    },
  );

  app.post(
    '/staff/reports/:id/assign',
    { config: policy('assign', REPORT), schema: { hide: true, params: IdParams, body: AssignForm } },
    async (req, reply) => {
      const { id } = req.params as { id: string };
      const b = req.body as { person_id?: string; organisation_id?: string };
      const values = { person_id: b.person_id ?? '', organisation_id: b.organisation_id ?? '' };
      try {
        await reports.assign(req.actor, id, {
          personId: blank(values.person_id) ?? null,
          organisationId: blank(values.organisation_id) ?? null,
        });
        return reply.redirect(`/staff/reports/${id}?done=assign`, 303);
      } catch (err) {
        const errors = fieldErrors(req.t, err, {}, 'person_id');
        if (!errors) throw err;
        reply.code(400);
        return renderDetail(req, reply, id, { assignValues: values, errors });
      }
    },
  );

  app.post(
    '/staff/reports/:id/merge',
    { config: policy('merge', REPORT), schema: { hide: true, params: IdParams, body: MergeForm } },
    async (req, reply) => {
      const { id } = req.params as { id: string };
      const b = req.body as { into?: string; reason?: string };
      const values = { into: b.into ?? '', reason: b.reason ?? '' };
      try {
        const into = await staffDesk.idByReference(req.actor, values.into);
        await reports.merge(req.actor, id, { into, reason: blank(values.reason) });
        return reply.redirect(`/staff/reports/${id}?done=merge`, 303);
      } catch (err) {
        const errors = fieldErrors(req.t, err, { reason: 'merge-reason' }, 'into');
        if (!errors) throw err;
        reply.code(400);
        return renderDetail(req, reply, id, { mergeValues: values, errors });
      }
    },
  );

  app.post(
    '/staff/reports/:id/problem',
    { config: policy('manage', REPORT), schema: { hide: true, params: IdParams, body: ProblemForm } },
    async (req, reply) => {
      const { id } = req.params as { id: string };
      const b = req.body as { problem_id?: string };
      const values = { problem_id: (b.problem_id ?? '').trim() };
      try {
        await reports.linkProblem(req.actor, id, { problemId: values.problem_id || null });
        return reply.redirect(`/staff/reports/${id}?done=problem`, 303);
      } catch (err) {
        const errors = fieldErrors(req.t, err, {}, 'problem_id');
        if (!errors) throw err;
        reply.code(400);
        return renderDetail(req, reply, id, { problemValues: values, errors });
      }
    },
  );

  app.post(
    '/staff/reports/:id/release',
    { config: policy('release', REPORT), schema: { hide: true, params: IdParams, body: CsrfOnly } },
    async (req, reply) => {
      const { id } = req.params as { id: string };
      await reports.release(req.actor, id);
      return reply.redirect(`/staff/reports/${id}?done=release`, 303);
    },
  );
}
