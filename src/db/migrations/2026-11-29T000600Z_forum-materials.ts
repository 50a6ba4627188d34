/**
 * FROZEN once released: never edit, add a new migration instead.
 * Forums, second step:
 * - materials (files) attached to trainings/workshops and to meetings, stored under DATA_DIR with
 *   random keys; the user's file name is kept only as a display name;
 * - the public summary of a meeting in several resident languages (one row per language);
 * - the answer of an invited member to a meeting invitation (attending / not / maybe);
 * - who has already answered a training's evaluation (kept apart from the answers, which stay
 *   anonymous), so each participant answers once.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

export async function up(db: Kysely<any>, _d: Dialect): Promise<void> {
  await db.schema
    .createTable('forum_material')
    .addColumn('id', 'text', (c) => c.primaryKey())
    /** 'training_event' | 'meeting' */
    .addColumn('owner_kind', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('storage_key', 'text', (c) => c.notNull().unique())
    /** 1: shown on the public page of a public meeting; 0: follows the owner's staff visibility. */
    .addColumn('is_public', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text', (c) => c.references('person.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('forum_material_owner_idx')
    .on('forum_material')
    .columns(['owner_kind', 'owner_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('meeting_summary')
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meeting.id').onDelete('cascade'))
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.references('person.id').onDelete('set null'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('meeting_summary_pk', ['meeting_id', 'locale'])
    .execute();

  /** null: no answer yet; 'yes' | 'no' | 'maybe' */
  await db.schema.alterTable('meeting_participant').addColumn('rsvp', 'text').execute();
  await db.schema.alterTable('meeting_participant').addColumn('rsvp_at', 'text').execute();

  await db.schema
    .createTable('training_evaluation_given')
    .addColumn('event_id', 'text', (c) => c.notNull().references('training_event.id').onDelete('cascade'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('person.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('training_evaluation_given_pk', ['event_id', 'person_id'])
    .execute();
}
