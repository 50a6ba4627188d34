/**
 * The reporter's side of a thread: follow a report with the receipt (or as the signed-in resident who
 * made it), exchange messages, add information and photos, say whether it was resolved. Also the
 * retention job that expires receipts and deletes the thread's personal data after inactivity.
 *
 * Wrong receipts get the same answer as unknown ones and are throttled per client key: an opaque
 * keyed hash the caller derives from the network address (never the address itself), counted in
 * memory only.
 */
import type { Config } from '../../config.ts';
import type { Database } from '../../db/database.ts';
import type { Report, ReportEvent } from '../../db/schema.ts';
import { NotFoundError, TooManyRequestsError, ValidationError } from '../../shared/errors.ts';
import { isId, newId } from '../../shared/ids.ts';
import { authorize, type Actor } from '../../shared/policy.ts';
import { DAY, MINUTE, clock, isoIn, nowIso } from '../../shared/time.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { JobService } from '../jobs/job.service.ts';
import type { PhotoStore, ProcessedPhoto } from './photos.store.ts';
import { MAX_PHOTOS } from './photos.store.ts';
import { normaliseReceipt, receiptHash } from './receipts.ts';
import { REPORT } from './reports.policy.ts';
import { reportsRepository } from './reports.repository.ts';
import {
  AGREE_SCALE,
  CLOSED_STATUSES,
  FEEDBACK_ITEMS,
  FEEDBACK_RESOLVED,
  REPORTER_EVENT_KINDS,
  type FeedbackResolved,
  type Status,
} from './reports.types.ts';
import { stripControls } from '../../shared/text.ts';

/**
 * How a reporter proves the thread is theirs: the receipt, the signed-in resident's own report, or
 * (messenger / SMS conversations) the report id together with the keyed hash of the chat address it
 * was made from, which only the server can compute (see src/modules/channels/).
 */
export type ReporterKey =
  { receipt: string } | { reportId: string } | { channelThread: { reportId: string; addressHash: string } };

export interface ThreadView {
  report: Report;
  /** Entries the reporter may see: status changes with public notes, public updates, messages. */
  events: ReportEvent[];
  photos: number;
  feedbackGiven: boolean;
  canGiveFeedback: boolean;
}

export interface FeedbackInput {
  resolved: FeedbackResolved;
  /** Post-contact items (`pc-voice`, …) answered on the 5-point agree scale; all optional. */
  items?: Record<string, string>;
}

/** Failed receipt lookups allowed per client key per window. */
export const TRACK_FAILURES_ALLOWED = 10;
export const TRACK_WINDOW_MS = 15 * MINUTE;
const RETENTION_BATCH = 200;
export const RETENTION_JOB = 'reports.retention';
export const RETENTION_EVERY_MS = 6 * 60 * MINUTE;

export class FollowUpService {
  private readonly failures = new Map<string, { count: number; windowStart: number }>();

  constructor(
    private readonly db: Database,
    private readonly config: Config,
    private readonly audit: AuditService,
    private readonly photos: PhotoStore,
  ) {}

  // --- throttle -----------------------------------------------------------------------------------

  private checkThrottle(clientKey: string): void {
    const now = clock.nowMs();
    const f = this.failures.get(clientKey);
    if (f && now - f.windowStart < TRACK_WINDOW_MS && f.count >= TRACK_FAILURES_ALLOWED) {
      throw new TooManyRequestsError(
        'too many attempts with a wrong receipt; wait a few minutes and try again',
        Math.ceil((f.windowStart + TRACK_WINDOW_MS - now) / 1000),
      );
    }
  }

  private recordFailure(clientKey: string): void {
    const now = clock.nowMs();
    const f = this.failures.get(clientKey);
    if (!f || now - f.windowStart >= TRACK_WINDOW_MS)
      this.failures.set(clientKey, { count: 1, windowStart: now });
    else f.count++;
    // Keep the map small: drop stale windows now and then.
    if (this.failures.size > 10_000)
      for (const [k, v] of this.failures) if (now - v.windowStart >= TRACK_WINDOW_MS) this.failures.delete(k);
  }

