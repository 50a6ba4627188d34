/**
 * Trust and safety surveys. Rules:
 * - A survey belongs to an area (the jurisdiction of those who build it); its target areas lie
 *   within it, each with a target sample, a quota and its own public link.
 * - The questionnaire is versioned: the current version is a draft until published; a published
 *   version is frozen, and an edit after publication opens the next version (a copy). A language can
 *   be published only when every bank item it uses is at least "reviewed" in it, and the survey's
 *   title and own questions are written in it.
 * - A wave is a collection period on the published version; answers record the wave and version.
 * - Answers are anonymous: no person, IP address, user agent or time finer than the day is stored.
 *   Per link: beyond a burst in a 10-minute window answers are held for review; beyond the limit
 *   they are refused; past the area's quota the wave takes no more.
 * - Every change is audited in its transaction (answers are not: an audit row per answer would
 *   itself be a trail).
 */
import { randomBytes } from 'node:crypto';
import type { Database, Trx } from '../../db/database.ts';
import type { Survey, SurveyItem, SurveyItemText, SurveyTarget, SurveyWave } from '../../db/schema.ts';
import type { Locale } from '../../config.ts';
import {
  AppError,
  ConflictError,
  NotFoundError,
  TooManyRequestsError,
  ValidationError,
} from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { authorize, can, jurisdictionPaths, type Actor } from '../../shared/policy.ts';
import { clock, nowIso } from '../../shared/time.ts';
import { wallTimeToUtc } from '../../shared/time-format.ts';
import { areaRepository } from '../accounts/organisations.repository.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { parseResponse, type SubmittedForm, type AnswerError } from './answers.ts';
import { SURVEY, SURVEY_ITEM, SURVEY_ROLES } from './surveys.policy.ts';
import {
  itemRepository,
  linkWindowRepository,
  responseRepository,
  surveyRepository,
} from './surveys.repository.ts';
import {
  DEMOGRAPHICS,
  emptyDefinition,
  parseDefinition,
  PUBLISHABLE,
  QUESTION_KINDS,
  TRANSLATION_STATUSES,
  type Demographic,
  type LocaleText,
  type OwnQuestion,
  type QuestionKind,
  type SurveyDefinition,
  type TranslationStatus,
} from './surveys.types.ts';
import { LOCALES } from '../../config.ts';
import { DEFAULT_SMALL_CELL_MINIMUM } from '../../shared/stats/small-cells.ts';
import { parsePopulationCsv, type RowError } from './stats/population-csv.ts';
import { computeResults, type QuestionSpec, type SurveyResults } from './stats/results.ts';
import { SCALES, type Question } from './surveys.types.ts';
import { populationRepository } from './surveys.repository.ts';
import { SURVEY_POPULATION, POPULATION_ROLES } from './surveys.policy.ts';
import type { SurveyPopulation } from '../../db/schema.ts';

/** Answers per link in one 10-minute window before further ones are held for review. */
export const BURST_PER_WINDOW = 20;
/** Answers per link in one 10-minute window before further ones are refused. */
export const LIMIT_PER_WINDOW = 100;
export const WINDOW_MS = 10 * 60_000;
const MAX_QUESTIONS = 80;
const MAX_TARGET = 100_000;

export interface ItemView {
  item: SurveyItem;
  texts: SurveyItemText[];
}
export interface TargetView extends SurveyTarget {
  areaNames: string;
}
export interface SurveyDetail {
  survey: Survey;
  definition: SurveyDefinition;
  versionNumber: number;
  versionStatus: 'draft' | 'published';
  versions: Array<{ number: number; status: string; published_at: string | null }>;
  targets: TargetView[];
  waves: SurveyWave[];
  counts: Array<{ wave_id: string; area_code: string; status: string; n: number }>;
  items: Map<string, ItemView>;
  /** Per language of the draft, what stops it from being published (empty: ready). */
  blockers: Record<string, string[]>;
}
export interface SurveyResultsView {
  survey: Survey;
  waves: SurveyWave[];
  targets: TargetView[];
  questions: Question[];
  specs: QuestionSpec[];
  items: Map<string, ItemView>;
  results: SurveyResults;
  minimum: number;
}
export interface PublicSurvey {
  survey: Survey;
  target: SurveyTarget;
  wave: SurveyWave | null;
  definition: SurveyDefinition;
  items: Map<string, ItemView>;
  /** 'open' | 'not_open' (no wave running) | 'full' (the area's quota is reached). */
  state: 'open' | 'not_open' | 'full';
  areaNames: string;
  targets: TargetView[];
}

