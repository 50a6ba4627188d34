/**
 * Channel admin pages (HTML, POST → 303 → GET): settings per channel with write-only secrets, a
 * "send test message" button that goes through the outbox, and the outbox's failures.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.ts';
import { policy } from '../../plugins/access.ts';
import { ValidationError } from '../../shared/errors.ts';
import { ID_PATTERN } from '../../shared/ids.ts';
import { nowIso } from '../../shared/time.ts';
import type { FieldErrors } from '../../views/form.tsx';
import { requireSignedInPage } from '../accounts/auth.routes.ts';
import { settingFieldsOf } from './channel-registry.ts';
import { CHANNEL_KINDS, type ChannelKind } from './channel.types.ts';
import { CHANNEL } from './channels.policy.ts';
import {
  botApiReason,
  ChannelsPage,
  CHANNEL_NAME_KEYS,
  OutboxPage,
  type ChannelSection,
  type TelegramWebhookView,
} from './views/channels-admin.tsx';

const KIND_PATTERN = `^(${CHANNEL_KINDS.join('|')})$`;
const KindParams = Type.Object(
  { kind: Type.String({ pattern: KIND_PATTERN }) },
  { additionalProperties: false },
);
const IdParams = Type.Object({ id: Type.String({ pattern: ID_PATTERN }) }, { additionalProperties: false });
/** Setting names are declared by each adapter; the service rejects names it does not know. */
const SettingsBody = Type.Record(
  Type.String({ pattern: '^[a-z_][a-z0-9_]{0,45}$' }),
  Type.String({ maxLength: 2000 }),
  {
    maxProperties: 40,
  },
);
const TestBody = Type.Object(
  {
    _csrf: Type.Optional(Type.String({ maxLength: 200 })),
    address: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
const CsrfBody = Type.Object(
  { _csrf: Type.Optional(Type.String({ maxLength: 200 })) },
  { additionalProperties: false },
);
const PageQuery = Type.Object(
  {
    saved: Type.Optional(Type.String({ pattern: KIND_PATTERN })),
    sent: Type.Optional(Type.String({ pattern: KIND_PATTERN })),
    webhook: Type.Optional(Type.Literal('set')),
  },
  { additionalProperties: false },
);
/** Messages for the ValidationErrors TelegramWebhookService.register throws, by field. */
const REGISTER_ERROR_KEYS: Record<string, string> = {
  bot_token: 'channels.telegram.needToken',
  webhook_secret: 'channels.telegram.badSecret',
};
const OutboxQuery = Type.Object(
  {
    status: Type.Optional(
      Type.Union([
        Type.Literal('failed'),
        Type.Literal('pending'),
        Type.Literal('sending'),
        Type.Literal('sent'),
      ]),
    ),
    retried: Type.Optional(Type.Literal('1')),
  },
  { additionalProperties: false },
);

function configuredKinds(): ChannelKind[] {
  return CHANNEL_KINDS.filter((k) => settingFieldsOf(k).length > 0);
}

export async function channelsAdminRoutes(app: FastifyInstance, opts: { ctx: AppContext }) {
  const { config, services } = opts.ctx;
  const { channelSettings, outbox, telegramWebhook } = services;
  app.addHook('preHandler', requireSignedInPage);

  const render = async (
    req: FastifyRequest,
    reply: FastifyReply,
    failed?: {
      kind: ChannelKind;
      values?: Record<string, string>;
      errors?: FieldErrors;
      testAddress?: string;
      testErrors?: FieldErrors;
    },
    notice?: string,
    webhookError?: string,
  ) => {
    const csrfToken = reply.generateCsrf();
    const sections: ChannelSection[] = [];
    for (const kind of configuredKinds()) {
      const mine = failed?.kind === kind ? failed : undefined;
      sections.push({
        kind,
        fields: await channelSettings.view(req.actor, kind),
        values: mine?.values,
        errors: mine?.errors ?? {},
        testAddress: mine?.testAddress,
        testErrors: mine?.testErrors ?? {},
        configurationProblem: await outbox.configurationProblem(req.actor, kind),
      });
    }
    // Asked on every view (the page is how an admin checks that Telegram reaches the server).
    const webhook: TelegramWebhookView | undefined = sections.some((s) => s.kind === 'telegram')
      ? {
          url: telegramWebhook.webhookUrl,
          isHttps: telegramWebhook.webhookUrlIsHttps,
          info: await telegramWebhook.info(req.actor),
          ...(webhookError ? { error: webhookError } : {}),
        }
      : undefined;
    return reply.page(
      ChannelsPage({
        t: req.t,
        csrf: csrfToken,
        sections,
        notice,
        publicUrl: config.publicUrl,
        telegramWebhook: webhook,
      }),
      {
        title: req.t('channels.title'),
        csrfToken,
      },
    );
  };

  app.get(
    '/admin/channels',
    { config: policy('administer', CHANNEL), schema: { hide: true, querystring: PageQuery } },
    async (req, reply) => {
      const q = req.query as { saved?: ChannelKind; sent?: ChannelKind; webhook?: 'set' };
      const notice = q.saved
        ? req.t('channels.saved', { channel: req.t(CHANNEL_NAME_KEYS[q.saved]) })
        : q.sent
          ? req.t('channels.testQueued', { channel: req.t(CHANNEL_NAME_KEYS[q.sent]) })
          : q.webhook
            ? req.t('channels.telegram.registered', { url: telegramWebhook.webhookUrl })
            : undefined;
      return render(req, reply, undefined, notice);
    },
  );

  app.post(
    '/admin/channels/:kind',
    { config: policy('administer', CHANNEL), schema: { hide: true, params: KindParams, body: SettingsBody } },
    async (req, reply) => {
      const { kind } = req.params as { kind: ChannelKind };
      const body = { ...(req.body as Record<string, string>) };
      delete body._csrf;
      const values: Record<string, string> = {};
      const clear: string[] = [];
      for (const [k, v] of Object.entries(body)) {
        if (k.startsWith('clear_')) {
          if (v) clear.push(k.slice(6));
        } else values[k] = v;
      }
      try {
        await channelSettings.update(req.actor, kind, { values, clear });
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        const field = settingFieldsOf(kind).find((f) => f.key === err.field);
        const errors: FieldErrors = {
          [field?.key ?? Object.keys(values)[0] ?? 'value']: req.t(
            field?.type === 'url' ? 'channels.errors.url' : 'channels.errors.value',
            { field: field ? req.t(field.labelKey) : String(err.field ?? '') },
          ),
        };
        const shown = Object.fromEntries(
          Object.entries(values).filter(([k]) => !settingFieldsOf(kind).find((f) => f.key === k)?.secret),
        );
        reply.code(400);
        return render(req, reply, { kind, values: shown, errors });
      }
      return reply.redirect(`/admin/channels?saved=${kind}`, 303);
    },
  );

  app.post(
    '/admin/channels/:kind/test',
    { config: policy('administer', CHANNEL), schema: { hide: true, params: KindParams, body: TestBody } },
    async (req, reply) => {
      const { kind } = req.params as { kind: ChannelKind };
      const address = (req.body as { address?: string }).address ?? '';
      try {
        await outbox.sendTest(req.actor, {
          channel: kind,
          address,
          text: req.t('channels.testMessage', { time: nowIso().slice(0, 16).replace('T', ' ') }),
        });
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        reply.code(400);
        return render(req, reply, {
          kind,
          testAddress: address,
          testErrors: { address: req.t('channels.errors.address') },
        });
      }
      return reply.redirect(`/admin/channels?sent=${kind}`, 303);
    },
  );

  app.post(
    '/admin/channels/telegram/webhook',
    { config: policy('administer', CHANNEL), schema: { hide: true, body: CsrfBody } },
    async (req, reply) => {
      let error: string;
      try {
        const result = await telegramWebhook.register(req.actor);
        if (result.ok) return reply.redirect('/admin/channels?webhook=set', 303);
        error = req.t('channels.telegram.registerFailed', { reason: botApiReason(req.t, result.failure) });
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        error = req.t(REGISTER_ERROR_KEYS[err.field ?? ''] ?? 'channels.telegram.needToken');
      }
      // Telegram's refusal (or silence) is shown next to the button; the admin fixes the settings.
      reply.code(400);
      return render(req, reply, undefined, undefined, error);
    },
  );

  app.get(
    '/admin/channels/outbox',
    { config: policy('read', CHANNEL), schema: { hide: true, querystring: OutboxQuery } },
    async (req, reply) => {
      const q = req.query as { status?: 'failed' | 'pending' | 'sending' | 'sent'; retried?: string };
      const status = q.status ?? 'failed';
      const { items, counts } = await outbox.list(req.actor, { status, limit: 200 });
      const csrfToken = reply.generateCsrf();
      return reply.page(
        OutboxPage({
          t: req.t,
          csrf: csrfToken,
          status,
          items,
          counts,
          notice: q.retried ? req.t('channels.outbox.retried') : undefined,
        }),
        { title: req.t('channels.outbox.title'), csrfToken },
      );
    },
  );

  app.post(
    '/admin/channels/outbox/:id/retry',
    { config: policy('administer', CHANNEL), schema: { hide: true, params: IdParams, body: CsrfBody } },
    async (req, reply) => {
      await outbox.retry(req.actor, (req.params as { id: string }).id);
      return reply.redirect('/admin/channels/outbox?retried=1', 303);
    },
  );
}
