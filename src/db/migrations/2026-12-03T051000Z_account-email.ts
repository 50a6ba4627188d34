/**
 * FROZEN once released: never edit, add a new migration instead.
 * Single-use links sent by e-mail: sign-up confirmation (the pending account, sealed, until the link
 * is followed) and password reset. Only a keyed hash of the token is stored.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

export async function up(db: Kysely<any>, _d: Dialect): Promise<void> {
  await db.schema
    .createTable('account_email_token')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('person_id', 'text', (c) => c.references('person.id').onDelete('cascade'))
    .addColumn('payload', 'text')
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('account_email_token_person_idx')
    .on('account_email_token')
    .columns(['person_id'])
    .execute();
}
