/**
 * The shape of every route plugin: the TypeBox type provider types `req.body`, `req.params` and
 * `req.query` from the route's own schemas, so a route never casts what it was given — the schema
 * that validates the input is the type the handler sees, and a service input is `Static<>` of it.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppContext } from '../context.ts';

export type RoutePlugin = FastifyPluginAsyncTypebox<{ ctx: AppContext }>;
