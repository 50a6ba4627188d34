/** The staff hotspot page; its settings live in the URL. */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { policy } from '../../plugins/access.ts';
import { AppError } from '../../shared/errors.ts';
import { requireSignedInPage } from '../accounts/auth.routes.ts';
import type { FieldErrors } from '../../views/form.tsx';
import { HOTSPOT } from './insight.policy.ts';
import { HotspotsPage } from './views/hotspots-page.tsx';

const HotspotQuery = Type.Object(
  {
    area: Type.Optional(Type.String({ maxLength: 80 })),
    cell: Type.Optional(Type.String({ pattern: '^\\d{0,6}$' })),
    period: Type.Optional(Type.String({ maxLength: 10 })),
  },
  { additionalProperties: false },
);
const FIELD_MESSAGES: Record<string, string> = {
  area: 'insight.hotspots.errors.area',
  cell: 'insight.hotspots.errors.cell',
  period: 'insight.hotspots.errors.period',
};

export async function insightHotspotRoutes(app: FastifyInstance, opts: { ctx: AppContext }) {
  const { services } = opts.ctx;
  app.addHook('preHandler', requireSignedInPage);
  app.get(
    '/staff/insight/hotspots',
    { config: policy('view', HOTSPOT), schema: { hide: true, querystring: HotspotQuery } },
    async (req, reply) => {
      const q = req.query as Static<typeof HotspotQuery>;
      const errors: FieldErrors = {};
      let v;
      try {
        v = await services.insightHotspots.view(req.actor, req.locale, q);
      } catch (err) {
        if (!(err instanceof AppError) || err.code !== 'invalid') throw err;
        const field = err.field ?? 'cell';
        errors[field] = req.t(FIELD_MESSAGES[field] ?? 'insight.hotspots.errors.cell');
        reply.code(400);
        v = await services.insightHotspots.view(
          req.actor,
          req.locale,
          field === 'area' ? {} : { area: q.area },
        );
      }
      return reply.page(HotspotsPage({ t: req.t, v, errors }), { title: req.t('insight.hotspots.title') });
    },
  );
}
