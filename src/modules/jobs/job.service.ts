/**
 * A durable job queue in the main database: a job is a row, so it is enqueued in the caller's
 * transaction (it exists only if the change commits) and survives restarts. Claiming is safe across
 * processes: PostgreSQL skips rows another worker holds, SQLite has a single writer.
 */
import { hostname } from 'node:os';
import type { Database, Trx } from '../../db/database.ts';
import type { Job } from '../../db/schema.ts';
import { newId } from '../../shared/ids.ts';
import { HOUR, isoIn, nowIso } from '../../shared/time.ts';
import { jobRepository } from './job.repository.ts';

export interface JobContext {
  attempt: number;
  jobId: string;
}
export type JobHandler = (payload: unknown, ctx: JobContext) => Promise<void>;

export interface EnqueueOptions {
  /** When the job becomes due (ISO-8601 UTC); now by default. */
  runAt?: string;
  /** At most one pending or running job per key, across all processes. */
  uniqueKey?: string;
  maxAttempts?: number;
}

const SECOND = 1000;
export const DEFAULT_MAX_ATTEMPTS = 5;
/** A job whose holder has not finished by then is taken to be abandoned (the process died). */
export const DEFAULT_LOCK_MS = 5 * 60 * SECOND;
const BACKOFF_BASE_MS = 5 * SECOND;
const BACKOFF_CAP_MS = 6 * HOUR;
const ERROR_MAX = 500;

/** Exponential back-off with "equal jitter": half fixed, half random, so retries do not stampede. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const exp = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + random() * (exp / 2));
}

/**
 * Error text kept on a failed job: short, and with anything that looks like an e-mail address or a
 * phone number blanked, since handlers may be careless with what they put in messages.
 */
export function safeErrorText(err: unknown): string {
  const raw = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return raw
    .replace(/[^\s@]+@[^\s@]+/g, '[email]')
    .replace(/\+?\d[\d\s().-]{6,}\d/g, '[number]')
    .slice(0, ERROR_MAX);
}

export function recurringKey(kind: string): string {
  return `every:${kind}`;
}

export class JobService {
  private readonly handlers = new Map<string, JobHandler>();
  private readonly recurring = new Map<string, number>();
  private readonly enqueueListeners = new Set<() => void>();

  constructor(private readonly db: Database) {}

  /** Adds a job inside the caller's transaction. Returns its id, or null if the unique key is taken. */
  async enqueue(trx: Trx, kind: string, payload: unknown, opts: EnqueueOptions = {}): Promise<string | null> {
    const now = nowIso();
    const id = newId();
    const inserted = await jobRepository.create(trx, {
      id,
      kind,
      payload: JSON.stringify(payload ?? null),
      status: 'pending',
      run_at: opts.runAt ?? now,
      attempts: 0,
      max_attempts: opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      unique_key: opts.uniqueKey ?? null,
      created_at: now,
      updated_at: now,
    });
    if (!inserted) return null;
    // Only a job due now is worth waking the worker for; later ones are found by the poll.
    if ((opts.runAt ?? now) <= now) for (const fn of this.enqueueListeners) fn();
    return id;
  }

  register(kind: string, handler: JobHandler): void {
    if (this.handlers.has(kind)) throw new Error(`job kind "${kind}" already has a handler`);
    this.handlers.set(kind, handler);
  }

  /**
   * Runs `kind` every `intervalMs`: one live job per kind across all processes (the unique key),
   * and each run schedules the next. Safe to call from every process at start-up.
   */
  async every(kind: string, intervalMs: number): Promise<void> {
    this.recurring.set(kind, intervalMs);
    await this.db.write((trx) => this.enqueue(trx, kind, null, { uniqueKey: recurringKey(kind) }));
  }

  kinds(): string[] {
    return [...this.handlers.keys()];
  }

  handlerFor(kind: string): JobHandler | undefined {
    return this.handlers.get(kind);
  }

