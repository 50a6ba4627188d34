/** Kysely queries for forums, members, meetings, decisions and commitments; nothing else. */
import type { Kysely } from 'kysely';
import type { Trx } from '../../db/database.ts';
import type {
  DB,
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

type Q = Kysely<DB> | Trx;

export interface ForumListFilter {
  /** Jurisdiction paths the actor covers with an area role. */
  paths: string[];
  personId: string | null;
  organisationId: string | null;
  areaCode?: string;
}

export const forumRepository = {
  async getById(db: Q, id: string): Promise<Forum | undefined> {
    return db.selectFrom('forum').selectAll().where('id', '=', id).executeTakeFirst();
  },
  async create(db: Q, row: Forum): Promise<void> {
    await db.insertInto('forum').values(row).execute();
  },
  async update(db: Q, id: string, patch: Partial<Omit<Forum, 'id'>>): Promise<void> {
    await db.updateTable('forum').set(patch).where('id', '=', id).execute();
  },
  /** Forums in the given jurisdictions or that the person or organisation sits on. */
  async search(db: Q, f: ForumListFilter, limit = 200): Promise<Forum[]> {
    return db
      .selectFrom('forum')
      .selectAll()
      .where((eb) => {
        const ors = f.paths.map((p) => eb('area_path', 'like', `${p}%`));
        if (f.personId || f.organisationId)
          ors.push(
            eb.exists(
              eb
                .selectFrom('forum_member')
                .select('forum_member.id')
                .whereRef('forum_member.forum_id', '=', 'forum.id')
                .where((m) =>
                  m.or([
                    ...(f.personId ? [m('forum_member.person_id', '=', f.personId)] : []),
                    ...(f.organisationId ? [m('forum_member.organisation_id', '=', f.organisationId)] : []),
                  ]),
                ),
            ),
          );
        return ors.length ? eb.or(ors) : eb.val(false);
      })
      .$if(!!f.areaCode, (qb) => qb.where('area_code', '=', f.areaCode!))
      .orderBy('name')
      .limit(limit)
      .execute();
  },
};

export const memberRepository = {
  async listByForum(db: Q, forumId: string): Promise<ForumMember[]> {
    return db
      .selectFrom('forum_member')
      .selectAll()
      .where('forum_id', '=', forumId)
      .orderBy('display_name')
      .execute();
  },
  async getById(db: Q, id: string): Promise<ForumMember | undefined> {
    return db.selectFrom('forum_member').selectAll().where('id', '=', id).executeTakeFirst();
  },
  async create(db: Q, row: ForumMember): Promise<void> {
    await db.insertInto('forum_member').values(row).execute();
  },
  async update(db: Q, id: string, patch: Partial<Omit<ForumMember, 'id'>>): Promise<void> {
    await db.updateTable('forum_member').set(patch).where('id', '=', id).execute();
  },
  async delete(db: Q, id: string): Promise<void> {
    await db.deleteFrom('forum_member').where('id', '=', id).execute();
  },
  /** Organisation kinds of the given organisations. */
  async organisationKinds(db: Q, ids: string[]): Promise<Map<string, { kind: string; name: string }>> {
    if (ids.length === 0) return new Map();
    const rows = await db
      .selectFrom('organisation')
      .select(['id', 'kind', 'name'])
      .where('id', 'in', ids)
      .execute();
    return new Map(rows.map((r) => [r.id, { kind: r.kind, name: r.name }]));
  },
};

export const meetingRepository = {
  async getById(db: Q, id: string): Promise<Meeting | undefined> {
    return db.selectFrom('meeting').selectAll().where('id', '=', id).executeTakeFirst();
  },
  async create(db: Q, row: Meeting): Promise<void> {
    await db.insertInto('meeting').values(row).execute();
  },
  async update(db: Q, id: string, patch: Partial<Omit<Meeting, 'id'>>): Promise<void> {
    await db.updateTable('meeting').set(patch).where('id', '=', id).execute();
  },
  async listByForum(db: Q, forumId: string, limit = 200): Promise<Meeting[]> {
    return db
      .selectFrom('meeting')
      .selectAll()
      .where('forum_id', '=', forumId)
      .orderBy('starts_at', 'desc')
      .limit(limit)
      .execute();
  },
  /** Scheduled meetings of a forum that start after the given moment, soonest first. */
  async upcoming(db: Q, forumId: string, afterIso: string): Promise<Meeting[]> {
    return db
      .selectFrom('meeting')
      .selectAll()
      .where('forum_id', '=', forumId)
      .where('status', '=', 'scheduled')
      .where('starts_at', '>', afterIso)
      .orderBy('starts_at')
      .execute();
  },
  /** Public meetings (not cancelled) from a moment on, optionally in an area subtree or one forum. */
  async publicFrom(
    db: Q,
    f: { fromIso: string; areaPath?: string; forumId?: string },
    limit = 500,
  ): Promise<Array<Meeting & { forum_name: string; area_code: string }>> {
    return db
      .selectFrom('meeting')
      .innerJoin('forum', 'forum.id', 'meeting.forum_id')
      .selectAll('meeting')
      .select(['forum.name as forum_name', 'forum.area_code as area_code'])
      .where('meeting.visibility', '=', 'public')
      .where('meeting.status', '!=', 'cancelled')
      .where('meeting.starts_at', '>=', f.fromIso)
      .$if(!!f.areaPath, (qb) => qb.where('forum.area_path', 'like', `${f.areaPath!}%`))
      .$if(!!f.forumId, (qb) => qb.where('forum.id', '=', f.forumId!))
      .orderBy('meeting.starts_at')
      .limit(limit)
      .execute();
  },
};

export const agendaRepository = {
  async list(db: Q, meetingId: string): Promise<MeetingAgendaItem[]> {
    return db
      .selectFrom('meeting_agenda_item')
      .selectAll()
      .where('meeting_id', '=', meetingId)
      .orderBy('position')
      .execute();
  },
  async nextPosition(db: Q, meetingId: string): Promise<number> {
    const r = await db
      .selectFrom('meeting_agenda_item')
      .select((eb) => eb.fn.max('position').as('max'))
      .where('meeting_id', '=', meetingId)
      .executeTakeFirst();
    return Number(r?.max ?? 0) + 1;
  },
  async hasCommitment(db: Q, meetingId: string, commitmentId: string): Promise<boolean> {
    const r = await db
      .selectFrom('meeting_agenda_item')
      .select('id')
      .where('meeting_id', '=', meetingId)
      .where('commitment_id', '=', commitmentId)
      .executeTakeFirst();
    return !!r;
  },
  async create(db: Q, row: MeetingAgendaItem): Promise<void> {
    await db.insertInto('meeting_agenda_item').values(row).execute();
  },
};

export const participantRepository = {
  async list(db: Q, meetingId: string) {
    return db.selectFrom('meeting_participant').selectAll().where('meeting_id', '=', meetingId).execute();
  },
  async upsert(db: Q, meetingId: string, memberId: string, patch: { invited?: number; attended?: number }) {
    const existing = await db
      .selectFrom('meeting_participant')
      .selectAll()
      .where('meeting_id', '=', meetingId)
      .where('member_id', '=', memberId)
      .executeTakeFirst();
    if (existing)
      await db
        .updateTable('meeting_participant')
        .set(patch)
        .where('meeting_id', '=', meetingId)
        .where('member_id', '=', memberId)
        .execute();
    else
      await db
        .insertInto('meeting_participant')
        .values({
          meeting_id: meetingId,
          member_id: memberId,
          invited: patch.invited ?? 0,
          attended: patch.attended ?? 0,
        })
        .execute();
  },
};

export const decisionRepository = {
  async list(db: Q, meetingId: string): Promise<MeetingDecision[]> {
    return db
      .selectFrom('meeting_decision')
      .selectAll()
      .where('meeting_id', '=', meetingId)
      .orderBy('position')
      .execute();
  },
  async getById(db: Q, id: string): Promise<MeetingDecision | undefined> {
    return db.selectFrom('meeting_decision').selectAll().where('id', '=', id).executeTakeFirst();
  },
  async nextPosition(db: Q, meetingId: string): Promise<number> {
    const r = await db
      .selectFrom('meeting_decision')
      .select((eb) => eb.fn.max('position').as('max'))
      .where('meeting_id', '=', meetingId)
      .executeTakeFirst();
    return Number(r?.max ?? 0) + 1;
  },
  async create(db: Q, row: MeetingDecision): Promise<void> {
    await db.insertInto('meeting_decision').values(row).execute();
  },
};

export const commitmentRepository = {
  async getById(db: Q, id: string): Promise<ForumCommitment | undefined> {
    return db.selectFrom('forum_commitment').selectAll().where('id', '=', id).executeTakeFirst();
  },
  async byDecision(db: Q, decisionId: string): Promise<ForumCommitment | undefined> {
    return db
      .selectFrom('forum_commitment')
      .selectAll()
      .where('decision_id', '=', decisionId)
      .executeTakeFirst();
  },
  async byIds(db: Q, ids: string[]): Promise<ForumCommitment[]> {
    if (ids.length === 0) return [];
    return db.selectFrom('forum_commitment').selectAll().where('id', 'in', ids).execute();
  },
  async byMeeting(db: Q, meetingId: string): Promise<ForumCommitment[]> {
    return db.selectFrom('forum_commitment').selectAll().where('meeting_id', '=', meetingId).execute();
  },
  async openByForum(db: Q, forumId: string): Promise<ForumCommitment[]> {
    return db
      .selectFrom('forum_commitment')
      .selectAll()
      .where('forum_id', '=', forumId)
      .where('status', 'in', ['open', 'in_progress'])
      .orderBy('deadline')
      .execute();
  },
  /** Commitments a person owns, or their organisation owns; not done first, by deadline. */
  async forOwner(
    db: Q,
    personId: string | null,
    organisationId: string | null,
    includeClosed: boolean,
  ): Promise<Array<ForumCommitment & { forum_name: string }>> {
    return db
      .selectFrom('forum_commitment')
      .innerJoin('forum', 'forum.id', 'forum_commitment.forum_id')
      .selectAll('forum_commitment')
      .select('forum.name as forum_name')
      .where((eb) =>
        eb.or([
          ...(personId ? [eb('forum_commitment.owner_person_id', '=', personId)] : []),
          ...(organisationId ? [eb('forum_commitment.owner_organisation_id', '=', organisationId)] : []),
          ...(!personId && !organisationId ? [eb.val(false)] : []),
        ]),
      )
      .$if(!includeClosed, (qb) => qb.where('forum_commitment.status', 'in', ['open', 'in_progress']))
      .orderBy('forum_commitment.deadline')
      .limit(500)
      .execute();
  },
  async create(db: Q, row: ForumCommitment): Promise<void> {
    await db.insertInto('forum_commitment').values(row).execute();
  },
  async update(db: Q, id: string, patch: Partial<Omit<ForumCommitment, 'id'>>): Promise<void> {
    await db.updateTable('forum_commitment').set(patch).where('id', '=', id).execute();
  },
};

export const partnershipRepository = {
  async latestCommitment(db: Q, organisationId: string): Promise<OrganisationCommitment | undefined> {
    return db
      .selectFrom('organisation_commitment')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirst();
  },
  async createCommitment(db: Q, row: OrganisationCommitment): Promise<void> {
    await db.insertInto('organisation_commitment').values(row).execute();
  },
  async statusChanges(db: Q, organisationId: string): Promise<OrganisationStatusChange[]> {
    return db
      .selectFrom('organisation_status_change')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(50)
      .execute();
  },
  async createStatusChange(db: Q, row: OrganisationStatusChange): Promise<void> {
    await db.insertInto('organisation_status_change').values(row).execute();
  },
  async setStatus(db: Q, organisationId: string, status: 'active' | 'suspended', at: string): Promise<void> {
    await db
      .updateTable('organisation')
      .set({ status, updated_at: at })
      .where('id', '=', organisationId)
      .execute();
  },
  async getContact(db: Q, organisationId: string): Promise<OrganisationContact | undefined> {
    return db
      .selectFrom('organisation_contact')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .executeTakeFirst();
  },
  async putContact(db: Q, row: OrganisationContact): Promise<void> {
    await db.deleteFrom('organisation_contact').where('organisation_id', '=', row.organisation_id).execute();
    await db.insertInto('organisation_contact').values(row).execute();
  },
};
