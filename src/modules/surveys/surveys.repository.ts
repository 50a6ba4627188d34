/** Kysely queries of the surveys module, nothing else. */
import type { Kysely, Transaction } from 'kysely';
import type {
  DB,
  SurveyAnswerTable,
  SurveyItem,
  SurveyItemText,
  SurveyPopulation,
  SurveyResponseTable,
  SurveyTargetTable,
  SurveyWave,
} from '../../db/schema.ts';
import type { Insertable } from 'kysely';

type Q = Kysely<DB> | Transaction<DB>;

export const itemRepository = {
  all(db: Q): Promise<SurveyItem[]> {
    return db.selectFrom('survey_item').selectAll().orderBy('position').execute();
  },
  getById(db: Q, id: string): Promise<SurveyItem | undefined> {
    return db.selectFrom('survey_item').selectAll().where('id', '=', id).executeTakeFirst();
  },
  texts(db: Q, itemIds?: string[]): Promise<SurveyItemText[]> {
    let q = db.selectFrom('survey_item_text').selectAll();
    if (itemIds) {
      if (itemIds.length === 0) return Promise.resolve([]);
      q = q.where('item_id', 'in', itemIds);
    }
    return q.orderBy('item_id').orderBy('locale').execute();
  },
  async upsertText(db: Q, row: Insertable<DB['survey_item_text']>): Promise<void> {
    await db
      .insertInto('survey_item_text')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['item_id', 'locale']).doUpdateSet({
          text: row.text,
          status: row.status,
          back_translation: row.back_translation ?? null,
          reviewer_notes: row.reviewer_notes ?? '',
          updated_by: row.updated_by ?? null,
          updated_at: row.updated_at,
        }),
      )
      .execute();
  },
};

