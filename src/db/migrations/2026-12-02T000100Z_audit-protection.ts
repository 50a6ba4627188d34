/**
 * FROZEN once released: never edit, add a new migration instead.
 * Audit protection (issue 13): signed checkpoints of the chain head, and on SQLite triggers that
 * refuse UPDATE/DELETE of audit entries and moving the head backwards. Triggers stop the app and a
 * careless operator, not someone who can drop them: the signed checkpoints held outside catch that.
 * On PostgreSQL the same guarantee comes from roles (README: the app role gets INSERT/SELECT only).
 */
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

export async function up(db: Kysely<any>, d: Dialect): Promise<void> {
  await db.schema
    .createTable('audit_checkpoint')
    .addColumn('seq', d.bigint, (c) => c.notNull())
    .addColumn('head_hash', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_checkpoint_seq_idx').on('audit_checkpoint').column('seq').execute();
  if (d.name !== 'sqlite') return;
  await sql`CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
    BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END`.execute(db);
  await sql`CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
    BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END`.execute(db);
  // The head only moves forward, and only onto an entry that exists with that hash.
  await sql`CREATE TRIGGER audit_head_forward BEFORE UPDATE ON audit_head
    WHEN NEW.seq < OLD.seq OR NEW.id <> OLD.id
      OR NOT EXISTS (SELECT 1 FROM audit_event WHERE seq = NEW.seq AND hash = NEW.hash)
    BEGIN SELECT RAISE(ABORT, 'audit_head only moves forward to an existing entry'); END`.execute(db);
  await sql`CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head
    BEGIN SELECT RAISE(ABORT, 'audit_head cannot be deleted'); END`.execute(db);
  await sql`CREATE TRIGGER audit_checkpoint_no_update BEFORE UPDATE ON audit_checkpoint
    BEGIN SELECT RAISE(ABORT, 'audit_checkpoint is append-only'); END`.execute(db);
  await sql`CREATE TRIGGER audit_checkpoint_no_delete BEFORE DELETE ON audit_checkpoint
    BEGIN SELECT RAISE(ABORT, 'audit_checkpoint is append-only'); END`.execute(db);
}
