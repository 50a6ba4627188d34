/**
 * Area alerts (issue 18).
 *
 * Subscriptions need no account: each is its own record, reached by a secret link derived from its
 * id (HMAC under the session secret, so nothing secret is stored and every message can carry it).
 * The contact is sealed, used only for these alerts, and deleted with the subscription. Double
 * opt-in on every channel: a subscription stays `pending` until the link sent to that very contact
 * is followed; the moment is the consent record for that channel.
 *
 * Publishing writes the alert and a fan-out job due at its sending time. Fan-out runs in batches; each
 * batch is one transaction that writes one `alert_delivery` row per recipient (unique on alert,
 * channel and address hash: overlapping areas or two subscriptions of one contact give one message),
 * the outbox rows for those due now, and the job for the next batch. A worker stopped mid-batch
 * leaves nothing of that batch; run again, a batch skips recipients it already has: nothing is
 * lost, nothing is sent twice, and the outbox's own claim keeps each message single.
 * Non-urgent alerts wait for the end of quiet hours or for the digest (held rows); the release job
 * sends each recipient's due held alerts as one message.
 */
import type { Config } from '../../config.ts';
import type { Database, Trx } from '../../db/database.ts';
import type {
  Alert,
  AlertChannel,
  Area,
  AlertKind,
  AlertPriority,
  AlertSubscription,
} from '../../db/schema.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/errors.ts';
import { hmacHex, safeEqual } from '../../shared/crypto.ts';
import { isId, newId } from '../../shared/ids.ts';
import { isLocale, LOCALES, type I18n, type Locale } from '../../shared/i18n.ts';
import { authorize, type Actor } from '../../shared/policy.ts';
import { clock, DAY, HOUR, isoIn, MINUTE, nowIso } from '../../shared/time.ts';
import { wallTimeToUtc } from '../../shared/time-format.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { JobService } from '../jobs/job.service.ts';
import type { ThrottleService } from '../accounts/throttle.service.ts';
import { clientKey } from '../reports/client-key.ts';
import { addressHash, openAddress, sealAddress } from '../channels/channel-crypto.ts';
import type { OutboxService } from '../channels/outbox.service.ts';
import { normaliseAddress } from '../channels/email/email.service.ts';
import { geoRepository } from '../geo/geo.repository.ts';
import { ALERT, ALERT_SUBSCRIPTION, type AlertResource } from './alerts.policy.ts';
import { alertsRepository } from './alerts.repository.ts';
import { renderAlertMessage, renderConfirmMessage, type AlertContent } from './alerts.render.ts';
import { dueAt } from './alerts.schedule.ts';
import { isStopMessage } from './stop-words.ts';

export const FANOUT_JOB = 'alerts.fanout';
export const RELEASE_JOB = 'alerts.release';
export const RELEASE_EVERY_MS = MINUTE;
export const FANOUT_BATCH = 500;
const CONFIRM_TTL_MS = 7 * DAY;
const SUBSCRIBE_LIMIT = { max: 10, windowMs: HOUR };