  /** Finds the thread for a key; every miss looks the same and counts against the client. */
  private async resolve(actor: Actor, key: ReporterKey, clientKey: string): Promise<Report> {
    this.checkThrottle(clientKey);
    let report: Report | undefined;
    if ('receipt' in key) {
      const digits = typeof key.receipt === 'string' ? normaliseReceipt(key.receipt) : null;
      report = digits
        ? await reportsRepository.getByReceiptHash(
            this.db.read,
            receiptHash(this.config.sessionSecret, digits),
          )
        : undefined;
    } else if ('channelThread' in key) {
      const { reportId, addressHash } = key.channelThread;
      const link =
        isId(reportId) && typeof addressHash === 'string'
          ? await this.db.read
              .selectFrom('channel_thread')
              .select('report_id')
              .where('report_id', '=', reportId)
              .where('address_hash', '=', addressHash)
              .executeTakeFirst()
          : undefined;
      report = link ? await reportsRepository.getById(this.db.read, reportId) : undefined;
      if (report && report.personal_data_deleted_at === null) return report;
      report = undefined;
    } else if (actor.kind === 'resident' && isId(key.reportId)) {
      const r = await reportsRepository.getById(this.db.read, key.reportId);
      report = r && r.reporter_person_id === actor.personId ? r : undefined;
    }
    if (!report || (report.receipt_hash === null && report.reporter_person_id === null)) {
      this.recordFailure(clientKey);
      throw new NotFoundError(REPORT);
    }
    return report;
  }

  // --- reading ------------------------------------------------------------------------------------

  async track(actor: Actor, key: ReporterKey, clientKey: string): Promise<ThreadView> {
    authorize(actor, 'follow', REPORT);
    const report = await this.resolve(actor, key, clientKey);
    const [events, photos, feedback] = await Promise.all([
      reportsRepository.listEvents(this.db.read, report.id, ['public', 'reporter']),
      reportsRepository.countPhotos(this.db.read, report.id),
      reportsRepository.getFeedback(this.db.read, report.id),
    ]);
    // Looking counts as activity (at most one write a day), so a followed receipt does not expire.
    if (Date.parse(report.last_activity_at) < clock.nowMs() - DAY) {
      const at = nowIso();
      await this.db.write((trx) => reportsRepository.update(trx, report.id, { last_activity_at: at }));
    }
    return {
      report,
      events,
      photos,
      feedbackGiven: !!feedback,
      canGiveFeedback: !feedback && CLOSED_STATUSES.includes(report.status as Status),
    };
  }

  /**
   * The report a reporter's key opens (wrong keys throttled like `track`), for modules that add their
   * own reporter actions to a thread (an appeal against a complaint decision).
   */
  async reportForKey(actor: Actor, key: ReporterKey, clientKey: string): Promise<Report> {
    authorize(actor, 'follow', REPORT);
    return this.resolve(actor, key, clientKey);
  }

  /** The signed-in resident's own reports. */
  async mine(actor: Actor): Promise<Report[]> {
    authorize(actor, 'list-own', REPORT);
    return reportsRepository.listByReporter(this.db.read, actor.personId!, 100);
  }

  // --- writing ------------------------------------------------------------------------------------

  /** A message from the reporter to the handling team. */
  async addMessage(
    actor: Actor,
    key: ReporterKey,
    input: { text: string },
    clientKey: string,
  ): Promise<{ id: string }> {
    authorize(actor, 'follow', REPORT);
    const body = cleanText(input.text, 'text', 4000);
    const report = await this.resolve(actor, key, clientKey);
    return this.addReporterEntry(actor, report, 'message_in', body, []);
  }