  onEnqueue(fn: () => void): () => void {
    this.enqueueListeners.add(fn);
    return () => this.enqueueListeners.delete(fn);
  }

  /** Claims up to `limit` due jobs of kinds this process handles, marking them running for `workerId`. */
  async claim(workerId: string, limit: number, lockMs = DEFAULT_LOCK_MS): Promise<Job[]> {
    const kinds = this.kinds();
    if (kinds.length === 0 || limit <= 0) return [];
    return this.db.write(async (trx) => {
      const now = nowIso();
      const rows = await jobRepository.lockDue(trx, this.db.dialect, kinds, now, limit);
      const exhausted = rows.filter((r) => r.status === 'running' && r.attempts >= r.max_attempts);
      const claimed = rows.filter((r) => !exhausted.includes(r));
      await jobRepository.failExhausted(
        trx,
        exhausted.map((r) => r.id),
        'lock expired during the last allowed attempt',
        now,
      );
      const lockedUntil = isoIn(lockMs);
      await jobRepository.markRunning(
        trx,
        claimed.map((r) => r.id),
        workerId,
        lockedUntil,
        now,
      );
      return claimed.map((r) => ({
        ...r,
        status: 'running' as const,
        attempts: r.attempts + 1,
        locked_by: workerId,
        locked_until: lockedUntil,
      }));
    });
  }

  /** Runs one claimed job's handler and records the outcome. Never throws. */
  async execute(
    job: Job,
    workerId: string,
    lockMs = DEFAULT_LOCK_MS,
  ): Promise<'done' | 'retry' | 'failed' | 'lost'> {
    const handler = this.handlers.get(job.kind);
    let error: unknown = null;
    // A slow handler keeps renewing its lock so no other process takes the job as abandoned.
    const heartbeat = setInterval(
      () => {
        void this.db
          .write((trx) => jobRepository.extendLock(trx, job.id, workerId, isoIn(lockMs), nowIso()))
          .catch(() => undefined); // a missed renewal only risks a reclaim, which `finish` detects
      },
      Math.max(10, Math.floor(lockMs / 3)),
    );
    heartbeat.unref();
    try {
      if (!handler) throw new Error(`no handler for job kind "${job.kind}"`);
      await handler(JSON.parse(job.payload) as unknown, { attempt: job.attempts, jobId: job.id });
    } catch (err) {
      error = err ?? new Error('job failed');
    } finally {
      clearInterval(heartbeat);
    }
    return this.db.write(async (trx) => {
      const now = nowIso();
      let outcome: 'done' | 'retry' | 'failed';
      let kept: boolean;
      if (error === null) {
        outcome = 'done';
        kept = await jobRepository.finish(trx, job.id, workerId, { status: 'done', last_error: null }, now);
      } else if (job.attempts < job.max_attempts) {
        outcome = 'retry';
        kept = await jobRepository.finish(
          trx,
          job.id,
          workerId,
          { status: 'pending', run_at: isoIn(backoffMs(job.attempts)), last_error: safeErrorText(error) },
          now,
        );
      } else {
        outcome = 'failed';
        kept = await jobRepository.finish(
          trx,
          job.id,
          workerId,
          { status: 'failed', last_error: safeErrorText(error) },
          now,
        );
      }
      if (!kept) return 'lost';
      // A recurring job's next run is booked in the same transaction that closes this one.
      const interval = this.recurring.get(job.kind);
      if (interval !== undefined && outcome !== 'retry' && job.unique_key === recurringKey(job.kind)) {
        await this.enqueue(trx, job.kind, null, { uniqueKey: job.unique_key, runAt: isoIn(interval) });
      }
      return outcome;
    });
  }

  /** The worker's identity in `locked_by`: host, process and a random part (tests run several). */
  static workerId(): string {
    return `${hostname()}:${process.pid}:${newId().slice(-8)}`;
  }
}
