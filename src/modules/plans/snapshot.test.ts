/** Version diffs: what changed between two snapshots, and form-input parsers (properties included). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffSnapshots, parseSnapshot, type PlanSnapshot } from './snapshot.ts';
import { amount, date, parseAmountInput, parseIdList } from './plans.validate.ts';
import { ValidationError } from '../../shared/errors.ts';

const base: PlanSnapshot = {
  title: 'Plan 2026',
  areaCode: 'KG-O.kara-suu',
  periodStart: '2026-01-01',
  periodEnd: '2026-12-31',
  summary: '',
  currency: 'KGS',
  priorities: [
    { id: 'p1', position: 1, title: 'Livestock theft', justification: 'j', source: 's', problemIds: [] },
  ],
  tasks: [
    {
      id: 't1',
      priorityId: 'p1',
      position: 1,
      title: 'Patrols',
      description: '',
      ownerOrganisationId: 'o1',
      ownerOrganisationName: 'Police',
      deadline: '2026-06-30',
      fundingSource: 'local_budget',
      budget: 100,
      problemIds: [],
    },
  ],
};

describe('diffSnapshots', () => {
  it('lists added, removed and changed items with the fields that changed', () => {
    const next: PlanSnapshot = {
      ...base,
      title: 'Plan 2026 (amended)',
      priorities: [
        ...base.priorities,
        { id: 'p2', position: 2, title: 'Racketeering', justification: '', source: '', problemIds: [] },
      ],
      tasks: [{ ...base.tasks[0]!, budget: 150, deadline: '2026-07-31' }],
    };
    const changes = diffSnapshots(base, next);
    expect(changes).toEqual([
      {
        kind: 'plan',
        change: 'changed',
        id: '',
        title: 'Plan 2026 (amended)',
        fields: [{ field: 'title', from: 'Plan 2026', to: 'Plan 2026 (amended)' }],
      },
      { kind: 'priority', change: 'added', id: 'p2', title: 'Racketeering', fields: [] },
      {
        kind: 'task',
        change: 'changed',
        id: 't1',
        title: 'Patrols',
        fields: [
          { field: 'deadline', from: '2026-06-30', to: '2026-07-31' },
          { field: 'budget', from: '100', to: '150' },
        ],
      },
    ]);
    expect(diffSnapshots(next, base).find((c) => c.id === 'p2')?.change).toBe('removed');
    expect(diffSnapshots(null, base)).toEqual([]);
  });

  it('property: a snapshot does not differ from itself, and stored text round-trips', () => {
    const arb = fc.record({
      title: fc.string(),
      summary: fc.string(),
      budgets: fc.array(fc.integer({ min: 0, max: 1e9 }), { maxLength: 5 }),
    });
    fc.assert(
      fc.property(arb, (x) => {
        const s: PlanSnapshot = {
          ...base,
          title: x.title,
          summary: x.summary,
          tasks: x.budgets.map((b, i) => ({ ...base.tasks[0]!, id: `t${i}`, budget: b })),
        };
        expect(diffSnapshots(s, s)).toEqual([]);
        expect(parseSnapshot(JSON.stringify(s))).toEqual(s);
      }),
    );
    expect(parseSnapshot('not json')).toBeNull();
    expect(parseSnapshot('{"title":1}')).toBeNull();
  });
});

describe('form parsers', () => {
  it('reads amounts with thousands separators and refuses anything else', () => {
    expect(parseAmountInput('150 000')).toBe(150_000);
    expect(parseAmountInput("150'000")).toBe(150_000);
    expect(parseAmountInput('')).toBe(0);
    expect(parseAmountInput('12,5')).toBeUndefined();
    expect(parseAmountInput('-5')).toBeUndefined();
    expect(() => amount(Number.NaN, 'budget')).toThrow(ValidationError);
    expect(() => date('2026-02-30', 'deadline')).toThrow(ValidationError);
    expect(date('2028-02-29', 'deadline')).toBe('2028-02-29');
  });

  it('property: parseAmountInput returns a whole non-negative number or undefined, never throws', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const v = parseAmountInput(s);
        if (v !== undefined) expect(Number.isSafeInteger(v) && v >= 0).toBe(true);
      }),
    );
    fc.assert(
      fc.property(fc.nat({ max: 1e12 }), (n) => {
        const spaced = n.toLocaleString('en').replace(/,/g, ' ');
        expect(parseAmountInput(spaced)).toBe(n);
      }),
    );
  });

  it('property: parseIdList splits on commas, spaces and new lines and drops blanks', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z0-9-]{1,10}$/), { maxLength: 6 }), (ids) => {
        expect(parseIdList(ids.join(' ,\n'))).toEqual(ids);
      }),
    );
  });
});
