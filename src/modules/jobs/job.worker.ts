/**
 * Polls for due jobs and runs them, a few at a time. Nudged right after a local enqueue so work
 * queued by this process starts at once; jobs queued elsewhere are found by the poll.
 */
import type { Job } from '../../db/schema.ts';
import { DEFAULT_LOCK_MS, JobService } from './job.service.ts';

/** What the worker logs: job kinds, ids and counts only, never payloads (they may name people). */
export interface WorkerLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface WorkerOptions {
  pollMs: number;
  concurrency?: number;
  lockMs?: number;
  workerId?: string;
  log?: WorkerLog;
}

/** A nudge waits this long so the enqueuing transaction has usually committed by the time we look. */
const NUDGE_DELAY_MS = 10;
const NUDGE_RETRY_MS = 50;
const NUDGE_WINDOW_MS = 1000;

export class Worker {
  readonly id: string;
  private readonly concurrency: number;
  private readonly lockMs: number;
  private readonly running = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private ticking = false;
  /** A tick was asked for while one ran: run another right after, so no nudge is lost. */
  private again = false;
  /** When the last local enqueue nudged us; its transaction may not have committed at first look. */
  private nudgedAt = 0;
  private currentTick: Promise<void> = Promise.resolve();
  private stopped = true;
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly jobs: JobService,
    private readonly opts: WorkerOptions,
  ) {
    this.id = opts.workerId ?? JobService.workerId();
    this.concurrency = opts.concurrency ?? 4;
    this.lockMs = opts.lockMs ?? DEFAULT_LOCK_MS;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.unsubscribe = this.jobs.onEnqueue(() => {
      this.nudgedAt = Date.now();
      this.schedule(NUDGE_DELAY_MS);
    });
    this.schedule(0);
  }

  /** Stops claiming, then waits for handlers already running to finish and record their outcome. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    // A claim in flight may still hand us jobs: let it finish so they run rather than sit locked.
    await this.currentTick;
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  get busy(): number {
    return this.running.size;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.ticking) this.again = true;
      else this.currentTick = this.tick();
    }, delayMs);
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    this.ticking = true;
    this.again = false;
    let claimed: Job[] = [];
    try {
      claimed = await this.jobs.claim(this.id, this.concurrency - this.running.size, this.lockMs);
      for (const job of claimed) this.launch(job);
    } catch (err) {
      this.opts.log?.error({ err: (err as Error)?.message }, 'job claim failed');
    } finally {
      this.ticking = false;
    }
    // A full batch suggests more are due: look again as soon as a slot frees; otherwise poll.
    const more = this.again || (claimed.length > 0 && this.running.size < this.concurrency);
    // Right after a nudge that found nothing, look again shortly: the enqueuing commit may be in flight.
    const recentNudge = claimed.length === 0 && Date.now() - this.nudgedAt < NUDGE_WINDOW_MS;
    if (!this.stopped && !this.timer)
      this.schedule(more ? 0 : recentNudge ? Math.min(NUDGE_RETRY_MS, this.opts.pollMs) : this.opts.pollMs);
  }

  private launch(job: Job): void {
    const p = this.jobs
      .execute(job, this.id, this.lockMs)
      .then((outcome) => {
        const fields = { jobId: job.id, kind: job.kind, attempt: job.attempts, outcome };
        if (outcome === 'failed') this.opts.log?.warn(fields, 'job failed for good');
        else if (outcome === 'retry') this.opts.log?.info(fields, 'job failed, will retry');
        else if (outcome === 'lost') this.opts.log?.warn(fields, 'job lock was lost before it finished');
      })
      .catch((err: unknown) => {
        // Recording the outcome failed (database gone?): the lock expires and the job is reclaimed.
        this.opts.log?.error(
          { jobId: job.id, kind: job.kind, err: (err as Error)?.message },
          'job bookkeeping failed',
        );
      })
      .finally(() => {
        this.running.delete(p);
        this.schedule(0);
      });
    this.running.add(p);
  }
}
