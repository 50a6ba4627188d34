/** buildApp(config): plugins in order, then modules, then error handlers. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import compress from '@fastify/compress';
import fastifyStatic from '@fastify/static';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import { trustedProxies, type Config } from './config.ts';
import type { AppContext } from './context.ts';
import { openDatabase, type Database } from './db/database.ts';
import { migrateToLatest } from './db/migrator.ts';
import { registerModules } from './modules/index.ts';
import { accessPlugin, PUBLIC } from './plugins/access.ts';
import { actorPlugin } from './plugins/actor.ts';
import { errorsPlugin, frameworkErrors } from './plugins/errors.ts';
import { i18nPlugin } from './plugins/i18n.ts';
import { jobsPlugin } from './plugins/jobs.ts';
import { openapiPlugin } from './plugins/openapi.ts';
import { oncePlugin } from './plugins/once.ts';
import { securityPlugin } from './plugins/security.ts';
import { createServices } from './services.ts';
import { I18n } from './shared/i18n.ts';

export const PUBLIC_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../public');

export interface BuildOptions {
  /** Use this database instead of opening one from the config (tests share one per file). */
  db?: Database;
  /** Pino options override (tests pass `false` or a stream). */
  logger?: boolean | Record<string, unknown>;
  /** Skip migrations (the caller already ran them). */
  migrate?: boolean;
}

export type App = FastifyInstance & { ctx: AppContext };

export async function buildApp(config: Config, opts: BuildOptions = {}): Promise<App> {
  const db =
    opts.db ??
    openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      groupCommitMs: config.groupCommitMs,
    });
  if (opts.migrate !== false) await migrateToLatest(db);

  const app = Fastify({
    logger: opts.logger ?? {
      level: config.logLevel,
      // Never log addresses, agents or cookies: anonymous means anonymous, and staff logs need none of it.
      serializers: {
        req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url.split('?')[0] }),
      },
      redact: {
        paths: ['req.headers', 'headers', 'body', '*.password', '*.receipt', '*.contact'],
        remove: true,
      },
    },
    bodyLimit: config.bodyLimitBytes,
    trustProxy: trustedProxies(config),
    // Errors Fastify raises before routing (bad URL encoding, overlong params) get our error shape too.
    frameworkErrors: frameworkErrors as never,
    ajv: {
      customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false },
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  const i18n = new I18n();
  const services = createServices({ config, db, i18n });
  const ctx: AppContext = { config, db, i18n, log: app.log, services };
  app.decorate('ctx', ctx);

  await app.register(accessPlugin);
  await app.register(securityPlugin, { ctx });
  await app.register(compress, { threshold: 1024, encodings: ['br', 'gzip', 'deflate'] });
  await app.register(i18nPlugin, { ctx });
  await app.register(actorPlugin, { ctx });
  await app.register(errorsPlugin);
  await app.register(oncePlugin, { ctx });
  await app.register(openapiPlugin, { ctx });
  await app.register(fastifyStatic, {
    root: PUBLIC_DIR,
    prefix: '/static/',
    maxAge: '1d',
    immutable: false,
    index: false,
  });
  // Browsers that ignore the page's icon link still ask for /favicon.ico: a redirect is 100 bytes.
  app.get('/favicon.ico', { config: PUBLIC, schema: { hide: true } }, (_req, reply) =>
    reply.header('cache-control', 'public, max-age=86400').redirect('/static/icon.svg', 301),
  );
  await registerModules(app, ctx);
  await app.register(jobsPlugin, { ctx });

  app.addHook('onClose', async () => {
    if (!opts.db) await db.close();
  });
  await app.ready();
  return app as unknown as App;
}
