/**
 * FROZEN once released: never edit, add a new migration instead.
 * Open311 GeoReport v2: API keys of client applications (kept only as a keyed hash, each limited to
 * the services it may submit to and a number of requests per hour), the token and key behind each
 * request a client submitted, and the updates clients posted (so a replayed update_id is answered
 * once, not stored twice). The rate counter lives in the shared `throttle` table.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

export async function up(db: Kysely<any>, _d: Dialect): Promise<void> {
  await db.schema
    .createTable('open311_api_key')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('key_hash', 'text', (c) => c.notNull().unique())
    // The first characters of the key, so an administrator can tell keys apart; grants nothing.
    .addColumn('key_hint', 'text', (c) => c.notNull())
    // JSON: string[] of service (category) codes.
    .addColumn('services', 'text', (c) => c.notNull())
    .addColumn('rate_per_hour', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('person.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .addColumn('revoked_by', 'text', (c) => c.references('person.id').onDelete('set null'))
    .execute();

  await db.schema
    .createTable('open311_request')
    .addColumn('report_id', 'text', (c) => c.primaryKey().references('report.id').onDelete('cascade'))
    .addColumn('token', 'text', (c) => c.notNull().unique())
    .addColumn('api_key_id', 'text', (c) => c.notNull().references('open311_api_key.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('open311_request_key_idx')
    .on('open311_request')
    .columns(['api_key_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('open311_update')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('api_key_id', 'text', (c) => c.notNull().references('open311_api_key.id'))
    // The client's own id for the update (mySociety `update_id`), when it sent one.
    .addColumn('client_update_id', 'text')
    .addColumn('report_id', 'text', (c) => c.notNull().references('report.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('open311_update_client_idx')
    .on('open311_update')
    .columns(['api_key_id', 'client_update_id'])
    .unique()
    .execute();
}
