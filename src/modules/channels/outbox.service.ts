/**
 * The durable outbox: every message to a resident is a `channel_outbox` row written in the same
 * transaction as the change that caused it, plus a job on the durable queue that sends it.
 *
 * Delivery guarantee — why this choice:
 * - Nothing is lost: the row exists iff the change committed; a channel outage (HTTP error, refused
 *   connection, timeout, no sender configured) leaves the row `pending` and the job retries with
 *   exponential back-off (the job queue's `backoffMs`), up to MAX_SEND_ATTEMPTS, then `failed` and
 *   visible on /admin/channels/outbox, where an admin can send it again.
 * - Nothing is sent twice: before calling the channel the row is claimed (`sending`, with a lease)
 *   in its own committed transaction, and marked `sent` right after. A job that runs again for a
 *   `sent` row does nothing (idempotent bookkeeping). The one window we cannot close is a crash
 *   between the channel's "OK" and our "sent": the Bot API, WhatsApp and SMS gateways offer no
 *   idempotency key, so we cannot ask whether it arrived. For that window we choose AT-MOST-ONCE:
 *   a row found still `sending` after its lease expired is marked `failed` ("delivery unknown")
 *   instead of being re-sent, and shown to admins. A duplicate "your report was closed" is
 *   confusing; a resident told twice that a police team wrote to them is worse than an admin
 *   deciding to resend one message. Every other failure is definite (an error answer, or no
 *   connection), so retrying it is safe: AT-LEAST-ONCE for those, which with the claim is
 *   effectively exactly-once.
 * - Order per resident: a message waits while an older one to the same address is still pending,
 *   so "report received" never arrives after "report closed".
 */
import type { Config } from '../../config.ts';
import type { Database, Trx } from '../../db/database.ts';
import type { ChannelOutbox } from '../../db/schema.ts';
import { NotFoundError, ValidationError } from '../../shared/errors.ts';
import { isId, newId } from '../../shared/ids.ts';
import { authorize, type Actor } from '../../shared/policy.ts';
import { DAY, MINUTE, isoIn, nowIso } from '../../shared/time.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { safeErrorText, type JobService } from '../jobs/job.service.ts';
import type { ChannelSenders } from './channel-registry.ts';
import { addressHash, openAddress, openMessage, sealAddress, sealMessage } from './channel-crypto.ts';
import {
  PermanentSendError,
  type ChannelKind,
  type OutboundMessage,
  type OutboxKind,
} from './channel.types.ts';
import { CHANNEL } from './channels.policy.ts';
import { outboxRepository } from './outbox.repository.ts';
import { checkKind, hasControlChars } from './channel-settings.service.ts';
import { toE164 } from './sms/phone-number.ts';

export const OUTBOX_JOB = 'channels.outbox.send';
export const MAX_SEND_ATTEMPTS = 8;
/** How long one send may hold its claim; a row still `sending` after this was interrupted. */
export const SEND_LEASE_MS = 2 * MINUTE;
/** A message waiting for an older one to the same address looks again after this long. */
const ORDER_WAIT_MS = 3000;
const MAX_TEXT = 4000;
/** E-mail bodies (an alert digest) may be longer than a messenger's message. */
const MAX_EMAIL_TEXT = 60_000;

export type DeliveryStatus = 'sent' | 'delivered' | 'read' | 'failed';
const STATUS_RANK: Record<DeliveryStatus, number> = { sent: 1, delivered: 2, read: 3, failed: 4 };

export interface OutboxItemView {
  id: string;
  channel: string;
  purpose: string;
  status: string;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
  sentAt: string | null;
}

function checkEmailPart(part: OutboundMessage['email']): OutboundMessage['email'] {
  if (!part) return undefined;
  const subject = String(part.subject ?? '')
    .replace(/[\r\n]+/g, ' ')
    .slice(0, 300);
  if (!subject.trim()) throw new ValidationError('an e-mail needs a subject', 'subject');
  const url = typeof part.unsubscribeUrl === 'string' ? part.unsubscribeUrl : '';
  return {
    subject,
    ...(typeof part.html === 'string' && part.html ? { html: part.html.slice(0, 4 * MAX_EMAIL_TEXT) } : {}),
    ...(/^https?:\/\/[^\s<>]{1,900}$/.test(url) ? { unsubscribeUrl: url } : {}),
  };
}

