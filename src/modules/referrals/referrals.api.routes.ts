/** JSON API for prevention referrals: the same services and policies as the pages. */
import type { TSchema } from '@sinclair/typebox';
import type { RoutePlugin } from '../../plugins/typed-routes.ts';
import { policy } from '../../plugins/access.ts';
import { REFERRAL, REFERRAL_ACTION, REFERRAL_PANEL, REFERRAL_STATS } from './referrals.policy.ts';
import * as S from './referrals.schemas.ts';

const ok = { ok: true as const };

export const referralsApiRoutes: RoutePlugin = async (app, opts) => {
  const { referrals } = opts.ctx.services;
  const tags = ['referrals'];
  const work = policy('work', REFERRAL);
  const withId = <B extends TSchema, O extends TSchema>(summary: string, body: B, out: O) => ({
    config: work,
    schema: { tags, summary, params: S.IdParams, body, response: { 200: out, ...S.errors } },
  });

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
    async (req) => ({ items: await referrals.list(req.actor, req.query) }),
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
    async (req, reply) => reply.code(201).send(await referrals.open(req.actor, req.body)),
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
    async (req) => ({ warnings: referrals.check(req.body.text) }),
  );
  app.get(
    '/api/v1/referrals/:id',
    {
      config: policy('read', REFERRAL),
      schema: { tags, params: S.IdParams, response: { 200: S.DetailOut, ...S.errors } },
    },
    async (req) => referrals.get(req.actor, { id: req.params.id }),
  );
  app.post(
    '/api/v1/referrals/:id/consent',
    withId(
      'Record consent (before anything is shared): who, when, how, what for, with which agencies',
      S.ConsentBody,
      S.Ok,
    ),
    async (req) => (await referrals.recordConsent(req.actor, req.params.id, req.body), ok),
  );
  app.post(
    '/api/v1/referrals/:id/consent/withdraw',
    withId(
      'Withdraw consent: sharing stops; the referral closes unless a legal duty is recorded by a named role',
      S.WithdrawBody,
      S.WithdrawOut,
    ),
    (req) => referrals.withdrawConsent(req.actor, req.params.id, req.body),
  );
  app.post(
    '/api/v1/referrals/:id/checklist',
    withId(
      "The reviewer's checklist against stigmatisation (every item), before the panel decides",
      S.ChecklistBody,
      S.Ok,
    ),
    async (req) => (await referrals.recordChecklist(req.actor, req.params.id, req.body), ok),
  );
  app.post(
    '/api/v1/referrals/:id/decision',
    withId("The panel's decision with its rationale", S.DecisionBody, S.Ok),
    async (req) => (await referrals.decide(req.actor, req.params.id, req.body), ok),
  );
  app.post(
    '/api/v1/referrals/:id/actions',
    withId(
      'Add a support action owned by a partner organisation the person agreed to share with',
      S.ActionBody,
      S.IdOut,
    ),
    (req) => referrals.addAction(req.actor, req.params.id, req.body),
  );
  app.post(
    '/api/v1/referrals/:id/reviews',
    withId('Record a review of the support plan', S.ReviewBody, S.Ok),
    async (req) => (await referrals.addReview(req.actor, req.params.id, req.body), ok),
  );
  app.post(
    '/api/v1/referrals/:id/close',
    withId('Close the support plan with its outcome; action owners lose access', S.CloseBody, S.Ok),
    async (req) => (await referrals.close(req.actor, req.params.id, req.body), ok),
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
    async (req) => referrals.getAction(req.actor, { id: req.params.id }),
  );
  app.post(
    '/api/v1/referral-actions/:id',
    {
      config: policy('update', REFERRAL_ACTION),
      schema: {
        tags,
        summary: "Report progress on one's own support action",
        params: S.IdParams,
        body: S.ActionUpdateBody,
        response: { 200: S.Ok, ...S.errors },
      },
    },
    async (req) => (await referrals.updateAction(req.actor, req.params.id, req.body), ok),
  );

  app.get(
    '/api/v1/referral-panels/:areaCode',
    {
      config: policy('manage', REFERRAL_PANEL),
      schema: { tags, params: S.AreaParams, response: { 200: S.PanelOut, ...S.errors } },
    },
    async (req) => ({ items: await referrals.listPanel(req.actor, req.params) }),
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
      const { areaCode } = req.params;
      await referrals.addPanelMember(req.actor, {
        areaCode,
        personId: req.body.personId,
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
      await referrals.removePanelMember(req.actor, req.params);
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
};
