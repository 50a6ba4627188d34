/**
 * Shared set-up for the WhatsApp and SMS adapter tests: an admin actor to configure a channel, row
 * counts to prove "nothing stored", and sending the outbox to the end, driving the clock past
 * retries' back-off.
 */
import type { App } from '../../app.ts';
import type { Actor } from '../../shared/policy.ts';
import { clock } from '../../shared/time.ts';
import { drainOutbox } from './channels.test-helpers.ts';
import { OUTBOX_JOB } from './outbox.service.ts';

export function adminActor(personId: string): Actor {
  return {
    kind: 'staff',
    personId,
    organisationId: null,
    grants: [{ role: 'admin', areaCode: 'KG', areaPath: '/KG/' }],
    via: 'session',
  };
}

const TABLES = [
  'conversation',
  'channel_inbound',
  'channel_outbox',
  'channel_thread',
  'report',
  'report_event',
  'report_photo',
  'audit_event',
] as const;

/**
 * Row counts of every table a webhook could write to. Audit rows written by background jobs
 * (housekeeping, retention: role `system`) are left out: they may land between two counts while a
 * test runs (issue 11: 2 rows counted where 1 was expected), and no webhook writes as `system` —
 * what a resident's message causes is audited as `anonymous`.
 */
export async function channelRowCounts(app: App): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of TABLES) {
    let q = app.ctx.db.read.selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n'));
    if (t === 'audit_event')
      q = q.where((eb) => eb.or([eb('actor_role', 'is', null), eb('actor_role', '!=', 'system')]));
    const r = await q.executeTakeFirstOrThrow();
    out[t] = Number(r.n);
  }
  return out;
}

/**
 * Sends the outbox as the worker would (no worker runs in these tests) until no row is waiting:
 * a send that failed and waits for its retry is reached by moving the shared clock to the retry's
 * time — never by sleeping. Returns the number of rounds it took.
 */
export async function outboxSettled(app: App, maxRounds = 20): Promise<number> {
  for (let round = 1; ; round++) {
    await drainOutbox(app);
    const r = await app.ctx.db.read
      .selectFrom('channel_outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', 'in', ['pending', 'sending'])
      .executeTakeFirstOrThrow();
    if (Number(r.n) === 0) return round;
    if (round >= maxRounds) throw new Error(`${Number(r.n)} outbox message(s) still waiting`);
    const next = await app.ctx.db.read
      .selectFrom('job')
      .select((eb) => eb.fn.min('run_at').as('at'))
      .where('kind', '=', OUTBOX_JOB)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    const at = next?.at ? Date.parse(String(next.at)) : NaN;
    if (Number.isFinite(at) && at > clock.nowMs()) clock.advance(at - clock.nowMs() + 1);
  }
}
