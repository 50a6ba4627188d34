/**
 * FROZEN once released: never edit, add a new migration instead.
 * Prevention referrals: consent-based, multi-agency support for a person showing observable signs of
 * being drawn towards violence (OSCE 2019 guidebook on referral mechanisms).
 * - Columns ending in `_enc` hold AES-256-GCM sealed text (see referral-envelope.ts), sealed with the
 *   referral's own data key, which is stored only wrapped by a configured master key (`key_id`).
 * - No column records a person's religion, ethnicity, beliefs or political views (the no-profiling
 *   schema test checks every table).
 * - `referral_outcome_tally` keeps one row per closure with area, outcome and month only — no link to
 *   the referral — so aggregate figures survive the real deletion of the referral at retention.
 * Person references are plain ids: the audit trail says who did what; a removed account must not
 * delete a referral or its history.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

export async function up(db: Kysely<any>, _d: Dialect): Promise<void> {
  await db.schema
    .createTable('referral_panel_member')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('area_path', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull().references('person.id').onDelete('cascade'))
    .addColumn('added_by', 'text')
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('referral_panel_member_uq', ['area_code', 'person_id'])
    .execute();
  await db.schema
    .createIndex('referral_panel_member_person_idx')
    .on('referral_panel_member')
    .column('person_id')
    .execute();

  await db.schema
    .createTable('referral')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('area_path', 'text', (c) => c.notNull())
    // prevention_desk | forum | partner
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('source_report_id', 'text')
    .addColumn('source_forum_id', 'text')
    .addColumn('referring_organisation_id', 'text')
    // consultation | consented | support | closed
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('observed_at', 'text', (c) => c.notNull())
    .addColumn('observed_area_code', 'text', (c) => c.notNull())
    .addColumn('subject_minor', 'integer', (c) => c.notNull())
    .addColumn('behaviour_enc', 'text', (c) => c.notNull())
    .addColumn('factors_enc', 'text', (c) => c.notNull())
    .addColumn('subject_enc', 'text')
    // none | given | withdrawn
    .addColumn('consent_status', 'text', (c) => c.notNull())
    .addColumn('legal_duty_role', 'text')
    .addColumn('legal_duty_by', 'text')
    .addColumn('legal_duty_at', 'text')
    .addColumn('legal_duty_enc', 'text')
    .addColumn('checklist', 'text')
    .addColumn('checklist_by', 'text')
    .addColumn('checklist_at', 'text')
    .addColumn('decision', 'text')
    .addColumn('decision_enc', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('outcome', 'text')
    .addColumn('support_delivered', 'integer')
    .addColumn('closed_at', 'text')
    .addColumn('closed_by', 'text')
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('wrapped_key', 'text', (c) => c.notNull())
    .addColumn('opened_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('referral_area_idx').on('referral').columns(['area_path', 'status']).execute();
  await db.schema
    .createIndex('referral_closed_idx')
    .on('referral')
    .columns(['status', 'closed_at'])
    .execute();
  await db.schema.createIndex('referral_key_idx').on('referral').column('key_id').execute();

  await db.schema
    .createTable('referral_consent')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('referral_id', 'text', (c) => c.notNull().references('referral.id').onDelete('cascade'))
    // person | guardian
    .addColumn('given_by', 'text', (c) => c.notNull())
    // in_person | written | phone
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('given_at', 'text', (c) => c.notNull())
    .addColumn('purposes', 'text', (c) => c.notNull())
    .addColumn('agency_ids', 'text', (c) => c.notNull())
    .addColumn('details_enc', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text')
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('withdrawn_at', 'text')
    .addColumn('withdrawn_by', 'text')
    .addColumn('withdrawal_enc', 'text')
    .execute();
  await db.schema
    .createIndex('referral_consent_referral_idx')
    .on('referral_consent')
    .column('referral_id')
    .execute();

  await db.schema
    .createTable('referral_action')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('referral_id', 'text', (c) => c.notNull().references('referral.id').onDelete('cascade'))
    .addColumn('owner_organisation_id', 'text', (c) => c.notNull())
    .addColumn('text_enc', 'text', (c) => c.notNull())
    .addColumn('deadline', 'text', (c) => c.notNull())
    .addColumn('review_dates', 'text', (c) => c.notNull())
    // planned | in_progress | done | not_done
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('note_enc', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('referral_action_referral_idx')
    .on('referral_action')
    .column('referral_id')
    .execute();
  await db.schema
    .createIndex('referral_action_owner_idx')
    .on('referral_action')
    .column('owner_organisation_id')
    .execute();

  await db.schema
    .createTable('referral_review')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('referral_id', 'text', (c) => c.notNull().references('referral.id').onDelete('cascade'))
    .addColumn('reviewed_on', 'text', (c) => c.notNull())
    .addColumn('notes_enc', 'text', (c) => c.notNull())
    .addColumn('next_review_on', 'text')
    .addColumn('recorded_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('referral_review_referral_idx')
    .on('referral_review')
    .column('referral_id')
    .execute();

  await db.schema
    .createTable('referral_outcome_tally')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('area_path', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('support_delivered', 'integer', (c) => c.notNull())
    // YYYY-MM of the closure: no day, so a tally row cannot be matched to one referral by its date.
    .addColumn('closed_month', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('referral_outcome_tally_area_idx')
    .on('referral_outcome_tally')
    .columns(['area_path', 'closed_month'])
    .execute();
}
