/** Kysely queries of the channel outbox. */
import type { Kysely } from 'kysely';
import type { Dialect } from '../../db/dialect.ts';
import type { Trx } from '../../db/database.ts';
import type { ChannelOutbox, DB } from '../../db/schema.ts';

type Q = Kysely<DB> | Trx;

export const outboxRepository = {
  /**
   * The latest configuration error of a channel's sends (ChannelConfigurationError) that no later
   * successful send has cleared: the settings are still wrong.
   */
  async configurationProblem(
    db: Q,
    channel: string,
  ): Promise<{ last_error: string; updated_at: string } | undefined> {
    const problem = await db
      .selectFrom('channel_outbox')
      .select(['last_error', 'updated_at'])
      .where('channel', '=', channel)
      .where('status', 'in', ['pending', 'failed'])
      .where('last_error', 'like', 'ChannelConfigurationError:%')
      .orderBy('updated_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!problem?.last_error) return undefined;
    const later = await db
      .selectFrom('channel_outbox')
      .select('id')
      .where('channel', '=', channel)
      .where('status', '=', 'sent')
      .where('sent_at', '>', problem.updated_at)
      .limit(1)
      .executeTakeFirst();
    return later ? undefined : { last_error: problem.last_error, updated_at: problem.updated_at };
  },
  async create(trx: Trx, row: ChannelOutbox): Promise<void> {
    await trx.insertInto('channel_outbox').values(row).execute();
  },
  async lock(trx: Trx, dialect: Dialect, id: string): Promise<ChannelOutbox | undefined> {
    return dialect
      .lockForUpdate(trx.selectFrom('channel_outbox').selectAll().where('id', '=', id))
      .executeTakeFirst();
  },
  async get(db: Q, id: string): Promise<ChannelOutbox | undefined> {
    return db.selectFrom('channel_outbox').selectAll().where('id', '=', id).executeTakeFirst();
  },
  async lockByProviderId(
    trx: Trx,
    dialect: Dialect,
    channel: string,
    providerId: string,
  ): Promise<ChannelOutbox | undefined> {
    return dialect
      .lockForUpdate(
        trx
          .selectFrom('channel_outbox')
          .selectAll()
          .where('channel', '=', channel)
          .where('provider_message_id', '=', providerId),
      )
      .executeTakeFirst();
  },
  async update(trx: Trx, id: string, changes: Partial<ChannelOutbox>): Promise<void> {
    await trx.updateTable('channel_outbox').set(changes).where('id', '=', id).execute();
  },
  /** Whether an older message to the same address is still waiting (messages keep their order). */
  async earlierWaiting(trx: Trx, row: ChannelOutbox): Promise<boolean> {
    const r = await trx
      .selectFrom('channel_outbox')
      .select('id')
      .where('channel', '=', row.channel)
      .where('address_hash', '=', row.address_hash)
      .where('status', 'in', ['pending', 'sending'])
      .where('id', '<', row.id)
      .limit(1)
      .executeTakeFirst();
    return !!r;
  },
  async list(
    db: Q,
    f: { status?: ChannelOutbox['status']; channel?: string; limit: number },
  ): Promise<ChannelOutbox[]> {
    let q = db.selectFrom('channel_outbox').selectAll();
    if (f.status) q = q.where('status', '=', f.status);
    if (f.channel) q = q.where('channel', '=', f.channel);
    return q.orderBy('id', 'desc').limit(f.limit).execute();
  },
  async counts(db: Q): Promise<Array<{ channel: string; status: string; n: number }>> {
    const rows = await db
      .selectFrom('channel_outbox')
      .select(['channel', 'status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy(['channel', 'status'])
      .execute();
    return rows.map((r) => ({ channel: r.channel, status: r.status, n: Number(r.n) }));
  },
  async deleteOlder(trx: Trx, status: ChannelOutbox['status'], before: string): Promise<number> {
    const r = await trx
      .deleteFrom('channel_outbox')
      .where('status', '=', status)
      .where('created_at', '<', before)
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  },
  async deleteForReports(trx: Trx, reportIds: string[]): Promise<number> {
    if (reportIds.length === 0) return 0;
    const r = await trx.deleteFrom('channel_outbox').where('report_id', 'in', reportIds).executeTakeFirst();
    return Number(r.numDeletedRows);
  },
  async deleteForAddress(trx: Trx, channel: string, addressHash: string): Promise<number> {
    const r = await trx
      .deleteFrom('channel_outbox')
      .where('channel', '=', channel)
      .where('address_hash', '=', addressHash)
      .where('status', 'in', ['pending', 'failed'])
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  },
};
