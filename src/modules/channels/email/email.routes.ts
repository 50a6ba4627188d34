/**
 * POST /api/channels/email/reports   The mail server (or a mailbox-reading script) posts each
 *   bounce (DSN, RFC 3464) or complaint (ARF, RFC 5965) it receives here, as the raw message
 *   (message/rfc822, multipart/report or text/plain), with the header `X-Mail-Report-Token: MAIL_BOUNCE_TOKEN` (not
 *   `Authorization`: that header is for staff API tokens).
 *   A hard bounce or a complaint pauses the address; soft bounces are only counted. Not found (404)
 *   when no token is configured; 403 for a missing or wrong token; 422 when the message holds no report.
 */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../context.ts';
import { PUBLIC } from '../../../plugins/access.ts';
import { AppError, NotFoundError } from '../../../shared/errors.ts';
import { safeEqual } from '../../../shared/crypto.ts';
import { parseDeliveryReports } from './email-reports.ts';

const MAX_BODY = 512 * 1024;

export async function emailRoutes(app: FastifyInstance, opts: { ctx: AppContext }) {
  const { config, services } = opts.ctx;
  // text/plain and JSON keep the app's parsers (a JSON body is simply not a report: 422).
  app.addContentTypeParser(
    /^(message\/rfc822|multipart\/report)\b/i,
    { parseAs: 'string', bodyLimit: MAX_BODY },
    (_req, body, done) => done(null, body),
  );

  app.post(
    '/api/channels/email/reports',
    {
      // A server-to-server call: no cookies, so no CSRF; the shared token is the guard.
      config: { ...PUBLIC, csrf: false },
      schema: {
        tags: ['channels'],
        summary: 'Record a bounce or complaint report from the mail server (header X-Mail-Report-Token)',
      },
    },
    async (req, reply) => {
      const expected = config.mail?.bounceToken;
      if (!expected) throw new NotFoundError('endpoint');
      const header = req.headers['x-mail-report-token'];
      const given = typeof header === 'string' ? header.trim() : '';
      if (!given || !safeEqual(given, expected))
        throw new AppError(403, 'forbidden', 'a valid X-Mail-Report-Token header is required');
      const body = typeof req.body === 'string' ? req.body : '';
      const reports = parseDeliveryReports(body);
      if (reports.length === 0)
        throw new AppError(422, 'not_a_report', 'the body holds no delivery status or feedback report');
      const r = await services.email.record(reports);
      return reply.send({ recorded: r.recorded, paused: r.paused });
    },
  );
}
