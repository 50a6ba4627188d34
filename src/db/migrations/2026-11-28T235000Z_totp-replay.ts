/**
 * FROZEN once released: never edit, add a new migration instead.
 * The last TOTP time step accepted for each person, so a code seen over someone's shoulder (or
 * replayed from a captured request) cannot be used a second time within its validity window.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

export async function up(db: Kysely<any>, d: Dialect): Promise<void> {
  await db.schema.alterTable('person').addColumn('totp_last_step', d.bigint).execute();
}
