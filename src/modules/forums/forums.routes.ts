/**
 * Forum pages (HTML first, JS off, POST → 303 → GET, errors next to fields with a summary) and the
 * public calendar, meeting summaries and iCalendar feeds.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.ts';
import { PUBLIC, policy } from '../../plugins/access.ts';
import { ID_PATTERN } from '../../shared/ids.ts';
import { requireSignedInPage } from '../accounts/auth.routes.ts';
import { can } from '../../shared/policy.ts';
import type { FieldErrors } from './views/controls.tsx';
import { COMMITMENT, FORUM, MEETING, PARTNERSHIP, RECEPTION } from './forums.policy.ts';
import {
  CommitmentsPage,
  ForumPage,
  ForumsListPage,
  MeetingPage,
  PartnershipPage,
} from './views/staff-pages.tsx';
import { PublicCalendarPage, PublicMeetingPage } from './views/public-pages.tsx';
import { areaGroupsFor, organisationChoicesFor, personChoicesFor } from '../../views/picker-choices.ts';
import { AppError } from '../../shared/errors.ts';
import { PublicReceptionsPage, ReceptionPage, ReceptionsPage } from './views/reception-pages.tsx';
import { COORDINATOR_ROLES } from './forums.policy.ts';
import multipart from '@fastify/multipart';
import { isLocale, LOCALES } from '../../shared/i18n.ts';
import { ValidationError } from '../../shared/errors.ts';
import { refuseLargeNonMultipart } from '../reports/body-size.ts';
import { formHandlers, type Body } from '../../views/form-route.ts';
import { MAX_MATERIAL_BYTES } from './materials.store.ts';
import { trainingsRoutes } from './trainings.routes.ts';
import { MULTIPART_LIMITS, readUpload, uploadOf } from './upload.ts';

const { fieldErrors, handleForm } = formHandlers((req, err) =>
  req.t('forums.errors.field', { message: err.message }),
);

const text = (max = 1000) => Type.Optional(Type.String({ maxLength: max }));
const csrf = { _csrf: text(200) };
const form = (fields: Record<string, ReturnType<typeof text>>) =>
  Type.Object({ ...csrf, ...fields }, { additionalProperties: false });
const Id = Type.Object({ id: Type.String({ pattern: ID_PATTERN }) });
const AreaQ = Type.Object(
  { area: Type.Optional(Type.String({ maxLength: 64, pattern: '^[A-Za-z0-9._-]*$' })) },
  { additionalProperties: false },
);

const ForumForm = form({ name: text(200), kind: text(40), areaCode: text(64), description: text(5000) });
const MemberForm = form({
  displayName: text(200),
  personId: text(64),
  organisationId: text(64),
  role: text(20),
  termStart: text(10),
  termEnd: text(10),
  gender: text(10),
  ageBand: text(10),
});
const Invited = Type.Optional(
  Type.Union([Type.String({ maxLength: 64 }), Type.Array(Type.String({ maxLength: 64 }), { maxItems: 500 })]),
);
const MeetingForm = Type.Object(
  {
    ...csrf,
    title: text(200),
    date: text(10),
    startTime: text(8),
    endTime: text(8),
    utcOffset: text(6),
    mode: text(20),
    place: text(500),
    onlineUrl: text(500),
    visibility: text(20),
    agenda: text(10_000),
    inviteChoice: text(1),
    invited: Invited,
  },
  { additionalProperties: false },
);
const InvitationsForm = Type.Object(
  { ...csrf, inviteChoice: text(1), invited: Invited },
  { additionalProperties: false },
);
const RsvpForm = form({ answer: text(10), back: text(10) });
const SummariesForm = form(Object.fromEntries(LOCALES.map((l) => [`summary_${l}`, text(10_000)])));
const MaterialForm = form({ materialTitle: text(200), isPublic: text(5) });
const PublicMeetingQ = Type.Object(
  { lang: Type.Optional(Type.String({ maxLength: 10 })) },
  { additionalProperties: false },
);
const asList = (v: unknown): string[] =>
  Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : [];
const AgendaForm = form({ itemTitle: text(300), refKind: text(20), refId: text(64) });
const AttendanceForm = Type.Object(
  {
    ...csrf,
    attended: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 500 })),
    residentsCount: text(10),
  },
  { additionalProperties: false },
);
const MinutesForm = form({ minutes: text(50_000), publicSummary: text(10_000), status: text(20) });
const DecisionForm = form({ decision: text(5000), owner: text(120), deadline: text(10) });
const StatusForm = form({ status: text(20) });
const CommitmentForm = form({ confirmedOn: text(10), confirmedBy: text(200), text: text(10_000) });
const PartnershipStatusForm = form({ status: text(20), reason: text(2000) });
const ContactForm = form({ contactName: text(200), phone: text(40), email: text(254), languages: text(200) });

const ONLY_OFFSETS = new Set(['+06:00', '+05:00', '+00:00']);

export async function forumsRoutes(app: FastifyInstance, opts: { ctx: AppContext }) {
  const { forums, partnerships, receptions, reportCategories, materials } = opts.ctx.services;
  const { config } = opts.ctx;
  const base = config.publicUrl.replace(/\/$/, '');

  // --- staff pages -------------------------------------------------------------------------
  await app.register(async (staff) => {
    staff.addHook('preHandler', requireSignedInPage);

    const renderList = async (
      req: FastifyRequest,
      reply: FastifyReply,
      values: Body,
      errors: FieldErrors,
    ) => {
      const items = await forums.listForums(req.actor);
      const csrfToken = reply.generateCsrf();
      const canCreate = req.actor.grants.some((g) => COORDINATOR_ROLES.includes(g.role));
      const areaGroups = await areaGroupsFor(opts.ctx.services, req.actor, req.locale);
      return reply.page(
        ForumsListPage({
          t: req.t,
          locale: req.locale,
          csrf: csrfToken,
          items,
          canCreate,
          areaGroups,
          values: values as Record<string, string>,
          errors,
        }),
        { title: req.t('forums.list.title'), csrfToken },
      );
    };
    staff.get(
      '/staff/forums',
      { config: policy('list', FORUM), schema: { hide: true } },
      async (req, reply) => renderList(req, reply, { kind: 'prevention_centre' }, {}),
    );
    staff.post(
      '/staff/forums',
      { config: policy('create', FORUM), schema: { hide: true, body: ForumForm } },
      async (req, reply) => {
        const b = req.body as Body;
        return handleForm(req, reply, {
          body: b,
          action: () =>
            forums.createForum(req.actor, {
              name: b.name ?? '',
              kind: b.kind ?? '',
              areaCode: (b.areaCode ?? '').trim(),
              description: b.description ?? '',
            }),
          fallback: 'name',
          redirect: (_b, f) => `/staff/forums/${f.id}`,
          render: (v, errors) => renderList(req, reply, v, errors),
        });
      },
    );

    const renderForum = async (
      req: FastifyRequest,
      reply: FastifyReply,
      id: string,
      values: Body,
      errors: FieldErrors,
      which: 'member' | 'meeting' | null,
    ) => {
      const d = await forums.getForum(req.actor, { id });
      const csrfToken = reply.generateCsrf();
      return reply.page(
        ForumPage({
          t: req.t,
          locale: req.locale,
          csrf: csrfToken,
          d,
          people: d.canManage ? await personChoicesFor(opts.ctx.services, req.actor) : [],
          organisations: d.canManage ? await organisationChoicesFor(opts.ctx.services, req.actor, req.t) : [],
          values: values as Record<string, string>,
          errors,
          form: which,
        }),
        { title: d.forum.name, csrfToken },
      );
    };
    staff.get(
      '/staff/forums/:id',
      { config: policy('read', FORUM), schema: { hide: true, params: Id } },
      async (req, reply) => renderForum(req, reply, (req.params as { id: string }).id, {}, {}, null),
    );
    staff.post(
      '/staff/forums/:id/members',
      { config: policy('manage', FORUM), schema: { hide: true, params: Id, body: MemberForm } },
      async (req, reply) => {
        const { id } = req.params as { id: string };
        const b = req.body as Body;
        return handleForm(req, reply, {
          body: b,
          action: () =>
            forums.addMember(req.actor, {
              forumId: id,
              displayName: b.displayName || null,
              personId: b.personId?.trim() || null,
              organisationId: b.organisationId?.trim() || null,
              role: b.role ?? '',
              termStart: b.termStart ?? '',
              termEnd: b.termEnd || null,
              gender: b.gender || null,
              ageBand: b.ageBand || null,
            }),
          fallback: 'displayName',
          redirect: () => `/staff/forums/${id}`,
          render: (v, errors) => renderForum(req, reply, id, v, errors, 'member'),
        });
      },
    );
    staff.post(
      '/staff/forums/:id/meetings',
      { config: policy('manage', MEETING), schema: { hide: true, params: Id, body: MeetingForm } },
      async (req, reply) => {
        const { id } = req.params as { id: string };
        const b = req.body as Body;
        const invited = asList((req.body as { invited?: unknown }).invited);
        const offset = ONLY_OFFSETS.has(b.utcOffset ?? '') ? b.utcOffset! : '+06:00';
        const at = (time: string | undefined) => `${b.date ?? ''}T${time ?? ''}${offset}`;
        return handleForm(req, reply, {
          body: b,
          action: () =>
            forums.scheduleMeeting(req.actor, {
              forumId: id,
              title: b.title ?? '',
              startsAt: at(b.startTime),
              endsAt: at(b.endTime),
              mode: b.mode ?? '',
              place: b.place ?? '',
              onlineUrl: b.onlineUrl || null,
              visibility: b.visibility ?? '',
              agenda: (b.agenda ?? '')
                .split(/\r?\n/)
                .map((l) => l.trim())
                .filter(Boolean)
                .map((title) => ({ title })),
              invitedMemberIds: b.inviteChoice ? invited : null,
            }),
          // Errors on agenda lines (agenda.3.title) land on the agenda field.
          fallback: 'title',
          rename: { startsAt: 'startTime', endsAt: 'endTime' },
          redirect: (_b, m) => `/staff/meetings/${m.id}`,
          render: (v, errors) => renderForum(req, reply, id, v, errors, 'meeting'),
        });
      },
    );

    const renderMeeting = async (
      req: FastifyRequest,
      reply: FastifyReply,
      id: string,
      values: Body,
      errors: FieldErrors,
      which: string | null,
    ) => {
      const d = await forums.getMeeting(req.actor, { id });
      const files = await materials.list(req.actor, { ownerKind: 'meeting', ownerId: id });
      const csrfToken = reply.generateCsrf();
      return reply.page(
        MeetingPage({
          t: req.t,
          locale: req.locale,
          csrf: csrfToken,
          d,
          materials: files,
          values: values as Record<string, string>,
          errors,
          form: which,
        }),
        { title: d.meeting.title, csrfToken },
      );
    };
    staff.get(
      '/staff/meetings/:id',
      { config: policy('read', MEETING), schema: { hide: true, params: Id } },
      async (req, reply) => renderMeeting(req, reply, (req.params as { id: string }).id, {}, {}, null),
    );
    const meetingPost = <B>(
      path: string,
      body: unknown,
      which: string,
      fallback: string,
      run: (req: FastifyRequest, id: string, b: B) => Promise<unknown>,
      rename: Record<string, string> = {},
    ) =>
      staff.post(
        `/staff/meetings/:id/${path}`,
        { config: policy('manage', MEETING), schema: { hide: true, params: Id, body: body as never } },
        async (req, reply) => {
          const { id } = req.params as { id: string };
          return handleForm(req, reply, {
            body: req.body as B,
            action: () => run(req, id, req.body as B),
            fallback,
            rename,
            redirect: () => `/staff/meetings/${id}`,
            render: (v, errors) => renderMeeting(req, reply, id, v as Body, errors, which),
          });
        },
      );
    meetingPost<Body>(
      'agenda',
      AgendaForm,
      'agenda',
      'itemTitle',
      (req, id, b) =>
        forums.addAgendaItem(req.actor, {
          meetingId: id,
          title: b.itemTitle ?? '',
          refKind: b.refKind || null,
          refId: b.refId?.trim() || null,
        }),
      { title: 'itemTitle' },
    );
    meetingPost<{ attended?: string[]; residentsCount?: string }>(
      'attendance',
      AttendanceForm,
      'attendance',
      'residentsCount',
      (req, id, b) => {
        const raw = (b.residentsCount ?? '0').trim() || '0';
        return forums.recordAttendance(req.actor, {
          meetingId: id,
          attendedMemberIds: b.attended ?? [],
          residentsCount: /^\d{1,6}$/.test(raw) ? Number(raw) : -1,
        });
      },
      { attended: 'residentsCount' },
    );
    meetingPost<Body>('minutes', MinutesForm, 'minutes', 'minutes', (req, id, b) =>
      forums.updateMeeting(req.actor, {
        meetingId: id,
        minutes: b.minutes ?? '',
        ...(b.publicSummary !== undefined ? { publicSummary: b.publicSummary } : {}),
        status: b.status ?? 'scheduled',
      }),
    );
    meetingPost<Body>(
      'summaries',
      SummariesForm,
      'summaries',
      'summary_ky',
      (req, id, b) =>
        forums.setSummaries(req.actor, {
          meetingId: id,
          texts: Object.fromEntries(LOCALES.map((l) => [l, b[`summary_${l}`] ?? ''])),
        }),
      Object.fromEntries(LOCALES.map((l) => [`summary.${l}`, `summary_${l}`])),
    );
    meetingPost<{ invited?: unknown }>(
      'invitations',
      InvitationsForm,
      'invitations',
      'invited',
      (req, id, b) => forums.setInvitations(req.actor, { meetingId: id, memberIds: asList(b.invited) }),
    );
    // Materials of a meeting (multipart: read before validation so the CSRF token inside is checked).
    await staff.register(async (up) => {
      await up.register(multipart, MULTIPART_LIMITS);
      up.post(
        '/staff/meetings/:id/materials',
        {
          config: policy('manage', MEETING),
          bodyLimit: MAX_MATERIAL_BYTES + 1024 * 1024,
          onRequest: refuseLargeNonMultipart(config.bodyLimitBytes),
          preValidation: readUpload,
          schema: { hide: true, params: Id, body: MaterialForm },
        },
        async (req, reply) => {
          const { id } = req.params as { id: string };
          const b = req.body as Body;
          const file = uploadOf(req);
          return handleForm(req, reply, {
            body: b,
            action: async () => {
              if (file.problem) throw new ValidationError(file.problem, 'file');
              return materials.upload(req.actor, {
                ownerKind: 'meeting',
                ownerId: id,
                title: b.materialTitle ?? null,
                fileName: file.fileName,
                data: file.data ?? Buffer.alloc(0),
                isPublic: b.isPublic === '1',
              });
            },
            fallback: 'file',
            rename: { title: 'materialTitle', isPublic: 'file' },
            redirect: () => `/staff/meetings/${id}#materials`,
            render: (v, errors) => renderMeeting(req, reply, id, v, errors, 'material'),
          });
        },
      );
    });
    staff.get(
      '/staff/meetings/:id/meeting.ics',
      { config: policy('read', MEETING), schema: { hide: true, params: Id } },
      async (req, reply) =>
        reply
          .type('text/calendar; charset=utf-8')
          .header('content-disposition', 'attachment; filename="meeting.ics"')
          .header('cache-control', 'no-store')
          .send(await forums.meetingIcs(req.actor, { id: (req.params as { id: string }).id, baseUrl: base })),
    );
    // An invited member answers, from the meeting page or from the staff home page.
    staff.post(
      '/staff/meetings/:id/rsvp',
      { config: policy('list', FORUM), schema: { hide: true, params: Id, body: RsvpForm } },
      async (req, reply) => {
        const { id } = req.params as { id: string };
        const b = req.body as Body;
        const back = b.back === 'meeting' ? `/staff/meetings/${id}` : '/staff#invitations';
        return handleForm(req, reply, {
          body: b,
          action: () => forums.respond(req.actor, { meetingId: id, answer: b.answer ?? '' }),
          fallback: 'answer',
          redirect: () => back,
          render: (v, errors) => renderMeeting(req, reply, id, v, errors, 'rsvp'),
        });
      },
    );
    meetingPost<Body>(
      'decisions',
      DecisionForm,
      'decision',
      'decision',
      (req, id, b) => {
        const [kind, ownerId] = (b.owner ?? '').split(':');
        const commitment = b.owner
          ? {
              ownerPersonId: kind === 'person' ? (ownerId ?? null) : null,
              ownerOrganisationId: kind === 'organisation' ? (ownerId ?? null) : null,
              deadline: b.deadline ?? '',
            }
          : null;
        return forums.addDecision(req.actor, { meetingId: id, text: b.decision ?? '', commitment });
      },
      { text: 'decision' },
    );

    staff.get(
      '/staff/commitments',
      { config: policy('list', COMMITMENT), schema: { hide: true } },
      async (req, reply) => {
        const items = await forums.myCommitments(req.actor);
        const csrfToken = reply.generateCsrf();
        return reply.page(CommitmentsPage({ t: req.t, csrf: csrfToken, items }), {
          title: req.t('forums.commitments.title'),
          csrfToken,
        });
      },
    );
    staff.post(
      '/staff/commitments/:id',
      { config: policy('update', COMMITMENT), schema: { hide: true, params: Id, body: StatusForm } },
      async (req, reply) => {
        await forums.updateCommitment(req.actor, {
          id: (req.params as { id: string }).id,
          status: (req.body as Body).status ?? '',
        });
        return reply.redirect('/staff/commitments', 303);
      },
    );

    // Partnership: commitment to non-violence and human rights, suspension, contacts.
    const renderPartnership = async (
      req: FastifyRequest,
      reply: FastifyReply,
      id: string,
      values: Body,
      errors: FieldErrors,
      which: string | null,
    ) => {
      const d = await partnerships.get(req.actor, { organisationId: id });
      const csrfToken = reply.generateCsrf();
      return reply.page(
        PartnershipPage({
          t: req.t,
          locale: req.locale,
          csrf: csrfToken,
          d,
          values: values as Record<string, string>,
          errors,
          form: which,
        }),
        { title: req.t('forums.partnership.title', { name: d.organisationName }), csrfToken },
      );
    };
    staff.get(
      '/staff/organisations/:id/partnership',
      { config: policy('read', PARTNERSHIP), schema: { hide: true, params: Id } },
      async (req, reply) => renderPartnership(req, reply, (req.params as { id: string }).id, {}, {}, null),
    );
    const partnershipPost = (
      path: string,
      body: unknown,
      which: string,
      fallback: string,
      run: (req: FastifyRequest, id: string, b: Body) => Promise<unknown>,
    ) =>
      staff.post(
        `/staff/organisations/:id/${path}`,
        { config: policy('manage', PARTNERSHIP), schema: { hide: true, params: Id, body: body as never } },
        async (req, reply) => {
          const { id } = req.params as { id: string };
          return handleForm(req, reply, {
            body: req.body as Body,
            action: () => run(req, id, req.body as Body),
            fallback,
            redirect: () => `/staff/organisations/${id}/partnership`,
            render: (v, errors) => renderPartnership(req, reply, id, v, errors, which),
          });
        },
      );
    partnershipPost('commitment', CommitmentForm, 'commitment', 'text', (req, id, b) =>
      partnerships.recordCommitment(req.actor, {
        organisationId: id,
        confirmedOn: b.confirmedOn ?? '',
        confirmedBy: b.confirmedBy ?? '',
        text: b.text ?? '',
      }),
    );
    partnershipPost('status', PartnershipStatusForm, 'status', 'reason', (req, id, b) =>
      partnerships.setStatus(req.actor, {
        organisationId: id,
        status: b.status ?? '',
        reason: b.reason ?? '',
      }),
    );
    partnershipPost('contact', ContactForm, 'contact', 'contactName', (req, id, b) =>
      partnerships.setContact(req.actor, {
        organisationId: id,
        contactName: b.contactName ?? null,
        phone: b.phone ?? null,
        email: b.email ?? null,
        languages: (b.languages ?? '')
          .split(/[\s,;]+/)
          .map((l) => l.trim())
          .filter(Boolean)
          .slice(0, 7),
      }),
    );

    // Mobile receptions
    const ReceptionForm = form({
      areaCode: text(64),
      van: text(100),
      place: text(500),
      date: text(10),
      startTime: text(8),
      endTime: text(8),
      officers: text(4000),
      notice: text(2000),
    });
    const VisitForm = form({ status: text(20), peopleReceived: text(10) });
    const ConcernForm = form({
      category: text(64),
      description: text(5000),
      privacy: text(20),
      contactName: text(200),
      contactPhone: text(40),
    });
    const renderReceptions = async (
      req: FastifyRequest,
      reply: FastifyReply,
      values: Body,
      errors: FieldErrors,
    ) => {
      const items = await receptions.list(req.actor);
      const csrfToken = reply.generateCsrf();
      const canCreate = req.actor.grants.some((g) =>
        ['officer', 'supervisor', 'prevention_coordinator'].includes(g.role),
      );
      return reply.page(
        ReceptionsPage({
          areaGroups: await areaGroupsFor(opts.ctx.services, req.actor, req.locale),
          t: req.t,
          locale: req.locale,
          csrf: csrfToken,
          items,
          canCreate,
          values: values as Record<string, string>,
          errors,
        }),
        { title: req.t('forums.reception.title'), csrfToken },
      );
    };
    staff.get(
      '/staff/receptions',
      { config: policy('list', RECEPTION), schema: { hide: true } },
      async (req, reply) => renderReceptions(req, reply, {}, {}),
    );
    staff.post(
      '/staff/receptions',
      { config: policy('create', RECEPTION), schema: { hide: true, body: ReceptionForm } },
      async (req, reply) => {
        const b = req.body as Body;
        const at = (time: string | undefined) => `${b.date ?? ''}T${time ?? ''}+06:00`;
        return handleForm(req, reply, {
          body: b,
          action: () =>
            receptions.schedule(req.actor, {
              areaCode: (b.areaCode ?? '').trim(),
              van: b.van ?? '',
              place: b.place ?? '',
              startsAt: at(b.startTime),
              endsAt: at(b.endTime),
              officers: (b.officers ?? '')
                .split(/\r?\n/)
                .map((l) => l.trim())
                .filter(Boolean),
              notice: b.notice ?? '',
            }),
          fallback: 'place',
          rename: { startsAt: 'startTime', endsAt: 'endTime' },
          redirect: (_b, r) => `/staff/receptions/${r.id}`,
          render: (v, errors) => renderReceptions(req, reply, v, errors),
        });
      },
    );
    const renderReception = async (
      req: FastifyRequest,
      reply: FastifyReply,
      id: string,
      values: Body,
      errors: FieldErrors,
      which: string | null,
      receipt: string | null = null,
    ) => {
      const d = await receptions.get(req.actor, { id });
      const cats = await reportCategories.list(req.actor);
      const csrfToken = reply.generateCsrf();
      const loc = req.locale as string;
      return reply.page(
        ReceptionPage({
          t: req.t,
          locale: req.locale,
          csrf: csrfToken,
          d,
          categories: cats.map((c) => ({
            value: c.code,
            label:
              (c.names as Record<string, string>)[loc] ?? (c.names as Record<string, string>).en ?? c.code,
          })),
          canManage:
            req.actor.grants.some((g) =>
              ['officer', 'supervisor', 'prevention_coordinator'].includes(g.role),
            ) && !!can(req.actor, 'manage', RECEPTION, { areaPath: await receptionPath(id) }),
          receipt,
          values: values as Record<string, string>,
          errors,
          form: which,
        }),
        { title: req.t('forums.reception.title'), csrfToken },
      );
    };
    const receptionPath = async (id: string) =>
      (
        await opts.ctx.db.read
          .selectFrom('reception')
          .select('area_path')
          .where('id', '=', id)
          .executeTakeFirst()
      )?.area_path ?? '';
    staff.get(
      '/staff/receptions/:id',
      { config: policy('read', RECEPTION), schema: { hide: true, params: Id } },
      async (req, reply) => renderReception(req, reply, (req.params as { id: string }).id, {}, {}, null),
    );
    staff.post(
      '/staff/receptions/:id/visit',
      { config: policy('manage', RECEPTION), schema: { hide: true, params: Id, body: VisitForm } },
      async (req, reply) => {
        const { id } = req.params as { id: string };
        const b = req.body as Body;
        const raw = (b.peopleReceived ?? '0').trim() || '0';
        return handleForm(req, reply, {
          body: b,
          action: () =>
            receptions.logVisit(req.actor, {
              id,
              status: b.status ?? '',
              peopleReceived: /^\d{1,6}$/.test(raw) ? Number(raw) : -1,
            }),
          fallback: 'peopleReceived',
          redirect: () => `/staff/receptions/${id}`,
          render: (v, errors) => renderReception(req, reply, id, v, errors, 'visit'),
        });
      },
    );
    staff.post(
      '/staff/receptions/:id/concerns',
      { config: policy('manage', RECEPTION), schema: { hide: true, params: Id, body: ConcernForm } },
      async (req, reply) => {
        const { id } = req.params as { id: string };
        const b = req.body as Body;
        try {
          const contact =
            b.contactName?.trim() || b.contactPhone?.trim()
              ? {
                  ...(b.contactName?.trim() ? { name: b.contactName.trim() } : {}),
                  ...(b.contactPhone?.trim() ? { phone: b.contactPhone.trim() } : {}),
                }
              : undefined;
          const r = await receptions.addConcern(req.actor, {
            id,
            category: b.category ?? '',
            description: b.description ?? '',
            privacy: b.privacy ?? '',
            ...(contact ? { contact } : {}),
            locale: req.locale,
          });
          // An anonymous resident's receipt is shown once, here, for the officer to hand over.
          if (r.receipt) return renderReception(req, reply, id, {}, {}, null, r.receipt);
          return reply.redirect(`/staff/receptions/${id}`, 303);
        } catch (err) {
          const errors = fieldErrors(req, err, 'description', { contact: 'contactPhone' });
          if (!errors) throw err;
          reply.code(400);
          return renderReception(req, reply, id, b, errors, 'concern');
        }
      },
    );
  });

  // --- public pages ------------------------------------------------------------------------
  app.get(
    '/forums/calendar',
    { config: PUBLIC, schema: { hide: true, querystring: AreaQ } },
    async (req, reply) => {
      const areaCode = (req.query as { area?: string }).area ?? '';
      const areaGroups = (await opts.ctx.services.geo.choices(req.actor, req.locale)).groups;
      let items: Awaited<ReturnType<typeof forums.publicCalendar>> = [];
      let errors: FieldErrors = {};
      try {
        items = await forums.publicCalendar(req.actor, { areaCode: areaCode || undefined });
      } catch (err) {
        // A forged or stale area in the filter: the whole calendar, with the error next to the picker.
        if (!(err instanceof AppError) || !err.messageKey) throw err;
        reply.code(400);
        errors = { area: req.t(err.messageKey.key) };
        items = await forums.publicCalendar(req.actor, {});
      }
      return reply.page(
        PublicCalendarPage({ t: req.t, locale: req.locale, items, areaCode, areaGroups, errors }),
        {
          title: req.t('resident.forums.calendar.title'),
        },
      );
    },
  );
  app.get(
    '/forums/meetings/:id',
    { config: PUBLIC, schema: { hide: true, params: Id, querystring: PublicMeetingQ } },
    async (req, reply) => {
      const { id } = req.params as { id: string };
      const m = await forums.publicMeeting(req.actor, { id });
      const files = await materials.publicList(req.actor, { meetingId: id });
      // ?lang= picks the summary's language (the page itself stays in the visitor's language).
      const asked = (req.query as { lang?: string }).lang;
      const summaryLocale = asked && isLocale(asked) ? asked : req.locale;
      return reply.page(
        PublicMeetingPage({ t: req.t, locale: req.locale, m, summaryLocale, materials: files }),
        { title: m.title },
      );
    },
  );
  app.get(
    '/forums/calendar.ics',
    { config: PUBLIC, schema: { hide: true, querystring: AreaQ } },
    async (req, reply) => {
      const areaCode = (req.query as { area?: string }).area || undefined;
      const body = await forums.calendarFeed(req.actor, {
        areaCode,
        baseUrl: base,
        name: req.t('resident.forums.calendar.title'),
      });
      return reply
        .type('text/calendar; charset=utf-8')
        .header('cache-control', 'public, max-age=300')
        .send(body);
    },
  );
  app.get(
    '/forums/:id/calendar.ics',
    { config: PUBLIC, schema: { hide: true, params: Id } },
    async (req, reply) => {
      const body = await forums.calendarFeed(req.actor, {
        forumId: (req.params as { id: string }).id,
        baseUrl: base,
        name: req.t('resident.forums.calendar.title'),
      });
      return reply
        .type('text/calendar; charset=utf-8')
        .header('cache-control', 'public, max-age=300')
        .send(body);
    },
  );
  app.get(
    '/forums/receptions',
    { config: PUBLIC, schema: { hide: true, querystring: AreaQ } },
    async (req, reply) => {
      const areaCode = (req.query as { area?: string }).area || undefined;
      const items = await receptions.publicNotices(req.actor, { areaCode });
      return reply.page(PublicReceptionsPage({ t: req.t, locale: req.locale, items }), {
        title: req.t('resident.forums.reception.title'),
      });
    },
  );

  await app.register(trainingsRoutes, opts);
}
