/**
 * What results may carry when they leave as JSON, CSV or XLSX: the aggregate rows after small-cell
 * suppression (a hidden value is null / empty), never an individual answer.
 */
import ExcelJS from 'exceljs';
import type { Estimate } from './stats/estimate.ts';
import type { SurveyResultsView } from './surveys.service.ts';

export interface ResultLine {
  questionKey: string;
  construct: string;
  itemId: string | null;
  option: number | null;
  measure: string;
  wave: number;
  version: number;
  areaCode: string | null;
  n: number | null;
  unweighted: EstimateOut | null;
  weighted: EstimateOut | null;
}
export interface EstimateOut {
  estimate: number;
  low: number;
  high: number;
  deff: number;
  nEff: number;
}

const round = (x: number, d = 6) => Math.round(x * 10 ** d) / 10 ** d;
const est = (e: Estimate | null): EstimateOut | null =>
  e
    ? {
        estimate: round(e.estimate),
        low: round(e.low),
        high: round(e.high),
        deff: round(e.deff, 4),
        nEff: round(e.nEff, 2),
      }
    : null;

export function presentResults(view: SurveyResultsView): {
  surveyId: string;
  minimum: number;
  rows: ResultLine[];
} {
  const questions = new Map(view.questions.map((q) => [q.key, q]));
  const specs = new Map(view.specs.map((s) => [s.key, s]));
  return {
    surveyId: view.survey.id,
    minimum: view.minimum,
    rows: view.results.rows.map((r) => {
      const q = questions.get(r.questionKey);
      return {
        questionKey: r.questionKey,
        construct: r.construct,
        itemId: q?.source === 'bank' ? q.itemId : null,
        option: r.option,
        measure: specs.get(r.questionKey)?.measure ?? 'none',
        wave: r.wave,
        version: r.version,
        areaCode: r.area,
        n: r.n,
        unweighted: est(r.unweighted),
        weighted: est(r.weighted),
      };
    }),
  };
}

const COLUMNS = [
  'question',
  'construct',
  'item',
  'option',
  'measure',
  'wave',
  'version',
  'area',
  'n',
  'estimate',
  'ci_low',
  'ci_high',
  'weighted_estimate',
  'weighted_ci_low',
  'weighted_ci_high',
  'design_effect',
  'effective_n',
] as const;

function flat(l: ResultLine): (string | number | null)[] {
  return [
    l.questionKey,
    l.construct,
    l.itemId,
    l.option,
    l.measure,
    l.wave,
    l.version,
    l.areaCode ?? 'all',
    l.n,
    l.unweighted?.estimate ?? null,
    l.unweighted?.low ?? null,
    l.unweighted?.high ?? null,
    l.weighted?.estimate ?? null,
    l.weighted?.low ?? null,
    l.weighted?.high ?? null,
    l.weighted?.deff ?? null,
    l.weighted?.nEff ?? null,
  ];
}

const csvCell = (v: string | number | null) => {
  if (v === null) return '';
  const s = String(v);
  // A leading =, +, - or @ would be read as a formula by spreadsheets.
  const safe = /^[=+\-@]/.test(s) && !/^-?\d/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export function resultsCsv(view: SurveyResultsView): string {
  const lines = [COLUMNS.join(','), ...presentResults(view).rows.map((l) => flat(l).map(csvCell).join(','))];
  return lines.join('\r\n') + '\r\n';
}

export async function resultsXlsx(view: SurveyResultsView): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('results');
  sheet.addRow([...COLUMNS]);
  for (const l of presentResults(view).rows) sheet.addRow(flat(l));
  const resp = wb.addWorksheet('respondents');
  resp.addRow(['area', ...view.waves.map((w) => `wave ${w.number}`)]);
  resp.addRow(['all', ...view.results.respondents.waveTotals]);
  view.targets.forEach((t, i) =>
    resp.addRow([t.area_code, ...view.waves.map((_, j) => view.results.respondents.cells[i]?.[j] ?? null)]),
  );
  return Buffer.from(await wb.xlsx.writeBuffer());
}
