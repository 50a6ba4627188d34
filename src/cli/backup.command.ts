import { existsSync, linkSync, rmSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config.ts';
import { openSqliteFile, sqliteFilePath } from '../db/database.ts';
import { UsageError, parseFlags, type CliCommand } from './command.ts';

export const backupCommand: CliCommand = {
  help: 'backup <file>                           consistent copy of the SQLite database, safe while serving',
  run: async (args) => {
    const target = parseFlags(args)._[0];
    if (!target) throw new UsageError('backup needs a file name: ishenim backup <file>');
    const config = loadConfig();
    if (config.databaseUrl) {
      // PostgreSQL has its own consistent online dump; we do not reimplement it.
      process.stdout.write(
        'ishenim backup copies the embedded SQLite database only. On PostgreSQL run:\n' +
          `  pg_dump --format=custom --file=${JSON.stringify(target)} "$DATABASE_URL"\n` +
          'and restore with pg_restore --clean --dbname="$DATABASE_URL" <file>.\n',
      );
      return;
    }
    const file = path.resolve(target);
    if (existsSync(file)) throw new UsageError(`${target} already exists; choose a new file name`);
    const source = sqliteFilePath(config.dataDir);
    if (!existsSync(source)) throw new UsageError(`no database at ${source} (check DATA_DIR)`);
    // better-sqlite3's online backup copies a consistent snapshot while other connections write.
    // Write beside the target, then hard-link into place: the link fails rather than overwrite
    // a file that appeared meanwhile, and a half-written copy is never left under the final name.
    const partial = `${file}.partial-${process.pid}`;
    const handle = openSqliteFile(source);
    try {
      await handle.backup(partial);
      linkSync(partial, file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST')
        throw new UsageError(`${target} already exists; choose a new file name`);
      throw err;
    } finally {
      handle.close();
      rmSync(partial, { force: true });
    }
    process.stdout.write(`backup written to ${file}\n`);
  },
};
