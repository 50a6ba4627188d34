import type { FastifyBaseLogger } from 'fastify';
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import type { I18n } from './shared/i18n.ts';
import type { Services } from './services.ts';

/** What every route and plugin can reach: built once in buildApp. */
export interface AppContext {
  config: Config;
  db: Database;
  i18n: I18n;
  log: FastifyBaseLogger;
  services: Services;
}
