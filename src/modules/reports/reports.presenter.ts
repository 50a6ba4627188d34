/** Explicit field lists for everything the reports API sends. Nothing leaves that is not named here. */
import type { Report, ReportEvent, ReportPhoto, ResponseTemplate } from '../../db/schema.ts';
import type { Translate } from '../../shared/i18n.ts';
import type { CategoryView } from './categories.service.ts';
import type { ThreadView } from './follow-up.service.ts';
import type { ReportDetail } from './reports.service.ts';
import { AGREE_SCALE, FEEDBACK_ITEMS, FEEDBACK_RESOLVED, type Status } from './reports.types.ts';

/** Plain-language status names residents see (and staff pages may reuse). */
export const STATUS_LABEL_KEYS: Readonly<Record<Status, string>> = {
  new: 'resident.status.new',
  acknowledged: 'resident.status.acknowledged',
  in_progress: 'resident.status.in_progress',
  action_scheduled: 'resident.status.action_scheduled',
  resolved: 'resident.status.resolved',
  closed_duplicate: 'resident.status.closed_duplicate',
  closed_not_police: 'resident.status.closed_not_police',
  closed_no_action: 'resident.status.closed_no_action',
};

export function statusLabel(t: Translate, status: string): string {
  const key = STATUS_LABEL_KEYS[status as Status];
  return key ? t(key) : status;
}

const FEEDBACK_QUESTION_KEYS: Readonly<Record<(typeof FEEDBACK_ITEMS)[number], string>> = {
  'pc-voice': 'resident.feedback.voice',
  'pc-respect': 'resident.feedback.respect',
  'pc-fair': 'resident.feedback.fair',
  'pc-informed': 'resident.feedback.informed',
};
const RESOLVED_KEYS: Readonly<Record<(typeof FEEDBACK_RESOLVED)[number], string>> = {
  yes: 'resident.feedback.resolvedYes',
  partly: 'resident.feedback.resolvedPartly',
  no: 'resident.feedback.resolvedNo',
};
const AGREE_KEYS: Readonly<Record<(typeof AGREE_SCALE)[number], string>> = {
  agree_strongly: 'resident.feedback.agreeStrongly',
  agree: 'resident.feedback.agree',
  neither: 'resident.feedback.neither',
  disagree: 'resident.feedback.disagree',
  disagree_strongly: 'resident.feedback.disagreeStrongly',
};

/** The "was it resolved?" form, in the reader's language (seed/surveys/item-bank.json `post_contact`). */
export function feedbackQuestions(t: Translate) {
  const agree = AGREE_SCALE.map((value) => ({ value, label: t(AGREE_KEYS[value]) }));
  return [
    {
      id: 'resolved',
      question: t('resident.feedback.resolved'),
      options: FEEDBACK_RESOLVED.map((value) => ({ value, label: t(RESOLVED_KEYS[value]) })),
    },
    ...FEEDBACK_ITEMS.map((id) => ({ id, question: t(FEEDBACK_QUESTION_KEYS[id]), options: agree })),
  ];
}

export function presentCategory(c: CategoryView, admin: boolean) {
  return {
    code: c.code,
    group: c.group,
    names: c.names,
    guidance: c.guidance,
    desk: c.desk,
    sensitive: c.sensitive,
    questions: c.questions,
    ...(admin ? { active: c.active, sort: c.sort } : {}),
  };
}

