/** JSON API under /api/v1 (tag `geo`) and the admin pages under /admin/areas. */
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RoutePlugin } from '../../plugins/typed-routes.ts';
import { PUBLIC, policy } from '../../plugins/access.ts';
import { UnauthenticatedError, ValidationError } from '../../shared/errors.ts';
import { AREA } from './geo.policy.ts';
import { areaName, parseNames, presentArea } from './geo.presenter.ts';
import {
  AreaDetailResponse,
  AreaListQuery,
  AreaListResponse,
  AreaSchema,
  BoundaryBody,
  BoundaryForm,
  CodeParams,
  CreateBody,
  HistoryResponse,
  IdParams,
  LookupQuery,
  LookupResponse,
  MergeBody,
  RenameBody,
  RenameForm,
} from './geo.schemas.ts';
import { AreaDetailPage, type DetailForms } from './views/area-detail-page.tsx';
import { AreaTreePage } from './views/area-tree-page.tsx';

const TAGS = ['geo'];
const DoneQuery = Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })) });
const ErrorOut = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String(), field: Type.Optional(Type.String()) }),
});
const errors = { 400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 409: ErrorOut };

/** Changes need a signed-in caller: say so before the body is even validated. */
async function requireSignIn(req: FastifyRequest): Promise<void> {
  if (req.actor.kind === 'anonymous') throw new UnauthenticatedError();
}

