/**
 * Exports of the lists staff see (the reports queue, the problems list) as CSV, XLSX or GeoJSON.
 * The list's own service authorizes, scopes and filters exactly as for its page, and reads every row
 * by keyset; the columns come from exports.presenter.ts (what the page shows that person). A small
 * export streams at once; a large one is a durable job that writes a file, shows its progress and
 * offers a link that only its owner may use, that expires (EXPORT_LINK_HOURS) and whose every use is
 * audited. Personal data never enters the job's payload or its error text: the payload is an id.
 */
import { finished } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/database.ts';
import type { InsightExport } from '../../db/schema.ts';
import { AppError, ConflictError, NotFoundError, ValidationError } from '../../shared/errors.ts';
import type { I18n, Locale } from '../../shared/i18n.ts';
import { isId, newId } from '../../shared/ids.ts';
import { authorize, type Actor } from '../../shared/policy.ts';
import { HOUR, isoIn, nowIso } from '../../shared/time.ts';
import { personRepository } from '../accounts/session.repository.ts';
import type { SessionService } from '../accounts/session.service.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { JobService } from '../jobs/job.service.ts';
import type { ProblemsService } from '../problems/problems.service.ts';
import type { ReportCategoriesService } from '../reports/categories.service.ts';
import type { QueueInput, ReportsService } from '../reports/reports.service.ts';
import type { StaffDeskService } from '../reports/staff-desk.service.ts';
import { OPEN_STATUSES, type Privacy } from '../reports/reports.types.ts';
import {
  CONTENT_TYPES,
  writeExport,
  type ExportFormat,
  type ExportTable,
} from './export-formats.presenter.ts';
import { problemColumns, problemRow, reportColumns, reportRow } from './exports.presenter.ts';
import { exportRepository } from './exports.repository.ts';
import type { ExportStore } from './exports.store.ts';
import { INSIGHT_EXPORT } from './insight.policy.ts';

export const EXPORT_JOB = 'insight.export';
export const EXPORT_EXPIRE_JOB = 'insight.exports.expire';
export const EXPORT_LISTS = ['reports', 'problems'] as const;
export type ExportList = (typeof EXPORT_LISTS)[number];
const MAX_ATTEMPTS = 3;
const BATCH = 1000;

/** The reports queue's filters exactly as its page reads them from the URL. */
export interface ReportListFilters {
  status?: string;
  category?: string;
  area?: string;
  privacy?: string;
  older_than_days?: string;
  assigned?: '' | 'me' | 'none' | 'any';
  held?: '' | '1';
  sort?: '' | 'newest' | 'oldest' | 'updated';
}
/** The problems list's filters exactly as its page reads them. */
export interface ProblemListFilters {
  status?: string;
  clusteringType?: string;
  area?: string;
  q?: string;
}
export type ListFilters = ReportListFilters & ProblemListFilters;

export interface ExportRequest {
  list: ExportList;
  format: ExportFormat;
  filters: ListFilters;
  locale: Locale;
}

export interface PreparedExport {
  table: ExportTable;
  /** Rows the export will hold when the list can count them (the reports queue can). */
  total: number | null;
  role: string;
  view: 'work' | 'analyst' | 'list';
}

const blank = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v);

/** The same mapping as the queue page (staff.routes.ts renderQueue). */
export function queueInput(f: ReportListFilters): QueueInput {
  return {
    status: f.status === 'open' ? [...OPEN_STATUSES] : f.status ? [f.status] : undefined,
    category: blank(f.category),
    area: blank(f.area),
    privacy: blank(f.privacy) as Privacy | undefined,
    olderThanDays: f.older_than_days ? Number(f.older_than_days) : undefined,
    assigned: f.assigned || undefined,
    held: f.held === '1',
    sort: f.sort || undefined,
  };
}

