/** Each domain registers its routes here. Policies are declared by importing the module's *.policy.ts. */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import './accounts/accounts.policy.ts';
import { accountsApiRoutes } from './accounts/accounts.routes.ts';
import { adminAccountsRoutes } from './accounts/admin.routes.ts';
import { authRoutes } from './accounts/auth.routes.ts';
import './audit/audit.policy.ts';
import { auditRoutes } from './audit/audit.routes.ts';
import './forums/forums.policy.ts';
import { forumsApiRoutes } from './forums/forums.api.routes.ts';
import { forumsRoutes } from './forums/forums.routes.ts';
import './geo/geo.policy.ts';
import { geoRoutes } from './geo/geo.routes.ts';
import './reports/reports.policy.ts';
import { reportsRoutes } from './reports/reports.routes.ts';
import { residentRoutes } from './reports/resident.routes.ts';
import { staffReportsRoutes } from './reports/staff.routes.ts';
import { systemRoutes } from './system/system.routes.ts';

export async function registerModules(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await app.register(systemRoutes, { ctx });
  await app.register(geoRoutes, { ctx });
  await app.register(auditRoutes, { ctx });
  await app.register(authRoutes, { ctx });
  await app.register(accountsApiRoutes, { ctx });
  await app.register(adminAccountsRoutes, { ctx });
  await app.register(reportsRoutes, { ctx });
  await app.register(residentRoutes, { ctx });
  await app.register(staffReportsRoutes, { ctx });
  await app.register(forumsRoutes, { ctx });
  await app.register(forumsApiRoutes, { ctx });
}
