/** Report categories: read by everyone (active ones), administered by admins. */
import type { Database } from '../../db/database.ts';
import type { ReportCategory } from '../../db/schema.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/errors.ts';
import { LOCALES } from '../../shared/i18n.ts';
import { newId } from '../../shared/ids.ts';
import { authorize, can, requireNationalAdmin, type Actor } from '../../shared/policy.ts';
import { clock, nowIso } from '../../shared/time.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { REPORT_CATEGORY } from './reports.policy.ts';
import { reportsRepository } from './reports.repository.ts';
import { DESKS, QUESTION_TYPES, type CategoryQuestion, type Desk, type LocalText } from './reports.types.ts';

export const CATEGORY_CODE_PATTERN = '^[a-z0-9]+(-[a-z0-9]+)*$';
export const QUESTION_KEY_PATTERN = '^[a-z][a-z0-9_]{0,39}$';
const CODE_RE = new RegExp(CATEGORY_CODE_PATTERN);
const KEY_RE = new RegExp(QUESTION_KEY_PATTERN);
const CACHE_MS = 10_000;

export interface CategoryInput {
  code: string;
  group: string;
  names: LocalText;
  guidance?: LocalText;
  desk: Desk;
  sensitive?: boolean;
  questions?: CategoryQuestion[];
  active?: boolean;
  sort?: number;
}
export type CategoryPatch = Partial<Omit<CategoryInput, 'code'>>;

/** A category with its JSON columns parsed. */
export interface CategoryView {
  code: string;
  group: string;
  names: LocalText;
  guidance: LocalText;
  desk: Desk;
  sensitive: boolean;
  questions: CategoryQuestion[];
  active: boolean;
  sort: number;
}

function parseJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

export function categoryView(c: ReportCategory): CategoryView {
  return {
    code: c.code,
    group: c.group_code,
    names: parseJson<LocalText>(c.names, {}),
    guidance: parseJson<LocalText>(c.guidance, {}),
    desk: c.desk,
    sensitive: c.sensitive === 1,
    questions: parseJson<CategoryQuestion[]>(c.questions, []),
    active: c.active === 1,
    sort: c.sort,
  };
}

/** Resident-facing text must exist in every language; `optional` allows an entirely empty object. */
function checkLocalText(
  text: LocalText | undefined,
  field: string,
  max: number,
  optional = false,
): LocalText {
  const out: LocalText = {};
  if (!text || typeof text !== 'object') {
    if (optional) return out;
    throw new ValidationError(`${field} must give the text in every language`, field);
  }
  for (const key of Object.keys(text))
    if (!(LOCALES as readonly string[]).includes(key))
      throw new ValidationError(`${field}.${key} is not a supported language`, `${field}.${key}`);
  if (optional && Object.values(text).every((v) => !v?.trim())) return out;
  for (const l of LOCALES) {
    const v = text[l]?.trim();
    if (!v) throw new ValidationError(`${field}.${l} is required (every language)`, `${field}.${l}`);
    if (v.length > max)
      throw new ValidationError(`${field}.${l} is longer than ${max} characters`, `${field}.${l}`);
    out[l] = v;
  }
  return out;
}

export function checkQuestions(questions: CategoryQuestion[] | undefined): CategoryQuestion[] {
  const list = questions ?? [];
  if (!Array.isArray(list)) throw new ValidationError('questions must be a list', 'questions');
  if (list.length > 20) throw new ValidationError('a category may have at most 20 questions', 'questions');
  const seen = new Set<string>();
  return list.map((q, i) => {
    const f = `questions.${i}`;
    if (!q || typeof q !== 'object') throw new ValidationError(`${f} must be an object`, f);
    if (typeof q.key !== 'string' || !KEY_RE.test(q.key))
      throw new ValidationError(`${f}.key must be lower-case letters, digits and _`, `${f}.key`);
    if (seen.has(q.key)) throw new ValidationError(`${f}.key repeats "${q.key}"`, `${f}.key`);
    seen.add(q.key);
    if (!(QUESTION_TYPES as readonly string[]).includes(q.type))
      throw new ValidationError(`${f}.type must be one of ${QUESTION_TYPES.join(', ')}`, `${f}.type`);
    const out: CategoryQuestion = {
      key: q.key,
      type: q.type,
      required: q.required === true,
      labels: checkLocalText(q.labels, `${f}.labels`, 300),
    };
    if (q.type === 'choice') {
      const opts = q.options ?? [];
      if (!Array.isArray(opts) || opts.length < 1 || opts.length > 30)
        throw new ValidationError(`${f}.options must list 1 to 30 choices`, `${f}.options`);
      const values = new Set<string>();
      out.options = opts.map((o, j) => {
        if (typeof o?.value !== 'string' || !KEY_RE.test(o.value) || values.has(o.value))
          throw new ValidationError(
            `${f}.options.${j}.value must be a unique key`,
            `${f}.options.${j}.value`,
          );
        values.add(o.value);
        return { value: o.value, labels: checkLocalText(o.labels, `${f}.options.${j}.labels`, 200) };
      });
    } else if (q.options !== undefined && q.options.length)
      throw new ValidationError(`${f}.options are only for choice questions`, `${f}.options`);
    return out;
  });
}

