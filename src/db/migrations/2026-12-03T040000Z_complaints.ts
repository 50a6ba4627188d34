/**
 * FROZEN once released: never edit, add a new migration instead.
 * Complaints and commendations about police: a `complaint` row for every report on the complaints
 * desk (the report keeps the intake: privacy, receipt, photos, contact), its stage history, and the
 * oversight bodies configured per area with their deadlines. Changes to a body (which changes who
 * reads complaints) are proposals until a second administrator confirms them.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

export async function up(db: Kysely<any>, _d: Dialect): Promise<void> {
  await db.schema
    .createTable('oversight_body')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('area_path', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull()) // public_council | ombudsman | internal_affairs
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('organisation_id', 'text', (c) => c.references('organisation.id'))
    .addColumn('ack_days', 'integer', (c) => c.notNull())
    .addColumn('decision_days', 'integer', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('oversight_body_area_idx').on('oversight_body').column('area_path').execute();

  await db.schema
    .createTable('oversight_body_change')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('body_id', 'text')
    .addColumn('proposal', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // pending | confirmed | refused
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .execute();

  await db.schema
    .createTable('complaint')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('report_id', 'text', (c) => c.notNull().unique().references('report.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull()) // complaint | commendation
    .addColumn('officer_badge', 'text')
    .addColumn('officer_description', 'text')
    .addColumn('body_id', 'text')
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('area_path', 'text', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('identity_shared', 'integer', (c) => c.notNull())
    .addColumn('registered_at', 'text', (c) => c.notNull())
    .addColumn('ack_due_at', 'text', (c) => c.notNull())
    .addColumn('acknowledged_at', 'text')
    .addColumn('decision_due_at', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text')
    .addColumn('outcome', 'text')
    .addColumn('reasoning', 'text')
    .addColumn('recommendations', 'text')
    .addColumn('disclosure', 'text')
    .addColumn('officer_person_id', 'text', (c) => c.references('person.id').onDelete('set null'))
    .addColumn('appeal_count', 'integer', (c) => c.notNull())
    .addColumn('appeal_reason', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('complaint_stage_idx')
    .on('complaint')
    .columns(['stage', 'area_path'])
    .execute();

  await db.schema
    .createTable('complaint_event')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('complaint_id', 'text', (c) => c.notNull().references('complaint.id').onDelete('cascade'))
    .addColumn('from_stage', 'text')
    .addColumn('to_stage', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text')
    .addColumn('note', 'text')
    .addColumn('actor_person_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('complaint_event_complaint_idx')
    .on('complaint_event')
    .column('complaint_id')
    .execute();
}