  /** More information (text and/or up to 5 photos in all) from the reporter. */
  async addInformation(
    actor: Actor,
    key: ReporterKey,
    input: { text?: string; photos?: Buffer[] },
    clientKey: string,
  ): Promise<{ id: string }> {
    authorize(actor, 'follow', REPORT);
    const body =
      input.text === undefined || input.text.trim() === '' ? null : cleanText(input.text, 'text', 4000);
    const files = input.photos ?? [];
    if (!body && files.length === 0) throw new ValidationError('add some text or a photo', 'text');
    const report = await this.resolve(actor, key, clientKey);
    const existing = await reportsRepository.countPhotos(this.db.read, report.id);
    if (existing + files.length > MAX_PHOTOS)
      throw new ValidationError(`a report may have at most ${MAX_PHOTOS} photos`, 'photos');
    const processed: ProcessedPhoto[] = [];
    for (const f of files) processed.push(await this.photos.process(f));
    return this.addReporterEntry(actor, report, 'info', body, processed);
  }

  private async addReporterEntry(
    actor: Actor,
    report: Report,
    kind: 'message_in' | 'info',
    body: string | null,
    processed: ProcessedPhoto[],
  ): Promise<{ id: string }> {
    const keys: string[] = [];
    try {
      for (const p of processed) keys.push(await this.photos.save(p));
      return await this.db.write(async (trx) => {
        const now = nowIso();
        const id = newId();
        await reportsRepository.addEvent(trx, {
          id,
          report_id: report.id,
          kind,
          visibility: 'reporter',
          from_status: null,
          to_status: null,
          reason: null,
          body,
          details: processed.length ? JSON.stringify({ photos: processed.length }) : null,
          actor_person_id: unlinked(actor, report) ? null : actor.personId,
          created_at: now,
        });
        for (const [i, p] of processed.entries())
          await reportsRepository.addPhoto(trx, {
            id: newId(),
            report_id: report.id,
            storage_key: keys[i]!,
            mime: p.mime,
            width: p.width,
            height: p.height,
            bytes: p.bytes,
            source: 'reporter',
            created_at: now,
          });
        await reportsRepository.update(trx, report.id, { last_activity_at: now, updated_at: now });
        await this.audit.record(trx, {
          actor: unlinked(actor, report) ? null : actor,
          role: unlinked(actor, report) ? 'anonymous' : actor.kind,
          action: `report.reporter.${kind}`,
          subjectType: REPORT,
          subjectId: report.id,
          details: { photos: processed.length },
        });
        return { id };
      });
    } catch (err) {
      await this.photos.remove(keys);
      throw err;
    }
  }

  /** "Was it resolved?" and the post-contact items, once, after the report is closed. */
  async submitFeedback(
    actor: Actor,
    key: ReporterKey,
    input: FeedbackInput,
    clientKey: string,
  ): Promise<void> {
    authorize(actor, 'follow', REPORT);
    if (!(FEEDBACK_RESOLVED as readonly string[]).includes(input.resolved))
      throw new ValidationError(`resolved must be one of ${FEEDBACK_RESOLVED.join(', ')}`, 'resolved');
    const items: Record<string, string> = {};
    for (const [k, v] of Object.entries(input.items ?? {})) {
      if (!(FEEDBACK_ITEMS as readonly string[]).includes(k))
        throw new ValidationError(`items.${k} is not a question we ask`, `items.${k}`);
      if (v === '' || v === undefined) continue;
      if (!(AGREE_SCALE as readonly string[]).includes(v))
        throw new ValidationError(`items.${k} must be one of ${AGREE_SCALE.join(', ')}`, `items.${k}`);
      items[k] = v;
    }
    const report = await this.resolve(actor, key, clientKey);
    if (!CLOSED_STATUSES.includes(report.status as Status))
      throw new ValidationError('feedback is asked for once the report is resolved or closed', 'resolved');
    await this.db.write(async (trx) => {
      if (await reportsRepository.getFeedback(trx, report.id))
        throw new ValidationError('feedback for this report was already given', 'resolved');
      const now = nowIso();
      await reportsRepository.addFeedback(trx, {
        id: newId(),
        report_id: report.id,
        resolved: input.resolved,
        answers: JSON.stringify(items),
        created_at: now,
      });
      await reportsRepository.update(trx, report.id, { last_activity_at: now });
      await this.audit.record(trx, {
        actor: unlinked(actor, report) ? null : actor,
        role: unlinked(actor, report) ? 'anonymous' : actor.kind,
        action: 'report.feedback',
        subjectType: REPORT,
        subjectId: report.id,
        details: { resolved: input.resolved, items: Object.keys(items).length },
      });
    });
  }

