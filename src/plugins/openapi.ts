/** OpenAPI 3 for every JSON route (built from the TypeBox schemas) and a browsable page at /api/docs. */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { AppContext } from '../context.ts';
import { PUBLIC } from './access.ts';

/** Only JSON API routes belong in the document; HTML pages and webhooks are hidden. */
function isJsonRoute(url: string): boolean {
  return (
    url.startsWith('/api/v1/') || url.startsWith('/open311/v2/') || url === '/healthz' || url === '/readyz'
  );
}

export const openapiPlugin = fp(
  async (app: FastifyInstance, opts: { ctx: AppContext }) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.0.3',
        info: {
          title: 'Ishenim API',
          version: '0.1.0',
          description:
            'Community policing: residents, police and partners. Staff authenticate with a personal API token (`Authorization: Bearer …`, created with `ishenim token create`).',
          license: { name: 'AGPL-3.0-or-later', url: 'https://www.gnu.org/licenses/agpl-3.0.html' },
        },
        servers: [{ url: opts.ctx.config.publicUrl }],
        components: {
          securitySchemes: {
            bearer: { type: 'http', scheme: 'bearer', description: 'personal API token' },
          },
        },
      },
      hideUntagged: false,
      transform: ({ schema, url }) => {
        if (!isJsonRoute(url)) return { schema: { ...(schema ?? {}), hide: true }, url };
        return { schema, url };
      },
    });
    await app.register(swaggerUi, {
      routePrefix: '/api/docs',
      staticCSP: true,
      uiConfig: { docExpansion: 'list', deepLinking: true },
    });
    app.get('/api/openapi.json', { config: PUBLIC, schema: { hide: true } }, async () => app.swagger());
  },
  { name: 'openapi' },
);