function excerpt(text: string): string {
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

/** A queue row. Analysts get no excerpt and no exact place. */
export function presentSummary(r: Report, analyst: boolean) {
  return {
    id: r.id,
    reference: r.reference,
    category: r.category_code,
    status: r.status,
    privacy: r.privacy,
    desk: r.desk,
    area_code: r.area_code,
    held_for_review: r.held_for_review === 1,
    assigned_person_id: r.assigned_person_id,
    assigned_organisation_id: r.assigned_organisation_id,
    problem_id: r.problem_id,
    created_at: r.created_at,
    updated_at: r.updated_at,
    acknowledged_at: r.acknowledged_at,
    resolved_at: r.resolved_at,
    time_to_ack_seconds: r.time_to_ack_seconds,
    time_to_resolve_seconds: r.time_to_resolve_seconds,
    ...(analyst ? {} : { excerpt: excerpt(r.description) }),
  };
}

export function presentEvent(e: ReportEvent) {
  return {
    id: e.id,
    kind: e.kind,
    visibility: e.visibility,
    from_status: e.from_status,
    to_status: e.to_status,
    reason: e.reason,
    body: e.body,
    details: e.details ? (JSON.parse(e.details) as Record<string, unknown>) : null,
    actor_person_id: e.actor_person_id,
    created_at: e.created_at,
  };
}

export function presentPhoto(p: ReportPhoto) {
  return {
    id: p.id,
    mime: p.mime,
    width: p.width,
    height: p.height,
    bytes: p.bytes,
    created_at: p.created_at,
  };
}

/** The staff view of one report. Contact details are never here (see the identity endpoint). */
export function presentDetail(d: ReportDetail) {
  const r = d.report;
  return {
    ...presentSummary(r, false),
    description: r.description,
    lat: r.lat,
    lon: r.lon,
    public_lat: r.public_lat,
    public_lon: r.public_lon,
    address: r.address,
    occurred_at: r.occurred_at,
    channel: r.channel,
    answers: JSON.parse(r.answers) as Record<string, string | number>,
    duplicate_of: r.duplicate_of,
    closed_reason: r.closed_reason,
    referred_to: r.referred_to,
    reporter_shared: r.privacy !== 'anonymous',
    can_view_identity: d.canViewIdentity,
    personal_data_deleted: r.personal_data_deleted_at !== null,
    events: d.events.map(presentEvent),
    photos: d.photos.map(presentPhoto),
  };
}

/** What the reporter sees on /track: plain status, public notes, the messages; never internal notes. */
export function presentThread(v: ThreadView, t: Translate) {
  const r = v.report;
  return {
    reference: r.reference,
    category: r.category_code,
    status: r.status,
    status_label: statusLabel(t, r.status),
    created_at: r.created_at,
    updated_at: r.updated_at,
    photos: v.photos,
    // What the reporter told us, shown back so they know the thread is theirs.
    description: r.description,
    address: r.address,
    privacy: r.privacy,
    /** On the public list and its own public page (the excerpt only, never the reporter). */
    is_public:
      r.privacy === 'public' &&
      r.sensitive === 0 &&
      r.held_for_review === 0 &&
      r.public_lat !== null &&
      r.public_lon !== null,
    feedback_given: v.feedbackGiven,
    can_give_feedback: v.canGiveFeedback,
    feedback_questions: v.canGiveFeedback ? feedbackQuestions(t) : [],
    events: v.events
      .filter((e) => e.visibility !== 'internal')
      .map((e) => ({
        kind: e.kind,
        at: e.created_at,
        status: e.to_status,
        status_label: e.to_status ? statusLabel(t, e.to_status) : null,
        body: e.body,
        from: e.kind === 'message_in' || e.kind === 'info' ? ('you' as const) : ('team' as const),
      })),
  };
}

export function presentTemplate(tpl: ResponseTemplate) {
  return { id: tpl.id, category: tpl.category_code, locale: tpl.locale, title: tpl.title, body: tpl.body };
}

/** Public data of a public, non-sensitive report ("is this the same?" and the public list). */
export function presentPublic(r: Report, t: Translate) {
  return {
    reference: r.reference,
    category: r.category_code,
    status: r.status,
    status_label: statusLabel(t, r.status),
    area_code: r.area_code,
    public_lat: r.public_lat,
    public_lon: r.public_lon,
    created_at: r.created_at,
    excerpt: excerpt(r.description),
  };
}