/** Only the filters a list knows, without empty ones (stored with the export, shown on its page). */
export function cleanFilters(list: ExportList, f: ListFilters): ListFilters {
  const keys =
    list === 'reports'
      ? ['status', 'category', 'area', 'privacy', 'older_than_days', 'assigned', 'held', 'sort']
      : ['status', 'clusteringType', 'area', 'q'];
  const out: Record<string, string> = {};
  for (const k of keys) {
    const v = (f as Record<string, string | undefined>)[k];
    if (v !== undefined && v !== '') out[k] = v;
  }
  return out as ListFilters;
}

export function exportFileName(list: ExportList, format: ExportFormat, at: string): string {
  return `ishenim-${list}-${at.slice(0, 10)}.${format}`;
}

export interface ExportServiceDeps {
  db: Database;
  config: Config;
  i18n: I18n;
  audit: AuditService;
  jobs: JobService;
  sessions: SessionService;
  reports: ReportsService;
  reportCategories: ReportCategoriesService;
  staffDesk: StaffDeskService;
  problems: ProblemsService;
  store: ExportStore;
}

export class ExportsService {
  constructor(private readonly d: ExportServiceDeps) {}

  /** The table an export of this list holds for this person: the list's service decides everything. */
  async prepare(actor: Actor, req: ExportRequest): Promise<PreparedExport> {
    authorize(actor, 'export', INSIGHT_EXPORT);
    const t = this.d.i18n.translator(req.locale);
    if (req.list === 'reports') {
      const q = await this.d.reports.queueExport(actor, queueInput(req.filters), BATCH);
      const [categories, areas] = await Promise.all([
        this.d.reportCategories.list(actor, {}),
        this.d.staffDesk.areaOptions(actor),
      ]);
      const ctx = {
        t,
        locale: req.locale,
        view: q.view,
        personId: actor.personId,
        categoryNames: new Map(categories.map((c) => [c.code, c.names as Record<string, string>])),
        areaNames: new Map(areas.map((a) => [a.code, a.name])),
      };
      const batches = q.batches;
      async function* rows() {
        for await (const batch of batches) yield batch.map((r) => reportRow(ctx, r));
      }
      return {
        table: { columns: reportColumns(ctx), batches: rows() },
        total: q.total,
        role: q.role,
        view: q.view,
      };
    }
    if (req.list === 'problems') {
      const f = req.filters;
      const p = await this.d.problems.listExport(
        actor,
        {
          status: blank(f.status),
          clusteringType: blank(f.clusteringType),
          areaCode: blank(f.area),
          q: blank(f.q),
        },
        BATCH,
      );
      const db = this.d.db.read;
      const columns = problemColumns({ t, centres: new Map() });
      const batches = p.batches;
      async function* rows() {
        for await (const batch of batches) {
          const centres = await exportRepository.areaCentres(db, [
            ...new Set(batch.map((b) => b.areaCodes[0]).filter((c): c is string => !!c)),
          ]);
          yield batch.map((b) => problemRow({ t, centres }, b));
        }
      }
      return { table: { columns, batches: rows() }, total: null, role: p.role, view: 'list' };
    }
    throw new ValidationError('list must be reports or problems', 'list');
  }

  /**
   * A small export to send at once: authorized, counted and audited now; the returned `write` then
   * streams it into the response. Refused with 409 when the list holds more rows than
   * EXPORT_INLINE_MAX_ROWS, or cannot count them: those go through `request` (a job).
   */
  async startNow(actor: Actor, req: ExportRequest): Promise<{ write: (out: Writable) => Promise<number> }> {
    const prepared = await this.prepare(actor, req);
    if (prepared.total === null || prepared.total > this.d.config.exportInlineMaxRows)
      throw new ConflictError('this export is too large to download at once: prepare it as a file', 'format');
    await this.d.db.write((trx) =>
      this.d.audit.record(trx, {
        actor,
        role: prepared.role,
        action: 'insight.export.download',
        subjectType: INSIGHT_EXPORT,
        details: {
          list: req.list,
          format: req.format,
          view: prepared.view,
          rows: prepared.total,
          inline: true,
          filters: { ...cleanFilters(req.list, req.filters) },
        },
      }),
    );
    return {
      write: async (out) => {
        const n = await writeExport(req.format, prepared.table, out);
        if (!out.writableEnded) out.end();
        return n;
      },
    };
  }

