/**
 * FROZEN once released: never edit, add a new migration instead.
 * Reports: categories, reports, their event thread, photos, reporter feedback, response templates.
 * No column records religion, ethnicity or beliefs; none stores an address, user agent or device data.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

export async function up(db: Kysely<any>, d: Dialect): Promise<void> {
  await db.schema
    .createTable('report_category')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('group_code', 'text', (c) => c.notNull())
    .addColumn('names', 'text', (c) => c.notNull())
    .addColumn('guidance', 'text', (c) => c.notNull())
    .addColumn('desk', 'text', (c) => c.notNull())
    .addColumn('sensitive', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('questions', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('report')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('reference', 'text', (c) => c.notNull().unique())
    .addColumn('category_code', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('privacy', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('desk', 'text', (c) => c.notNull())
    .addColumn('sensitive', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('area_path', 'text', (c) => c.notNull())
    .addColumn('lat', d.float)
    .addColumn('lon', d.float)
    .addColumn('public_lat', d.float)
    .addColumn('public_lon', d.float)
    .addColumn('address', 'text')
    .addColumn('occurred_at', 'text')
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('locale', 'text')
    .addColumn('reporter_person_id', 'text', (c) => c.references('person.id').onDelete('set null'))
    .addColumn('entered_by_person_id', 'text', (c) => c.references('person.id').onDelete('set null'))
    .addColumn('contact', 'text')
    .addColumn('receipt_hash', 'text', (c) => c.unique())
    .addColumn('last_activity_at', 'text', (c) => c.notNull())
    .addColumn('answers', 'text', (c) => c.notNull())
    .addColumn('assigned_person_id', 'text', (c) => c.references('person.id').onDelete('set null'))
    .addColumn('assigned_organisation_id', 'text', (c) =>
      c.references('organisation.id').onDelete('set null'),
    )
    .addColumn('held_for_review', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('duplicate_of', 'text')
    .addColumn('problem_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('acknowledged_at', 'text')
    .addColumn('resolved_at', 'text')
    .addColumn('closed_reason', 'text')
    .addColumn('referred_to', 'text')
    .addColumn('time_to_ack_seconds', 'integer')
    .addColumn('time_to_resolve_seconds', 'integer')
    .addColumn('personal_data_deleted_at', 'text')
    .execute();
  await db.schema.createIndex('report_area_idx').on('report').columns(['area_path', 'created_at']).execute();
  await db.schema.createIndex('report_status_idx').on('report').columns(['status', 'created_at']).execute();
  await db.schema.createIndex('report_privacy_idx').on('report').columns(['privacy', 'created_at']).execute();
  await db.schema.createIndex('report_activity_idx').on('report').columns(['last_activity_at']).execute();
  await db.schema
    .createIndex('report_assigned_org_idx')
    .on('report')
    .columns(['assigned_organisation_id'])
    .execute();
  await db.schema.createIndex('report_reporter_idx').on('report').columns(['reporter_person_id']).execute();

  await db.schema
    .createTable('report_event')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('report_id', 'text', (c) => c.notNull().references('report.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('visibility', 'text', (c) => c.notNull())
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text')
    .addColumn('reason', 'text')
    .addColumn('body', 'text')
    .addColumn('details', 'text')
    .addColumn('actor_person_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('report_event_report_idx')
    .on('report_event')
    .columns(['report_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('report_photo')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('report_id', 'text', (c) => c.notNull().references('report.id').onDelete('cascade'))
    .addColumn('storage_key', 'text', (c) => c.notNull().unique())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('report_photo_report_idx').on('report_photo').columns(['report_id']).execute();

  await db.schema
    .createTable('report_feedback')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('report_id', 'text', (c) => c.notNull().unique().references('report.id').onDelete('cascade'))
    .addColumn('resolved', 'text', (c) => c.notNull())
    .addColumn('answers', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('response_template')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('category_code', 'text')
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('response_template_idx')
    .on('response_template')
    .columns(['category_code', 'locale'])
    .execute();
}
