/**
 * Problem pages (HTML first, JS off, POST → 303 → GET, errors next to fields with a summary) and the
 * public summaries at /problems.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.ts';
import { PUBLIC, policy } from '../../plugins/access.ts';
import { AppError } from '../../shared/errors.ts';
import { ID_PATTERN } from '../../shared/ids.ts';
import type { FieldErrors } from '../../views/form.tsx';
import { formHandlers, type Body } from '../../views/form-route.ts';
import { areaGroupsFor, categoryChoicesFor, personChoicesFor } from '../../views/picker-choices.ts';
import { requireSignedInPage } from '../accounts/auth.routes.ts';
import { PROBLEM, READING_ROLES, WORKING_ROLES } from './problems.policy.ts';
import { NewProblemPage, ProblemPage, ProblemsListPage, type FormName } from './views/staff-pages.tsx';
import { PublicProblemPage, PublicProblemsPage } from './views/public-pages.tsx';

const text = (max = 1000) => Type.Optional(Type.String({ maxLength: max }));
const csrf = { _csrf: text(200) };
const form = (fields: Record<string, ReturnType<typeof text>>) =>
  Type.Object({ ...csrf, ...fields }, { additionalProperties: false });
const Id = Type.Object({ id: Type.String({ pattern: ID_PATTERN }) });
const ActionParams = Type.Object({
  id: Type.String({ pattern: ID_PATTERN }),
  actionId: Type.String({ pattern: ID_PATTERN }),
});
const Ids = Type.Optional(
  Type.Union([Type.String({ maxLength: 64 }), Type.Array(Type.String({ maxLength: 64 }), { maxItems: 200 })]),
);

const ListQuery = Type.Object(
  {
    status: text(20),
    clusteringType: text(30),
    area: text(64),
    q: text(200),
  },
  { additionalProperties: false },
);
const NewQuery = Type.Object(
  { reports: text(8000), area: text(700), category: text(64) },
  { additionalProperties: false },
);
const CreateForm = Type.Object(
  {
    ...csrf,
    title: text(200),
    description: text(10_000),
    areaCodes: Ids,
    clusteringType: text(30),
    categoryCode: text(64),
    origin: text(10),
    priority: text(10),
    priorityRationale: text(5000),
    reportIds: Ids,
  },
  { additionalProperties: false },
);
const ScanningForm = form({
  title: text(200),
  description: text(10_000),
  clusteringType: text(30),
  categoryCode: text(64),
  firstSeen: text(10),
  lastSeen: text(10),
  frequency: text(500),
  harms: text(5000),
  priority: text(10),
  priorityRationale: text(5000),
  goal: text(5000),
});
const sideFields = (n: string) => ({
  [`${n}Known`]: text(5000),
  [`${n}Missing`]: text(5000),
  [`${n}Controller`]: text(2000),
});
const AnalysisForm = form({
  ...sideFields('offender'),
  ...sideFields('target'),
  ...sideFields('place'),
  dataSources: text(10_000),
  currentResponses: text(10_000),
  hypothesis: text(10_000),
  statement: text(10_000),
});
const StageForm = form({ to: text(20) });
const PartnerForm = form({ organisationId: text(64), raised: text(2) });
const ReportsForm = form({ references: text(4000) });
const MeasureForm = form({
  phase: text(20),
  from: text(10),
  to: text(10),
  comparisonAreaCode: text(64),
  bufferAreaCode: text(64),
});
const ActionForm = form({
  actionTitle: text(300),
  actionDescription: text(5000),
  responsibleOrganisationId: text(64),
  responsiblePersonId: text(64),
  deadline: text(10),
  fundingSource: text(20),
  planTaskId: text(64),
  coercive: text(2),
});
/** Per-action forms name their fields `<field>-<actionId>` (several on one page). */
const PerActionForm = Type.Object(
  { ...csrf },
  {
    additionalProperties: false,
    patternProperties: {
      [`^[A-Za-z]{1,30}-${ID_PATTERN.replace(/^\^|\$$/g, '')}$`]: Type.String({ maxLength: 5000 }),
    },
  },
);
const AssessmentForm = Type.Object(
  {
    ...csrf,
    done: Ids,
    baselineMeasureId: text(64),
    afterMeasureId: text(64),
    decision: text(20),
    notes: text(10_000),
  },
  { additionalProperties: false },
);
const PublicationForm = form({ publicTitle: text(200), publicSummary: text(5000), published: text(2) });

const list = (v: string | string[] | undefined): string[] =>
  (Array.isArray(v) ? v : v ? [v] : []).map((s) => s.trim()).filter(Boolean);
const blankNull = (v: string | undefined) => (v?.trim() ? v.trim() : null);

