/** JSON API for prevention referrals: the same services and policies as the pages. */
import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { policy } from '../../plugins/access.ts';
import { REFERRAL, REFERRAL_ACTION, REFERRAL_PANEL, REFERRAL_STATS } from './referrals.policy.ts';
import * as S from './referrals.schemas.ts';

type Id = { id: string };
const ok = { ok: true as const };

export async function referralsApiRoutes(app: FastifyInstance, opts: { ctx: AppContext }) {
  const { referrals } = opts.ctx.services;
  const tags = ['referrals'];
  const idOf = (params: unknown) => (params as Id).id;
  const post = <B>(
    url: string,
    action: string,
    subject: string,
    body: import('@sinclair/typebox').TSchema,
    out: import('@sinclair/typebox').TSchema,
    summary: string,
    run: (actor: import('../../shared/policy.ts').Actor, id: string, body: B) => Promise<unknown>,
  ) =>
    app.post(
      url,
      {
        config: policy(action, subject),
        schema: { tags, summary, params: S.IdParams, body, response: { 200: out, ...S.errors } },
      },
      async (req) => run(req.actor, idOf(req.params), req.body as B),
    );

  app.get(
    '/api/v1/referrals',
    {
      config: policy('list', REFERRAL),
      schema: {
        tags,
        summary: 'Referrals of the panels the caller sits on (no sensitive field; the read is audited)',
        querystring: S.ListQuery,
        response: { 200: S.ListOut, ...S.errors },
      },
    },
    async (req) => ({ items: await referrals.list(req.actor, req.query as { status?: string }) }),
  );
  app.post(
    '/api/v1/referrals',
    {
      config: policy('open', REFERRAL),
      schema: {
        tags,
        summary:
          'Open a referral from a prevention-desk report, a forum or a partner: observable behaviour only',
        body: S.OpenBody,
        response: { 201: S.OpenOut, ...S.errors },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await referrals.open(req.actor, req.body as Static<typeof S.OpenBody>)),
  );
  app.post(
    '/api/v1/referrals/check',
    {
      config: policy('list', REFERRAL),
      schema: {
        tags,
        summary: 'The behaviour-not-belief checker: words that describe religion, ethnicity or opinions',
        body: S.CheckBody,
        response: { 200: S.CheckOut, ...S.errors },
      },
    },
    async (req) => ({ warnings: referrals.check((req.body as { text: string }).text) }),
  );
  app.get(
    '/api/v1/referrals/:id',
    {
      config: policy('read', REFERRAL),
      schema: { tags, params: S.IdParams, response: { 200: S.DetailOut, ...S.errors } },
    },
    async (req) => referrals.get(req.actor, { id: idOf(req.params) }),
  );
  post<Static<typeof S.ConsentBody>>(
    '/api/v1/referrals/:id/consent',
    'work',
    REFERRAL,
    S.ConsentBody,
    S.Ok,
    'Record consent (before anything is shared): who, when, how, what for, with which agencies',
    async (a, id, b) => (await referrals.recordConsent(a, id, b), ok),
  );
  post<Static<typeof S.WithdrawBody>>(
    '/api/v1/referrals/:id/consent/withdraw',
    'work',
    REFERRAL,
    S.WithdrawBody,
    S.WithdrawOut,
    'Withdraw consent: sharing stops; the referral closes unless a legal duty is recorded by a named role',
    (a, id, b) => referrals.withdrawConsent(a, id, b),
  );
  post<Static<typeof S.ChecklistBody>>(
    '/api/v1/referrals/:id/checklist',
    'work',
    REFERRAL,
    S.ChecklistBody,
    S.Ok,
    "The reviewer's checklist against stigmatisation (every item), before the panel decides",
    async (a, id, b) => (await referrals.recordChecklist(a, id, b), ok),
  );
  post<Static<typeof S.DecisionBody>>(
    '/api/v1/referrals/:id/decision',
    'work',
    REFERRAL,
    S.DecisionBody,
    S.Ok,
    "The panel's decision with its rationale",
    async (a, id, b) => (await referrals.decide(a, id, b), ok),
  );
  post<Static<typeof S.ActionBody>>(
    '/api/v1/referrals/:id/actions',
    'work',
    REFERRAL,
    S.ActionBody,
    S.IdOut,
    'Add a support action owned by a partner organisation the person agreed to share with',
    (a, id, b) => referrals.addAction(a, id, b),
  );
  post<Static<typeof S.ReviewBody>>(
    '/api/v1/referrals/:id/reviews',
    'work',
    REFERRAL,
    S.ReviewBody,
    S.Ok,
    'Record a review of the support plan',
    async (a, id, b) => (await referrals.addReview(a, id, b), ok),
  );
  post<Static<typeof S.CloseBody>>(
    '/api/v1/referrals/:id/close',
    'work',
    REFERRAL,
    S.CloseBody,
    S.Ok,
    'Close the support plan with its outcome; action owners lose access',
    async (a, id, b) => (await referrals.close(a, id, b), ok),
  );

  app.get(
    '/api/v1/referral-actions',
    {
      config: policy('list', REFERRAL_ACTION),
      schema: {
        tags,
        summary: "The support actions the caller's organisation owns (each only its own action)",
        response: { 200: S.OwnedActionsOut, ...S.errors },
      },
    },
    async (req) => ({ items: await referrals.myActions(req.actor) }),
  );
  app.get(
    '/api/v1/referral-actions/:id',
    {
      config: policy('read', REFERRAL_ACTION),
      schema: { tags, params: S.IdParams, response: { 200: S.OwnedActionOut, ...S.errors } },
    },
    async (req) => referrals.getAction(req.actor, { id: idOf(req.params) }),
  );
  post<Static<typeof S.ActionUpdateBody>>(
    '/api/v1/referral-actions/:id',
    'update',
    REFERRAL_ACTION,
    S.ActionUpdateBody,
    S.Ok,
    "Report progress on one's own support action",
    async (a, id, b) => (await referrals.updateAction(a, id, b), ok),
  );

  app.get(
    '/api/v1/referral-panels/:areaCode',
    {
      config: policy('manage', REFERRAL_PANEL),
      schema: { tags, params: S.AreaParams, response: { 200: S.PanelOut, ...S.errors } },
    },
    async (req) => ({ items: await referrals.listPanel(req.actor, req.params as { areaCode: string }) }),
  );
  app.post(
    '/api/v1/referral-panels/:areaCode/members',
    {
      config: policy('manage', REFERRAL_PANEL),
      schema: {
        tags,
        summary: "Add a person to the area's multi-agency panel",
        params: S.AreaParams,
        body: S.PanelMemberBody,
        response: { 200: S.Ok, ...S.errors },
      },
    },
    async (req) => {
      const { areaCode } = req.params as { areaCode: string };
      await referrals.addPanelMember(req.actor, {
        areaCode,
        personId: (req.body as { personId: string }).personId,
      });
      return ok;
    },
  );
  app.delete(
    '/api/v1/referral-panels/:areaCode/members/:personId',
    {
      config: policy('manage', REFERRAL_PANEL),
      schema: { tags, params: S.MemberParams, response: { 200: S.Ok, ...S.errors } },
    },
    async (req) => {
      await referrals.removePanelMember(req.actor, req.params as { areaCode: string; personId: string });
      return ok;
    },
  );

  app.get(
    '/api/v1/referral-stats',
    {
      config: policy('read', REFERRAL_STATS),
      schema: {
        tags,
        summary:
          'Closed referrals by area and outcome with totals; small and derivable counts suppressed (null)',
        response: { 200: S.StatsOut, ...S.errors },
      },
    },
    async (req) => referrals.stats(req.actor),
  );
}
