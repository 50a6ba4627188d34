/**
 * Plan pages (HTML first, JS off, POST → 303 → GET, errors next to fields with a summary) and the
 * public plan pages in every resident language.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.ts';
import { PUBLIC, policy } from '../../plugins/access.ts';
import { AppError } from '../../shared/errors.ts';
import { ID_PATTERN } from '../../shared/ids.ts';
import { nowIso } from '../../shared/time.ts';
import type { FieldErrors } from '../../views/form.tsx';
import { formHandlers, type Body } from '../../views/form-route.ts';
import { requireSignedInPage } from '../accounts/auth.routes.ts';
import { areaName } from '../geo/geo.presenter.ts';
import { PLAN, PLAN_EDITOR_ROLES, PLAN_TASK } from './plans.policy.ts';
import { parseAmountInput, parseIdList } from './plans.validate.ts';
import { areaGroupsFor, problemChoicesFor } from '../../views/picker-choices.ts';
import { CONFLICT_KEYS, FIELD_ERROR_KEYS } from './views/labels.ts';
import { PublicPlanPage, PublicPlansPage } from './views/public-pages.tsx';
import {
  ApprovalPage,
  PlanEditPage,
  PlanPage,
  type PlanPickers,
  PlansListPage,
  PriorityPage,
  ReportPage,
  TaskPage,
  VersionPage,
  VersionsPage,
} from './views/staff-pages.tsx';

const text = (max = 1000) => Type.Optional(Type.String({ maxLength: max }));
/** Ids from a multiple picker: the field once per choice (or one separated string). */
const ids = Type.Optional(
  Type.Union([
    Type.String({ maxLength: 4000 }),
    Type.Array(Type.String({ maxLength: 64 }), { maxItems: 100 }),
  ]),
);
const csrf = { _csrf: text(200) };
const form = (fields: Record<string, ReturnType<typeof text> | typeof ids>) =>
  Type.Object({ ...csrf, ...fields }, { additionalProperties: false });
const IdS = Type.String({ pattern: ID_PATTERN });
const Id = Type.Object({ id: IdS });
const PriorityP = Type.Object({ id: IdS, priorityId: IdS });
const TaskP = Type.Object({ id: IdS, taskId: IdS });
const VersionP = Type.Object({ id: IdS, number: Type.String({ pattern: '^[1-9][0-9]{0,5}$' }) });
const AreaQ = Type.Object(
  { area: Type.Optional(Type.String({ maxLength: 64, pattern: '^[A-Za-z0-9._-]*$' })) },
  { additionalProperties: false },
);
const ListQ = Type.Object(
  {
    area: Type.Optional(Type.String({ maxLength: 64, pattern: '^[A-Za-z0-9._-]*$' })),
    status: text(20),
    year: Type.Optional(Type.String({ maxLength: 4, pattern: '^[0-9]*$' })),
  },
  { additionalProperties: false },
);
const ReportQ = Type.Object(
  {
    year: Type.Optional(Type.String({ maxLength: 4, pattern: '^[0-9]*$' })),
    quarter: Type.Optional(Type.String({ maxLength: 1, pattern: '^[0-9]?$' })),
  },
  { additionalProperties: false },
);

const PlanForm = form({
  title: text(300),
  areaCode: text(64),
  periodStart: text(10),
  periodEnd: text(10),
  summary: text(10_000),
});
const PriorityForm = form({
  title: text(300),
  justification: text(5000),
  source: text(1000),
  problemIds: ids,
});
const TaskForm = form({
  priorityId: text(64),
  taskTitle: text(300),
  description: text(5000),
  ownerOrganisationId: text(64),
  deadline: text(10),
  fundingSource: text(20),
  budget: text(40),
  taskProblemIds: ids,
});
const ProgressForm = form({
  status: text(20),
  progress: text(10),
  spent: text(40),
  reportedOn: text(10),
  note: text(2000),
});
const ApprovalForm = form({
  version: text(10),
  roleTitle: text(200),
  approvedOn: text(10),
  confirm: text(10),
});
const EmptyForm = form({});