export const surveyRepository = {
  async insert(db: Q, row: Insertable<DB['survey']>) {
    await db.insertInto('survey').values(row).execute();
  },
  async insertVersion(db: Q, row: Insertable<DB['survey_version']>) {
    await db.insertInto('survey_version').values(row).execute();
  },
  async insertWave(db: Q, row: Insertable<DB['survey_wave']>) {
    await db.insertInto('survey_wave').values(row).execute();
  },
  /** Conditional: the current version moves only from the one the caller read (zero rows → 409). */
  async moveCurrentVersion(db: Q, id: string, from: number, to: number, at: string) {
    const r = await db
      .updateTable('survey')
      .set({ current_version: to, updated_at: at })
      .where('id', '=', id)
      .where('current_version', '=', from)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
  async setPublished(db: Q, id: string, version: number, at: string) {
    await db
      .updateTable('survey')
      .set({ published_version: version, updated_at: at })
      .where('id', '=', id)
      .execute();
  },
  getById(db: Q, id: string) {
    return db.selectFrom('survey').selectAll().where('id', '=', id).executeTakeFirst();
  },
  list(db: Q, paths: string[]) {
    if (paths.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('survey')
      .selectAll()
      .where((eb) => eb.or(paths.map((p) => eb('area_path', 'like', `${p}%`))))
      .orderBy('created_at', 'desc')
      .execute();
  },
  byTitle(db: Q, title: string) {
    return db.selectFrom('survey').selectAll().where('title', '=', title).executeTakeFirst();
  },
  version(db: Q, surveyId: string, number: number) {
    return db
      .selectFrom('survey_version')
      .selectAll()
      .where('survey_id', '=', surveyId)
      .where('number', '=', number)
      .executeTakeFirst();
  },
  versions(db: Q, surveyId: string) {
    return db
      .selectFrom('survey_version')
      .select(['number', 'status', 'published_at', 'created_at'])
      .where('survey_id', '=', surveyId)
      .orderBy('number', 'desc')
      .execute();
  },
  /** Conditional: only a draft version changes (zero rows → it was published meanwhile). */
  async updateDraft(db: Q, surveyId: string, number: number, definition: string, at: string) {
    const r = await db
      .updateTable('survey_version')
      .set({ definition, updated_at: at })
      .where('survey_id', '=', surveyId)
      .where('number', '=', number)
      .where('status', '=', 'draft')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
  async publishVersion(db: Q, surveyId: string, number: number, at: string) {
    const r = await db
      .updateTable('survey_version')
      .set({ status: 'published', published_at: at, updated_at: at })
      .where('survey_id', '=', surveyId)
      .where('number', '=', number)
      .where('status', '=', 'draft')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
  targets(db: Q, surveyId: string) {
    return db
      .selectFrom('survey_target')
      .selectAll()
      .where('survey_id', '=', surveyId)
      .orderBy('area_code')
      .execute();
  },
  targetByToken(db: Q, token: string) {
    return db.selectFrom('survey_target').selectAll().where('link_token', '=', token).executeTakeFirst();
  },
  async addTarget(db: Q, row: Insertable<SurveyTargetTable>) {
    await db.insertInto('survey_target').values(row).execute();
  },
  async updateTarget(db: Q, surveyId: string, areaCode: string, targetSample: number, quota: number) {
    await db
      .updateTable('survey_target')
      .set({ target_sample: targetSample, quota })
      .where('survey_id', '=', surveyId)
      .where('area_code', '=', areaCode)
      .execute();
  },
  waves(db: Q, surveyId: string): Promise<SurveyWave[]> {
    return db
      .selectFrom('survey_wave')
      .selectAll()
      .where('survey_id', '=', surveyId)
      .orderBy('number')
      .execute();
  },
  openWave(db: Q, surveyId: string, at: string): Promise<SurveyWave | undefined> {
    return db
      .selectFrom('survey_wave')
      .selectAll()
      .where('survey_id', '=', surveyId)
      .where('opens_at', '<=', at)
      .where('closes_at', '>', at)
      .orderBy('number', 'desc')
      .executeTakeFirst();
  },
};

export const responseRepository = {
  async insert(db: Q, response: Insertable<SurveyResponseTable>, answers: Insertable<SurveyAnswerTable>[]) {
    await db.insertInto('survey_response').values(response).execute();
    if (answers.length) await db.insertInto('survey_answer').values(answers).execute();
  },
  async countAccepted(db: Q, waveId: string, areaCode: string): Promise<number> {
    const r = await db
      .selectFrom('survey_response')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('wave_id', '=', waveId)
      .where('area_code', '=', areaCode)
      .where('status', '=', 'accepted')
      .executeTakeFirstOrThrow();
    return Number(r.n);
  },
  /** Counts by wave, area and status (the builder's progress table and the review queue). */
  counts(db: Q, surveyId: string) {
    return db
      .selectFrom('survey_response')
      .select(['wave_id', 'area_code', 'status', (eb) => eb.fn.countAll().as('n')])
      .where('survey_id', '=', surveyId)
      .groupBy(['wave_id', 'area_code', 'status'])
      .execute();
  },
  /** Conditional bulk decision on held answers of one wave and area. */
  async decideHeld(db: Q, waveId: string, areaCode: string, to: 'accepted' | 'rejected') {
    const r = await db
      .updateTable('survey_response')
      .set({ status: to })
      .where('wave_id', '=', waveId)
      .where('area_code', '=', areaCode)
      .where('status', '=', 'held')
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  },
  /** Accepted answers of a survey with the respondent's cell, for the results (one row per answer). */
  analysisRows(db: Q, surveyId: string) {
    return db
      .selectFrom('survey_response as r')
      .innerJoin('survey_answer as a', 'a.response_id', 'r.id')
      .select([
        'r.id as responseId',
        'r.wave_id as waveId',
        'r.area_code as areaCode',
        'r.gender',
        'r.age_band as ageBand',
        'a.question_key as questionKey',
        'a.number_value as numberValue',
        'a.choice_values as choiceValues',
      ])
      .where('r.survey_id', '=', surveyId)
      .where('r.status', '=', 'accepted')
      .where('a.text_value', 'is', null)
      .execute();
  },
  /** Respondents (accepted) with their cell, one row each. */
  respondents(db: Q, surveyId: string) {
    return db
      .selectFrom('survey_response')
      .select(['id', 'wave_id as waveId', 'area_code as areaCode', 'gender', 'age_band'])
      .where('survey_id', '=', surveyId)
      .where('status', '=', 'accepted')
      .execute();
  },
};

export const linkWindowRepository = {
  /** Adds one to the link's current window and returns the new count. */
  async bump(db: Q, token: string, windowStart: string): Promise<number> {
    await db
      .insertInto('survey_link_window')
      .values({ link_token: token, window_start: windowStart, count: 1 })
      .onConflict((oc) =>
        oc
          .columns(['link_token', 'window_start'])
          .doUpdateSet((eb) => ({ count: eb('survey_link_window.count', '+', 1) })),
      )
      .execute();
    const r = await db
      .selectFrom('survey_link_window')
      .select('count')
      .where('link_token', '=', token)
      .where('window_start', '=', windowStart)
      .executeTakeFirstOrThrow();
    return Number(r.count);
  },
  async purgeBefore(db: Q, windowStart: string) {
    await db.deleteFrom('survey_link_window').where('window_start', '<', windowStart).execute();
  },
};

export const populationRepository = {
  list(db: Q, paths: string[]): Promise<SurveyPopulation[]> {
    if (paths.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('survey_population')
      .selectAll()
      .where((eb) => eb.or(paths.map((p) => eb('area_path', 'like', `${p}%`))))
      .orderBy('area_code')
      .orderBy('gender')
      .orderBy('age_band')
      .execute();
  },
  forAreas(db: Q, codes: string[]): Promise<SurveyPopulation[]> {
    if (codes.length === 0) return Promise.resolve([]);
    return db.selectFrom('survey_population').selectAll().where('area_code', 'in', codes).execute();
  },
  /** Replaces the whole table of each area named in `rows`. */
  async replaceAreas(db: Q, rows: Insertable<DB['survey_population']>[]) {
    const codes = [...new Set(rows.map((r) => r.area_code))];
    if (codes.length) await db.deleteFrom('survey_population').where('area_code', 'in', codes).execute();
    for (let i = 0; i < rows.length; i += 200)
      await db
        .insertInto('survey_population')
        .values(rows.slice(i, i + 200))
        .execute();
  },
};