  /** How many rows the export will hold, if the list can say, and whether it may stream at once. */
  async estimate(
    actor: Actor,
    req: ExportRequest,
  ): Promise<{ total: number | null; inline: boolean; columns: string[] }> {
    const p = await this.prepare(actor, req);
    return {
      total: p.total,
      inline: p.total !== null && p.total <= this.d.config.exportInlineMaxRows,
      columns: p.table.columns.map((c) => c.label),
    };
  }

  /** Books an export as a durable job (in the same transaction as its row and the audit entry). */
  async request(actor: Actor, req: ExportRequest): Promise<string> {
    const prepared = await this.prepare(actor, req); // authorizes and validates the filters now
    if (!actor.personId) throw new NotFoundError(INSIGHT_EXPORT);
    const id = newId();
    const now = nowIso();
    const filters = cleanFilters(req.list, req.filters);
    await this.d.db.write(async (trx) => {
      await exportRepository.create(trx, {
        id,
        person_id: actor.personId!,
        list: req.list,
        format: req.format,
        locale: req.locale,
        filters: JSON.stringify(filters),
        status: 'pending',
        rows_total: prepared.total,
        created_at: now,
        updated_at: now,
        finished_at: null,
        expires_at: null,
        file_bytes: null,
        error: null,
      });
      await this.d.jobs.enqueue(trx, EXPORT_JOB, { exportId: id }, { maxAttempts: MAX_ATTEMPTS });
      await this.d.audit.record(trx, {
        actor,
        role: prepared.role,
        action: 'insight.export.request',
        subjectType: INSIGHT_EXPORT,
        subjectId: id,
        details: {
          list: req.list,
          format: req.format,
          view: prepared.view,
          rows: prepared.total,
          filters: { ...filters },
        },
      });
    });
    return id;
  }

  async get(actor: Actor, id: string): Promise<InsightExport> {
    authorize(actor, 'export', INSIGHT_EXPORT);
    if (!isId(id)) throw new NotFoundError(INSIGHT_EXPORT);
    const row = await exportRepository.getById(this.d.db.read, id);
    if (!row) throw new NotFoundError(INSIGHT_EXPORT);
    authorize(actor, 'read', INSIGHT_EXPORT, { personId: row.person_id });
    return row;
  }

  async listMine(actor: Actor): Promise<InsightExport[]> {
    authorize(actor, 'export', INSIGHT_EXPORT);
    if (!actor.personId) return [];
    return exportRepository.listByPerson(this.d.db.read, actor.personId, 50);
  }

  /** The file behind a ready link: its owner only, before it expires; every use is audited. */
  async download(actor: Actor, id: string) {
    authorize(actor, 'export', INSIGHT_EXPORT);
    if (!isId(id)) throw new NotFoundError(INSIGHT_EXPORT);
    return this.d.db.write(async (trx) => {
      const row = await exportRepository.getById(trx, id);
      if (!row) throw new NotFoundError(INSIGHT_EXPORT);
      const role = authorize(actor, 'download', INSIGHT_EXPORT, { personId: row.person_id });
      if (row.status === 'expired' || (row.expires_at !== null && row.expires_at <= nowIso()))
        throw new AppError(410, 'expired', 'this download link has expired: prepare the export again');
      if (row.status !== 'done' || !this.d.store.exists(id))
        throw new ConflictError('this export is not ready yet');
      await exportRepository.countDownload(trx, id);
      await this.d.audit.record(trx, {
        actor,
        role,
        action: 'insight.export.download',
        subjectType: INSIGHT_EXPORT,
        subjectId: id,
        details: { list: row.list, format: row.format, rows: row.rows_written },
      });
      return {
        stream: this.d.store.read(id),
        contentType: CONTENT_TYPES[row.format],
        fileName: exportFileName(row.list, row.format, row.created_at),
      };
    });
  }

