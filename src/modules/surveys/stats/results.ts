/**
 * The results of a survey as they may leave the service (pure): per question (per option for the
 * builder's own choice questions), per wave, for all target areas together and for each area — n,
 * the unweighted estimate and the weighted one, each with its 95 % CI, design effect and effective n.
 *
 * Small cells: an estimate rests on its base n; the base sizes of one question and wave across the
 * areas and their total are suppressed together with `suppressList` (primary below the minimum,
 * complementary so a hidden base cannot be worked out from the total), and every estimate whose base
 * is hidden is hidden with it — an area's mean could otherwise be recovered from the overall mean and
 * the other areas'. Respondents by area are suppressed per wave first (sums across waves are not
 * published), and an area hidden there is hidden in every question of that wave.
 */
import { suppressList } from '../../../shared/stats/small-cells.ts';
import { meanEstimate, proportionEstimate, type Estimate } from './estimate.ts';
import { weigh, type PopulationRow, type Respondent } from './weights.ts';

export type Measure = 'mean' | 'share' | 'options' | 'none';

export interface QuestionSpec {
  key: string;
  construct: string;
  measure: Measure;
  /** For 'share': the options that count as favourable. */
  favourable?: number[];
  /** For 'options': how many options (one result line each). */
  options?: number;
  /** Multiple choice: answers hold several options. */
  multiple?: boolean;
}
export interface WaveSpec {
  id: string;
  number: number;
  versionNumber: number;
}
export interface AnswerRow {
  responseId: string;
  questionKey: string;
  numberValue: number | null;
  choiceValues: string | null;
}
export interface ResultRow {
  questionKey: string;
  construct: string;
  /** Which option of an own choice question, else null. */
  option: number | null;
  wave: number;
  version: number;
  /** null: all target areas together. */
  area: string | null;
  n: number | null;
  unweighted: Estimate | null;
  weighted: Estimate | null;
}
export interface SurveyResults {
  rows: ResultRow[];
  /**
   * Respondents by area (rows, in `areas` order) × wave (columns, in wave order), each wave's column
   * suppressed with its total (sums across waves are not published, so columns are independent lines).
   */
  respondents: { cells: (number | null)[][]; waveTotals: (number | null)[] };
  /** Per wave: how each area was weighted, and how many answers could not be weighted. */
  weighting: Array<{ wave: number; methods: Record<string, string>; excluded: number; capped: number }>;
}

export function computeResults(input: {
  questions: readonly QuestionSpec[];
  waves: readonly WaveSpec[];
  areas: readonly string[];
  respondents: ReadonlyArray<Respondent & { waveId: string }>;
  answers: readonly AnswerRow[];
  population: readonly PopulationRow[];
  minimum: number;
  capRatio?: number;
}): SurveyResults {
  const { questions, waves, areas, minimum } = input;
  const byResponse = new Map<string, Map<string, AnswerRow>>();
  for (const a of input.answers) {
    let m = byResponse.get(a.responseId);
    if (!m) byResponse.set(a.responseId, (m = new Map()));
    m.set(a.questionKey, a);
  }
  const rows: ResultRow[] = [];
  const weighting: SurveyResults['weighting'] = [];
  // Respondents by area × wave first: an area hidden there is hidden in every question of the wave,
  // so one question's visible base cannot expose another's hidden one.
  const counts = areas.map((a) =>
    waves.map((wv) => input.respondents.filter((r) => r.waveId === wv.id && r.area === a).length),
  );
  const columns = waves.map((_, j) =>
    suppressList(
      counts.map((row) => row[j]!),
      { minimum },
    ),
  );
  const respondentTable = {
    cells: areas.map((_, i) => columns.map((c) => c.cells[i]!)),
    waveTotals: columns.map((c) => c.total),
  };
  for (const [j, wave] of waves.entries()) {
    const areaHidden = areas.map((_, i) => respondentTable.cells[i]![j] === null);
    const people = input.respondents.filter((r) => r.waveId === wave.id);
    const w = weigh(people, input.population, input.capRatio);
    weighting.push({
      wave: wave.number,
      methods: Object.fromEntries(w.methods),
      excluded: w.excluded,
      capped: w.capped,
    });
    for (const q of questions) {
      const lines: Array<number | null> =
        q.measure === 'options' ? Array.from({ length: q.options ?? 0 }, (_, i) => i) : [null];
      if (q.measure === 'none') continue;
      for (const option of lines) {
        // value of each respondent who answered, or undefined
        const valueOf = (r: Respondent): number | undefined => {
          const a = byResponse.get(r.id)?.get(q.key);
          if (!a) return undefined;
          if (q.measure === 'mean') return a.numberValue ?? undefined;
          if (q.measure === 'share')
            return a.numberValue === null ? undefined : (q.favourable ?? []).includes(a.numberValue) ? 1 : 0;
          const picked: number[] = q.multiple
            ? (JSON.parse(a.choiceValues ?? '[]') as number[])
            : a.numberValue === null
              ? []
              : [a.numberValue];
          if (!q.multiple && a.numberValue === null) return undefined;
          return picked.includes(option!) ? 1 : 0;
        };
        const scopes: Array<string | null> = [...areas, null];
        const computed = scopes.map((area) => {
          const inScope = people.filter((p) => area === null || p.area === area);
          const answered = inScope
            .map((p) => [p, valueOf(p)] as const)
            .filter((x): x is readonly [Respondent & { waveId: string }, number] => x[1] !== undefined);
          const values = answered.map((x) => x[1]);
          const est = (vals: number[], wts?: number[]) =>
            q.measure === 'mean' ? meanEstimate(vals, wts) : proportionEstimate(vals as (0 | 1)[], wts);
          const weightedPairs = answered.filter((x) => w.weights.has(x[0].id));
          return {
            area,
            n: values.length,
            unweighted: est(values),
            weighted: weightedPairs.length
              ? est(
                  weightedPairs.map((x) => x[1]),
                  weightedPairs.map((x) => w.weights.get(x[0].id)!),
                )
              : null,
          };
        });
        const ns = suppressList(
          computed.slice(0, -1).map((c) => c.n),
          { minimum },
        );
        const visibleN = [...ns.cells.map((n, i) => (areaHidden[i] ? null : n)), ns.total];
        // The union of both suppressions must still protect: never one hidden base beside a visible
        // total, nor hidden bases adding up to less than the minimum; else the total goes too.
        const hiddenAreas = visibleN
          .slice(0, -1)
          .map((n, i) => (n === null ? computed[i]!.n : -1))
          .filter((n) => n >= 0);
        const hiddenSum = hiddenAreas.reduce((a, b) => a + b, 0);
        if (
          visibleN[visibleN.length - 1] !== null &&
          (hiddenAreas.length === 1 || (hiddenAreas.length > 0 && hiddenSum < minimum))
        )
          visibleN[visibleN.length - 1] = null;
        computed.forEach((c, i) => {
          const shown = visibleN[i] !== null && c.n >= minimum;
          rows.push({
            questionKey: q.key,
            construct: q.construct,
            option,
            wave: wave.number,
            version: wave.versionNumber,
            area: c.area,
            n: visibleN[i] ?? null,
            unweighted: shown ? c.unweighted : null,
            weighted: shown ? c.weighted : null,
          });
        });
      }
    }
  }
  return { rows, respondents: respondentTable, weighting };
}
