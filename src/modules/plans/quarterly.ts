/**
 * The quarterly progress report, computed from the tasks and their progress reports: the state of
 * each task at the report's cut-off day (the quarter's last day, or today while the quarter runs),
 * which tasks were done, are late or not started, and money spent against budget.
 *
 * Rules (one category per task, in this order):
 * - `cancelled`: cancelled by the cut-off day;
 * - `done`: done by the cut-off day;
 * - `late`: not done and its deadline is before the cut-off day;
 * - `not_started`: no work reported yet and the deadline has not passed;
 * - `in_progress`: work reported and the deadline has not passed.
 * A task's state at the cut-off day is its latest progress report dated on or before that day
 * (ties: the later recorded); a task with no such report is not started, with nothing spent.
 */
import type { FundingSource, TaskStatus } from './plans.types.ts';

export interface ReportTaskInput {
  id: string;
  title: string;
  priorityId: string;
  ownerOrganisationName: string | null;
  deadline: string;
  fundingSource: FundingSource;
  budget: number;
}

export interface ReportUpdateInput {
  taskId: string;
  status: TaskStatus;
  progress: number;
  spent: number;
  reportedOn: string;
  /** Recording order among reports of the same day. */
  createdAt: string;
}

export type ReportCategory = 'done' | 'late' | 'not_started' | 'in_progress' | 'cancelled';
export const REPORT_CATEGORIES: readonly ReportCategory[] = [
  'done',
  'in_progress',
  'not_started',
  'late',
  'cancelled',
];

export interface ReportTaskRow extends ReportTaskInput {
  status: TaskStatus;
  progress: number;
  spent: number;
  category: ReportCategory;
  /** Deadline inside the quarter. */
  dueThisQuarter: boolean;
  /** Reported done on a day inside the quarter. */
  doneThisQuarter: boolean;
}

export interface MoneyLine {
  budget: number;
  spent: number;
  /** spent / budget in whole percent, null when there is no budget. */
  percent: number | null;
}

export interface QuarterlyReport {
  year: number;
  quarter: number;
  from: string;
  to: string;
  /** The day the states are taken at: the quarter's end, or today while the quarter runs. */
  asOf: string;
  counts: Record<ReportCategory, number>;
  total: number;
  dueThisQuarter: number;
  doneThisQuarter: number;
  money: MoneyLine;
  byFunding: Record<FundingSource, MoneyLine>;
  tasks: ReportTaskRow[];
}

export function quarterBounds(year: number, quarter: number): { from: string; to: string } {
  const startMonth = (quarter - 1) * 3; // 0-based
  const from = new Date(Date.UTC(year, startMonth, 1)).toISOString().slice(0, 10);
  const to = new Date(Date.UTC(year, startMonth + 3, 0)).toISOString().slice(0, 10);
  return { from, to };
}

/** The quarter a day falls in. */
export function quarterOf(day: string): { year: number; quarter: number } {
  return { year: Number(day.slice(0, 4)), quarter: Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1 };
}

export function moneyLine(budget: number, spent: number): MoneyLine {
  return { budget, spent, percent: budget > 0 ? Math.round((spent * 100) / budget) : null };
}

export function quarterlyReport(
  tasks: ReportTaskInput[],
  updates: ReportUpdateInput[],
  opts: { year: number; quarter: number; today: string },
): QuarterlyReport {
  const { from, to } = quarterBounds(opts.year, opts.quarter);
  const asOf = opts.today < to ? opts.today : to;
  // Latest report per task on or before the cut-off day, and since when a done task has been done.
  const latest = new Map<string, ReportUpdateInput>();
  const doneSince = new Map<string, string>();
  const sorted = [...updates].sort(
    (a, b) => a.reportedOn.localeCompare(b.reportedOn) || a.createdAt.localeCompare(b.createdAt),
  );
  for (const u of sorted) {
    if (u.reportedOn > asOf) continue;
    const before = latest.get(u.taskId);
    if (u.status !== 'done') doneSince.delete(u.taskId);
    else if (before?.status !== 'done') doneSince.set(u.taskId, u.reportedOn);
    latest.set(u.taskId, u);
  }
  const counts: Record<ReportCategory, number> = {
    done: 0,
    in_progress: 0,
    not_started: 0,
    late: 0,
    cancelled: 0,
  };
  const byFunding: Record<FundingSource, MoneyLine> = {
    local_budget: moneyLine(0, 0),
    donor: moneyLine(0, 0),
    in_kind: moneyLine(0, 0),
    none: moneyLine(0, 0),
  };
  let budget = 0;
  let spent = 0;
  const rows: ReportTaskRow[] = tasks.map((t) => {
    const u = latest.get(t.id);
    const status: TaskStatus = u?.status ?? 'not_started';
    const progress = u ? (status === 'done' ? 100 : u.progress) : 0;
    const taskSpent = u?.spent ?? 0;
    let category: ReportCategory;
    if (status === 'cancelled') category = 'cancelled';
    else if (status === 'done') category = 'done';
    else if (t.deadline < asOf) category = 'late';
    else if (status === 'not_started') category = 'not_started';
    else category = 'in_progress';
    counts[category]++;
    budget += t.budget;
    spent += taskSpent;
    const f = byFunding[t.fundingSource];
    byFunding[t.fundingSource] = moneyLine(f.budget + t.budget, f.spent + taskSpent);
    return {
      ...t,
      status,
      progress,
      spent: taskSpent,
      category,
      dueThisQuarter: t.deadline >= from && t.deadline <= to,
      doneThisQuarter: status === 'done' && (doneSince.get(t.id) ?? '') >= from,
    };
  });
  return {
    year: opts.year,
    quarter: opts.quarter,
    from,
    to,
    asOf,
    counts,
    total: tasks.length,
    dueThisQuarter: rows.filter((r) => r.dueThisQuarter).length,
    doneThisQuarter: rows.filter((r) => r.doneThisQuarter).length,
    money: moneyLine(budget, spent),
    byFunding,
    tasks: rows,
  };
}
