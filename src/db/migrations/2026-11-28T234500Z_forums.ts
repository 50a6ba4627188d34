/**
 * FROZEN once released: never edit, add a new migration instead.
 * Partnership forums: partner commitments to non-violence and human rights, suspensions and contacts;
 * forums (prevention centres, working groups, public councils), members, meetings with agenda,
 * attendance, minutes, decisions and tracked commitments.
 * No column records religion, ethnicity or beliefs. Gender and age band of members are optional and
 * only ever shown as aggregate counts with small cells suppressed.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

export async function up(db: Kysely<any>, _d: Dialect): Promise<void> {
  // The text an organisation agreed to, when, and who confirmed it on its behalf. History is kept.
  await db.schema
    .createTable('organisation_commitment')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) =>
      c.notNull().references('organisation.id').onDelete('cascade'),
    )
    .addColumn('confirmed_on', 'text', (c) => c.notNull())
    .addColumn('confirmed_by', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.references('person.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('organisation_commitment_org_idx')
    .on('organisation_commitment')
    .columns(['organisation_id', 'created_at'])
    .execute();

  // Every suspension and reinstatement of a partnership, with its reason (organisation.status holds the current state).
  await db.schema
    .createTable('organisation_status_change')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) =>
      c.notNull().references('organisation.id').onDelete('cascade'),
    )
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('changed_by', 'text', (c) => c.references('person.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('organisation_status_change_org_idx')
    .on('organisation_status_change')
    .columns(['organisation_id', 'created_at'])
    .execute();

  // Contacts and languages: shown only to staff of the organisation's areas; every read is audited.
  await db.schema
    .createTable('organisation_contact')
    .addColumn('organisation_id', 'text', (c) =>
      c.primaryKey().references('organisation.id').onDelete('cascade'),
    )
    .addColumn('contact_name', 'text')
    .addColumn('phone', 'text')
    .addColumn('email', 'text')
    .addColumn('languages', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.references('person.id').onDelete('set null'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('forum')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('area_path', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('person.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('forum_area_path_idx').on('forum').columns(['area_path']).execute();

  await db.schema
    .createTable('forum_member')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('forum_id', 'text', (c) => c.notNull().references('forum.id').onDelete('cascade'))
    .addColumn('person_id', 'text', (c) => c.references('person.id').onDelete('set null'))
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('organisation_id', 'text', (c) => c.references('organisation.id').onDelete('set null'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('term_start', 'text', (c) => c.notNull())
    .addColumn('term_end', 'text')
    // Optional, self-declared, aggregate-only: 'woman' | 'man' | 'other' | null (not recorded).
    .addColumn('gender', 'text')
    // Optional: 'under_18' | '18_29' | '30_44' | '45_59' | '60_plus' | null.
    .addColumn('age_band', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('forum_member_forum_idx').on('forum_member').columns(['forum_id']).execute();
  await db.schema.createIndex('forum_member_person_idx').on('forum_member').columns(['person_id']).execute();
  await db.schema
    .createIndex('forum_member_org_idx')
    .on('forum_member')
    .columns(['organisation_id'])
    .execute();

  await db.schema
    .createTable('meeting')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('forum_id', 'text', (c) => c.notNull().references('forum.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('online_url', 'text')
    .addColumn('visibility', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('residents_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('minutes', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('public_summary', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_by', 'text', (c) => c.references('person.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('meeting_forum_idx').on('meeting').columns(['forum_id', 'starts_at']).execute();
  await db.schema
    .createIndex('meeting_public_idx')
    .on('meeting')
    .columns(['visibility', 'starts_at'])
    .execute();

  await db.schema
    .createTable('forum_commitment')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('forum_id', 'text', (c) => c.notNull().references('forum.id').onDelete('cascade'))
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meeting.id').onDelete('cascade'))
    .addColumn('decision_id', 'text', (c) => c.notNull().unique())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('owner_person_id', 'text', (c) => c.references('person.id').onDelete('set null'))
    .addColumn('owner_organisation_id', 'text', (c) => c.references('organisation.id').onDelete('set null'))
    .addColumn('deadline', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('done_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('forum_commitment_forum_idx')
    .on('forum_commitment')
    .columns(['forum_id', 'status'])
    .execute();
  await db.schema
    .createIndex('forum_commitment_person_idx')
    .on('forum_commitment')
    .columns(['owner_person_id', 'status'])
    .execute();
  await db.schema
    .createIndex('forum_commitment_org_idx')
    .on('forum_commitment')
    .columns(['owner_organisation_id', 'status'])
    .execute();

  await db.schema
    .createTable('meeting_agenda_item')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meeting.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    // Plain references to other modules: 'report' | 'problem' | 'plan_task' (no foreign key).
    .addColumn('ref_kind', 'text')
    .addColumn('ref_id', 'text')
    .addColumn('commitment_id', 'text', (c) => c.references('forum_commitment.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('meeting_agenda_commitment_uq', ['meeting_id', 'commitment_id'])
    .execute();
  await db.schema
    .createIndex('meeting_agenda_meeting_idx')
    .on('meeting_agenda_item')
    .columns(['meeting_id', 'position'])
    .execute();

  // Invitation and attendance of members, one row per member and meeting.
  await db.schema
    .createTable('meeting_participant')
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meeting.id').onDelete('cascade'))
    .addColumn('member_id', 'text', (c) => c.notNull().references('forum_member.id').onDelete('cascade'))
    .addColumn('invited', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('attended', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('meeting_participant_pk', ['meeting_id', 'member_id'])
    .execute();

  await db.schema
    .createTable('meeting_decision')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meeting.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('meeting_decision_meeting_idx')
    .on('meeting_decision')
    .columns(['meeting_id', 'position'])
    .execute();

  // Mobile police receptions: where and when the van comes, who serves, and what the visit brought.
  await db.schema
    .createTable('reception')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('area_path', 'text', (c) => c.notNull())
    .addColumn('van', 'text', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    // Officers' names as shown on the public notice (JSON array of text).
    .addColumn('officers', 'text', (c) => c.notNull())
    .addColumn('notice', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('people_received', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text', (c) => c.references('person.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('reception_area_idx')
    .on('reception')
    .columns(['area_path', 'starts_at'])
    .execute();
  await db.schema.createIndex('reception_start_idx').on('reception').columns(['starts_at']).execute();
  // Concerns raised at a reception are reports (entered through the reporting service); this links them.
  await db.schema
    .createTable('reception_report')
    .addColumn('reception_id', 'text', (c) => c.notNull().references('reception.id').onDelete('cascade'))
    .addColumn('report_id', 'text', (c) => c.notNull().references('report.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('reception_report_pk', ['reception_id', 'report_id'])
    .execute();

  // Trainings and cross-border workshops: organisers, partner agencies, sessions, registration with
  // seats and approval, attendance per day, and a fixed evaluation form (anonymous answers).
  await db.schema
    .createTable('training_event')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('area_path', 'text', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('starts_on', 'text', (c) => c.notNull())
    .addColumn('ends_on', 'text', (c) => c.notNull())
    .addColumn('seat_limit', 'integer', (c) => c.notNull())
    // JSON: [{ name, country }] organisers and partner agencies
    .addColumn('organisers', 'text', (c) => c.notNull())
    .addColumn('partners', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('person.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('training_event_area_idx')
    .on('training_event')
    .columns(['area_path'])
    .execute();
  await db.schema
    .createTable('training_session')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull().references('training_event.id').onDelete('cascade'))
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('time', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('speakers', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('training_session_event_idx')
    .on('training_session')
    .columns(['event_id', 'day'])
    .execute();
  await db.schema
    .createTable('training_registration')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull().references('training_event.id').onDelete('cascade'))
    .addColumn('person_id', 'text', (c) => c.references('person.id').onDelete('set null'))
    .addColumn('full_name', 'text', (c) => c.notNull())
    .addColumn('organisation_name', 'text', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text')
    .execute();
  await db.schema
    .createIndex('training_registration_event_idx')
    .on('training_registration')
    .columns(['event_id', 'status'])
    .execute();
  await db.schema
    .createTable('training_attendance')
    .addColumn('registration_id', 'text', (c) =>
      c.notNull().references('training_registration.id').onDelete('cascade'),
    )
    .addColumn('day', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('training_attendance_pk', ['registration_id', 'day'])
    .execute();
  await db.schema
    .createTable('training_evaluation')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull().references('training_event.id').onDelete('cascade'))
    .addColumn('relevance', 'integer', (c) => c.notNull())
    .addColumn('quality', 'integer', (c) => c.notNull())
    .addColumn('organisation', 'integer', (c) => c.notNull())
    .addColumn('will_apply', 'integer', (c) => c.notNull())
    .addColumn('comment', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}
