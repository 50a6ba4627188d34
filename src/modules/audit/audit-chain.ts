import type { AuditEvent } from '../../db/schema.ts';
import { sha256Hex } from '../../shared/crypto.ts';

export const GENESIS_HASH = '0'.repeat(64);

/** The hash of an entry covers its content and the previous hash, so any edit or deletion breaks the chain. */
export function entryHash(e: Omit<AuditEvent, 'seq' | 'hash'>): string {
  const canonical = JSON.stringify([
    e.prev_hash,
    e.id,
    e.at,
    e.actor_id,
    e.actor_role,
    e.action,
    e.subject_type,
    e.subject_id,
    e.details,
  ]);
  return sha256Hex(canonical);
}