/**
 * A refusal in the reader's language for the field (the form's own name first, then the
 * service's), else the service's own words.
 */
const { fieldErrors, handleForm } = formHandlers((req, err, field) => {
  const table = err.code === 'conflict' ? CONFLICT_KEYS : FIELD_ERROR_KEYS;
  const key = table[field] ?? table[err.field ?? ''];
  return key ? req.t(key) : req.t('plans.errors.field', { message: err.message });
});

const TASK_RENAME = { title: 'taskTitle', problemIds: 'taskProblemIds' };

/** A whole number typed into a form, or NaN so the service names the field. */
const whole = (raw: string | undefined): number => parseAmountInput(raw) ?? Number.NaN;

function planInput(b: Body) {
  return {
    title: b.title ?? '',
    areaCode: (b.areaCode ?? '').trim(),
    periodStart: b.periodStart ?? '',
    periodEnd: b.periodEnd ?? '',
    summary: b.summary ?? '',
  };
}

function priorityInput(b: Body) {
  return {
    title: b.title ?? '',
    justification: b.justification ?? '',
    source: b.source ?? '',
    problemIds: parseIdList(b.problemIds),
  };
}

function taskInput(b: Body) {
  return {
    priorityId: b.priorityId ?? '',
    title: b.taskTitle ?? '',
    description: b.description ?? '',
    ownerOrganisationId: b.ownerOrganisationId || null,
    deadline: b.deadline ?? '',
    fundingSource: b.fundingSource ?? '',
    budget: whole(b.budget),
    problemIds: parseIdList(b.taskProblemIds),
  };
}

