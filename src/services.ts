/** Builds every service once, wiring their dependencies. Services never import Fastify. */
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import { SessionService } from './modules/accounts/session.service.ts';
import { AuditService } from './modules/audit/audit.service.ts';
import type { I18n } from './shared/i18n.ts';

export interface ServiceDeps {
  config: Config;
  db: Database;
  i18n: I18n;
}

export function createServices(deps: ServiceDeps) {
  const audit = new AuditService(deps.db);
  const sessions = new SessionService(deps.db, deps.config);
  return { audit, sessions };
}

export type Services = ReturnType<typeof createServices>;
