import type { AuditEvent } from '../../db/schema.ts';
import type { AuditEntry } from './audit.schemas.ts';

/** Lists every field that leaves the service: nothing else of the row is shown. */
export function presentAuditEntry(e: AuditEvent): AuditEntry {
  return {
    seq: Number(e.seq),
    id: e.id,
    at: e.at,
    actorId: e.actor_id,
    actorRole: e.actor_role,
    action: e.action,
    subjectType: e.subject_type,
    subjectId: e.subject_id,
    details: e.details,
  };
}
