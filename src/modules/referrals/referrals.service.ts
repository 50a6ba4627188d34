/**
 * Prevention referrals. Rules (OSCE 2019 guidebook on referral mechanisms):
 * - Opened from a prevention-desk report (category `radicalization-concern`), a forum, or by a
 *   partner organisation, describing **observable behaviour** (what, when — a wall time read in the
 *   area's zone — and where, picked from the areas) with risks and protective factors from a fixed
 *   list. The behaviour-not-belief checker's warnings must be looked at before the referral is saved.
 * - No identity until consent: a referral without consent is an anonymised consultation. Consent
 *   (the person, or a parent or guardian for a minor; when; how; what for; with which agencies) is
 *   recorded before anything is shared, with the person's name. Withdrawal stops all sharing and
 *   closes the referral, unless a legal duty is recorded by a named role: then only the panel keeps it.
 * - The panel of the area decides, with a rationale, after a reviewer (another panel member) has
 *   confirmed every item of the checklist against stigmatisation. Support needs consent.
 * - A support plan's actions are owned by partner organisations the person agreed to share with —
 *   never by a police organisation; reviews; closure with an outcome and whether support was delivered.
 * - Every read is audited in its transaction; every state change is a conditional update (409 when
 *   another change came first); sensitive text is sealed per referral (referral-envelope.ts).
 * - Retention: closed referrals are deleted for real `REFERRAL_RETENTION_MONTHS` after closure by a
 *   durable job; aggregate figures come from a tally kept without any link to the referral.
 */
import type { Config } from '../../config.ts';
import type { Database, Trx } from '../../db/database.ts';
import type { Referral, ReferralAction, ReferralConsent } from '../../db/schema.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/errors.ts';
import { isId, newId } from '../../shared/ids.ts';
import { authorize, can, type Actor } from '../../shared/policy.ts';
import { suppressTable } from '../../shared/stats/small-cells.ts';
import { stripControls } from '../../shared/text.ts';
import { countryOfAreaCode, wallTimeToUtc, zoneOfCountry } from '../../shared/time-format.ts';
import { nowIso } from '../../shared/time.ts';
import { clock } from '../../shared/time.ts';
import { areaRepository } from '../accounts/organisations.repository.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { JobService } from '../jobs/job.service.ts';
import { REPORT } from '../reports/reports.policy.ts';
import { resourceOf as reportResource } from '../reports/reports.service.ts';
import { checkBehaviourText, type BehaviourWarning } from './behaviour-check.ts';
import { FieldBox, Keyring } from './referral-envelope.ts';
import {
  PANEL_ROLES,
  REFERRAL,
  REFERRAL_ACTION,
  REFERRAL_PANEL,
  REFERRAL_STATS,
  type ReferralActionResource,
  type ReferralResource,
} from './referrals.policy.ts';
import {
  actionRepository,
  consentRepository,
  lookupRepository,
  panelRepository,
  referralRepository,
  reviewRepository,
  tallyRepository,
} from './referrals.repository.ts';
import {
  ACTION_STATUSES,
  CHECKLIST_ITEMS,
  CLOSING_OUTCOMES,
  CONSENT_GIVERS,
  CONSENT_METHODS,
  CONSENT_PURPOSES,
  DECISIONS,
  OUTCOMES,
  PROTECTIVE_FACTORS,
  RISK_FACTORS,
  SOURCES,
  type Decision,
  type Outcome,
  type Status,
} from './referrals.types.ts';

export const RETENTION_JOB = 'referrals.retention';
export const REWRAP_JOB = 'referrals.rewrap';
const RETENTION_EVERY_MS = 6 * 3600_000;
const BATCH = 200;
/** The category of report the prevention desk turns into referrals. */
export const REFERRAL_CATEGORY = 'radicalization-concern';

export interface OpenInput {
  source: string;
  sourceReportId?: string | null;
  sourceForumId?: string | null;
  areaCode: string;
  observedDate: string;
  observedTime: string;
  observedAreaCode: string;
  behaviour: string;
  riskFactors: string[];
  protectiveFactors: string[];
  riskNotes?: string | null;
  protectiveNotes?: string | null;
  subjectMinor: boolean;
  /** The writer has read the checker's warnings and stands by the text. */
  confirmBehaviour?: boolean;
}
export interface ConsentInput {
  givenBy: string;
  method: string;
  givenDate: string;
  givenTime: string;
  purposes: string[];
  agencyIds: string[];
  consenterName: string;
  relationship?: string | null;
  subjectName: string;
  subjectContact?: string | null;
  note?: string | null;
}
export interface WithdrawInput {
  note?: string | null;
  legalDutyRole?: string | null;
  legalDutyBasis?: string | null;
}
export interface DecisionInput {
  decision: string;
  rationale: string;
  referredTo?: string | null;
}
export interface ActionInput {
  ownerOrganisationId: string;
  text: string;
  deadline: string;
  reviewDates: string[];
}
export interface ActionUpdateInput {
  status: string;
  note?: string | null;
}
export interface ReviewInput {
  reviewedOn: string;
  notes: string;
  nextReviewOn?: string | null;
}
export interface CloseInput {
  outcome: string;
  supportDelivered: boolean;
}

/** Thrown when the behaviour text reads like a description of belief or identity and was not confirmed. */
export class BehaviourWarningError extends ValidationError {
  constructor(readonly warnings: BehaviourWarning[]) {
    super(
      `behaviour: describe what was seen or heard, not religion, ethnicity or opinions (${warnings
        .map((w) => `"${w.word}"`)
        .join(', ')}); confirm to keep the text`,
      'behaviour',
    );
  }
}

