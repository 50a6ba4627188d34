import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrator.ts';
import type { CliCommand } from './command.ts';

export const migrateCommand: CliCommand = {
  help: 'migrate                                 bring the database schema up to date and list what was applied',
  run: async () => {
    const config = loadConfig();
    const db = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    try {
      const applied = await migrateToLatest(db);
      process.stdout.write(
        applied.length === 0
          ? 'database is up to date\n'
          : applied.map((name) => `applied ${name}\n`).join('') + `${applied.length} migration(s) applied\n`,
      );
    } finally {
      await db.close();
    }
  },
};
