/**
 * Forums, members, meetings (agenda, invitations, attendance, minutes, decisions) and the commitments
 * decisions become. Open commitments are carried onto the forum's next scheduled meeting until done.
 */
import type { Database, Trx } from '../../db/database.ts';
import type { Forum, ForumCommitment, ForumMember, Meeting } from '../../db/schema.ts';
import { NotFoundError, unknownChoice, ValidationError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { authorize, can, jurisdictionPaths, type Actor } from '../../shared/policy.ts';
import { LOCALES, type Locale } from '../../shared/i18n.ts';
import { nowIso } from '../../shared/time.ts';
import { ORGANISATION_KINDS } from '../accounts/accounts.schemas.ts';
import { areaRepository } from '../accounts/organisations.repository.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { AGE_BANDS, composition, GENDERS, type Composition } from './composition.ts';
import {
  AREA_ROLES,
  COMMITMENT,
  FORUM,
  MEETING,
  COORDINATOR_ROLES,
  type CommitmentResource,
  type ForumResource,
  type MeetingResource,
} from './forums.policy.ts';
import {
  presentAgendaItem,
  presentCommitment,
  presentDecision,
  presentForum,
  presentMeetingSummary,
  presentMember,
  presentPublicMeeting,
  type AgendaItemView,
  type CommitmentView,
  type DecisionView,
  type ForumView,
  type MeetingSummaryView,
  type MemberView,
  type PublicMeetingView,
} from './forums.presenter.ts';
import {
  agendaRepository,
  commitmentRepository,
  decisionRepository,
  forumRepository,
  meetingRepository,
  memberRepository,
  participantRepository,
} from './forums.repository.ts';
import {
  COMMITMENT_STATUSES,
  FORUM_KINDS,
  MEETING_MODES,
  MEETING_STATUSES,
  MEMBER_ROLES,
  REF_KINDS,
  RSVP_ANSWERS,
  VISIBILITIES,
  type RsvpAnswer,
} from './forums.types.ts';
import { serializeCalendar } from './icalendar.ts';
import {
  count,
  date,
  instant,
  oneOf,
  optionalId,
  optionalOneOf,
  optionalText,
  requiredText,
} from './forums.validate.ts';

const today = () => nowIso().slice(0, 10);
const isCurrent = (m: ForumMember, day: string) =>
  m.term_start <= day && (m.term_end === null || m.term_end >= day);

export function forumResource(forum: Forum, members: ForumMember[]): ForumResource {
  const day = today();
  const current = members.filter((m) => isCurrent(m, day));
  const personIds = (ms: ForumMember[]) => ms.map((m) => m.person_id).filter((p): p is string => !!p);
  return {
    areaPath: forum.area_path,
    memberPersonIds: personIds(current),
    memberOrganisationIds: current.map((m) => m.organisation_id).filter((o): o is string => !!o),
    editorPersonIds: personIds(current.filter((m) => m.role === 'chair' || m.role === 'secretary')),
    chairPersonIds: personIds(current.filter((m) => m.role === 'chair')),
  };
}

export interface ForumDetail {
  forum: ForumView;
  members: MemberView[];
  composition: Composition;
  meetings: MeetingSummaryView[];
  openCommitments: CommitmentView[];
  canManage: boolean;
  canManageMeetings: boolean;
  /** False for analysts: no names of members, only their number and composition. */
  personalData: boolean;
}

export interface MeetingDetail {
  meeting: MeetingSummaryView & {
    onlineUrl: string | null;
    residentsCount: number;
    minutes: string;
    publicSummary: string;
  };
  forum: ForumView;
  agenda: AgendaItemView[];
  participants: Array<{
    memberId: string;
    displayName: string;
    organisationName: string | null;
    role: string;
    invited: boolean;
    attended: boolean;
    rsvp: RsvpAnswer | null;
  }>;
  decisions: DecisionView[];
  /** The public summary in each language it was written in. */
  summaries: SummaryView[];
  /** The signed-in person's own invitation to this meeting (null when not invited). */
  mine: { rsvp: RsvpAnswer | null } | null;
  /** Who a decision's commitment may be given to: members with an account, and their organisations. */
  owners: Array<{ value: string; label: string }>;
  canManage: boolean;
  /** False for analysts: participants carry no names (counts only). */
  personalData: boolean;
}

export interface SummaryView {
  locale: Locale;
  text: string;
}

/** An invitation on the invited member's home page. */
export interface InvitationView {
  meetingId: string;
  title: string;
  forumName: string;
  startsAt: string;
  endsAt: string;
  place: string;
  mode: string;
  status: string;
  rsvp: RsvpAnswer | null;
}

/** Order in which a summary is offered when the visitor's language has none. */
const SUMMARY_FALLBACK: readonly Locale[] = ['ky', 'ru', 'uz', 'uz-Latn', 'kk', 'tg', 'en'];
/**
 * The summary to show a visitor: their language, else the Cyrillic/Latin twin of Uzbek, else the
 * first available in the fallback order; `fallback` says the visitor's language had none.
 */
export function pickSummary(
  summaries: SummaryView[],
  locale: Locale,
): { shown: SummaryView; fallback: boolean } | null {
  const by = new Map(summaries.filter((x) => x.text.trim()).map((x) => [x.locale, x]));
  const own = by.get(locale);
  if (own) return { shown: own, fallback: false };
  const twin = locale === 'uz' ? by.get('uz-Latn') : locale === 'uz-Latn' ? by.get('uz') : undefined;
  if (twin) return { shown: twin, fallback: true };
  for (const l of SUMMARY_FALLBACK) {
    const x = by.get(l);
    if (x) return { shown: x, fallback: true };
  }
  return null;
}

function mineOf(
  actor: Actor,
  members: ForumMember[],
  byMember: Map<string, { invited: number; rsvp: RsvpAnswer | null }>,
): { rsvp: RsvpAnswer | null } | null {
  if (!actor.personId) return null;
  for (const m of members)
    if (m.person_id === actor.personId && byMember.get(m.id)?.invited === 1)
      return { rsvp: byMember.get(m.id)!.rsvp };
  return null;
}

export interface ScheduleInput {
  forumId: string;
  title: string;
  startsAt: string;
  endsAt: string;
  mode: string;
  place: string;
  onlineUrl?: string | null;
  visibility: string;
  agenda?: Array<{ title: string; refKind?: string | null; refId?: string | null }>;
  /** Members to invite (ids of current members); all current members when absent. */
  invitedMemberIds?: string[] | null;
}

export interface CommitmentInput {
  ownerPersonId?: string | null;
  ownerOrganisationId?: string | null;
  deadline: string;
}

export class ForumsService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
  ) {}

  // --- loading -------------------------------------------------------------------------------

  private async loadForum(id: string): Promise<{ forum: Forum; members: ForumMember[]; res: ForumResource }> {
    const forum = await forumRepository.getById(this.db.read, id);
    if (!forum) throw new NotFoundError(FORUM);
    const members = await memberRepository.listByForum(this.db.read, id);
    return { forum, members, res: forumResource(forum, members) };
  }

  private async loadMeeting(id: string) {
    const meeting = await meetingRepository.getById(this.db.read, id);
    if (!meeting) throw new NotFoundError(MEETING);
    const f = await this.loadForum(meeting.forum_id);
    const res: MeetingResource = { ...f.res, visibility: meeting.visibility };
    return { meeting, ...f, mres: res };
  }

  /** authorize() on a resource that may not exist: missing and refused look alike (404). */
  private async forumFor(actor: Actor, action: string, id: string) {
    const f = await this.loadForum(id).catch((err: unknown) => {
      authorize(actor, 'list', FORUM); // anonymous → 401, others → the 404 below
      throw err;
    });
    const role = authorize(actor, action, FORUM, f.res);
    return { ...f, role };
  }

  private async meetingFor(actor: Actor, action: string, id: string) {
    const m = await this.loadMeeting(id).catch((err: unknown) => {
      authorize(actor, 'list', FORUM);
      throw err;
    });
    const role = authorize(actor, action, MEETING, m.mres);
    return { ...m, role };
  }

  /** For modules attached to a meeting (materials): the meeting if the actor may `action` it, else 404. */
  async accessMeeting(actor: Actor, action: 'read' | 'manage', id: string) {
    const { meeting, mres, role } = await this.meetingFor(actor, action, id);
    return { meeting, resource: mres, role };
  }

  // --- forums ----------------------------------------------------------------------------------

  async listForums(actor: Actor, input: { areaCode?: string } = {}): Promise<ForumView[]> {
    authorize(actor, 'list', FORUM);
    const rows = await forumRepository.search(this.db.read, {
      paths: jurisdictionPaths(actor, AREA_ROLES),
      personId: actor.personId,
      organisationId: actor.grants.some((g) => g.role === 'partner') ? actor.organisationId : null,
      areaCode: input.areaCode || undefined,
    });
    return rows.map(presentForum);
  }

  async createForum(
    actor: Actor,
    input: { name: string; kind: string; areaCode: string; description?: string | null },
  ): Promise<ForumView> {
    authorize(actor, 'list', FORUM);
    const areaCode = requiredText(input.areaCode, 'areaCode', 64);
    const path = (await areaRepository.currentPaths(this.db.read, [areaCode])).get(areaCode);
    if (!path) throw unknownChoice('areaCode', 'area');
    const resource = {
      areaPath: path,
      memberPersonIds: [],
      memberOrganisationIds: [],
      editorPersonIds: [],
      chairPersonIds: [],
    } satisfies ForumResource;
    // A coordinator's choice of another district is a wrong choice on the form, worded like an unknown one.
    if (
      actor.grants.some((g) => COORDINATOR_ROLES.includes(g.role)) &&
      !can(actor, 'create', FORUM, resource)
    )
      throw unknownChoice('areaCode', 'area');
    const role = authorize(actor, 'create', FORUM, resource);
    const name = requiredText(input.name, 'name', 200);
    const kind = oneOf(input.kind, FORUM_KINDS, 'kind');
    const description = optionalText(input.description, 'description', 5000) ?? '';
    const now = nowIso();
    const row: Forum = {
      id: newId(),
      name,
      kind,
      area_code: areaCode,
      area_path: path,
      description,
      created_by: actor.personId,
      created_at: now,
      updated_at: now,
    };
    await this.db.write(async (trx) => {
      await forumRepository.create(trx, row);
      await this.audit.record(trx, {
        actor,
        role,
        action: 'forum.create',
        subjectType: FORUM,
        subjectId: row.id,
        details: { kind, areaCode },
      });
    });
    return presentForum(row);
  }

  async getForum(actor: Actor, input: { id: string }): Promise<ForumDetail> {
    const { forum, members, res, role } = await this.forumFor(actor, 'read', input.id);
    const day = today();
    const orgIds = [...new Set(members.map((m) => m.organisation_id).filter((o): o is string => !!o))];
    const orgs = await memberRepository.organisationKinds(this.db.read, orgIds);
    const current = members.filter((m) => isCurrent(m, day));
    const comp = composition(
      current.map((m) => ({
        organisationKind: m.organisation_id ? (orgs.get(m.organisation_id)?.kind ?? null) : null,
        gender: m.gender,
        ageBand: m.age_band,
      })),
      ORGANISATION_KINDS,
    );
    const meetings = await meetingRepository.listByForum(this.db.read, forum.id);
    const open = await commitmentRepository.openByForum(this.db.read, forum.id);
    const names = await this.ownerNames(open);
    // Member names are personal data: the read is recorded.
    await this.db.write((trx) =>
      this.audit.record(trx, {
        actor,
        role,
        action: 'forum.read',
        subjectType: FORUM,
        subjectId: forum.id,
        details: { members: members.length },
      }),
    );
    const personalData = !!can(actor, 'read_members', FORUM, res);
    return {
      forum: presentForum(forum),
      members: personalData
        ? members.map((m) =>
            presentMember(m, m.organisation_id ? (orgs.get(m.organisation_id)?.name ?? null) : null, day),
          )
        : [],
      composition: comp,
      meetings: meetings.map(presentMeetingSummary),
      openCommitments: open.map((c) =>
        presentCommitment(c, { ownerName: personalData ? (names.get(c.id) ?? null) : null }),
      ),
      canManage: !!can(actor, 'manage', FORUM, res),
      canManageMeetings: !!can(actor, 'manage', MEETING, { ...res, visibility: 'members' }),
      personalData,
    };
  }

  async addMember(
    actor: Actor,
    input: {
      forumId: string;
      personId?: string | null;
      displayName?: string | null;
      organisationId?: string | null;
      role: string;
      termStart: string;
      termEnd?: string | null;
      gender?: string | null;
      ageBand?: string | null;
    },
  ): Promise<MemberView> {
    const { forum, role } = await this.forumFor(actor, 'manage', input.forumId);
    const memberRole = oneOf(input.role, MEMBER_ROLES, 'role');
    const termStart = date(input.termStart, 'termStart');
    const termEnd = input.termEnd ? date(input.termEnd, 'termEnd') : null;
    if (termEnd && termEnd < termStart)
      throw new ValidationError('termEnd must not be before termStart', 'termEnd');
    const gender = optionalOneOf(input.gender, GENDERS, 'gender');
    const ageBand = optionalOneOf(input.ageBand, AGE_BANDS, 'ageBand');
    const personId = optionalId(input.personId, 'personId');
    let organisationId = optionalId(input.organisationId, 'organisationId');
    let displayName = optionalText(input.displayName, 'displayName', 200);
    if (personId) {
      const person = await this.db.read
        .selectFrom('person')
        .select(['id', 'display_name', 'organisation_id', 'kind'])
        .where('id', '=', personId)
        .executeTakeFirst();
      if (!person || person.kind !== 'staff') throw unknownChoice('personId', 'person');
      displayName ??= person.display_name;
      organisationId ??= person.organisation_id;
    }
    if (!displayName) throw new ValidationError('displayName must not be empty', 'displayName');
    if (organisationId) {
      const org = await memberRepository.organisationKinds(this.db.read, [organisationId]);
      if (!org.has(organisationId)) throw unknownChoice('organisationId', 'organisation');
    }
    const now = nowIso();
    const row: ForumMember = {
      id: newId(),
      forum_id: forum.id,
      person_id: personId,
      display_name: displayName,
      organisation_id: organisationId,
      role: memberRole,
      term_start: termStart,
      term_end: termEnd,
      gender,
      age_band: ageBand,
      created_at: now,
      updated_at: now,
    };
    await this.db.write(async (trx) => {
      await memberRepository.create(trx, row);
      // Invite the new member to the forum's scheduled meetings.
      for (const m of await meetingRepository.upcoming(trx, forum.id, now))
        await participantRepository.upsert(trx, m.id, row.id, { invited: 1 });
      await this.audit.record(trx, {
        actor,
        role,
        action: 'forum.member.add',
        subjectType: FORUM,
        subjectId: forum.id,
        details: { memberId: row.id, role: memberRole },
      });
    });
    const orgName = organisationId
      ? ((await memberRepository.organisationKinds(this.db.read, [organisationId])).get(organisationId)
          ?.name ?? null)
      : null;
    return presentMember(row, orgName, today());
  }

  async endMembership(
    actor: Actor,
    input: { forumId: string; memberId: string; termEnd: string },
  ): Promise<void> {
    const { forum, members, role } = await this.forumFor(actor, 'manage', input.forumId);
    const member = members.find((m) => m.id === input.memberId);
    if (!member) throw new NotFoundError('forum member');
    const termEnd = date(input.termEnd, 'termEnd');
    if (termEnd < member.term_start)
      throw new ValidationError('termEnd must not be before termStart', 'termEnd');
    await this.db.write(async (trx) => {
      await memberRepository.update(trx, member.id, { term_end: termEnd, updated_at: nowIso() });
      await this.audit.record(trx, {
        actor,
        role,
        action: 'forum.member.end',
        subjectType: FORUM,
        subjectId: forum.id,
        details: { memberId: member.id },
      });
    });
  }

  // --- meetings --------------------------------------------------------------------------------

  async scheduleMeeting(actor: Actor, input: ScheduleInput): Promise<MeetingSummaryView> {
    const f = await this.loadForum(input.forumId).catch((err: unknown) => {
      authorize(actor, 'list', FORUM);
      throw err;
    });
    const visibility = oneOf(input.visibility, VISIBILITIES, 'visibility');
    const role = authorize(actor, 'manage', MEETING, { ...f.res, visibility } satisfies MeetingResource);
    const title = requiredText(input.title, 'title', 200);
    const startsAt = instant(input.startsAt, 'startsAt');
    const endsAt = instant(input.endsAt, 'endsAt');
    if (endsAt <= startsAt) throw new ValidationError('endsAt must be after startsAt', 'endsAt');
    const mode = oneOf(input.mode, MEETING_MODES, 'mode');
    const place = requiredText(input.place, 'place', 500);
    const onlineUrl = optionalText(input.onlineUrl, 'onlineUrl', 500);
    if (onlineUrl && !/^https:\/\/[^\s]+$/.test(onlineUrl))
      throw new ValidationError('onlineUrl must be an https:// address', 'onlineUrl');
    const agenda = (input.agenda ?? []).slice(0, 50).map((a, i) => this.agendaInput(a, `agenda.${i}`));
    const current = f.members.filter((x) => isCurrent(x, today()));
    let invitees = current;
    if (input.invitedMemberIds) {
      const chosen = new Set(input.invitedMemberIds);
      for (const id of chosen)
        if (!current.some((m) => m.id === id))
          throw new ValidationError('invite current members of this forum only', 'invited');
      invitees = current.filter((m) => chosen.has(m.id));
    }
    const now = nowIso();
    const row: Meeting = {
      id: newId(),
      forum_id: f.forum.id,
      title,
      starts_at: startsAt,
      ends_at: endsAt,
      mode,
      place,
      online_url: onlineUrl,
      visibility,
      status: 'scheduled',
      residents_count: 0,
      minutes: '',
      public_summary: '',
      created_by: actor.personId,
      created_at: now,
      updated_at: now,
    };
    await this.db.write(async (trx) => {
      await meetingRepository.create(trx, row);
      let position = 1;
      for (const a of agenda)
        await agendaRepository.create(trx, {
          id: newId(),
          meeting_id: row.id,
          position: position++,
          title: a.title,
          ref_kind: a.refKind,
          ref_id: a.refId,
          commitment_id: null,
          created_at: now,
        });
      // Open commitments come back until they are done.
      const open = await commitmentRepository.openByForum(trx, f.forum.id);
      for (const c of open) await this.carry(trx, row.id, c, position++);
      // Every current member is invited unless the secretary chose whom to invite.
      for (const m of invitees) await participantRepository.upsert(trx, row.id, m.id, { invited: 1 });
      await this.audit.record(trx, {
        actor,
        role,
        action: 'meeting.schedule',
        subjectType: MEETING,
        subjectId: row.id,
        details: { forumId: f.forum.id, visibility, carried: open.length },
      });
    });
    return presentMeetingSummary(row);
  }

  private agendaInput(a: { title: string; refKind?: string | null; refId?: string | null }, field: string) {
    const p = field ? `${field}.` : '';
    const title = requiredText(a?.title, `${p}title`, 300);
    const refKind = optionalOneOf(a?.refKind, REF_KINDS, `${p}refKind`);
    const refId = optionalText(a?.refId, `${p}refId`, 64);
    if (refId && !/^[A-Za-z0-9._-]+$/.test(refId))
      throw new ValidationError(`${p}refId may hold letters, digits, dot, dash and underscore`, `${p}refId`);
    if (!!refKind !== !!refId) throw new ValidationError(`${p}refId goes with refKind`, `${p}refId`);
    return { title, refKind, refId };
  }

  private async carry(trx: Trx, meetingId: string, c: ForumCommitment, position: number): Promise<void> {
    if (await agendaRepository.hasCommitment(trx, meetingId, c.id)) return;
    await agendaRepository.create(trx, {
      id: newId(),
      meeting_id: meetingId,
      position,
      title: c.text,
      ref_kind: null,
      ref_id: null,
      commitment_id: c.id,
      created_at: nowIso(),
    });
  }

  async getMeeting(actor: Actor, input: { id: string }): Promise<MeetingDetail> {
    const { meeting, forum, members, mres, role } = await this.meetingFor(actor, 'read', input.id);
    const [agenda, participants, decisions, commitments, summaries] = await Promise.all([
      agendaRepository.list(this.db.read, meeting.id),
      participantRepository.list(this.db.read, meeting.id),
      decisionRepository.list(this.db.read, meeting.id),
      commitmentRepository.byMeeting(this.db.read, meeting.id),
      this.summaries(meeting.id),
    ]);
    const orgIds = [...new Set(members.map((m) => m.organisation_id).filter((o): o is string => !!o))];
    const orgs = await memberRepository.organisationKinds(this.db.read, orgIds);
    const names = await this.ownerNames(commitments);
    const byDecision = new Map(commitments.map((c) => [c.decision_id, c]));
    const byMember = new Map(participants.map((p) => [p.member_id, p]));
    const day = meeting.starts_at.slice(0, 10);
    const shown = members.filter((m) => isCurrent(m, day) || byMember.has(m.id));
    await this.db.write((trx) =>
      this.audit.record(trx, {
        actor,
        role,
        action: 'meeting.read',
        subjectType: MEETING,
        subjectId: meeting.id,
      }),
    );
    const personalData = !!can(actor, 'read_members', FORUM, forumResource(forum, members));
    const owners: MeetingDetail['owners'] = [];
    if (personalData)
      for (const m of shown.filter((x) => x.person_id))
        owners.push({ value: `person:${m.person_id}`, label: m.display_name });
    if (personalData)
      for (const id of orgIds) owners.push({ value: `organisation:${id}`, label: orgs.get(id)?.name ?? id });
    return {
      meeting: {
        ...presentMeetingSummary(meeting),
        onlineUrl: meeting.online_url,
        residentsCount: meeting.residents_count,
        minutes: meeting.minutes,
        publicSummary: meeting.public_summary,
      },
      forum: presentForum(forum),
      agenda: agenda.map(presentAgendaItem),
      // Without personal data the rows stay (for counts) but carry no name, organisation or id.
      participants: shown.map((m, i) => ({
        memberId: personalData ? m.id : String(i),
        displayName: personalData ? m.display_name : '',
        organisationName:
          personalData && m.organisation_id ? (orgs.get(m.organisation_id)?.name ?? null) : null,
        role: m.role,
        invited: byMember.get(m.id)?.invited === 1,
        attended: byMember.get(m.id)?.attended === 1,
        rsvp: byMember.get(m.id)?.rsvp ?? null,
      })),
      summaries,
      mine: mineOf(actor, shown, byMember),
      decisions: decisions.map((d) => {
        const c = byDecision.get(d.id);
        const ownerName = personalData ? (names.get(c?.id ?? '') ?? null) : null;
        return presentDecision(d, c ? presentCommitment(c, { ownerName }) : null);
      }),
      owners,
      canManage: !!can(actor, 'manage', MEETING, mres),
      personalData,
    };
  }

  async addAgendaItem(
    actor: Actor,
    input: { meetingId: string; title: string; refKind?: string | null; refId?: string | null },
  ): Promise<AgendaItemView> {
    const { meeting, role } = await this.meetingFor(actor, 'manage', input.meetingId);
    const a = this.agendaInput(input, '');
    const row = {
      id: newId(),
      meeting_id: meeting.id,
      position: 0,
      title: a.title,
      ref_kind: a.refKind,
      ref_id: a.refId,
      commitment_id: null,
      created_at: nowIso(),
    };
    await this.db.write(async (trx) => {
      row.position = await agendaRepository.nextPosition(trx, meeting.id);
      await agendaRepository.create(trx, row);
      await this.audit.record(trx, {
        actor,
        role,
        action: 'meeting.agenda.add',
        subjectType: MEETING,
        subjectId: meeting.id,
      });
    });
    return presentAgendaItem(row);
  }

  /** Attendance after the fact: which members came, and how many residents. */
  async recordAttendance(
    actor: Actor,
    input: { meetingId: string; attendedMemberIds: string[]; residentsCount: number },
  ): Promise<void> {
    const { meeting, members, role } = await this.meetingFor(actor, 'manage', input.meetingId);
    const residents = count(input.residentsCount, 'residentsCount');
    const ids = new Set(input.attendedMemberIds);
    const known = new Set(members.map((m) => m.id));
    for (const id of ids)
      if (!known.has(id)) throw new ValidationError('not a member of this forum', 'attended');
    const participants = await participantRepository.list(this.db.read, meeting.id);
    const touched = new Set([...participants.map((p) => p.member_id), ...ids]);
    await this.db.write(async (trx) => {
      for (const id of touched)
        await participantRepository.upsert(trx, meeting.id, id, { attended: ids.has(id) ? 1 : 0 });
      await meetingRepository.update(trx, meeting.id, { residents_count: residents, updated_at: nowIso() });
      await this.audit.record(trx, {
        actor,
        role,
        action: 'meeting.attendance',
        subjectType: MEETING,
        subjectId: meeting.id,
        details: { members: ids.size, residents },
      });
    });
  }

  async updateMeeting(
    actor: Actor,
    input: { meetingId: string; minutes?: string; publicSummary?: string; status?: string },
  ): Promise<void> {
    const { meeting, role } = await this.meetingFor(actor, 'manage', input.meetingId);
    const patch: Partial<Meeting> = { updated_at: nowIso() };
    if (input.minutes !== undefined) patch.minutes = optionalText(input.minutes, 'minutes', 50_000) ?? '';
    if (input.publicSummary !== undefined)
      patch.public_summary = optionalText(input.publicSummary, 'publicSummary', 10_000) ?? '';
    if (input.status !== undefined) patch.status = oneOf(input.status, MEETING_STATUSES, 'status');
    await this.db.write(async (trx) => {
      await meetingRepository.update(trx, meeting.id, patch);
      await this.audit.record(trx, {
        actor,
        role,
        action: 'meeting.update',
        subjectType: MEETING,
        subjectId: meeting.id,
        details: { fields: Object.keys(input).filter((k) => k !== 'meetingId') },
      });
    });
  }

  /** A decision, optionally made a tracked commitment at once. */
  async addDecision(
    actor: Actor,
    input: { meetingId: string; text: string; commitment?: CommitmentInput | null },
  ): Promise<DecisionView> {
    const { meeting, role } = await this.meetingFor(actor, 'manage', input.meetingId);
    const text = requiredText(input.text, 'text', 5000);
    const commitment = input.commitment ? await this.commitmentInput(input.commitment) : null;
    const now = nowIso();
    const decision = { id: newId(), meeting_id: meeting.id, position: 0, text, created_at: now };
    let created: ForumCommitment | null = null;
    await this.db.write(async (trx) => {
      decision.position = await decisionRepository.nextPosition(trx, meeting.id);
      await decisionRepository.create(trx, decision);
      if (commitment) created = await this.createCommitment(trx, meeting, decision.id, text, commitment);
      await this.audit.record(trx, {
        actor,
        role,
        action: 'meeting.decision.add',
        subjectType: MEETING,
        subjectId: meeting.id,
        details: { decisionId: decision.id, commitmentId: (created as ForumCommitment | null)?.id ?? null },
      });
    });
    const c = created as ForumCommitment | null;
    const names = c ? await this.ownerNames([c]) : new Map<string, string>();
    return presentDecision(decision, c ? presentCommitment(c, { ownerName: names.get(c.id) ?? null }) : null);
  }

  /** Makes an existing decision a tracked commitment. */
  async commitDecision(
    actor: Actor,
    input: { meetingId: string; decisionId: string } & CommitmentInput,
  ): Promise<CommitmentView> {
    const { meeting, role } = await this.meetingFor(actor, 'manage', input.meetingId);
    const decision = await decisionRepository.getById(this.db.read, input.decisionId);
    if (!decision || decision.meeting_id !== meeting.id) throw new NotFoundError('decision');
    const c = await this.commitmentInput(input);
    const created = await this.db.write(async (trx) => {
      if (await commitmentRepository.byDecision(trx, decision.id))
        throw new ValidationError('this decision is already a commitment', 'decisionId');
      const row = await this.createCommitment(trx, meeting, decision.id, decision.text, c);
      await this.audit.record(trx, {
        actor,
        role,
        action: 'commitment.create',
        subjectType: COMMITMENT,
        subjectId: row.id,
        details: { meetingId: meeting.id },
      });
      return row;
    });
    const names = await this.ownerNames([created]);
    return presentCommitment(created, { ownerName: names.get(created.id) ?? null });
  }

  private async commitmentInput(c: CommitmentInput) {
    const ownerPersonId = optionalId(c.ownerPersonId, 'owner');
    const ownerOrganisationId = optionalId(c.ownerOrganisationId, 'owner');
    if (!ownerPersonId && !ownerOrganisationId)
      throw new ValidationError('a commitment needs an owner: a person or an organisation', 'owner');
    if (ownerPersonId) {
      const p = await this.db.read
        .selectFrom('person')
        .select(['id', 'kind'])
        .where('id', '=', ownerPersonId)
        .executeTakeFirst();
      if (!p || p.kind !== 'staff') throw new ValidationError('owner is not a staff account', 'owner');
    }
    if (ownerOrganisationId) {
      const o = await memberRepository.organisationKinds(this.db.read, [ownerOrganisationId]);
      if (!o.has(ownerOrganisationId))
        throw new ValidationError('owner is not a known organisation', 'owner');
    }
    return { ownerPersonId, ownerOrganisationId, deadline: date(c.deadline, 'deadline') };
  }

  private async createCommitment(
    trx: Trx,
    meeting: Meeting,
    decisionId: string,
    text: string,
    c: { ownerPersonId: string | null; ownerOrganisationId: string | null; deadline: string },
  ): Promise<ForumCommitment> {
    const now = nowIso();
    const row: ForumCommitment = {
      id: newId(),
      forum_id: meeting.forum_id,
      meeting_id: meeting.id,
      decision_id: decisionId,
      text,
      owner_person_id: c.ownerPersonId,
      owner_organisation_id: c.ownerOrganisationId,
      deadline: c.deadline,
      status: 'open',
      done_at: null,
      created_at: now,
      updated_at: now,
    };
    await commitmentRepository.create(trx, row);
    // Onto the next scheduled meeting's agenda (a meeting scheduled later picks it up itself).
    const next = (await meetingRepository.upcoming(trx, meeting.forum_id, meeting.starts_at)).find(
      (m) => m.id !== meeting.id,
    );
    if (next) await this.carry(trx, next.id, row, await agendaRepository.nextPosition(trx, next.id));
    return row;
  }

  private async ownerNames(cs: ForumCommitment[]): Promise<Map<string, string>> {
    const personIds = [...new Set(cs.map((c) => c.owner_person_id).filter((x): x is string => !!x))];
    const orgIds = [...new Set(cs.map((c) => c.owner_organisation_id).filter((x): x is string => !!x))];
    const people = personIds.length
      ? await this.db.read
          .selectFrom('person')
          .select(['id', 'display_name'])
          .where('id', 'in', personIds)
          .execute()
      : [];
    const orgs = await memberRepository.organisationKinds(this.db.read, orgIds);
    const pn = new Map(people.map((p) => [p.id, p.display_name]));
    const out = new Map<string, string>();
    for (const c of cs) {
      const name =
        (c.owner_person_id && pn.get(c.owner_person_id)) ||
        (c.owner_organisation_id && orgs.get(c.owner_organisation_id)?.name);
      if (name) out.set(c.id, name);
    }
    return out;
  }

  // --- commitments -----------------------------------------------------------------------------

  /** The actor's to-do list: commitments owned by them or by their organisation. */
  async myCommitments(actor: Actor, input: { includeClosed?: boolean } = {}): Promise<CommitmentView[]> {
    authorize(actor, 'list', COMMITMENT);
    const rows = await commitmentRepository.forOwner(
      this.db.read,
      actor.personId,
      actor.organisationId,
      !!input.includeClosed,
    );
    const names = await this.ownerNames(rows);
    return rows.map((c) =>
      presentCommitment(c, { forumName: c.forum_name, ownerName: names.get(c.id) ?? null }),
    );
  }

  async updateCommitment(actor: Actor, input: { id: string; status: string }): Promise<CommitmentView> {
    const c = await commitmentRepository.getById(this.db.read, input.id);
    const f = c ? await this.loadForum(c.forum_id) : null;
    const res: CommitmentResource | undefined =
      c && f
        ? { ...f.res, ownerPersonId: c.owner_person_id, ownerOrganisationId: c.owner_organisation_id }
        : undefined;
    if (!c || !res) {
      authorize(actor, 'list', COMMITMENT);
      throw new NotFoundError(COMMITMENT);
    }
    const role = authorize(actor, 'update', COMMITMENT, res);
    const status = oneOf(input.status, COMMITMENT_STATUSES, 'status');
    const now = nowIso();
    const patch = { status, updated_at: now, done_at: status === 'done' ? now : null };
    await this.db.write(async (trx) => {
      await commitmentRepository.update(trx, c.id, patch);
      await this.audit.record(trx, {
        actor,
        role,
        action: 'commitment.update',
        subjectType: COMMITMENT,
        subjectId: c.id,
        details: { status },
      });
    });
    const updated = { ...c, ...patch };
    const names = await this.ownerNames([updated]);
    return presentCommitment(updated, { forumName: f!.forum.name, ownerName: names.get(c.id) ?? null });
  }

  // --- summaries in resident languages ----------------------------------------------------------

  private async summaries(meetingId: string): Promise<SummaryView[]> {
    const rows = await this.db.read
      .selectFrom('meeting_summary')
      .select(['locale', 'text'])
      .where('meeting_id', '=', meetingId)
      .execute();
    const order = (l: string) => (LOCALES as readonly string[]).indexOf(l);
    return rows
      .filter((r) => order(r.locale) >= 0)
      .sort((a, b) => order(a.locale) - order(b.locale))
      .map((r) => ({ locale: r.locale as Locale, text: r.text }));
  }

  /**
   * The public summary in one language (what was discussed and decided — never names of residents
   * who raised issues). Empty text removes that language.
   */
  async setSummary(actor: Actor, input: { meetingId: string; locale: string; text: string }): Promise<void> {
    const locale = oneOf(input.locale, LOCALES, 'locale');
    return this.setSummaries(actor, { meetingId: input.meetingId, texts: { [locale]: input.text } });
  }

  /** Several languages at once (the page's one form); languages not given stay as they are. */
  async setSummaries(
    actor: Actor,
    input: { meetingId: string; texts: Partial<Record<string, string>> },
  ): Promise<void> {
    const { meeting, role } = await this.meetingFor(actor, 'manage', input.meetingId);
    const texts = new Map<Locale, string | null>();
    for (const [l, v] of Object.entries(input.texts)) {
      const locale = oneOf(l, LOCALES, 'locale');
      texts.set(locale, optionalText(v ?? '', `summary.${locale}`, 10_000));
    }
    if (texts.size === 0) return;
    const now = nowIso();
    await this.db.write(async (trx) => {
      await trx
        .deleteFrom('meeting_summary')
        .where('meeting_id', '=', meeting.id)
        .where('locale', 'in', [...texts.keys()])
        .execute();
      for (const [locale, text] of texts)
        if (text)
          await trx
            .insertInto('meeting_summary')
            .values({ meeting_id: meeting.id, locale, text, updated_by: actor.personId, updated_at: now })
            .execute();
      await this.audit.record(trx, {
        actor,
        role,
        action: 'meeting.summary',
        subjectType: MEETING,
        subjectId: meeting.id,
        details: {
          set: [...texts].filter(([, v]) => v).map(([l]) => l),
          removed: [...texts].filter(([, v]) => !v).map(([l]) => l),
        },
      });
    });
  }

  // --- invitations ---------------------------------------------------------------------------

  /** Who is invited: exactly the given members (current members, or those already on the meeting). */
  async setInvitations(actor: Actor, input: { meetingId: string; memberIds: string[] }): Promise<void> {
    const { meeting, members, role } = await this.meetingFor(actor, 'manage', input.meetingId);
    const participants = await participantRepository.list(this.db.read, meeting.id);
    const day = meeting.starts_at.slice(0, 10);
    const eligible = new Set([
      ...members.filter((m) => isCurrent(m, day)).map((m) => m.id),
      ...participants.map((p) => p.member_id),
    ]);
    const chosen = new Set(input.memberIds);
    for (const id of chosen)
      if (!eligible.has(id))
        throw new ValidationError('invite current members of this forum only', 'invited');
    await this.db.write(async (trx) => {
      for (const id of eligible)
        await participantRepository.upsert(trx, meeting.id, id, { invited: chosen.has(id) ? 1 : 0 });
      await this.audit.record(trx, {
        actor,
        role,
        action: 'meeting.invitations',
        subjectType: MEETING,
        subjectId: meeting.id,
        details: { invited: chosen.size },
      });
    });
  }

  /** The signed-in member's own invitation rows (as a person; several if they sit twice). */
  private async ownParticipation(actor: Actor, meetingId: string) {
    if (!actor.personId) return [];
    return this.db.read
      .selectFrom('meeting_participant as p')
      .innerJoin('forum_member as m', 'm.id', 'p.member_id')
      .select(['p.member_id', 'p.invited', 'p.rsvp'])
      .where('p.meeting_id', '=', meetingId)
      .where('m.person_id', '=', actor.personId)
      .where('p.invited', '=', 1)
      .execute();
  }

  /** An invited member answers: attending, not attending, or maybe. Not invited looks like not found. */
  async respond(actor: Actor, input: { meetingId: string; answer: string }): Promise<void> {
    const meeting = await meetingRepository.getById(this.db.read, input.meetingId);
    const rows = meeting ? await this.ownParticipation(actor, meeting.id) : [];
    if (!meeting || rows.length === 0) {
      authorize(actor, 'list', FORUM);
      throw new NotFoundError(MEETING);
    }
    const answer = oneOf(input.answer, RSVP_ANSWERS, 'answer');
    if (meeting.status === 'cancelled') throw new ValidationError('the meeting is cancelled', 'answer');
    if (meeting.ends_at < nowIso()) throw new ValidationError('the meeting is over', 'answer');
    const role = authorize(actor, 'list', FORUM);
    await this.db.write(async (trx) => {
      for (const r of rows)
        await trx
          .updateTable('meeting_participant')
          .set({ rsvp: answer, rsvp_at: nowIso() })
          .where('meeting_id', '=', meeting.id)
          .where('member_id', '=', r.member_id)
          .execute();
      await this.audit.record(trx, {
        actor,
        role,
        action: 'meeting.rsvp',
        subjectType: MEETING,
        subjectId: meeting.id,
        details: { answer },
      });
    });
  }

  /** Meetings the actor is invited to that have not ended yet, soonest first. */
  async myInvitations(actor: Actor): Promise<InvitationView[]> {
    if (!actor.personId || actor.kind !== 'staff') return [];
    const rows = await this.db.read
      .selectFrom('meeting_participant as p')
      .innerJoin('forum_member as fm', 'fm.id', 'p.member_id')
      .innerJoin('meeting as m', 'm.id', 'p.meeting_id')
      .innerJoin('forum as f', 'f.id', 'm.forum_id')
      .select([
        'm.id as meetingId',
        'm.title',
        'f.name as forumName',
        'm.starts_at as startsAt',
        'm.ends_at as endsAt',
        'm.place',
        'm.mode',
        'm.status',
        'p.rsvp',
      ])
      .where('fm.person_id', '=', actor.personId)
      .where('p.invited', '=', 1)
      .where('m.ends_at', '>=', nowIso())
      .orderBy('m.starts_at')
      .limit(50)
      .execute();
    const seen = new Set<string>();
    return rows.filter((r) => !seen.has(r.meetingId) && !!seen.add(r.meetingId));
  }

  /** One meeting as an iCalendar file, for whoever may read the meeting. */
  async meetingIcs(actor: Actor, input: { id: string; baseUrl: string }): Promise<string> {
    const { meeting, forum } = await this.meetingFor(actor, 'read', input.id);
    return serializeCalendar({
      prodId: '-//Ishenim//Forums//EN',
      name: forum.name,
      events: [
        {
          uid: `${meeting.id}@ishenim`,
          stamp: nowIso(),
          start: meeting.starts_at,
          end: meeting.ends_at,
          summary: `${meeting.title} — ${forum.name}`,
          location: meeting.online_url ? `${meeting.place} ${meeting.online_url}` : meeting.place,
          url: `${input.baseUrl}/staff/meetings/${meeting.id}`,
          status: meeting.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
        },
      ],
    });
  }

  // --- public ----------------------------------------------------------------------------------

  /** Public meetings from 30 days ago on, in an area (and below) or of one forum. */
  async publicCalendar(
    actor: Actor,
    input: { areaCode?: string; forumId?: string } = {},
  ): Promise<Array<MeetingSummaryView & { forumName: string; areaCode: string }>> {
    authorize(actor, 'read_public', MEETING, { visibility: 'public' } as MeetingResource);
    let areaPath: string | undefined;
    if (input.areaCode) {
      areaPath = (await areaRepository.currentPaths(this.db.read, [input.areaCode])).get(input.areaCode);
      if (!areaPath) throw unknownChoice('areaCode', 'area');
    }
    if (input.forumId && !(await forumRepository.getById(this.db.read, input.forumId)))
      throw new NotFoundError(FORUM);
    const from = new Date(Date.parse(nowIso()) - 30 * 86_400_000).toISOString();
    const rows = await meetingRepository.publicFrom(this.db.read, {
      fromIso: from,
      areaPath,
      forumId: input.forumId,
    });
    return rows.map((m) => ({ ...presentMeetingSummary(m), forumName: m.forum_name, areaCode: m.area_code }));
  }

  async publicMeeting(
    actor: Actor,
    input: { id: string },
  ): Promise<PublicMeetingView & { summaries: SummaryView[] }> {
    const meeting = await meetingRepository.getById(this.db.read, input.id);
    if (
      !meeting ||
      !can(actor, 'read_public', MEETING, { visibility: meeting.visibility } as MeetingResource)
    )
      throw new NotFoundError(MEETING);
    const forum = (await forumRepository.getById(this.db.read, meeting.forum_id))!;
    const [agenda, decisions, summaries] = await Promise.all([
      agendaRepository.list(this.db.read, meeting.id),
      decisionRepository.list(this.db.read, meeting.id),
      this.summaries(meeting.id),
    ]);
    return {
      ...presentPublicMeeting(meeting, { name: forum.name, areaCode: forum.area_code }, agenda, decisions),
      summaries,
    };
  }

  /** The iCalendar feed of public meetings of a forum or an area. */
  async calendarFeed(
    actor: Actor,
    input: { areaCode?: string; forumId?: string; baseUrl: string; name: string },
  ): Promise<string> {
    const meetings = await this.publicCalendar(actor, input);
    const stamp = nowIso();
    return serializeCalendar({
      prodId: '-//Ishenim//Forums//EN',
      name: input.name,
      events: meetings.map((m) => ({
        uid: `${m.id}@ishenim`,
        stamp,
        start: m.startsAt,
        end: m.endsAt,
        summary: `${m.title} — ${m.forumName}`,
        location: m.place,
        url: `${input.baseUrl}/forums/meetings/${m.id}`,
        status: m.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
      })),
    });
  }
}
