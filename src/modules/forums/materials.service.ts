/**
 * Materials attached to trainings/workshops and to meetings. Access follows the owner: whoever may
 * read the event or meeting sees and downloads its files; whoever manages it adds and removes them.
 * A meeting's file marked public is also listed on the public page of a public meeting.
 * Every upload and removal is audited in the same transaction as the change.
 */
import type { Database } from '../../db/database.ts';
import type { ForumMaterial } from '../../db/schema.ts';
import { NotFoundError, UnauthenticatedError, ValidationError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { can, type Actor } from '../../shared/policy.ts';
import { nowIso } from '../../shared/time.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { ForumsService } from './forums.service.ts';
import { MEETING, TRAINING, type MeetingResource } from './forums.policy.ts';
import { materialRepository } from './materials.repository.ts';
import type { MaterialStore } from './materials.store.ts';
import type { TrainingsService } from './trainings.service.ts';
import { oneOf, optionalText } from './forums.validate.ts';

export const MATERIAL_OWNERS = ['training_event', 'meeting'] as const;
export type MaterialOwner = (typeof MATERIAL_OWNERS)[number];
/** At most this many files per event or meeting. */
export const MAX_MATERIALS = 50;

export function presentMaterial(m: ForumMaterial) {
  return {
    id: m.id,
    title: m.title,
    fileName: m.file_name,
    mime: m.mime,
    bytes: m.bytes,
    isPublic: m.is_public === 1,
    createdAt: m.created_at,
  };
}
export type MaterialView = ReturnType<typeof presentMaterial>;

export interface MaterialFile {
  data: Buffer;
  mime: string;
  fileName: string;
  /** Pictures (re-encoded by us) may be shown inline; documents are downloads only. */
  inline: boolean;
}

export class MaterialsService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    private readonly store: MaterialStore,
    private readonly forums: ForumsService,
    private readonly trainings: TrainingsService,
  ) {}

  /** The owner if the actor may `action` it (404 otherwise), with what a public file needs. */
  private async owner(actor: Actor, kind: MaterialOwner, id: string, action: 'read' | 'manage') {
    if (kind === 'meeting') {
      const { meeting, role } = await this.forums.accessMeeting(actor, action, id);
      return { role, subject: MEETING, publicAllowed: meeting.visibility === 'public' };
    }
    const { role } = await this.trainings.access(actor, action, id);
    return { role, subject: TRAINING, publicAllowed: false };
  }

  async list(actor: Actor, input: { ownerKind: MaterialOwner; ownerId: string }): Promise<MaterialView[]> {
    await this.owner(actor, input.ownerKind, input.ownerId, 'read');
    return this.rows(input.ownerKind, input.ownerId, false);
  }

  private async rows(kind: MaterialOwner, id: string, onlyPublic: boolean): Promise<MaterialView[]> {
    const rows = await materialRepository.ofOwner(this.db.read, kind, id, onlyPublic);
    return rows.map(presentMaterial);
  }

  /** Files of a public meeting that its secretary marked public (the meeting must be public). */
  async publicList(actor: Actor, input: { meetingId: string }): Promise<MaterialView[]> {
    const m = await materialRepository.meetingVisibility(this.db.read, input.meetingId);
    if (!m || !can(actor, 'read_public', MEETING, { visibility: m.visibility } as MeetingResource)) return [];
    return this.rows('meeting', m.id, true);
  }

  async upload(
    actor: Actor,
    input: {
      ownerKind: MaterialOwner;
      ownerId: string;
      title?: string | null;
      fileName: string;
      data: Buffer;
      isPublic?: boolean;
    },
  ): Promise<MaterialView> {
    const kind = oneOf(input.ownerKind, MATERIAL_OWNERS, 'ownerKind');
    const o = await this.owner(actor, kind, input.ownerId, 'manage');
    const isPublic = !!input.isPublic;
    if (isPublic && !o.publicAllowed)
      throw new ValidationError('only files of a public meeting can be public', 'isPublic');
    const titleIn = optionalText(input.title, 'title', 200);
    const processed = await this.store.process(input.data, input.fileName, 'file');
    const key = await this.store.save(processed.data);
    const row: ForumMaterial = {
      id: newId(),
      owner_kind: kind,
      owner_id: input.ownerId,
      title: titleIn ?? processed.fileName.replace(/\.[a-z]+$/, ''),
      file_name: processed.fileName,
      mime: processed.mime,
      bytes: processed.data.length,
      storage_key: key,
      is_public: isPublic ? 1 : 0,
      created_by: actor.personId,
      created_at: nowIso(),
    };
    try {
      await this.db.write(async (trx) => {
        if ((await materialRepository.countOfOwner(trx, kind, input.ownerId)) >= MAX_MATERIALS)
          throw new ValidationError(`at most ${MAX_MATERIALS} files can be attached`, 'file');
        await materialRepository.add(trx, row);
        await this.audit.record(trx, {
          actor,
          role: o.role,
          action: 'material.add',
          subjectType: o.subject,
          subjectId: input.ownerId,
          details: { materialId: row.id, mime: row.mime, bytes: row.bytes, isPublic },
        });
      });
    } catch (err) {
      await this.store.remove(key);
      throw err;
    }
    return presentMaterial(row);
  }

  private async get(id: string): Promise<ForumMaterial> {
    const m = await materialRepository.byId(this.db.read, id);
    if (!m) throw new NotFoundError('material');
    return m;
  }

  /** The file, for whoever may read its owner, or for anyone when it is public on a public meeting. */
  async download(actor: Actor, input: { id: string }): Promise<MaterialFile> {
    const m = await this.get(input.id);
    let allowed = false;
    if (m.is_public === 1 && m.owner_kind === 'meeting') {
      const meeting = await materialRepository.meetingVisibility(this.db.read, m.owner_id);
      allowed =
        !!meeting &&
        !!can(actor, 'read_public', MEETING, { visibility: meeting.visibility } as MeetingResource);
    }
    if (!allowed) {
      if (actor.kind === 'anonymous') throw new NotFoundError('material');
      await this.owner(actor, m.owner_kind, m.owner_id, 'read');
    }
    let data: Buffer;
    try {
      data = await this.store.read(m.storage_key);
    } catch {
      throw new NotFoundError('material');
    }
    return { data, mime: m.mime, fileName: m.file_name, inline: m.mime.startsWith('image/') };
  }

  async remove(actor: Actor, input: { id: string }): Promise<{ ownerKind: MaterialOwner; ownerId: string }> {
    // Before the lookup: an anonymous caller gets 401 whether or not the file exists.
    if (actor.kind === 'anonymous') throw new UnauthenticatedError();
    const m = await this.get(input.id);
    const o = await this.owner(actor, m.owner_kind, m.owner_id, 'manage');
    await this.db.write(async (trx) => {
      await materialRepository.remove(trx, m.id);
      await this.audit.record(trx, {
        actor,
        role: o.role,
        action: 'material.remove',
        subjectType: o.subject,
        subjectId: m.owner_id,
        details: { materialId: m.id },
      });
    });
    await this.store.remove(m.storage_key);
    return { ownerKind: m.owner_kind, ownerId: m.owner_id };
  }
}
