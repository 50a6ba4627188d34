/**
 * Staff pages for trainings and cross-border workshops (HTML first, JS off, POST → 303 → GET, errors
 * next to fields with a summary), and the material files of events and meetings (upload, download,
 * removal).
 */
import multipart from '@fastify/multipart';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.ts';
import { PUBLIC, SIGNED_IN, policy } from '../../plugins/access.ts';
import { ANONYMOUS } from '../../shared/policy.ts';
import { ValidationError } from '../../shared/errors.ts';
import { ID_PATTERN } from '../../shared/ids.ts';
import { requireSignedInPage } from '../accounts/auth.routes.ts';
import { refuseLargeNonMultipart } from '../reports/body-size.ts';
import { formHandlers, type Body } from '../../views/form-route.ts';
import { areaGroupsFor } from '../../views/picker-choices.ts';
import { COORDINATOR_ROLES, TRAINING } from './forums.policy.ts';
import type { MaterialFile } from './materials.service.ts';
import { contentDisposition, MAX_MATERIAL_BYTES } from './materials.store.ts';
import { MULTIPART_LIMITS, readUpload, uploadOf } from './upload.ts';
import type { FieldErrors } from './views/controls.tsx';
import { ORGANISER_ROWS, PARTNER_ROWS, TrainingPage, TrainingsListPage } from './views/training-pages.tsx';

const { handleForm } = formHandlers((req, err) => req.t('forums.errors.field', { message: err.message }));

const text = (max = 1000) => Type.Optional(Type.String({ maxLength: max }));
const csrf = { _csrf: text(200) };
const form = (fields: Record<string, ReturnType<typeof text>>) =>
  Type.Object({ ...csrf, ...fields }, { additionalProperties: false });
const Id = Type.Object({ id: Type.String({ pattern: ID_PATTERN }) });
const DecideP = Type.Object({
  id: Type.String({ pattern: ID_PATTERN }),
  registrationId: Type.String({ pattern: ID_PATTERN }),
});

const partyFields: Record<string, ReturnType<typeof text>> = {};
for (let i = 1; i <= ORGANISER_ROWS; i++) {
  partyFields[`organiserName${i}`] = text(200);
  partyFields[`organiserCountry${i}`] = text(10);
}
for (let i = 1; i <= PARTNER_ROWS; i++) {
  partyFields[`partnerName${i}`] = text(200);
  partyFields[`partnerCountry${i}`] = text(10);
}
const EventForm = form({
  title: text(200),
  areaCode: text(64),
  place: text(500),
  startsOn: text(10),
  endsOn: text(10),
  seatLimit: text(10),
  description: text(5000),
  ...partyFields,
});
const SessionForm = form({ day: text(10), time: text(5), sessionTitle: text(300), speakers: text(4000) });
const RegisterForm = form({ fullName: text(200), organisationName: text(200), country: text(10) });
const DecisionForm = form({ decision: text(20) });
const AttendanceForm = Type.Object(
  {
    ...csrf,
    day: text(10),
    present: Type.Optional(
      Type.Union([
        Type.String({ maxLength: 64 }),
        Type.Array(Type.String({ maxLength: 64 }), { maxItems: 2000 }),
      ]),
    ),
  },
  { additionalProperties: false },
);
const EvaluationForm = form({
  relevance: text(2),
  quality: text(2),
  organisation: text(2),
  willApply: text(5),
  comment: text(2000),
});
const MaterialForm = form({ materialTitle: text(200), isPublic: text(5) });
const RemoveForm = form({});

/** "1".."5" → the number; anything else → 0, which the service refuses for that field. */
const score = (v: string | undefined) => (/^[1-5]$/.test(v ?? '') ? Number(v) : 0);
const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