const text = (v: unknown, field: string, max: number, required = true): string => {
  const s = typeof v === 'string' ? v.trim() : '';
  if (required && !s) throw new ValidationError(`${field} is required`, field);
  if (s.length > max) throw new ValidationError(`${field} is at most ${max} characters`, field);
  return s;
};
const whole = (v: unknown, field: string, min: number, max: number): number => {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
    throw new ValidationError(`${field} must be a whole number from ${min} to ${max}`, field);
  return v;
};
const isLocale = (l: string): l is Locale => (LOCALES as readonly string[]).includes(l);

export class SurveysService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    /** Results with a base below this are suppressed (config SMALL_CELL_MINIMUM). */
    private readonly smallCellMinimum = DEFAULT_SMALL_CELL_MINIMUM,
  ) {}

  // --- item bank ---------------------------------------------------------------------------------

  async listItems(actor: Actor): Promise<ItemView[]> {
    authorize(actor, 'list', SURVEY_ITEM);
    return this.itemViews(this.db.read);
  }

  private async itemViews(db: Database['read'] | Trx, ids?: string[]): Promise<ItemView[]> {
    const items = (await itemRepository.all(db)).filter((i) => !ids || ids.includes(i.id));
    const texts = await itemRepository.texts(db, ids);
    return items.map((item) => ({ item, texts: texts.filter((t) => t.item_id === item.id) }));
  }

  async getItem(actor: Actor, input: { id: string }): Promise<ItemView> {
    authorize(actor, 'list', SURVEY_ITEM);
    const [view] = await this.itemViews(this.db.read, [input.id]);
    if (!view) throw new NotFoundError('survey_item');
    return view;
  }

  /** A translation of a bank item, with its review status ("back-translated" needs the back-translation). */
  async saveTranslation(
    actor: Actor,
    input: {
      itemId: string;
      locale: string;
      text: string;
      status: string;
      backTranslation?: string;
      notes?: string;
    },
  ): Promise<void> {
    const role = authorize(actor, 'translate', SURVEY_ITEM);
    if (!isLocale(input.locale)) throw new ValidationError('locale is not one of the languages', 'locale');
    const wording = text(input.text, 'text', 2000);
    if (!(TRANSLATION_STATUSES as readonly string[]).includes(input.status))
      throw new ValidationError('status must be draft, reviewed or back_translated', 'status');
    const status = input.status as TranslationStatus;
    const back = text(input.backTranslation, 'backTranslation', 2000, false);
    if (status === 'back_translated' && !back)
      throw new ValidationError('a back-translated text needs its back-translation', 'backTranslation');
    const notes = text(input.notes, 'notes', 4000, false);
    await this.db.write(async (trx) => {
      if (!(await itemRepository.getById(trx, input.itemId))) throw new NotFoundError('survey_item');
      await itemRepository.upsertText(trx, {
        item_id: input.itemId,
        locale: input.locale,
        text: wording,
        status,
        back_translation: back || null,
        reviewer_notes: notes,
        updated_by: actor.personId,
        updated_at: nowIso(),
      });
      await this.audit.record(trx, {
        actor,
        role,
        action: 'survey_item.translated',
        subjectType: SURVEY_ITEM,
        subjectId: input.itemId,
        details: { locale: input.locale, status },
      });
    });
  }

  // --- surveys -----------------------------------------------------------------------------------

  async list(actor: Actor): Promise<Survey[]> {
    authorize(actor, 'list', SURVEY);
    return surveyRepository.list(this.db.read, jurisdictionPaths(actor, SURVEY_ROLES));
  }

  async create(actor: Actor, input: { title: string; areaCode: string }): Promise<Survey> {
    const title = text(input.title, 'title', 300);
    const areaCode = text(input.areaCode, 'areaCode', 64);
    const path = (await areaRepository.currentPaths(this.db.read, [areaCode])).get(areaCode);
    if (!path) throw new ValidationError('areaCode is not a known area', 'areaCode');
    const role = authorize(actor, 'create', SURVEY, { areaPath: path });
    const at = nowIso();
    const survey: Survey = {
      id: newId(),
      title,
      area_code: areaCode,
      area_path: path,
      current_version: 1,
      published_version: null,
      created_by: actor.personId,
      created_at: at,
      updated_at: at,
    };
    await this.db.write(async (trx) => {
      await surveyRepository.insert(trx, survey);
      await surveyRepository.insertVersion(trx, {
        survey_id: survey.id,
        number: 1,
        definition: JSON.stringify(emptyDefinition()),
        status: 'draft',
        published_at: null,
        created_by: actor.personId,
        created_at: at,
        updated_at: at,
      });
      await this.audit.record(trx, {
        actor,
        role,
        action: 'survey.created',
        subjectType: SURVEY,
        subjectId: survey.id,
        details: { areaCode },
      });
    });
    return survey;
  }

  /** The survey as the actor may see it (404 when not theirs or missing — the same answer). */
  private async visible(actor: Actor, id: string, action: string): Promise<{ survey: Survey; role: string }> {
    const survey = await surveyRepository.getById(this.db.read, id);
    if (!survey) {
      authorize(actor, 'list', SURVEY);
      throw new NotFoundError('survey');
    }
    const role = authorize(actor, action, SURVEY, { areaPath: survey.area_path });
    return { survey, role };
  }

  async get(actor: Actor, input: { id: string }): Promise<SurveyDetail> {
    const { survey } = await this.visible(actor, input.id, 'read');
    const version = (await surveyRepository.version(this.db.read, survey.id, survey.current_version))!;
    const definition = parseDefinition(version.definition);
    const itemIds = bankItemIds(definition);
    const items = new Map((await this.itemViews(this.db.read, itemIds)).map((v) => [v.item.id, v]));
    return {
      survey,
      definition,
      versionNumber: version.number,
      versionStatus: version.status,
      versions: await surveyRepository.versions(this.db.read, survey.id),
      targets: await this.targetViews(survey.id),
      waves: await surveyRepository.waves(this.db.read, survey.id),
      counts: (await responseRepository.counts(this.db.read, survey.id)).map((c) => ({
        ...c,
        n: Number(c.n),
      })),
      items,
      blockers: publishBlockers(definition, items),
    };
  }

  private async targetViews(surveyId: string): Promise<TargetView[]> {
    const targets = await surveyRepository.targets(this.db.read, surveyId);
    const names = await areaRepository.currentNames(
      this.db.read,
      targets.map((t) => t.area_code),
    );
    return targets.map((t) => ({ ...t, areaNames: names.get(t.area_code) ?? '{}' }));
  }

  /**
   * Changes the questionnaire: on the draft version, or — when the current one is published — on a
   * new version copied from it. Conditional on the draft still being a draft (else 409).
   */
  private async editDraft(
    actor: Actor,
    id: string,
    action: string,
    change: (d: SurveyDefinition) => Record<string, unknown>,
  ): Promise<void> {
    const { survey, role } = await this.visible(actor, id, 'manage');
    await this.db.write(async (trx) => {
      const current = (await surveyRepository.version(trx, survey.id, survey.current_version))!;
      const definition = parseDefinition(current.definition);
      const details = change(definition);
      const at = nowIso();
      let number = current.number;
      if (current.status === 'published') {
        number = current.number + 1;
        try {
          await surveyRepository.insertVersion(trx, {
            survey_id: survey.id,
            number,
            definition: JSON.stringify(definition),
            status: 'draft',
            published_at: null,
            created_by: actor.personId,
            created_at: at,
            updated_at: at,
          });
        } catch (err) {
          if (this.db.dialect.isUniqueViolation(err))
            throw new ConflictError('someone else opened a new version meanwhile; reload the page');
          throw err;
        }
        if (!(await surveyRepository.moveCurrentVersion(trx, survey.id, current.number, number, at)))
          throw new ConflictError('the survey changed meanwhile; reload the page');
      } else if (
        !(await surveyRepository.updateDraft(trx, survey.id, number, JSON.stringify(definition), at))
      ) {
        throw new ConflictError('this version was published meanwhile; reload the page');
      }
      await this.audit.record(trx, {
        actor,
        role,
        action,
        subjectType: SURVEY,
        subjectId: survey.id,
        details: { version: number, ...details },
      });
    });
  }

  async saveSettings(
    actor: Actor,
    input: { id: string; languages: string[]; title: LocaleText; demographics: string[] },
  ): Promise<void> {
    const languages = [...new Set(input.languages)];
    if (languages.some((l) => !isLocale(l)))
      throw new ValidationError('languages holds an unknown language', 'languages');
    if (languages.length === 0) throw new ValidationError('choose at least one language', 'languages');
    const demographics = [...new Set(input.demographics)];
    if (demographics.some((d) => !(DEMOGRAPHICS as readonly string[]).includes(d)))
      throw new ValidationError(
        'demographics may only be gender, age band and area of residence',
        'demographics',
      );
    const title = localeText(input.title, 'title', 300);
    await this.editDraft(actor, input.id, 'survey.settings', (d) => {
      d.languages = languages as Locale[];
      d.title = title;
      d.demographics = demographics as Demographic[];
      return { languages, demographics };
    });
  }

  async addSection(actor: Actor, input: { id: string; title: LocaleText }): Promise<void> {
    const title = localeText(input.title, 'sectionTitle', 300);
    if (Object.keys(title).length === 0) throw new ValidationError('a section needs a title', 'sectionTitle');
    await this.editDraft(actor, input.id, 'survey.section_added', (d) => {
      if (d.sections.length >= 20)
        throw new ValidationError('a survey has at most 20 sections', 'sectionTitle');
      const key = `s${nextNumber(d.sections.map((s) => s.key))}`;
      d.sections.push({ key, title, questions: [] });
      return { section: key };
    });
  }

  async addBankQuestion(actor: Actor, input: { id: string; section: string; itemId: string }): Promise<void> {
    const item = await itemRepository.getById(this.db.read, input.itemId);
    if (!item) throw new ValidationError('itemId is not an item of the bank', 'itemId');
    await this.editDraft(actor, input.id, 'survey.question_added', (d) => {
      const section = findSection(d, input.section);
      if (d.sections.some((s) => s.questions.some((q) => q.source === 'bank' && q.itemId === item.id)))
        throw new ValidationError('this item is already in the survey', 'itemId');
      const key = addQuestionKey(d);
      section.questions.push({ key, source: 'bank', itemId: item.id });
      return { question: key, itemId: item.id };
    });
  }

  async addOwnQuestion(
    actor: Actor,
    input: { id: string; section: string; kind: string; text: LocaleText; options: LocaleText[] },
  ): Promise<void> {
    if (!(QUESTION_KINDS as readonly string[]).includes(input.kind))
      throw new ValidationError('kind must be single, multiple, scale, number or text', 'kind');
    const kind = input.kind as QuestionKind;
    const wording = localeText(input.text, 'questionText', 1000);
    if (Object.keys(wording).length === 0)
      throw new ValidationError('the question needs its text', 'questionText');
    const choice = kind === 'single' || kind === 'multiple';
    const options = choice ? input.options.map((o, i) => localeText(o, `options.${i}`, 200)) : [];
    if (choice && (options.length < 2 || options.length > 12))
      throw new ValidationError('a choice question needs 2 to 12 options', 'options');
    await this.editDraft(actor, input.id, 'survey.question_added', (d) => {
      const section = findSection(d, input.section);
      const key = addQuestionKey(d);
      const q: OwnQuestion = { key, source: 'own', kind, text: wording, options };
      section.questions.push(q);
      return { question: key, kind };
    });
  }

  async removeQuestion(actor: Actor, input: { id: string; questionKey: string }): Promise<void> {
    await this.editDraft(actor, input.id, 'survey.question_removed', (d) => {
      const section = d.sections.find((s) => s.questions.some((q) => q.key === input.questionKey));
      if (!section) throw new ValidationError('questionKey is not a question of this survey', 'questionKey');
      section.questions = section.questions.filter((q) => q.key !== input.questionKey);
      return { question: input.questionKey };
    });
  }

  async addTarget(
    actor: Actor,
    input: { id: string; areaCode: string; targetSample: number; quota?: number | null },
  ): Promise<void> {
    const { survey, role } = await this.visible(actor, input.id, 'manage');
    const areaCode = text(input.areaCode, 'areaCode', 64);
    const path = (await areaRepository.currentPaths(this.db.read, [areaCode])).get(areaCode);
    if (!path) throw new ValidationError('areaCode is not a known area', 'areaCode');
    if (!path.startsWith(survey.area_path))
      throw new ValidationError("the area lies outside the survey's area", 'areaCode');
    const target = whole(input.targetSample, 'targetSample', 1, MAX_TARGET);
    // Default quota: twice the target, so a campaign can overshoot a little but not be flooded.
    const quota = input.quota == null ? target * 2 : whole(input.quota, 'quota', target, MAX_TARGET * 10);
    await this.db.write(async (trx) => {
      const exists = (await surveyRepository.targets(trx, survey.id)).some((t) => t.area_code === areaCode);
      if (exists) await surveyRepository.updateTarget(trx, survey.id, areaCode, target, quota);
      else
        await surveyRepository.addTarget(trx, {
          survey_id: survey.id,
          area_code: areaCode,
          area_path: path,
          target_sample: target,
          quota,
          link_token: randomBytes(16).toString('base64url'),
          created_at: nowIso(),
        });
      await this.audit.record(trx, {
        actor,
        role,
        action: exists ? 'survey.target_changed' : 'survey.target_added',
        subjectType: SURVEY,
        subjectId: survey.id,
        details: { areaCode, targetSample: target, quota },
      });
    });
  }

  async publish(actor: Actor, input: { id: string }): Promise<number> {
    const { survey, role } = await this.visible(actor, input.id, 'manage');
    const version = (await surveyRepository.version(this.db.read, survey.id, survey.current_version))!;
    if (version.status === 'published') throw new ConflictError('this version is already published');
    const definition = parseDefinition(version.definition);
    if (definition.languages.length === 0)
      throw new ValidationError('choose at least one language', 'languages');
    if (questionCount(definition) === 0) throw new ValidationError('add at least one question', 'questions');
    const items = new Map(
      (await this.itemViews(this.db.read, bankItemIds(definition))).map((v) => [v.item.id, v]),
    );
    const blockers = publishBlockers(definition, items);
    const blocked = Object.entries(blockers).filter(([, list]) => list.length > 0);
    if (blocked.length)
      throw new ValidationError(
        `not ready in ${blocked.map(([l, list]) => `${l} (${list.join(', ')})`).join('; ')}`,
        'languages',
      );
    await this.db.write(async (trx) => {
      const at = nowIso();
      if (!(await surveyRepository.publishVersion(trx, survey.id, version.number, at)))
        throw new ConflictError('this version was published meanwhile');
      await surveyRepository.setPublished(trx, survey.id, version.number, at);
      await this.audit.record(trx, {
        actor,
        role,
        action: 'survey.published',
        subjectType: SURVEY,
        subjectId: survey.id,
        details: { version: version.number, languages: definition.languages },
      });
    });
    return version.number;
  }

  /** A collection period, typed as wall times in the zone, on the published version. */
  async addWave(
    actor: Actor,
    input: { id: string; opensDate: string; opensTime: string; closesDate: string; closesTime: string },
    timeZone: string,
  ): Promise<SurveyWave> {
    const { survey, role } = await this.visible(actor, input.id, 'manage');
    const opens = wallTimeToUtc(input.opensDate ?? '', input.opensTime || '00:00', timeZone);
    if (!opens) throw new ValidationError('opens is not a date and time', 'opensDate');
    const closes = wallTimeToUtc(input.closesDate ?? '', input.closesTime || '00:00', timeZone);
    if (!closes) throw new ValidationError('closes is not a date and time', 'closesDate');
    if (closes <= opens) throw new ValidationError('the wave must close after it opens', 'closesDate');
    if (survey.published_version === null)
      throw new ValidationError('publish the questionnaire before opening a wave', 'opensDate');
    return this.db.write(async (trx) => {
      const waves = await surveyRepository.waves(trx, survey.id);
      if (waves.some((w) => w.opens_at < closes && opens < w.closes_at))
        throw new ValidationError('the period overlaps another wave', 'opensDate');
      const wave: SurveyWave = {
        id: newId(),
        survey_id: survey.id,
        number: (waves[waves.length - 1]?.number ?? 0) + 1,
        version_number: survey.published_version!,
        opens_at: opens,
        closes_at: closes,
        created_by: actor.personId,
        created_at: nowIso(),
      };
      try {
        await surveyRepository.insertWave(trx, wave);
      } catch (err) {
        if (this.db.dialect.isUniqueViolation(err))
          throw new ConflictError('another wave was added meanwhile');
        throw err;
      }
      await this.audit.record(trx, {
        actor,
        role,
        action: 'survey.wave_added',
        subjectType: SURVEY,
        subjectId: survey.id,
        details: { wave: wave.number, version: wave.version_number, opens, closes },
      });
      return wave;
    });
  }

  /** Accept or reject every held answer of one wave and area (held for a burst; reviewed as a batch). */
  async decideHeld(
    actor: Actor,
    input: { id: string; waveId: string; areaCode: string; decision: string },
  ): Promise<number> {
    const { survey, role } = await this.visible(actor, input.id, 'manage');
    if (input.decision !== 'accepted' && input.decision !== 'rejected')
      throw new ValidationError('decision must be accepted or rejected', 'decision');
    const waves = await surveyRepository.waves(this.db.read, survey.id);
    if (!waves.some((w) => w.id === input.waveId))
      throw new ValidationError('waveId is not a wave of this survey', 'waveId');
    return this.db.write(async (trx) => {
      const n = await responseRepository.decideHeld(
        trx,
        input.waveId,
        input.areaCode,
        input.decision as 'accepted',
      );
      if (n === 0) throw new ConflictError('no answers are held there any more');
      await this.audit.record(trx, {
        actor,
        role,
        action: 'survey.held_decided',
        subjectType: SURVEY,
        subjectId: survey.id,
        details: { waveId: input.waveId, areaCode: input.areaCode, decision: input.decision, count: n },
      });
      return n;
    });
  }

  // --- results -----------------------------------------------------------------------------------

  /**
   * The aggregate results of every wave (small cells suppressed), with what the pages need to name
   * the questions. Answers are never returned one by one.
   */
  async results(actor: Actor, input: { id: string }): Promise<SurveyResultsView> {
    const { survey } = await this.visible(actor, input.id, 'results');
    const waves = await surveyRepository.waves(this.db.read, survey.id);
    const versions = new Map<number, SurveyDefinition>();
    for (const n of new Set(waves.map((w) => w.version_number)))
      versions.set(
        n,
        parseDefinition((await surveyRepository.version(this.db.read, survey.id, n))!.definition),
      );
    // The newest version that asks a question names it.
    const questions = new Map<string, Question>();
    for (const n of [...versions.keys()].sort((a, b) => a - b))
      for (const s of versions.get(n)!.sections) for (const q of s.questions) questions.set(q.key, q);
    const items = new Map(
      (
        await this.itemViews(
          this.db.read,
          [...questions.values()].flatMap((q) => (q.source === 'bank' ? [q.itemId] : [])),
        )
      ).map((v) => [v.item.id, v]),
    );
    const specs = [...questions.values()].map((q) => questionSpec(q, items));
    const targets = await this.targetViews(survey.id);
    const areas = targets.map((t) => t.area_code);
    const respondents = (await responseRepository.respondents(this.db.read, survey.id)).map((r) => ({
      id: r.id,
      waveId: r.waveId,
      area: r.areaCode,
      gender: r.gender,
      ageBand: r.age_band ?? null,
    }));
    const answers = await responseRepository.analysisRows(this.db.read, survey.id);
    const population = (await populationRepository.forAreas(this.db.read, areas)).map((p) => ({
      area: p.area_code,
      gender: p.gender,
      ageBand: p.age_band,
      population: p.population,
    }));
    const results =
      waves.length && areas.length
        ? computeResults({
            questions: specs,
            waves: waves.map((w) => ({ id: w.id, number: w.number, versionNumber: w.version_number })),
            areas,
            respondents,
            answers,
            population,
            minimum: this.smallCellMinimum,
          })
        : {
            rows: [],
            respondents: { cells: [], waveTotals: [] },
            weighting: [],
          };
    return {
      survey,
      waves,
      targets,
      questions: [...questions.values()],
      specs,
      items,
      results,
      minimum: this.smallCellMinimum,
    };
  }

  /** Recorded when aggregate tables leave as a file (they are aggregates: no personal data). */
  async recordExport(actor: Actor, input: { id: string; format: string }): Promise<void> {
    const { survey, role } = await this.visible(actor, input.id, 'results');
    await this.db.write((trx) =>
      this.audit.record(trx, {
        actor,
        role,
        action: 'survey.results_exported',
        subjectType: SURVEY,
        subjectId: survey.id,
        details: { format: input.format },
      }),
    );
  }

  // --- population tables -------------------------------------------------------------------------

  /** The loaded tables of the actor's areas, each row with its area's names (JSON per language). */
  async listPopulation(actor: Actor): Promise<Array<SurveyPopulation & { areaNames: string }>> {
    authorize(actor, 'list', SURVEY_POPULATION);
    const rows = await populationRepository.list(
      this.db.read,
      jurisdictionPaths(actor, [...POPULATION_ROLES, ...SURVEY_ROLES]),
    );
    const names = await areaRepository.currentNames(this.db.read, [...new Set(rows.map((r) => r.area_code))]);
    return rows.map((r) => ({ ...r, areaNames: names.get(r.area_code) ?? '{}' }));
  }

  /**
   * Loads a population table from CSV. Every row problem is returned with its line; nothing is stored
   * unless the whole file is right. Each area named replaces that area's table.
   */
  async loadPopulation(
    actor: Actor,
    input: { csv: string; source: string },
  ): Promise<{ rows: number; errors: RowError[] }> {
    authorize(actor, 'list', SURVEY_POPULATION);
    const source = text(input.source, 'source', 300);
    const parsed = parsePopulationCsv(input.csv ?? '');
    if (parsed.errors.length) return { rows: 0, errors: parsed.errors };
    const codes = [...new Set(parsed.rows.map((r) => r.area))];
    const paths = await areaRepository.currentPaths(this.db.read, codes);
    const errors: RowError[] = [];
    const lines = (input.csv ?? '').replace(/^\uFEFF/, '').split(/\r?\n/);
    let role = '';
    for (const code of codes) {
      const line =
        lines.findIndex((l) => l.trim().startsWith(`${code},`) || l.trim().startsWith(`${code};`)) + 1;
      const path = paths.get(code);
      if (!path) errors.push({ line, field: 'area_code', message: `${code} is not a current area` });
      else {
        const r = can(actor, 'load', SURVEY_POPULATION, { areaPath: path });
        if (!r) errors.push({ line, field: 'area_code', message: `${code} is outside your jurisdiction` });
        else role = r;
      }
    }
    if (errors.length) return { rows: 0, errors };
    const at = nowIso();
    await this.db.write(async (trx) => {
      await populationRepository.replaceAreas(
        trx,
        parsed.rows.map((r) => ({
          area_code: r.area,
          area_path: paths.get(r.area)!,
          gender: r.gender,
          age_band: r.ageBand,
          population: r.population,
          source,
          loaded_by: actor.personId,
          loaded_at: at,
        })),
      );
      await this.audit.record(trx, {
        actor,
        role,
        action: 'survey.population_loaded',
        subjectType: SURVEY_POPULATION,
        details: { areas: codes, rows: parsed.rows.length, source },
      });
    });
    return { rows: parsed.rows.length, errors: [] };
  }

  // --- the public link ---------------------------------------------------------------------------

  /** What the public link shows; not found when the link is unknown or the survey unpublished. */
  async publicSurvey(actor: Actor, input: { token: string }): Promise<PublicSurvey> {
    authorize(actor, 'respond', SURVEY);
    const target = await surveyRepository.targetByToken(this.db.read, input.token);
    const survey = target && (await surveyRepository.getById(this.db.read, target.survey_id));
    if (!target || !survey || survey.published_version === null) throw new NotFoundError('survey');
    const wave = (await surveyRepository.openWave(this.db.read, survey.id, nowIso())) ?? null;
    const version = (await surveyRepository.version(
      this.db.read,
      survey.id,
      wave?.version_number ?? survey.published_version,
    ))!;
    const definition = parseDefinition(version.definition);
    const items = new Map(
      (await this.itemViews(this.db.read, bankItemIds(definition))).map((v) => [v.item.id, v]),
    );
    let state: PublicSurvey['state'] = wave ? 'open' : 'not_open';
    if (
      wave &&
      (await responseRepository.countAccepted(this.db.read, wave.id, target.area_code)) >= target.quota
    )
      state = 'full';
    const targets = await this.targetViews(survey.id);
    const areaNames = targets.find((t) => t.area_code === target.area_code)?.areaNames ?? '{}';
    return { survey, target, wave, definition, items, state, areaNames, targets };
  }

  /**
   * Stores one anonymous response. Returns whether it was accepted or held; refuses (with the
   * fields' problems) a form that does not fit the questionnaire.
   */
  async respond(
    actor: Actor,
    input: { token: string; locale: string; form: SubmittedForm },
  ): Promise<{ status: 'accepted' | 'held'; wave: SurveyWave } | { errors: Record<string, AnswerError> }> {
    const pub = await this.publicSurvey(actor, { token: input.token });
    if (pub.state === 'not_open' || !pub.wave)
      throw new AppError(409, 'not_open', 'this survey is not collecting answers now');
    if (pub.state === 'full') throw new AppError(409, 'quota_full', 'this area has all the answers it needs');
    const locale = pub.definition.languages.includes(input.locale as Locale)
      ? input.locale
      : pub.definition.languages[0]!;
    const scales = new Map([...pub.items.values()].map((v) => [v.item.id, v.item.scale]));
    const parsed = parseResponse(
      pub.definition,
      (id) => scales.get(id),
      input.form,
      pub.targets.map((t) => t.area_code),
    );
    if (!parsed.ok) return { errors: parsed.errors };
    const wave = pub.wave;
    const now = clock.nowMs();
    const windowStart = new Date(now - (now % WINDOW_MS)).toISOString();
    return this.db.write(async (trx) => {
      const count = await linkWindowRepository.bump(trx, pub.target.link_token, windowStart);
      if (count > LIMIT_PER_WINDOW)
        throw new TooManyRequestsError(
          'too many answers through this link just now; try again later',
          Math.ceil((WINDOW_MS - (now % WINDOW_MS)) / 1000),
        );
      if ((await responseRepository.countAccepted(trx, wave.id, pub.target.area_code)) >= pub.target.quota)
        throw new AppError(409, 'quota_full', 'this area has all the answers it needs');
      const status = count > BURST_PER_WINDOW ? 'held' : 'accepted';
      const id = newId();
      await responseRepository.insert(
        trx,
        {
          id,
          survey_id: pub.survey.id,
          wave_id: wave.id,
          version_number: wave.version_number,
          area_code: pub.target.area_code,
          locale,
          channel: 'web',
          status,
          gender: parsed.value.gender,
          age_band: parsed.value.ageBand,
          residence_area_code: parsed.value.residence,
          received_on: nowIso().slice(0, 10),
        },
        parsed.value.answers.map((a) => ({
          response_id: id,
          question_key: a.questionKey,
          number_value: a.numberValue,
          text_value: a.textValue,
          choice_values: a.choiceValues ? JSON.stringify(a.choiceValues) : null,
        })),
      );
      // Old windows say nothing useful; keep the table small.
      await linkWindowRepository.purgeBefore(trx, new Date(now - 6 * WINDOW_MS).toISOString());
      return { status, wave };
    });
  }
}

