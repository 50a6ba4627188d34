import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { suppressList, suppressTable, unlessSmall, type SuppressedTable } from './small-cells.ts';

/**
 * The attacker: knows the published table and that counts are whole numbers ≥ 0. For each hidden
 * entry it searches (backtracking, bounded by the visible totals) for a table consistent with
 * everything shown in which that entry differs from the true value; when none exists the entry is
 * recovered. This is a different method from the module's own linear-algebra check, so the two cannot
 * share a mistake. Running out of search budget fails the test rather than passing it.
 */
function recoverable(published: SuppressedTable, original: number[][]): string[] {
  const R = original.length;
  const C = original[0]!.length;
  const grid: (number | null)[][] = [
    ...published.cells.map((row, i) => [...row, published.rowTotals[i]!]),
    [...published.columnTotals, published.total],
  ];
  const truth = [
    ...original.map((row) => [...row, row.reduce((a, b) => a + b, 0)]),
    [
      ...original[0]!.map((_, j) => original.reduce((a, r) => a + r[j]!, 0)),
      original.flat().reduce((a, b) => a + b, 0),
    ],
  ];
  const hidden: [number, number][] = [];
  for (let i = 0; i <= R; i++) for (let j = 0; j <= C; j++) if (grid[i]![j] === null) hidden.push([i, j]);
  const fallback = truth[R]![C]! * 2 + 2; // any entry of a wildly different table is still bounded
  const column = (g: (number | null)[][], j: number) => g.map((row) => row[j]!);
  // The room left in a line whose total is already chosen (for an entry that is not that total).
  const room = (line: (number | null)[], at: number): number => {
    const total = line[line.length - 1];
    if (at === line.length - 1 || total === null || total === undefined) return fallback;
    return total - line.slice(0, -1).reduce<number>((a, v, p) => a + (p === at || v === null ? 0 : v), 0);
  };
  const lineOk = (cells: (number | null)[]): boolean => {
    const inner = cells.slice(0, -1);
    const total = cells[cells.length - 1]!;
    const known = inner.filter((v): v is number => v !== null);
    const s = known.reduce((a, b) => a + b, 0);
    if (total === null) return true;
    return known.length === inner.length ? s === total : s <= total;
  };
  // When every other entry of a line is known, this one follows.
  const forced = (line: (number | null)[], at: number): number | null => {
    const others = line.filter((_, p) => p !== at);
    if (others.some((v) => v === null)) return null;
    const known = others as number[];
    if (at === line.length - 1) return known.reduce((a, b) => a + b, 0);
    return known[known.length - 1]! - known.slice(0, -1).reduce((a, b) => a + b, 0);
  };
  const exposed: string[] = [];
  for (const target of hidden) {
    // Totals first (grand total, then margins), so every inner choice is bounded by what is left.
    const isMargin = ([i, j]: [number, number]) => i === R || j === C;
    const rest = hidden.filter((h) => h !== target);
    const order = [target, ...rest.filter(isMargin).reverse(), ...rest.filter((h) => !isMargin(h))];
    const work = grid.map((row) => [...row]);
    let budget = 200_000;
    const search = (k: number): boolean => {
      if (budget-- <= 0) throw new Error('attacker ran out of search budget: make the fixtures smaller');
      if (k === order.length) return true;
      const [i, j] = order[k]!;
      const f = forced(work[i]!, j) ?? forced(column(work, j), i);
      const top = Math.min(room(work[i]!, j), room(column(work, j), i));
      const values = f === null ? [...Array(Math.max(0, top + 1)).keys()] : f >= 0 && f <= top ? [f] : [];
      for (const v of values) {
        if (k === 0 && v === truth[i]![j]) continue; // the target must differ from the truth
        work[i]![j] = v;
        if (lineOk(work[i]!) && lineOk(column(work, j)) && search(k + 1)) return true;
      }
      work[i]![j] = null;
      return false;
    };
    if (!search(0)) exposed.push(`${target[0]},${target[1]}`);
  }
  return exposed;
}

