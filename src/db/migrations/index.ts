import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';
import * as foundation from './2026-11-28T210000Z_foundation.ts';
import * as reports from './2026-11-28T230000Z_reports.ts';
import * as forums from './2026-11-28T234500Z_forums.ts';
import * as totpReplay from './2026-11-28T235000Z_totp-replay.ts';

export interface FrozenMigration {
  up(db: Kysely<any>, dialect: Dialect): Promise<void>;
}

/** In order. Names are ISO timestamps so they sort; a released migration is never edited. */
export const MIGRATIONS: Record<string, FrozenMigration> = {
  '2026-11-28T210000Z_foundation': foundation,
  '2026-11-28T230000Z_reports': reports,
  '2026-11-28T234500Z_forums': forums,
  '2026-11-28T235000Z_totp-replay': totpReplay,
};
