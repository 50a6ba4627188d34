/**
 * Walks the hash chain in `seq` order and says whether it is intact. Serial gaps are fine
 * (PostgreSQL burns sequence values on rollback); what matters is that each entry's stored hash is
 * its recomputed hash and that it links to the entry before it, and that the head names the last one.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { GENESIS_HASH, entryHash } from './audit-chain.ts';
import { auditRepository } from './audit.repository.ts';

export type BrokenReason = 'hash_mismatch' | 'prev_hash_mismatch' | 'head_mismatch';

export type VerifyResult =
  | { ok: true; entries: number }
  | {
      ok: false;
      entries: number;
      /** The first entry that fails; for a deleted tail, the seq the head names (its id is gone). */
      firstBroken: { seq: number; id: string | null; reason: BrokenReason };
    };

const PAGE = 500;

export async function verifyChain(db: Kysely<DB>): Promise<VerifyResult> {
  // Read the head first: every entry up to it is committed (appends serialise on the head lock),
  // and entries appended while we walk are simply not part of this check.
  const head = await auditRepository.head(db);
  let prev = { seq: 0, hash: GENESIS_HASH };
  let entries = 0;
  for (;;) {
    const page = await auditRepository.pageAfter(db, prev.seq, PAGE, head.seq);
    for (const e of page) {
      entries++;
      const seq = Number(e.seq);
      if (entryHash(e) !== e.hash)
        return { ok: false, entries, firstBroken: { seq, id: e.id, reason: 'hash_mismatch' } };
      if (e.prev_hash !== prev.hash)
        return { ok: false, entries, firstBroken: { seq, id: e.id, reason: 'prev_hash_mismatch' } };
      prev = { seq, hash: e.hash };
    }
    if (page.length < PAGE) break;
  }
  if (prev.seq !== head.seq || prev.hash !== head.hash)
    return { ok: false, entries, firstBroken: { seq: head.seq, id: null, reason: 'head_mismatch' } };
  return { ok: true, entries };
}