export interface ActionView {
  id: string;
  ownerOrganisationId: string;
  ownerOrganisationName: string;
  text: string;
  deadline: string;
  reviewDates: string[];
  status: ReferralAction['status'];
  note: string | null;
  updatedAt: string;
}
export interface ConsentView {
  givenBy: ReferralConsent['given_by'];
  method: ReferralConsent['method'];
  givenAt: string;
  purposes: string[];
  agencies: Array<{ id: string; name: string }>;
  consenterName: string;
  relationship: string | null;
  note: string | null;
  recordedAt: string;
  withdrawnAt: string | null;
  withdrawalNote: string | null;
}
export interface ReferralSummary {
  id: string;
  reference: string;
  status: Status;
  source: Referral['source'];
  areaCode: string;
  consentStatus: string;
  createdAt: string;
  updatedAt: string;
}
export interface ReferralDetail extends ReferralSummary {
  observedAt: string;
  observedAreaCode: string;
  subjectMinor: boolean;
  behaviour: string;
  warnings: BehaviourWarning[];
  riskFactors: string[];
  protectiveFactors: string[];
  riskNotes: string | null;
  protectiveNotes: string | null;
  subject: { name: string; contact: string | null } | null;
  consent: ConsentView | null;
  legalDuty: { role: string; basis: string; at: string; byName: string | null } | null;
  checklist: { items: string[]; byName: string | null; at: string } | null;
  decision: { decision: Decision; rationale: string; referredTo: string | null; at: string } | null;
  outcome: Outcome | null;
  supportDelivered: boolean | null;
  closedAt: string | null;
  actions: ActionView[];
  reviews: Array<{ id: string; reviewedOn: string; notes: string; nextReviewOn: string | null }>;
  can: {
    work: boolean;
    consent: boolean;
    withdraw: boolean;
    checklist: boolean;
    decide: boolean;
    plan: boolean;
    close: boolean;
  };
}
export interface OwnedActionView extends ActionView {
  referralId: string;
  reference: string;
}
/** Closed referrals by area (rows) and outcome (columns), with totals; null = suppressed. */
export interface StatsTable {
  minimum: number;
  areaCodes: string[];
  outcomes: Outcome[];
  cells: (number | null)[][];
  rowTotals: (number | null)[];
  columnTotals: (number | null)[];
  total: number | null;
}

/** A short reference for people to say aloud, derived from the id (not secret, not a name). */
export function referenceOf(id: string): string {
  return `R-${id.replace(/-/g, '').slice(-6).toUpperCase()}`;
}

function text(
  value: unknown,
  field: string,
  opts: { min?: number; max: number; required?: boolean },
): string {
  if (value === undefined || value === null) value = '';
  if (typeof value !== 'string') throw new ValidationError(`${field} must be text`, field);
  const t = stripControls(value).trim();
  if (!t && opts.required !== false) throw new ValidationError(`${field} is required`, field);
  if (t && opts.min && t.length < opts.min)
    throw new ValidationError(`${field} must be at least ${opts.min} characters`, field);
  if (t.length > opts.max)
    throw new ValidationError(`${field} must be at most ${opts.max} characters`, field);
  return t;
}
const optional = (value: unknown, field: string, max: number): string | null =>
  text(value, field, { max, required: false }) || null;

function oneOf<T extends string>(value: unknown, list: readonly T[], field: string): T {
  if (typeof value !== 'string' || !list.includes(value as T))
    throw new ValidationError(`${field} must be one of: ${list.join(', ')}`, field);
  return value as T;
}
function subset<T extends string>(values: unknown, list: readonly T[], field: string, max = 20): T[] {
  if (!Array.isArray(values)) throw new ValidationError(`${field} must be a list`, field);
  if (values.length > max) throw new ValidationError(`${field} has too many items`, field);
  const out = values.map((v) => oneOf(v, list, field));
  return [...new Set(out)];
}
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
function date(value: unknown, field: string): string {
  if (typeof value !== 'string' || !DATE_RE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)))
    throw new ValidationError(`${field} must be a date like 2026-12-05`, field);
  if (new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value)
    throw new ValidationError(`${field} must be a date like 2026-12-05`, field);
  return value;
}
function ids(values: unknown, field: string, max = 20): string[] {
  if (!Array.isArray(values)) throw new ValidationError(`${field} must be a list`, field);
  if (values.length > max) throw new ValidationError(`${field} has too many items`, field);
  for (const v of values) if (!isId(v)) throw new ValidationError(`${field} must hold ids`, field);
  return [...new Set(values as string[])];
}

const conflict = () => new ConflictError('the referral changed meanwhile: reload it and try again', 'status');

