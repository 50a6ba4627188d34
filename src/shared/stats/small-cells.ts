/**
 * Small-cell suppression for every aggregate that leaves the service (pages, charts, exports, API,
 * open data). A count of 1..minimum-1 can point at a person ("the 2 complaints from this village"),
 * so it is hidden (primary suppression) — and then enough other cells are hidden too (complementary
 * suppression) that the hidden ones cannot be worked out from the totals that stay visible:
 *
 * - no line (row, column, or a list with its total) is left with exactly one hidden entry;
 * - where a line's total is visible, the hidden cells of that line add up to at least `minimum`, so
 *   subtracting cannot narrow any of them below the threshold;
 * - finally an exact check: no hidden entry is determined by the linear equations of the published
 *   table (a hidden entry is recoverable exactly when the unit vector for it lies in the row space of
 *   the constraint matrix over the hidden entries), and if one is, another cell beside it is hidden.
 *
 * Zero is shown: "nobody" identifies no one. Complements are taken from the smallest non-zero visible
 * cells of the line (least information lost), margins only when no inner cell is left.
 * Separate tables over the same data (by area, then by category) are not protected against each other:
 * publish one two-way table instead of several margins of it.
 */

export const DEFAULT_SMALL_CELL_MINIMUM = 10;

export interface SuppressionOptions {
  /** Counts below this (and above zero) are hidden; from config `SMALL_CELL_MINIMUM`. */
  minimum?: number;
}

export interface SuppressedList {
  cells: (number | null)[];
  total: number | null;
  /** How many entries (cells and total) are hidden. */
  hidden: number;
}

export interface SuppressedTable {
  cells: (number | null)[][];
  rowTotals: (number | null)[];
  columnTotals: (number | null)[];
  total: number | null;
  hidden: number;
}

/** A statistic computed from `n` answers or records: hidden (null) when n is below the minimum. */
export function unlessSmall<T>(n: number, value: T, options: SuppressionOptions = {}): T | null {
  return n < minimumOf(options) ? null : value;
}

/** Counts with their total: a list of categories, areas or months. */
export function suppressList(counts: readonly number[], options: SuppressionOptions = {}): SuppressedList {
  assertCounts([counts]);
  const values = [...counts, sum(counts)];
  const line = values.map((_, i) => i);
  const isMargin = values.map((_, i) => i === counts.length);
  const hidden = suppress(values, [line], isMargin, minimumOf(options));
  return {
    cells: counts.map((v, i) => (hidden[i] ? null : v)),
    total: hidden[counts.length] ? null : values[counts.length]!,
    hidden: hidden.filter(Boolean).length,
  };
}

/** A two-way table (rows × columns) published with its row, column and grand totals. */
export function suppressTable(
  rows: readonly (readonly number[])[],
  options: SuppressionOptions = {},
): SuppressedTable {
  assertCounts(rows);
  const R = rows.length;
  const C = rows[0]?.length ?? 0;
  // Augmented (R+1) × (C+1) grid, row-major: the last column holds row totals, the last row column totals.
  const W = C + 1;
  const values: number[] = [];
  for (let i = 0; i <= R; i++) {
    for (let j = 0; j <= C; j++) {
      if (i < R && j < C) values.push(rows[i]![j]!);
      else if (i < R) values.push(sum(rows[i]!));
      else if (j < C) values.push(sum(rows.map((r) => r[j]!)));
      else values.push(sum(rows.map(sum)));
    }
  }
  const lines: number[][] = [];
  for (let i = 0; i <= R; i++) lines.push(Array.from({ length: W }, (_, j) => i * W + j));
  for (let j = 0; j <= C; j++) lines.push(Array.from({ length: R + 1 }, (_, i) => i * W + j));
  const isMargin = values.map((_, k) => Math.floor(k / W) === R || k % W === C);
  const hidden = suppress(values, lines, isMargin, minimumOf(options));
  const at = (i: number, j: number) => (hidden[i * W + j] ? null : values[i * W + j]!);
  return {
    cells: rows.map((r, i) => r.map((_, j) => at(i, j))),
    rowTotals: rows.map((_, i) => at(i, C)),
    columnTotals: Array.from({ length: C }, (_, j) => at(R, j)),
    total: at(R, C),
    hidden: hidden.filter(Boolean).length,
  };
}

/**
 * The engine over any set of additive lines: each line lists entry indices, its last entry being the
 * sum of the others. Returns which entries to hide.
 */