// --- helpers -------------------------------------------------------------------------------------

function localeText(input: LocaleText, field: string, max: number): LocaleText {
  const out: LocaleText = {};
  for (const [l, v] of Object.entries(input ?? {})) {
    if (!isLocale(l)) throw new ValidationError(`${field} has an unknown language`, field);
    const s = (v ?? '').trim();
    if (s.length > max) throw new ValidationError(`${field} is at most ${max} characters`, `${field}.${l}`);
    if (s) out[l] = s;
  }
  return out;
}

function nextNumber(keys: string[]): number {
  return Math.max(0, ...keys.map((k) => Number(k.slice(1)) || 0)) + 1;
}

function findSection(d: SurveyDefinition, key: string) {
  const s = d.sections.find((x) => x.key === key);
  if (!s) throw new ValidationError('choose a section (add one first)', 'section');
  return s;
}

function questionCount(d: SurveyDefinition): number {
  return d.sections.reduce((n, s) => n + s.questions.length, 0);
}

function addQuestionKey(d: SurveyDefinition): string {
  if (questionCount(d) >= MAX_QUESTIONS)
    throw new ValidationError(`a survey has at most ${MAX_QUESTIONS} questions`, 'section');
  const used = d.sections.flatMap((s) => s.questions.map((q) => Number(q.key.slice(1)) || 0));
  d.lastQuestion = Math.max(d.lastQuestion, ...used) + 1;
  return `q${d.lastQuestion}`;
}

