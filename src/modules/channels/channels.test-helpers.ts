/** Test helpers of the channels module: an admin actor and running the outbox without the worker. */
import type { App } from '../../app.ts';
import type { Actor } from '../../shared/policy.ts';
import { OUTBOX_JOB } from './outbox.service.ts';

export function adminActorOf(personId: string): Actor {
  return {
    kind: 'staff',
    personId,
    organisationId: null,
    grants: [{ role: 'admin', areaCode: 'KG', areaPath: '/KG/' }],
    via: 'session',
  };
}

/** Runs due outbox jobs (as the worker would) until none is left; returns the outcomes. */
export async function drainOutbox(app: App, rounds = 20): Promise<string[]> {
  const jobs = app.ctx.services.jobs;
  if (!jobs.handlerFor(OUTBOX_JOB)) app.ctx.services.outbox.registerJobs(jobs);
  const outcomes: string[] = [];
  for (let i = 0; i < rounds; i++) {
    const claimed = (await jobs.claim('test-worker', 50)).filter((j) => j.kind === OUTBOX_JOB);
    if (claimed.length === 0) break;
    for (const j of claimed) outcomes.push(await jobs.execute(j, 'test-worker'));
  }
  return outcomes;
}