  /** A photo of the reporter's own report. */
  async getPhoto(
    actor: Actor,
    key: ReporterKey,
    photoId: string,
    clientKey: string,
  ): Promise<{ mime: string; data: Buffer }> {
    authorize(actor, 'follow', REPORT);
    const report = await this.resolve(actor, key, clientKey);
    const p = isId(photoId) ? await reportsRepository.getPhoto(this.db.read, report.id, photoId) : undefined;
    if (!p) throw new NotFoundError('photo');
    try {
      return { mime: p.mime, data: await this.photos.read(p.storage_key) };
    } catch {
      throw new NotFoundError('photo');
    }
  }

  // --- retention ----------------------------------------------------------------------------------

  /**
   * Deletes what the reporter left behind once a thread has been inactive for RECEIPT_EXPIRY_DAYS:
   * the receipt (anonymous), contact details, messages to and from the reporter, photos (files too).
   * Applies to anonymous threads whatever their status, and to other reports once closed. The report
   * itself (category, area, status, timers) stays for statistics. Returns counts only.
   */
  async runRetention(): Promise<{
    reports: number;
    receipts: number;
    contacts: number;
    messages: number;
    photos: number;
  }> {
    const cutoff = isoIn(-this.config.receiptExpiryDays * DAY);
    const totals = { reports: 0, receipts: 0, contacts: 0, messages: 0, photos: 0 };
    for (;;) {
      const due = await reportsRepository.dueForRetention(
        this.db.read,
        cutoff,
        CLOSED_STATUSES,
        RETENTION_BATCH,
      );
      if (due.length === 0) break;
      const files: string[] = [];
      await this.db.write(async (trx) => {
        const now = nowIso();
        let messages = 0;
        for (const r of due) {
          messages += await reportsRepository.deleteEventsOfKinds(trx, r.id, REPORTER_EVENT_KINDS);
          const photos = await reportsRepository.deletePhotos(trx, r.id);
          files.push(...photos.map((p) => p.storage_key));
          await reportsRepository.update(trx, r.id, {
            receipt_hash: null,
            contact: null,
            personal_data_deleted_at: now,
          });
          if (r.receipt_hash) totals.receipts++;
          if (r.contact) totals.contacts++;
        }
        totals.messages += messages;
        await this.audit.record(trx, {
          actor: null,
          role: 'system',
          action: 'report.retention',
          subjectType: REPORT,
          details: { reports: due.length, messages, photos: files.length },
        });
      });
      totals.reports += due.length;
      totals.photos += await this.photos.remove(files);
      if (due.length < RETENTION_BATCH) break;
    }
    return totals;
  }

  /** Registers the retention job on the durable queue (run every six hours). */
  async registerJobs(jobs: JobService, log?: { info: (obj: object, msg: string) => void }): Promise<void> {
    if (!jobs.handlerFor(RETENTION_JOB))
      jobs.register(RETENTION_JOB, async () => {
        const counts = await this.runRetention();
        log?.info({ job: RETENTION_JOB, ...counts }, 'report personal data expired');
      });
    await jobs.every(RETENTION_JOB, RETENTION_EVERY_MS);
  }
}

/** Whoever follows an anonymous thread stays unlinked from it, even when signed in. */
function unlinked(actor: Actor, report: Report): boolean {
  return actor.kind === 'anonymous' || report.privacy === 'anonymous';
}

function cleanText(value: unknown, field: string, max: number): string {
  if (typeof value !== 'string') throw new ValidationError(`${field} must be text`, field);
  const t = stripControls(value).trim();
  if (!t) throw new ValidationError(`${field} is required`, field);
  if (t.length > max) throw new ValidationError(`${field} must be at most ${max} characters`, field);
  return t;
}
