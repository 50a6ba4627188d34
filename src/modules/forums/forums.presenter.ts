/** What leaves the forums services: explicit fields only. Members' gender and age band never do. */
import type {
  Forum,
  ForumCommitment,
  ForumMember,
  Meeting,
  MeetingAgendaItem,
  MeetingDecision,
  OrganisationCommitment,
  OrganisationContact,
  OrganisationStatusChange,
} from '../../db/schema.ts';

export function presentForum(f: Forum) {
  return {
    id: f.id,
    name: f.name,
    kind: f.kind,
    areaCode: f.area_code,
    description: f.description,
    createdAt: f.created_at,
    updatedAt: f.updated_at,
  };
}
export type ForumView = ReturnType<typeof presentForum>;

export function presentMember(m: ForumMember, organisationName: string | null, today: string) {
  return {
    id: m.id,
    personId: m.person_id,
    displayName: m.display_name,
    organisationId: m.organisation_id,
    organisationName,
    role: m.role,
    termStart: m.term_start,
    termEnd: m.term_end,
    current: m.term_start <= today && (m.term_end === null || m.term_end >= today),
  };
}
export type MemberView = ReturnType<typeof presentMember>;

export function presentMeetingSummary(m: Meeting) {
  return {
    id: m.id,
    forumId: m.forum_id,
    title: m.title,
    startsAt: m.starts_at,
    endsAt: m.ends_at,
    mode: m.mode,
    place: m.place,
    visibility: m.visibility,
    status: m.status,
  };
}
export type MeetingSummaryView = ReturnType<typeof presentMeetingSummary>;

export function presentAgendaItem(a: MeetingAgendaItem) {
  return {
    id: a.id,
    position: a.position,
    title: a.title,
    refKind: a.ref_kind,
    refId: a.ref_id,
    commitmentId: a.commitment_id,
  };
}
export type AgendaItemView = ReturnType<typeof presentAgendaItem>;

export function presentCommitment(
  c: ForumCommitment,
  extra: { forumName?: string; ownerName: string | null },
) {
  return {
    id: c.id,
    forumId: c.forum_id,
    forumName: extra.forumName ?? null,
    meetingId: c.meeting_id,
    decisionId: c.decision_id,
    text: c.text,
    ownerPersonId: c.owner_person_id,
    ownerOrganisationId: c.owner_organisation_id,
    ownerName: extra.ownerName,
    deadline: c.deadline,
    status: c.status,
    doneAt: c.done_at,
  };
}
export type CommitmentView = ReturnType<typeof presentCommitment>;

export function presentDecision(d: MeetingDecision, commitment: CommitmentView | null) {
  return { id: d.id, position: d.position, text: d.text, commitment };
}
export type DecisionView = ReturnType<typeof presentDecision>;

/** The public face of a public meeting: no minutes, no names, no online link. */
export function presentPublicMeeting(
  m: Meeting,
  forum: { name: string; areaCode: string },
  agenda: MeetingAgendaItem[],
  decisions: MeetingDecision[],
) {
  return {
    id: m.id,
    forumName: forum.name,
    areaCode: forum.areaCode,
    title: m.title,
    startsAt: m.starts_at,
    endsAt: m.ends_at,
    mode: m.mode,
    place: m.place,
    status: m.status,
    residentsCount: m.status === 'held' ? m.residents_count : null,
    agenda: agenda.map((a) => a.title),
    decisions: decisions.map((d) => d.text),
    summary: m.public_summary,
  };
}
export type PublicMeetingView = ReturnType<typeof presentPublicMeeting>;

export function presentOrgCommitment(c: OrganisationCommitment) {
  return { confirmedOn: c.confirmed_on, confirmedBy: c.confirmed_by, text: c.text, recordedAt: c.created_at };
}
export function presentStatusChange(s: OrganisationStatusChange) {
  return { status: s.status, reason: s.reason, at: s.created_at };
}
export function presentContact(c: OrganisationContact) {
  return {
    contactName: c.contact_name,
    phone: c.phone,
    email: c.email,
    languages: JSON.parse(c.languages) as string[],
    updatedAt: c.updated_at,
  };
}