export function checkOutbound(msg: OutboundMessage): OutboundMessage {
  const max = msg.email ? MAX_EMAIL_TEXT : MAX_TEXT;
  const text = typeof msg.text === 'string' ? msg.text.slice(0, max) : '';
  if (!text.trim()) throw new ValidationError('a message needs some text', 'text');
  // 60: a region's districts (the engine lists at most 60); 34 regions are seeded today.
  const choices = (msg.choices ?? []).slice(0, 60).map((c) => ({
    id: String(c.id).slice(0, 60),
    label: String(c.label).slice(0, 200),
  }));
  return {
    text,
    ...(choices.length ? { choices } : {}),
    ...(msg.requestLocation ? { requestLocation: true } : {}),
    ...(msg.locationButton ? { locationButton: String(msg.locationButton).slice(0, 60) } : {}),
    ...(msg.locale ? { locale: String(msg.locale).slice(0, 10) } : {}),
    ...(Number.isInteger(msg.page) && msg.page! > 0 && msg.page! < 100 ? { page: msg.page } : {}),
    ...(msg.template === true ? { template: true } : {}),
    ...(msg.email ? { email: checkEmailPart(msg.email) } : {}),
  };
}

export class OutboxService {
  constructor(
    private readonly db: Database,
    private readonly config: Config,
    private readonly audit: AuditService,
    private readonly jobs: JobService,
    private readonly senders: ChannelSenders,
  ) {}

  /** Queues one message inside the caller's transaction. */
  async enqueue(
    trx: Trx,
    input: {
      channel: OutboxKind;
      /** The plain address (sealed here), or an already sealed one from a conversation / thread. */
      address: { plain: string } | { sealed: string; hash: string };
      message: OutboundMessage;
      purpose: ChannelOutbox['purpose'];
      reportId?: string | null;
    },
  ): Promise<string> {
    const secret = this.config.sessionSecret;
    const sealed =
      'plain' in input.address
        ? {
            sealed: sealAddress(secret, input.address.plain),
            hash: addressHash(secret, input.channel, input.address.plain),
          }
        : input.address;
    const now = nowIso();
    const id = newId();
    await outboxRepository.create(trx, {
      id,
      channel: input.channel,
      address_hash: sealed.hash,
      address: sealed.sealed,
      message: sealMessage(secret, JSON.stringify(checkOutbound(input.message))),
      purpose: input.purpose,
      report_id: input.reportId ?? null,
      status: 'pending',
      attempts: 0,
      last_error: null,
      locked_until: null,
      created_at: now,
      updated_at: now,
      sent_at: null,
      provider_message_id: null,
      delivery_status: null,
    });
    await this.jobs.enqueue(trx, OUTBOX_JOB, { id }, { maxAttempts: MAX_SEND_ATTEMPTS });
    return id;
  }