export function bankItemIds(d: SurveyDefinition): string[] {
  return d.sections.flatMap((s) => s.questions.flatMap((q) => (q.source === 'bank' ? [q.itemId] : [])));
}

/** Per language: the reasons it cannot be published (item ids not reviewed, missing texts). */
export function publishBlockers(d: SurveyDefinition, items: Map<string, ItemView>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const l of d.languages) {
    const list: string[] = [];
    if (!d.title[l]) list.push('title');
    for (const s of d.sections) {
      if (!s.title[l]) list.push(`section ${s.key}`);
      for (const q of s.questions) {
        if (q.source === 'bank') {
          const t = items.get(q.itemId)?.texts.find((x) => x.locale === l);
          if (!t || !PUBLISHABLE.includes(t.status)) list.push(q.itemId);
        } else if (!q.text[l] || q.options.some((o) => !o[l])) list.push(q.key);
      }
    }
    out[l] = list;
  }
  return out;
}

/** How a question is summarised: a mean, a favourable share, a share per option, or not at all. */
export function questionSpec(q: Question, items: Map<string, ItemView>): QuestionSpec {
  if (q.source === 'bank') {
    const item = items.get(q.itemId)?.item;
    const scale = SCALES[item?.scale ?? ''];
    const construct = item?.construct ?? 'own';
    if (!scale) return { key: q.key, construct, measure: 'none' };
    return scale.kind === 'numeric'
      ? { key: q.key, construct, measure: 'mean' }
      : { key: q.key, construct, measure: 'share', favourable: scale.favourable };
  }
  if (q.kind === 'single' || q.kind === 'multiple')
    return {
      key: q.key,
      construct: 'own',
      measure: 'options',
      options: q.options.length,
      multiple: q.kind === 'multiple',
    };
  if (q.kind === 'text') return { key: q.key, construct: 'own', measure: 'none' };
  return { key: q.key, construct: 'own', measure: 'mean' };
}
