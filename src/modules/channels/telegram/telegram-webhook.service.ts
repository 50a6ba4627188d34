/**
 * Registering the bot's webhook with Telegram from /admin/channels, and reading back what Telegram
 * reports about it (setWebhook / getWebhookInfo through the configured Bot API base URL).
 *
 * The webhook URL is PUBLIC_URL + /channels/telegram/webhook; `secret_token` is the stored webhook
 * secret (one is created and stored first when none is set, so the two can never disagree);
 * `allowed_updates` lists exactly the update types the adapter acts on. Every registration attempt
 * is audited (the URL and the outcome, never the secret); a secret created on the way is stored and
 * audited in its own transaction before Telegram is called, so a failed call leaves a secret that is
 * merely unused, never a webhook whose secret we do not know.
 */
import { randomBytes } from 'node:crypto';
import { GrammyError } from 'grammy';
import type { Config } from '../../../config.ts';
import type { Database } from '../../../db/database.ts';
import { ValidationError } from '../../../shared/errors.ts';
import { authorize, type Actor } from '../../../shared/policy.ts';
import type { AuditService } from '../../audit/audit.service.ts';
import type { ChannelSettingsService } from '../channel-settings.service.ts';
import { CHANNEL } from '../channels.policy.ts';
import { telegramApi, telegramSettings, type TelegramSettings } from './telegram.adapter.ts';

export const TELEGRAM_WEBHOOK_PATH = '/channels/telegram/webhook';
/** The update types parseUpdate acts on; Telegram then does not even send the others. */
// edited_message: an edit of the description corrects the draft (conversation.service.ts).
export const TELEGRAM_ALLOWED_UPDATES = ['message', 'edited_message', 'callback_query'] as const;
/**
 * Parallel webhook connections Telegram may open. Low on purpose: one district's bot sees a few
 * messages a minute, and fewer parallel deliveries keep one chat's messages in order.
 */
export const TELEGRAM_MAX_CONNECTIONS = 10;
/** setWebhook's secret_token: 1–256 characters of A–Z, a–z, 0–9, _ and -. */
const SECRET_TOKEN = /^[A-Za-z0-9_-]{1,256}$/;
/** The admin page waits this long for Telegram, then says it did not answer. */
const TIMEOUT_SECONDS = 8;
const MAX_REASON = 300;

/** Why a Bot API call failed: Telegram's own description, or that it could not be reached. */
export type BotApiFailure = { kind: 'refused'; description: string } | { kind: 'unreachable' };

export interface TelegramWebhookInfo {
  /** Empty when no webhook is set. */
  url: string;
  pendingUpdateCount: number;
  /** ISO-8601 UTC, when Telegram last failed to deliver an update. */
  lastErrorAt?: string;
  lastErrorMessage?: string;
  maxConnections?: number;
  allowedUpdates?: string[];
}

export type WebhookInfoResult =
  | { state: 'not_configured' }
  | { state: 'ok'; info: TelegramWebhookInfo }
  | { state: 'failed'; failure: BotApiFailure };

export type RegisterResult = { ok: true; url: string } | { ok: false; failure: BotApiFailure };

function failureOf(err: unknown): BotApiFailure {
  if (err instanceof GrammyError)
    return {
      kind: 'refused',
      description: (err.description || `error ${err.error_code}`).slice(0, MAX_REASON),
    };
  // Network errors: their message may carry the request URL, which holds the bot token.
  return { kind: 'unreachable' };
}

export class TelegramWebhookService {
  constructor(
    private readonly db: Database,
    private readonly config: Config,
    private readonly audit: AuditService,
    private readonly settings: ChannelSettingsService,
  ) {}

  /** The address Telegram should post updates to. */
  get webhookUrl(): string {
    return `${this.config.publicUrl}${TELEGRAM_WEBHOOK_PATH}`;
  }

  /** Telegram only posts to https:// addresses (a local Bot API server may accept http). */
  get webhookUrlIsHttps(): boolean {
    return this.webhookUrl.startsWith('https://');
  }

  private api(s: TelegramSettings) {
    return telegramApi(s, TIMEOUT_SECONDS);
  }

  /** What Telegram reports about the bot's webhook (nothing is asked while no bot token is set). */
  async info(actor: Actor): Promise<WebhookInfoResult> {
    authorize(actor, 'administer', CHANNEL);
    const s = await telegramSettings(this.settings);
    if (!s) return { state: 'not_configured' };
    try {
      const w = await this.api(s).getWebhookInfo();
      return {
        state: 'ok',
        info: {
          url: typeof w.url === 'string' ? w.url : '',
          pendingUpdateCount: Number.isInteger(w.pending_update_count) ? w.pending_update_count : 0,
          ...(typeof w.last_error_date === 'number' && w.last_error_date > 0
            ? { lastErrorAt: new Date(w.last_error_date * 1000).toISOString() }
            : {}),
          ...(typeof w.last_error_message === 'string' && w.last_error_message
            ? { lastErrorMessage: w.last_error_message.slice(0, MAX_REASON) }
            : {}),
          ...(typeof w.max_connections === 'number' ? { maxConnections: w.max_connections } : {}),
          ...(Array.isArray(w.allowed_updates) ? { allowedUpdates: w.allowed_updates.map(String) } : {}),
        },
      };
    } catch (err) {
      return { state: 'failed', failure: failureOf(err) };
    }
  }

  /**
   * Calls setWebhook. Throws ValidationError when no bot token is set, or when the stored secret is
   * one Telegram cannot take; returns Telegram's refusal (or that it did not answer) otherwise.
   */
  async register(actor: Actor): Promise<RegisterResult> {
    const role = authorize(actor, 'administer', CHANNEL);
    let s = await telegramSettings(this.settings);
    if (!s) throw new ValidationError('save the bot token first', 'bot_token');
    let secretCreated = false;
    if (!s.webhookSecret) {
      await this.settings.update(actor, 'telegram', {
        values: { webhook_secret: randomBytes(32).toString('base64url') },
      });
      secretCreated = true;
      s = (await telegramSettings(this.settings))!;
    }
    if (!SECRET_TOKEN.test(s.webhookSecret))
      throw new ValidationError(
        'the webhook secret may hold only letters A–Z and a–z, digits, _ and - (at most 256)',
        'webhook_secret',
      );
    const url = this.webhookUrl;
    let result: RegisterResult;
    try {
      await this.api(s).setWebhook(url, {
        secret_token: s.webhookSecret,
        allowed_updates: [...TELEGRAM_ALLOWED_UPDATES],
        max_connections: TELEGRAM_MAX_CONNECTIONS,
        // Messages residents sent while the webhook was down are still delivered.
        drop_pending_updates: false,
      });
      result = { ok: true, url };
    } catch (err) {
      result = { ok: false, failure: failureOf(err) };
    }
    await this.db.write((trx) =>
      this.audit.record(trx, {
        actor,
        role,
        action: 'channel.telegram.webhook.register',
        subjectType: CHANNEL,
        subjectId: 'telegram',
        details: {
          url,
          ok: result.ok,
          secretCreated,
          ...(result.ok
            ? {}
            : {
                error: result.failure.kind === 'refused' ? result.failure.description : 'Bot API unreachable',
              }),
        },
      }),
    );
    return result;
  }
}