const small = fc.integer({ min: 0, max: 14 });

describe('small-cell suppression', () => {
  it('hides small counts in a list and one more so the total cannot give them away', () => {
    const r = suppressList([40, 3, 25, 0], { minimum: 10 });
    expect(r.cells[1]).toBeNull();
    expect(r.cells[3]).toBe(0); // zero identifies no one
    // Hidden: 3 and the next smallest non-zero (25) — together ≥ 10, so neither can be narrowed below 10.
    expect(r.cells).toEqual([40, null, null, 0]);
    expect(r.total).toBe(68);
  });

  it('hides the total when no other cell can protect the only small one', () => {
    expect(suppressList([4, 0, 0], { minimum: 10 })).toEqual({ cells: [null, 0, 0], total: null, hidden: 2 });
  });

  it('leaves a table with no small counts untouched', () => {
    const r = suppressTable([
      [12, 30],
      [15, 40],
    ]);
    expect(r.hidden).toBe(0);
    expect(r.rowTotals).toEqual([42, 55]);
    expect(r.total).toBe(97);
  });

  it('protects a table with one small cell by hiding a rectangle', () => {
    // Textbook case: the 2 is hidden; hiding only its row neighbour would let the column total give it
    // away, so a cell in its column and the opposite corner go too.
    const r = suppressTable([
      [2, 20, 30],
      [25, 40, 50],
      [35, 45, 60],
    ]);
    expect(r.cells[0]![0]).toBeNull();
    expect(r.hidden).toBeGreaterThanOrEqual(4);
    expect(r.total).toBe(307);
  });

  it('never shows a small count, never changes a shown one, and keeps totals honest', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 4 })
          .chain((rows) =>
            fc.array(fc.array(small, { minLength: 3, maxLength: 3 }), { minLength: rows, maxLength: rows }),
          ),
        fc.integer({ min: 2, max: 10 }),
        (table, minimum) => {
          const r = suppressTable(table, { minimum });
          table.forEach((row, i) =>
            row.forEach((v, j) => {
              const shown = r.cells[i]![j];
              if (v > 0 && v < minimum) expect(shown).toBeNull();
              if (shown !== null) expect(shown).toBe(v);
            }),
          );
          for (const t of [...r.rowTotals, ...r.columnTotals, r.total])
            if (t !== null) expect(t === 0 || t >= minimum).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('no hidden entry of any published table can be worked out from what is shown', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }).chain((rows) =>
          fc.integer({ min: 1, max: 3 }).chain((cols) =>
            fc.array(fc.array(small, { minLength: cols, maxLength: cols }), {
              minLength: rows,
              maxLength: rows,
            }),
          ),
        ),
        fc.integer({ min: 3, max: 10 }),
        (table, minimum) => {
          const published = suppressTable(table, { minimum });
          expect(recoverable(published, table)).toEqual([]);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('the attacker in this test does find a cell that is hidden alone', () => {
    // Guard against a test that cannot fail: one hidden cell with its totals shown is recoverable.
    const leaky: SuppressedTable = {
      cells: [
        [null, 20],
        [25, 40],
      ],
      rowTotals: [22, 65],
      columnTotals: [27, 60],
      total: 87,
      hidden: 1,
    };
    expect(
      recoverable(leaky, [
        [2, 20],
        [25, 40],
      ]),
    ).toEqual(['0,0']);
  });

  it('hides a statistic computed from too few answers', () => {
    expect(unlessSmall(9, 0.5)).toBeNull();
    expect(unlessSmall(10, 0.5)).toBe(0.5);
    expect(unlessSmall(3, 0.5, { minimum: 3 })).toBe(0.5);
  });

  it('refuses counts that are not whole numbers ≥ 0', () => {
    expect(() => suppressList([1, -2])).toThrow(/whole numbers/);
    expect(() => suppressList([1.5])).toThrow(/whole numbers/);
    expect(() => suppressTable([[1, 2], [3]])).toThrow(/same number of cells/);
  });
});