  /**
   * Sends one row (the job handler). Returns what happened; throws only to ask the job queue for a
   * retry with back-off.
   */
  async deliver(id: string): Promise<'sent' | 'skipped' | 'waiting' | 'failed'> {
    const claimed = await this.db.write(async (trx) => {
      const row = await outboxRepository.lock(trx, this.db.dialect, id);
      if (!row || row.status === 'sent' || row.status === 'failed') return { kind: 'skipped' as const };
      const now = nowIso();
      if (row.status === 'sending') {
        if (row.locked_until && row.locked_until > now) return { kind: 'busy' as const };
        await outboxRepository.update(trx, id, {
          status: 'failed',
          locked_until: null,
          last_error: 'interrupted while sending: delivery unknown, not repeated automatically',
          updated_at: now,
        });
        return { kind: 'failed' as const };
      }
      if (await outboxRepository.earlierWaiting(trx, row)) {
        await this.jobs.enqueue(
          trx,
          OUTBOX_JOB,
          { id },
          { maxAttempts: MAX_SEND_ATTEMPTS, runAt: isoIn(ORDER_WAIT_MS) },
        );
        return { kind: 'waiting' as const };
      }
      await outboxRepository.update(trx, id, {
        status: 'sending',
        attempts: row.attempts + 1,
        locked_until: isoIn(SEND_LEASE_MS),
        updated_at: now,
      });
      return { kind: 'claimed' as const, row: { ...row, attempts: row.attempts + 1 } };
    });
    if (claimed.kind === 'busy') throw new Error('another worker is sending this message');
    if (claimed.kind !== 'claimed') return claimed.kind;
    const row = claimed.row;

    let error: unknown = null;
    let providerId: string | null = null;
    try {
      const sender = this.senders.get(row.channel);
      if (!sender) throw new Error(`channel ${row.channel} has no sender configured`);
      const secret = this.config.sessionSecret;
      const message = JSON.parse(openMessage(secret, row.message)) as OutboundMessage;
      const id = await sender.send(openAddress(secret, row.address), message);
      if (typeof id === 'string' && id) providerId = id.slice(0, 200);
    } catch (err) {
      error = err ?? new Error('send failed');
    }
    const permanent = error instanceof PermanentSendError;
    const final =
      error === null ? 'sent' : permanent || row.attempts >= MAX_SEND_ATTEMPTS ? 'failed' : 'retry';
    await this.db.write(async (trx) => {
      const now = nowIso();
      await outboxRepository.update(trx, id, {
        status: final === 'sent' ? 'sent' : final === 'failed' ? 'failed' : 'pending',
        locked_until: null,
        last_error: error === null ? null : safeErrorText(error),
        updated_at: now,
        ...(final === 'sent'
          ? { sent_at: now, provider_message_id: providerId, delivery_status: 'sent' as const }
          : {}),
      });
    });
    if (final === 'retry') throw error;
    return final;
  }

  /**
   * A delivery status the provider reported later (WhatsApp `statuses` webhook) for the message it
   * gave `providerId`. Statuses never go backwards (a late `sent` after `read` changes nothing). A
   * `failed` one marks the row failed with the provider's reason, shown on /admin/channels/outbox;
   * with `resendAsTemplate` (WhatsApp 131047: outside the 24-hour window) the row is queued again
   * to go through the configured template instead. Unknown ids (purged rows, messages sent by
   * another system on the same number) are ignored: 'unknown'.
   */
  async deliveryStatus(input: {
    channel: ChannelKind;
    providerId: string;
    status: DeliveryStatus;
    error?: string;
    resendAsTemplate?: boolean;
  }): Promise<'updated' | 'unchanged' | 'resent' | 'unknown'> {
    return this.db.write(async (trx) => {
      const row = await outboxRepository.lockByProviderId(
        trx,
        this.db.dialect,
        input.channel,
        input.providerId,
      );
      if (!row) return 'unknown' as const;
      const now = nowIso();
      if (input.status !== 'failed') {
        if (row.status !== 'sent' || STATUS_RANK[input.status] <= STATUS_RANK[row.delivery_status ?? 'sent'])
          return 'unchanged' as const;
        await outboxRepository.update(trx, row.id, { delivery_status: input.status, updated_at: now });
        return 'updated' as const;
      }
      if (row.delivery_status === 'failed') return 'unchanged' as const;
      const reason =
        `delivery failed (reported by ${input.channel}): ${input.error ?? 'no reason given'}`.slice(0, 500);
      const secret = this.config.sessionSecret;
      const message = JSON.parse(openMessage(secret, row.message)) as OutboundMessage;
      if (input.resendAsTemplate && !message.template) {
        // The same words again, through the template. The old wamid goes: its replays find nothing.
        await outboxRepository.update(trx, row.id, {
          message: sealMessage(secret, JSON.stringify(checkOutbound({ ...message, template: true }))),
          status: 'pending',
          attempts: 0,
          last_error: reason,
          provider_message_id: null,
          delivery_status: null,
          sent_at: null,
          updated_at: now,
        });
        await this.jobs.enqueue(trx, OUTBOX_JOB, { id: row.id }, { maxAttempts: MAX_SEND_ATTEMPTS });
        return 'resent' as const;
      }
      await outboxRepository.update(trx, row.id, {
        status: 'failed',
        delivery_status: 'failed',
        last_error: reason,
        updated_at: now,
      });
      return 'updated' as const;
    });
  }

  registerJobs(jobs: JobService): void {
    if (jobs.handlerFor(OUTBOX_JOB)) return;
    jobs.register(OUTBOX_JOB, async (payload) => {
      const id = (payload as { id?: unknown } | null)?.id;
      if (typeof id !== 'string' || !isId(id)) return;
      await this.deliver(id);
    });
  }

