/**
 * Failure counters in the database, so limits hold across processes. Keys carry no personal data:
 * accounts and addresses are keyed hashes.
 */
import { sql } from 'kysely';
import type { Database } from '../../db/database.ts';
import { TooManyRequestsError } from '../../shared/errors.ts';
import { clock, MINUTE } from '../../shared/time.ts';
import { throttleRepository } from './people.repository.ts';

export interface Limit {
  key: string;
  max: number;
  windowMs: number;
}

export const LOGIN_ACCOUNT_LIMIT = { max: 5, windowMs: 15 * MINUTE };
export const LOGIN_ADDRESS_LIMIT = { max: 20, windowMs: 15 * MINUTE };
export const MFA_LIMIT = { max: 5, windowMs: 15 * MINUTE };
export const REGISTER_ADDRESS_LIMIT = { max: 10, windowMs: 60 * MINUTE };

export class ThrottleService {
  constructor(private readonly db: Database) {}

  /** Throws 429 while any limit is used up; the message says how long to wait. */
  async check(limits: Limit[]): Promise<void> {
    const now = clock.nowMs();
    let waitMs = 0;
    for (const l of limits) {
      const row = await throttleRepository.get(this.db.read, l.key);
      if (!row) continue;
      const ends = Date.parse(row.window_start) + l.windowMs;
      if (row.count >= l.max && ends > now) waitMs = Math.max(waitMs, ends - now);
    }
    if (waitMs > 0) {
      const minutes = Math.max(1, Math.ceil(waitMs / MINUTE));
      throw new TooManyRequestsError(
        `Too many attempts. Try again in ${minutes} minutes.`,
        Math.ceil(waitMs / 1000),
      );
    }
  }

  async fail(limits: Limit[]): Promise<void> {
    const now = clock.nowMs();
    await this.db.write(async (trx) => {
      for (const l of limits) {
        // An expired window starts over; otherwise count up in one statement so processes don't race.
        await trx
          .deleteFrom('throttle')
          .where('key', '=', l.key)
          .where('window_start', '<=', new Date(now - l.windowMs).toISOString())
          .execute();
        await trx
          .insertInto('throttle')
          .values({ key: l.key, count: 1, window_start: new Date(now).toISOString() })
          .onConflict((oc) => oc.column('key').doUpdateSet({ count: sql`throttle.count + 1` }))
          .execute();
      }
    });
  }

  async clear(key: string): Promise<void> {
    await this.db.write((trx) => throttleRepository.delete(trx, key));
  }
}
