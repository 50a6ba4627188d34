/**
 * Population tables as administrators load them: CSV with the header
 * `area_code,gender,age_band,population`. Either full cells (a gender and an age band on each row)
 * or margins (`*` in the other column: a row per gender with age_band `*`, and a row per age band
 * with gender `*`) — one kind per area. Every row is checked and every problem reported with its
 * line number, so a clerk can fix the file in one go. Pure: the area codes are checked by the caller.
 */
import { AGE_BANDS, GENDERS } from '../surveys.types.ts';
import { ANY, type PopulationRow } from './weights.ts';

export const POPULATION_HEADER = ['area_code', 'gender', 'age_band', 'population'] as const;
export const MAX_POPULATION_ROWS = 20_000;

export interface RowError {
  line: number;
  field: (typeof POPULATION_HEADER)[number] | 'row';
  message: string;
}

/** A filled-in example for one area: every gender × age band, population to be typed. */
export function populationTemplate(areaCodes: readonly string[]): string {
  const lines = [POPULATION_HEADER.join(',')];
  for (const area of areaCodes.length ? areaCodes : ['KG-O.kara-suu'])
    for (const g of GENDERS) for (const a of AGE_BANDS) lines.push(`${area},${g},${a},`);
  return lines.join('\r\n') + '\r\n';
}

/** Splits one CSV line (RFC 4180 quotes; no line breaks inside fields). */
export function splitCsvLine(line: string): string[] | null {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"' && cur === '') quoted = true;
    else if (ch === ',' || ch === ';') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (quoted) return null;
  out.push(cur);
  return out.map((s) => s.trim());
}

export function parsePopulationCsv(text: string): { rows: PopulationRow[]; errors: RowError[] } {
  const errors: RowError[] = [];
  const rows: PopulationRow[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  while (lines.length && lines[lines.length - 1]!.trim() === '') lines.pop();
  const header = splitCsvLine(lines[0] ?? '')?.map((h) => h.toLowerCase());
  if (!header || header.join(',') !== POPULATION_HEADER.join(',')) {
    errors.push({ line: 1, field: 'row', message: `the first line must be ${POPULATION_HEADER.join(',')}` });
    return { rows, errors };
  }
  if (lines.length - 1 > MAX_POPULATION_ROWS)
    return { rows, errors: [{ line: 1, field: 'row', message: `at most ${MAX_POPULATION_ROWS} rows` }] };
  const seen = new Map<string, number>();
  const kinds = new Map<string, { kind: 'cell' | 'margin'; line: number }>();
  for (let i = 1; i < lines.length; i++) {
    const line = i + 1;
    if (lines[i]!.trim() === '') continue;
    const f = splitCsvLine(lines[i]!);
    if (!f || f.length !== 4) {
      errors.push({
        line,
        field: 'row',
        message: 'a row has exactly 4 fields: area_code,gender,age_band,population',
      });
      continue;
    }
    const [area, gender, ageBand, pop] = f as [string, string, string, string];
    let ok = true;
    if (!/^[A-Z]{2}(-[A-Za-z0-9]+)?(\.[a-z0-9-]+)*$/.test(area)) {
      errors.push({ line, field: 'area_code', message: `"${area.slice(0, 40)}" is not an area code` });
      ok = false;
    }
    if (gender !== ANY && !(GENDERS as readonly string[]).includes(gender)) {
      errors.push({ line, field: 'gender', message: `gender must be ${GENDERS.join(', ')} or *` });
      ok = false;
    }
    if (ageBand !== ANY && !(AGE_BANDS as readonly string[]).includes(ageBand)) {
      errors.push({ line, field: 'age_band', message: `age_band must be ${AGE_BANDS.join(', ')} or *` });
      ok = false;
    }
    if (gender === ANY && ageBand === ANY) {
      errors.push({ line, field: 'row', message: 'gender and age_band cannot both be *' });
      ok = false;
    }
    if (!/^\d{1,9}$/.test(pop.replace(/[\s\u00a0]/g, ''))) {
      errors.push({ line, field: 'population', message: 'population must be a whole number (0 or more)' });
      ok = false;
    }
    if (!ok) continue;
    const key = `${area}|${gender}|${ageBand}`;
    if (seen.has(key)) {
      errors.push({
        line,
        field: 'row',
        message: `the same area, gender and age band as line ${seen.get(key)}`,
      });
      continue;
    }
    seen.set(key, line);
    const kind = gender === ANY || ageBand === ANY ? 'margin' : 'cell';
    const first = kinds.get(area);
    if (first && first.kind !== kind) {
      errors.push({
        line,
        field: 'row',
        message: `line ${first.line} gives ${first.kind}s for this area: use cells or margins, not both`,
      });
      continue;
    }
    if (!first) kinds.set(area, { kind, line });
    rows.push({ area, gender, ageBand, population: Number(pop.replace(/[\s\u00a0]/g, '')) });
  }
  // Margins: each area needs both dimensions, with the same total.
  for (const [area, k] of kinds) {
    if (k.kind !== 'margin') continue;
    const g = rows.filter((r) => r.area === area && r.ageBand === ANY).reduce((a, r) => a + r.population, 0);
    const a = rows.filter((r) => r.area === area && r.gender === ANY).reduce((s, r) => s + r.population, 0);
    if (g === 0 || a === 0)
      errors.push({
        line: k.line,
        field: 'row',
        message: `${area}: margins need rows for both genders and age bands`,
      });
    else if (Math.abs(g - a) > 0.02 * Math.max(g, a))
      errors.push({
        line: k.line,
        field: 'row',
        message: `${area}: gender margins add up to ${g} but age-band margins to ${a}`,
      });
  }
  if (rows.length === 0 && errors.length === 0)
    errors.push({ line: 2, field: 'row', message: 'the file has no rows' });
  return { rows: errors.length ? [] : rows, errors };
}
