/**
 * Shared set-up for the WhatsApp and SMS adapter tests: an admin actor to configure a channel, row
 * counts to prove "nothing stored", and a wait for the outbox to drain (the job worker sends
 * asynchronously, as in production).
 */
import type { App } from '../../app.ts';
import type { Actor } from '../../shared/policy.ts';

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

/** Waits until no outbox row is waiting to be sent (sent or failed), polling the database. */
export async function outboxSettled(app: App, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await app.ctx.db.read
      .selectFrom('channel_outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', 'in', ['pending', 'sending'])
      .executeTakeFirstOrThrow();
    if (Number(r.n) === 0) return;
    if (Date.now() > deadline) throw new Error(`${Number(r.n)} outbox message(s) still waiting`);
    await new Promise((res) => setTimeout(res, 25));
  }
}
