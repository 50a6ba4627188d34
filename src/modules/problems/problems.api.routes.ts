/** JSON API for problems (SARA): the same services and policies as the pages. */
import type { RoutePlugin } from '../../plugins/typed-routes.ts';
import { PUBLIC, policy } from '../../plugins/access.ts';
import { PROBLEM } from './problems.policy.ts';
import * as S from './problems.schemas.ts';

export const problemsApiRoutes: RoutePlugin = async (app, opts) => {
  const { problems } = opts.ctx.services;
  const tags = ['problems'];

  app.get(
    '/api/v1/problems',
    {
      config: policy('list', PROBLEM),
      schema: {
        tags,
        summary: 'Problems the caller may see, with filters',
        querystring: S.ListQuery,
        response: { 200: S.ListOut, ...S.errors },
      },
    },
    async (req) => ({ items: await problems.list(req.actor, req.query) }),
  );
  app.get(
    '/api/v1/problems/candidates',
    {
      config: policy('suggest', PROBLEM),
      schema: {
        tags,
        summary: 'Candidate problems: clusters of unlinked reports close in space, time and category',
        querystring: S.SuggestQuery,
        response: { 200: S.SuggestOut, ...S.errors },
      },
    },
    async (req) => problems.suggest(req.actor, req.query),
  );
  app.post(
    '/api/v1/problems',
    {
      config: policy('create', PROBLEM),
      schema: {
        tags,
        summary: 'Create a problem (scanning), from linked reports or by hand',
        body: S.CreateBody,
        response: { 201: S.ProblemOut, ...S.errors },
      },
    },
    async (req, reply) => reply.code(201).send(await problems.create(req.actor, req.body)),
  );
  app.get(
    '/api/v1/problems/:id',
    {
      config: policy('read', PROBLEM),
      schema: { tags, params: S.IdParams, response: { 200: S.DetailOut, ...S.errors } },
    },
    async (req) => problems.get(req.actor, { id: req.params.id }),
  );
  app.patch(
    '/api/v1/problems/:id/scanning',
    {
      config: policy('update', PROBLEM),
      schema: {
        tags,
        params: S.IdParams,
        body: S.ScanningBody,
        response: { 200: S.ProblemOut, ...S.errors },
      },
    },
    async (req) => problems.updateScanning(req.actor, { id: req.params.id, ...req.body }),
  );
  app.patch(
    '/api/v1/problems/:id/analysis',
    {
      config: policy('update', PROBLEM),
      schema: {
        tags,
        summary: 'Update the problem-analysis triangle, data sources, hypothesis and statement',
        params: S.IdParams,
        body: S.AnalysisBody,
        response: { 200: S.ProblemOut, ...S.errors },
      },
    },
    async (req) => problems.updateAnalysis(req.actor, { id: req.params.id, ...req.body }),
  );
  app.post(
    '/api/v1/problems/:id/stage',
    {
      config: policy('update', PROBLEM),
      schema: {
        tags,
        summary: 'Move on to the next stage (closing happens only through an assessment)',
        params: S.IdParams,
        body: S.StageBody,
        response: { 200: S.ProblemOut, ...S.errors },
      },
    },
    async (req) => problems.advance(req.actor, { id: req.params.id, to: req.body.to }),
  );
  app.post(
    '/api/v1/problems/:id/reports',
    {
      config: policy('update', PROBLEM),
      schema: {
        tags,
        summary: 'Link reports to the problem',
        params: S.IdParams,
        body: S.ReportsBody,
        response: { 200: S.LinkedOut, ...S.errors },
      },
    },
    async (req) =>
      problems.linkReports(req.actor, {
        id: req.params.id,
        reportIds: req.body.reportIds,
      }),
  );
  app.delete(
    '/api/v1/problems/:id/reports/:reportId',
    {
      config: policy('update', PROBLEM),
      schema: { tags, params: S.ReportParams, response: { 200: S.OkOut, ...S.errors } },
    },
    async (req) => {
      const p = req.params;
      await problems.unlinkReport(req.actor, { id: p.id, reportId: p.reportId });
      return { ok: true };
    },
  );
  app.post(
    '/api/v1/problems/:id/partners',
    {
      config: policy('update', PROBLEM),
      schema: {
        tags,
        summary: 'Add a partner organisation (or record that it raised the problem)',
        params: S.IdParams,
        body: S.PartnerBody,
        response: { 200: S.OkOut, ...S.errors },
      },
    },
    async (req) => {
      const b = req.body;
      await problems.addPartner(req.actor, { id: req.params.id, ...b });
      return { ok: true };
    },
  );
  app.post(
    '/api/v1/problems/:id/measures',
    {
      config: policy('update', PROBLEM),
      schema: {
        tags,
        summary: 'Record a baseline or after-measure computed from the platform (reports per week)',
        params: S.IdParams,
        body: S.MeasureBody,
        response: { 201: S.MeasureOut, ...S.errors },
      },
    },
    async (req, reply) =>
      reply.code(201).send(
        await problems.recordMeasure(req.actor, {
          id: req.params.id,
          ...req.body,
        }),
      ),
  );
  app.post(
    '/api/v1/problems/:id/actions',
    {
      config: policy('update', PROBLEM),
      schema: {
        tags,
        summary: 'Add a response action',
        params: S.IdParams,
        body: S.ActionBody,
        response: { 201: S.ActionOut, ...S.errors },
      },
    },
    async (req, reply) =>
      reply.code(201).send(
        await problems.addAction(req.actor, {
          problemId: req.params.id,
          ...req.body,
        }),
      ),
  );
  app.patch(
    '/api/v1/problems/actions/:id',
    {
      config: policy('update', PROBLEM),
      schema: {
        tags,
        summary: 'Update an action (status, progress, deadline, plan task)',
        params: S.IdParams,
        body: S.ActionUpdateBody,
        response: { 200: S.ActionOut, ...S.errors },
      },
    },
    async (req) => problems.updateAction(req.actor, { actionId: req.params.id, ...req.body }),
  );
  app.post(
    '/api/v1/problems/actions/:id/rights-check',
    {
      config: policy('rights_check', PROBLEM),
      schema: {
        tags,
        summary: 'Record the rights check of a police coercive action',
        params: S.IdParams,
        body: S.RightsCheckBody,
        response: { 201: S.ActionOut, ...S.errors },
      },
    },
    async (req, reply) =>
      reply.code(201).send(
        await problems.recordRightsCheck(req.actor, {
          actionId: req.params.id,
          ...req.body,
        }),
      ),
  );
  app.post(
    '/api/v1/problems/:id/assessments',
    {
      config: policy('assess', PROBLEM),
      schema: {
        tags,
        summary: 'Record an assessment and its decision: close, adjust or re-analyse',
        params: S.IdParams,
        body: S.AssessmentBody,
        response: { 201: S.AssessmentOut, ...S.errors },
      },
    },
    async (req, reply) =>
      reply.code(201).send(
        await problems.assess(req.actor, {
          id: req.params.id,
          ...req.body,
        }),
      ),
  );
  app.put(
    '/api/v1/problems/:id/publication',
    {
      config: policy('publish', PROBLEM),
      schema: {
        tags,
        summary: 'Publish (or withdraw) the public summary',
        params: S.IdParams,
        body: S.PublicationBody,
        response: { 200: S.ProblemOut, ...S.errors },
      },
    },
    async (req) =>
      problems.setPublication(req.actor, {
        id: req.params.id,
        ...req.body,
      }),
  );

  // Public summaries: only what the team chose to publish.
  app.get(
    '/api/v1/problems/public',
    {
      config: PUBLIC,
      schema: {
        tags,
        summary: 'Published problem summaries',
        response: { 200: S.PublicListOut, ...S.errors },
      },
    },
    async (req) => ({ items: await problems.publicList(req.actor) }),
  );
  app.get(
    '/api/v1/problems/public/:id',
    {
      config: PUBLIC,
      schema: { tags, params: S.IdParams, response: { 200: S.PublicOut, ...S.errors } },
    },
    async (req) => problems.publicGet(req.actor, { id: req.params.id }),
  );
};
