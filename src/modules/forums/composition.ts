/**
 * Inclusion at a glance: a forum's composition as aggregate counts only. Cells between 1 and
 * MIN_CELL - 1 are suppressed (null), and when a dimension would have exactly one suppressed cell,
 * the next smallest non-zero cell is suppressed too, so no cell can be worked out from the total.
 */
export const MIN_CELL = 3;

export const GENDERS = ['woman', 'man', 'other'] as const;
export const AGE_BANDS = ['under_18', '18_29', '30_44', '45_59', '60_plus'] as const;
export type Gender = (typeof GENDERS)[number];
export type AgeBand = (typeof AGE_BANDS)[number];

export interface CompositionInput {
  organisationKind: string | null;
  gender: Gender | null;
  ageBand: AgeBand | null;
}

export interface Cell {
  key: string;
  /** null: fewer than MIN_CELL (or suppressed to protect another cell). */
  count: number | null;
}

export interface Composition {
  total: number;
  minCell: number;
  byOrganisationKind: Cell[];
  byGender: Cell[];
  byAgeBand: Cell[];
}

/** Suppresses small cells of one dimension (keys in display order; zero cells stay 0). */
export function suppress(counts: Array<[string, number]>, min = MIN_CELL): Cell[] {
  const hidden = new Set(counts.filter(([, n]) => n > 0 && n < min).map(([k]) => k));
  if (hidden.size === 1) {
    const next = counts
      .filter(([k, n]) => n > 0 && !hidden.has(k))
      .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))[0];
    if (next) hidden.add(next[0]);
  }
  return counts.map(([key, n]) => ({ key, count: hidden.has(key) ? null : n }));
}

function tally<T extends string>(values: Array<T | null>, keys: readonly T[]): Array<[string, number]> {
  const out = new Map<string, number>([...keys, 'not_recorded'].map((k) => [k, 0]));
  for (const v of values) {
    const k = v ?? 'not_recorded';
    out.set(k, (out.get(k) ?? 0) + 1);
  }
  return [...out.entries()];
}

export function composition(members: CompositionInput[], orgKinds: readonly string[]): Composition {
  const total = members.length;
  return {
    total,
    minCell: MIN_CELL,
    byOrganisationKind: suppress(
      tally(
        members.map((m) => m.organisationKind),
        orgKinds,
      ).filter(([, n]) => n > 0),
    ),
    byGender: suppress(
      tally(
        members.map((m) => m.gender),
        GENDERS,
      ),
    ),
    byAgeBand: suppress(
      tally(
        members.map((m) => m.ageBand),
        AGE_BANDS,
      ),
    ),
  };
}