export async function trainingsRoutes(app: FastifyInstance, opts: { ctx: AppContext }) {
  const { trainings, materials, users } = opts.ctx.services;
  const { config } = opts.ctx;

  await app.register(async (staff) => {
    staff.addHook('preHandler', requireSignedInPage);
    await staff.register(multipart, MULTIPART_LIMITS);

    const renderList = async (
      req: FastifyRequest,
      reply: FastifyReply,
      values: Body,
      errors: FieldErrors,
    ) => {
      const items = await trainings.list(req.actor);
      const csrfToken = reply.generateCsrf();
      return reply.page(
        TrainingsListPage({
          areaGroups: await areaGroupsFor(opts.ctx.services, req.actor, req.locale),
          t: req.t,
          locale: req.locale,
          csrf: csrfToken,
          items,
          canCreate: req.actor.grants.some((g) => COORDINATOR_ROLES.includes(g.role)),
          values: values as Record<string, string>,
          errors,
        }),
        { title: req.t('forums.training.title'), csrfToken },
      );
    };
    staff.get('/staff/events', { config: policy('list', TRAINING), schema: { hide: true } }, (req, reply) =>
      renderList(req, reply, {}, {}),
    );
    staff.post(
      '/staff/events',
      { config: policy('create', TRAINING), schema: { hide: true, body: EventForm } },
      async (req, reply) => {
        const b = req.body as Body;
        const parties = (prefix: string, rows: number) =>
          Array.from({ length: rows }, (_, i) => ({
            name: (b[`${prefix}Name${i + 1}`] ?? '').trim(),
            country: b[`${prefix}Country${i + 1}`] ?? '',
          })).filter((p) => p.name);
        const seat = (b.seatLimit ?? '').trim();
        return handleForm(req, reply, {
          body: b,
          action: () =>
            trainings.create(req.actor, {
              title: b.title ?? '',
              areaCode: (b.areaCode ?? '').trim(),
              place: b.place ?? '',
              startsOn: b.startsOn ?? '',
              endsOn: b.endsOn ?? '',
              seatLimit: /^\d{1,5}$/.test(seat) ? Number(seat) : -1,
              organisers: parties('organiser', ORGANISER_ROWS),
              partners: parties('partner', PARTNER_ROWS),
              description: b.description ?? '',
            }),
          fallback: 'title',
          rename: { organisers: 'organiserName1', partners: 'partnerName1' },
          redirect: (_b, e) => `/staff/events/${e.id}`,
          render: (v, errors) => renderList(req, reply, v, errors),
        });
      },
    );

    const renderEvent = async (
      req: FastifyRequest,
      reply: FastifyReply,
      id: string,
      values: Body,
      errors: FieldErrors,
      which: string | null,
    ) => {
      const d = await trainings.get(req.actor, { id });
      const [summary, files, me] = await Promise.all([
        d.canManage ? trainings.evaluationSummary(req.actor, { id }) : Promise.resolve(null),
        materials.list(req.actor, { ownerKind: 'training_event', ownerId: id }),
        users.me(req.actor),
      ]);
      const csrfToken = reply.generateCsrf();
      return reply.page(
        TrainingPage({
          t: req.t,
          locale: req.locale,
          csrf: csrfToken,
          d,
          summary,
          materials: files,
          selfName: me.displayName,
          values: values as Record<string, string>,
          errors,
          form: which,
        }),
        { title: d.event.title, csrfToken },
      );
    };
    staff.get(
      '/staff/events/:id',
      { config: policy('read', TRAINING), schema: { hide: true, params: Id } },
      (req, reply) => renderEvent(req, reply, (req.params as { id: string }).id, {}, {}, null),
    );

    /** A form on the event page: run, then back to the page (at an anchor), or re-render with errors. */
    const eventPost = <B = Body>(
      path: string,
      action: string,
      body: unknown,
      which: string,
      fallback: string,
      run: (req: FastifyRequest, id: string, b: B) => Promise<unknown>,
      opt: { rename?: Record<string, string>; anchor?: string; params?: unknown } = {},
    ) =>
      staff.post(
        `/staff/events/:id/${path}`,
        {
          config: policy(action, TRAINING),
          schema: { hide: true, params: (opt.params ?? Id) as never, body: body as never },
        },
        async (req, reply) => {
          const { id } = req.params as { id: string };
          return handleForm(req, reply, {
            body: req.body as B,
            action: () => run(req, id, req.body as B),
            fallback,
            rename: opt.rename,
            redirect: () => `/staff/events/${id}${opt.anchor ? `#${opt.anchor}` : ''}`,
            render: (v, errors) => renderEvent(req, reply, id, v as Body, errors, which),
          });
        },
      );

    eventPost<Body>(
      'sessions',
      'manage',
      SessionForm,
      'session',
      'sessionTitle',
      (req, id, b) =>
        trainings.addSession(req.actor, {
          id,
          day: b.day ?? '',
          time: b.time ?? '',
          title: b.sessionTitle ?? '',
          speakers: (b.speakers ?? '').split(/[,;\n]/),
        }),
      { rename: { title: 'sessionTitle' } },
    );
    eventPost<Body>(
      'register',
      'register',
      RegisterForm,
      'register',
      'fullName',
      (req, id, b) =>
        trainings.register(req.actor, {
          id,
          fullName: b.fullName ?? '',
          organisationName: b.organisationName ?? '',
          country: b.country ?? '',
        }),
      { rename: { id: 'fullName' } },
    );
    eventPost<Body>(
      'registrations/:registrationId',
      'manage',
      DecisionForm,
      'decide',
      'decision',
      (req, id, b) =>
        trainings.decide(req.actor, {
          id,
          registrationId: (req.params as { registrationId: string }).registrationId,
          decision: b.decision ?? '',
        }),
      { anchor: 'participants', params: DecideP },
    );
    eventPost<{ day?: string; present?: string | string[] }>(
      'attendance',
      'manage',
      AttendanceForm,
      'attendance',
      'day',
      (req, id, b) =>
        trainings.recordAttendance(req.actor, { id, day: b.day ?? '', registrationIds: list(b.present) }),
      { rename: { registrationIds: 'day' }, anchor: 'participants' },
    );
    eventPost<Body>(
      'evaluation',
      'evaluate',
      EvaluationForm,
      'evaluation',
      'relevance',
      (req, id, b) => {
        const will = b.willApply === 'yes' ? true : b.willApply === 'no' ? false : null;
        return trainings.evaluate(req.actor, {
          id,
          relevance: score(b.relevance),
          quality: score(b.quality),
          organisation: score(b.organisation),
          willApply: will,
          comment: b.comment ?? '',
        });
      },
      { rename: { id: 'relevance' }, anchor: 'evaluation' },
    );

    // Materials: upload to an event (meetings have theirs on the meeting routes), download, remove.
    staff.post(
      '/staff/events/:id/materials',
      {
        config: policy('manage', TRAINING),
        bodyLimit: MAX_MATERIAL_BYTES + 1024 * 1024,
        onRequest: refuseLargeNonMultipart(config.bodyLimitBytes),
        preValidation: readUpload,
        schema: { hide: true, params: Id, body: MaterialForm },
      },
      async (req, reply) => {
        const { id } = req.params as { id: string };
        const b = req.body as Body;
        const up = uploadOf(req);
        return handleForm(req, reply, {
          body: b,
          action: async () => {
            if (up.problem) throw uploadProblem(up.problem);
            return materials.upload(req.actor, {
              ownerKind: 'training_event',
              ownerId: id,
              title: b.materialTitle ?? null,
              fileName: up.fileName,
              data: up.data ?? Buffer.alloc(0),
            });
          },
          fallback: 'file',
          rename: { title: 'materialTitle' },
          redirect: () => `/staff/events/${id}#materials`,
          render: (v, errors) => renderEvent(req, reply, id, v, errors, 'material'),
        });
      },
    );
    staff.get(
      '/staff/materials/:id',
      { config: SIGNED_IN, schema: { hide: true, params: Id } },
      async (req, reply) => {
        return sendMaterial(reply, await materials.download(req.actor, req.params as { id: string }));
      },
    );
    staff.post(
      '/staff/materials/:id/remove',
      { config: SIGNED_IN, schema: { hide: true, params: Id, body: RemoveForm } },
      async (req, reply) => {
        const o = await materials.remove(req.actor, { id: (req.params as { id: string }).id });
        const page =
          o.ownerKind === 'meeting' ? `/staff/meetings/${o.ownerId}` : `/staff/events/${o.ownerId}`;
        return reply.redirect(`${page}#materials`, 303);
      },
    );
  });

  // A file a secretary marked public, on the public page of a public meeting.
  app.get(
    '/forums/materials/:id',
    { config: PUBLIC, schema: { hide: true, params: Id } },
    async (req, reply) =>
      sendMaterial(reply, await materials.download(ANONYMOUS, req.params as { id: string })),
  );
}

function sendMaterial(reply: FastifyReply, f: MaterialFile) {
  return reply
    .type(f.mime)
    .header('content-disposition', contentDisposition(f.inline ? 'inline' : 'attachment', f.fileName))
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('cache-control', 'private, no-store')
    .send(f.data);
}

function uploadProblem(message: string) {
  return new ValidationError(message, 'file');
}
