/** Runs the background job worker in this process when JOBS=1; stops it gracefully on close. */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { AppContext } from '../context.ts';
import { loadSigningKey } from '../modules/audit/audit-checkpoint.ts';
import { registerHousekeeping } from '../modules/jobs/housekeeping.jobs.ts';
import { Worker } from '../modules/jobs/job.worker.ts';
import { RELEASE_EVERY_MS, RELEASE_JOB } from '../modules/alerts/alerts.service.ts';

export const jobsPlugin = fp(
  async (app: FastifyInstance, opts: { ctx: AppContext }) => {
    const { config, db, services, log } = opts.ctx;
    // Every process checks the signing key at start, so a bad path fails the boot, not the first job.
    if (config.auditSigningKeyFile) loadSigningKey(config.auditSigningKeyFile);
    if (!config.jobs) return;
    const worker = new Worker(services.jobs, { pollMs: config.jobPollMs, log });
    app.decorate('jobWorker', worker);
    app.addHook('onReady', async () => {
      await registerHousekeeping(services.jobs, { db, config, log });
      await services.reportFollowUp.registerJobs(services.jobs, log);
      await services.channelNotify.registerJobs(services.jobs, log);
      await services.referrals.registerJobs(services.jobs, log);
      await services.insightExports.registerJobs(services.jobs, log);
      services.alerts.registerJobs(services.jobs);
      await services.jobs.every(RELEASE_JOB, RELEASE_EVERY_MS);
      worker.start();
    });
    // preClose, not onClose: onClose hooks run last-added first, so the database would close before
    // running handlers had recorded their outcome.
    app.addHook('preClose', async () => worker.stop());
  },
  { name: 'jobs' },
);

declare module 'fastify' {
  interface FastifyInstance {
    jobWorker?: Worker;
  }
}
