/**
 * FROZEN once released: never edit, add a new migration instead.
 * One row per one-time submission key a page form carried (rule 14, "each POST once"): a reload or
 * a double click of the same form finds its key here and is sent to the first result instead of
 * doing the work again. Rows hold no personal data and are pruned after a day.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

export async function up(db: Kysely<any>, _d: Dialect): Promise<void> {
  await db.schema
    .createTable('form_submission')
    .addColumn('key', 'text', (c) => c.primaryKey())
    // Whoever sent it ('' for a visitor without an account): another person's key is never honoured.
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('method_path', 'text', (c) => c.notNull())
    // 'pending' while the first request runs, then 'done'.
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    // Where the first request sent the browser (a 303's Location), if anywhere.
    .addColumn('location', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('form_submission_created_idx')
    .on('form_submission')
    .column('created_at')
    .execute();
}
