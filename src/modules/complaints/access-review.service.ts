/**
 * The access review: who read which personal data when, from the audit trail, with anomalies
 * flagged for an oversight body to look into — reads outside working hours (local time of the
 * deployment), reads outside the reader's usual area (their jurisdiction, or the district most of
 * their reads fall in), and bulk reads above a threshold (per reader and hour, or one list read
 * showing more rows than the threshold). Flags ask a question; they prove nothing by themselves.
 */
import type { Config } from '../../config.ts';
import type { Database } from '../../db/database.ts';
import { ValidationError } from '../../shared/errors.ts';
import { authorize, type Actor } from '../../shared/policy.ts';
import { localDay, wallTimeToUtc, zoneOffsetMinutes } from '../../shared/time-format.ts';
import { DAY, HOUR, clock } from '../../shared/time.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { ACCESS_REVIEW } from './complaints.policy.ts';
import { accessReviewRepository } from './access-review.repository.ts';

/** Audit actions that read personal data (report, complaint, people, participants). */
export const PERSONAL_READS = [
  'report.read',
  'report.identity.view',
  'report.photo.read',
  'report.queue.read',
  'complaint.read',
  'complaint.identity.view',
  'complaint.photo.read',
  'complaint.queue.read',
  'person.read_contact',
  'organisation.contacts.read',
  'training.participants.read',
  'training.export',
] as const;
/** Every read of a referral counts, whatever its exact action name. */
const READ_PREFIXES = ['referral.%read%', 'referral.%view%', 'referral.%export%'];

export const ANOMALIES = ['outside_hours', 'outside_area', 'bulk'] as const;
export type Anomaly = (typeof ANOMALIES)[number];

export interface AccessReviewInput {
  /** Local calendar days, inclusive; default: the last 7 days. */
  from?: string;
  to?: string;
  /** Working hours, local (0–24); default 8 to 19, Monday to Friday. */
  workStart?: number;
  workEnd?: number;
  /** Reads per reader per hour (or rows in one list read) above which reads are "bulk"; default 30. */
  bulkThreshold?: number;
  onlyAnomalies?: boolean;
}

export interface AccessRow {
  at: string;
  readerId: string;
  readerName: string;
  role: string | null;
  action: string;
  subjectType: string;
  subjectId: string | null;
  areaPath: string | null;
  rows: number | null;
  flags: Anomaly[];
}

export interface AccessReview {
  from: string;
  to: string;
  workStart: number;
  workEnd: number;
  bulkThreshold: number;
  rows: AccessRow[];
  total: number;
  flagged: number;
  truncated: boolean;
}

const MAX_EVENTS = 20_000;
const MAX_SHOWN = 500;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** The district part of an area path (`/KG/KG-O/KG-O.kara-suu/…` → `/KG/KG-O/KG-O.kara-suu/`). */
function districtOf(path: string): string {
  const parts = path.split('/').filter(Boolean);
  return `/${parts.slice(0, Math.min(3, parts.length)).join('/')}/`;
}

export class AccessReviewService {
  constructor(
    private readonly db: Database,
    private readonly config: Config,
    private readonly audit: AuditService,
  ) {}

