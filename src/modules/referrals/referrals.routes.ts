/**
 * Referral pages (HTML first, JS off, POST → 303 → GET, errors next to their fields with a summary).
 * The routes parse and render; the service decides who may see what.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.ts';
import { policy } from '../../plugins/access.ts';
import { ID_PATTERN } from '../../shared/ids.ts';
import type { Actor } from '../../shared/policy.ts';
import { countryOfAreaCode, timeFormat, zoneOfCountry } from '../../shared/time-format.ts';
import type { FieldErrors } from '../../views/form.tsx';
import { formHandlers } from '../../views/form-route.ts';
import { requireSignedInPage } from '../accounts/auth.routes.ts';
import { areaName, parseNames } from '../geo/geo.presenter.ts';
import {
  PANEL_ROLES,
  REFERRAL,
  REFERRAL_ACTION,
  REFERRAL_PANEL,
  REFERRAL_STATS,
} from './referrals.policy.ts';
import { PanelPage } from './views/panel-page.tsx';
import { BehaviourWarningError } from './referrals.service.ts';
import type { BehaviourWarning } from './behaviour-check.ts';
import { SOURCES } from './referrals.types.ts';
import { KEYS, label } from './views/labels.ts';
import {
  ActionPage,
  OpenedPage,
  OpenReferralPage,
  ReferralPage,
  ReferralsListPage,
  StatsPage,
} from './views/referral-pages.tsx';

type Values = Record<string, string | string[]>;
const Str = (max = 1000) => Type.Optional(Type.String({ maxLength: max }));
const Many = (max = 64) =>
  Type.Optional(
    Type.Union([
      Type.String({ maxLength: max }),
      Type.Array(Type.String({ maxLength: max }), { maxItems: 30 }),
    ]),
  );
const form = (fields: Record<string, ReturnType<typeof Str> | ReturnType<typeof Many>>) =>
  Type.Object({ _csrf: Str(200), ...fields }, { additionalProperties: false });
const Id = Type.Object({ id: Type.String({ pattern: ID_PATTERN }) });
const AreaCodeS = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._-]+$' });
const PanelQuery = Type.Object(
  { area: Type.Optional(Type.String({ maxLength: 64, pattern: '^[A-Za-z0-9._-]*$' })) },
  { additionalProperties: false },
);
const PanelParams = Type.Object({ areaCode: AreaCodeS });
const MemberParams = Type.Object({ areaCode: AreaCodeS, personId: Type.String({ pattern: ID_PATTERN }) });
const PanelForm = form({ personId: Str(64) });
const EmptyForm = form({});

const OpenForm = form({
  source: Str(20),
  sourceReportId: Str(64),
  sourceForumId: Str(64),
  areaCode: Str(64),
  observedDate: Str(10),
  observedTime: Str(5),
  observedAreaCode: Str(64),
  behaviour: Str(5000),
  riskFactors: Many(),
  protectiveFactors: Many(),
  riskNotes: Str(2000),
  protectiveNotes: Str(2000),
  subjectMinor: Str(3),
  confirmBehaviour: Str(1),
});
const ConsentForm = form({
  givenBy: Str(20),
  consenterName: Str(200),
  relationship: Str(100),
  method: Str(20),
  givenDate: Str(10),
  givenTime: Str(5),
  purposes: Many(),
  agencyIds: Many(),
  subjectName: Str(200),
  subjectContact: Str(300),
  note: Str(2000),
});
const WithdrawForm = form({ note: Str(2000), legalDutyRole: Str(200), legalDutyBasis: Str(2000) });
const ChecklistForm = form({ items: Many() });
const DecisionForm = form({ decision: Str(30), rationale: Str(5000), referredTo: Str(300) });
const ActionForm = form({
  ownerOrganisationId: Str(64),
  text: Str(2000),
  deadline: Str(10),
  reviewDates: Many(10),
});
const ReviewForm = form({ reviewedOn: Str(10), notes: Str(5000), nextReviewOn: Str(10) });
const CloseForm = form({ outcome: Str(30), supportDelivered: Str(3) });
const ActionUpdateForm = form({ status: Str(20), note: Str(2000) });
const NewQuery = Type.Object(
  {
    report: Type.Optional(Type.String({ pattern: ID_PATTERN })),
    forum: Type.Optional(Type.String({ pattern: ID_PATTERN })),
  },
  { additionalProperties: false },
);
const OpenedQuery = Type.Object(
  { ref: Type.String({ pattern: '^R-[0-9A-F]{6}$' }) },
  { additionalProperties: false },
);

/** A refusal in the reader's language: the module's words for the field (or for a conflict), else the service's. */
const { handleForm } = formHandlers((req, err, field) => {
  if (err.code === 'conflict') return req.t('referrals.errors.conflict');
  const key = `errors.${field}`;
  return KEYS.has(`referrals.${key}`)
    ? label(req.t, key)
    : req.t('referrals.errors.field', { message: err.message });
});

