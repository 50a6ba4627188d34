/**
 * FROZEN once released: never edit, add a new migration instead.
 * Problems worked through the four SARA stages (scanning, analysis, response, assessment): the
 * problem and its areas, the organisations party to it (who raised it, who works it), dated
 * measurement snapshots computed from the platform, actions with the rights check that gates police
 * coercive actions, assessments with their decision, and the problem's own event timeline.
 * No column records religion, ethnicity or beliefs; a problem's clustering type is place, time,
 * behaviour, victim group or offender behaviour, never an identity group. "Who raised it" is a list of
 * organisations, never informants.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

export async function up(db: Kysely<any>, _d: Dialect): Promise<void> {
  await db.schema
    .createTable('problem')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    // 'scanning' | 'analysis' | 'response' | 'assessment' | 'closed'
    .addColumn('status', 'text', (c) => c.notNull())
    // 'place' | 'time' | 'behaviour' | 'victim_group' | 'offender_behaviour'
    .addColumn('clustering_type', 'text', (c) => c.notNull())
    .addColumn('category_code', 'text')
    // How it came to be: 'reports' | 'survey' | 'forum' | 'hand'
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('first_seen', 'text')
    .addColumn('last_seen', 'text')
    .addColumn('frequency', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('harms', 'text', (c) => c.notNull().defaultTo(''))
    // 'low' | 'medium' | 'high'
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('priority_rationale', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('goal', 'text', (c) => c.notNull().defaultTo(''))
    // JSON: the problem-analysis triangle, data sources, current responses, hypothesis, statement.
    .addColumn('analysis', 'text', (c) => c.notNull().defaultTo('{}'))
    // The first area's path (the jurisdiction lists sort by); every area is in problem_area.
    .addColumn('area_path', 'text', (c) => c.notNull())
    .addColumn('published', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('public_title', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('public_summary', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('published_at', 'text')
    .addColumn('created_by', 'text', (c) => c.references('person.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .execute();
  await db.schema.createIndex('problem_area_path_idx').on('problem').columns(['area_path']).execute();
  await db.schema.createIndex('problem_status_idx').on('problem').columns(['status', 'updated_at']).execute();
  await db.schema
    .createIndex('problem_published_idx')
    .on('problem')
    .columns(['published', 'updated_at'])
    .execute();

  await db.schema
    .createTable('problem_area')
    .addColumn('problem_id', 'text', (c) => c.notNull().references('problem.id').onDelete('cascade'))
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('area_path', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('problem_area_pk', ['problem_id', 'area_code'])
    .execute();
  await db.schema.createIndex('problem_area_by_path_idx').on('problem_area').columns(['area_path']).execute();

  // Organisations party to the problem; `raised` marks those that raised it.
  await db.schema
    .createTable('problem_partner')
    .addColumn('problem_id', 'text', (c) => c.notNull().references('problem.id').onDelete('cascade'))
    .addColumn('organisation_id', 'text', (c) =>
      c.notNull().references('organisation.id').onDelete('cascade'),
    )
    .addColumn('raised', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('problem_partner_pk', ['problem_id', 'organisation_id'])
    .execute();
  await db.schema
    .createIndex('problem_partner_org_idx')
    .on('problem_partner')
    .columns(['organisation_id'])
    .execute();

  // A dated snapshot of reports per week in the problem's areas and category (and in a comparison and
  // a buffer area), computed from the platform when recorded, never edited afterwards.
  await db.schema
    .createTable('problem_measure')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('problem_id', 'text', (c) => c.notNull().references('problem.id').onDelete('cascade'))
    // 'baseline' | 'after'
    .addColumn('phase', 'text', (c) => c.notNull())
    .addColumn('period_start', 'text', (c) => c.notNull())
    .addColumn('period_end', 'text', (c) => c.notNull())
    .addColumn('category_code', 'text')
    // JSON: area codes measured as the target area
    .addColumn('area_codes', 'text', (c) => c.notNull())
    .addColumn('comparison_area_code', 'text')
    .addColumn('buffer_area_code', 'text')
    // JSON: { target: number[], comparison: number[] | null, buffer: number[] | null } per week
    .addColumn('weekly', 'text', (c) => c.notNull())
    .addColumn('target_total', 'integer', (c) => c.notNull())
    .addColumn('comparison_total', 'integer')
    .addColumn('buffer_total', 'integer')
    // What survey data there was for the area, in words ("no survey data available" until surveys exist).
    .addColumn('survey_note', 'text', (c) => c.notNull())
    .addColumn('computed_by', 'text', (c) => c.references('person.id').onDelete('set null'))
    .addColumn('computed_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('problem_measure_problem_idx')
    .on('problem_measure')
    .columns(['problem_id', 'computed_at'])
    .execute();

  await db.schema
    .createTable('problem_action')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('problem_id', 'text', (c) => c.notNull().references('problem.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('responsible_organisation_id', 'text', (c) =>
      c.references('organisation.id').onDelete('set null'),
    )
    .addColumn('responsible_person_id', 'text', (c) => c.references('person.id').onDelete('set null'))
    // YYYY-MM-DD
    .addColumn('deadline', 'text')
    // 'local_budget' | 'donor' | 'in_kind' | 'none'
    .addColumn('funding_source', 'text', (c) => c.notNull())
    // 'planned' | 'in_progress' | 'done' | 'cancelled'
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('progress', 'integer', (c) => c.notNull().defaultTo(0))
    // The plan task this action serves (plan tables come later: no foreign key).
    .addColumn('plan_task_id', 'text')
    // 1: a police action using coercive powers (needs a rights check before it starts).
    .addColumn('coercive', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text', (c) => c.references('person.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text')
    .addColumn('done_at', 'text')
    .execute();
  await db.schema
    .createIndex('problem_action_problem_idx')
    .on('problem_action')
    .columns(['problem_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('problem_action_plan_task_idx')
    .on('problem_action')
    .columns(['plan_task_id'])
    .execute();
  await db.schema
    .createIndex('problem_action_org_idx')
    .on('problem_action')
    .columns(['responsible_organisation_id'])
    .execute();

  await db.schema
    .createTable('problem_rights_check')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('action_id', 'text', (c) => c.notNull().references('problem_action.id').onDelete('cascade'))
    .addColumn('legality', 'text', (c) => c.notNull())
    .addColumn('necessity', 'text', (c) => c.notNull())
    .addColumn('proportionality', 'text', (c) => c.notNull())
    .addColumn('non_discrimination', 'text', (c) => c.notNull())
    // 'approved' | 'refused'
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('checker_name', 'text', (c) => c.notNull())
    .addColumn('checked_by', 'text', (c) => c.references('person.id').onDelete('set null'))
    .addColumn('checked_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('problem_rights_check_action_idx')
    .on('problem_rights_check')
    .columns(['action_id', 'checked_at'])
    .execute();

  await db.schema
    .createTable('problem_assessment')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('problem_id', 'text', (c) => c.notNull().references('problem.id').onDelete('cascade'))
    // JSON: [{ actionId, title, done, note }]
    .addColumn('process_check', 'text', (c) => c.notNull())
    .addColumn('baseline_measure_id', 'text')
    .addColumn('after_measure_id', 'text')
    // JSON: the before/after comparison (success, displacement, WDQ, net effect) as computed.
    .addColumn('comparison', 'text', (c) => c.notNull())
    // JSON: residents' "was it resolved?" answers from linked reports { yes, partly, no }
    .addColumn('resident_feedback', 'text', (c) => c.notNull())
    // 'close' | 'adjust' | 'reanalyse'
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('notes', 'text', (c) => c.notNull())
    .addColumn('assessed_by', 'text', (c) => c.references('person.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('problem_assessment_problem_idx')
    .on('problem_assessment')
    .columns(['problem_id', 'created_at'])
    .execute();

  // The timeline: who changed what, in words a person reads as the problem's story.
  await db.schema
    .createTable('problem_event')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('problem_id', 'text', (c) => c.notNull().references('problem.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('actor_person_id', 'text', (c) => c.references('person.id').onDelete('set null'))
    // JSON: small non-personal context (fields changed, stage, action title, decision)
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('problem_event_problem_idx')
    .on('problem_event')
    .columns(['problem_id', 'created_at'])
    .execute();
}