function suppress(values: number[], lines: number[][], isMargin: boolean[], minimum: number): boolean[] {
  const hidden = values.map((v) => v > 0 && v < minimum);
  if (!hidden.some(Boolean)) return hidden;
  for (let guard = 0; guard <= values.length; guard++) {
    let changed = false;
    for (const line of lines) {
      while (lineNeedsMore(line, values, hidden, minimum)) {
        const pick = complementIn(line, values, hidden, isMargin);
        if (pick === null) break;
        hidden[pick] = true;
        changed = true;
      }
    }
    if (changed) continue;
    const exposed = determinedEntries(values.length, lines, hidden);
    if (exposed.length === 0) return hidden;
    for (const entry of exposed) {
      const line = lines.find((l) => l.includes(entry) && complementIn(l, values, hidden, isMargin) !== null);
      const pick = line ? complementIn(line, values, hidden, isMargin) : null;
      if (pick !== null) hidden[pick] = true;
      else for (const l of lines) if (l.includes(entry)) for (const k of l) hidden[k] = true;
    }
  }
  return hidden; // unreachable in practice: every pass hides at least one more entry
}

function lineNeedsMore(line: number[], values: number[], hidden: boolean[], minimum: number): boolean {
  const hiddenHere = line.filter((k) => hidden[k]);
  if (hiddenHere.length === 0) return false;
  if (hiddenHere.length === 1) return true;
  const total = line[line.length - 1]!;
  if (hidden[total]) return false;
  const hiddenSum = hiddenHere.reduce((s, k) => s + values[k]!, 0);
  return hiddenSum < minimum;
}

/** The visible entry of a line whose hiding costs least: smallest non-zero inner cell, else a margin. */
function complementIn(
  line: number[],
  values: number[],
  hidden: boolean[],
  isMargin: boolean[],
): number | null {
  const visible = line.filter((k) => !hidden[k]);
  const rank = (k: number) => [isMargin[k] ? 1 : 0, values[k] === 0 ? 1 : 0, values[k]!];
  visible.sort((a, b) => {
    const ra = rank(a);
    const rb = rank(b);
    return ra[0]! - rb[0]! || ra[1]! - rb[1]! || ra[2]! - rb[2]! || a - b;
  });
  return visible[0] ?? null;
}

/**
 * Hidden entries whose value follows exactly from the visible ones: Gauss–Jordan elimination of the
 * line equations restricted to the hidden entries; an entry is determined when a reduced row has it
 * as its only non-zero. Coefficients are small integers, so floating point with a tolerance is exact
 * enough here (the tables are at most a few thousand entries).
 */
export function determinedEntries(size: number, lines: number[][], hidden: boolean[]): number[] {
  const unknowns = [...Array(size).keys()].filter((k) => hidden[k]);
  const column = new Map(unknowns.map((k, c) => [k, c]));
  const matrix: number[][] = [];
  for (const line of lines) {
    const row = new Array<number>(unknowns.length).fill(0);
    let any = false;
    line.forEach((k, pos) => {
      const c = column.get(k);
      if (c === undefined) return;
      row[c] = pos === line.length - 1 ? -1 : 1;
      any = true;
    });
    if (any) matrix.push(row);
  }
  const eps = 1e-9;
  let pivotRow = 0;
  for (let c = 0; c < unknowns.length && pivotRow < matrix.length; c++) {
    let best = pivotRow;
    for (let r = pivotRow + 1; r < matrix.length; r++)
      if (Math.abs(matrix[r]![c]!) > Math.abs(matrix[best]![c]!)) best = r;
    if (Math.abs(matrix[best]![c]!) < eps) continue;
    [matrix[pivotRow], matrix[best]] = [matrix[best]!, matrix[pivotRow]!];
    const p = matrix[pivotRow]!;
    const pv = p[c]!;
    for (let k = 0; k < p.length; k++) p[k]! /= pv;
    for (let r = 0; r < matrix.length; r++) {
      if (r === pivotRow) continue;
      const row = matrix[r]!;
      const f = row[c]!;
      if (Math.abs(f) < eps) continue;
      for (let k = 0; k < row.length; k++) row[k] = row[k]! - f * p[k]!;
    }
    pivotRow++;
  }
  const determined: number[] = [];
  for (const row of matrix) {
    const nonZero = row.flatMap((v, c) => (Math.abs(v) > eps ? [c] : []));
    if (nonZero.length === 1) determined.push(unknowns[nonZero[0]!]!);
  }
  return determined;
}

function minimumOf(options: SuppressionOptions): number {
  const m = options.minimum ?? DEFAULT_SMALL_CELL_MINIMUM;
  if (!Number.isInteger(m) || m < 1)
    throw new RangeError(`minimum must be a positive whole number, got ${m}`);
  return m;
}

function assertCounts(rows: readonly (readonly number[])[]): void {
  const width = rows[0]?.length ?? 0;
  for (const row of rows) {
    if (row.length !== width) throw new RangeError('every row of a table must have the same number of cells');
    for (const v of row) {
      if (!Number.isSafeInteger(v) || v < 0)
        throw new RangeError(`counts must be whole numbers ≥ 0, got ${v}`);
    }
  }
}

function sum(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0);
}
