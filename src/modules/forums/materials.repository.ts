/** Kysely queries for files attached to meetings, forums and trainings; nothing else. */
import type { Kysely } from 'kysely';
import type { Trx } from '../../db/database.ts';
import type { DB, ForumMaterial } from '../../db/schema.ts';

type Q = Kysely<DB> | Trx;

export const materialRepository = {
  async byId(db: Q, id: string): Promise<ForumMaterial | undefined> {
    return db.selectFrom('forum_material').selectAll().where('id', '=', id).executeTakeFirst();
  },
  /** An owner's files in the order they were added; public ones only when asked. */
  async ofOwner(db: Q, kind: ForumMaterial['owner_kind'], ownerId: string, onlyPublic: boolean) {
    let q = db
      .selectFrom('forum_material')
      .selectAll()
      .where('owner_kind', '=', kind)
      .where('owner_id', '=', ownerId);
    if (onlyPublic) q = q.where('is_public', '=', 1);
    return q.orderBy('created_at').orderBy('id').execute();
  },
  async countOfOwner(db: Q, kind: ForumMaterial['owner_kind'], ownerId: string): Promise<number> {
    const r = await db
      .selectFrom('forum_material')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('owner_kind', '=', kind)
      .where('owner_id', '=', ownerId)
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  },
  async add(db: Q, row: ForumMaterial): Promise<void> {
    await db.insertInto('forum_material').values(row).execute();
  },
  async remove(db: Q, id: string): Promise<void> {
    await db.deleteFrom('forum_material').where('id', '=', id).execute();
  },
  /** A meeting's visibility, which decides whether its public files are anyone's to read. */
  async meetingVisibility(db: Q, meetingId: string) {
    return db
      .selectFrom('meeting')
      .select(['id', 'visibility'])
      .where('id', '=', meetingId)
      .executeTakeFirst();
  },
};
