/**
 * FROZEN once released: never edit, add a new migration instead.
 * Insight exports: one row per export a person asked for (what, which filters, in which language),
 * its progress while the job writes the file, and the link's expiry. The file itself lives under
 * DATA_DIR/exports and is deleted when the link expires. Also the index that lets an export read
 * reports in order by keyset ((created_at, id) and (updated_at, id)) instead of by OFFSET.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

export async function up(db: Kysely<any>, _d: Dialect): Promise<void> {
  await db.schema
    .createTable('insight_export')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // Only this person may see the export and use its link.
    .addColumn('person_id', 'text', (c) => c.notNull())
    // 'reports' | 'problems'
    .addColumn('list', 'text', (c) => c.notNull())
    // 'csv' | 'xlsx' | 'geojson'
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    // The page's filters as JSON (codes and choices only, never free text a resident wrote).
    .addColumn('filters', 'text', (c) => c.notNull())
    // 'pending' | 'running' | 'done' | 'failed' | 'expired'
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('rows_written', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rows_total', 'integer')
    .addColumn('file_bytes', 'integer')
    .addColumn('error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('expires_at', 'text')
    .addColumn('downloads', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex('insight_export_person_idx')
    .on('insight_export')
    .columns(['person_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('insight_export_expiry_idx')
    .on('insight_export')
    .columns(['status', 'expires_at'])
    .execute();
  await db.schema.createIndex('report_created_id_idx').on('report').columns(['created_at', 'id']).execute();
  await db.schema.createIndex('report_updated_id_idx').on('report').columns(['updated_at', 'id']).execute();
}