  async review(actor: Actor, input: AccessReviewInput): Promise<AccessReview> {
    const role = authorize(actor, 'read', ACCESS_REVIEW);
    const zone = this.config.timeZone;
    const today = localDay(zone);
    const to = input.to || today;
    const from = input.from || localDay(zone, new Date(clock.nowMs() - 6 * DAY));
    if (!DATE_RE.test(from) || !wallTimeToUtc(from, '00:00', zone))
      throw new ValidationError('from must be a date like 2026-11-28', 'from');
    if (!DATE_RE.test(to) || !wallTimeToUtc(to, '00:00', zone))
      throw new ValidationError('to must be a date like 2026-11-28', 'to');
    if (from > to) throw new ValidationError('from must not be after to', 'from');
    const workStart = input.workStart ?? 8;
    const workEnd = input.workEnd ?? 19;
    if (!Number.isInteger(workStart) || workStart < 0 || workStart > 23)
      throw new ValidationError('work_start must be an hour from 0 to 23', 'work_start');
    if (!Number.isInteger(workEnd) || workEnd <= workStart || workEnd > 24)
      throw new ValidationError('work_end must be an hour after work_start, up to 24', 'work_end');
    const bulk = input.bulkThreshold ?? 30;
    if (!Number.isInteger(bulk) || bulk < 1 || bulk > 100_000)
      throw new ValidationError('bulk_threshold must be a whole number from 1', 'bulk_threshold');

    const fromIso = wallTimeToUtc(from, '00:00', zone)!;
    const toIso = new Date(Date.parse(wallTimeToUtc(to, '00:00', zone)!) + DAY).toISOString();
    const events = await accessReviewRepository.reads(
      this.db.read,
      PERSONAL_READS,
      READ_PREFIXES,
      fromIso,
      toIso,
      MAX_EVENTS,
    );

    const ids = (type: string) => [
      ...new Set(events.filter((e) => e.subject_type === type && e.subject_id).map((e) => e.subject_id!)),
    ];
    const [reportPaths, complaintPaths, grants] = await Promise.all([
      accessReviewRepository.reportPaths(this.db.read, ids('report')),
      accessReviewRepository.complaintPaths(this.db.read, ids('complaint')),
      accessReviewRepository.grantPaths(this.db.read, [...new Set(events.map((e) => e.actor_id!))]),
    ]);
    const pathOf = (e: (typeof events)[number]) =>
      !e.subject_id
        ? null
        : e.subject_type === 'report'
          ? (reportPaths.get(e.subject_id) ?? null)
          : e.subject_type === 'complaint'
            ? (complaintPaths.get(e.subject_id) ?? null)
            : null;

    // Usual district per reader: where most of their located reads fall.
    const districtCounts = new Map<string, Map<string, number>>();
    const hourCounts = new Map<string, number>();
    for (const e of events) {
      const p = pathOf(e);
      if (p) {
        const m = districtCounts.get(e.actor_id!) ?? new Map<string, number>();
        m.set(districtOf(p), (m.get(districtOf(p)) ?? 0) + 1);
        districtCounts.set(e.actor_id!, m);
      }
      const hourKey = `${e.actor_id}|${Math.floor(Date.parse(e.at) / HOUR)}`;
      hourCounts.set(hourKey, (hourCounts.get(hourKey) ?? 0) + 1);
    }
    const usual = new Map<string, string>();
    for (const [reader, m] of districtCounts) {
      const total = [...m.values()].reduce((a, b) => a + b, 0);
      const [top, n] = [...m.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]!;
      if (total >= 3 && n * 2 > total) usual.set(reader, top);
    }

    const rows: AccessRow[] = events.map((e) => {
      const flags: Anomaly[] = [];
      const at = new Date(e.at);
      const local = new Date(at.getTime() + zoneOffsetMinutes(zone, at) * 60_000);
      const hour = local.getUTCHours();
      const weekday = local.getUTCDay();
      if (hour < workStart || hour >= workEnd || weekday === 0 || weekday === 6) flags.push('outside_hours');
      const p = pathOf(e);
      if (p) {
        const mine = grants.get(e.actor_id!) ?? [];
        const u = usual.get(e.actor_id!);
        if (!mine.some((g) => p.startsWith(g)) || (u !== undefined && !p.startsWith(u)))
          flags.push('outside_area');
      }
      let count: number | null = null;
      try {
        const d = JSON.parse(e.details) as { count?: unknown };
        if (typeof d.count === 'number') count = d.count;
      } catch {
        /* details are always JSON; a broken one is simply not counted */
      }
      if (
        (count !== null && count > bulk) ||
        (hourCounts.get(`${e.actor_id}|${Math.floor(at.getTime() / HOUR)}`) ?? 0) > bulk
      )
        flags.push('bulk');
      return {
        at: e.at,
        readerId: e.actor_id!,
        readerName: e.display_name ?? e.actor_id!,
        role: e.actor_role,
        action: e.action,
        subjectType: e.subject_type,
        subjectId: e.subject_id,
        areaPath: p,
        rows: count,
        flags,
      };
    });
    const flagged = rows.filter((r) => r.flags.length > 0).length;
    const shown = (input.onlyAnomalies ? rows.filter((r) => r.flags.length) : rows).reverse();

    await this.db.write((trx) =>
      this.audit.record(trx, {
        actor,
        role,
        action: 'access_review.read',
        subjectType: ACCESS_REVIEW,
        details: { from, to, events: rows.length, flagged },
      }),
    );
    return {
      from,
      to,
      workStart,
      workEnd,
      bulkThreshold: bulk,
      rows: shown.slice(0, MAX_SHOWN),
      total: rows.length,
      flagged,
      truncated: events.length >= MAX_EVENTS || shown.length > MAX_SHOWN,
    };
  }
}
