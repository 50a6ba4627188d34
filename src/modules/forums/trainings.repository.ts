/** Kysely queries for trainings: events, agenda sessions, registrations, attendance, evaluations. */
import type { Kysely } from 'kysely';
import type { Trx } from '../../db/database.ts';
import type { Dialect } from '../../db/dialect.ts';
import type {
  DB,
  TrainingEvaluation,
  TrainingEvent,
  TrainingRegistration,
  TrainingSession,
} from '../../db/schema.ts';

type Q = Kysely<DB> | Trx;

export const trainingRepository = {
  async event(db: Q, id: string): Promise<TrainingEvent | undefined> {
    return db.selectFrom('training_event').selectAll().where('id', '=', id).executeTakeFirst();
  },
  /** Events under any of the paths, latest first. */
  async eventsUnder(db: Q, paths: string[], limit: number): Promise<TrainingEvent[]> {
    if (paths.length === 0) return [];
    return db
      .selectFrom('training_event')
      .selectAll()
      .where((eb) => eb.or(paths.map((p) => eb('area_path', 'like', `${p}%`))))
      .orderBy('starts_on', 'desc')
      .limit(limit)
      .execute();
  },
  /** Approved seats per event, in one query for a whole list. */
  async approvedCounts(db: Q, eventIds: string[]): Promise<Map<string, number>> {
    if (eventIds.length === 0) return new Map();
    const rows = await db
      .selectFrom('training_registration')
      .select(['event_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('event_id', 'in', eventIds)
      .where('status', '=', 'approved')
      .groupBy('event_id')
      .execute();
    return new Map(rows.map((r) => [r.event_id, Number(r.n)]));
  },
  async createEvent(trx: Trx, row: TrainingEvent, sessions: TrainingSession[]): Promise<void> {
    await trx.insertInto('training_event').values(row).execute();
    for (const s of sessions) await trx.insertInto('training_session').values(s).execute();
  },
  /** Locks the event row so concurrent seat decisions queue (the seat count stays true). */
  async lockEvent(trx: Trx, dialect: Dialect, id: string): Promise<void> {
    await dialect.lockForUpdate(trx.selectFrom('training_event').select('id').where('id', '=', id)).execute();
  },

  async sessionCount(db: Q, eventId: string): Promise<number> {
    const r = await db
      .selectFrom('training_session')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('event_id', '=', eventId)
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  },
  async addSession(db: Q, row: TrainingSession): Promise<void> {
    await db.insertInto('training_session').values(row).execute();
  },
  async sessions(db: Q, eventId: string): Promise<TrainingSession[]> {
    return db
      .selectFrom('training_session')
      .selectAll()
      .where('event_id', '=', eventId)
      .orderBy('day')
      .orderBy('time')
      .execute();
  },

  async registrations(db: Q, eventId: string): Promise<TrainingRegistration[]> {
    return db
      .selectFrom('training_registration')
      .selectAll()
      .where('event_id', '=', eventId)
      .orderBy('country')
      .orderBy('organisation_name')
      .orderBy('full_name')
      .execute();
  },
  async registration(
    db: Q,
    eventId: string,
    registrationId: string,
  ): Promise<TrainingRegistration | undefined> {
    return db
      .selectFrom('training_registration')
      .selectAll()
      .where('id', '=', registrationId)
      .where('event_id', '=', eventId)
      .executeTakeFirst();
  },
  /** The person's own registration for an event, approved ones only when asked. */
  async registrationOf(
    db: Q,
    eventId: string,
    personId: string,
    approvedOnly = false,
  ): Promise<TrainingRegistration | undefined> {
    let q = db
      .selectFrom('training_registration')
      .selectAll()
      .where('event_id', '=', eventId)
      .where('person_id', '=', personId);
    if (approvedOnly) q = q.where('status', '=', 'approved');
    return q.executeTakeFirst();
  },
  async approvedIds(db: Q, eventId: string): Promise<string[]> {
    const rows = await db
      .selectFrom('training_registration')
      .select('id')
      .where('event_id', '=', eventId)
      .where('status', '=', 'approved')
      .execute();
    return rows.map((r) => r.id);
  },
  async register(db: Q, row: TrainingRegistration): Promise<void> {
    await db.insertInto('training_registration').values(row).execute();
  },
  async decide(db: Q, id: string, patch: Pick<TrainingRegistration, 'status' | 'decided_at'>): Promise<void> {
    await db.updateTable('training_registration').set(patch).where('id', '=', id).execute();
  },

  async attendance(db: Q, registrationIds: string[]): Promise<{ registration_id: string; day: string }[]> {
    if (registrationIds.length === 0) return [];
    return db
      .selectFrom('training_attendance')
      .select(['registration_id', 'day'])
      .where('registration_id', 'in', registrationIds)
      .execute();
  },
  /** Replaces one day's attendance among the given registrations. */
  async setAttendance(trx: Trx, day: string, among: string[], present: string[]): Promise<void> {
    if (among.length)
      await trx
        .deleteFrom('training_attendance')
        .where('registration_id', 'in', among)
        .where('day', '=', day)
        .execute();
    for (const id of new Set(present))
      await trx.insertInto('training_attendance').values({ registration_id: id, day }).execute();
  },

  async hasEvaluated(db: Q, eventId: string, personId: string): Promise<boolean> {
    const r = await db
      .selectFrom('training_evaluation_given')
      .select('event_id')
      .where('event_id', '=', eventId)
      .where('person_id', '=', personId)
      .executeTakeFirst();
    return !!r;
  },
  /** The marker that a person answered holds no answer; the answer holds no person. */
  async markEvaluated(db: Q, eventId: string, personId: string): Promise<void> {
    await db
      .insertInto('training_evaluation_given')
      .values({ event_id: eventId, person_id: personId })
      .execute();
  },
  async addEvaluation(db: Q, row: TrainingEvaluation): Promise<void> {
    await db.insertInto('training_evaluation').values(row).execute();
  },
  async evaluations(db: Q, eventId: string): Promise<TrainingEvaluation[]> {
    return db.selectFrom('training_evaluation').selectAll().where('event_id', '=', eventId).execute();
  },
};
