/**
 * Trainings and cross-border workshops: organisers and partner agencies from several countries,
 * agenda sessions with speakers, registration with a seat limit and approval, attendance per day,
 * a fixed evaluation form (anonymous answers), and an XLSX export of participants and evaluations.
 */
import ExcelJS from 'exceljs';
import type { Database } from '../../db/database.ts';
import type { TrainingEvent, TrainingRegistration } from '../../db/schema.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { authorize, can, jurisdictionPaths, type Actor } from '../../shared/policy.ts';
import { nowIso } from '../../shared/time.ts';
import { areaRepository } from '../accounts/organisations.repository.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { TRAINING, TRAINING_READERS, type TrainingResource } from './forums.policy.ts';
import { trainingRepository } from './trainings.repository.ts';
import { date, oneOf, optionalText, requiredText } from './forums.validate.ts';

/** Countries of the deployment and its neighbours (ISO 3166-1 alpha-2). */
export const COUNTRIES = ['KG', 'KZ', 'TJ', 'UZ', 'TM', 'AF', 'RU', 'CN', 'OTHER'] as const;
export const DECISIONS = ['approved', 'rejected'] as const;
type ScoreField = 'relevance' | 'quality' | 'organisation';

interface Party {
  name: string;
  country: string;
}

export function presentEvent(e: TrainingEvent, seatsTaken: number) {
  return {
    id: e.id,
    title: e.title,
    areaCode: e.area_code,
    place: e.place,
    startsOn: e.starts_on,
    endsOn: e.ends_on,
    seatLimit: e.seat_limit,
    seatsTaken,
    organisers: JSON.parse(e.organisers) as Party[],
    partners: JSON.parse(e.partners) as Party[],
    description: e.description,
  };
}
export type TrainingView = ReturnType<typeof presentEvent>;

export function presentRegistration(r: TrainingRegistration, days: string[]) {
  return {
    id: r.id,
    fullName: r.full_name,
    organisationName: r.organisation_name,
    country: r.country,
    status: r.status,
    daysAttended: days,
  };
}
export type RegistrationView = ReturnType<typeof presentRegistration>;

export const SCORE_FIELDS: readonly ScoreField[] = ['relevance', 'quality', 'organisation'];

export interface EvaluationSummary {
  responses: number;
  /** Mean score (1–5) per question, null without answers. */
  means: Record<ScoreField, number | null>;
  /** How many answers gave 1, 2, 3, 4 and 5 (index 0 is score 1), per question. */
  distribution: Record<ScoreField, number[]>;
  willApply: number;
  comments: string[];
}

export function days(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000)
    out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

function parties(list: unknown, field: string): Party[] {
  if (!Array.isArray(list) || list.length > 30) throw new ValidationError(`${field} must be a list`, field);
  return list.map((p: { name?: unknown; country?: unknown }, i) => ({
    name: requiredText(p?.name, `${field}.${i}.name`, 200),
    country: oneOf(p?.country, COUNTRIES, `${field}.${i}.country`),
  }));
}

function score(v: unknown, field: string): number {
  if (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 5) return v;
  throw new ValidationError(`${field} must be a whole number from 1 to 5`, field);
}

function willApply(v: unknown): number {
  if (typeof v !== 'boolean')
    throw new ValidationError('say whether you will apply what you learned', 'willApply');
  return v ? 1 : 0;
}

