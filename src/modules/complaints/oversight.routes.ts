/**
 * Oversight's pages: the complaints work queue and one complaint (acknowledge, review, decide, the
 * shared identity), the access review, and the administrators' oversight-body table with four eyes.
 * HTML first: POST → 303 → GET, field errors next to their fields with a summary; a lost race is
 * shown as a 409 next to the form.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.ts';
import { policy } from '../../plugins/access.ts';
import type { Locale } from '../../shared/i18n.ts';
import { ID_PATTERN } from '../../shared/ids.ts';
import { timeFormat } from '../../shared/time-format.ts';
import type { FieldErrors } from '../../views/form.tsx';
import { formHandlers, type Body } from '../../views/form-route.ts';
import { requireSignedInPage } from '../accounts/auth.routes.ts';
import { areaName, parseNames } from '../geo/geo.presenter.ts';
import { ACCESS_REVIEW, COMPLAINT, OVERSIGHT_BODY } from './complaints.policy.ts';
import { isOverdue } from './complaints.service.ts';
import { AccessReviewPage } from './views/access-review-page.tsx';
import { OversightBodiesPage } from './views/oversight-bodies-page.tsx';
import {
  ComplaintPage,
  ComplaintQueuePage,
  DisclosuresPage,
  type IdentityView,
} from './views/oversight-complaints-pages.tsx';

const text = (max = 1000) => Type.Optional(Type.String({ maxLength: max }));
const form = (fields: Record<string, ReturnType<typeof text>>) =>
  Type.Object({ _csrf: text(200), ...fields }, { additionalProperties: false });
const Id = Type.Object({ id: Type.String({ pattern: ID_PATTERN }) });
const PhotoP = Type.Object({
  id: Type.String({ pattern: ID_PATTERN }),
  photoId: Type.String({ pattern: ID_PATTERN }),
});
const QueueQ = Type.Object(
  { stage: text(20), kind: text(20), area: text(64), overdue: text(1) },
  { additionalProperties: false },
);
const ReviewQ = Type.Object(
  {
    from: text(10),
    to: text(10),
    work_start: text(2),
    work_end: text(2),
    bulk_threshold: text(6),
    only: text(1),
  },
  { additionalProperties: false },
);
const NoteForm = form({ note: text(4000) });
const DecideForm = form({
  officer: text(40),
  outcome: text(40),
  reasoning: text(10_000),
  recommendations: text(10_000),
  disclosure: text(6000),
});
const BodyForm = form({
  body_id: text(40),
  name: text(400),
  kind: text(40),
  area: text(64),
  organisation: text(40),
  ack_days: text(6),
  decision_days: text(6),
  active: text(1),
});

const FIELD_KEYS: Record<string, string> = {
  outcome: 'oversight.errors.outcome',
  officer: 'oversight.errors.officer',
  reasoning: 'oversight.errors.reasoning',
  recommendations: 'oversight.errors.text',
  disclosure: 'oversight.errors.text',
  note: 'oversight.errors.text',
  move: 'oversight.errors.conflict',
  name: 'oversight.errors.name',
  kind: 'oversight.errors.kind',
  area: 'oversight.errors.area',
  organisation: 'oversight.errors.organisation',
  ack_days: 'oversight.errors.days',
  decision_days: 'oversight.errors.days',
  from: 'oversight.errors.date',
  to: 'oversight.errors.date',
  work_start: 'oversight.errors.hour',
  work_end: 'oversight.errors.hour',
  bulk_threshold: 'oversight.errors.bulk',
  stage: 'oversight.errors.filter',
};
const { fieldErrors, handleForm } = formHandlers((req, err, field) => {
  if (err.code === 'conflict') return req.t('oversight.errors.conflict');
  const key = FIELD_KEYS[field] ?? FIELD_KEYS[err.field ?? ''];
  return key ? req.t(key) : req.t('oversight.errors.field', { message: err.message });
});

/** A whole number typed in a form, or NaN so the service names the field. */
const whole = (raw: string | undefined): number => (raw && /^\d{1,6}$/.test(raw.trim()) ? Number(raw) : NaN);