/** Service field names → the page's field ids. */
const FIELD_IDS: Record<string, string> = {
  title: 'title',
  'offender.known': 'offenderKnown',
  'offender.missing': 'offenderMissing',
  'offender.controller': 'offenderController',
  'target.known': 'targetKnown',
  'target.missing': 'targetMissing',
  'target.controller': 'targetController',
  'place.known': 'placeKnown',
  'place.missing': 'placeMissing',
  'place.controller': 'placeController',
};

const { handleForm } = formHandlers(
  (req, err) => req.t('problems.errors.field', { message: err.message }),
  FIELD_IDS,
);

export async function problemsRoutes(app: FastifyInstance, opts: { ctx: AppContext }) {
  const services = opts.ctx.services;
  const { problems } = services;

  // --- public ------------------------------------------------------------------------------
  app.get('/problems', { config: PUBLIC, schema: { hide: true } }, async (req, reply) => {
    const items = await problems.publicList(req.actor);
    const areas = await problems.areaNames(items.flatMap((i) => i.areaCodes));
    return reply.page(PublicProblemsPage({ t: req.t, locale: req.locale, items, areas }), {
      title: req.t('resident.problems.list.title'),
    });
  });
  app.get('/problems/:id', { config: PUBLIC, schema: { hide: true, params: Id } }, async (req, reply) => {
    const item = await problems.publicGet(req.actor, req.params as { id: string });
    const areas = await problems.areaNames(item.areaCodes);
    return reply.page(PublicProblemPage({ t: req.t, locale: req.locale, item, areas }), {
      title: item.title,
    });
  });

  // --- staff -------------------------------------------------------------------------------
  await app.register(async (staff) => {
    staff.addHook('preHandler', requireSignedInPage);
    const canCreate = (req: FastifyRequest) => req.actor.grants.some((g) => WORKING_ROLES.includes(g.role));

    staff.get(
      '/staff/problems',
      { config: policy('list', PROBLEM), schema: { hide: true, querystring: ListQuery } },
      async (req, reply) => {
        const q = req.query as Body;
        const filters = {
          status: q.status ?? '',
          clusteringType: q.clusteringType ?? '',
          area: q.area ?? '',
          q: q.q ?? '',
        };
        let items;
        let errors: FieldErrors = {};
        try {
          items = await problems.list(req.actor, {
            status: filters.status || undefined,
            clusteringType: filters.clusteringType || undefined,
            areaCode: filters.area || undefined,
            q: filters.q || undefined,
          });
        } catch (err) {
          if (!(err instanceof AppError) || err.code !== 'invalid') throw err;
          reply.code(400);
          const field = err.field === 'areaCode' ? 'area' : (err.field ?? 'status');
          errors = {
            [field]: err.messageKey
              ? req.t(err.messageKey.key)
              : req.t('problems.errors.field', { message: err.message }),
          };
          items = await problems.list(req.actor, {});
        }
        const areaGroups = await areaGroupsFor(services, req.actor, req.locale, { roles: READING_ROLES });
        const candidates = canCreate(req) ? (await problems.suggest(req.actor, {})).candidates : null;
        return reply.page(
          ProblemsListPage({
            t: req.t,
            locale: req.locale,
            items,
            filters,
            candidates,
            canCreate: canCreate(req),
            areaGroups,
            errors,
          }),
          { title: req.t('problems.list.title') },
        );
      },
    );

    const renderNew = async (
      req: FastifyRequest,
      reply: FastifyReply,
      values: Body,
      errors: FieldErrors,
      reportIds: string[],
      checked: Set<string>,
    ) => {
      const refs = await problems.reportChoices(req.actor, { reportIds });
      const csrfToken = reply.generateCsrf();
      return reply.page(
        NewProblemPage({
          t: req.t,
          csrf: csrfToken,
          values: values as Record<string, string>,
          errors,
          reports: refs.map((r) => ({ ...r, checked: checked.has(r.id) })),
          areaGroups: await areaGroupsFor(services, req.actor, req.locale, { roles: WORKING_ROLES }),
          categories: await categoryChoicesFor(services, req.actor, req.locale),
        }),
        { title: req.t('problems.new.title'), csrfToken },
      );
    };
    staff.get(
      '/staff/problems/new',
      { config: policy('create', PROBLEM), schema: { hide: true, querystring: NewQuery } },
      async (req, reply) => {
        const q = req.query as Body;
        const ids = list(q.reports?.split(','));
        return renderNew(
          req,
          reply,
          {
            areaCodes: q.area ?? '',
            categoryCode: q.category ?? '',
            clusteringType: 'place',
            priority: 'medium',
          },
          {},
          ids,
          new Set(ids),
        );
      },
    );
    staff.post(
      '/staff/problems',
      { config: policy('create', PROBLEM), schema: { hide: true, body: CreateForm } },
      async (req, reply) => {
        const b = req.body as Omit<Body, 'areaCodes'> & {
          reportIds?: string | string[];
          areaCodes?: string | string[];
        };
        const reportIds = list(b.reportIds);
        const { reportIds: _r, ...values } = b;
        return handleForm(req, reply, {
          body: { ...values, areaCodes: list(b.areaCodes).join(' ') } as Body,
          action: () =>
            problems.create(req.actor, {
              title: b.title ?? '',
              description: b.description ?? '',
              areaCodes: list(b.areaCodes),
              clusteringType: b.clusteringType ?? '',
              categoryCode: blankNull(b.categoryCode),
              origin: b.origin || undefined,
              priority: b.priority ?? '',
              priorityRationale: b.priorityRationale ?? '',
              reportIds,
            }),
          fallback: 'title',
          redirect: (_v, p) => `/staff/problems/${p.id}`,
          render: (v, errors) => renderNew(req, reply, v, errors, reportIds, new Set(reportIds)),
        });
      },
    );

    const render = async (
      req: FastifyRequest,
      reply: FastifyReply,
      id: string,
      values: Body,
      errors: FieldErrors,
      which: FormName | null,
      actionId?: string,
    ) => {
      const d = await problems.get(req.actor, { id });
      const organisations = d.can.update ? await problems.organisationChoices(req.actor, { id }) : [];
      const csrfToken = reply.generateCsrf();
      return reply.page(
        ProblemPage({
          t: req.t,
          locale: req.locale,
          csrf: csrfToken,
          d,
          organisations,
          areaGroups: d.can.update ? await areaGroupsFor(services, req.actor, req.locale, { all: true }) : [],
          people: d.can.update ? await personChoicesFor(services, req.actor) : [],
          categories: await categoryChoicesFor(services, req.actor, req.locale),
          values: values as Record<string, string>,
          errors,
          form: which,
          actionId,
        }),
        { title: d.problem.title, csrfToken },
      );
    };
    staff.get(
      '/staff/problems/:id',
      { config: policy('read', PROBLEM), schema: { hide: true, params: Id } },
      async (req, reply) => render(req, reply, (req.params as { id: string }).id, {}, {}, null),
    );

    /** A form post: run it, 303 back to the page's section; on a refusal, the page with the errors. */
    const post = (
      path: string,
      action: string,
      body: ReturnType<typeof Type.Object>,
      which: FormName,
      fallback: string,
      run: (req: FastifyRequest, id: string, b: Body) => Promise<unknown>,
      anchor: string,
      params: typeof Id | typeof ActionParams = Id,
    ) =>
      staff.post(
        path,
        { config: policy(action, PROBLEM), schema: { hide: true, params, body } },
        async (req, reply) => {
          const { id, actionId } = req.params as { id: string; actionId?: string };
          const b = req.body as Body;
          // Per-action forms name their fields `<field>-<actionId>`; so do their errors.
          const own = (errors: FieldErrors) =>
            actionId
              ? Object.fromEntries(Object.entries(errors).map(([k, v]) => [`${k}-${actionId}`, v]))
              : errors;
          return handleForm(req, reply, {
            body: b,
            action: () => run(req, id, b),
            fallback,
            rename: which === 'action' ? { title: 'actionTitle', description: 'actionDescription' } : {},
            redirect: () => `/staff/problems/${id}#${anchor}`,
            render: (v, errors) => render(req, reply, id, v, own(errors), which, actionId),
          });
        },
      );

    post(
      '/staff/problems/:id/scanning',
      'update',
      ScanningForm,
      'scanning',
      'title',
      (req, id, b) =>
        problems.updateScanning(req.actor, {
          id,
          title: b.title ?? '',
          description: b.description ?? '',
          clusteringType: b.clusteringType ?? '',
          categoryCode: blankNull(b.categoryCode),
          firstSeen: blankNull(b.firstSeen),
          lastSeen: blankNull(b.lastSeen),
          frequency: b.frequency ?? '',
          harms: b.harms ?? '',
          priority: b.priority ?? '',
          priorityRationale: b.priorityRationale ?? '',
          goal: b.goal ?? '',
        }),
      'scanning',
    );
    post(
      '/staff/problems/:id/analysis',
      'update',
      AnalysisForm,
      'analysis',
      'statement',
      (req, id, b) => {
        const side = (n: string) => ({
          known: b[`${n}Known`] ?? '',
          missing: b[`${n}Missing`] ?? '',
          controller: b[`${n}Controller`] ?? '',
        });
        return problems.updateAnalysis(req.actor, {
          id,
          offender: side('offender'),
          target: side('target'),
          place: side('place'),
          dataSources: b.dataSources ?? '',
          currentResponses: b.currentResponses ?? '',
          hypothesis: b.hypothesis ?? '',
          statement: b.statement ?? '',
        });
      },
      'analysis',
    );
    post(
      '/staff/problems/:id/stage',
      'update',
      StageForm,
      'stage',
      'to',
      (req, id, b) => problems.advance(req.actor, { id, to: b.to ?? '' }),
      'scanning',
    );
    post(
      '/staff/problems/:id/partners',
      'update',
      PartnerForm,
      'partner',
      'organisationId',
      (req, id, b) =>
        problems.addPartner(req.actor, {
          id,
          organisationId: b.organisationId ?? '',
          raised: b.raised === '1',
        }),
      'scanning',
    );
    post(
      '/staff/problems/:id/reports',
      'update',
      ReportsForm,
      'reports',
      'references',
      async (req, id, b) => {
        const refs = list(b.references?.split(/[\s,]+/));
        const ids = await problems.reportIdsByReference(req.actor, { references: refs });
        return problems.linkReports(req.actor, { id, reportIds: ids });
      },
      'scanning',
    );
    post(
      '/staff/problems/:id/measures',
      'update',
      MeasureForm,
      'measure',
      'from',
      (req, id, b) =>
        problems.recordMeasure(req.actor, {
          id,
          phase: b.phase ?? '',
          from: b.from ?? '',
          to: b.to ?? '',
          comparisonAreaCode: blankNull(b.comparisonAreaCode),
          bufferAreaCode: blankNull(b.bufferAreaCode),
        }),
      'analysis',
    );
    post(
      '/staff/problems/:id/actions',
      'update',
      ActionForm,
      'action',
      'actionTitle',
      (req, id, b) =>
        problems.addAction(req.actor, {
          problemId: id,
          title: b.actionTitle ?? '',
          description: b.actionDescription ?? '',
          responsibleOrganisationId: blankNull(b.responsibleOrganisationId),
          responsiblePersonId: blankNull(b.responsiblePersonId),
          deadline: blankNull(b.deadline),
          fundingSource: b.fundingSource ?? '',
          coercive: b.coercive === '1',
          planTaskId: blankNull(b.planTaskId),
        }),
      'response',
    );
    post(
      '/staff/problems/:id/actions/:actionId',
      'update',
      PerActionForm,
      'actionUpdate',
      'status',
      async (req, _id, b) => {
        const { actionId } = req.params as { actionId: string };
        const raw = (b[`progress-${actionId}`] ?? '').trim();
        const progress = raw === '' ? undefined : /^\d{1,3}$/.test(raw) ? Number(raw) : NaN;
        return problems.updateAction(req.actor, {
          actionId,
          status: b[`status-${actionId}`] || undefined,
          progress,
        });
      },
      'response',
      ActionParams,
    );
    post(
      '/staff/problems/:id/actions/:actionId/rights-check',
      'rights_check',
      PerActionForm,
      'rights',
      'legality',
      (req, _id, b) => {
        const { actionId } = req.params as { actionId: string };
        return problems.recordRightsCheck(req.actor, {
          actionId,
          legality: b[`legality-${actionId}`] ?? '',
          necessity: b[`necessity-${actionId}`] ?? '',
          proportionality: b[`proportionality-${actionId}`] ?? '',
          nonDiscrimination: b[`nonDiscrimination-${actionId}`] ?? '',
          outcome: b[`outcome-${actionId}`] ?? '',
          checkerName: b[`checkerName-${actionId}`] ?? '',
        });
      },
      'response',
      ActionParams,
    );
    post(
      '/staff/problems/:id/assessment',
      'assess',
      AssessmentForm,
      'assessment',
      'notes',
      async (req, id, b) => {
        const done = new Set(list((b as { done?: string | string[] }).done));
        const d = await problems.get(req.actor, { id });
        return problems.assess(req.actor, {
          id,
          process: d.actions
            .filter((a) => a.status !== 'cancelled')
            .map((a) => ({ actionId: a.id, done: done.has(a.id) })),
          baselineMeasureId: blankNull(b.baselineMeasureId),
          afterMeasureId: blankNull(b.afterMeasureId),
          decision: b.decision ?? '',
          notes: b.notes ?? '',
        });
      },
      'assessment',
    );
    post(
      '/staff/problems/:id/publication',
      'publish',
      PublicationForm,
      'publication',
      'publicSummary',
      (req, id, b) =>
        problems.setPublication(req.actor, {
          id,
          published: b.published === '1',
          publicTitle: b.publicTitle ?? '',
          publicSummary: b.publicSummary ?? '',
        }),
      'publication',
    );
  });
}
