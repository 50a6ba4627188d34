/** JSON API of survey results: aggregates only, small cells suppressed, the same policy as the pages. */
import type { RoutePlugin } from '../../plugins/typed-routes.ts';
import { policy } from '../../plugins/access.ts';
import { SURVEY } from './surveys.policy.ts';
import { presentResults } from './surveys.presenter.ts';
import * as S from './surveys.schemas.ts';

export const surveysApiRoutes: RoutePlugin = async (app, opts) => {
  const { surveys } = opts.ctx.services;
  app.get(
    '/api/v1/surveys/:id/results',
    {
      config: policy('results', SURVEY),
      schema: {
        tags: ['surveys'],
        summary: 'Aggregate results of a survey by question, wave and area (small cells suppressed)',
        params: S.IdParams,
        response: { 200: S.ResultsOut, ...S.errors },
      },
    },
    async (req) => presentResults(await surveys.results(req.actor, { id: req.params.id })),
  );
};
