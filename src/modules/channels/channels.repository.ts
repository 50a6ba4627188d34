/** Kysely queries of the channels module: settings, conversations, inbound de-duplication, threads. */
import type { Kysely } from 'kysely';
import type { Database, Trx } from '../../db/database.ts';
import type { ChannelSetting, ChannelThread, Conversation, ConversationTable, DB } from '../../db/schema.ts';
import type { Insertable } from 'kysely';

type Q = Kysely<DB> | Trx;

export const channelsRepository = {
  // --- settings -----------------------------------------------------------------------------------
  async listSettings(db: Q, channel: string): Promise<ChannelSetting[]> {
    return db.selectFrom('channel_setting').selectAll().where('channel', '=', channel).execute();
  },
  async upsertSetting(trx: Trx, row: ChannelSetting): Promise<void> {
    await trx
      .insertInto('channel_setting')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['channel', 'key']).doUpdateSet({
          value: row.value,
          secret: row.secret,
          updated_by_person_id: row.updated_by_person_id,
          updated_at: row.updated_at,
        }),
      )
      .execute();
  },
  async deleteSetting(trx: Trx, channel: string, key: string): Promise<number> {
    const r = await trx
      .deleteFrom('channel_setting')
      .where('channel', '=', channel)
      .where('key', '=', key)
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  },

  // --- inbound de-duplication ---------------------------------------------------------------------
  async seen(db: Q, channel: string, messageHash: string): Promise<boolean> {
    const r = await db
      .selectFrom('channel_inbound')
      .select('message_hash')
      .where('channel', '=', channel)
      .where('message_hash', '=', messageHash)
      .executeTakeFirst();
    return !!r;
  },
  /** Inserts the marker; false when it was already there (a replay). */
  async markSeen(trx: Trx, channel: string, messageHash: string, at: string): Promise<boolean> {
    const r = await trx
      .insertInto('channel_inbound')
      .values({ channel, message_hash: messageHash, created_at: at })
      .onConflict((oc) => oc.columns(['channel', 'message_hash']).doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  },
  async unmarkSeen(trx: Trx, channel: string, messageHash: string): Promise<void> {
    await trx
      .deleteFrom('channel_inbound')
      .where('channel', '=', channel)
      .where('message_hash', '=', messageHash)
      .execute();
  },
  async deleteSeenBefore(trx: Trx, before: string): Promise<number> {
    const r = await trx.deleteFrom('channel_inbound').where('created_at', '<', before).executeTakeFirst();
    return Number(r.numDeletedRows);
  },

  // --- conversations ------------------------------------------------------------------------------
  async getConversation(db: Q, channel: string, addressHash: string): Promise<Conversation | undefined> {
    return db
      .selectFrom('conversation')
      .selectAll()
      .where('channel', '=', channel)
      .where('address_hash', '=', addressHash)
      .executeTakeFirst();
  },
  async createConversation(trx: Trx, row: Insertable<ConversationTable>): Promise<boolean> {
    const r = await trx
      .insertInto('conversation')
      .values(row)
      .onConflict((oc) => oc.columns(['channel', 'address_hash']).doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  },
  /** Optimistic update: only if nobody changed the row since `expectUpdatedAt`. */
  async updateConversation(
    trx: Trx,
    id: string,
    expectUpdatedAt: string,
    changes: Partial<Conversation>,
  ): Promise<boolean> {
    const r = await trx
      .updateTable('conversation')
      .set(changes)
      .where('id', '=', id)
      .where('updated_at', '=', expectUpdatedAt)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  },
  async deleteConversation(trx: Trx, id: string): Promise<void> {
    await trx.deleteFrom('conversation').where('id', '=', id).execute();
  },
  async expiredConversations(db: Q, before: string, limit: number): Promise<Conversation[]> {
    return db
      .selectFrom('conversation')
      .selectAll()
      .where('expires_at', '<', before)
      .orderBy('expires_at')
      .limit(limit)
      .execute();
  },

  // --- threads ------------------------------------------------------------------------------------
  async createThread(trx: Trx, row: ChannelThread): Promise<void> {
    await trx.insertInto('channel_thread').values(row).execute();
  },
  async threadsOf(
    db: Q,
    channel: string,
    addressHash: string,
  ): Promise<Array<{ report_id: string; reference: string; status: string; created_at: string }>> {
    return db
      .selectFrom('channel_thread')
      .innerJoin('report', 'report.id', 'channel_thread.report_id')
      .select(['report.id as report_id', 'report.reference', 'report.status', 'report.created_at'])
      .where('channel_thread.channel', '=', channel)
      .where('channel_thread.address_hash', '=', addressHash)
      .where('report.personal_data_deleted_at', 'is', null)
      .orderBy('report.created_at', 'desc')
      .limit(20)
      .execute();
  },
  async deleteThreadsOf(trx: Trx, channel: string, addressHash: string): Promise<number> {
    const r = await trx
      .deleteFrom('channel_thread')
      .where('channel', '=', channel)
      .where('address_hash', '=', addressHash)
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  },
  /**
   * Thread entries the reporter should hear about (status changes, public updates, team messages)
   * that the thread has not passed on yet, oldest first.
   */
  async pendingNotifications(db: Q, upTo: string, limit: number) {
    return db
      .selectFrom('channel_thread')
      .innerJoin('report', 'report.id', 'channel_thread.report_id')
      .innerJoin('report_event', 'report_event.report_id', 'channel_thread.report_id')
      .select([
        'channel_thread.id as thread_id',
        'channel_thread.channel',
        'channel_thread.address',
        'channel_thread.address_hash',
        'channel_thread.locale',
        'channel_thread.feedback_asked_at',
        'report.id as report_id',
        'report.reference',
        'report.status as report_status',
        'report_event.id as event_id',
        'report_event.kind',
        'report_event.to_status',
        'report_event.body',
      ])
      .where((eb) =>
        eb.or([
          eb('channel_thread.last_event_id', 'is', null),
          eb('report_event.id', '>', eb.ref('channel_thread.last_event_id')),
        ]),
      )
      .where('report_event.kind', 'in', ['status', 'public_update', 'message_out'])
      .where('report_event.visibility', 'in', ['public', 'reporter'])
      .where('report_event.created_at', '<=', upTo)
      .where('report.personal_data_deleted_at', 'is', null)
      .orderBy('report_event.id')
      .limit(limit)
      .execute();
  },
  async advanceThread(
    trx: Trx,
    threadId: string,
    changes: { last_event_id: string; feedback_asked_at?: string; updated_at: string },
  ): Promise<void> {
    await trx.updateTable('channel_thread').set(changes).where('id', '=', threadId).execute();
  },
  /** Threads whose report's personal data has been deleted by the reports retention job. */
  async expiredThreads(db: Q, limit: number): Promise<Array<{ id: string; report_id: string }>> {
    return db
      .selectFrom('channel_thread')
      .innerJoin('report', 'report.id', 'channel_thread.report_id')
      .select(['channel_thread.id', 'channel_thread.report_id'])
      .where('report.personal_data_deleted_at', 'is not', null)
      .limit(limit)
      .execute();
  },
  async deleteThreads(trx: Trx, ids: string[]): Promise<number> {
    if (ids.length === 0) return 0;
    const r = await trx.deleteFrom('channel_thread').where('id', 'in', ids).executeTakeFirst();
    return Number(r.numDeletedRows);
  },
};

export type ChannelsRead = Database['read'];
