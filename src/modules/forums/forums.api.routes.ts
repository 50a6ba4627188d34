/** JSON API for partnerships, forums, meetings and commitments: the same services and policies as the pages. */
import type { RoutePlugin } from '../../plugins/typed-routes.ts';
import { PUBLIC, SIGNED_IN, policy } from '../../plugins/access.ts';
import { COMMITMENT, FORUM, MEETING, PARTNERSHIP, RECEPTION, TRAINING } from './forums.policy.ts';
import * as S from './forums.schemas.ts';

export const forumsApiRoutes: RoutePlugin = async (app, opts) => {
  const { forums, partnerships, receptions, trainings, materials } = opts.ctx.services;
  const tags = ['forums'];
  const base = opts.ctx.config.publicUrl.replace(/\/$/, '');

  // Partnerships (commitment to non-violence and human rights, suspension, contacts)
  app.get(
    '/api/v1/organisations/:id/commitment',
    {
      config: policy('read', PARTNERSHIP),
      schema: { tags, params: S.IdParams, response: { 200: S.PartnershipOut, ...S.errors } },
    },
    async (req) => partnerships.get(req.actor, { organisationId: req.params.id }),
  );
  app.put(
    '/api/v1/organisations/:id/commitment',
    {
      config: policy('manage', PARTNERSHIP),
      schema: {
        tags,
        params: S.IdParams,
        body: S.CommitmentRecordBody,
        response: { 200: S.PartnershipOut, ...S.errors },
      },
    },
    async (req) =>
      partnerships.recordCommitment(req.actor, {
        organisationId: req.params.id,
        ...req.body,
      }),
  );
  app.put(
    '/api/v1/organisations/:id/partnership-status',
    {
      config: policy('manage', PARTNERSHIP),
      schema: {
        tags,
        params: S.IdParams,
        body: S.PartnershipStatusBody,
        response: { 200: S.PartnershipOut, ...S.errors },
      },
    },
    async (req) =>
      partnerships.setStatus(req.actor, {
        organisationId: req.params.id,
        ...req.body,
      }),
  );
  app.put(
    '/api/v1/organisations/:id/contact',
    {
      config: policy('manage', PARTNERSHIP),
      schema: {
        tags,
        params: S.IdParams,
        body: S.ContactBody,
        response: { 200: S.PartnershipOut, ...S.errors },
      },
    },
    async (req) => partnerships.setContact(req.actor, { organisationId: req.params.id, ...req.body }),
  );

  // Forums
  app.get(
    '/api/v1/forums',
    {
      config: policy('list', FORUM),
      schema: { tags, querystring: S.AreaQuery, response: { 200: S.ForumList, ...S.errors } },
    },
    async (req) => ({ items: await forums.listForums(req.actor, req.query) }),
  );
  app.post(
    '/api/v1/forums',
    {
      config: policy('create', FORUM),
      schema: { tags, body: S.ForumCreateBody, response: { 201: S.ForumOut, ...S.errors } },
    },
    async (req, reply) => reply.code(201).send(await forums.createForum(req.actor, req.body)),
  );
  app.get(
    '/api/v1/forums/:id',
    {
      config: policy('read', FORUM),
      schema: { tags, params: S.IdParams, response: { 200: S.ForumDetailOut, ...S.errors } },
    },
    async (req) => forums.getForum(req.actor, req.params),
  );
  app.post(
    '/api/v1/forums/:id/members',
    {
      config: policy('manage', FORUM),
      schema: { tags, params: S.IdParams, body: S.MemberBody, response: { 201: S.MemberOut, ...S.errors } },
    },
    async (req, reply) =>
      reply.code(201).send(
        await forums.addMember(req.actor, {
          forumId: req.params.id,
          ...req.body,
        }),
      ),
  );
  app.post(
    '/api/v1/forums/:id/meetings',
    {
      config: policy('manage', MEETING),
      schema: {
        tags,
        params: S.IdParams,
        body: S.MeetingCreateBody,
        response: { 201: S.MeetingSummaryOut, ...S.errors },
      },
    },
    async (req, reply) =>
      reply.code(201).send(
        await forums.scheduleMeeting(req.actor, {
          forumId: req.params.id,
          ...req.body,
        }),
      ),
  );
  app.get(
    '/api/v1/forums/:id/public-meetings',
    {
      config: PUBLIC,
      schema: { tags, params: S.IdParams, response: { 200: S.PublicMeetingList, ...S.errors } },
    },
    async (req) => ({ items: await forums.publicCalendar(req.actor, { forumId: req.params.id }) }),
  );

  // Meetings
  app.get(
    '/api/v1/meetings',
    {
      config: PUBLIC,
      schema: {
        tags,
        summary: 'Public meetings',
        querystring: S.AreaQuery,
        response: { 200: S.PublicMeetingList, ...S.errors },
      },
    },
    async (req) => ({ items: await forums.publicCalendar(req.actor, req.query) }),
  );
  app.get(
    '/api/v1/meetings/:id/summary',
    {
      config: PUBLIC,
      schema: { tags, params: S.IdParams, response: { 200: S.PublicMeetingOut, ...S.errors } },
    },
    async (req) => forums.publicMeeting(req.actor, req.params),
  );
  app.get(
    '/api/v1/meetings/:id',
    {
      config: policy('read', MEETING),
      schema: { tags, params: S.IdParams, response: { 200: S.MeetingDetailOut, ...S.errors } },
    },
    async (req) => forums.getMeeting(req.actor, req.params),
  );
  app.patch(
    '/api/v1/meetings/:id',
    {
      config: policy('manage', MEETING),
      schema: {
        tags,
        params: S.IdParams,
        body: S.MeetingUpdateBody,
        response: { 200: S.MeetingDetailOut, ...S.errors },
      },
    },
    async (req) => {
      const { id } = req.params;
      await forums.updateMeeting(req.actor, { meetingId: id, ...req.body });
      return forums.getMeeting(req.actor, { id });
    },
  );
  app.post(
    '/api/v1/meetings/:id/agenda',
    {
      config: policy('manage', MEETING),
      schema: {
        tags,
        params: S.IdParams,
        body: S.AgendaItemBody,
        response: { 201: S.AgendaItemOut, ...S.errors },
      },
    },
    async (req, reply) =>
      reply.code(201).send(
        await forums.addAgendaItem(req.actor, {
          meetingId: req.params.id,
          ...req.body,
        }),
      ),
  );
  app.put(
    '/api/v1/meetings/:id/attendance',
    {
      config: policy('manage', MEETING),
      schema: {
        tags,
        params: S.IdParams,
        body: S.AttendanceBody,
        response: { 200: S.MeetingDetailOut, ...S.errors },
      },
    },
    async (req) => {
      const { id } = req.params;
      await forums.recordAttendance(req.actor, {
        meetingId: id,
        ...req.body,
      });
      return forums.getMeeting(req.actor, { id });
    },
  );
  app.post(
    '/api/v1/meetings/:id/decisions',
    {
      config: policy('manage', MEETING),
      schema: {
        tags,
        params: S.IdParams,
        body: S.DecisionBody,
        response: { 201: S.DecisionOut, ...S.errors },
      },
    },
    async (req, reply) =>
      reply.code(201).send(
        await forums.addDecision(req.actor, {
          meetingId: req.params.id,
          ...req.body,
        }),
      ),
  );
  app.post(
    '/api/v1/meetings/:id/decisions/:decisionId/commitment',
    {
      config: policy('manage', MEETING),
      schema: {
        tags,
        params: S.MeetingDecisionParams,
        body: S.CommitBody,
        response: { 201: S.CommitmentOut, ...S.errors },
      },
    },
    async (req, reply) => {
      const p = req.params;
      return reply.code(201).send(
        await forums.commitDecision(req.actor, {
          meetingId: p.id,
          decisionId: p.decisionId,
          ...req.body,
        }),
      );
    },
  );

  // Commitments
  app.get(
    '/api/v1/commitments',
    {
      config: policy('list', COMMITMENT),
      schema: { tags, summary: 'My commitments', response: { 200: S.CommitmentList, ...S.errors } },
    },
    async (req) => ({ items: await forums.myCommitments(req.actor) }),
  );
  app.patch(
    '/api/v1/commitments/:id',
    {
      config: policy('update', COMMITMENT),
      schema: {
        tags,
        params: S.IdParams,
        body: S.CommitmentUpdateBody,
        response: { 200: S.CommitmentOut, ...S.errors },
      },
    },
    async (req) => forums.updateCommitment(req.actor, { id: req.params.id, ...req.body }),
  );

  // Mobile receptions
  app.get(
    '/api/v1/receptions',
    { config: policy('list', RECEPTION), schema: { tags, response: { 200: S.ReceptionList, ...S.errors } } },
    async (req) => ({ items: await receptions.list(req.actor) }),
  );
  app.get(
    '/api/v1/receptions/public',
    {
      config: PUBLIC,
      schema: {
        tags,
        summary: 'Public notices',
        querystring: S.AreaQuery,
        response: { 200: S.PublicReceptionList, ...S.errors },
      },
    },
    async (req) => ({ items: await receptions.publicNotices(req.actor, req.query) }),
  );
  app.post(
    '/api/v1/receptions',
    {
      config: policy('create', RECEPTION),
      schema: { tags, body: S.ReceptionCreateBody, response: { 201: S.ReceptionOut, ...S.errors } },
    },
    async (req, reply) => reply.code(201).send(await receptions.schedule(req.actor, req.body)),
  );
  app.get(
    '/api/v1/receptions/:id',
    {
      config: policy('read', RECEPTION),
      schema: { tags, params: S.IdParams, response: { 200: S.ReceptionDetailOut, ...S.errors } },
    },
    async (req) => receptions.get(req.actor, req.params),
  );
  app.put(
    '/api/v1/receptions/:id/visit',
    {
      config: policy('manage', RECEPTION),
      schema: {
        tags,
        params: S.IdParams,
        body: S.ReceptionLogBody,
        response: { 200: S.ReceptionOut, ...S.errors },
      },
    },
    async (req) =>
      receptions.logVisit(req.actor, {
        id: req.params.id,
        ...req.body,
      }),
  );
  app.post(
    '/api/v1/receptions/:id/concerns',
    {
      config: policy('manage', RECEPTION),
      schema: {
        tags,
        params: S.IdParams,
        body: S.ReceptionConcernBody,
        response: { 201: S.ConcernOut, ...S.errors },
      },
    },
    async (req, reply) =>
      reply.code(201).send(
        await receptions.addConcern(req.actor, {
          id: req.params.id,
          ...req.body,
        }),
      ),
  );

  // Public summary per language, invitations and answers, one meeting as an iCalendar file
  app.put(
    '/api/v1/meetings/:id/summaries/:locale',
    {
      config: policy('manage', MEETING),
      schema: {
        tags,
        summary: 'Set (or, with empty text, remove) the public summary in one language',
        params: S.SummaryParams,
        body: S.SummaryBody,
        response: { 200: S.Ok, ...S.errors },
      },
    },
    async (req) => {
      const p = req.params;
      await forums.setSummary(req.actor, {
        meetingId: p.id,
        locale: p.locale,
        text: req.body.text,
      });
      return { ok: true as const };
    },
  );
  app.put(
    '/api/v1/meetings/:id/invitations',
    {
      config: policy('manage', MEETING),
      schema: {
        tags,
        summary: 'Choose which members are invited',
        params: S.IdParams,
        body: S.InvitationsBody,
        response: { 200: S.Ok, ...S.errors },
      },
    },
    async (req) => {
      await forums.setInvitations(req.actor, {
        meetingId: req.params.id,
        memberIds: req.body.memberIds,
      });
      return { ok: true as const };
    },
  );
  app.put(
    '/api/v1/meetings/:id/rsvp',
    {
      config: policy('list', FORUM),
      schema: {
        tags,
        summary: 'Answer an invitation (yes, no, maybe)',
        params: S.IdParams,
        body: S.RsvpBody,
        response: { 200: S.Ok, ...S.errors },
      },
    },
    async (req) => {
      await forums.respond(req.actor, {
        meetingId: req.params.id,
        answer: req.body.answer,
      });
      return { ok: true as const };
    },
  );
  app.get(
    '/api/v1/invitations',
    {
      config: policy('list', FORUM),
      schema: { tags, summary: 'My meeting invitations', response: { 200: S.InvitationList, ...S.errors } },
    },
    async (req) => ({ items: await forums.myInvitations(req.actor) }),
  );
  app.get(
    '/api/v1/meetings/:id/meeting.ics',
    {
      config: policy('read', MEETING),
      schema: { tags, summary: 'One meeting as iCalendar', params: S.IdParams },
    },
    async (req, reply) =>
      reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', 'attachment; filename="meeting.ics"')
        .header('cache-control', 'no-store')
        .send(await forums.meetingIcs(req.actor, { id: req.params.id, baseUrl: base })),
  );

  // Materials (uploads are multipart forms on the staff pages)
  app.get(
    '/api/v1/meetings/:id/materials',
    {
      config: policy('read', MEETING),
      schema: { tags, params: S.IdParams, response: { 200: S.MaterialList, ...S.errors } },
    },
    async (req) => ({
      items: await materials.list(req.actor, { ownerKind: 'meeting', ownerId: req.params.id }),
    }),
  );
  app.get(
    '/api/v1/events/:id/materials',
    {
      config: policy('read', TRAINING),
      schema: { tags, params: S.IdParams, response: { 200: S.MaterialList, ...S.errors } },
    },
    async (req) => ({
      items: await materials.list(req.actor, {
        ownerKind: 'training_event',
        ownerId: req.params.id,
      }),
    }),
  );
  app.delete(
    '/api/v1/materials/:id',
    {
      config: SIGNED_IN,
      schema: { tags, params: S.IdParams, response: { 200: S.Ok, ...S.errors } },
    },
    async (req) => {
      await materials.remove(req.actor, { id: req.params.id });
      return { ok: true as const };
    },
  );

  // Trainings and cross-border workshops
  app.get(
    '/api/v1/events',
    { config: policy('list', TRAINING), schema: { tags, response: { 200: S.TrainingList, ...S.errors } } },
    async (req) => ({ items: await trainings.list(req.actor) }),
  );
  app.post(
    '/api/v1/events',
    {
      config: policy('create', TRAINING),
      schema: { tags, body: S.TrainingCreateBody, response: { 201: S.TrainingOut, ...S.errors } },
    },
    async (req, reply) => reply.code(201).send(await trainings.create(req.actor, req.body)),
  );
  app.get(
    '/api/v1/events/:id',
    {
      config: policy('read', TRAINING),
      schema: { tags, params: S.IdParams, response: { 200: S.TrainingDetailOut, ...S.errors } },
    },
    async (req) => trainings.get(req.actor, req.params),
  );
  app.post(
    '/api/v1/events/:id/registrations',
    {
      config: policy('register', TRAINING),
      schema: {
        tags,
        params: S.IdParams,
        body: S.RegisterBody,
        response: { 201: S.RegistrationOut, ...S.errors },
      },
    },
    async (req, reply) =>
      reply.code(201).send(
        await trainings.register(req.actor, {
          id: req.params.id,
          ...req.body,
        }),
      ),
  );
  app.put(
    '/api/v1/events/:id/registrations/:registrationId',
    {
      config: policy('manage', TRAINING),
      schema: {
        tags,
        params: S.DecideParams,
        body: S.DecideBody,
        response: { 200: S.RegistrationOut, ...S.errors },
      },
    },
    async (req) =>
      trainings.decide(req.actor, {
        ...req.params,
        decision: req.body.decision,
      }),
  );
  app.put(
    '/api/v1/events/:id/attendance',
    {
      config: policy('manage', TRAINING),
      schema: {
        tags,
        params: S.IdParams,
        body: S.TrainingAttendanceBody,
        response: { 200: S.Ok, ...S.errors },
      },
    },
    async (req) => {
      await trainings.recordAttendance(req.actor, {
        id: req.params.id,
        ...req.body,
      });
      return { ok: true as const };
    },
  );
  app.post(
    '/api/v1/events/:id/evaluations',
    {
      config: policy('evaluate', TRAINING),
      schema: { tags, params: S.IdParams, body: S.EvaluationBody, response: { 201: S.Ok, ...S.errors } },
    },
    async (req, reply) => {
      await trainings.evaluate(req.actor, {
        id: req.params.id,
        ...req.body,
      });
      return reply.code(201).send({ ok: true as const });
    },
  );
  app.get(
    '/api/v1/events/:id/evaluation-summary',
    {
      config: policy('manage', TRAINING),
      schema: { tags, params: S.IdParams, response: { 200: S.EvaluationSummaryOut, ...S.errors } },
    },
    async (req) => trainings.evaluationSummary(req.actor, req.params),
  );
  app.get(
    '/api/v1/events/:id/export.xlsx',
    {
      config: policy('manage', TRAINING),
      schema: { tags, summary: 'Participants and evaluation summary (XLSX)', params: S.IdParams },
    },
    async (req, reply) => {
      const t = req.t;
      const buf = await trainings.exportXlsx(req.actor, {
        id: req.params.id,
        labels: {
          participants: t('forums.training.xlsx.participants'),
          evaluation: t('forums.training.xlsx.evaluation'),
          name: t('forums.training.xlsx.name'),
          organisation: t('forums.training.xlsx.organisation'),
          country: t('forums.training.xlsx.country'),
          status: t('forums.training.xlsx.status'),
          question: t('forums.training.xlsx.question'),
          value: t('forums.training.xlsx.value'),
          responses: t('forums.training.xlsx.responses'),
          relevance: t('forums.training.xlsx.relevance'),
          quality: t('forums.training.xlsx.quality'),
          organisationScore: t('forums.training.xlsx.organisationScore'),
          willApply: t('forums.training.xlsx.willApply'),
          comment: t('forums.training.xlsx.comment'),
        },
      });
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', 'attachment; filename="event.xlsx"')
        .header('cache-control', 'no-store')
        .send(buf);
    },
  );
};
