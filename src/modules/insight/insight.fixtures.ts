/** Reports inserted straight into the database with chosen times and durations (tests and the bench generator). */
import type { Database, Trx } from '../../db/database.ts';
import type { NewReport } from '../../db/schema.ts';
import { newId } from '../../shared/ids.ts';

let seq = 0;

export function reportRow(
  over: Partial<NewReport> & { area_code: string; area_path: string; created_at: string },
): NewReport {
  const id = over.id ?? newId();
  return {
    id,
    reference: `R-I${String(++seq).padStart(6, '0')}-${id.slice(-4).toUpperCase()}`,
    category_code: 'public-order',
    description: 'Text a resident wrote, which no dashboard or open data may ever show',
    privacy: 'public',
    status: 'new',
    desk: 'triage',
    sensitive: 0,
    lat: null,
    lon: null,
    public_lat: null,
    public_lon: null,
    address: null,
    occurred_at: null,
    channel: 'web',
    locale: 'ky',
    reporter_person_id: null,
    entered_by_person_id: null,
    contact: null,
    receipt_hash: null,
    last_activity_at: over.created_at,
    answers: '{}',
    assigned_person_id: null,
    assigned_organisation_id: null,
    held_for_review: 0,
    duplicate_of: null,
    problem_id: null,
    updated_at: over.created_at,
    acknowledged_at: null,
    resolved_at: null,
    closed_reason: null,
    referred_to: null,
    time_to_ack_seconds: null,
    time_to_resolve_seconds: null,
    personal_data_deleted_at: null,
    ...over,
  };
}

export async function insertReports(db: Database, rows: NewReport[]): Promise<void> {
  await db.write(async (trx: Trx) => {
    for (let i = 0; i < rows.length; i += 200)
      await trx
        .insertInto('report')
        .values(rows.slice(i, i + 200))
        .execute();
  });
}
