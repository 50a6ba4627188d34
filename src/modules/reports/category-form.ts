/**
 * The admin category form (HTML, works without JavaScript) ↔ the service's CategoryInput.
 *
 * A form cannot post nested objects, so every value has a flat name: `names-ky`, `guidance-ru`, and
 * per question row r `q<r>-key`, `q<r>-type`, `q<r>-required`, `q<r>-remove`, `q<r>-label-<locale>`,
 * and for choice questions `q<r>-option-keys` plus `q<r>-options-<locale>` (one option per line, the
 * same order in every box). The page always shows one blank row to add a question; a row whose key
 * and labels are all empty is ignored. Parsing never judges: the service validates, and its field
 * paths are mapped back to these names so each message lands next to its box.
 */
import { LOCALES, type Locale } from '../../shared/i18n.ts';
import type { CategoryInput, CategoryView } from './categories.service.ts';
import { DESKS, QUESTION_TYPES, type CategoryQuestion, type Desk, type LocalText } from './reports.types.ts';

export type CategoryForm = Record<string, string>;

/** The most question rows a form may carry (the service allows 20 questions; one blank row more). */
export const MAX_QUESTION_ROWS = 21;

export interface ParsedCategoryForm {
  input: CategoryInput;
  /** For question i of `input.questions`, the form row it came from. */
  rowOf: number[];
}

const lines = (v: string | undefined): string[] => {
  const out = (v ?? '').split(/\r?\n/).map((s) => s.trim());
  while (out.length && out[out.length - 1] === '') out.pop();
  return out;
};

function localText(form: CategoryForm, prefix: string): LocalText {
  const out: LocalText = {};
  for (const l of LOCALES) out[l] = (form[`${prefix}-${l}`] ?? '').trim();
  return out;
}

const ticked = (v: string | undefined) => v === '1' || v === 'on' || v === 'true';

/** How many question rows the form carries (rows are numbered from 0 without gaps). */
function rowCount(form: CategoryForm): number {
  let n = 0;
  while (n < MAX_QUESTION_ROWS && `q${n}-key` in form) n++;
  return n;
}

export function parseCategoryForm(form: CategoryForm, isNew: boolean): ParsedCategoryForm {
  const questions: CategoryQuestion[] = [];
  const rowOf: number[] = [];
  for (let r = 0; r < rowCount(form); r++) {
    const p = `q${r}`;
    const key = (form[`${p}-key`] ?? '').trim();
    const labels = localText(form, `${p}-label`);
    if (ticked(form[`${p}-remove`])) continue;
    if (!key && Object.values(labels).every((v) => !v)) continue;
    const type = (form[`${p}-type`] ?? '') as CategoryQuestion['type'];
    const q: CategoryQuestion = { key, type, required: ticked(form[`${p}-required`]), labels };
    if (type === 'choice') {
      const keys = lines(form[`${p}-option-keys`]);
      const byLocale = Object.fromEntries(LOCALES.map((l) => [l, lines(form[`${p}-options-${l}`])]));
      q.options = keys.map((value, j) => ({
        value,
        labels: Object.fromEntries(LOCALES.map((l) => [l, byLocale[l]![j] ?? ''])),
      }));
    }
    questions.push(q);
    rowOf.push(r);
  }
  const sortText = (form.sort ?? '').trim();
  const input: CategoryInput = {
    code: isNew ? (form.code ?? '').trim() : '',
    group: (form.group ?? '').trim(),
    names: localText(form, 'names'),
    guidance: localText(form, 'guidance'),
    desk: (form.desk ?? '') as Desk,
    sensitive: ticked(form.sensitive),
    active: ticked(form.active),
    sort: sortText === '' ? 0 : /^\d{1,7}$/.test(sortText) ? Number(sortText) : Number.NaN,
    questions,
  };
  return { input, rowOf };
}

/** A stored category as form values, with one blank row for a new question. */
export function categoryToForm(c: CategoryView | null): CategoryForm {
  const form: CategoryForm = {
    code: c?.code ?? '',
    group: c?.group ?? 'safety',
    desk: c?.desk ?? 'triage',
    sort: String(c?.sort ?? 0),
    sensitive: c?.sensitive ? '1' : '',
    active: !c || c.active ? '1' : '',
  };
  for (const l of LOCALES) {
    form[`names-${l}`] = c?.names[l] ?? '';
    form[`guidance-${l}`] = c?.guidance[l] ?? '';
  }
  const qs = c?.questions ?? [];
  for (let r = 0; r <= qs.length && r < MAX_QUESTION_ROWS; r++) {
    const q = qs[r];
    const p = `q${r}`;
    form[`${p}-key`] = q?.key ?? '';
    form[`${p}-type`] = q?.type ?? 'text';
    form[`${p}-required`] = q?.required ? '1' : '';
    for (const l of LOCALES) {
      form[`${p}-label-${l}`] = q?.labels[l] ?? '';
      form[`${p}-options-${l}`] = (q?.options ?? []).map((o) => o.labels[l] ?? '').join('\n');
    }
    form[`${p}-option-keys`] = (q?.options ?? []).map((o) => o.value).join('\n');
  }
  return form;
}

/** Makes sure a re-shown form (after an error) still has its blank row for a new question. */
export function withBlankRow(form: CategoryForm): CategoryForm {
  const n = rowCount(form);
  const last = n - 1;
  const lastBlank =
    n > 0 &&
    !(form[`q${last}-key`] ?? '').trim() &&
    LOCALES.every((l) => !(form[`q${last}-label-${l}`] ?? '').trim());
  if (lastBlank || n >= MAX_QUESTION_ROWS) return form;
  return { ...form, [`q${n}-key`]: '', [`q${n}-type`]: 'text' };
}

/**
 * The form element that a service field path refers to (`questions.2.labels.ru` → `q<row>-label-ru`),
 * so the message appears next to the right box.
 */
export function formFieldFor(path: string, rowOf: number[]): string {
  const parts = path.split('.');
  const [head] = parts;
  if ((head === 'names' || head === 'guidance') && parts.length === 2) return `${head}-${parts[1]}`;
  if (head === 'names' || head === 'guidance') return `${head}-${LOCALES[0]}`;
  if (head === 'questions') {
    if (parts.length < 3) return 'q0-key';
    const row = rowOf[Number(parts[1])] ?? 0;
    const p = `q${row}`;
    const rest = parts.slice(2);
    if (rest[0] === 'key' || rest[0] === 'type') return `${p}-${rest[0]}`;
    if (rest[0] === 'labels') return `${p}-label-${rest[1] ?? LOCALES[0]}`;
    if (rest[0] === 'options') {
      if (rest[2] === 'labels') return `${p}-options-${rest[3] ?? LOCALES[0]}`;
      return `${p}-option-keys`;
    }
    return `${p}-key`;
  }
  return ['code', 'group', 'desk', 'sort'].includes(head ?? '') ? head! : 'code';
}

export const CATEGORY_GROUPS = ['safety', 'family-youth', 'prevention', 'police', 'other'] as const;
export { DESKS, QUESTION_TYPES };
export type { Locale };
