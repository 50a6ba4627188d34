/** Opens the configured database with the services, for account commands (migrates first). */
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrator.ts';
import { createServices, type Services } from '../services.ts';
import { I18n } from '../shared/i18n.ts';
import '../modules/accounts/accounts.policy.ts';

export async function withServices<T>(fn: (services: Services) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const db = openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    groupCommitMs: config.groupCommitMs,
  });
  try {
    await migrateToLatest(db);
    return await fn(createServices({ config, db, i18n: new I18n() }));
  } finally {
    await db.close();
  }
}

export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}
