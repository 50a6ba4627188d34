/**
 * The shape of a questionnaire and the fixed lists around it. The builder may only ever offer these
 * question kinds and these demographics: no-profiling (PRODUCT.md) — never religion, ethnicity,
 * beliefs or names. `surveys.profiling.test.ts` walks these lists, the schema and the builder forms.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LOCALES, type Locale } from '../../config.ts';

export const QUESTION_KINDS = ['single', 'multiple', 'scale', 'number', 'text'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

/** The only demographics a survey may ask, each optional for the respondent. */
export const DEMOGRAPHICS = ['gender', 'age_band', 'residence'] as const;
export type Demographic = (typeof DEMOGRAPHICS)[number];
export const GENDERS = ['female', 'male'] as const;
export type Gender = (typeof GENDERS)[number];
/** Adults only; the bands of the population tables. */
export const AGE_BANDS = ['18-29', '30-44', '45-59', '60+'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export const TRANSLATION_STATUSES = ['draft', 'reviewed', 'back_translated'] as const;
export type TranslationStatus = (typeof TRANSLATION_STATUSES)[number];
/** A locale may be published only when every bank item it uses is at least reviewed. */
export const PUBLISHABLE: readonly TranslationStatus[] = ['reviewed', 'back_translated'];

export type LocaleText = Partial<Record<Locale, string>>;

export interface BankQuestion {
  key: string;
  source: 'bank';
  itemId: string;
}
export interface OwnQuestion {
  key: string;
  source: 'own';
  kind: QuestionKind;
  text: LocaleText;
  /** Choice questions: one entry per option, each with its text per language. */
  options: LocaleText[];
}
export type Question = BankQuestion | OwnQuestion;

export interface Section {
  key: string;
  title: LocaleText;
  questions: Question[];
}

export interface SurveyDefinition {
  languages: Locale[];
  /** What respondents see as the survey's name, per language. */
  title: LocaleText;
  sections: Section[];
  demographics: Demographic[];
  /** Highest question number ever given: keys are never reused, so results across versions agree. */
  lastQuestion: number;
}

export function emptyDefinition(): SurveyDefinition {
  return { languages: [], title: {}, sections: [], demographics: [], lastQuestion: 0 };
}

export function parseDefinition(raw: string): SurveyDefinition {
  const d = JSON.parse(raw) as Partial<SurveyDefinition>;
  return {
    languages: (d.languages ?? []).filter((l): l is Locale => (LOCALES as readonly string[]).includes(l)),
    title: d.title ?? {},
    sections: d.sections ?? [],
    demographics: (d.demographics ?? []).filter((x) => (DEMOGRAPHICS as readonly string[]).includes(x)),
    lastQuestion: d.lastQuestion ?? 0,
  };
}

// --- the scales of the item bank -----------------------------------------------------------------

export interface NumericScale {
  kind: 'numeric';
  min: number;
  max: number;
}
export interface ChoiceScale {
  kind: 'choice';
  /** Number of options (their words are in the catalogs: surveyPublic.scale.<key>.<i>). */
  options: number;
  /** Options that count as the favourable answer for a proportion ("agree" or "agree strongly"). */
  favourable: number[];
}
export type Scale = NumericScale | ChoiceScale;

interface BankFile {
  constructs: Record<string, string>;
  scales: Record<string, { min?: number; max?: number; options?: string[] }>;
  items: Array<{
    id: string;
    source: string;
    status: string;
    construct: string;
    scale: string;
    text: string;
  }>;
  post_contact: { items: Array<{ id: string; scale: string; text: string }> };
}

const SEED_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../seed/surveys');
export const BANK: BankFile = JSON.parse(readFileSync(path.join(SEED_DIR, 'item-bank.json'), 'utf8'));
export const BANK_TRANSLATIONS: { items: Record<string, Partial<Record<Locale, string>>> } = JSON.parse(
  readFileSync(path.join(SEED_DIR, 'item-translations.json'), 'utf8'),
);

/**
 * Which options of a choice scale are favourable, by scale. Decided here, not in the seed: the
 * convention of the source surveys (CSEW reports "excellent or good" and "strongly agree or agree").
 */
const FAVOURABLE: Record<string, number[]> = {
  '1-4-often': [2, 3],
  '5-agree': [0, 1],
  '5-job': [0, 1],
  '4-safe': [0, 1],
  '4-likely': [0, 1],
  '4-frequency-patrol': [0, 1],
  'yes-partly-no': [0],
};

export const SCALES: Record<string, Scale> = {
  ...Object.fromEntries(
    Object.entries(BANK.scales).map(([key, s]): [string, Scale] =>
      s.options
        ? [key, { kind: 'choice', options: s.options.length, favourable: FAVOURABLE[key] ?? [0] }]
        : [key, { kind: 'numeric', min: s.min ?? 0, max: s.max ?? 10 }],
    ),
  ),
  'yes-partly-no': { kind: 'choice', options: 3, favourable: [0] },
};

/** The constructs a result is grouped by; own questions fall under "own". */
export const CONSTRUCTS = [...Object.keys(BANK.constructs), 'post_contact', 'own'] as const;
