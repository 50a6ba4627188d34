/**
 * JSON API of area alerts for staff: publish (to areas in one's jurisdiction, or a forum's area for
 * its secretary), preview who gets which language, and the delivery figures of an alert.
 */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { policy } from '../../plugins/access.ts';
import { ALERT } from './alerts.policy.ts';
import * as S from './alerts.schemas.ts';

export async function alertsApiRoutes(app: FastifyInstance, opts: { ctx: AppContext }) {
  const { alerts } = opts.ctx.services;
  const tags = ['alerts'];

  app.post(
    '/api/v1/alerts',
    {
      config: policy('publish', ALERT),
      schema: {
        tags,
        summary: 'Publish an alert to areas (sent at once, or at a wall time in TIME_ZONE)',
        body: S.PublishBody,
        response: { 201: S.Published, ...S.errors },
      },
    },
    async (req, reply) => reply.code(201).send(await alerts.publish(req.actor, req.body as S.PublishBody)),
  );

  app.post(
    '/api/v1/alerts/preview',
    {
      config: policy('publish', ALERT),
      schema: {
        tags,
        summary: 'Before publishing: missing languages and which subscribers would get which language',
        body: S.PreviewBody,
        response: { 200: S.PreviewOut, ...S.errors },
      },
    },
    async (req) => alerts.preview(req.actor, req.body as S.PublishBody),
  );

  app.get(
    '/api/v1/alerts/:id/stats',
    {
      config: policy('read', ALERT),
      schema: {
        tags,
        summary: 'Delivery figures of an alert',
        params: S.IdParams,
        response: { 200: S.StatsOut, ...S.errors },
      },
    },
    async (req) => alerts.stats(req.actor, (req.params as { id: string }).id),
  );
}
