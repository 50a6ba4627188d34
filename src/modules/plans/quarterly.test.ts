/** Quarterly report arithmetic on constructed data with known answers, and properties over random data. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FUNDING_SOURCES, TASK_STATUSES } from './plans.types.ts';
import {
  quarterBounds,
  quarterOf,
  quarterlyReport,
  REPORT_CATEGORIES,
  type ReportTaskInput,
} from './quarterly.ts';

const task = (
  id: string,
  deadline: string,
  budget = 0,
  fundingSource: ReportTaskInput['fundingSource'] = 'local_budget',
): ReportTaskInput => ({
  id,
  title: id,
  priorityId: 'p',
  ownerOrganisationName: null,
  deadline,
  fundingSource,
  budget,
});

describe('quarter bounds', () => {
  it('knows the first and last day of each quarter, leap years included', () => {
    expect(quarterBounds(2026, 1)).toEqual({ from: '2026-01-01', to: '2026-03-31' });
    expect(quarterBounds(2026, 2)).toEqual({ from: '2026-04-01', to: '2026-06-30' });
    expect(quarterBounds(2026, 3)).toEqual({ from: '2026-07-01', to: '2026-09-30' });
    expect(quarterBounds(2026, 4)).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    expect(quarterBounds(2028, 1).to).toBe('2028-03-31');
    expect(quarterOf('2026-05-15')).toEqual({ year: 2026, quarter: 2 });
    expect(quarterOf('2026-12-31')).toEqual({ year: 2026, quarter: 4 });
  });
});

describe('quarterly report', () => {
  const tasks = [
    task('done-q2', '2026-06-30', 100_000),
    task('late', '2026-05-01', 50_000),
    task('not-started', '2026-09-30', 20_000, 'donor'),
    task('in-progress', '2026-12-31', 30_000, 'donor'),
    task('cancelled', '2026-04-15', 10_000, 'in_kind'),
    task('done-later', '2026-06-01', 40_000),
  ];
  const u = (
    taskId: string,
    status: (typeof TASK_STATUSES)[number],
    progress: number,
    spent: number,
    reportedOn: string,
    createdAt = `${reportedOn}T10:00:00Z`,
  ) => ({
    taskId,
    status,
    progress,
    spent,
    reportedOn,
    createdAt,
  });
  const updates = [
    u('done-q2', 'in_progress', 40, 30_000, '2026-04-10'),
    u('done-q2', 'done', 100, 95_000, '2026-06-20'),
    u('late', 'in_progress', 50, 20_000, '2026-04-20'),
    u('in-progress', 'in_progress', 10, 5_000, '2026-06-01'),
    u('cancelled', 'cancelled', 0, 0, '2026-05-05'),
    // Done only after the quarter: at the end of Q2 it was late and in progress.
    u('done-later', 'in_progress', 80, 35_000, '2026-05-20'),
    u('done-later', 'done', 100, 40_000, '2026-07-03'),
  ];

  it('takes each task at the end of the quarter and sorts it into one category', () => {
    const r = quarterlyReport(tasks, updates, { year: 2026, quarter: 2, today: '2026-11-28' });
    expect(r.asOf).toBe('2026-06-30');
    const byId = Object.fromEntries(r.tasks.map((x) => [x.id, x]));
    expect(byId['done-q2']!.category).toBe('done');
    expect(byId['done-q2']!.doneThisQuarter).toBe(true);
    expect(byId['late']!.category).toBe('late');
    expect(byId['not-started']!.category).toBe('not_started');
    expect(byId['in-progress']!.category).toBe('in_progress');
    expect(byId['cancelled']!.category).toBe('cancelled');
    expect(byId['done-later']!.category).toBe('late');
    expect(byId['done-later']!.spent).toBe(35_000);
    expect(r.counts).toEqual({ done: 1, in_progress: 1, not_started: 1, late: 2, cancelled: 1 });
    expect(r.dueThisQuarter).toBe(4); // done-q2, late, cancelled, done-later
    expect(r.doneThisQuarter).toBe(1);
    expect(r.money).toEqual({ budget: 250_000, spent: 95_000 + 20_000 + 5_000 + 35_000, percent: 62 });
    expect(r.byFunding.donor).toEqual({ budget: 50_000, spent: 5_000, percent: 10 });
    expect(r.byFunding.in_kind).toEqual({ budget: 10_000, spent: 0, percent: 0 });
    expect(r.byFunding.none).toEqual({ budget: 0, spent: 0, percent: null });
  });

  it('counts a task done in Q3 in Q3, and not again in Q4', () => {
    const q3 = quarterlyReport(tasks, updates, { year: 2026, quarter: 3, today: '2026-11-28' });
    const later = q3.tasks.find((x) => x.id === 'done-later')!;
    expect(later.category).toBe('done');
    expect(later.doneThisQuarter).toBe(true);
    expect(q3.doneThisQuarter).toBe(1);
    const q4 = quarterlyReport(tasks, updates, { year: 2026, quarter: 4, today: '2026-11-28' });
    expect(q4.asOf).toBe('2026-11-28');
    expect(q4.doneThisQuarter).toBe(0);
    expect(q4.counts.done).toBe(2);
  });

  it('uses the later report of the same day and ignores reports after the cut-off', () => {
    const r = quarterlyReport(
      [task('a', '2026-12-31', 10)],
      [
        u('a', 'in_progress', 20, 2, '2026-02-01', '2026-02-01T09:00:00Z'),
        u('a', 'in_progress', 30, 3, '2026-02-01', '2026-02-01T11:00:00Z'),
        u('a', 'done', 100, 10, '2026-04-01'),
      ],
      { year: 2026, quarter: 1, today: '2026-11-28' },
    );
    expect(r.tasks[0]).toMatchObject({
      status: 'in_progress',
      progress: 30,
      spent: 3,
      category: 'in_progress',
    });
  });

  it('does not count a task done again when it was reopened', () => {
    const r = quarterlyReport(
      [task('a', '2026-12-31')],
      [
        u('a', 'done', 100, 0, '2026-02-01'),
        u('a', 'in_progress', 90, 0, '2026-02-10'),
        u('a', 'done', 100, 0, '2026-05-02'),
      ],
      { year: 2026, quarter: 1, today: '2026-11-28' },
    );
    expect(r.tasks[0]!.category).toBe('in_progress');
    const q2 = quarterlyReport(
      [task('a', '2026-12-31')],
      [
        u('a', 'done', 100, 0, '2026-02-01'),
        u('a', 'in_progress', 90, 0, '2026-02-10'),
        u('a', 'done', 100, 0, '2026-05-02'),
      ],
      { year: 2026, quarter: 2, today: '2026-11-28' },
    );
    expect(q2.tasks[0]!.doneThisQuarter).toBe(true);
  });

  const day = fc
    .integer({ min: 0, max: 729 })
    .map((n) => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
  const arbTasks = fc.uniqueArray(
    fc.record({
      id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
      deadline: day,
      budget: fc.integer({ min: 0, max: 1_000_000 }),
      fundingSource: fc.constantFrom(...FUNDING_SOURCES),
    }),
    { selector: (x) => x.id, maxLength: 6 },
  );
  const arbUpdates = fc.array(
    fc.record({
      taskId: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
      status: fc.constantFrom(...TASK_STATUSES),
      progress: fc.integer({ min: 0, max: 100 }),
      spent: fc.integer({ min: 0, max: 1_000_000 }),
      reportedOn: day,
      createdAt: fc.integer({ min: 0, max: 1e6 }).map((n) => String(n).padStart(8, '0')),
    }),
    { maxLength: 30 },
  );

  it('property: categories partition the tasks and money adds up', () => {
    fc.assert(
      fc.property(arbTasks, arbUpdates, fc.integer({ min: 1, max: 4 }), day, (ts, us, quarter, today) => {
        const input = ts.map((x) => ({ ...x, title: x.id, priorityId: 'p', ownerOrganisationName: null }));
        const r = quarterlyReport(input, us, { year: 2026, quarter, today });
        const sum = REPORT_CATEGORIES.reduce((n, c) => n + r.counts[c], 0);
        expect(sum).toBe(ts.length);
        expect(r.money.budget).toBe(ts.reduce((n, x) => n + x.budget, 0));
        expect(r.money.spent).toBe(r.tasks.reduce((n, x) => n + x.spent, 0));
        const byF = FUNDING_SOURCES.reduce((n, f) => n + r.byFunding[f].spent, 0);
        expect(byF).toBe(r.money.spent);
        expect(r.doneThisQuarter).toBeLessThanOrEqual(r.counts.done);
        for (const row of r.tasks) {
          if (row.category === 'late') expect(row.deadline < r.asOf).toBe(true);
          if (row.category === 'done') expect(row.progress).toBe(100);
        }
        expect(r.asOf <= r.to).toBe(true);
      }),
    );
  });
});
