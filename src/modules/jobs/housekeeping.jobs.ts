/**
 * Recurring clean-up: expired sessions, old throttle windows, finished jobs. Each logs counts only.
 */
import type { Config } from '../../config.ts';
import type { Database } from '../../db/database.ts';
import { sessionRepository } from '../accounts/session.repository.ts';
import { formSubmissionRepository } from '../../plugins/once.repository.ts';
import { checkpointIfGrown, loadSigningKey } from '../audit/audit-checkpoint.ts';
import { DAY, HOUR, MINUTE, isoIn, nowIso } from '../../shared/time.ts';
import { housekeepingRepository } from './housekeeping.repository.ts';
import { jobRepository } from './job.repository.ts';
import type { JobService } from './job.service.ts';
import type { WorkerLog } from './job.worker.ts';

/** Residents' sessions may idle this long (SessionService's limit for them); staff far less. */
const RESIDENT_IDLE_MS = 30 * DAY;
const DONE_JOBS_KEPT_MS = 7 * DAY;

export const HOUSEKEEPING_INTERVALS: Record<string, number> = {
  'sessions.expire': 5 * MINUTE,
  'throttle.expire': HOUR,
  'jobs.prune': 6 * HOUR,
  'submissions.expire': HOUR,
};
/** With AUDIT_SIGNING_KEY_FILE set, the head is signed this often (when it has moved). */
export const AUDIT_CHECKPOINT_EVERY_MS = 10 * MINUTE;

export async function registerHousekeeping(
  jobs: JobService,
  deps: { db: Database; config: Config; log?: Pick<WorkerLog, 'info'> },
): Promise<void> {
  const { db, config, log } = deps;
  jobs.register('sessions.expire', async () => {
    const counts = await db.write(async (trx) => ({
      expiredOrIdle: await sessionRepository.deleteExpired(trx, nowIso(), isoIn(-RESIDENT_IDLE_MS)),
      idleStaff: await housekeepingRepository.deleteIdleStaffSessions(
        trx,
        isoIn(-config.sessionIdleMinutes * MINUTE),
      ),
    }));
    log?.info({ job: 'sessions.expire', ...counts }, 'sessions expired');
  });
  jobs.register('throttle.expire', async () => {
    const deleted = await db.write((trx) => housekeepingRepository.deleteThrottlesBefore(trx, isoIn(-DAY)));
    log?.info({ job: 'throttle.expire', deleted }, 'throttle windows expired');
  });
  jobs.register('jobs.prune', async () => {
    const deleted = await db.write((trx) => jobRepository.pruneDone(trx, isoIn(-DONE_JOBS_KEPT_MS)));
    log?.info({ job: 'jobs.prune', deleted }, 'finished jobs pruned');
  });
  // One-time form keys only need to outlive a reload or a retry; a day is ample.
  jobs.register('submissions.expire', async () => {
    const deleted = await db.write((trx) => formSubmissionRepository.deleteBefore(trx, isoIn(-DAY)));
    log?.info({ job: 'submissions.expire', deleted }, 'one-time form keys expired');
  });
  for (const [kind, ms] of Object.entries(HOUSEKEEPING_INTERVALS)) await jobs.every(kind, ms);
  if (config.auditSigningKeyFile) {
    const key = loadSigningKey(config.auditSigningKeyFile);
    jobs.register('audit.checkpoint', async () => {
      const cp = await db.write((trx) => checkpointIfGrown(trx, key));
      log?.info({ job: 'audit.checkpoint', seq: cp?.seq ?? null }, 'audit head signed');
    });
    await jobs.every('audit.checkpoint', AUDIT_CHECKPOINT_EVERY_MS);
  }
}