  // --- admin --------------------------------------------------------------------------------------

  async list(
    actor: Actor,
    input: { status?: ChannelOutbox['status']; channel?: string; limit?: number } = {},
  ): Promise<{ items: OutboxItemView[]; counts: Array<{ channel: string; status: string; n: number }> }> {
    authorize(actor, 'read', CHANNEL);
    const limit = Math.min(Math.max(input.limit ?? 100, 1), 500);
    const rows = await outboxRepository.list(this.db.read, { ...input, limit });
    const counts = await outboxRepository.counts(this.db.read);
    return {
      // Never the address or the words: admins see that something failed, not what a resident said.
      items: rows.map((r) => ({
        id: r.id,
        channel: r.channel,
        purpose: r.purpose,
        status: r.status,
        attempts: r.attempts,
        lastError: r.last_error,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
        sentAt: r.sent_at,
      })),
      counts,
    };
  }

  /**
   * A channel whose sends fail for its settings (e.g. the SMS gateway has no /messages: wrong URL),
   * with the provider's answer; undefined when none is pending. Shown on /admin/channels.
   */
  async configurationProblem(actor: Actor, channel: ChannelKind): Promise<string | undefined> {
    authorize(actor, 'read', CHANNEL);
    const p = await outboxRepository.configurationProblem(this.db.read, checkKind(channel));
    return p?.last_error.replace(/^ChannelConfigurationError:\s*/, '');
  }

  /** Sends a failed message again (an admin decided to, e.g. after a delivery-unknown). */
  async retry(actor: Actor, id: string): Promise<void> {
    const role = authorize(actor, 'administer', CHANNEL);
    if (!isId(id)) throw new NotFoundError('message');
    await this.db.write(async (trx) => {
      const row = await outboxRepository.lock(trx, this.db.dialect, id);
      if (!row) throw new NotFoundError('message');
      if (row.status !== 'failed') throw new ValidationError('only a failed message can be sent again', 'id');
      const now = nowIso();
      await outboxRepository.update(trx, id, {
        status: 'pending',
        attempts: 0,
        last_error: null,
        locked_until: null,
        updated_at: now,
      });
      await this.jobs.enqueue(trx, OUTBOX_JOB, { id }, { maxAttempts: MAX_SEND_ATTEMPTS });
      await this.audit.record(trx, {
        actor,
        role,
        action: 'channel.outbox.retry',
        subjectType: CHANNEL,
        subjectId: id,
        details: { channel: row.channel, purpose: row.purpose },
      });
    });
  }

  /** The admin's "send test message": through the outbox, exactly like a real reply. */
  async sendTest(actor: Actor, input: { channel: string; address: string; text: string }): Promise<string> {
    const role = authorize(actor, 'administer', CHANNEL);
    const channel = checkKind(input.channel);
    const typed = typeof input.address === 'string' ? input.address.trim() : '';
    if (!typed) throw new ValidationError('address is required', 'address');
    if (typed.length > 100 || hasControlChars(typed))
      throw new ValidationError(
        'address must be a chat id or phone number (at most 100 characters)',
        'address',
      );
    // SMS numbers go out in E.164, the form residents' numbers are kept in.
    const address = channel === 'sms' ? toE164(typed, this.config.phoneCountry) : typed;
    if (!address)
      throw new ValidationError(
        'address must be a phone number, e.g. +996555123456 or 0555 123 456',
        'address',
      );
    return this.db.write(async (trx) => {
      const id = await this.enqueue(trx, {
        channel,
        address: { plain: address },
        message: { text: input.text },
        purpose: 'test',
      });
      await this.audit.record(trx, {
        actor,
        role,
        action: 'channel.test',
        subjectType: CHANNEL,
        subjectId: channel,
        details: { outbox: id },
      });
      return id;
    });
  }

  /** Retention: sent messages go after a week, failed ones after 30 days (their reason kept till then). */
  async purge(trx: Trx): Promise<number> {
    return (
      (await outboxRepository.deleteOlder(trx, 'sent', isoIn(-7 * DAY))) +
      (await outboxRepository.deleteOlder(trx, 'failed', isoIn(-30 * DAY)))
    );
  }
}
