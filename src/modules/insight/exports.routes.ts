/**
 * Export pages and downloads. Routes parse and render; ExportsService and the lists' own services
 * decide. Filters arrive exactly as the list page puts them in its URL.
 */
import { PassThrough } from 'node:stream';
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { policy } from '../../plugins/access.ts';
import { ID_PATTERN } from '../../shared/ids.ts';
import { nowIso } from '../../shared/time.ts';
import { timeFormat } from '../../shared/time-format.ts';
import { requireSignedInPage } from '../accounts/auth.routes.ts';
import { CONTENT_TYPES, EXPORT_FORMATS, type ExportFormat } from './export-formats.presenter.ts';
import {
  cleanFilters,
  EXPORT_LISTS,
  exportFileName,
  type ExportList,
  type ListFilters,
} from './exports.service.ts';
import { INSIGHT_EXPORT } from './insight.policy.ts';
import { ExportListPage, ExportNewPage, ExportShowPage, LIST_KEYS } from './views/export-pages.tsx';

const strict = { additionalProperties: false } as const;
const text = (max: number) => Type.Optional(Type.String({ maxLength: max }));
const oneOf = (values: readonly string[]) => Type.Optional(Type.Union(values.map((v) => Type.Literal(v))));
const FilterFields = {
  // the reports queue's (staff.routes.ts QueueQuery)
  status: text(40),
  category: text(60),
  area: text(80),
  privacy: text(20),
  older_than_days: Type.Optional(Type.String({ pattern: '^\\d{0,4}$' })),
  assigned: oneOf(['', 'me', 'none', 'any']),
  held: oneOf(['', '1']),
  sort: oneOf(['', 'newest', 'oldest', 'updated']),
  // the problems list's
  clusteringType: text(40),
  q: text(200),
};
const ListField = Type.Union(EXPORT_LISTS.map((l) => Type.Literal(l)));
const FormatField = Type.Union(EXPORT_FORMATS.map((f) => Type.Literal(f)));
const NewQuery = Type.Object({ list: ListField, ...FilterFields }, strict);
const DownloadQuery = Type.Object({ list: ListField, format: FormatField, ...FilterFields }, strict);
const RequestBody = Type.Object(
  { _csrf: text(200), list: ListField, format: FormatField, ...FilterFields },
  strict,
);
const IdParams = Type.Object({ id: Type.String({ pattern: ID_PATTERN }) }, strict);

function filtersOf(list: ExportList, q: Record<string, unknown>): ListFilters {
  const raw: Record<string, string> = {};
  for (const k of Object.keys(FilterFields)) if (typeof q[k] === 'string') raw[k] = q[k] as string;
  return cleanFilters(list, raw);
}

export async function insightExportsRoutes(app: FastifyInstance, opts: { ctx: AppContext }) {
  const { services, config } = opts.ctx;
  const exports = services.insightExports;
  app.addHook('preHandler', requireSignedInPage);
  const access = policy('export', INSIGHT_EXPORT);

  app.get('/staff/exports', { config: access, schema: { hide: true } }, async (req, reply) => {
    const items = await exports.listMine(req.actor);
    return reply.page(
      ExportListPage({ t: req.t, time: timeFormat(req.locale, config.timeZone), items, now: nowIso() }),
      { title: req.t('insight.exports.mine.title') },
    );
  });

  app.get(
    '/staff/exports/new',
    { config: access, schema: { hide: true, querystring: NewQuery } },
    async (req, reply) => {
      const q = req.query as Static<typeof NewQuery>;
      const filters = filtersOf(q.list, q);
      const est = await exports.estimate(req.actor, {
        list: q.list,
        format: 'csv',
        filters,
        locale: req.locale,
      });
      const csrf = reply.generateCsrf();
      return reply.page(ExportNewPage({ t: req.t, csrf, list: q.list, filters, ...est }), {
        title: req.t('insight.exports.new.title', { list: req.t(LIST_KEYS[q.list]) }),
        csrfToken: csrf,
      });
    },
  );

  app.get(
    '/staff/exports/download',
    { config: access, schema: { hide: true, querystring: DownloadQuery } },
    async (req, reply) => {
      const q = req.query as Static<typeof DownloadQuery>;
      const format = q.format as ExportFormat;
      const started = await exports.startNow(req.actor, {
        list: q.list,
        format,
        filters: filtersOf(q.list, q),
        locale: req.locale,
      });
      const body = new PassThrough();
      started.write(body).catch((err: unknown) => {
        req.log.error({ err: (err as Error)?.message }, 'export stream failed');
        body.destroy(err as Error);
      });
      return reply
        .header('cache-control', 'no-store')
        .header('content-disposition', `attachment; filename="${exportFileName(q.list, format, nowIso())}"`)
        .type(CONTENT_TYPES[format])
        .send(body);
    },
  );

  app.post(
    '/staff/exports',
    { config: access, schema: { hide: true, body: RequestBody } },
    async (req, reply) => {
      const b = req.body as Static<typeof RequestBody>;
      const id = await exports.request(req.actor, {
        list: b.list,
        format: b.format as ExportFormat,
        filters: filtersOf(b.list, b),
        locale: req.locale,
      });
      return reply.redirect(`/staff/exports/${id}`, 303);
    },
  );

  app.get(
    '/staff/exports/:id',
    { config: access, schema: { hide: true, params: IdParams } },
    async (req, reply) => {
      const { id } = req.params as Static<typeof IdParams>;
      const e = await exports.get(req.actor, id);
      const expired = e.status === 'expired' || (!!e.expires_at && e.expires_at <= nowIso());
      return reply.page(
        ExportShowPage({ t: req.t, time: timeFormat(req.locale, config.timeZone), e, expired }),
        {
          title: req.t('insight.exports.show.title', { list: req.t(LIST_KEYS[e.list]) }),
        },
      );
    },
  );

  app.get(
    '/staff/exports/:id/file',
    { config: access, schema: { hide: true, params: IdParams } },
    async (req, reply) => {
      const { id } = req.params as Static<typeof IdParams>;
      const file = await exports.download(req.actor, id);
      return reply
        .header('cache-control', 'no-store')
        .header('content-disposition', `attachment; filename="${file.fileName}"`)
        .type(file.contentType)
        .send(file.stream);
    },
  );
}