export class ReportCategoriesService {
  private cache: { at: number; byCode: Map<string, CategoryView> } | null = null;

  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
  ) {}

  /** Active categories for everyone; all of them for administrators who ask. */
  async list(actor: Actor, input: { includeInactive?: boolean } = {}): Promise<CategoryView[]> {
    authorize(actor, 'read', REPORT_CATEGORY);
    const all = input.includeInactive === true && !!can(actor, 'administer', REPORT_CATEGORY);
    return (await reportsRepository.listCategories(this.db.read, !all)).map(categoryView);
  }

  /** An active category by code, from a short-lived cache (intake calls this on every report). */
  async activeCategory(code: string): Promise<CategoryView | undefined> {
    const now = clock.nowMs();
    if (!this.cache || now - this.cache.at > CACHE_MS || now < this.cache.at) {
      const rows = await reportsRepository.listCategories(this.db.read, true);
      this.cache = { at: now, byCode: new Map(rows.map((r) => [r.code, categoryView(r)])) };
    }
    return this.cache.byCode.get(code);
  }

  invalidate(): void {
    this.cache = null;
  }

  async create(actor: Actor, input: CategoryInput): Promise<CategoryView> {
    const role = authorize(actor, 'administer', REPORT_CATEGORY);
    requireNationalAdmin(actor); // categories are one list for the whole country
    if (typeof input.code !== 'string' || !CODE_RE.test(input.code) || input.code.length > 60)
      throw new ValidationError('code must be lower-case words joined by -', 'code');
    const row = this.toRow(input);
    const now = nowIso();
    const view = await this.db.write(async (trx) => {
      if (await reportsRepository.getCategory(trx, input.code))
        throw new ConflictError(`category ${input.code} already exists`, 'code');
      await reportsRepository.createCategory(trx, {
        id: newId(),
        code: input.code,
        ...row,
        created_at: now,
        updated_at: now,
      });
      await this.audit.record(trx, {
        actor,
        role,
        action: 'report.category.create',
        subjectType: REPORT_CATEGORY,
        subjectId: input.code,
        details: { desk: row.desk, sensitive: row.sensitive, questions: JSON.parse(row.questions).length },
      });
      return categoryView((await reportsRepository.getCategory(trx, input.code))!);
    });
    this.invalidate();
    return view;
  }

  async update(actor: Actor, code: string, patch: CategoryPatch): Promise<CategoryView> {
    const role = authorize(actor, 'administer', REPORT_CATEGORY);
    requireNationalAdmin(actor); // categories are one list for the whole country
    const view = await this.db.write(async (trx) => {
      const cur = await reportsRepository.getCategory(trx, code);
      if (!cur) throw new NotFoundError(REPORT_CATEGORY);
      const merged = { ...categoryView(cur), ...stripUndefined(patch), code };
      const row = this.toRow(merged);
      await reportsRepository.updateCategory(trx, code, { ...row, updated_at: nowIso() });
      await this.audit.record(trx, {
        actor,
        role,
        action: 'report.category.update',
        subjectType: REPORT_CATEGORY,
        subjectId: code,
        details: { fields: Object.keys(stripUndefined(patch)).sort() },
      });
      return categoryView((await reportsRepository.getCategory(trx, code))!);
    });
    this.invalidate();
    return view;
  }

  private toRow(input: Omit<CategoryInput, 'code'>) {
    if (typeof input.group !== 'string' || !CODE_RE.test(input.group) || input.group.length > 60)
      throw new ValidationError('group must be lower-case words joined by -', 'group');
    if (!(DESKS as readonly string[]).includes(input.desk))
      throw new ValidationError(`desk must be one of ${DESKS.join(', ')}`, 'desk');
    const sort = input.sort ?? 0;
    if (!Number.isInteger(sort) || sort < 0 || sort > 1_000_000)
      throw new ValidationError('sort must be a whole number from 0', 'sort');
    return {
      group_code: input.group,
      names: JSON.stringify(checkLocalText(input.names, 'names', 120)),
      guidance: JSON.stringify(checkLocalText(input.guidance, 'guidance', 2000, true)),
      desk: input.desk,
      // Prevention and complaints are never public, whatever the form says.
      sensitive: input.sensitive || input.desk !== 'triage' ? 1 : 0,
      questions: JSON.stringify(checkQuestions(input.questions)),
      active: input.active === false ? 0 : 1,
      sort,
    };
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