export class TrainingsService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
  ) {}

  private async load(actor: Actor, action: string, id: string) {
    const e = await trainingRepository.event(this.db.read, id);
    if (!e) {
      authorize(actor, 'list', TRAINING);
      throw new NotFoundError(TRAINING);
    }
    const role = authorize(actor, action, TRAINING, { areaPath: e.area_path } satisfies TrainingResource);
    return { e, role };
  }

  /** For modules attached to an event (materials): the event if the actor may `action` it, else 404. */
  async access(actor: Actor, action: 'read' | 'manage', id: string) {
    return this.load(actor, action, id);
  }

  private async approvedCount(eventId: string): Promise<number> {
    return (await trainingRepository.approvedCounts(this.db.read, [eventId])).get(eventId) ?? 0;
  }

  async list(actor: Actor): Promise<TrainingView[]> {
    authorize(actor, 'list', TRAINING);
    const paths = jurisdictionPaths(actor, TRAINING_READERS);
    if (paths.length === 0) return [];
    const rows = await trainingRepository.eventsUnder(this.db.read, paths, 200);
    const seats = await trainingRepository.approvedCounts(
      this.db.read,
      rows.map((e) => e.id),
    );
    return rows.map((e) => presentEvent(e, seats.get(e.id) ?? 0));
  }

  async create(
    actor: Actor,
    input: {
      title: string;
      areaCode: string;
      place: string;
      startsOn: string;
      endsOn: string;
      seatLimit: number;
      organisers: Party[];
      partners?: Party[];
      description?: string | null;
      sessions?: Array<{ day: string; time: string; title: string; speakers?: string[] }>;
    },
  ): Promise<TrainingView> {
    authorize(actor, 'list', TRAINING);
    const areaCode = requiredText(input.areaCode, 'areaCode', 64);
    const path = (await areaRepository.currentPaths(this.db.read, [areaCode])).get(areaCode);
    if (!path) throw new ValidationError(`unknown area code "${areaCode}"`, 'areaCode');
    const role = authorize(actor, 'create', TRAINING, { areaPath: path });
    const startsOn = date(input.startsOn, 'startsOn');
    const endsOn = date(input.endsOn, 'endsOn');
    if (endsOn < startsOn) throw new ValidationError('endsOn must not be before startsOn', 'endsOn');
    if (days(startsOn, endsOn).length > 14)
      throw new ValidationError('an event lasts at most 14 days', 'endsOn');
    if (!Number.isInteger(input.seatLimit) || input.seatLimit < 1 || input.seatLimit > 2000)
      throw new ValidationError('seatLimit must be from 1 to 2000', 'seatLimit');
    const organisers = parties(input.organisers, 'organisers');
    if (organisers.length === 0) throw new ValidationError('name at least one organiser', 'organisers');
    const partners = parties(input.partners ?? [], 'partners');
    const sessions = (input.sessions ?? []).slice(0, 100).map((s, i) => {
      const day = date(s?.day, `sessions.${i}.day`);
      if (day < startsOn || day > endsOn)
        throw new ValidationError('a session must fall within the event', `sessions.${i}.day`);
      if (typeof s.time !== 'string' || !/^([01]\d|2[0-3]):[0-5]\d$/.test(s.time))
        throw new ValidationError('time must be like 09:30', `sessions.${i}.time`);
      const speakers = (s.speakers ?? [])
        .slice(0, 20)
        .map((n, j) => requiredText(n, `sessions.${i}.speakers.${j}`, 200));
      return { day, time: s.time, title: requiredText(s.title, `sessions.${i}.title`, 300), speakers };
    });
    const now = nowIso();
    const row: TrainingEvent = {
      id: newId(),
      title: requiredText(input.title, 'title', 200),
      area_code: areaCode,
      area_path: path,
      place: requiredText(input.place, 'place', 500),
      starts_on: startsOn,
      ends_on: endsOn,
      seat_limit: input.seatLimit,
      organisers: JSON.stringify(organisers),
      partners: JSON.stringify(partners),
      description: optionalText(input.description, 'description', 5000) ?? '',
      created_by: actor.personId,
      created_at: now,
      updated_at: now,
    };
    await this.db.write(async (trx) => {
      await trainingRepository.createEvent(
        trx,
        row,
        sessions.map((s) => ({
          id: newId(),
          event_id: row.id,
          day: s.day,
          time: s.time,
          title: s.title,
          speakers: JSON.stringify(s.speakers),
        })),
      );
      await this.audit.record(trx, {
        actor,
        role,
        action: 'training.create',
        subjectType: TRAINING,
        subjectId: row.id,
        details: { areaCode, countries: [...new Set([...organisers, ...partners].map((p) => p.country))] },
      });
    });
    return presentEvent(row, 0);
  }

  /** Adds one session to the agenda (day within the event, time, title, speakers). */
  async addSession(
    actor: Actor,
    input: { id: string; day: string; time: string; title: string; speakers?: string[] },
  ): Promise<void> {
    const { e, role } = await this.load(actor, 'manage', input.id);
    const day = date(input.day, 'day');
    if (day < e.starts_on || day > e.ends_on)
      throw new ValidationError('a session must fall within the event', 'day');
    if (typeof input.time !== 'string' || !/^([01]\d|2[0-3]):[0-5]\d$/.test(input.time))
      throw new ValidationError('time must be like 09:30', 'time');
    const title = requiredText(input.title, 'title', 300);
    const speakers = (input.speakers ?? []).map((n) => n.trim()).filter(Boolean);
    if (speakers.length > 20) throw new ValidationError('at most 20 speakers', 'speakers');
    for (const [j, n] of speakers.entries()) requiredText(n, `speakers.${j}`, 200);
    await this.db.write(async (trx) => {
      if ((await trainingRepository.sessionCount(trx, e.id)) >= 100)
        throw new ValidationError('at most 100 sessions', 'title');
      await trainingRepository.addSession(trx, {
        id: newId(),
        event_id: e.id,
        day,
        time: input.time,
        title,
        speakers: JSON.stringify(speakers),
      });
      await this.audit.record(trx, {
        actor,
        role,
        action: 'training.session.add',
        subjectType: TRAINING,
        subjectId: e.id,
        details: { day },
      });
    });
  }

  /** Details with sessions; the participant list only for organisers (personal data, audited). */
  async get(actor: Actor, input: { id: string }) {
    const { e, role } = await this.load(actor, 'read', input.id);
    const sessions = await trainingRepository.sessions(this.db.read, e.id);
    const manage = !!can(actor, 'manage', TRAINING, { areaPath: e.area_path });
    const participants = manage ? await this.participants(actor, e.id, role) : null;
    const own = actor.personId
      ? await trainingRepository.registrationOf(this.db.read, e.id, actor.personId)
      : undefined;
    const evaluated = actor.personId
      ? await trainingRepository.hasEvaluated(this.db.read, e.id, actor.personId)
      : false;
    return {
      event: presentEvent(e, await this.approvedCount(e.id)),
      days: days(e.starts_on, e.ends_on),
      canManage: manage,
      mine: own ? presentRegistration(own, []) : null,
      evaluated,
      sessions: sessions.map((s) => ({
        day: s.day,
        time: s.time,
        title: s.title,
        speakers: JSON.parse(s.speakers) as string[],
      })),
      participants,
    };
  }

  private async participants(actor: Actor, eventId: string, role: string): Promise<RegistrationView[]> {
    return this.db.write(async (trx) => {
      const regs = await trainingRepository.registrations(trx, eventId);
      const att = await trainingRepository.attendance(
        trx,
        regs.map((r) => r.id),
      );
      await this.audit.record(trx, {
        actor,
        role,
        action: 'training.participants.read',
        subjectType: TRAINING,
        subjectId: eventId,
      });
      return regs.map((r) =>
        presentRegistration(
          r,
          att
            .filter((a) => a.registration_id === r.id)
            .map((a) => a.day)
            .sort(),
        ),
      );
    });
  }

  /** Asks for a seat (for oneself, or an organiser registering someone). Pending until approved. */
  async register(
    actor: Actor,
    input: { id: string; fullName: string; organisationName: string; country: string },
  ): Promise<RegistrationView> {
    const role = authorize(actor, 'register', TRAINING);
    const e = await trainingRepository.event(this.db.read, input.id);
    // An event one may not see does not exist for them (guests from abroad are registered by organisers).
    if (!e || !can(actor, 'read', TRAINING, { areaPath: e.area_path } satisfies TrainingResource))
      throw new NotFoundError(TRAINING);
    if (e.ends_on < nowIso().slice(0, 10)) throw new ValidationError('this event is over', 'id');
    const manager = !!can(actor, 'manage', TRAINING, { areaPath: e.area_path });
    const row: TrainingRegistration = {
      id: newId(),
      event_id: e.id,
      person_id: manager ? null : actor.personId,
      full_name: requiredText(input.fullName, 'fullName', 200),
      organisation_name: requiredText(input.organisationName, 'organisationName', 200),
      country: oneOf(input.country, COUNTRIES, 'country'),
      status: 'pending',
      created_at: nowIso(),
      decided_at: null,
    };
    await this.db.write(async (trx) => {
      if (row.person_id) {
        const dup = await trainingRepository.registrationOf(trx, e.id, row.person_id);
        if (dup) throw new ConflictError('you have already asked for a seat', 'id');
      }
      await trainingRepository.register(trx, row);
      await this.audit.record(trx, {
        actor,
        role,
        action: 'training.register',
        subjectType: TRAINING,
        subjectId: e.id,
      });
    });
    return presentRegistration(row, []);
  }

  /** Approve or reject; approving never exceeds the seat limit. */
  async decide(
    actor: Actor,
    input: { id: string; registrationId: string; decision: string },
  ): Promise<RegistrationView> {
    const { e, role } = await this.load(actor, 'manage', input.id);
    const decision = oneOf(input.decision, DECISIONS, 'decision');
    return this.db.write(async (trx) => {
      // Concurrent approvals queue on the event row, so the seat count below stays true.
      await trainingRepository.lockEvent(trx, this.db.dialect, e.id);
      const reg = await trainingRepository.registration(trx, e.id, input.registrationId);
      if (!reg) throw new NotFoundError('registration');
      if (decision === 'approved' && reg.status !== 'approved') {
        const taken = (await trainingRepository.approvedCounts(trx, [e.id])).get(e.id) ?? 0;
        if (taken >= e.seat_limit) throw new ConflictError('all seats are taken', 'decision');
      }
      const patch = { status: decision, decided_at: nowIso() };
      await trainingRepository.decide(trx, reg.id, patch);
      await this.audit.record(trx, {
        actor,
        role,
        action: 'training.decide',
        subjectType: TRAINING,
        subjectId: e.id,
        details: { registrationId: reg.id, decision },
      });
      return presentRegistration({ ...reg, ...patch }, []);
    });
  }

  /** Attendance for one day: the approved participants present. */
  async recordAttendance(
    actor: Actor,
    input: { id: string; day: string; registrationIds: string[] },
  ): Promise<void> {
    const { e, role } = await this.load(actor, 'manage', input.id);
    const day = date(input.day, 'day');
    if (day < e.starts_on || day > e.ends_on)
      throw new ValidationError('day must fall within the event', 'day');
    const approved = new Set(await trainingRepository.approvedIds(this.db.read, e.id));
    for (const id of input.registrationIds)
      if (!approved.has(id))
        throw new ValidationError('only approved participants attend', 'registrationIds');
    await this.db.write(async (trx) => {
      await trainingRepository.setAttendance(trx, day, [...approved], input.registrationIds);
      await this.audit.record(trx, {
        actor,
        role,
        action: 'training.attendance',
        subjectType: TRAINING,
        subjectId: e.id,
        details: { day, present: input.registrationIds.length },
      });
    });
  }

  /**
   * The fixed evaluation form (relevance, quality, organisation 1–5; will you apply it; comment).
   * Answers are stored without who gave them. Approved participants answer; organisers enter paper forms.
   */
  async evaluate(
    actor: Actor,
    input: {
      id: string;
      relevance: number;
      quality: number;
      organisation: number;
      willApply: boolean | null;
      comment?: string;
    },
  ): Promise<void> {
    const role = authorize(actor, 'evaluate', TRAINING);
    const e = await trainingRepository.event(this.db.read, input.id);
    if (!e) throw new NotFoundError(TRAINING);
    const manager = !!can(actor, 'manage', TRAINING, { areaPath: e.area_path });
    if (!manager) {
      const reg = actor.personId
        ? await trainingRepository.registrationOf(this.db.read, e.id, actor.personId, true)
        : undefined;
      if (!reg) throw new NotFoundError(TRAINING);
    }
    const row = {
      id: newId(),
      event_id: e.id,
      relevance: score(input.relevance, 'relevance'),
      quality: score(input.quality, 'quality'),
      organisation: score(input.organisation, 'organisation'),
      will_apply: willApply(input.willApply),
      comment: optionalText(input.comment, 'comment', 2000) ?? '',
      created_at: nowIso(),
    };
    await this.db.write(async (trx) => {
      // A participant answers once; the marker holds no answer, the answer holds no person.
      if (!manager && actor.personId) {
        if (await trainingRepository.hasEvaluated(trx, e.id, actor.personId))
          throw new ConflictError('you have already answered the evaluation', 'id');
        await trainingRepository.markEvaluated(trx, e.id, actor.personId);
      }
      await trainingRepository.addEvaluation(trx, row);
      await this.audit.record(trx, {
        actor,
        role,
        action: 'training.evaluate',
        subjectType: TRAINING,
        subjectId: e.id,
      });
    });
  }

  async evaluationSummary(actor: Actor, input: { id: string }): Promise<EvaluationSummary> {
    const { e } = await this.load(actor, 'manage', input.id);
    return this.summary(e.id);
  }

  private async summary(eventId: string): Promise<EvaluationSummary> {
    const rows = await trainingRepository.evaluations(this.db.read, eventId);
    const mean = (k: ScoreField) =>
      rows.length ? Math.round((rows.reduce((s, r) => s + r[k], 0) / rows.length) * 100) / 100 : null;
    const dist = (k: ScoreField) => [1, 2, 3, 4, 5].map((n) => rows.filter((r) => r[k] === n).length);
    return {
      responses: rows.length,
      means: { relevance: mean('relevance'), quality: mean('quality'), organisation: mean('organisation') },
      distribution: {
        relevance: dist('relevance'),
        quality: dist('quality'),
        organisation: dist('organisation'),
      },
      willApply: rows.filter((r) => r.will_apply === 1).length,
      comments: rows.map((r) => r.comment).filter(Boolean),
    };
  }

  /** XLSX: "Participants" (by country and organisation, days attended) and "Evaluation" (summary). */
  async exportXlsx(actor: Actor, input: { id: string; labels: XlsxLabels }): Promise<Buffer> {
    const { e, role } = await this.load(actor, 'manage', input.id);
    const participants = await this.participants(actor, e.id, role);
    const summary = await this.summary(e.id);
    const L = input.labels;
    const wb = new ExcelJS.Workbook();
    wb.creator = 'Ishenim';
    const ps = wb.addWorksheet(L.participants);
    const allDays = days(e.starts_on, e.ends_on);
    ps.addRow([L.name, L.organisation, L.country, L.status, ...allDays]);
    for (const p of participants)
      ps.addRow([
        p.fullName,
        p.organisationName,
        p.country,
        p.status,
        ...allDays.map((d) => (p.daysAttended.includes(d) ? 1 : 0)),
      ]);
    ps.getRow(1).font = { bold: true };
    const ev = wb.addWorksheet(L.evaluation);
    ev.addRow([L.question, L.value]);
    ev.addRow([L.responses, summary.responses]);
    ev.addRow([L.relevance, summary.means.relevance]);
    ev.addRow([L.quality, summary.means.quality]);
    ev.addRow([L.organisationScore, summary.means.organisation]);
    ev.addRow([L.willApply, summary.willApply]);
    for (const c of summary.comments) ev.addRow([L.comment, c]);
    ev.getRow(1).font = { bold: true };
    await this.db.write((trx) =>
      this.audit.record(trx, {
        actor,
        role,
        action: 'training.export',
        subjectType: TRAINING,
        subjectId: e.id,
        details: { rows: participants.length },
      }),
    );
    return Buffer.from(await wb.xlsx.writeBuffer());
  }
}

export interface XlsxLabels {
  participants: string;
  evaluation: string;
  name: string;
  organisation: string;
  country: string;
  status: string;
  question: string;
  value: string;
  responses: string;
  relevance: string;
  quality: string;
  organisationScore: string;
  willApply: string;
  comment: string;
}
