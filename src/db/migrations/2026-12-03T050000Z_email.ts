/**
 * FROZEN once released: never edit, add a new migration instead.
 * E-mail delivery reports: every bounce or complaint the mail server posts back (keyed by the
 * address's hash, never the address), and the paused addresses (a hard bounce or a complaint) that
 * the e-mail sender refuses before it connects.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

export async function up(db: Kysely<any>, _d: Dialect): Promise<void> {
  await db.schema
    .createTable('email_report')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('address_hash', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('email_report_address_idx')
    .on('email_report')
    .columns(['address_hash', 'created_at'])
    .execute();
  await db.schema
    .createTable('email_suppression')
    .addColumn('address_hash', 'text', (c) => c.primaryKey())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}