function parseList(json: string): string[] {
  const v = JSON.parse(json) as unknown;
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

export class ReferralsService {
  private readonly keyring: Keyring;

  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    private readonly config: Config,
  ) {
    this.keyring = Keyring.fromConfig(config);
  }

  // --- loading and access ----------------------------------------------------------------------

  private box(r: Pick<Referral, 'id' | 'key_id' | 'wrapped_key'>): FieldBox {
    return new FieldBox(r.id, this.keyring.unwrap(r.id, r.key_id, r.wrapped_key));
  }

  private async panelPaths(q: Trx | Database['read'], actor: Actor): Promise<string[]> {
    return actor.personId ? panelRepository.pathsOf(q, actor.personId) : [];
  }

  private resource(r: Referral, panelPaths: string[]): ReferralResource {
    return { areaPath: r.area_path, status: r.status, panelPaths };
  }

  /** Loads a referral the actor may `action`; missing and refused give the same 404. */
  private async load(trx: Trx, actor: Actor, id: string, action: 'read' | 'work') {
    authorize(actor, 'list', REFERRAL);
    if (!isId(id)) throw new NotFoundError(REFERRAL);
    const referral = await this.lockedReferral(trx, id);
    if (!referral) throw new NotFoundError(REFERRAL);
    const panelPaths = await this.panelPaths(trx, actor);
    const res = this.resource(referral, panelPaths);
    const role = authorize(actor, 'read', REFERRAL, res);
    // A panel member who may read it learns that it is closed (409), e.g. the loser of a race to close.
    if (action === 'work' && referral.status === 'closed')
      throw new ConflictError('the referral is closed', 'status');
    if (action === 'work') authorize(actor, 'work', REFERRAL, res);
    return { referral, role, panelPaths };
  }

  private async lockedReferral(trx: Trx, id: string): Promise<Referral | undefined> {
    return referralRepository.getForUpdate(trx, this.db.dialect, id);
  }

  private zoneFor(areaCode: string): string {
    return zoneOfCountry(countryOfAreaCode(areaCode), this.config.timeZone);
  }

  private async areaPath(q: Trx | Database['read'], code: string, field: string): Promise<string> {
    const path = (await areaRepository.currentPaths(q, [code])).get(code);
    if (!path) throw new ValidationError(`${field}: no current area ${code}`, field);
    return path;
  }

  /** Area paths of the panels the actor sits on (for pages: whether to show the panel's list). */
  async panelsOf(actor: Actor): Promise<string[]> {
    authorize(actor, 'list', REFERRAL);
    return this.panelPaths(this.db.read, actor);
  }

  // --- panel -----------------------------------------------------------------------------------

  async listPanel(actor: Actor, input: { areaCode: string }) {
    authorize(actor, 'list', REFERRAL_PANEL);
    const path = await this.areaPath(this.db.read, input.areaCode, 'areaCode');
    authorize(actor, 'manage', REFERRAL_PANEL, { areaPath: path });
    return (await panelRepository.listByArea(this.db.read, input.areaCode)).map((m) => ({
      personId: m.person_id,
      displayName: m.display_name,
      organisationName: m.organisation_name,
      police: m.organisation_sector === 'police',
      addedAt: m.added_at,
    }));
  }

  /** The people who may be added to the area's panel (a panel role over the whole area), not yet on it. */
  async panelCandidates(actor: Actor, input: { areaCode: string }) {
    authorize(actor, 'list', REFERRAL_PANEL);
    const path = await this.areaPath(this.db.read, input.areaCode, 'areaCode');
    authorize(actor, 'manage', REFERRAL_PANEL, { areaPath: path });
    const members = new Set(
      (await panelRepository.listByArea(this.db.read, input.areaCode)).map((m) => m.person_id),
    );
    return (await lookupRepository.staffCovering(this.db.read, path, PANEL_ROLES)).filter(
      (p) => !members.has(p.id),
    );
  }

  /** Staff who may be added: an active person holding a panel role over the area. */
  async addPanelMember(actor: Actor, input: { areaCode: string; personId: string }): Promise<void> {
    const role = authorize(actor, 'list', REFERRAL_PANEL);
    const path = await this.areaPath(this.db.read, input.areaCode, 'areaCode');
    authorize(actor, 'manage', REFERRAL_PANEL, { areaPath: path });
    if (!isId(input.personId)) throw new ValidationError('personId must be a person id', 'personId');
    await this.db.write(async (trx) => {
      const person = await lookupRepository.person(trx, input.personId);
      const grants = person ? await lookupRepository.grantsOf(trx, person.id) : [];
      const eligible =
        !!person &&
        person.kind === 'staff' &&
        !person.disabled_at &&
        grants.some((g) => PANEL_ROLES.includes(g.role as never) && path.startsWith(g.path));
      if (!eligible)
        throw new ValidationError(
          'personId: a panel member must hold a prevention-coordinator or partner role over the area',
          'personId',
        );
      try {
        await panelRepository.add(trx, {
          id: newId(),
          area_code: input.areaCode,
          area_path: path,
          person_id: input.personId,
          added_by: actor.personId,
          added_at: nowIso(),
        });
      } catch (err) {
        if (this.db.dialect.isUniqueViolation(err))
          throw new ConflictError('this person is already on the panel', 'personId');
        throw err;
      }
      await this.audit.record(trx, {
        actor,
        role,
        action: 'referral.panel.add',
        subjectType: REFERRAL_PANEL,
        subjectId: input.areaCode,
        details: { personId: input.personId },
      });
    });
  }

  async removePanelMember(actor: Actor, input: { areaCode: string; personId: string }): Promise<void> {
    const role = authorize(actor, 'list', REFERRAL_PANEL);
    const path = await this.areaPath(this.db.read, input.areaCode, 'areaCode');
    authorize(actor, 'manage', REFERRAL_PANEL, { areaPath: path });
    await this.db.write(async (trx) => {
      const n = await panelRepository.remove(trx, input.areaCode, input.personId);
      if (n === 0) throw new NotFoundError(REFERRAL_PANEL);
      await this.audit.record(trx, {
        actor,
        role,
        action: 'referral.panel.remove',
        subjectType: REFERRAL_PANEL,
        subjectId: input.areaCode,
        details: { personId: input.personId },
      });
    });
  }

  // --- opening ---------------------------------------------------------------------------------

  /** The checker, for a page that wants to warn before a post (pure; no access needed). */
  check(textIn: string): BehaviourWarning[] {
    return checkBehaviourText(textIn);
  }

  async open(actor: Actor, input: OpenInput): Promise<{ id: string; reference: string; onPanel: boolean }> {
    authorize(actor, 'list', REFERRAL);
    const source = oneOf(input.source, SOURCES, 'source');
    const areaCode = text(input.areaCode, 'areaCode', { max: 64 });
    const areaPath = await this.areaPath(this.db.read, areaCode, 'areaCode');
    const observedAreaCode = text(input.observedAreaCode, 'observedAreaCode', { max: 64 });
    const observedPath = await this.areaPath(this.db.read, observedAreaCode, 'observedAreaCode');
    if (!observedPath.startsWith(areaPath))
      throw new ValidationError("observedAreaCode must lie in the referral's area", 'observedAreaCode');
    // The opener refers what happened in their jurisdiction (a school teacher: the school's ayil aimak).
    const role = authorize(actor, 'open', REFERRAL, { areaPath: observedPath });
    date(input.observedDate, 'observedDate');
    const observedAt = wallTimeToUtc(input.observedDate, input.observedTime ?? '', this.zoneFor(areaCode));
    if (!observedAt) throw new ValidationError('observedTime must be a time like 18:30', 'observedTime');
    if (observedAt > nowIso())
      throw new ValidationError('observedDate must not be in the future', 'observedDate');
    const behaviour = text(input.behaviour, 'behaviour', { min: 20, max: 5000 });
    const riskNotes = optional(input.riskNotes, 'riskNotes', 2000);
    const protectiveNotes = optional(input.protectiveNotes, 'protectiveNotes', 2000);
    const risks = subset(input.riskFactors ?? [], RISK_FACTORS, 'riskFactors');
    const protective = subset(input.protectiveFactors ?? [], PROTECTIVE_FACTORS, 'protectiveFactors');
    if (typeof input.subjectMinor !== 'boolean')
      throw new ValidationError('subjectMinor must be true or false', 'subjectMinor');
    const warnings = checkBehaviourText([behaviour, riskNotes ?? '', protectiveNotes ?? ''].join('\n'));
    if (warnings.length > 0 && input.confirmBehaviour !== true) throw new BehaviourWarningError(warnings);

    let sourceReportId: string | null = null;
    let sourceForumId: string | null = null;
    let referringOrganisationId: string | null = null;
    if (source === 'prevention_desk') {
      if (!isId(input.sourceReportId))
        throw new ValidationError('sourceReportId is required', 'sourceReportId');
      const report = await lookupRepository.report(this.db.read, input.sourceReportId);
      // The report must be one the actor works at the prevention desk; else it "does not exist".
      if (
        !report ||
        report.category_code !== REFERRAL_CATEGORY ||
        !can(actor, 'read', REPORT, reportResource(report))
      )
        throw new ValidationError('sourceReportId: no such prevention-desk report', 'sourceReportId');
      sourceReportId = report.id;
    } else if (source === 'forum') {
      if (!isId(input.sourceForumId)) throw new ValidationError('sourceForumId is required', 'sourceForumId');
      const forum = await lookupRepository.forum(this.db.read, input.sourceForumId);
      if (!forum || !(forum.area_path.startsWith(areaPath) || areaPath.startsWith(forum.area_path)))
        throw new ValidationError("sourceForumId: no such forum in the referral's area", 'sourceForumId');
      sourceForumId = forum.id;
    } else {
      if (!actor.organisationId)
        throw new ValidationError('source: only staff of an organisation refer as a partner', 'source');
      referringOrganisationId = actor.organisationId;
    }

    const id = newId();
    const { dataKey, keyId, wrapped } = this.keyring.newDataKey(id);
    const box = new FieldBox(id, dataKey);
    const now = nowIso();
    await this.db.write(async (trx) => {
      await referralRepository.create(trx, {
        id,
        area_code: areaCode,
        area_path: areaPath,
        source,
        source_report_id: sourceReportId,
        source_forum_id: sourceForumId,
        referring_organisation_id: referringOrganisationId,
        status: 'consultation',
        observed_at: observedAt,
        observed_area_code: observedAreaCode,
        subject_minor: input.subjectMinor ? 1 : 0,
        behaviour_enc: box.seal('behaviour', behaviour),
        factors_enc: box.sealJson('factors', { risks, protective, riskNotes, protectiveNotes }),
        subject_enc: null,
        consent_status: 'none',
        legal_duty_role: null,
        legal_duty_by: null,
        legal_duty_at: null,
        legal_duty_enc: null,
        checklist: null,
        checklist_by: null,
        checklist_at: null,
        decision: null,
        decision_enc: null,
        decided_by: null,
        decided_at: null,
        outcome: null,
        support_delivered: null,
        closed_at: null,
        closed_by: null,
        key_id: keyId,
        wrapped_key: wrapped,
        opened_by: actor.personId,
        created_at: now,
        updated_at: now,
      });
      await this.audit.record(trx, {
        actor,
        role,
        action: 'referral.open',
        subjectType: REFERRAL,
        subjectId: id,
        details: { source, areaCode, warningsConfirmed: warnings.length },
      });
    });
    const panelPaths = await this.panelPaths(this.db.read, actor);
    return { id, reference: referenceOf(id), onPanel: panelPaths.some((p) => areaPath.startsWith(p)) };
  }

  // --- reading ---------------------------------------------------------------------------------

  private summary(r: Referral): ReferralSummary {
    return {
      id: r.id,
      reference: referenceOf(r.id),
      status: r.status,
      source: r.source,
      areaCode: r.area_code,
      consentStatus: r.consent_status,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    };
  }

  /** The referrals of the panels the actor sits on: no sensitive field, and the read is audited. */
  async list(actor: Actor, input: { status?: string } = {}): Promise<ReferralSummary[]> {
    const role = authorize(actor, 'list', REFERRAL);
    const status = input.status ? oneOf(input.status, STATUSES_LIST, 'status') : undefined;
    return this.db.write(async (trx) => {
      const paths = await this.panelPaths(trx, actor);
      const rows = (await referralRepository.listUnder(trx, paths, status)).filter((r) =>
        can(actor, 'read', REFERRAL, this.resource(r, paths)),
      );
      await this.audit.record(trx, {
        actor,
        role,
        action: 'referral.list',
        subjectType: REFERRAL,
        details: { count: rows.length },
      });
      return rows.map((r) => this.summary(r));
    });
  }

  async get(actor: Actor, input: { id: string }): Promise<ReferralDetail> {
    return this.db.write(async (trx) => {
      const { referral: r, role, panelPaths } = await this.load(trx, actor, input.id, 'read');
      await this.audit.record(trx, {
        actor,
        role,
        action: 'referral.read',
        subjectType: REFERRAL,
        subjectId: r.id,
      });
      return this.detail(trx, actor, r, panelPaths);
    });
  }

  private async detail(trx: Trx, actor: Actor, r: Referral, panelPaths: string[]): Promise<ReferralDetail> {
    const box = this.box(r);
    const factors = box.openJson<{
      risks: string[];
      protective: string[];
      riskNotes: string | null;
      protectiveNotes: string | null;
    }>('factors', r.factors_enc);
    const behaviour = box.open('behaviour', r.behaviour_enc);
    const consent = await consentRepository.current(trx, r.id);
    const actions = await actionRepository.list(trx, r.id);
    const reviews = await reviewRepository.list(trx, r.id);
    // Names only (of consented agencies and action owners): every organisation serving any area.
    const orgs = await lookupRepository.partnerOrganisations(trx, '/');
    const orgName = new Map(orgs.map((o) => [o.id, o.name]));
    const people = await lookupRepository.displayNames(
      trx,
      [r.checklist_by, r.legal_duty_by].filter((x): x is string => !!x),
    );
    const res = this.resource(r, panelPaths);
    const work = !!can(actor, 'work', REFERRAL, res);
    const decision = r.decision_enc
      ? box.openJson<{ rationale: string; referredTo: string | null }>('decision', r.decision_enc)
      : null;
    const subject = r.subject_enc
      ? box.openJson<{ name: string; contact: string | null }>('subject', r.subject_enc)
      : null;
    return {
      ...this.summary(r),
      observedAt: r.observed_at,
      observedAreaCode: r.observed_area_code,
      subjectMinor: r.subject_minor === 1,
      behaviour,
      warnings: checkBehaviourText(behaviour),
      riskFactors: factors.risks,
      protectiveFactors: factors.protective,
      riskNotes: factors.riskNotes,
      protectiveNotes: factors.protectiveNotes,
      subject,
      consent: consent ? this.consentView(box, consent, orgName) : null,
      legalDuty:
        r.legal_duty_at && r.legal_duty_role
          ? {
              role: r.legal_duty_role,
              basis: box.openOrNull('legalDuty', r.legal_duty_enc) ?? '',
              at: r.legal_duty_at,
              byName: people.get(r.legal_duty_by ?? '') ?? null,
            }
          : null,
      checklist:
        r.checklist && r.checklist_at
          ? {
              items: parseList(r.checklist),
              byName: people.get(r.checklist_by ?? '') ?? null,
              at: r.checklist_at,
            }
          : null,
      decision:
        r.decision && decision && r.decided_at
          ? {
              decision: r.decision as Decision,
              rationale: decision.rationale,
              referredTo: decision.referredTo,
              at: r.decided_at,
            }
          : null,
      outcome: r.outcome as Outcome | null,
      supportDelivered: r.support_delivered === null ? null : r.support_delivered === 1,
      closedAt: r.closed_at,
      actions: actions.map((a) => this.actionView(box, a, orgName)),
      reviews: reviews.map((v) => ({
        id: v.id,
        reviewedOn: v.reviewed_on,
        notes: box.open(`review:${v.id}`, v.notes_enc),
        nextReviewOn: v.next_review_on,
      })),
      can: {
        work,
        consent:
          work && r.consent_status === 'none' && (r.status === 'consultation' || r.status === 'consented'),
        withdraw: work && r.consent_status === 'given',
        checklist: work && !r.decision && r.status !== 'support',
        decide: work && !r.decision && !!r.checklist,
        plan: work && r.status === 'support' && r.consent_status === 'given',
        close: work && r.status === 'support',
      },
    };
  }

  private consentView(box: FieldBox, c: ReferralConsent, orgName: Map<string, string>): ConsentView {
    const d = box.openJson<{ consenterName: string; relationship: string | null; note: string | null }>(
      `consent:${c.id}`,
      c.details_enc,
    );
    return {
      givenBy: c.given_by,
      method: c.method,
      givenAt: c.given_at,
      purposes: parseList(c.purposes),
      agencies: parseList(c.agency_ids).map((id) => ({ id, name: orgName.get(id) ?? id })),
      consenterName: d.consenterName,
      relationship: d.relationship,
      note: d.note,
      recordedAt: c.recorded_at,
      withdrawnAt: c.withdrawn_at,
      withdrawalNote: box.openOrNull(`withdrawal:${c.id}`, c.withdrawal_enc),
    };
  }

  private actionView(box: FieldBox, a: ReferralAction, orgName: Map<string, string>): ActionView {
    return {
      id: a.id,
      ownerOrganisationId: a.owner_organisation_id,
      ownerOrganisationName: orgName.get(a.owner_organisation_id) ?? '',
      text: box.open(`action:${a.id}`, a.text_enc),
      deadline: a.deadline,
      reviewDates: parseList(a.review_dates),
      status: a.status,
      note: box.openOrNull(`action-note:${a.id}`, a.note_enc),
      updatedAt: a.updated_at,
    };
  }

  /** Partner organisations serving the referral's area: the agencies consent may name and actions go to. */
  async agencyOptions(actor: Actor, input: { id: string }): Promise<Array<{ id: string; name: string }>> {
    authorize(actor, 'list', REFERRAL);
    const r = isId(input.id) ? await referralRepository.getById(this.db.read, input.id) : undefined;
    if (!r) throw new NotFoundError(REFERRAL);
    authorize(actor, 'work', REFERRAL, this.resource(r, await this.panelPaths(this.db.read, actor)));
    return (await lookupRepository.partnerOrganisations(this.db.read, r.area_path))
      .filter((o) => o.sector === 'partner')
      .map((o) => ({ id: o.id, name: o.name }));
  }

  // --- consent ---------------------------------------------------------------------------------

  async recordConsent(actor: Actor, id: string, input: ConsentInput): Promise<void> {
    const givenBy = oneOf(input.givenBy, CONSENT_GIVERS, 'givenBy');
    const method = oneOf(input.method, CONSENT_METHODS, 'method');
    const purposes = subset(input.purposes ?? [], CONSENT_PURPOSES, 'purposes');
    if (purposes.length === 0) throw new ValidationError('purposes: say what the consent is for', 'purposes');
    const agencyIds = ids(input.agencyIds ?? [], 'agencyIds');
    const consenterName = text(input.consenterName, 'consenterName', { max: 200 });
    const relationship = optional(input.relationship, 'relationship', 100);
    const subjectName = text(input.subjectName, 'subjectName', { max: 200 });
    const subjectContact = optional(input.subjectContact, 'subjectContact', 300);
    const note = optional(input.note, 'note', 2000);
    date(input.givenDate, 'givenDate');
    await this.db.write(async (trx) => {
      const { referral: r, role } = await this.load(trx, actor, id, 'work');
      if (r.subject_minor === 1 && givenBy !== 'guardian')
        throw new ValidationError('givenBy: for a minor, a parent or guardian gives consent', 'givenBy');
      if (givenBy === 'guardian' && !relationship)
        throw new ValidationError('relationship: say how the guardian is related', 'relationship');
      const givenAt = wallTimeToUtc(input.givenDate, input.givenTime ?? '', this.zoneFor(r.area_code));
      if (!givenAt) throw new ValidationError('givenTime must be a time like 18:30', 'givenTime');
      if (givenAt > nowIso()) throw new ValidationError('givenDate must not be in the future', 'givenDate');
      if (r.consent_status !== 'none') throw new ConflictError('consent is already recorded', 'givenBy');
      const partners = new Set(
        (await lookupRepository.partnerOrganisations(trx, r.area_path))
          .filter((o) => o.sector === 'partner')
          .map((o) => o.id),
      );
      for (const a of agencyIds)
        if (!partners.has(a))
          throw new ValidationError(
            "agencyIds: only partner organisations of the referral's area",
            'agencyIds',
          );
      const box = this.box(r);
      const consentId = newId();
      const now = nowIso();
      const changed = await referralRepository.updateFrom(trx, r.id, ['consultation', 'consented'], {
        status: 'consented',
        consent_status: 'given',
        subject_enc: box.sealJson('subject', { name: subjectName, contact: subjectContact }),
        updated_at: now,
      });
      if (changed === 0) throw conflict();
      await consentRepository.create(trx, {
        id: consentId,
        referral_id: r.id,
        given_by: givenBy,
        method,
        given_at: givenAt,
        purposes: JSON.stringify(purposes),
        agency_ids: JSON.stringify(agencyIds),
        details_enc: box.sealJson(`consent:${consentId}`, { consenterName, relationship, note }),
        recorded_by: actor.personId,
        recorded_at: now,
        withdrawn_at: null,
        withdrawn_by: null,
        withdrawal_enc: null,
      });
      await this.audit.record(trx, {
        actor,
        role,
        action: 'referral.consent',
        subjectType: REFERRAL,
        subjectId: r.id,
        details: { givenBy, method, purposes, agencies: agencyIds.length },
      });
    });
  }

  async withdrawConsent(actor: Actor, id: string, input: WithdrawInput): Promise<{ closed: boolean }> {
    const note = optional(input.note, 'note', 2000);
    const legalDutyRole = optional(input.legalDutyRole, 'legalDutyRole', 200);
    const legalDutyBasis = optional(input.legalDutyBasis, 'legalDutyBasis', 2000);
    if (!!legalDutyRole !== !!legalDutyBasis)
      throw new ValidationError(
        'legalDutyBasis: a legal duty needs both the role that holds it and its legal basis',
        legalDutyRole ? 'legalDutyBasis' : 'legalDutyRole',
      );
    return this.db.write(async (trx) => {
      const { referral: r, role } = await this.load(trx, actor, id, 'work');
      if (r.consent_status !== 'given') throw new ConflictError('there is no consent to withdraw', 'status');
      const consent = (await consentRepository.current(trx, r.id))!;
      const box = this.box(r);
      const now = nowIso();
      const n = await consentRepository.withdraw(trx, consent.id, {
        withdrawn_at: now,
        withdrawn_by: actor.personId,
        withdrawal_enc: box.sealOrNull(`withdrawal:${consent.id}`, note),
      });
      if (n === 0) throw conflict();
      const closed = !legalDutyRole;
      const changed = await referralRepository.updateFrom(
        trx,
        r.id,
        ['consented', 'support'],
        closed
          ? {
              consent_status: 'withdrawn',
              status: 'closed',
              outcome: 'consent_withdrawn',
              support_delivered: 0,
              closed_at: now,
              closed_by: actor.personId,
              updated_at: now,
            }
          : {
              consent_status: 'withdrawn',
              legal_duty_role: legalDutyRole,
              legal_duty_by: actor.personId,
              legal_duty_at: now,
              legal_duty_enc: box.seal('legalDuty', legalDutyBasis!),
              updated_at: now,
            },
      );
      if (changed === 0) throw conflict();
      if (closed) await this.tally(trx, r, 'consent_withdrawn', false, now);
      await this.audit.record(trx, {
        actor,
        role,
        action: 'referral.consent.withdraw',
        subjectType: REFERRAL,
        subjectId: r.id,
        details: { closed, legalDuty: !closed },
      });
      return { closed };
    });
  }

  // --- panel decision --------------------------------------------------------------------------

  async recordChecklist(actor: Actor, id: string, input: { items: string[] }): Promise<void> {
    const items = subset(input.items ?? [], CHECKLIST_ITEMS, 'items');
    const missing = CHECKLIST_ITEMS.filter((i) => !items.includes(i));
    if (missing.length > 0)
      throw new ValidationError(
        `items: every item must be confirmed (missing: ${missing.join(', ')})`,
        'items',
      );
    await this.db.write(async (trx) => {
      const { referral: r, role } = await this.load(trx, actor, id, 'work');
      if (r.decision) throw new ConflictError('the panel has already decided', 'items');
      const now = nowIso();
      const changed = await referralRepository.updateFrom(trx, r.id, ['consultation', 'consented'], {
        checklist: JSON.stringify(items),
        checklist_by: actor.personId,
        checklist_at: now,
        updated_at: now,
      });
      if (changed === 0) throw conflict();
      await this.audit.record(trx, {
        actor,
        role,
        action: 'referral.checklist',
        subjectType: REFERRAL,
        subjectId: r.id,
      });
    });
  }

  async decide(actor: Actor, id: string, input: DecisionInput): Promise<void> {
    const decision = oneOf(input.decision, DECISIONS, 'decision');
    const rationale = text(input.rationale, 'rationale', { min: 20, max: 5000 });
    const referredTo = optional(input.referredTo, 'referredTo', 300);
    if (decision === 'refer_elsewhere' && !referredTo)
      throw new ValidationError('referredTo: name the service the person is referred to', 'referredTo');
    await this.db.write(async (trx) => {
      const { referral: r, role } = await this.load(trx, actor, id, 'work');
      if (r.decision) throw new ConflictError('the panel has already decided', 'decision');
      if (!r.checklist)
        throw new ValidationError('decision: a reviewer must first complete the checklist', 'decision');
      if (r.checklist_by === actor.personId)
        throw new ValidationError(
          'decision: the reviewer of the checklist cannot also record the decision',
          'decision',
        );
      if (decision === 'support_offered' && r.consent_status !== 'given')
        throw new ValidationError('decision: support needs the consent of the person first', 'decision');
      const box = this.box(r);
      const now = nowIso();
      const closing = decision !== 'support_offered';
      const outcome: Outcome = decision === 'refer_elsewhere' ? 'referred_on' : 'no_further_action';
      const changed = await referralRepository.updateFrom(
        trx,
        r.id,
        [r.status === 'consented' ? 'consented' : 'consultation'],
        {
          decision,
          decision_enc: box.sealJson('decision', { rationale, referredTo }),
          decided_by: actor.personId,
          decided_at: now,
          updated_at: now,
          ...(closing
            ? {
                status: 'closed' as const,
                outcome,
                support_delivered: 0,
                closed_at: now,
                closed_by: actor.personId,
              }
            : { status: 'support' as const }),
        },
      );
      if (changed === 0) throw conflict();
      if (closing) await this.tally(trx, r, outcome, false, now);
      await this.audit.record(trx, {
        actor,
        role,
        action: 'referral.decide',
        subjectType: REFERRAL,
        subjectId: r.id,
        details: { decision },
      });
    });
  }

  // --- support plan ----------------------------------------------------------------------------

  async addAction(actor: Actor, id: string, input: ActionInput): Promise<{ id: string }> {
    if (!isId(input.ownerOrganisationId))
      throw new ValidationError(
        'ownerOrganisationId: choose the organisation that owns the action',
        'ownerOrganisationId',
      );
    const body = text(input.text, 'text', { min: 5, max: 2000 });
    const deadline = date(input.deadline, 'deadline');
    const reviewDates = (input.reviewDates ?? []).filter((d) => d !== '');
    if (reviewDates.length > 12) throw new ValidationError('reviewDates has too many items', 'reviewDates');
    for (const d of reviewDates) date(d, 'reviewDates');
    return this.db.write(async (trx) => {
      const { referral: r, role } = await this.load(trx, actor, id, 'work');
      if (r.status !== 'support') throw new ConflictError('actions belong to a support plan', 'status');
      if (r.consent_status !== 'given')
        throw new ValidationError(
          'ownerOrganisationId: nothing is shared without consent',
          'ownerOrganisationId',
        );
      const consent = (await consentRepository.current(trx, r.id))!;
      const orgs = await lookupRepository.partnerOrganisations(trx, r.area_path);
      const owner = orgs.find((o) => o.id === input.ownerOrganisationId);
      // Police take part in the panel but never own support (OSCE: a limited police role).
      if (!owner || owner.sector !== 'partner')
        throw new ValidationError(
          "ownerOrganisationId: a partner organisation of the referral's area owns support, never the police",
          'ownerOrganisationId',
        );
      if (!parseList(consent.agency_ids).includes(owner.id))
        throw new ValidationError(
          'ownerOrganisationId: the person has not agreed to share with this organisation',
          'ownerOrganisationId',
        );
      const box = this.box(r);
      const actionId = newId();
      const now = nowIso();
      // The plan changes under the referral's own conditional update, so a close that raced us wins.
      const changed = await referralRepository.updateFrom(trx, r.id, ['support'], { updated_at: now });
      if (changed === 0) throw conflict();
      await actionRepository.create(trx, {
        id: actionId,
        referral_id: r.id,
        owner_organisation_id: owner.id,
        text_enc: box.seal(`action:${actionId}`, body),
        deadline,
        review_dates: JSON.stringify([...new Set(reviewDates)].sort()),
        status: 'planned',
        note_enc: null,
        created_by: actor.personId,
        created_at: now,
        updated_at: now,
      });
      await this.audit.record(trx, {
        actor,
        role,
        action: 'referral.action.add',
        subjectType: REFERRAL,
        subjectId: r.id,
        details: { actionId, ownerOrganisationId: owner.id },
      });
      return { id: actionId };
    });
  }

  /** Loads an action the actor may `action` (panel member, or staff of its owner while shared). */
  private async actionFor(trx: Trx, actor: Actor, actionId: string, action: 'read' | 'update') {
    authorize(actor, 'list', REFERRAL_ACTION);
    if (!isId(actionId)) throw new NotFoundError(REFERRAL_ACTION);
    const a = await actionRepository.getById(trx, actionId);
    if (!a) throw new NotFoundError(REFERRAL_ACTION);
    const r = (await this.lockedReferral(trx, a.referral_id))!;
    const consent = r.consent_status === 'given' ? await consentRepository.current(trx, r.id) : undefined;
    const res: ReferralActionResource = {
      ...this.resource(r, await this.panelPaths(trx, actor)),
      ownerOrganisationId: a.owner_organisation_id,
      sharing: !!consent && parseList(consent.agency_ids).includes(a.owner_organisation_id),
    };
    const role = authorize(actor, action, REFERRAL_ACTION, res);
    return { action: a, referral: r, role };
  }

  async getAction(actor: Actor, input: { id: string }): Promise<OwnedActionView> {
    return this.db.write(async (trx) => {
      const { action: a, referral: r, role } = await this.actionFor(trx, actor, input.id, 'read');
      await this.audit.record(trx, {
        actor,
        role,
        action: 'referral.action.read',
        subjectType: REFERRAL_ACTION,
        subjectId: a.id,
        details: { referralId: r.id },
      });
      const orgs = await lookupRepository.partnerOrganisations(trx, r.area_path);
      return {
        ...this.actionView(this.box(r), a, new Map(orgs.map((o) => [o.id, o.name]))),
        referralId: r.id,
        reference: referenceOf(r.id),
      };
    });
  }

  /** The actions the actor's organisation owns on referrals in support that it may see. */
  async myActions(actor: Actor): Promise<OwnedActionView[]> {
    const role = authorize(actor, 'list', REFERRAL_ACTION);
    if (!actor.organisationId) return [];
    return this.db.write(async (trx) => {
      const rows = await actionRepository.listOwnedBy(trx, actor.organisationId!);
      const out: OwnedActionView[] = [];
      for (const row of rows) {
        try {
          out.push(await this.viewOwned(trx, actor, row.id));
        } catch (err) {
          if (!(err instanceof NotFoundError)) throw err;
        }
      }
      await this.audit.record(trx, {
        actor,
        role,
        action: 'referral.action.list',
        subjectType: REFERRAL_ACTION,
        details: { count: out.length, actionIds: out.map((a) => a.id) },
      });
      return out;
    });
  }

  private async viewOwned(trx: Trx, actor: Actor, actionId: string): Promise<OwnedActionView> {
    const { action: a, referral: r } = await this.actionFor(trx, actor, actionId, 'read');
    const orgs = await lookupRepository.partnerOrganisations(trx, r.area_path);
    return {
      ...this.actionView(this.box(r), a, new Map(orgs.map((o) => [o.id, o.name]))),
      referralId: r.id,
      reference: referenceOf(r.id),
    };
  }

  async updateAction(actor: Actor, actionId: string, input: ActionUpdateInput): Promise<void> {
    const status = oneOf(input.status, ACTION_STATUSES, 'status');
    const note = optional(input.note, 'note', 2000);
    await this.db.write(async (trx) => {
      const { action: a, referral: r, role } = await this.actionFor(trx, actor, actionId, 'update');
      const now = nowIso();
      const changed = await referralRepository.updateFrom(trx, r.id, ['support'], { updated_at: now });
      if (changed === 0) throw conflict();
      await actionRepository.update(trx, a.id, {
        status,
        note_enc: this.box(r).sealOrNull(`action-note:${a.id}`, note),
        updated_at: now,
      });
      await this.audit.record(trx, {
        actor,
        role,
        action: 'referral.action.update',
        subjectType: REFERRAL_ACTION,
        subjectId: a.id,
        details: { referralId: r.id, status },
      });
    });
  }

  async addReview(actor: Actor, id: string, input: ReviewInput): Promise<void> {
    const reviewedOn = date(input.reviewedOn, 'reviewedOn');
    const notes = text(input.notes, 'notes', { min: 5, max: 5000 });
    const next = input.nextReviewOn ? date(input.nextReviewOn, 'nextReviewOn') : null;
    if (next && next <= reviewedOn)
      throw new ValidationError('nextReviewOn must come after the review', 'nextReviewOn');
    await this.db.write(async (trx) => {
      const { referral: r, role } = await this.load(trx, actor, id, 'work');
      if (r.status !== 'support') throw new ConflictError('reviews belong to a support plan', 'status');
      const now = nowIso();
      const changed = await referralRepository.updateFrom(trx, r.id, ['support'], { updated_at: now });
      if (changed === 0) throw conflict();
      const reviewId = newId();
      await reviewRepository.create(trx, {
        id: reviewId,
        referral_id: r.id,
        reviewed_on: reviewedOn,
        notes_enc: this.box(r).seal(`review:${reviewId}`, notes),
        next_review_on: next,
        recorded_by: actor.personId,
        created_at: now,
      });
      await this.audit.record(trx, {
        actor,
        role,
        action: 'referral.review',
        subjectType: REFERRAL,
        subjectId: r.id,
      });
    });
  }

  /** Closes a support plan: action owners lose access at once (they see only referrals in support). */
  async close(actor: Actor, id: string, input: CloseInput): Promise<void> {
    const outcome = oneOf(input.outcome, CLOSING_OUTCOMES, 'outcome');
    if (typeof input.supportDelivered !== 'boolean')
      throw new ValidationError('supportDelivered must be yes or no', 'supportDelivered');
    await this.db.write(async (trx) => {
      const { referral: r, role } = await this.load(trx, actor, id, 'work');
      const now = nowIso();
      const changed = await referralRepository.updateFrom(trx, r.id, ['support'], {
        status: 'closed',
        outcome,
        support_delivered: input.supportDelivered ? 1 : 0,
        closed_at: now,
        closed_by: actor.personId,
        updated_at: now,
      });
      if (changed === 0) throw conflict();
      await this.tally(trx, r, outcome, input.supportDelivered, now);
      await this.audit.record(trx, {
        actor,
        role,
        action: 'referral.close',
        subjectType: REFERRAL,
        subjectId: r.id,
        details: { outcome, supportDelivered: input.supportDelivered },
      });
    });
  }

  private async tally(trx: Trx, r: Referral, outcome: string, delivered: boolean, at: string): Promise<void> {
    await tallyRepository.add(trx, {
      id: newId(),
      area_code: r.area_code,
      area_path: r.area_path,
      outcome,
      support_delivered: delivered ? 1 : 0,
      closed_month: at.slice(0, 7),
    });
  }

  // --- aggregate figures ------------------------------------------------------------------------

  /**
   * Closed referrals counted by area and outcome, one two-way table with its totals, suppressed by the
   * shared small-cell rules (primary and complementary), so no hidden count can be worked out.
   */
  async stats(actor: Actor): Promise<StatsTable> {
    authorize(actor, 'read', REFERRAL_STATS);
    const paths = actor.grants
      .filter((g) => g.role === 'supervisor' || g.role === 'oversight')
      .map((g) => g.areaPath);
    const rows = await tallyRepository.counts(this.db.read, paths);
    const minimum = this.config.smallCellMinimum;
    const areaCodes = [...new Set(rows.map((r) => r.area_code))].sort();
    if (areaCodes.length === 0)
      return {
        minimum,
        areaCodes,
        outcomes: [...OUTCOMES],
        cells: [],
        rowTotals: [],
        columnTotals: OUTCOMES.map(() => 0),
        total: 0,
      };
    const grid = areaCodes.map((a) =>
      OUTCOMES.map((o) => Number(rows.find((r) => r.area_code === a && r.outcome === o)?.n ?? 0)),
    );
    const t = suppressTable(grid, { minimum });
    return {
      minimum,
      areaCodes,
      outcomes: [...OUTCOMES],
      cells: t.cells,
      rowTotals: t.rowTotals,
      columnTotals: t.columnTotals,
      total: t.total,
    };
  }

  // --- retention and key rotation --------------------------------------------------------------

  /** The instant before which closed referrals are deleted. */
  retentionCutoff(): string {
    const d = clock.now();
    d.setUTCMonth(d.getUTCMonth() - this.config.referralRetentionMonths);
    return d.toISOString();
  }

  /** Deletes, for real, every referral closed longer ago than the retention period. */
  async runRetention(): Promise<{ referrals: number }> {
    let total = 0;
    for (;;) {
      const n = await this.db.write(async (trx) => {
        const due = await referralRepository.closedBefore(trx, this.retentionCutoff(), BATCH);
        if (due.length === 0) return 0;
        const deleted = await referralRepository.deleteMany(trx, due);
        await this.audit.record(trx, {
          actor: null,
          role: 'system',
          action: 'referral.retention',
          subjectType: REFERRAL,
          details: { referrals: deleted, ids: due },
        });
        return deleted;
      });
      total += n;
      if (n < BATCH) break;
    }
    return { referrals: total };
  }

  /** Re-wraps data keys wrapped by an older master key with the active one (after a rotation). */
  async rewrapKeys(): Promise<{ rewrapped: number }> {
    let total = 0;
    for (;;) {
      const n = await this.db.write(async (trx) => {
        const rows = await referralRepository.wrappedByOther(trx, this.keyring.activeId, BATCH);
        let done = 0;
        for (const row of rows) {
          const dataKey = this.keyring.unwrap(row.id, row.key_id, row.wrapped_key);
          done += await referralRepository.rewrap(
            trx,
            row.id,
            row.key_id,
            this.keyring.activeId,
            this.keyring.wrap(row.id, dataKey),
          );
        }
        if (done > 0)
          await this.audit.record(trx, {
            actor: null,
            role: 'system',
            action: 'referral.rewrap',
            subjectType: REFERRAL,
            details: { referrals: done, keyId: this.keyring.activeId },
          });
        return rows.length;
      });
      total += n;
      if (n < BATCH) break;
    }
    return { rewrapped: total };
  }

  async registerJobs(jobs: JobService, log?: { info: (obj: object, msg: string) => void }): Promise<void> {
    if (!jobs.handlerFor(RETENTION_JOB))
      jobs.register(RETENTION_JOB, async () => {
        const counts = await this.runRetention();
        log?.info({ job: RETENTION_JOB, ...counts }, 'closed referrals deleted after retention');
      });
    if (!jobs.handlerFor(REWRAP_JOB))
      jobs.register(REWRAP_JOB, async () => {
        const counts = await this.rewrapKeys();
        log?.info({ job: REWRAP_JOB, ...counts }, 'referral data keys re-wrapped');
      });
    await jobs.every(RETENTION_JOB, RETENTION_EVERY_MS);
    await jobs.every(REWRAP_JOB, RETENTION_EVERY_MS);
  }
}

const STATUSES_LIST: readonly Status[] = ['consultation', 'consented', 'support', 'closed'];