  /** The job: writes the file as the person who asked, with their grants as they are now. */
  async run(exportId: string, attempt: number): Promise<void> {
    const row = await exportRepository.getById(this.d.db.read, exportId);
    if (!row || (row.status !== 'pending' && row.status !== 'running')) return;
    const started = await this.d.db.write((trx) =>
      exportRepository.move(trx, exportId, ['pending', 'running'], {
        status: 'running',
        rows_written: 0,
        updated_at: nowIso(),
      }),
    );
    if (!started) return;
    const fail = (error: string) =>
      this.d.db.write((trx) =>
        exportRepository.move(trx, exportId, ['running'], {
          status: 'failed',
          error,
          updated_at: nowIso(),
          finished_at: nowIso(),
        }),
      );
    const person = await personRepository.getById(this.d.db.read, row.person_id);
    if (!person || person.disabled_at) {
      await fail('the person who asked for this export can no longer sign in');
      return;
    }
    const actor = await this.d.sessions.actorFor(person, 'session');
    let prepared: PreparedExport;
    try {
      prepared = await this.prepare(actor, {
        list: row.list,
        format: row.format,
        filters: JSON.parse(row.filters) as ListFilters,
        locale: row.locale as Locale,
      });
    } catch (err) {
      // Grants changed since: the list is no longer theirs to export. Not worth a retry.
      if (err instanceof AppError && err.statusCode < 500) {
        await fail(err.statusCode === 404 ? 'this list is no longer yours to export' : err.message);
        return;
      }
      throw err;
    }
    const out = this.d.store.openPartial(exportId);
    try {
      const rows = await writeExport(row.format, prepared.table, out, {
        progress: (n) => this.d.db.write((trx) => exportRepository.progress(trx, exportId, n, nowIso())),
      });
      if (!out.writableEnded) out.end();
      await finished(out);
      const bytes = this.d.store.complete(exportId);
      const now = nowIso();
      await this.d.db.write((trx) =>
        exportRepository.move(trx, exportId, ['running'], {
          status: 'done',
          rows_written: rows,
          rows_total: rows,
          file_bytes: bytes,
          updated_at: now,
          finished_at: now,
          expires_at: isoIn(this.d.config.exportLinkHours * HOUR),
        }),
      );
    } catch (err) {
      out.destroy();
      this.d.store.remove(exportId);
      if (attempt >= MAX_ATTEMPTS) await fail('the export could not be written');
      else
        await this.d.db.write((trx) =>
          exportRepository.move(trx, exportId, ['running'], { status: 'pending', updated_at: nowIso() }),
        );
      throw err;
    }
  }

  /** Deletes the files of expired links (the rows stay, marked expired, as the record of what was made). */
  async expire(): Promise<number> {
    let n = 0;
    for (;;) {
      const due = await exportRepository.expiredBefore(this.d.db.read, nowIso(), 200);
      for (const row of due) {
        this.d.store.remove(row.id);
        await this.d.db.write((trx) =>
          exportRepository.move(trx, row.id, ['done'], { status: 'expired', updated_at: nowIso() }),
        );
        n++;
      }
      if (due.length < 200) return n;
    }
  }

  async registerJobs(jobs: JobService, log?: { info: (obj: object, msg: string) => void }): Promise<void> {
    if (!jobs.handlerFor(EXPORT_JOB))
      jobs.register(EXPORT_JOB, async (payload, ctx) => {
        const id = (payload as { exportId?: unknown } | null)?.exportId;
        if (typeof id === 'string' && isId(id)) await this.run(id, ctx.attempt);
      });
    if (!jobs.handlerFor(EXPORT_EXPIRE_JOB))
      jobs.register(EXPORT_EXPIRE_JOB, async () => {
        const expired = await this.expire();
        log?.info({ job: EXPORT_EXPIRE_JOB, expired }, 'export links expired');
      });
    await jobs.every(EXPORT_EXPIRE_JOB, HOUR);
  }
}