export async function plansRoutes(app: FastifyInstance, opts: { ctx: AppContext }) {
  const { plans } = opts.ctx.services;
  /** Areas of the reader's jurisdiction and, for forms that link them, the problems they may list. */
  const pickers = async (req: FastifyRequest, withProblems = false): Promise<PlanPickers> => ({
    areas: await areaGroupsFor(opts.ctx.services, req.actor, req.locale),
    problems: withProblems ? await problemChoicesFor(opts.ctx.services, req.actor, req.t) : [],
  });

  await app.register(async (staff) => {
    staff.addHook('preHandler', requireSignedInPage);

    const renderList = async (
      req: FastifyRequest,
      reply: FastifyReply,
      values: Body,
      errors: FieldErrors,
    ) => {
      const q = req.query as { area?: string; status?: string; year?: string };
      const filters = { area: q.area ?? '', status: q.status ?? '', year: q.year ?? '' };
      let items: Awaited<ReturnType<typeof plans.listPlans>> = [];
      try {
        items = await plans.listPlans(req.actor, {
          areaCode: filters.area || undefined,
          status: filters.status || undefined,
          year: filters.year ? Number(filters.year) : undefined,
        });
      } catch (err) {
        const e = fieldErrors(req, err, 'f-area', { areaCode: 'f-area', status: 'f-status' });
        if (!e) throw err;
        errors = { ...e, ...errors };
        reply.code(400);
      }
      const csrfToken = reply.generateCsrf();
      return reply.page(
        PlansListPage({
          t: req.t,
          locale: req.locale,
          csrf: csrfToken,
          items,
          canCreate: req.actor.grants.some((g) => PLAN_EDITOR_ROLES.includes(g.role)),
          filters,
          pickers: await pickers(req),
          values: values as Record<string, string>,
          errors,
        }),
        { title: req.t('plans.list.title'), csrfToken },
      );
    };
    staff.get(
      '/staff/plans',
      { config: policy('list', PLAN), schema: { hide: true, querystring: ListQ } },
      async (req, reply) => {
        const y = new Date().getUTCFullYear();
        return renderList(req, reply, { periodStart: `${y + 1}-01-01`, periodEnd: `${y + 1}-12-31` }, {});
      },
    );
    staff.post(
      '/staff/plans',
      { config: policy('create', PLAN), schema: { hide: true, body: PlanForm } },
      async (req, reply) => {
        const b = req.body as Body;
        return handleForm(req, reply, {
          body: b,
          action: () => plans.createPlan(req.actor, planInput(b)),
          fallback: 'title',
          redirect: (_v, p) => `/staff/plans/${p.id}`,
          render: (v, errors) => renderList(req, reply, v, errors),
        });
      },
    );

    const renderPlan = async (
      req: FastifyRequest,
      reply: FastifyReply,
      id: string,
      values: Body,
      errors: FieldErrors,
      which: 'priority' | 'task' | null,
    ) => {
      const d = await plans.getPlan(req.actor, { id });
      const owners = d.canManage ? await plans.ownerOptions(req.actor, { id }) : [];
      const csrfToken = reply.generateCsrf();
      return reply.page(
        PlanPage({
          t: req.t,
          locale: req.locale,
          csrf: csrfToken,
          d,
          owners,
          pickers: await pickers(req, d.canManage),
          values: values as Record<string, string>,
          errors,
          form: which,
        }),
        { title: d.plan.title, csrfToken },
      );
    };
    staff.get(
      '/staff/plans/:id',
      { config: policy('read', PLAN), schema: { hide: true, params: Id } },
      async (req, reply) => renderPlan(req, reply, (req.params as { id: string }).id, {}, {}, null),
    );

    const renderEdit = async (
      req: FastifyRequest,
      reply: FastifyReply,
      id: string,
      values: Body | null,
      errors: FieldErrors,
    ) => {
      const d = await plans.getPlan(req.actor, { id });
      if (!d.canManage) await plans.ownerOptions(req.actor, { id }); // refuses like "manage" does
      const csrfToken = reply.generateCsrf();
      const v = values ?? {
        title: d.plan.title,
        areaCode: d.plan.areaCode,
        periodStart: d.plan.periodStart,
        periodEnd: d.plan.periodEnd,
        summary: d.plan.summary,
      };
      return reply.page(
        PlanEditPage({
          t: req.t,
          locale: req.locale,
          csrf: csrfToken,
          plan: d.plan,
          pickers: await pickers(req),
          values: v as Record<string, string>,
          errors,
        }),
        { title: req.t('plans.plan.edit'), csrfToken },
      );
    };
    staff.get(
      '/staff/plans/:id/edit',
      { config: policy('manage', PLAN), schema: { hide: true, params: Id } },
      async (req, reply) => renderEdit(req, reply, (req.params as { id: string }).id, null, {}),
    );
    staff.post(
      '/staff/plans/:id',
      { config: policy('manage', PLAN), schema: { hide: true, params: Id, body: PlanForm } },
      async (req, reply) => {
        const { id } = req.params as { id: string };
        const b = req.body as Body;
        return handleForm(req, reply, {
          body: b,
          action: () => plans.updatePlan(req.actor, { id, ...planInput(b) }),
          fallback: 'title',
          redirect: () => `/staff/plans/${id}`,
          render: (v, errors) => renderEdit(req, reply, id, v, errors),
        });
      },
    );

    // Priorities
    staff.post(
      '/staff/plans/:id/priorities',
      { config: policy('manage', PLAN), schema: { hide: true, params: Id, body: PriorityForm } },
      async (req, reply) => {
        const { id } = req.params as { id: string };
        const b = req.body as Body;
        return handleForm(req, reply, {
          body: b,
          action: () => plans.addPriority(req.actor, { planId: id, ...priorityInput(b) }),
          fallback: 'title',
          redirect: () => `/staff/plans/${id}`,
          render: (v, errors) => renderPlan(req, reply, id, v, errors, 'priority'),
        });
      },
    );
    const renderPriority = async (
      req: FastifyRequest,
      reply: FastifyReply,
      params: { id: string; priorityId: string },
      values: Body | null,
      errors: FieldErrors,
    ) => {
      const d = await plans.getPlan(req.actor, { id: params.id });
      const priority = d.priorities.find((p) => p.id === params.priorityId);
      if (!priority || !d.canManage) {
        await plans.ownerOptions(req.actor, { id: params.id }); // refuses like "manage" does
        return reply.callNotFound();
      }
      const csrfToken = reply.generateCsrf();
      const v = values ?? {
        title: priority.title,
        justification: priority.justification,
        source: priority.source,
        problemIds: priority.problems.map((x) => x.id).join(' '),
      };
      return reply.page(
        PriorityPage({
          t: req.t,
          locale: req.locale,
          csrf: csrfToken,
          plan: d.plan,
          priority,
          pickers: await pickers(req, true),
          values: v as Record<string, string>,
          errors,
        }),
        { title: req.t('plans.priority.edit'), csrfToken },
      );
    };
    staff.get(
      '/staff/plans/:id/priorities/:priorityId',
      { config: policy('manage', PLAN), schema: { hide: true, params: PriorityP } },
      async (req, reply) =>
        renderPriority(req, reply, req.params as { id: string; priorityId: string }, null, {}),
    );
    staff.post(
      '/staff/plans/:id/priorities/:priorityId',
      { config: policy('manage', PLAN), schema: { hide: true, params: PriorityP, body: PriorityForm } },
      async (req, reply) => {
        const params = req.params as { id: string; priorityId: string };
        const b = req.body as Body;
        return handleForm(req, reply, {
          body: b,
          action: () =>
            plans.updatePriority(req.actor, {
              planId: params.id,
              priorityId: params.priorityId,
              ...priorityInput(b),
            }),
          fallback: 'title',
          redirect: () => `/staff/plans/${params.id}`,
          render: (v, errors) => renderPriority(req, reply, params, v, errors),
        });
      },
    );
    staff.post(
      '/staff/plans/:id/priorities/:priorityId/delete',
      { config: policy('manage', PLAN), schema: { hide: true, params: PriorityP, body: EmptyForm } },
      async (req, reply) => {
        const params = req.params as { id: string; priorityId: string };
        return handleForm(req, reply, {
          body: {},
          action: () => plans.deletePriority(req.actor, { planId: params.id, priorityId: params.priorityId }),
          fallback: 'title',
          rename: { priorityId: 'title' },
          status: () => 409,
          redirect: () => `/staff/plans/${params.id}`,
          render: (_v, errors) => renderPriority(req, reply, params, null, errors),
        });
      },
    );

    // Tasks
    staff.post(
      '/staff/plans/:id/tasks',
      { config: policy('manage', PLAN), schema: { hide: true, params: Id, body: TaskForm } },
      async (req, reply) => {
        const { id } = req.params as { id: string };
        const b = req.body as Body;
        return handleForm(req, reply, {
          body: b,
          action: () => plans.addTask(req.actor, { planId: id, ...taskInput(b) }),
          fallback: 'taskTitle',
          rename: TASK_RENAME,
          redirect: () => `/staff/plans/${id}`,
          render: (v, errors) => renderPlan(req, reply, id, v, errors, 'task'),
        });
      },
    );
    const renderTask = async (
      req: FastifyRequest,
      reply: FastifyReply,
      params: { id: string; taskId: string },
      values: Body,
      errors: FieldErrors,
      which: 'task' | 'progress' | null,
    ) => {
      const d = await plans.getTask(req.actor, { planId: params.id, taskId: params.taskId });
      const full = await plans.getPlan(req.actor, { id: params.id });
      const owners = d.canManage ? await plans.ownerOptions(req.actor, { id: params.id }) : [];
      const csrfToken = reply.generateCsrf();
      return reply.page(
        TaskPage({
          t: req.t,
          locale: req.locale,
          csrf: csrfToken,
          d,
          priorities: full.priorities.map((p) => ({ id: p.id, title: p.title })),
          owners,
          pickers: await pickers(req, d.canManage),
          values: values as Record<string, string>,
          errors,
          form: which,
        }),
        { title: d.task.title, csrfToken },
      );
    };
    staff.get(
      '/staff/plans/:id/tasks/:taskId',
      { config: policy('read', PLAN), schema: { hide: true, params: TaskP } },
      async (req, reply) =>
        renderTask(req, reply, req.params as { id: string; taskId: string }, {}, {}, null),
    );
    staff.post(
      '/staff/plans/:id/tasks/:taskId',
      { config: policy('manage', PLAN), schema: { hide: true, params: TaskP, body: TaskForm } },
      async (req, reply) => {
        const params = req.params as { id: string; taskId: string };
        const b = req.body as Body;
        return handleForm(req, reply, {
          body: b,
          action: () =>
            plans.updateTask(req.actor, { planId: params.id, taskId: params.taskId, ...taskInput(b) }),
          fallback: 'taskTitle',
          rename: TASK_RENAME,
          redirect: () => `/staff/plans/${params.id}/tasks/${params.taskId}`,
          render: (v, errors) => renderTask(req, reply, params, v, errors, 'task'),
        });
      },
    );
    staff.post(
      '/staff/plans/:id/tasks/:taskId/progress',
      {
        config: policy('report_progress', PLAN_TASK),
        schema: { hide: true, params: TaskP, body: ProgressForm },
      },
      async (req, reply) => {
        const params = req.params as { id: string; taskId: string };
        const b = req.body as Body;
        const pct = (b.progress ?? '').trim().replace(/%$/, '');
        return handleForm(req, reply, {
          body: b,
          action: () =>
            plans.reportProgress(req.actor, {
              planId: params.id,
              taskId: params.taskId,
              status: b.status ?? '',
              progress: /^\d{1,3}$/.test(pct) ? Number(pct) : Number.NaN,
              spent: whole(b.spent),
              note: b.note ?? '',
              reportedOn: b.reportedOn || null,
            }),
          fallback: 'status',
          redirect: () => `/staff/plans/${params.id}/tasks/${params.taskId}`,
          render: (v, errors) => renderTask(req, reply, params, v, errors, 'progress'),
        });
      },
    );
    staff.post(
      '/staff/plans/:id/tasks/:taskId/delete',
      { config: policy('manage', PLAN), schema: { hide: true, params: TaskP, body: EmptyForm } },
      async (req, reply) => {
        const params = req.params as { id: string; taskId: string };
        return handleForm(req, reply, {
          body: {},
          action: () => plans.deleteTask(req.actor, { planId: params.id, taskId: params.taskId }),
          fallback: 'taskTitle',
          rename: { taskId: 'taskTitle' },
          status: () => 409,
          redirect: () => `/staff/plans/${params.id}`,
          render: (_v, errors) => renderTask(req, reply, params, {}, errors, 'task'),
        });
      },
    );

    // Approval
    const renderApproval = async (
      req: FastifyRequest,
      reply: FastifyReply,
      id: string,
      values: Body,
      errors: FieldErrors,
    ) => {
      const d = await plans.getPlan(req.actor, { id });
      const version = await plans.getVersion(req.actor, { id, number: d.plan.currentVersion });
      const changesSinceApproved = await plans.changesSinceApproved(req.actor, { id });
      const csrfToken = reply.generateCsrf();
      return reply.page(
        ApprovalPage({
          t: req.t,
          locale: req.locale,
          csrf: csrfToken,
          d,
          version,
          changesSinceApproved,
          today: nowIso().slice(0, 10),
          values: values as Record<string, string>,
          errors,
        }),
        { title: req.t('plans.approval.title', { version: d.plan.currentVersion }), csrfToken },
      );
    };
    staff.get(
      '/staff/plans/:id/approval',
      { config: policy('read', PLAN), schema: { hide: true, params: Id } },
      async (req, reply) => renderApproval(req, reply, (req.params as { id: string }).id, {}, {}),
    );
    staff.post(
      '/staff/plans/:id/approvals',
      { config: policy('approve', PLAN), schema: { hide: true, params: Id, body: ApprovalForm } },
      async (req, reply) => {
        const { id } = req.params as { id: string };
        const b = req.body as Body;
        if (b.confirm !== 'yes') {
          reply.code(400);
          return renderApproval(req, reply, id, b, { confirm: req.t('plans.approval.confirmMissing') });
        }
        return handleForm(req, reply, {
          body: b,
          action: () =>
            plans.approve(req.actor, {
              planId: id,
              version: /^\d{1,6}$/.test(b.version ?? '') ? Number(b.version) : 0,
              roleTitle: b.roleTitle ?? '',
              approvedOn: b.approvedOn ?? '',
            }),
          fallback: 'roleTitle',
          rename: { version: 'confirm', seat: 'roleTitle' },
          status: (err) => err.statusCode,
          redirect: () => `/staff/plans/${id}/approval`,
          render: (v, errors) => renderApproval(req, reply, id, v, errors),
        });
      },
    );

    // Versions
    staff.get(
      '/staff/plans/:id/versions',
      { config: policy('read', PLAN), schema: { hide: true, params: Id } },
      async (req, reply) => {
        const { id } = req.params as { id: string };
        const d = await plans.getPlan(req.actor, { id });
        const items = await plans.listVersions(req.actor, { id });
        return reply.page(VersionsPage({ t: req.t, plan: d.plan, items }), {
          title: req.t('plans.versions.heading', { plan: d.plan.title }),
        });
      },
    );
    staff.get(
      '/staff/plans/:id/versions/:number',
      { config: policy('read', PLAN), schema: { hide: true, params: VersionP } },
      async (req, reply) => {
        const p = req.params as { id: string; number: string };
        const v = await plans.getVersion(req.actor, { id: p.id, number: Number(p.number) });
        return reply.page(VersionPage({ t: req.t, locale: req.locale, v }), {
          title: req.t('plans.plan.versionN', { version: v.number }),
        });
      },
    );

    // Quarterly report (printable)
    staff.get(
      '/staff/plans/:id/report',
      { config: policy('read', PLAN), schema: { hide: true, params: Id, querystring: ReportQ } },
      async (req, reply) => {
        const { id } = req.params as { id: string };
        const q = req.query as { year?: string; quarter?: string };
        const today = nowIso().slice(0, 10);
        const year = q.year || today.slice(0, 4);
        const quarter = q.quarter || String(Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1);
        const d = await plans.getPlan(req.actor, { id });
        let r = null;
        let errors: FieldErrors = {};
        try {
          r = await plans.quarterly(req.actor, { id, year: Number(year), quarter: Number(quarter) });
        } catch (err) {
          const e = fieldErrors(req, err, 'quarter');
          if (!e) throw err;
          errors = e;
          reply.code(400);
        }
        return reply.page(
          ReportPage({
            t: req.t,
            locale: req.locale,
            csrf: '',
            plan: d.plan,
            r,
            year,
            quarter,
            values: {},
            errors,
          }),
          { title: req.t('plans.report.link') },
        );
      },
    );
  });

  // --- public pages --------------------------------------------------------------------------
  app.get('/plans', { config: PUBLIC, schema: { hide: true, querystring: AreaQ } }, async (req, reply) => {
    const area = (req.query as { area?: string }).area ?? '';
    const all = await plans.listPublic(req.actor, {});
    const areas = [...new Map(all.map((p) => [p.areaCode, areaName(p.areaNames, req.locale, p.areaCode)]))]
      .map(([code, name]) => ({ code, name }))
      .sort((a, b) => a.name.localeCompare(b.name));
    let items = all;
    if (area) {
      try {
        items = await plans.listPublic(req.actor, { areaCode: area });
      } catch (err) {
        if (!(err instanceof AppError) || err.statusCode !== 400) throw err;
        items = [];
        reply.code(400);
      }
    }
    return reply.page(PublicPlansPage({ t: req.t, locale: req.locale, items, areas, area }), {
      title: req.t('resident.plans.list.title'),
    });
  });
  app.get('/plans/:id', { config: PUBLIC, schema: { hide: true, params: Id } }, async (req, reply) => {
    const d = await plans.getPublic(req.actor, req.params as { id: string });
    return reply.page(PublicPlanPage({ t: req.t, locale: req.locale, d }), { title: d.title });
  });
}
