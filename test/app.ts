/** Builds the real app over a real database for integration tests (requests go through app.inject). */
import { loadConfig, type Config } from '../src/config.ts';
import { buildApp, type App } from '../src/app.ts';
import type { DialectName } from '../src/db/dialect.ts';
import { createTestDatabase, type TestDatabase } from './db.ts';

export const TEST_SECRET = 'test-secret-test-secret-test-secret-0123';

export interface TestApp {
  app: App;
  tdb: TestDatabase;
  config: Config;
  close(): Promise<void>;
}

export function testConfig(tdb: TestDatabase, overrides: Partial<Config> = {}): Config {
  return loadConfig(
    {},
    {
      databaseUrl: tdb.databaseUrl,
      dataDir: tdb.dataDir,
      sessionSecret: TEST_SECRET,
      demo: false,
      jobs: false,
      logLevel: 'silent',
      publicUrl: 'http://localhost',
      defaultLocale: 'en',
      ...overrides,
    },
  );
}

export async function createTestApp(dialect: DialectName, overrides: Partial<Config> = {}): Promise<TestApp> {
  const tdb = await createTestDatabase(dialect);
  const config = testConfig(tdb, overrides);
  const app = await buildApp(config, { db: tdb.db, migrate: false, logger: false });
  return {
    app,
    tdb,
    config,
    close: async () => {
      await app.close();
      await tdb.drop();
    },
  };
}