const list = (v: string | string[] | undefined): string[] => (v === undefined || v === '' ? [] : [v].flat());
const yesNo = (v: string | undefined): boolean | undefined =>
  v === 'yes' ? true : v === 'no' ? false : undefined;

/** The district level of a grant's path: a school's ayil aimak refers to its district's panel. */
function districtPath(path: string): string {
  const parts = path.split('/').filter(Boolean);
  return parts.length >= 3 ? `/${parts.slice(0, 3).join('/')}/` : path;
}

export async function referralsRoutes(app: FastifyInstance, opts: { ctx: AppContext }) {
  const { referrals, geo } = opts.ctx.services;
  const deploymentZone = opts.ctx.config.timeZone;

  const areaTools = async (req: FastifyRequest) => {
    const within = req.actor.grants.filter((g) => PANEL_ROLES.includes(g.role)).map((g) => g.areaPath);
    const { areas } = await geo.choices(req.actor, req.locale);
    const names = new Map(areas.map((a) => [a.code, areaName(parseNames(a.names), req.locale, a.code)]));
    return {
      label: (code: string) => names.get(code) ?? code,
      panel: async () =>
        (await geo.choices(req.actor, req.locale, { within: within.map(districtPath), kinds: ['district'] }))
          .groups,
      place: async () =>
        (
          await geo.choices(req.actor, req.locale, {
            within: within.map(districtPath),
            kinds: ['district', 'municipality', 'beat'],
          })
        ).groups,
    };
  };
  const zoneOf = (code: string | undefined) => zoneOfCountry(countryOfAreaCode(code ?? 'KG'), deploymentZone);

  await app.register(async (staff) => {
    staff.addHook('preHandler', requireSignedInPage);

    staff.get(
      '/staff/referrals',
      { config: policy('list', REFERRAL), schema: { hide: true } },
      async (req, reply) => {
        const [items, actions, panelPaths, areas] = await Promise.all([
          referrals.list(req.actor),
          referrals.myActions(req.actor),
          referrals.panelsOf(req.actor),
          areaTools(req),
        ]);
        return reply.page(
          ReferralsListPage({
            t: req.t,
            items,
            actions,
            canOpen: true,
            onPanel: panelPaths.length > 0,
            tf: timeFormat(req.locale, deploymentZone),
            areaLabel: areas.label,
          }),
          { title: req.t('referrals.list.title') },
        );
      },
    );

    const renderOpen = async (
      req: FastifyRequest,
      reply: FastifyReply,
      values: Values,
      errors: FieldErrors,
      warnings: BehaviourWarning[],
    ) => {
      const areas = await areaTools(req);
      const csrfToken = reply.generateCsrf();
      return reply.page(
        OpenReferralPage({
          t: req.t,
          locale: req.locale,
          csrf: csrfToken,
          values,
          errors,
          panelAreas: await areas.panel(),
          placeAreas: await areas.place(),
          sources: SOURCES,
          warnings,
          zone: timeFormat(req.locale, zoneOf(req.actor.grants[0]?.areaCode)).zone(),
        }),
        { title: req.t('referrals.open.title'), csrfToken },
      );
    };
    staff.get(
      '/staff/referrals/new',
      { config: policy('open', REFERRAL), schema: { hide: true, querystring: NewQuery } },
      async (req, reply) => {
        const q = req.query as { report?: string; forum?: string };
        const source = q.report ? 'prevention_desk' : q.forum ? 'forum' : 'partner';
        return renderOpen(
          req,
          reply,
          { source, sourceReportId: q.report ?? '', sourceForumId: q.forum ?? '' },
          {},
          [],
        );
      },
    );
    staff.post(
      '/staff/referrals',
      { config: policy('open', REFERRAL), schema: { hide: true, body: OpenForm } },
      async (req, reply) => {
        const b = req.body as Record<string, string | string[] | undefined>;
        const s = (k: string) => (typeof b[k] === 'string' ? (b[k] as string) : '');
        const values = Object.fromEntries(
          Object.entries(b).filter((e): e is [string, string | string[]] => e[1] !== undefined),
        );
        let warnings: BehaviourWarning[] = [];
        return handleForm(req, reply, {
          body: values,
          action: async () => {
            try {
              return await referrals.open(req.actor, {
                source: s('source'),
                sourceReportId: s('sourceReportId') || null,
                sourceForumId: s('sourceForumId') || null,
                areaCode: s('areaCode'),
                observedDate: s('observedDate'),
                observedTime: s('observedTime'),
                observedAreaCode: s('observedAreaCode'),
                behaviour: s('behaviour'),
                riskFactors: list(b.riskFactors),
                protectiveFactors: list(b.protectiveFactors),
                riskNotes: s('riskNotes'),
                protectiveNotes: s('protectiveNotes'),
                subjectMinor: yesNo(s('subjectMinor')) as boolean,
                confirmBehaviour: s('confirmBehaviour') === '1',
              });
            } catch (err) {
              // The checker's warnings are shown above the form, with a box to confirm the text.
              if (err instanceof BehaviourWarningError) warnings = err.warnings;
              throw err;
            }
          },
          fallback: 'behaviour',
          redirect: (_v, r) =>
            r.onPanel ? `/staff/referrals/${r.id}` : `/staff/referrals/opened?ref=${r.reference}`,
          render: (v, errors) =>
            renderOpen(
              req,
              reply,
              v,
              warnings.length > 0 ? { behaviour: req.t('referrals.errors.behaviourWarning') } : errors,
              warnings,
            ),
        });
      },
    );
    staff.get(
      '/staff/referrals/opened',
      { config: policy('open', REFERRAL), schema: { hide: true, querystring: OpenedQuery } },
      async (req, reply) =>
        reply.page(OpenedPage({ t: req.t, reference: (req.query as { ref: string }).ref }), {
          title: req.t('referrals.opened.title'),
        }),
    );

    const renderReferral = async (
      req: FastifyRequest,
      reply: FastifyReply,
      id: string,
      values: Values,
      errors: FieldErrors,
    ) => {
      const d = await referrals.get(req.actor, { id });
      const agencies = d.can.consent ? await referrals.agencyOptions(req.actor, { id }) : [];
      const areas = await areaTools(req);
      const zone = zoneOf(d.areaCode);
      const csrfToken = reply.generateCsrf();
      return reply.page(
        ReferralPage({
          t: req.t,
          locale: req.locale,
          csrf: csrfToken,
          values,
          errors,
          d,
          agencies,
          tf: timeFormat(req.locale, zone),
          areaLabel: areas.label,
          zone: timeFormat(req.locale, zone).zone(),
        }),
        { title: req.t('referrals.detail.title', { reference: d.reference }), csrfToken },
      );
    };
    staff.get(
      '/staff/referrals/:id',
      { config: policy('read', REFERRAL), schema: { hide: true, params: Id } },
      async (req, reply) => renderReferral(req, reply, (req.params as { id: string }).id, {}, {}),
    );

    /** One form on the referral page: the service call, then back to the page (or the page with errors). */
    const referralPost = (
      path: string,
      body: ReturnType<typeof form>,
      fallback: string,
      run: (actor: Actor, id: string, b: Record<string, string | string[] | undefined>) => Promise<unknown>,
    ) =>
      staff.post(
        `/staff/referrals/:id/${path}`,
        { config: policy('work', REFERRAL), schema: { hide: true, params: Id, body } },
        async (req, reply) => {
          const { id } = req.params as { id: string };
          const b = req.body as Record<string, string | string[] | undefined>;
          const values = Object.fromEntries(
            Object.entries(b).filter((e): e is [string, string | string[]] => e[1] !== undefined),
          );
          return handleForm(req, reply, {
            body: values,
            action: () => run(req.actor, id, b),
            fallback,
            // A conflict (closed meanwhile, a race lost) is answered 409 with the page and its message.
            status: (err) => err.statusCode,
            redirect: () => `/staff/referrals/${id}`,
            render: (v, errors) => renderReferral(req, reply, id, v, errors),
          });
        },
      );
    const s = (b: Record<string, string | string[] | undefined>, k: string) =>
      typeof b[k] === 'string' ? (b[k] as string) : '';

    referralPost('consent', ConsentForm, 'givenBy', (a, id, b) =>
      referrals.recordConsent(a, id, {
        givenBy: s(b, 'givenBy'),
        method: s(b, 'method'),
        givenDate: s(b, 'givenDate'),
        givenTime: s(b, 'givenTime'),
        purposes: list(b.purposes),
        agencyIds: list(b.agencyIds),
        consenterName: s(b, 'consenterName'),
        relationship: s(b, 'relationship'),
        subjectName: s(b, 'subjectName'),
        subjectContact: s(b, 'subjectContact'),
        note: s(b, 'note'),
      }),
    );
    referralPost('withdraw', WithdrawForm, 'legalDutyRole', (a, id, b) =>
      referrals.withdrawConsent(a, id, {
        note: s(b, 'note'),
        legalDutyRole: s(b, 'legalDutyRole'),
        legalDutyBasis: s(b, 'legalDutyBasis'),
      }),
    );
    referralPost('checklist', ChecklistForm, 'items', (a, id, b) =>
      referrals.recordChecklist(a, id, { items: list(b.items) }),
    );
    referralPost('decision', DecisionForm, 'decision', (a, id, b) =>
      referrals.decide(a, id, {
        decision: s(b, 'decision'),
        rationale: s(b, 'rationale'),
        referredTo: s(b, 'referredTo'),
      }),
    );
    referralPost('actions', ActionForm, 'ownerOrganisationId', (a, id, b) =>
      referrals.addAction(a, id, {
        ownerOrganisationId: s(b, 'ownerOrganisationId'),
        text: s(b, 'text'),
        deadline: s(b, 'deadline'),
        reviewDates: list(b.reviewDates),
      }),
    );
    referralPost('reviews', ReviewForm, 'notes', (a, id, b) =>
      referrals.addReview(a, id, {
        reviewedOn: s(b, 'reviewedOn'),
        notes: s(b, 'notes'),
        nextReviewOn: s(b, 'nextReviewOn') || null,
      }),
    );
    referralPost('close', CloseForm, 'outcome', (a, id, b) =>
      referrals.close(a, id, {
        outcome: s(b, 'outcome'),
        supportDelivered: yesNo(s(b, 'supportDelivered')) as boolean,
      }),
    );

    const renderAction = async (
      req: FastifyRequest,
      reply: FastifyReply,
      id: string,
      values: Values,
      errors: FieldErrors,
    ) => {
      const a = await referrals.getAction(req.actor, { id });
      const csrfToken = reply.generateCsrf();
      return reply.page(
        ActionPage({
          t: req.t,
          locale: req.locale,
          csrf: csrfToken,
          values,
          errors,
          a,
          tf: timeFormat(req.locale, deploymentZone),
        }),
        { title: req.t('referrals.actionPage.title', { reference: a.reference }), csrfToken },
      );
    };
    staff.get(
      '/staff/referral-actions/:id',
      { config: policy('read', REFERRAL_ACTION), schema: { hide: true, params: Id } },
      async (req, reply) => renderAction(req, reply, (req.params as { id: string }).id, {}, {}),
    );
    staff.post(
      '/staff/referral-actions/:id',
      {
        config: policy('update', REFERRAL_ACTION),
        schema: { hide: true, params: Id, body: ActionUpdateForm },
      },
      async (req, reply) => {
        const { id } = req.params as { id: string };
        const b = req.body as Record<string, string | undefined>;
        const values = { status: b.status ?? '', note: b.note ?? '' };
        return handleForm(req, reply, {
          body: values,
          action: () => referrals.updateAction(req.actor, id, values),
          fallback: 'status',
          redirect: () => `/staff/referral-actions/${id}`,
          render: (v, errors) => renderAction(req, reply, id, v, errors),
        });
      },
    );

    const renderPanel = async (
      req: FastifyRequest,
      reply: FastifyReply,
      areaCode: string,
      errors: FieldErrors,
    ) => {
      const within = req.actor.grants
        .filter((g) => g.role === 'prevention_coordinator')
        .map((g) => g.areaPath);
      const [{ groups }, areas] = await Promise.all([
        geo.choices(req.actor, req.locale, { within, kinds: ['district'] }),
        areaTools(req),
      ]);
      const members = areaCode ? await referrals.listPanel(req.actor, { areaCode }) : [];
      const candidates = areaCode ? await referrals.panelCandidates(req.actor, { areaCode }) : [];
      const csrfToken = reply.generateCsrf();
      return reply.page(
        PanelPage({
          t: req.t,
          csrf: csrfToken,
          areas: groups,
          areaCode,
          areaLabel: areaCode ? areas.label(areaCode) : '',
          members,
          candidates,
          errors,
        }),
        { title: req.t('referrals.panelPage.title'), csrfToken },
      );
    };
    staff.get(
      '/staff/referral-panels',
      { config: policy('list', REFERRAL_PANEL), schema: { hide: true, querystring: PanelQuery } },
      async (req, reply) => renderPanel(req, reply, (req.query as { area?: string }).area ?? '', {}),
    );
    staff.post(
      '/staff/referral-panels/:areaCode/members',
      {
        config: policy('manage', REFERRAL_PANEL),
        schema: { hide: true, params: PanelParams, body: PanelForm },
      },
      async (req, reply) => {
        const { areaCode } = req.params as { areaCode: string };
        const b = req.body as { personId?: string };
        return handleForm(req, reply, {
          body: b,
          action: () => referrals.addPanelMember(req.actor, { areaCode, personId: b.personId ?? '' }),
          fallback: 'personId',
          redirect: () => `/staff/referral-panels?area=${encodeURIComponent(areaCode)}`,
          render: (_v, errors) => renderPanel(req, reply, areaCode, errors),
        });
      },
    );
    staff.post(
      '/staff/referral-panels/:areaCode/members/:personId/remove',
      {
        config: policy('manage', REFERRAL_PANEL),
        schema: { hide: true, params: MemberParams, body: EmptyForm },
      },
      async (req, reply) => {
        const { areaCode, personId } = req.params as { areaCode: string; personId: string };
        await referrals.removePanelMember(req.actor, { areaCode, personId });
        return reply.redirect(`/staff/referral-panels?area=${encodeURIComponent(areaCode)}`, 303);
      },
    );

    staff.get(
      '/staff/referral-stats',
      { config: policy('read', REFERRAL_STATS), schema: { hide: true } },
      async (req, reply) => {
        const [table, areas] = await Promise.all([referrals.stats(req.actor), areaTools(req)]);
        return reply.page(StatsPage({ t: req.t, table, areaLabel: areas.label }), {
          title: req.t('referrals.stats.title'),
        });
      },
    );
  });
}
