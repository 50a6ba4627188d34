/**
 * Catalog keys for the module's fixed lists, written out whole so the i18n test can see that each
 * key is used (and a new list entry without words fails to compile).
 */
import type { AnswerError } from '../answers.ts';
import type { AgeBand, Demographic, Gender, QuestionKind, TranslationStatus } from '../surveys.types.ts';

export const KIND_KEYS: Record<QuestionKind, string> = {
  single: 'surveys.kind.single',
  multiple: 'surveys.kind.multiple',
  scale: 'surveys.kind.scale',
  number: 'surveys.kind.number',
  text: 'surveys.kind.text',
};
export const DEMOGRAPHIC_KEYS: Record<Demographic, string> = {
  gender: 'surveys.demographic.gender',
  age_band: 'surveys.demographic.age_band',
  residence: 'surveys.demographic.residence',
};
export const VERSION_STATUS_KEYS: Record<string, string> = {
  draft: 'surveys.versionStatus.draft',
  published: 'surveys.versionStatus.published',
};
export const ITEM_STATUS_KEYS: Record<string, string> = {
  verbatim: 'surveys.itemStatus.verbatim',
  paraphrase: 'surveys.itemStatus.paraphrase',
};
export const TRANSLATION_KEYS: Record<TranslationStatus, string> = {
  draft: 'surveys.translation.draft',
  reviewed: 'surveys.translation.reviewed',
  back_translated: 'surveys.translation.back_translated',
};
export const HELD_KEYS = {
  accepted: 'surveys.builder.heldAccept',
  rejected: 'surveys.builder.heldReject',
} as const;
export const FIELD_ERROR_KEYS: Record<string, string> = {
  title: 'surveys.errors.title',
  areaCode: 'surveys.errors.areaCode',
  targetArea: 'surveys.errors.areaCode',
  languages: 'surveys.errors.languages',
  demographics: 'surveys.errors.demographics',
  sectionTitle: 'surveys.errors.sectionTitle',
  section: 'surveys.errors.section',
  ownSection: 'surveys.errors.section',
  itemId: 'surveys.errors.itemId',
  questionText: 'surveys.errors.questionText',
  options: 'surveys.errors.options',
  kind: 'surveys.errors.kind',
  questions: 'surveys.errors.questions',
  targetSample: 'surveys.errors.targetSample',
  quota: 'surveys.errors.quota',
  opensDate: 'surveys.errors.opensDate',
  closesDate: 'surveys.errors.closesDate',
  text: 'surveys.errors.text',
  backTranslation: 'surveys.errors.backTranslation',
  status: 'surveys.errors.status',
};

export const ANSWER_ERROR_KEYS: Record<AnswerError, string> = {
  choice: 'surveyPublic.errors.choice',
  scale: 'surveyPublic.errors.scale',
  number: 'surveyPublic.errors.number',
  text: 'surveyPublic.errors.text',
  unknown: 'surveyPublic.errors.unknown',
  empty: 'surveyPublic.errors.empty',
  demographic: 'surveyPublic.errors.demographic',
};
export const MESSAGE_KEYS = {
  thanks: 'surveyPublic.message.thanks',
  answered: 'surveyPublic.message.answered',
  not_open: 'surveyPublic.message.not_open',
  full: 'surveyPublic.message.full',
} as const;
export const GENDER_KEYS: Record<Gender, string> = {
  female: 'surveyPublic.genders.female',
  male: 'surveyPublic.genders.male',
};
export const AGE_BAND_KEYS: Record<AgeBand, string> = {
  '18-29': 'surveyPublic.ageBands.a18_29',
  '30-44': 'surveyPublic.ageBands.a30_44',
  '45-59': 'surveyPublic.ageBands.a45_59',
  '60+': 'surveyPublic.ageBands.a60plus',
};
/** The deployment's country as the item translations use it ("in [country]"). */
export const COUNTRY_KEYS: Record<string, string> = {
  KG: 'surveyPublic.country.KG',
  KZ: 'surveyPublic.country.KZ',
  TJ: 'surveyPublic.country.TJ',
};

/** Words of each bank scale: the options in order, or the two ends of a 0–10 scale. */
export const SCALE_KEYS: Record<string, string[]> = {
  '0-10-success': ['surveyPublic.scale.0-10-success.min', 'surveyPublic.scale.0-10-success.max'],
  '0-10-speed': ['surveyPublic.scale.0-10-speed.min', 'surveyPublic.scale.0-10-speed.max'],
  '0-10-trust': ['surveyPublic.scale.0-10-trust.min', 'surveyPublic.scale.0-10-trust.max'],
  '0-10-duty': ['surveyPublic.scale.0-10-duty.min', 'surveyPublic.scale.0-10-duty.max'],
  '1-4-often': [
    'surveyPublic.scale.1-4-often.o0',
    'surveyPublic.scale.1-4-often.o1',
    'surveyPublic.scale.1-4-often.o2',
    'surveyPublic.scale.1-4-often.o3',
  ],
  '5-agree': [
    'surveyPublic.scale.5-agree.o0',
    'surveyPublic.scale.5-agree.o1',
    'surveyPublic.scale.5-agree.o2',
    'surveyPublic.scale.5-agree.o3',
    'surveyPublic.scale.5-agree.o4',
  ],
  '5-job': [
    'surveyPublic.scale.5-job.o0',
    'surveyPublic.scale.5-job.o1',
    'surveyPublic.scale.5-job.o2',
    'surveyPublic.scale.5-job.o3',
    'surveyPublic.scale.5-job.o4',
  ],
  '4-safe': [
    'surveyPublic.scale.4-safe.o0',
    'surveyPublic.scale.4-safe.o1',
    'surveyPublic.scale.4-safe.o2',
    'surveyPublic.scale.4-safe.o3',
  ],
  '4-likely': [
    'surveyPublic.scale.4-likely.o0',
    'surveyPublic.scale.4-likely.o1',
    'surveyPublic.scale.4-likely.o2',
    'surveyPublic.scale.4-likely.o3',
  ],
  '4-frequency-patrol': [
    'surveyPublic.scale.4-frequency-patrol.o0',
    'surveyPublic.scale.4-frequency-patrol.o1',
    'surveyPublic.scale.4-frequency-patrol.o2',
    'surveyPublic.scale.4-frequency-patrol.o3',
  ],
  'yes-partly-no': [
    'surveyPublic.scale.yes-partly-no.o0',
    'surveyPublic.scale.yes-partly-no.o1',
    'surveyPublic.scale.yes-partly-no.o2',
  ],
};

export const METHOD_KEYS: Record<string, string> = {
  cells: 'surveys.results.method.cells',
  raking: 'surveys.results.method.raking',
  none: 'surveys.results.method.none',
};
export const CONSTRUCT_KEYS: Record<string, string> = {
  effectiveness: 'surveys.construct.effectiveness',
  fairness: 'surveys.construct.fairness',
  obligation: 'surveys.construct.obligation',
  alignment: 'surveys.construct.alignment',
  cooperation: 'surveys.construct.cooperation',
  confidence: 'surveys.construct.confidence',
  safety: 'surveys.construct.safety',
  visibility: 'surveys.construct.visibility',
  trust: 'surveys.construct.trust',
  post_contact: 'surveys.construct.post_contact',
  own: 'surveys.construct.own',
};