export async function oversightRoutes(app: FastifyInstance, opts: { ctx: AppContext }) {
  const { complaints, oversightBodies, accessReview, geo } = opts.ctx.services;
  const zone = opts.ctx.config.timeZone;

  /** Area pickers and names, in the reader's language. */
  async function areaData(req: FastifyRequest) {
    const { groups, areas } = await geo.choices(req.actor, req.locale as Locale);
    const byCode = new Map(areas.map((a) => [a.code, areaName(parseNames(a.names), req.locale, a.code)]));
    const byPath = new Map(areas.map((a) => [a.path, byCode.get(a.code)!]));
    return { groups, byCode, byPath };
  }

  await app.register(async (staff) => {
    staff.addHook('preHandler', requireSignedInPage);

    // --- the work queue --------------------------------------------------------------------------
    staff.get(
      '/staff/complaints',
      { config: policy('queue', COMPLAINT), schema: { hide: true, querystring: QueueQ } },
      async (req, reply) => {
        const q = req.query as Body;
        const filters = {
          stage: q.stage ?? '',
          kind: q.kind ?? '',
          area: q.area ?? '',
          overdue: q.overdue === '1',
        };
        let errors: FieldErrors = {};
        let result: Awaited<ReturnType<typeof complaints.queue>> = { items: [], now: '' };
        try {
          result = await complaints.queue(req.actor, filters);
        } catch (err) {
          const e = fieldErrors(req, err, 'stage');
          if (!e) throw err;
          errors = e;
          reply.code(400);
        }
        const { groups, byCode } = await areaData(req);
        return reply.page(
          ComplaintQueuePage({
            t: req.t,
            time: timeFormat(req.locale, zone),
            items: result.items.map((c) => ({
              ...c,
              overdue: isOverdue(c, result.now),
              areaName: byCode.get(c.area_code) ?? c.area_code,
            })),
            filters,
            areas: groups,
            errors,
          }),
          { title: req.t('oversight.queue.title') },
        );
      },
    );

    // --- the officer concerned: what oversight disclosed, nothing else --------------------------
    staff.get(
      '/staff/complaints/about-me',
      { config: policy('disclosures', COMPLAINT), schema: { hide: true } },
      async (req, reply) =>
        reply.page(
          DisclosuresPage({
            t: req.t,
            time: timeFormat(req.locale, zone),
            items: await complaints.myDisclosures(req.actor),
          }),
          { title: req.t('oversight.disclosures.title') },
        ),
    );

    // --- one complaint ---------------------------------------------------------------------------
    const renderComplaint = async (
      req: FastifyRequest,
      reply: FastifyReply,
      values: Body,
      errors: FieldErrors,
      identity: IdentityView | null = null,
    ) => {
      const id = (req.params as { id: string }).id;
      const d = await complaints.get(req.actor, id);
      const decidable =
        d.canManage && (d.complaint.stage === 'acknowledged' || d.complaint.stage === 'under_review');
      const officers = decidable ? await complaints.officerChoices(req.actor, id) : [];
      const { byCode } = await areaData(req);
      const csrfToken = reply.generateCsrf();
      return reply.page(
        ComplaintPage({
          t: req.t,
          time: timeFormat(req.locale, zone),
          csrf: csrfToken,
          complaint: d.complaint,
          events: d.events,
          areaName: byCode.get(d.complaint.area_code) ?? d.complaint.area_code,
          canManage: d.canManage,
          canViewIdentity: d.canViewIdentity,
          overdue: d.overdue,
          photoIds: d.photoIds,
          identity,
          officers,
          values: values as Record<string, string>,
          errors,
        }),
        { title: req.t('oversight.detail.title', { reference: d.complaint.reference }), csrfToken },
      );
    };
    staff.get(
      '/staff/complaints/:id',
      { config: policy('read', COMPLAINT), schema: { hide: true, params: Id } },
      async (req, reply) => renderComplaint(req, reply, {}, {}),
    );
    staff.get(
      '/staff/complaints/:id/photos/:photoId',
      { config: policy('read', COMPLAINT), schema: { hide: true, params: PhotoP } },
      async (req, reply) => {
        const { id, photoId } = req.params as { id: string; photoId: string };
        const photo = await complaints.photo(req.actor, id, photoId);
        return reply
          .header('cache-control', 'private, no-store')
          .header('x-content-type-options', 'nosniff')
          .type(photo.mime)
          .send(photo.data);
      },
    );
    for (const move of ['acknowledge', 'review'] as const)
      staff.post(
        `/staff/complaints/:id/${move}`,
        { config: policy('manage', COMPLAINT), schema: { hide: true, params: Id, body: NoteForm } },
        async (req, reply) => {
          const id = (req.params as { id: string }).id;
          const b = req.body as Body;
          return handleForm(req, reply, {
            body: b,
            action: () => complaints.move(req.actor, id, move, b.note),
            fallback: 'note',
            redirect: () => `/staff/complaints/${id}`,
            render: (v, errors) => renderComplaint(req, reply, v, errors),
            status: (err) => (err.code === 'conflict' ? 409 : 400),
          });
        },
      );
    staff.post(
      '/staff/complaints/:id/decide',
      { config: policy('manage', COMPLAINT), schema: { hide: true, params: Id, body: DecideForm } },
      async (req, reply) => {
        const id = (req.params as { id: string }).id;
        const b = req.body as Body;
        return handleForm(req, reply, {
          body: b,
          action: () =>
            complaints.decide(req.actor, id, {
              officerPersonId: b.officer || null,
              outcome: b.outcome ?? '',
              reasoning: b.reasoning ?? '',
              recommendations: b.recommendations,
              disclosure: b.disclosure,
            }),
          fallback: 'outcome',
          redirect: () => `/staff/complaints/${id}`,
          render: (v, errors) => renderComplaint(req, reply, v, errors),
          status: (err) => (err.code === 'conflict' ? 409 : 400),
        });
      },
    );
    // The identity is shown in the POST response itself (no-store), never kept in a URL.
    staff.post(
      '/staff/complaints/:id/identity',
      { config: policy('identity', COMPLAINT), schema: { hide: true, params: Id, body: form({}) } },
      async (req, reply) => {
        const id = (req.params as { id: string }).id;
        const who = await complaints.identity(req.actor, id);
        reply.header('cache-control', 'no-store');
        return renderComplaint(
          req,
          reply,
          {},
          {},
          {
            name: who.contact?.name ?? who.person?.displayName ?? null,
            phone: who.contact?.phone ?? who.person?.phone ?? null,
            email: who.contact?.email ?? who.person?.email ?? null,
          },
        );
      },
    );

    // --- access review ---------------------------------------------------------------------------
    staff.get(
      '/staff/access-review',
      { config: policy('read', ACCESS_REVIEW), schema: { hide: true, querystring: ReviewQ } },
      async (req, reply) => {
        const q = req.query as Body;
        const num = (v: string | undefined) => (v === undefined || v === '' ? undefined : whole(v));
        let errors: FieldErrors = {};
        let review = null;
        try {
          review = await accessReview.review(req.actor, {
            from: q.from || undefined,
            to: q.to || undefined,
            workStart: num(q.work_start),
            workEnd: num(q.work_end),
            bulkThreshold: num(q.bulk_threshold),
            onlyAnomalies: q.only === '1',
          });
        } catch (err) {
          const e = fieldErrors(req, err, 'from');
          if (!e) throw err;
          errors = e;
          reply.code(400);
        }
        const { byPath } = await areaData(req);
        const values = review
          ? {
              from: review.from,
              to: review.to,
              work_start: String(review.workStart),
              work_end: String(review.workEnd),
              bulk_threshold: String(review.bulkThreshold),
              only: q.only ?? '',
            }
          : (q as Record<string, string>);
        return reply.page(
          AccessReviewPage({
            t: req.t,
            time: timeFormat(req.locale, zone),
            review,
            values,
            errors,
            areaName: (path) => {
              if (!path) return '—';
              const parts = path.split('/').filter(Boolean);
              for (let i = parts.length; i > 0; i--) {
                const n = byPath.get(`/${parts.slice(0, i).join('/')}/`);
                if (n) return n;
              }
              return '—';
            },
          }),
          { title: req.t('oversight.access.title') },
        );
      },
    );

    // --- oversight bodies (four eyes) ------------------------------------------------------------
    const renderBodies = async (
      req: FastifyRequest,
      reply: FastifyReply,
      values: Body,
      errors: FieldErrors,
    ) => {
      const list = await oversightBodies.list(req.actor);
      const { groups, byCode } = await areaData(req);
      const csrfToken = reply.generateCsrf();
      return reply.page(
        OversightBodiesPage({
          t: req.t,
          csrf: csrfToken,
          bodies: list.bodies,
          pending: list.pending.map((c) => ({
            id: c.id,
            mine: c.requested_by === req.actor.personId,
            name: c.proposal_parsed.name,
            kind: c.proposal_parsed.kind,
            areaName: byCode.get(c.proposal_parsed.areaCode) ?? c.proposal_parsed.areaCode,
            ackDays: c.proposal_parsed.ackDays,
            decisionDays: c.proposal_parsed.decisionDays,
            active: c.proposal_parsed.active,
            isNew: c.body_id === null,
          })),
          areas: groups,
          areaName: (code) => byCode.get(code) ?? code,
          organisations: list.organisations.map((o) => ({ value: o.id, label: o.name })),
          canPropose: req.actor.grants.some((g) => g.role === 'admin'),
          values: values as Record<string, string>,
          errors,
        }),
        { title: req.t('oversight.bodies.title'), csrfToken },
      );
    };
    staff.get(
      '/admin/oversight-bodies',
      { config: policy('read', OVERSIGHT_BODY), schema: { hide: true } },
      async (req, reply) => renderBodies(req, reply, {}, {}),
    );
    staff.post(
      '/admin/oversight-bodies',
      { config: policy('propose', OVERSIGHT_BODY), schema: { hide: true, body: BodyForm } },
      async (req, reply) => {
        const b = req.body as Body;
        return handleForm(req, reply, {
          body: { ...b, active: b.active === '1' ? '1' : '0' },
          action: () =>
            oversightBodies.propose(req.actor, {
              bodyId: b.body_id || undefined,
              name: b.name ?? '',
              kind: b.kind ?? '',
              areaCode: b.area ?? '',
              organisationId: b.organisation || null,
              ackDays: whole(b.ack_days),
              decisionDays: whole(b.decision_days),
              active: b.active === '1',
            }),
          fallback: 'name',
          redirect: () => '/admin/oversight-bodies',
          render: (v, errors) => renderBodies(req, reply, v, errors),
        });
      },
    );
    for (const verb of ['confirm', 'refuse'] as const)
      staff.post(
        `/admin/oversight-bodies/changes/:id/${verb}`,
        { config: policy('confirm', OVERSIGHT_BODY), schema: { hide: true, params: Id, body: form({}) } },
        async (req, reply) => {
          const id = (req.params as { id: string }).id;
          return handleForm(req, reply, {
            body: {} as Body,
            action: () => oversightBodies.decide(req.actor, id, verb === 'confirm'),
            fallback: 'name',
            redirect: () => '/admin/oversight-bodies',
            render: (v, errors) => renderBodies(req, reply, v, errors),
            status: (err) => (err.code === 'conflict' ? 409 : 400),
          });
        },
      );
  });
}
