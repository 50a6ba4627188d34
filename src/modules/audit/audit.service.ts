/**
 * The append-only, hash-chained audit trail. `record` runs inside the caller's transaction, so an
 * action and its audit entry commit together or not at all.
 */
import { beforeCommit, type Database, type Trx } from '../../db/database.ts';
import type { AuditEvent } from '../../db/schema.ts';
import { ValidationError } from '../../shared/errors.ts';
import { isId, newId } from '../../shared/ids.ts';
import { authorize, type Actor } from '../../shared/policy.ts';
import { DAY, nowIso } from '../../shared/time.ts';
import { entryHash } from './audit-chain.ts';
import { AUDIT_SUBJECT } from './audit.policy.ts';
import { auditRepository, type AuditSearchFilters } from './audit.repository.ts';
import { verifyChain, type VerifyResult } from './audit-verify.ts';

/** Filters as a person types them: empty strings mean "any". Dates are YYYY-MM-DD (UTC), inclusive. */
export interface AuditSearchInput {
  actor?: string;
  action?: string;
  subjectType?: string;
  subjectId?: string;
  from?: string;
  to?: string;
  before?: number;
  limit?: number;
}

export interface AuditPage {
  items: AuditEvent[];
  /** Pass as `before` for the next (older) page; null when this is the last page. */
  nextBefore: number | null;
}

export const RANGE_MESSAGE = 'from must not be after to';
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

function dayStartMs(value: string, field: string): number {
  const ms = DATE_RE.test(value) ? Date.parse(`${value}T00:00:00Z`) : NaN;
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== value)
    throw new ValidationError(`${field} must be a date like 2026-11-28`, field);
  return ms;
}

function blankToUndefined(v: string | undefined): string | undefined {
  const t = v?.trim();
  return t ? t : undefined;
}

/** Turns typed filters into repository filters, refusing what cannot be right. */
export function parseAuditFilters(input: AuditSearchInput): AuditSearchFilters {
  const f: AuditSearchFilters = {};
  const actor = blankToUndefined(input.actor);
  if (actor !== undefined) {
    if (!isId(actor)) throw new ValidationError('actor must be a person id', 'actor');
    f.actorId = actor;
  }
  f.action = blankToUndefined(input.action);
  f.subjectType = blankToUndefined(input.subjectType);
  f.subjectId = blankToUndefined(input.subjectId);
  const from = blankToUndefined(input.from);
  const to = blankToUndefined(input.to);
  const fromMs = from !== undefined ? dayStartMs(from, 'from') : undefined;
  const toMs = to !== undefined ? dayStartMs(to, 'to') + DAY : undefined;
  if (fromMs !== undefined && toMs !== undefined && fromMs >= toMs)
    throw new ValidationError(RANGE_MESSAGE, 'from');
  if (fromMs !== undefined) f.fromIso = new Date(fromMs).toISOString();
  if (toMs !== undefined) f.toIso = new Date(toMs).toISOString();
  if (input.before !== undefined) f.beforeSeq = input.before;
  return f;
}

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

/**
 * The chain head as each open transaction last left it (see `record`). Module-wide, not per service
 * instance, so two AuditService objects appending in one transaction still share one head.
 */
const heads = new WeakMap<Trx, { seq: number; hash: string }>();

export class AuditService {
  constructor(private readonly db: Database) {}

  /**
   * Appends one entry. The head row is read (and on PostgreSQL locked) once per transaction and kept
   * here until the transaction ends; it is written back once, just before the commit, when the
   * transaction came from `Database.write` (otherwise after every entry). Within a transaction the
   * head cannot move under us: PostgreSQL holds the row lock, SQLite has one writer per file.
   */
  async record(trx: Trx, input: AuditInput): Promise<void> {
    let head = heads.get(trx);
    if (!head) {
      head = await auditRepository.lockHead(trx, this.db.dialect);
      heads.set(trx, head);
    }
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
    head.seq = seq;
    head.hash = hash;
    const current = head;
    const deferred = beforeCommit(trx, 'audit-head', () =>
      auditRepository.setHead(trx, current.seq, current.hash),
    );
    if (!deferred) await auditRepository.setHead(trx, seq, hash);
  }

  /** Browse the trail (admin, oversight). The read itself is recorded: who watched the watchers. */
  async search(actor: Actor, input: AuditSearchInput): Promise<AuditPage> {
    const role = authorize(actor, 'read', AUDIT_SUBJECT);
    const filters = parseAuditFilters(input);
    const limit = Math.min(Math.max(input.limit ?? 50, 1), 200);
    return this.db.write(async (trx) => {
      const rows = await auditRepository.search(trx, filters, limit + 1);
      const items = rows.slice(0, limit);
      await this.record(trx, {
        actor,
        role,
        action: 'audit.read',
        subjectType: AUDIT_SUBJECT,
        details: { filters: { ...filters }, count: items.length },
      });
      return { items, nextBefore: rows.length > limit ? Number(items[items.length - 1]!.seq) : null };
    });
  }

  /** Checks the whole chain; recorded like any other read of the trail. */
  async verify(actor: Actor): Promise<VerifyResult> {
    const role = authorize(actor, 'verify', AUDIT_SUBJECT);
    const result = await verifyChain(this.db.read);
    await this.db.write((trx) =>
      this.record(trx, {
        actor,
        role,
        action: 'audit.verify',
        subjectType: AUDIT_SUBJECT,
        details: { ok: result.ok, entries: result.entries },
      }),
    );
    return result;
  }
}
