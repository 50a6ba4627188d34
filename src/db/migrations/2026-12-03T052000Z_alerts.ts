/**
 * FROZEN once released: never edit, add a new migration instead.
 * Area alerts (issue 18): subscriptions without an account (the contact sealed, deleted with the
 * subscription), their areas, published alerts and their areas, and one delivery row per recipient
 * and alert — unique on (alert, channel, address hash), so overlapping areas give one message and a
 * fan-out that runs again after a crash adds nothing.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

export async function up(db: Kysely<any>, _d: Dialect): Promise<void> {
  await db.schema
    .createTable('alert_subscription')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('address_hash', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('topics', 'text', (c) => c.notNull())
    .addColumn('min_priority', 'text', (c) => c.notNull())
    .addColumn('quiet_start', 'integer')
    .addColumn('quiet_end', 'integer')
    .addColumn('digest', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('consent_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('alert_subscription_address_idx')
    .on('alert_subscription')
    .columns(['channel', 'address_hash'])
    .execute();
  await db.schema
    .createTable('alert_subscription_area')
    .addColumn('subscription_id', 'text', (c) =>
      c.notNull().references('alert_subscription.id').onDelete('cascade'),
    )
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('area_path', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('alert_subscription_area_pk', ['subscription_id', 'area_code'])
    .execute();
  await db.schema
    .createIndex('alert_subscription_area_path_idx')
    .on('alert_subscription_area')
    .columns(['area_path'])
    .execute();
  await db.schema
    .createTable('alert')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('link', 'text')
    .addColumn('expires_at', 'text')
    .addColumn('send_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('person.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .execute();
  await db.schema
    .createTable('alert_area')
    .addColumn('alert_id', 'text', (c) => c.notNull().references('alert.id').onDelete('cascade'))
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('area_path', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('alert_area_pk', ['alert_id', 'area_code'])
    .execute();
  await db.schema.createIndex('alert_area_path_idx').on('alert_area').columns(['area_path']).execute();
  await db.schema
    .createTable('alert_delivery')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('alert_id', 'text', (c) => c.notNull().references('alert.id').onDelete('cascade'))
    .addColumn('subscription_id', 'text', (c) => c.references('alert_subscription.id').onDelete('set null'))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('address_hash', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('outbox_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('alert_delivery_recipient_uq', ['alert_id', 'channel', 'address_hash'])
    .execute();
  await db.schema
    .createIndex('alert_delivery_due_idx')
    .on('alert_delivery')
    .columns(['status', 'due_at'])
    .execute();
}
