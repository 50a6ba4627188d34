/**
 * FROZEN once released: never edit, add a new migration instead.
 * Joint local prevention plans (Kyrgyz Law No. 60 of 5 May 2021 "On the prevention of offences"):
 * one plan per municipality or district and period; priorities with their justification and the
 * problems behind them; tasks with owner organisation, deadline, funding, budget and progress;
 * numbered versions of the signed content and the three signatures, each against one version.
 * Links to problems are plain ids (the problems module validates its own rows; no foreign key here).
 * No column records religion, ethnicity or beliefs; signatories are office holders acting officially.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

export async function up(db: Kysely<any>, _d: Dialect): Promise<void> {
  await db.schema
    .createTable('plan')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('area_path', 'text', (c) => c.notNull())
    .addColumn('period_start', 'text', (c) => c.notNull())
    .addColumn('period_end', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('current_version', 'integer', (c) => c.notNull())
    .addColumn('approved_version', 'integer')
    .addColumn('approved_at', 'text')
    .addColumn('created_by', 'text', (c) => c.references('person.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('plan_area_idx').on('plan').columns(['area_path', 'period_start']).execute();

  // The content as it stood in each version; frozen by its first signature, never changed after.
  await db.schema
    .createTable('plan_version')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('plan_id', 'text', (c) => c.notNull().references('plan.id').onDelete('cascade'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('snapshot', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('person.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('frozen_at', 'text')
    .addUniqueConstraint('plan_version_number_uq', ['plan_id', 'number'])
    .execute();

  await db.schema
    .createTable('plan_priority')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('plan_id', 'text', (c) => c.notNull().references('plan.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('justification', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('plan_priority_plan_idx')
    .on('plan_priority')
    .columns(['plan_id', 'position'])
    .execute();
  await db.schema
    .createTable('plan_priority_problem')
    .addColumn('priority_id', 'text', (c) => c.notNull().references('plan_priority.id').onDelete('cascade'))
    .addColumn('problem_id', 'text', (c) => c.notNull())
    .addColumn('plan_id', 'text', (c) => c.notNull().references('plan.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('plan_priority_problem_pk', ['priority_id', 'problem_id'])
    .execute();
  await db.schema
    .createIndex('plan_priority_problem_problem_idx')
    .on('plan_priority_problem')
    .columns(['problem_id'])
    .execute();

  await db.schema
    .createTable('plan_task')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('plan_id', 'text', (c) => c.notNull().references('plan.id').onDelete('cascade'))
    .addColumn('priority_id', 'text', (c) => c.notNull().references('plan_priority.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('owner_organisation_id', 'text', (c) => c.references('organisation.id').onDelete('set null'))
    .addColumn('deadline', 'text', (c) => c.notNull())
    // 'local_budget' | 'donor' | 'in_kind' | 'none'
    .addColumn('funding_source', 'text', (c) => c.notNull())
    .addColumn('budget', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('spent', 'integer', (c) => c.notNull().defaultTo(0))
    // 'not_started' | 'in_progress' | 'done' | 'cancelled'
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('progress', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('completed_on', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('plan_task_plan_idx')
    .on('plan_task')
    .columns(['plan_id', 'position'])
    .execute();
  await db.schema
    .createIndex('plan_task_owner_idx')
    .on('plan_task')
    .columns(['owner_organisation_id'])
    .execute();
  await db.schema
    .createTable('plan_task_problem')
    .addColumn('task_id', 'text', (c) => c.notNull().references('plan_task.id').onDelete('cascade'))
    .addColumn('problem_id', 'text', (c) => c.notNull())
    .addColumn('plan_id', 'text', (c) => c.notNull().references('plan.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('plan_task_problem_pk', ['task_id', 'problem_id'])
    .execute();
  await db.schema
    .createIndex('plan_task_problem_problem_idx')
    .on('plan_task_problem')
    .columns(['problem_id'])
    .execute();

  // Monitoring: every progress report on a task, so a quarterly report shows the state at the quarter's end.
  await db.schema
    .createTable('plan_task_update')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('task_id', 'text', (c) => c.notNull().references('plan_task.id').onDelete('cascade'))
    .addColumn('plan_id', 'text', (c) => c.notNull().references('plan.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('progress', 'integer', (c) => c.notNull())
    .addColumn('spent', 'integer', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    // YYYY-MM-DD: the day the state was reached (may be back-dated to the end of a quarter).
    .addColumn('reported_on', 'text', (c) => c.notNull())
    .addColumn('reported_by', 'text', (c) => c.references('person.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('plan_task_update_task_idx')
    .on('plan_task_update')
    .columns(['task_id', 'reported_on'])
    .execute();

  // One signature per seat and version; the names and titles are kept as written at signing.
  await db.schema
    .createTable('plan_approval')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('plan_id', 'text', (c) => c.notNull().references('plan.id').onDelete('cascade'))
    .addColumn('version_id', 'text', (c) => c.notNull().references('plan_version.id').onDelete('cascade'))
    .addColumn('version_number', 'integer', (c) => c.notNull())
    // 'police' | 'municipality' | 'council'
    .addColumn('seat', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.references('person.id').onDelete('set null'))
    .addColumn('signatory_name', 'text', (c) => c.notNull())
    .addColumn('role_title', 'text', (c) => c.notNull())
    .addColumn('organisation_id', 'text', (c) => c.references('organisation.id').onDelete('set null'))
    .addColumn('organisation_name', 'text', (c) => c.notNull())
    .addColumn('approved_on', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('plan_approval_seat_uq', ['version_id', 'seat'])
    .execute();
  await db.schema
    .createIndex('plan_approval_plan_idx')
    .on('plan_approval')
    .columns(['plan_id', 'version_number'])
    .execute();
}
