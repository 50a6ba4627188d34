/** JSON API for joint local prevention plans: the same services and policies as the pages. */
import { Type } from '@sinclair/typebox';
import type { RoutePlugin } from '../../plugins/typed-routes.ts';
import { PUBLIC, policy } from '../../plugins/access.ts';
import { PLAN, PLAN_TASK } from './plans.policy.ts';
import * as S from './plans.schemas.ts';
import { xlsxLabels } from './views/labels.ts';

const Ok = Type.Object({ ok: Type.Boolean() });

export const plansApiRoutes: RoutePlugin = async (app, opts) => {
  const { plans } = opts.ctx.services;
  const tags = ['plans'];

  // Public: approved plans, no names.
  app.get(
    '/api/v1/plans/public',
    {
      config: PUBLIC,
      schema: {
        tags,
        summary: 'Approved plans by area (public)',
        querystring: S.PublicListQuery,
        response: { 200: S.PublicPlanList, ...S.errors },
      },
    },
    async (req) => ({ items: await plans.listPublic(req.actor, req.query) }),
  );
  app.get(
    '/api/v1/plans/public/:id',
    {
      config: PUBLIC,
      schema: {
        tags,
        summary: 'An approved plan: priorities, tasks and progress (public)',
        params: S.IdParams,
        response: { 200: S.PublicPlanOut, ...S.errors },
      },
    },
    async (req) => plans.getPublic(req.actor, req.params),
  );

  app.get(
    '/api/v1/plans',
    {
      config: policy('list', PLAN),
      schema: { tags, querystring: S.ListQuery, response: { 200: S.PlanList, ...S.errors } },
    },
    async (req) => ({
      items: await plans.listPlans(req.actor, req.query),
    }),
  );
  app.post(
    '/api/v1/plans',
    {
      config: policy('create', PLAN),
      schema: { tags, body: S.PlanBody, response: { 201: S.PlanOut, ...S.errors } },
    },
    async (req, reply) => reply.code(201).send(await plans.createPlan(req.actor, req.body)),
  );
  app.get(
    '/api/v1/plans/:id',
    {
      config: policy('read', PLAN),
      schema: { tags, params: S.IdParams, response: { 200: S.PlanDetailOut, ...S.errors } },
    },
    async (req) => plans.getPlan(req.actor, req.params),
  );
  app.patch(
    '/api/v1/plans/:id',
    {
      config: policy('manage', PLAN),
      schema: {
        tags,
        summary: 'Change the plan (after approval this opens a new version)',
        params: S.IdParams,
        body: S.PlanBody,
        response: { 200: S.PlanOut, ...S.errors },
      },
    },
    async (req) => plans.updatePlan(req.actor, { ...req.body, id: req.params.id }),
  );

  // Priorities
  app.post(
    '/api/v1/plans/:id/priorities',
    {
      config: policy('manage', PLAN),
      schema: {
        tags,
        params: S.IdParams,
        body: S.PriorityBody,
        response: { 201: S.PriorityOut, ...S.errors },
      },
    },
    async (req, reply) =>
      reply.code(201).send(
        await plans.addPriority(req.actor, {
          ...req.body,
          planId: req.params.id,
        }),
      ),
  );
  app.patch(
    '/api/v1/plans/:id/priorities/:priorityId',
    {
      config: policy('manage', PLAN),
      schema: {
        tags,
        params: S.PriorityParams,
        body: S.PriorityUpdateBody,
        response: { 200: S.PriorityOut, ...S.errors },
      },
    },
    async (req) => {
      const p = req.params;
      return plans.updatePriority(req.actor, {
        ...req.body,
        planId: p.id,
        priorityId: p.priorityId,
      });
    },
  );
  app.delete(
    '/api/v1/plans/:id/priorities/:priorityId',
    {
      config: policy('manage', PLAN),
      schema: { tags, params: S.PriorityParams, response: { 200: Ok, ...S.errors } },
    },
    async (req) => {
      const p = req.params;
      await plans.deletePriority(req.actor, { planId: p.id, priorityId: p.priorityId });
      return { ok: true };
    },
  );

  // Tasks
  app.post(
    '/api/v1/plans/:id/tasks',
    {
      config: policy('manage', PLAN),
      schema: { tags, params: S.IdParams, body: S.TaskBody, response: { 201: S.TaskOut, ...S.errors } },
    },
    async (req, reply) =>
      reply.code(201).send(await plans.addTask(req.actor, { ...req.body, planId: req.params.id })),
  );
  app.patch(
    '/api/v1/plans/:id/tasks/:taskId',
    {
      config: policy('manage', PLAN),
      schema: { tags, params: S.TaskParams, body: S.TaskBody, response: { 200: S.TaskOut, ...S.errors } },
    },
    async (req) => {
      const p = req.params;
      return plans.updateTask(req.actor, { ...req.body, planId: p.id, taskId: p.taskId });
    },
  );
  app.delete(
    '/api/v1/plans/:id/tasks/:taskId',
    {
      config: policy('manage', PLAN),
      schema: { tags, params: S.TaskParams, response: { 200: Ok, ...S.errors } },
    },
    async (req) => {
      const p = req.params;
      await plans.deleteTask(req.actor, { planId: p.id, taskId: p.taskId });
      return { ok: true };
    },
  );
  app.post(
    '/api/v1/plans/:id/tasks/:taskId/progress',
    {
      config: policy('report_progress', PLAN_TASK),
      schema: {
        tags,
        summary: 'Report progress on a task (monitoring; needs no new signatures)',
        params: S.TaskParams,
        body: S.ProgressBody,
        response: { 201: S.TaskOut, ...S.errors },
      },
    },
    async (req, reply) => {
      const p = req.params;
      return reply.code(201).send(
        await plans.reportProgress(req.actor, {
          ...req.body,
          planId: p.id,
          taskId: p.taskId,
        }),
      );
    },
  );

  // Approvals and versions
  app.get(
    '/api/v1/plans/:id/approvals',
    {
      config: policy('read', PLAN),
      schema: { tags, params: S.IdParams, response: { 200: S.ApprovalsOut, ...S.errors } },
    },
    async (req) => {
      const d = await plans.getPlan(req.actor, req.params);
      return {
        version: d.plan.currentVersion,
        status: d.plan.status,
        approvals: d.approvals,
        missingSeats: d.missingSeats,
      };
    },
  );
  app.post(
    '/api/v1/plans/:id/approvals',
    {
      config: policy('approve', PLAN),
      schema: {
        tags,
        summary: 'Sign the current version for your seat (police, municipality or council)',
        params: S.IdParams,
        body: S.ApprovalBody,
        response: { 201: S.PlanDetailOut, ...S.errors },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await plans.approve(req.actor, { ...req.body, planId: req.params.id })),
  );
  app.get(
    '/api/v1/plans/:id/versions',
    {
      config: policy('read', PLAN),
      schema: { tags, params: S.IdParams, response: { 200: S.VersionList, ...S.errors } },
    },
    async (req) => ({ items: await plans.listVersions(req.actor, req.params) }),
  );
  app.get(
    '/api/v1/plans/:id/versions/:number',
    {
      config: policy('read', PLAN),
      schema: { tags, params: S.VersionParams, response: { 200: S.VersionOut, ...S.errors } },
    },
    async (req) => plans.getVersion(req.actor, req.params),
  );

  // Monitoring
  app.get(
    '/api/v1/plans/:id/report',
    {
      config: policy('read', PLAN),
      schema: {
        tags,
        summary: 'Quarterly progress report',
        params: S.IdParams,
        querystring: S.ReportQuery,
        response: { 200: S.ReportOut, ...S.errors },
      },
    },
    async (req) =>
      plans.quarterly(req.actor, {
        ...req.query,
        id: req.params.id,
      }),
  );
  app.get(
    '/api/v1/plans/:id/report.xlsx',
    {
      config: policy('read', PLAN),
      schema: {
        tags,
        summary: 'Quarterly progress report (XLSX)',
        params: S.IdParams,
        querystring: S.ReportQuery,
      },
    },
    async (req, reply) => {
      const q = req.query;
      const buf = await plans.quarterlyXlsx(req.actor, {
        ...q,
        id: req.params.id,
        labels: xlsxLabels(req.t),
      });
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="plan-report-${q.year}-q${q.quarter}.xlsx"`)
        .header('cache-control', 'no-store')
        .send(buf);
    },
  );
};
