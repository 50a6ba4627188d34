/**
 * The append-only, hash-chained audit trail. `record` runs inside the caller's transaction, so an
 * action and its audit entry commit together or not at all.
 */
import type { Database, Trx } from '../../db/database.ts';
import { newId } from '../../shared/ids.ts';
import type { Actor } from '../../shared/policy.ts';
import { nowIso } from '../../shared/time.ts';
import { entryHash } from './audit-chain.ts';
import { auditRepository } from './audit.repository.ts';

export interface AuditInput {
  actor: Actor | null;
  /** The role under which the action was allowed (what `authorize` returned). */
  role?: string | null;
  action: string;
  subjectType: string;
  subjectId?: string | null;
  /** Small, non-personal context: field names changed, counts, reasons. Never resident personal data. */
  details?: Record<string, unknown>;
}

export class AuditService {
  constructor(private readonly db: Database) {}

  async record(trx: Trx, input: AuditInput): Promise<void> {
    const head = await auditRepository.lockHead(trx, this.db.dialect);
    const base = {
      id: newId(),
      at: nowIso(),
      actor_id: input.actor?.personId ?? null,
      actor_role: input.role ?? (input.actor ? input.actor.kind : 'system'),
      action: input.action,
      subject_type: input.subjectType,
      subject_id: input.subjectId ?? null,
      details: JSON.stringify(input.details ?? {}),
      prev_hash: head.hash,
    };
    const hash = entryHash(base);
    const seq = await auditRepository.insert(trx, { ...base, hash });
    await auditRepository.setHead(trx, seq, hash);
  }
}
