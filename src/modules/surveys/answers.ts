/**
 * Reading a respondent's submitted form against the questionnaire (pure: the fast-check tests feed
 * it anything). Every question is optional — answering is voluntary — but what is given must fit:
 * a choice among the offered options, a whole number 0–10 on a scale, a number within bounds, a
 * short text within its length. Unknown fields are refused, never stored.
 */
import {
  AGE_BANDS,
  GENDERS,
  SCALES,
  type Demographic,
  type Question,
  type QuestionKind,
  type SurveyDefinition,
} from './surveys.types.ts';

export type FormValue = string | string[] | undefined;
export type SubmittedForm = Record<string, FormValue>;

export interface ParsedAnswer {
  questionKey: string;
  numberValue: number | null;
  textValue: string | null;
  choiceValues: number[] | null;
}
export interface ParsedResponse {
  answers: ParsedAnswer[];
  gender: string | null;
  ageBand: string | null;
  residence: string | null;
}
export type AnswerError = 'choice' | 'scale' | 'number' | 'text' | 'unknown' | 'empty' | 'demographic';

export const SHORT_TEXT_MAX = 500;
export const NUMBER_MIN = -1_000_000;
export const NUMBER_MAX = 1_000_000;
/** Form fields that are not answers (the page's own). */
const FORM_FIELDS = new Set(['_csrf', 'locale']);

export const questionField = (key: string) => `q_${key}`;
export const demographicField = (d: Demographic) => `d_${d}`;

/** What a question asks for, whether from the bank or the builder's own. */
export function questionShape(
  q: Question,
  itemScale: (itemId: string) => string | undefined,
): { kind: QuestionKind; options: number; min: number; max: number } {
  if (q.source === 'own') {
    return { kind: q.kind, options: q.options.length, min: 0, max: 10 };
  }
  const scale = SCALES[itemScale(q.itemId) ?? ''];
  if (!scale) return { kind: 'text', options: 0, min: 0, max: 0 };
  return scale.kind === 'numeric'
    ? { kind: 'scale', options: 0, min: scale.min, max: scale.max }
    : { kind: 'single', options: scale.options, min: 0, max: 0 };
}

const one = (v: FormValue): string | undefined =>
  Array.isArray(v) ? (v.length === 1 ? v[0] : undefined) : v;
const many = (v: FormValue): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** A whole number written plainly (no exponent, no spaces, no leading +), or null. */
export function parseWhole(raw: string): number | null {
  if (!/^-?\d{1,9}$/.test(raw)) return null;
  return Number(raw);
}
/** A decimal number as people type it ("12", "12.5", "12,5"), or null. */
export function parseDecimal(raw: string): number | null {
  const s = raw.trim().replace(',', '.');
  if (!/^-?\d{1,9}(\.\d{1,4})?$/.test(s)) return null;
  return Number(s);
}

export function parseResponse(
  def: SurveyDefinition,
  itemScale: (itemId: string) => string | undefined,
  form: SubmittedForm,
  residenceChoices: readonly string[],
): { ok: true; value: ParsedResponse } | { ok: false; errors: Record<string, AnswerError> } {
  const errors: Record<string, AnswerError> = {};
  const known = new Set<string>(FORM_FIELDS);
  const answers: ParsedAnswer[] = [];
  for (const section of def.sections) {
    for (const q of section.questions) {
      const field = questionField(q.key);
      known.add(field);
      const raw = form[field];
      const shape = questionShape(q, itemScale);
      if (shape.kind === 'multiple') {
        const picked = many(raw).filter((s) => s !== '');
        if (picked.length === 0) continue;
        const idx = picked.map((s) => parseWhole(s));
        if (idx.some((i) => i === null || i < 0 || i >= shape.options) || new Set(idx).size !== idx.length) {
          errors[field] = 'choice';
          continue;
        }
        answers.push({
          questionKey: q.key,
          numberValue: null,
          textValue: null,
          choiceValues: (idx as number[]).sort((a, b) => a - b),
        });
        continue;
      }
      const value = one(raw);
      if (raw !== undefined && value === undefined) {
        errors[field] = shape.kind === 'single' ? 'choice' : shape.kind === 'text' ? 'text' : 'number';
        continue;
      }
      const s = (value ?? '').trim();
      if (s === '') continue;
      if (shape.kind === 'single') {
        const i = parseWhole(s);
        if (i === null || i < 0 || i >= shape.options) errors[field] = 'choice';
        else answers.push({ questionKey: q.key, numberValue: i, textValue: null, choiceValues: null });
      } else if (shape.kind === 'scale') {
        const n = parseWhole(s);
        if (n === null || n < shape.min || n > shape.max) errors[field] = 'scale';
        else answers.push({ questionKey: q.key, numberValue: n, textValue: null, choiceValues: null });
      } else if (shape.kind === 'number') {
        const n = parseDecimal(s);
        if (n === null || n < NUMBER_MIN || n > NUMBER_MAX) errors[field] = 'number';
        else answers.push({ questionKey: q.key, numberValue: n, textValue: null, choiceValues: null });
      } else {
        // Control characters other than line breaks are refused rather than stored.
        // eslint-disable-next-line no-control-regex
        if (s.length > SHORT_TEXT_MAX || /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s))
          errors[field] = 'text';
        else answers.push({ questionKey: q.key, numberValue: null, textValue: s, choiceValues: null });
      }
    }
  }
  const demo = (d: Demographic, allowed: readonly string[]): string | null => {
    const field = demographicField(d);
    known.add(field);
    if (!def.demographics.includes(d)) {
      if (form[field] !== undefined && form[field] !== '') errors[field] = 'unknown';
      return null;
    }
    const raw = form[field];
    const v = one(raw);
    if (raw !== undefined && v === undefined) {
      errors[field] = 'demographic';
      return null;
    }
    if (v === undefined || v === '') return null;
    if (!allowed.includes(v)) {
      errors[field] = 'demographic';
      return null;
    }
    return v;
  };
  const gender = demo('gender', GENDERS);
  const ageBand = demo('age_band', AGE_BANDS);
  const residence = demo('residence', residenceChoices);
  for (const k of Object.keys(form)) if (!known.has(k)) errors[k] = 'unknown';
  if (Object.keys(errors).length) return { ok: false, errors };
  if (answers.length === 0) return { ok: false, errors: { answers: 'empty' } };
  return { ok: true, value: { answers, gender, ageBand, residence } };
}
