/**
 * Tells residents on their channel what happens to the reports they made there: status changes
 * (with the team's public note), public updates and the team's messages, and — once a report is
 * closed — asks "was it resolved?" followed by the post-contact items (item bank `post_contact`).
 *
 * A recurring job reads each thread's new report_event rows (status / public_update / message_out,
 * never internal notes) past the thread's cursor and, in ONE transaction per batch, queues the
 * messages in the outbox and moves the cursor: each entry is passed on exactly once. Entries younger
 * than NOTIFY_LAG_MS wait for the next run, so an entry committed late by another process (ids are
 * time-ordered, commits are not) is not skipped by the cursor.
 *
 * Retention: the thread (sealed chat address and its keyed hash) is deleted together with the
 * report's personal data by the reports retention job's rules; conversations and inbound markers
 * expire on their own clock.
 */
import type { Config } from '../../config.ts';
import type { Database } from '../../db/database.ts';
import type { I18n, Locale } from '../../shared/i18n.ts';
import { isLocale } from '../../shared/i18n.ts';
import { DAY, MINUTE, isoIn, nowIso } from '../../shared/time.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { JobService } from '../jobs/job.service.ts';
import type { PhotoStore } from '../reports/photos.store.ts';
import { CLOSED_STATUSES, FEEDBACK_RESOLVED, type Status } from '../reports/reports.types.ts';
import type { ChannelKind, OutboundMessage } from './channel.types.ts';
import { CHANNEL } from './channels.policy.ts';
import { channelsRepository } from './channels.repository.ts';
import { CONVERSATION_TTL_MS, RESOLVED_KEYS, STATUS_KEYS } from './conversation.service.ts';
import { outboxRepository } from './outbox.repository.ts';
import type { OutboxService } from './outbox.service.ts';

export const NOTIFY_JOB = 'channels.notify';
export const NOTIFY_EVERY_MS = 15_000;
export const NOTIFY_LAG_MS = 5_000;
export const CHANNEL_RETENTION_JOB = 'channels.retention';
export const CHANNEL_RETENTION_EVERY_MS = 60 * MINUTE;
const BATCH = 200;
/** Markers of handled inbound messages: long enough to outlast any webhook retry. */
const INBOUND_KEEP_MS = 3 * DAY;
/** An expired conversation (its language and sealed address) is kept this long, then deleted. */
const CONVERSATION_KEEP_MS = 30 * DAY;

export class ChannelNotifyService {
  constructor(
    private readonly db: Database,
    private readonly config: Config,
    private readonly i18n: I18n,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly photos: PhotoStore,
  ) {}

  /** One pass; returns how many messages were queued. `lagMs` 0 in tests. */
  async run(lagMs = NOTIFY_LAG_MS): Promise<number> {
    let queued = 0;
    for (;;) {
      const rows = await channelsRepository.pendingNotifications(this.db.read, isoIn(-lagMs), BATCH);
      if (rows.length === 0) break;
      await this.db.write(async (trx) => {
        const now = nowIso();
        const cursors = new Map<string, { last: string; feedback?: string }>();
        for (const r of rows) {
          const locale: Locale = isLocale(r.locale) ? r.locale : this.config.defaultLocale;
          const t = (key: string, values?: Record<string, string | number>) =>
            this.i18n.t(locale, key, values);
          const messages: OutboundMessage[] = [];
          if (r.kind === 'status' && r.to_status) {
            const status = STATUS_KEYS[r.to_status as Status]
              ? t(STATUS_KEYS[r.to_status as Status])
              : r.to_status;
            messages.push({
              text: [
                t('resident.bot.notifyStatus', { reference: r.reference, status }),
                r.body ? t('resident.bot.notifyNote', { note: r.body }) : '',
              ]
                .filter(Boolean)
                .join('\n\n'),
              locale,
            });
          } else if (r.kind === 'public_update' && r.body) {
            messages.push({
              text: t('resident.bot.notifyUpdate', { reference: r.reference, text: r.body }),
              locale,
            });
          } else if (r.kind === 'message_out' && r.body) {
            messages.push({
              text: t('resident.bot.notifyMessage', { reference: r.reference, text: r.body }),
              locale,
            });
          }
          const cursor = cursors.get(r.thread_id) ?? { last: r.event_id };
          cursor.last = r.event_id;
          // Closed (and still closed now), feedback not asked yet: "was it resolved?".
          if (
            r.kind === 'status' &&
            r.to_status &&
            CLOSED_STATUSES.includes(r.to_status as Status) &&
            CLOSED_STATUSES.includes(r.report_status as Status) &&
            !r.feedback_asked_at &&
            !cursor.feedback &&
            !(await trx
              .selectFrom('report_feedback')
              .select('id')
              .where('report_id', '=', r.report_id)
              .executeTakeFirst())
          ) {
            const choices = FEEDBACK_RESOLVED.map((v) => ({
              id: `fb:${r.report_id}:${v}`,
              label: t(RESOLVED_KEYS[v]),
            }));
            messages.push({
              text: t('resident.bot.askResolved', { reference: r.reference }),
              choices,
              locale,
            });
            cursor.feedback = now;
            // So a typed "1" / "2" / "3" (SMS) answers this question.
            const conv = await channelsRepository.getConversation(trx, r.channel, r.address_hash);
            if (conv) {
              const data = safeParse(conv.data);
              await channelsRepository.updateConversation(trx, conv.id, conv.updated_at, {
                data: JSON.stringify({ ...data, choices }),
                expires_at: conv.expires_at > now ? conv.expires_at : isoIn(CONVERSATION_TTL_MS),
                updated_at: new Date(Date.parse(now) + 1).toISOString(),
              });
            }
          }
          cursors.set(r.thread_id, cursor);
          for (const m of messages)
            await this.outbox.enqueue(trx, {
              channel: r.channel as ChannelKind,
              address: { sealed: r.address, hash: r.address_hash },
              message: m,
              purpose: 'notify',
              reportId: r.report_id,
            });
          queued += messages.length;
        }
        for (const [threadId, c] of cursors)
          await channelsRepository.advanceThread(trx, threadId, {
            last_event_id: c.last,
            ...(c.feedback ? { feedback_asked_at: c.feedback } : {}),
            updated_at: now,
          });
      });
      if (rows.length < BATCH) break;
    }
    return queued;
  }

