import { Migrator, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';
import type { Database } from './database.ts';
import { MIGRATIONS } from './migrations/index.ts';

/** Feeds the frozen migrations to Kysely's migrator, handing each the dialect. */
class FrozenProvider implements MigrationProvider {
  constructor(private readonly db: Database) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    const out: Record<string, Migration> = {};
    for (const [name, m] of Object.entries(MIGRATIONS)) {
      out[name] = { up: (kdb) => m.up(kdb, this.db.dialect) };
    }
    return out;
  }
}

/** Brings the schema up to date. Kysely holds a lock, so processes starting together migrate once. */
export async function migrateToLatest(db: Database): Promise<string[]> {
  const migrator = new Migrator({ db: db.read, provider: new FrozenProvider(db) });
  const result: MigrationResultSet = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`migration ${failed} failed: ${String((result.error as Error).message ?? result.error)}`);
  }
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
