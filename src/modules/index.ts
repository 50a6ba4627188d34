/** Each domain registers its routes here. Policies are declared by importing the module's *.policy.ts. */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import { systemRoutes } from './system/system.routes.ts';

export async function registerModules(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await app.register(systemRoutes, { ctx });
}