export const ALERT_CHANNELS: readonly AlertChannel[] = ['email', 'sms', 'whatsapp', 'telegram'];
export const ALERT_KINDS: readonly AlertKind[] = [
  'safety',
  'meeting',
  'appeal',
  'good_news',
  'problem_update',
];
export const PRIORITIES: readonly AlertPriority[] = ['urgent', 'normal', 'low'];
const PRIORITY_RANK: Record<AlertPriority, number> = { low: 0, normal: 1, urgent: 2 };
const DIGESTS = ['immediate', 'daily', 'weekly'] as const;
const EMAIL_RE = /^[^\s@<>"(),;:]{1,64}@[^\s@<>"(),;:]+\.[^\s@<>"(),;:]{2,}$/;
const PHONE_RE = /^\+?[0-9]{7,15}$/;
/** Language order when an alert lacks the subscriber's: Russian is read most widely, then Kyrgyz. */
const FALLBACK: readonly Locale[] = ['ru', 'ky', 'en'];

export interface SubscribeInput {
  channel: string;
  address: string;
  areaCodes: string[];
  topics: string[];
  locale: string;
  minPriority: string;
  quietStart?: string;
  quietEnd?: string;
  digest: string;
  consent: boolean;
  ip: string;
}

export interface PublishInput {
  kind: string;
  priority: string;
  areaCodes: string[];
  content: Partial<Record<string, { title?: string; body?: string } | undefined>>;
  link?: string;
  expiresAt?: string;
  sendDate?: string;
  sendTime?: string;
}

export interface SubscriptionView {
  id: string;
  token: string;
  channel: AlertChannel;
  contact: string;
  areaCodes: string[];
  topics: AlertKind[];
  minPriority: AlertPriority;
  digest: string;
  quietStart: number | null;
  quietEnd: number | null;
  locale: string;
  status: string;
}

function pick<T extends string>(value: string, allowed: readonly T[], field: string): T {
  if (!(allowed as readonly string[]).includes(value))
    throw new ValidationError(`${field} must be one of ${allowed.join(', ')}`, field);
  return value as T;
}

function minuteOfDay(raw: string | undefined, field: string): number | null {
  if (!raw) return null;
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(raw);
  if (!m) throw new ValidationError(`${field} must be a time such as 22:00`, field);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** "aigul@example.kg" → "a•••@example.kg"; "+996555123456" → "•••••••••3456": enough to recognise. */
export function maskContact(channel: string, address: string): string {
  if (channel === 'email') {
    const [user = '', domain = ''] = address.split('@');
    return `${user.slice(0, 1)}•••@${domain}`;
  }
  return '•'.repeat(Math.max(0, address.length - 4)) + address.slice(-4);
}

/** The language a subscriber gets an alert in: theirs if written, else the fallback order. */
export function languageFor(content: AlertContent, locale: string): Locale {
  if (isLocale(locale) && content[locale]?.title) return locale;
  for (const l of FALLBACK) if (content[l]?.title) return l;
  return (LOCALES.find((l) => content[l]?.title) ?? 'ru') as Locale;
}

export class AlertsService {
  /** Recipients per fan-out batch (tests make it small to stop a fan-out midway). */
  batchSize = FANOUT_BATCH;

  constructor(
    private readonly db: Database,
    private readonly config: Config,
    private readonly i18n: I18n,
    private readonly audit: AuditService,
    private readonly jobs: JobService,
    private readonly throttle: ThrottleService,
    private readonly outbox: OutboxService,
  ) {}

  // --- secret links ---------------------------------------------------------------------------------

  private keyOf(purpose: 'manage' | 'confirm', id: string): string {
    return hmacHex(this.config.sessionSecret, `alert-${purpose}`, id).slice(0, 32);
  }

  tokenOf(purpose: 'manage' | 'confirm', id: string): string {
    return `${id}.${this.keyOf(purpose, id)}`;
  }

  /** The subscription id a token proves, or null (constant-time check). */
  private idFrom(purpose: 'manage' | 'confirm', token: string): string | null {
    if (typeof token !== 'string' || token.length > 100) return null;
    const [id = '', key = ''] = token.split('.');
    if (!isId(id) || !safeEqual(key, this.keyOf(purpose, id))) return null;
    return id;
  }

  manageUrl(id: string): string {
    return `${this.config.publicUrl}/alerts/manage/${this.tokenOf('manage', id)}`;
  }

  stopUrl(id: string): string {
    return `${this.config.publicUrl}/alerts/stop/${this.tokenOf('manage', id)}`;
  }

  // --- subscribing ----------------------------------------------------------------------------------

  private checkAddress(channel: AlertChannel, raw: string): string {
    const text = (raw ?? '').trim();
    if (channel === 'email') {
      const email = normaliseAddress(text);
      if (!EMAIL_RE.test(email) || email.length > 254)
        throw new ValidationError('enter a valid e-mail address', 'address');
      return email;
    }
    if (channel === 'telegram') {
      if (!/^-?[0-9]{3,20}$/.test(text)) throw new ValidationError('enter your Telegram chat id', 'address');
      return text;
    }
    const phone = text.replace(/[\s()-]/g, '');
    if (!PHONE_RE.test(phone))
      throw new ValidationError('enter a phone number with 7 to 15 digits', 'address');
    return phone.startsWith('+') ? phone : `+${phone}`;
  }

  private phoneForm(raw: string): string {
    const phone = raw.replace(/[\s()-]/g, '');
    return phone.startsWith('+') ? phone : `+${phone}`;
  }

  async subscribe(actor: Actor, input: SubscribeInput): Promise<{ id: string }> {
    authorize(actor, 'subscribe', ALERT_SUBSCRIPTION);
    const channel = pick(input.channel, ALERT_CHANNELS, 'channel');
    const address = this.checkAddress(channel, input.address);
    const codes = [...new Set((input.areaCodes ?? []).filter(Boolean))].slice(0, 20);
    if (codes.length === 0) throw new ValidationError('choose at least one area', 'areaCodes');
    const topics = [...new Set(input.topics ?? [])];
    if (topics.length === 0) throw new ValidationError('choose at least one topic', 'topics');
    for (const t of topics) pick(t, ALERT_KINDS, 'topics');
    const locale = isLocale(input.locale) ? input.locale : this.config.defaultLocale;
    const minPriority = pick(input.minPriority || 'low', PRIORITIES, 'minPriority');
    const digest = pick(input.digest || 'immediate', DIGESTS, 'digest');
    const quietStart = minuteOfDay(input.quietStart, 'quietStart');
    const quietEnd = minuteOfDay(input.quietEnd, 'quietEnd');
    if ((quietStart === null) !== (quietEnd === null))
      throw new ValidationError('give both ends of the quiet hours, or neither', 'quietEnd');
    if (!input.consent) throw new ValidationError('agree to receive these messages', 'consent');
    const now = nowIso();
    const areas: Area[] = [];
    for (const code of codes) {
      const area = await geoRepository.getByCodeAt(this.db.read, code, now);
      if (!area || area.kind === 'country')
        throw new ValidationError('choose an area from the list', 'areaCodes');
      areas.push(area);
    }
    const limits = [{ key: `alerts:ip:${clientKey(input.ip)}`, ...SUBSCRIBE_LIMIT }];
    await this.throttle.check(limits);
    await this.throttle.fail(limits);
    const secret = this.config.sessionSecret;
    const id = newId();
    await this.db.write(async (trx) => {
      await trx
        .insertInto('alert_subscription')
        .values({
          id,
          channel,
          address: sealAddress(secret, address),
          address_hash: addressHash(secret, channel, address),
          locale,
          topics: JSON.stringify(topics),
          min_priority: minPriority,
          quiet_start: quietStart,
          quiet_end: quietEnd,
          digest,
          status: 'pending',
          consent_at: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await trx
        .insertInto('alert_subscription_area')
        .values(areas.map((a) => ({ subscription_id: id, area_code: a.code, area_path: a.path })))
        .execute();
      await this.outbox.enqueue(trx, {
        channel,
        address: { plain: address },
        purpose: 'alert',
        message: renderConfirmMessage(this.i18n, {
          channel,
          locale: locale as Locale,
          site: new URL(this.config.publicUrl).host,
          confirmUrl: `${this.config.publicUrl}/alerts/confirm/${this.tokenOf('confirm', id)}`,
        }),
      });
      await this.audit.record(trx, {
        actor: null,
        role: 'anonymous',
        action: 'alert.subscribe',
        subjectType: ALERT_SUBSCRIPTION,
        subjectId: id,
        details: { channel, areas: codes },
      });
    });
    return { id };
  }

  /** Whether a confirmation link is still good (the page shows its button). */
  async confirmable(token: string): Promise<boolean> {
    const id = this.idFrom('confirm', token);
    if (!id) return false;
    const sub = await alertsRepository.subscriptionById(this.db.read, id);
    return !!sub && sub.status === 'pending' && sub.created_at > isoIn(-CONFIRM_TTL_MS);
  }

  /** Double opt-in: pending → active, once. Returns the manage token. */
  async confirm(actor: Actor, token: string): Promise<{ manageToken: string }> {
    authorize(actor, 'subscribe', ALERT_SUBSCRIPTION);
    const id = this.idFrom('confirm', token);
    if (!id) throw new NotFoundError('subscription');
    return this.db.write(async (trx) => {
      const now = nowIso();
      const r = await trx
        .updateTable('alert_subscription')
        .set({ status: 'active', consent_at: now, updated_at: now })
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .where('created_at', '>', isoIn(-CONFIRM_TTL_MS))
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) {
        const sub = await alertsRepository.subscriptionById(trx, id);
        if (!sub) throw new NotFoundError('subscription');
        if (sub.status !== 'active') throw new ConflictError('this link has expired', 'token');
      } else
        await this.audit.record(trx, {
          actor: null,
          role: 'anonymous',
          action: 'alert.subscription.confirm',
          subjectType: ALERT_SUBSCRIPTION,
          subjectId: id,
        });
      return { manageToken: this.tokenOf('manage', id) };
    });
  }

  /** Every subscription of the contact behind a manage link (reachable from every message). */
  async manage(actor: Actor, token: string): Promise<SubscriptionView[]> {
    authorize(actor, 'manage', ALERT_SUBSCRIPTION);
    const id = this.idFrom('manage', token);
    const sub = id ? await alertsRepository.subscriptionById(this.db.read, id) : undefined;
    if (!sub) throw new NotFoundError('subscription');
    const all = await alertsRepository.sameContact(this.db.read, sub.channel, sub.address_hash);
    const areas = await alertsRepository.areasOf(
      this.db.read,
      all.map((s) => s.id),
    );
    const secret = this.config.sessionSecret;
    return all.map((s) => ({
      id: s.id,
      token: this.tokenOf('manage', s.id),
      channel: s.channel,
      contact: maskContact(s.channel, openAddress(secret, s.address)),
      areaCodes: areas.filter((a) => a.subscription_id === s.id).map((a) => a.area_code),
      topics: JSON.parse(s.topics) as AlertKind[],
      minPriority: s.min_priority,
      digest: s.digest,
      quietStart: s.quiet_start,
      quietEnd: s.quiet_end,
      locale: s.locale,
      status: s.status,
    }));
  }

  /**
   * Stops a subscription: the record and its contact are deleted (one-click from e-mail, the manage
   * page's delete). `all` deletes every subscription of that contact. Returns how many went.
   */
  async stop(actor: Actor, token: string, opts: { all?: boolean; via: string }): Promise<number> {
    authorize(actor, 'manage', ALERT_SUBSCRIPTION);
    const id = this.idFrom('manage', token);
    if (!id) throw new NotFoundError('subscription');
    return this.db.write(async (trx) => {
      const sub = await alertsRepository.subscriptionById(trx, id);
      if (!sub) return 0;
      const ids = opts.all
        ? (await alertsRepository.sameContact(trx, sub.channel, sub.address_hash)).map((s) => s.id)
        : [id];
      return this.deleteSubscriptions(trx, ids, opts.via);
    });
  }

  /** An inbound message on a messenger: a bare STOP ends every alert subscription of that address. */
  async handleStop(channel: AlertChannel, address: string, text: string): Promise<void> {
    if (isStopMessage(text)) await this.stopByAddress(channel, address);
  }

  /** STOP by SMS or the bot's stop command: every subscription of that address on that channel. */
  async stopByAddress(channel: AlertChannel, address: string): Promise<number> {
    // The same normal form as at subscription (phone numbers with their +).
    const plain = channel === 'email' || channel === 'telegram' ? address.trim() : this.phoneForm(address);
    const hash = addressHash(this.config.sessionSecret, channel, plain);
    return this.db.write(async (trx) => {
      const ids = (await alertsRepository.sameContact(trx, channel, hash)).map((s) => s.id);
      return this.deleteSubscriptions(trx, ids, channel === 'sms' ? 'sms_stop' : 'bot_stop');
    });
  }

  private async deleteSubscriptions(trx: Trx, ids: string[], via: string): Promise<number> {
    if (ids.length === 0) return 0;
    await trx.deleteFrom('alert_subscription').where('id', 'in', ids).execute();
    for (const id of ids)
      await this.audit.record(trx, {
        actor: null,
        role: 'anonymous',
        action: 'alert.subscription.stop',
        subjectType: ALERT_SUBSCRIPTION,
        subjectId: id,
        details: { via },
      });
    return ids.length;
  }

  // --- publishing -----------------------------------------------------------------------------------

  private async forumPaths(actor: Actor): Promise<string[]> {
    if (!actor.personId) return [];
    const now = nowIso();
    const rows = await this.db.read
      .selectFrom('forum_member as m')
      .innerJoin('forum as f', 'f.id', 'm.forum_id')
      .select('f.area_path')
      .where('m.person_id', '=', actor.personId)
      .where('m.role', 'in', ['secretary', 'chair'])
      .where((eb) => eb.or([eb('m.term_end', 'is', null), eb('m.term_end', '>', now)]))
      .execute();
    return rows.map((r) => r.area_path);
  }

  private async checkAreas(actor: Actor, codes: string[]) {
    const list = [...new Set((codes ?? []).filter(Boolean))].slice(0, 50);
    if (list.length === 0) throw new ValidationError('choose at least one area', 'areaCodes');
    const forumPaths = await this.forumPaths(actor);
    const now = nowIso();
    let role = '';
    const areas: Area[] = [];
    for (const code of list) {
      const area = await geoRepository.getByCodeAt(this.db.read, code, now);
      if (!area) throw new ValidationError('choose an area from the list', 'areaCodes');
      role = authorize<AlertResource>(actor, 'publish', ALERT, { areaPath: area.path, forumPaths });
      areas.push(area);
    }
    return { areas, role };
  }

  private checkContent(raw: PublishInput['content']): AlertContent {
    const content: AlertContent = {};
    for (const l of LOCALES) {
      const c = raw?.[l];
      const title = (c?.title ?? '').trim();
      const body = (c?.body ?? '').trim();
      if (!title && !body) continue;
      if (!title) throw new ValidationError(`give a title in ${l}`, `title-${l}`);
      if (title.length > 200) throw new ValidationError('a title has at most 200 characters', `title-${l}`);
      if (body.length > 3000) throw new ValidationError('a text has at most 3000 characters', `body-${l}`);
      content[l] = { title, body };
    }
    if (Object.keys(content).length === 0)
      throw new ValidationError('write the alert in at least one language', 'title-ky');
    return content;
  }

  /**
   * Who would get the alert in which language, before it is sent: subscribers by their language and
   * the language they would get (missing languages flagged).
   */
  async preview(
    actor: Actor,
    input: { areaCodes: string[]; content: PublishInput['content'] },
  ): Promise<{ missing: Locale[]; recipients: Array<{ locale: string; gets: Locale; n: number }> }> {
    const { areas } = await this.checkAreas(actor, input.areaCodes);
    const content = this.checkContent(input.content);
    const counts = new Map<string, number>();
    let after = '';
    for (;;) {
      const batch = await alertsRepository.matching(this.db.read, {
        paths: areas.map((a) => a.path),
        after,
        limit: FANOUT_BATCH,
      });
      for (const s of batch) counts.set(s.locale, (counts.get(s.locale) ?? 0) + 1);
      if (batch.length < FANOUT_BATCH) break;
      after = batch[batch.length - 1]!.id;
    }
    return {
      missing: LOCALES.filter((l) => !content[l]),
      recipients: [...counts].map(([locale, n]) => ({ locale, gets: languageFor(content, locale), n })),
    };
  }

  async publish(actor: Actor, input: PublishInput): Promise<{ id: string; sendAt: string }> {
    const { areas, role } = await this.checkAreas(actor, input.areaCodes);
    const kind = pick(input.kind, ALERT_KINDS, 'kind');
    const priority = pick(input.priority, PRIORITIES, 'priority');
    const content = this.checkContent(input.content);
    const link = (input.link ?? '').trim();
    if (link && !/^https?:\/\/[^\s<>"]{1,500}$/.test(link))
      throw new ValidationError('a link must start with http:// or https://', 'link');
    let sendAt = nowIso();
    if (input.sendDate || input.sendTime) {
      const at = wallTimeToUtc(input.sendDate ?? '', input.sendTime ?? '', this.config.timeZone);
      if (!at)
        throw new ValidationError(
          'give the sending date and time, for example 2026-12-05 and 18:30',
          'sendDate',
        );
      if (at > sendAt) sendAt = at;
    }
    let expiresAt: string | null = null;
    if (input.expiresAt) {
      const d = new Date(input.expiresAt);
      if (Number.isNaN(d.getTime())) throw new ValidationError('the expiry is not a date', 'expiresAt');
      expiresAt = d.toISOString();
      if (expiresAt <= sendAt)
        throw new ValidationError('the alert would expire before it is sent', 'expiresAt');
    }
    const id = newId();
    await this.db.write(async (trx) => {
      await trx
        .insertInto('alert')
        .values({
          id,
          kind,
          priority,
          content: JSON.stringify(content),
          link: link || null,
          expires_at: expiresAt,
          send_at: sendAt,
          status: 'scheduled',
          created_by: actor.personId,
          created_at: nowIso(),
          sent_at: null,
        })
        .execute();
      await trx
        .insertInto('alert_area')
        .values(areas.map((a) => ({ alert_id: id, area_code: a.code, area_path: a.path })))
        .execute();
      await this.jobs.enqueue(
        trx,
        FANOUT_JOB,
        { alertId: id, after: '' },
        { runAt: sendAt, maxAttempts: 20 },
      );
      await this.audit.record(trx, {
        actor,
        role,
        action: 'alert.publish',
        subjectType: ALERT,
        subjectId: id,
        details: { kind, priority, areas: areas.map((a) => a.code), languages: Object.keys(content), sendAt },
      });
    });
    return { id, sendAt };
  }

  // --- delivery -------------------------------------------------------------------------------------

  private matches(sub: AlertSubscription, alert: Alert): boolean {
    const topics = JSON.parse(sub.topics) as string[];
    return topics.includes(alert.kind) && PRIORITY_RANK[alert.priority] >= PRIORITY_RANK[sub.min_priority];
  }

  /** One fan-out batch (the job handler). Returns how many deliveries it wrote. */
  async fanOut(alertId: string, after: string): Promise<number> {
    const alert = await alertsRepository.alertById(this.db.read, alertId);
    if (!alert || alert.status === 'sent') return 0;
    const paths = (await alertsRepository.alertPaths(this.db.read, alertId)).map((a) => a.area_path);
    const content = JSON.parse(alert.content) as AlertContent;
    return this.db.write(async (trx) => {
      const batch = await alertsRepository.matching(trx, { paths, after, limit: this.batchSize });
      const now = clock.now();
      let written = 0;
      for (const sub of batch) {
        if (!this.matches(sub, alert)) continue;
        const due = dueAt(now, this.config.timeZone, {
          priority: alert.priority,
          digest: sub.digest,
          quietStart: sub.quiet_start,
          quietEnd: sub.quiet_end,
        });
        const deliveryId = newId();
        const gets = languageFor(content, sub.locale);
        await trx
          .insertInto('alert_delivery')
          .values({
            id: deliveryId,
            alert_id: alert.id,
            subscription_id: sub.id,
            channel: sub.channel,
            address_hash: sub.address_hash,
            locale: gets,
            status: due.held ? 'held' : 'queued',
            due_at: due.at.toISOString(),
            outbox_id: null,
            created_at: now.toISOString(),
          })
          .onConflict((oc) => oc.columns(['alert_id', 'channel', 'address_hash']).doNothing())
          .execute();
        const mine = await trx
          .selectFrom('alert_delivery')
          .select('id')
          .where('alert_id', '=', alert.id)
          .where('channel', '=', sub.channel)
          .where('address_hash', '=', sub.address_hash)
          .executeTakeFirst();
        if (mine?.id !== deliveryId) continue; // this recipient already has the alert
        written++;
        if (!due.held) await this.send(trx, sub, [alert], [deliveryId]);
      }
      if (batch.length === this.batchSize)
        await this.jobs.enqueue(
          trx,
          FANOUT_JOB,
          { alertId, after: batch[batch.length - 1]!.id },
          { maxAttempts: 20 },
        );
      else
        await trx
          .updateTable('alert')
          .set({ status: 'sent', sent_at: nowIso() })
          .where('id', '=', alertId)
          .where('status', '!=', 'sent')
          .execute();
      if (after === '')
        await trx
          .updateTable('alert')
          .set({ status: 'sending' })
          .where('id', '=', alertId)
          .where('status', '=', 'scheduled')
          .execute();
      return written;
    });
  }

  private async send(
    trx: Trx,
    sub: AlertSubscription,
    alerts: Alert[],
    deliveryIds: string[],
  ): Promise<void> {
    const message = renderAlertMessage(this.i18n, {
      channel: sub.channel,
      locale: (isLocale(sub.locale) ? sub.locale : this.config.defaultLocale) as Locale,
      site: new URL(this.config.publicUrl).host,
      timeZone: this.config.timeZone,
      alerts: alerts.map((a) => {
        const content = JSON.parse(a.content) as AlertContent;
        const l = languageFor(content, sub.locale);
        return { ...content[l]!, locale: l, link: a.link, priority: a.priority, kind: a.kind };
      }),
      manageUrl: this.manageUrl(sub.id),
      stopUrl: this.stopUrl(sub.id),
    });
    const outboxId = await this.outbox.enqueue(trx, {
      channel: sub.channel,
      address: { sealed: sub.address, hash: sub.address_hash },
      message,
      purpose: 'alert',
    });
    await trx
      .updateTable('alert_delivery')
      .set({ status: 'queued', outbox_id: outboxId })
      .where('id', 'in', deliveryIds)
      .execute();
  }

  /** Sends held alerts that are due: one message per recipient with all of theirs (the digest). */
  async release(limit = 500): Promise<number> {
    return this.db.write(async (trx) => {
      const held = await trx
        .selectFrom('alert_delivery')
        .selectAll()
        .where('status', '=', 'held')
        .where('due_at', '<=', nowIso())
        .orderBy('id')
        .limit(limit)
        .execute();
      const byRecipient = new Map<string, typeof held>();
      for (const d of held) {
        const key = `${d.channel}\0${d.address_hash}`;
        byRecipient.set(key, [...(byRecipient.get(key) ?? []), d]);
      }
      let sent = 0;
      for (const rows of byRecipient.values()) {
        const subId = rows.find((r) => r.subscription_id)?.subscription_id;
        const sub = subId ? await alertsRepository.subscriptionById(trx, subId) : undefined;
        if (!sub || sub.status !== 'active') {
          // Stopped in the meantime: nothing goes out.
          await trx
            .deleteFrom('alert_delivery')
            .where(
              'id',
              'in',
              rows.map((r) => r.id),
            )
            .execute();
          continue;
        }
        const alerts = await trx
          .selectFrom('alert')
          .selectAll()
          .where(
            'id',
            'in',
            rows.map((r) => r.alert_id),
          )
          .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', nowIso())]))
          .orderBy('send_at')
          .execute();
        if (alerts.length === 0) {
          await trx
            .deleteFrom('alert_delivery')
            .where(
              'id',
              'in',
              rows.map((r) => r.id),
            )
            .execute();
          continue;
        }
        await this.send(
          trx,
          sub,
          alerts,
          rows.map((r) => r.id),
        );
        sent++;
      }
      return sent;
    });
  }

  /** Delivery figures of one alert, from its delivery rows and their outbox rows. */
  async stats(actor: Actor, alertId: string) {
    if (!isId(alertId)) throw new NotFoundError('alert');
    const alert = await alertsRepository.alertById(this.db.read, alertId);
    const paths = alert ? await alertsRepository.alertPaths(this.db.read, alertId) : [];
    const forumPaths = await this.forumPaths(actor);
    for (const p of paths)
      authorize<AlertResource>(actor, 'read', ALERT, { areaPath: p.area_path, forumPaths });
    if (!alert || paths.length === 0) throw new NotFoundError('alert');
    const rows = await this.db.read
      .selectFrom('alert_delivery as d')
      .leftJoin('channel_outbox as o', 'o.id', 'd.outbox_id')
      .select(['d.channel', 'd.status', 'd.locale', 'o.status as outbox_status', 'o.delivery_status'])
      .where('d.alert_id', '=', alertId)
      .execute();
    const byChannel: Record<
      string,
      { recipients: number; held: number; sent: number; delivered: number; read: number; failed: number }
    > = {};
    const byLanguage: Record<string, number> = {};
    for (const r of rows) {
      const c = (byChannel[r.channel] ??= {
        recipients: 0,
        held: 0,
        sent: 0,
        delivered: 0,
        read: 0,
        failed: 0,
      });
      c.recipients++;
      byLanguage[r.locale] = (byLanguage[r.locale] ?? 0) + 1;
      if (r.status === 'held') c.held++;
      else if (r.outbox_status === 'failed' || r.delivery_status === 'failed') c.failed++;
      else if (r.delivery_status === 'read') c.read++;
      else if (r.delivery_status === 'delivered') c.delivered++;
      else if (r.outbox_status === 'sent') c.sent++;
    }
    return { id: alert.id, status: alert.status, byChannel, byLanguage };
  }

  // --- public ---------------------------------------------------------------------------------------

  async publicAlerts(actor: Actor, input: { areaCode: string; locale: Locale }) {
    authorize(actor, 'read_public', ALERT);
    const area = await geoRepository.getByCodeAt(this.db.read, input.areaCode, nowIso());
    if (!area) throw new NotFoundError('area');
    const rows = await alertsRepository.publicFor(this.db.read, area.path, nowIso(), 50);
    return {
      area,
      alerts: rows.map((a) => {
        const content = JSON.parse(a.content) as AlertContent;
        const l = languageFor(content, input.locale);
        return {
          id: a.id,
          kind: a.kind,
          priority: a.priority,
          title: content[l]!.title,
          body: content[l]!.body,
          locale: l,
          link: a.link,
          sentAt: a.sent_at ?? a.send_at,
        };
      }),
    };
  }

  registerJobs(jobs: JobService): void {
    if (!jobs.handlerFor(FANOUT_JOB))
      jobs.register(FANOUT_JOB, async (payload) => {
        const p = payload as { alertId?: unknown; after?: unknown } | null;
        if (typeof p?.alertId !== 'string' || !isId(p.alertId)) return;
        await this.fanOut(p.alertId, typeof p.after === 'string' ? p.after : '');
      });
    if (!jobs.handlerFor(RELEASE_JOB))
      jobs.register(RELEASE_JOB, async () => {
        await this.release();
      });
  }
}
