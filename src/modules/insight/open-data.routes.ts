/**
 * Open data, public: the page, the CSV files, the DCAT description and the JSON API. Anyone may read
 * and reuse it (CC BY 4.0), so cross-origin reads are allowed; nothing here is personal.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppContext } from '../../context.ts';
import { PUBLIC } from '../../plugins/access.ts';
import { timeFormat } from '../../shared/time-format.ts';
import { dcat, LICENSE_URL, openDataCsv, openDataRows, responseTimesCsv } from './open-data.presenter.ts';
import { OpenDataPage } from './views/open-data-page.tsx';

const Nullable = (s: ReturnType<typeof Type.Integer> | ReturnType<typeof Type.Number>) =>
  Type.Union([s, Type.Null()]);
export const OpenDataResponse = Type.Object(
  {
    license: Type.String(),
    firstMonth: Type.String(),
    lastMonth: Type.String(),
    generatedAt: Type.String(),
    smallCellMinimum: Type.Integer(),
    areas: Type.Array(Type.Object({ code: Type.String(), names: Type.Record(Type.String(), Type.String()) })),
    counts: Type.Array(
      Type.Object({
        month: Type.String(),
        area_code: Type.String(),
        category_group: Type.String(),
        status: Type.String(),
        reports: Nullable(Type.Integer()),
      }),
    ),
    responseTimes: Type.Array(
      Type.Object({
        areaCode: Type.String(),
        medianHoursToAcknowledge: Nullable(Type.Number()),
        medianDaysToResolve: Nullable(Type.Number()),
      }),
    ),
  },
  { additionalProperties: false },
);

const open = (reply: FastifyReply) =>
  reply.header('access-control-allow-origin', '*').header('cache-control', 'public, max-age=600');

export async function openDataRoutes(app: FastifyInstance, opts: { ctx: AppContext }) {
  const { services, config } = opts.ctx;
  const data = services.insightOpenData;

  app.get('/open-data', { config: PUBLIC, schema: { hide: true } }, async (req, reply) => {
    const d = await data.dataset(req.actor);
    return reply.page(
      OpenDataPage({ t: req.t, locale: req.locale, time: timeFormat(req.locale, config.timeZone), d }),
      {
        title: req.t('opendata.title'),
      },
    );
  });

  app.get('/open-data/reports.csv', { config: PUBLIC, schema: { hide: true } }, async (req, reply) => {
    const d = await data.dataset(req.actor);
    return open(reply)
      .header('content-disposition', 'attachment; filename="ishenim-open-data-reports.csv"')
      .type('text/csv; charset=utf-8')
      .send(openDataCsv(d));
  });

  app.get('/open-data/response-times.csv', { config: PUBLIC, schema: { hide: true } }, async (req, reply) => {
    const d = await data.dataset(req.actor);
    return open(reply)
      .header('content-disposition', 'attachment; filename="ishenim-open-data-response-times.csv"')
      .type('text/csv; charset=utf-8')
      .send(responseTimesCsv(d));
  });

  app.get('/open-data/dataset.jsonld', { config: PUBLIC, schema: { hide: true } }, async (req, reply) => {
    const d = await data.dataset(req.actor);
    const en = (key: string) => opts.ctx.i18n.t('en', key);
    return open(reply)
      .type('application/ld+json; charset=utf-8')
      .send(JSON.stringify(dcat(d, config, en('opendata.title'), en('opendata.intro'))));
  });

  app.get(
    '/api/v1/open-data/reports',
    {
      config: PUBLIC,
      schema: {
        tags: ['open data'],
        summary:
          'Aggregate counts of reports by month, district, category group and status, and median response times',
        response: { 200: OpenDataResponse },
      },
    },
    async (req, reply) => {
      const d = await data.dataset(req.actor);
      return open(reply).send({
        license: LICENSE_URL,
        firstMonth: d.firstMonth,
        lastMonth: d.lastMonth,
        generatedAt: d.generatedAt,
        smallCellMinimum: d.minimum,
        areas: d.areas,
        counts: openDataRows(d),
        responseTimes: d.responseTimes,
      });
    },
  );
}
