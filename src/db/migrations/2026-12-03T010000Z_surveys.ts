/**
 * FROZEN once released: never edit, add a new migration instead.
 * Trust and safety surveys: the item bank (validated items with a text per locale and its
 * translation status), surveys with numbered questionnaire versions (a published version is frozen),
 * target areas with a public link each, waves (collection periods), anonymous responses and their
 * answers, per-link counters for rate limits and bursts, and population tables for weighting.
 * Anonymous means anonymous: no response row has a person, an IP address, a user agent, a device id
 * or a time finer than the day. Demographics are only gender, age band and area of residence.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

export async function up(db: Kysely<any>, d: Dialect): Promise<void> {
  await db.schema
    .createTable('survey_item')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // 'bank' | 'post_contact'
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('construct', 'text', (c) => c.notNull())
    .addColumn('scale', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    // 'verbatim' | 'paraphrase': whether the wording was checked against the published questionnaire
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('survey_item_text')
    .addColumn('item_id', 'text', (c) => c.notNull().references('survey_item.id').onDelete('cascade'))
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    // 'draft' | 'reviewed' | 'back_translated'
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('back_translation', 'text')
    .addColumn('reviewer_notes', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('updated_by', 'text', (c) => c.references('person.id').onDelete('set null'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('survey_item_text_pk', ['item_id', 'locale'])
    .execute();

  await db.schema
    .createTable('survey')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    // The jurisdiction the survey belongs to; every target area lies within it.
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('area_path', 'text', (c) => c.notNull())
    .addColumn('current_version', 'integer', (c) => c.notNull())
    .addColumn('published_version', 'integer')
    .addColumn('created_by', 'text', (c) => c.references('person.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('survey_area_path_idx').on('survey').columns(['area_path']).execute();
  await db.schema
    .createTable('survey_version')
    .addColumn('survey_id', 'text', (c) => c.notNull().references('survey.id').onDelete('cascade'))
    .addColumn('number', 'integer', (c) => c.notNull())
    // JSON: languages, public titles, sections with their questions, demographics asked.
    .addColumn('definition', 'text', (c) => c.notNull())
    // 'draft' | 'published' (frozen)
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text')
    .addColumn('created_by', 'text', (c) => c.references('person.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('survey_version_pk', ['survey_id', 'number'])
    .execute();
  await db.schema
    .createTable('survey_target')
    .addColumn('survey_id', 'text', (c) => c.notNull().references('survey.id').onDelete('cascade'))
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('area_path', 'text', (c) => c.notNull())
    .addColumn('target_sample', 'integer', (c) => c.notNull())
    // Most accepted answers a wave takes from this area (duplicates and abuse).
    .addColumn('quota', 'integer', (c) => c.notNull())
    // The public link's secret part: random, says nothing about the survey or the area.
    .addColumn('link_token', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('survey_target_pk', ['survey_id', 'area_code'])
    .execute();
  await db.schema
    .createTable('survey_wave')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('survey_id', 'text', (c) => c.notNull().references('survey.id').onDelete('cascade'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('version_number', 'integer', (c) => c.notNull())
    .addColumn('opens_at', 'text', (c) => c.notNull())
    .addColumn('closes_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('person.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('survey_wave_number_uq', ['survey_id', 'number'])
    .execute();

  await db.schema
    .createTable('survey_response')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('survey_id', 'text', (c) => c.notNull().references('survey.id').onDelete('cascade'))
    .addColumn('wave_id', 'text', (c) => c.notNull().references('survey_wave.id').onDelete('cascade'))
    .addColumn('version_number', 'integer', (c) => c.notNull())
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    // 'web' | 'paper'
    .addColumn('channel', 'text', (c) => c.notNull())
    // 'accepted' | 'held' (beyond a burst, waits for review) | 'rejected'
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('gender', 'text')
    .addColumn('age_band', 'text')
    .addColumn('residence_area_code', 'text')
    // The day only: a finer time could be matched with other records.
    .addColumn('received_on', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('survey_response_wave_idx')
    .on('survey_response')
    .columns(['survey_id', 'wave_id', 'area_code', 'status'])
    .execute();
  await db.schema
    .createTable('survey_answer')
    .addColumn('response_id', 'text', (c) => c.notNull().references('survey_response.id').onDelete('cascade'))
    .addColumn('question_key', 'text', (c) => c.notNull())
    .addColumn('number_value', d.float)
    .addColumn('text_value', 'text')
    // JSON array of option indices (multiple choice)
    .addColumn('choice_values', 'text')
    .addPrimaryKeyConstraint('survey_answer_pk', ['response_id', 'question_key'])
    .execute();
  // Answers per link and 10-minute window: the rate limit and the burst rule, without any identity.
  await db.schema
    .createTable('survey_link_window')
    .addColumn('link_token', 'text', (c) => c.notNull())
    .addColumn('window_start', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('survey_link_window_pk', ['link_token', 'window_start'])
    .execute();

  // Population by area × gender × age band; '*' in gender or age_band marks a margin (total over it).
  await db.schema
    .createTable('survey_population')
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('area_path', 'text', (c) => c.notNull())
    .addColumn('gender', 'text', (c) => c.notNull())
    .addColumn('age_band', 'text', (c) => c.notNull())
    .addColumn('population', 'integer', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('loaded_by', 'text', (c) => c.references('person.id').onDelete('set null'))
    .addColumn('loaded_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('survey_population_pk', ['area_code', 'gender', 'age_band'])
    .execute();
}
