/**
 * FROZEN once released: never edit, add a new migration instead.
 * Four-eyes role grants: every grant asked for is a row here (pending, confirmed, refused, revoked),
 * so oversight sees the whole history. A `role_grant` row, which is what gives access, exists only
 * once a grant is confirmed; a pending grant therefore gives no access by construction.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

export async function up(db: Kysely<any>, _d: Dialect): Promise<void> {
  await db.schema
    .createTable('grant_request')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('person.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // pending | confirmed | refused | revoked
    .addColumn('requested_by', 'text')
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('revoked_by', 'text')
    .addColumn('revoked_at', 'text')
    .addColumn('grant_id', 'text')
    .execute();
  await db.schema.createIndex('grant_request_person_idx').on('grant_request').column('person_id').execute();
  await db.schema
    .createIndex('grant_request_status_idx')
    .on('grant_request')
    .columns(['status', 'requested_at'])
    .execute();
}