  /**
   * Deletes chat addresses that are no longer needed: threads whose report's personal data the
   * reports retention job has deleted (and their queued messages), expired conversations (and their
   * draft photos), old inbound markers, and old outbox rows. Counts only in the audit trail.
   */
  async runRetention(): Promise<{ threads: number; conversations: number; inbound: number; outbox: number }> {
    const totals = { threads: 0, conversations: 0, inbound: 0, outbox: 0 };
    for (;;) {
      const due = await channelsRepository.expiredThreads(this.db.read, BATCH);
      if (due.length === 0) break;
      await this.db.write(async (trx) => {
        totals.outbox += await outboxRepository.deleteForReports(
          trx,
          due.map((d) => d.report_id),
        );
        totals.threads += await channelsRepository.deleteThreads(
          trx,
          due.map((d) => d.id),
        );
      });
      if (due.length < BATCH) break;
    }
    const files: string[] = [];
    for (;;) {
      const old = await channelsRepository.expiredConversations(
        this.db.read,
        isoIn(-CONVERSATION_KEEP_MS),
        BATCH,
      );
      if (old.length === 0) break;
      await this.db.write(async (trx) => {
        for (const c of old) {
          const draft = (safeParse(c.data) as { draft?: { photoKeys?: string[] } }).draft;
          files.push(...(draft?.photoKeys ?? []));
          await channelsRepository.deleteConversation(trx, c.id);
        }
      });
      totals.conversations += old.length;
      if (old.length < BATCH) break;
    }
    await this.db.write(async (trx) => {
      totals.inbound += await channelsRepository.deleteSeenBefore(trx, isoIn(-INBOUND_KEEP_MS));
      totals.outbox += await this.outbox.purge(trx);
      await this.audit.record(trx, {
        actor: null,
        role: 'system',
        action: 'channel.retention',
        subjectType: CHANNEL,
        details: { ...totals },
      });
    });
    await this.photos.remove(files);
    return totals;
  }

  async registerJobs(jobs: JobService, log?: { info: (obj: object, msg: string) => void }): Promise<void> {
    if (!jobs.handlerFor(NOTIFY_JOB))
      jobs.register(NOTIFY_JOB, async () => {
        await this.run();
      });
    if (!jobs.handlerFor(CHANNEL_RETENTION_JOB))
      jobs.register(CHANNEL_RETENTION_JOB, async () => {
        const counts = await this.runRetention();
        log?.info({ job: CHANNEL_RETENTION_JOB, ...counts }, 'channel identifiers expired');
      });
    this.outbox.registerJobs(jobs);
    await jobs.every(NOTIFY_JOB, NOTIFY_EVERY_MS);
    await jobs.every(CHANNEL_RETENTION_JOB, CHANNEL_RETENTION_EVERY_MS);
  }
}

function safeParse(text: string): Record<string, unknown> {
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
