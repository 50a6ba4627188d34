/** The role dashboard page. Filters live in the URL so a view can be bookmarked and shared. */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { policy } from '../../plugins/access.ts';
import { AppError } from '../../shared/errors.ts';
import { timeFormat } from '../../shared/time-format.ts';
import { requireSignedInPage } from '../accounts/auth.routes.ts';
import type { FieldErrors } from '../../views/form.tsx';
import { DASHBOARD } from './insight.policy.ts';
import { DashboardPage } from './views/dashboard-page.tsx';

const text = (max: number) => Type.Optional(Type.String({ maxLength: max }));
const DashboardQuery = Type.Object(
  { role: text(40), period: text(10), area: text(80), category: text(60), channel: text(20) },
  { additionalProperties: false },
);

/** Service field → message key. */
const FIELD_MESSAGES: Record<string, string> = {
  role: 'insight.dashboard.errors.role',
  period: 'insight.dashboard.errors.period',
  area: 'insight.dashboard.errors.area',
  category: 'insight.dashboard.errors.category',
  channel: 'insight.dashboard.errors.channel',
};

export async function insightDashboardRoutes(app: FastifyInstance, opts: { ctx: AppContext }) {
  const { services, config } = opts.ctx;
  app.addHook('preHandler', requireSignedInPage);

  app.get(
    '/staff/insight',
    { config: policy('view', DASHBOARD), schema: { hide: true, querystring: DashboardQuery } },
    async (req, reply) => {
      const q = req.query as Static<typeof DashboardQuery>;
      const errors: FieldErrors = {};
      let d;
      try {
        d = await services.insightDashboards.view(req.actor, req.locale, q);
      } catch (err) {
        if (!(err instanceof AppError) || err.code !== 'invalid') throw err;
        const field = err.field ?? 'period';
        errors[field] = req.t(FIELD_MESSAGES[field] ?? 'insight.dashboard.errors.period');
        reply.code(400);
        d = await services.insightDashboards.view(req.actor, req.locale, {
          role: field === 'role' ? undefined : q.role,
        });
      }
      return reply.page(
        DashboardPage({
          t: req.t,
          locale: req.locale,
          time: timeFormat(req.locale, config.timeZone),
          d,
          errors,
        }),
        { title: req.t('insight.dashboard.pageTitle') },
      );
    },
  );
}
