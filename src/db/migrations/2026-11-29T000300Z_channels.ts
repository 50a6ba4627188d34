/**
 * FROZEN once released: never edit, add a new migration instead.
 * Messaging channels (Telegram, WhatsApp, SMS): per-channel settings (secrets encrypted), the
 * resident's conversation state, de-duplication of replayed inbound messages, the link between a
 * report and the chat it came from, and the durable outbox of messages to send.
 *
 * Messenger identifiers (chat ids, phone numbers) appear only as `address` (AES-GCM sealed, to reply)
 * and `address_hash` (keyed hash, to match). No column records religion, ethnicity or beliefs.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

export async function up(db: Kysely<any>, _d: Dialect): Promise<void> {
  // One row per (channel, key). Secret values are sealed with encryptField and never rendered back.
  await db.schema
    .createTable('channel_setting')
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('secret', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_by_person_id', 'text', (c) => c.references('person.id').onDelete('set null'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('channel_setting_pk', ['channel', 'key'])
    .execute();

  // The resident's place in a dialogue: one per (channel, address). `data` is the JSON draft.
  await db.schema
    .createTable('conversation')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('address_hash', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('locale', 'text')
    .addColumn('step', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('conversation_address_uq', ['channel', 'address_hash'])
    .execute();
  await db.schema.createIndex('conversation_expires_idx').on('conversation').column('expires_at').execute();

  // Inbound message ids already handled (keyed hash), so a replayed webhook does nothing twice.
  await db.schema
    .createTable('channel_inbound')
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('message_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('channel_inbound_pk', ['channel', 'message_hash'])
    .execute();
  await db.schema
    .createIndex('channel_inbound_created_idx')
    .on('channel_inbound')
    .column('created_at')
    .execute();

  // A report made (or followed) through a channel: where to send its status changes and team replies.
  // `last_event_id` is the notifier's cursor over report_event (UUIDv7 ids sort by time).
  await db.schema
    .createTable('channel_thread')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('report_id', 'text', (c) => c.notNull().unique().references('report.id').onDelete('cascade'))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('address_hash', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('last_event_id', 'text')
    .addColumn('feedback_asked_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('channel_thread_address_idx')
    .on('channel_thread')
    .columns(['channel', 'address_hash'])
    .execute();

  // Messages to send. `message` is the sealed JSON of an OutboundMessage (it may quote the team).
  await db.schema
    .createTable('channel_outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('address_hash', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('report_id', 'text', (c) => c.references('report.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('locked_until', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .execute();
  await db.schema
    .createIndex('channel_outbox_status_idx')
    .on('channel_outbox')
    .columns(['status', 'created_at'])
    .execute();
  await db.schema.createIndex('channel_outbox_report_idx').on('channel_outbox').column('report_id').execute();
  await db.schema
    .createIndex('channel_outbox_address_idx')
    .on('channel_outbox')
    .columns(['channel', 'address_hash', 'created_at'])
    .execute();
}
