import { describe, expect, it } from 'vitest';
import { composition, MIN_CELL, suppress, type CompositionInput } from './composition.ts';

const m = (
  organisationKind: string | null,
  gender: CompositionInput['gender'],
  ageBand: CompositionInput['ageBand'],
) => ({
  organisationKind,
  gender,
  ageBand,
});

describe('forum composition', () => {
  it('suppresses cells below the minimum, and one more when only one would be hidden', () => {
    expect(MIN_CELL).toBe(3);
    // One small cell (2): the next smallest non-zero cell (4) is hidden too, so 2 cannot be derived.
    expect(
      suppress([
        ['a', 2],
        ['b', 4],
        ['c', 9],
        ['d', 0],
      ]),
    ).toEqual([
      { key: 'a', count: null },
      { key: 'b', count: null },
      { key: 'c', count: 9 },
      { key: 'd', count: 0 },
    ]);
    // Two small cells already protect each other.
    expect(
      suppress([
        ['a', 1],
        ['b', 2],
        ['c', 5],
      ]),
    ).toEqual([
      { key: 'a', count: null },
      { key: 'b', count: null },
      { key: 'c', count: 5 },
    ]);
    expect(
      suppress([
        ['a', 3],
        ['b', 5],
      ]),
    ).toEqual([
      { key: 'a', count: 3 },
      { key: 'b', count: 5 },
    ]);
  });

  it('counts by organisation type, gender and age band, never per person', () => {
    const members = [
      ...Array.from({ length: 4 }, () => m('womens_committee', 'woman', '30_44')),
      ...Array.from({ length: 3 }, () => m('police_district', 'man', '30_44')),
      m('aksakal_court', 'man', '60_plus'),
      m(null, null, null),
    ];
    const c = composition(members, ['police_district', 'womens_committee', 'aksakal_court']);
    expect(c.total).toBe(9);
    // gender: woman 4, man 4, not recorded 1 → one small cell, so the smallest other (man, by name on a tie) goes too.
    expect(c.byGender).toEqual([
      { key: 'woman', count: 4 },
      { key: 'man', count: null },
      { key: 'other', count: 0 },
      { key: 'not_recorded', count: null },
    ]);
    // age: 30_44 = 7, 60_plus = 1, not_recorded = 1 → both small cells hidden, 7 shown.
    expect(c.byAgeBand.find((x) => x.key === '30_44')?.count).toBe(7);
    expect(c.byAgeBand.find((x) => x.key === '60_plus')?.count).toBeNull();
    expect(c.byAgeBand.find((x) => x.key === 'not_recorded')?.count).toBeNull();
    expect(c.byOrganisationKind).toEqual([
      { key: 'police_district', count: 3 },
      { key: 'womens_committee', count: 4 },
      { key: 'aksakal_court', count: null },
      { key: 'not_recorded', count: null },
    ]);
    // Nothing in the output identifies a member.
    expect(JSON.stringify(c)).not.toMatch(/personId|displayName/);
  });
});