export const geoRoutes: RoutePlugin = async (app, opts) => {
  const geo = opts.ctx.services.geo;

  app.get(
    '/api/v1/areas',
    {
      config: policy('read', AREA),
      schema: {
        tags: TAGS,
        summary: 'List areas valid at a date (default now), filtered and paginated by code',
        querystring: AreaListQuery,
        response: { 200: AreaListResponse, ...errors },
      },
    },
    async (req) => {
      const r = await geo.list(req.actor, req.query);
      return { items: r.items.map(presentArea), nextCursor: r.nextCursor };
    },
  );

  app.get(
    '/api/v1/areas/:id',
    {
      config: policy('read', AREA),
      schema: {
        tags: TAGS,
        summary: 'One area version with its chain of parents',
        params: IdParams,
        response: { 200: AreaDetailResponse, ...errors },
      },
    },
    async (req) => {
      const r = await geo.get(req.actor, req.params);
      return { area: presentArea(r.area), chain: r.chain.map(presentArea) };
    },
  );

  app.get(
    '/api/v1/areas/:code/history',
    {
      config: policy('history', AREA),
      schema: {
        tags: TAGS,
        summary: 'Every version of an area, oldest first',
        params: CodeParams,
        response: { 200: HistoryResponse, ...errors },
      },
    },
    async (req) => {
      const { code } = req.params;
      const versions = await geo.history(req.actor, { code });
      return { code, versions: versions.map(presentArea) };
    },
  );

  app.get(
    '/api/v1/geo/lookup',
    {
      config: PUBLIC,
      schema: {
        tags: TAGS,
        summary: 'The most specific area covering a point (boundary, else nearest district centre)',
        querystring: LookupQuery,
        response: { 200: LookupResponse, ...errors },
      },
    },
    async (req) => {
      const r = await geo.lookupPoint(req.actor, req.query);
      return {
        area: presentArea(r.area),
        chain: r.chain.map(presentArea),
        match: r.match,
        distanceKm: r.distanceKm,
      };
    },
  );

  app.put(
    '/api/v1/areas/:id/boundary',
    {
      config: policy('manage', AREA),
      onRequest: requireSignIn,
      schema: {
        tags: TAGS,
        summary: 'Upload the boundary of the current version (GeoJSON Polygon or MultiPolygon)',
        params: IdParams,
        body: BoundaryBody,
        response: { 200: AreaSchema, ...errors },
      },
    },
    async (req) => {
      const { id } = req.params;
      const { geojson } = req.body;
      return presentArea(await geo.uploadBoundary(req.actor, { id, geojson }));
    },
  );

  app.post(
    '/api/v1/areas/:code/rename',
    {
      config: policy('manage', AREA),
      onRequest: requireSignIn,
      schema: {
        tags: TAGS,
        summary: 'Rename from an effective date (closes the current version, opens a new one)',
        params: CodeParams,
        body: RenameBody,
        response: { 201: AreaSchema, ...errors },
      },
    },
    async (req, reply) => {
      const { code } = req.params;
      const area = await geo.rename(req.actor, { code, ...req.body });
      return reply.code(201).send(presentArea(area));
    },
  );

  app.post(
    '/api/v1/areas/merge',
    {
      config: policy('manage', AREA),
      onRequest: requireSignIn,
      schema: {
        tags: TAGS,
        summary: 'Merge areas into another of the same kind from an effective date',
        body: MergeBody,
        response: { 200: AreaSchema, ...errors },
      },
    },
    async (req) => presentArea(await geo.merge(req.actor, req.body)),
  );

  app.post(
    '/api/v1/areas',
    {
      config: policy('manage', AREA),
      onRequest: requireSignIn,
      schema: {
        tags: TAGS,
        summary: 'Add a municipality or a beat',
        body: CreateBody,
        response: { 201: AreaSchema, ...errors },
      },
    },
    async (req, reply) => {
      const area = await geo.create(req.actor, req.body);
      return reply.code(201).send(presentArea(area));
    },
  );

  // ---- admin pages ----

  app.get('/admin/areas', { config: policy('history', AREA), schema: { hide: true } }, async (req, reply) => {
    const areas = await geo.tree(req.actor, {});
    return reply.page(AreaTreePage({ t: req.t, locale: req.locale, areas }), {
      title: req.t('geo.tree.title'),
      csrfToken: reply.generateCsrf(),
    });
  });

  const renderDetail = async (
    req: FastifyRequest,
    reply: FastifyReply,
    id: string,
    forms: DetailForms,
    status = 200,
  ) => {
    const d = await geo.detail(req.actor, { id });
    const title = areaName(parseNames(d.area.names), req.locale, d.area.code);
    return reply
      .code(status)
      .page(AreaDetailPage({ t: req.t, locale: req.locale, ...d, forms, csrf: reply.generateCsrf() }), {
        title,
        csrfToken: reply.generateCsrf(),
      });
  };

  app.get(
    '/admin/areas/:id',
    { config: policy('history', AREA), schema: { hide: true, params: IdParams, querystring: DoneQuery } },
    async (req, reply) => {
      const { id } = req.params;
      const { done } = req.query;
      return renderDetail(req, reply, id, {
        done: done === 'boundary' || done === 'rename' ? done : undefined,
      });
    },
  );

  app.post(
    '/admin/areas/:id/boundary',
    {
      config: policy('manage', AREA),
      onRequest: requireSignIn,
      schema: { hide: true, params: IdParams, body: BoundaryForm },
    },
    async (req, reply) => {
      const { id } = req.params;
      const { geojson } = req.body;
      try {
        await geo.uploadBoundary(req.actor, { id, geojson });
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        return renderDetail(req, reply, id, { boundary: { geojson, error: err.message } }, 400);
      }
      return reply.redirect(`/admin/areas/${id}?done=boundary`, 303);
    },
  );

  app.post(
    '/admin/areas/:id/rename',
    {
      config: policy('manage', AREA),
      onRequest: requireSignIn,
      schema: { hide: true, params: IdParams, body: RenameForm },
    },
    async (req, reply) => {
      const { id } = req.params;
      const form = req.body;
      const { area } = await geo.get(req.actor, { id });
      try {
        const next = await geo.rename(req.actor, {
          code: area.code,
          names: { en: form.name_en, ru: form.name_ru, ky: form.name_ky },
          effectiveFrom: form.effective_from.trim() || undefined,
        });
        return reply.redirect(`/admin/areas/${next.id}?done=rename`, 303);
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        const field = err.field === 'effectiveFrom' ? 'effective_from' : 'name_en';
        return renderDetail(req, reply, id, { rename: { values: form, field, error: err.message } }, 400);
      }
    },
  );
};
