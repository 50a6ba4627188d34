/**
 * The resident-facing public side of reports: the public list and map (public, non-sensitive reports
 * only, coarsened points, no reporter data) and "add to this report" from the "is this the same?"
 * offer. Kept apart from the intake and triage services; wired in `reports.services.ts`.
 */
import type { Database, Trx } from '../../db/database.ts';
import type { Report, ReportEvent } from '../../db/schema.ts';
import { NotFoundError, ValidationError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { authorize, type Actor } from '../../shared/policy.ts';
import { nowIso } from '../../shared/time.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { REFERENCE_PATTERN } from './receipts.ts';
import { REPORT } from './reports.policy.ts';
import { reportsRepository } from './reports.repository.ts';
import { residentReportsRepository, type PublicReportFilters } from './resident.repository.ts';
import { OPEN_STATUSES, STATUSES, type Status } from './reports.types.ts';

export const PUBLIC_PAGE_SIZE = 20;
const MAX_PAGE = 500;
const REFERENCE_RE = new RegExp(REFERENCE_PATTERN);

export interface PublicListInput {
  category?: string;
  /** Path of the area to filter on (the caller resolves the area code). */
  areaPath?: string;
  status?: 'open' | 'closed' | Status;
  page?: number;
  pageSize?: number;
}

export interface PublicListResult {
  items: Report[];
  total: number;
  page: number;
  pages: number;
}

export class ResidentReportsService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
  ) {}

  /** Public reports only (never sensitive, never held, never anything about who reported). */
  async listPublic(actor: Actor, input: PublicListInput = {}): Promise<PublicListResult> {
    authorize(actor, 'list-public', REPORT);
    const f: PublicReportFilters = {};
    if (input.category) f.category = input.category;
    if (input.areaPath) f.areaPath = input.areaPath;
    if (input.status === 'open') f.status = OPEN_STATUSES;
    else if (input.status === 'closed') f.status = STATUSES.filter((s) => !OPEN_STATUSES.includes(s));
    else if (input.status) {
      if (!(STATUSES as readonly string[]).includes(input.status))
        throw new ValidationError(`status must be open, closed or one of ${STATUSES.join(', ')}`, 'status');
      f.status = [input.status];
    }
    const size = Math.min(Math.max(input.pageSize ?? PUBLIC_PAGE_SIZE, 1), 500);
    const page = Math.min(Math.max(Math.trunc(input.page ?? 1), 1), MAX_PAGE);
    const [items, total] = await Promise.all([
      residentReportsRepository.listPublic(this.db.read, f, size, (page - 1) * size),
      residentReportsRepository.countPublic(this.db.read, f),
    ]);
    return { items, total, page, pages: Math.max(1, Math.ceil(total / size)) };
  }

  /**
   * One public report's own page: what the public list shows, with its public history. A reference
   * that is unknown, malformed or of a report that is not public gives the same not-found.
   */
  async getPublic(actor: Actor, reference: string): Promise<{ report: Report; events: ReportEvent[] }> {
    authorize(actor, 'list-public', REPORT);
    const report = REFERENCE_RE.test(reference)
      ? await residentReportsRepository.getPublicByReference(this.db.read, reference)
      : undefined;
    if (!report) throw new NotFoundError(REPORT);
    return { report, events: await residentReportsRepository.publicEvents(this.db.read, report.id) };
  }

  /**
   * Another resident adds what they know to an open public report they were offered as "the same".
   * Kept as an internal entry for the handling team: the original reporter's thread does not show it,
   * and the person adding is linked to nothing (no account, no contact).
   */
  async addToPublicReport(
    actor: Actor,
    input: {
      reference: string;
      category: string;
      text: string;
      /** For channel adapters: their own record of the addition, in the same transaction (only `trx`). */
      link?: (trx: Trx, added: { eventId: string; reportId: string }) => Promise<void>;
    },
  ): Promise<{ reference: string; eventId: string }> {
    authorize(actor, 'create', REPORT);
    const text = typeof input.text === 'string' ? input.text.trim() : '';
    if (!text) throw new ValidationError('text is required', 'text');
    if (text.length > 4000) throw new ValidationError('text must be at most 4000 characters', 'text');
    const ref = typeof input.reference === 'string' ? input.reference : '';
    const report = REFERENCE_RE.test(ref)
      ? await residentReportsRepository.getByReference(this.db.read, ref)
      : undefined;
    // Only what the offer could have shown: open, public, not sensitive, not held, same category.
    if (
      !report ||
      report.privacy !== 'public' ||
      report.sensitive !== 0 ||
      report.held_for_review !== 0 ||
      report.category_code !== input.category ||
      !OPEN_STATUSES.includes(report.status as Status)
    )
      throw new NotFoundError(REPORT);
    const eventId = newId();
    await this.db.write(async (trx) => {
      const now = nowIso();
      await reportsRepository.addEvent(trx, {
        id: eventId,
        report_id: report.id,
        kind: 'info',
        visibility: 'internal',
        from_status: null,
        to_status: null,
        reason: null,
        body: text,
        details: JSON.stringify({ from: 'another_resident' }),
        actor_person_id: null,
        created_at: now,
      });
      await this.audit.record(trx, {
        actor: null,
        role: 'anonymous',
        action: 'report.supporting_info',
        subjectType: REPORT,
        subjectId: report.id,
      });
      if (input.link) await input.link(trx, { eventId, reportId: report.id });
    });
    return { reference: report.reference, eventId };
  }
}
