/**
 * FROZEN once released: never edit, add a new migration instead.
 * Delivery tracking of outbox messages: the provider's id of a sent message (WhatsApp `wamid`) and
 * the last delivery status the provider reported for it (`sent` / `delivered` / `read` / `failed`),
 * so asynchronous failures reported later by a status webhook reach the outbox row.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

export async function up(db: Kysely<any>, _d: Dialect): Promise<void> {
  // One column per statement: SQLite adds only one at a time.
  await db.schema.alterTable('channel_outbox').addColumn('provider_message_id', 'text').execute();
  await db.schema.alterTable('channel_outbox').addColumn('delivery_status', 'text').execute();
  await db.schema
    .createIndex('channel_outbox_provider_idx')
    .on('channel_outbox')
    .columns(['channel', 'provider_message_id'])
    .execute();
}
