/**
 * Mobile police receptions: the schedule (van, place, time, officers), a public notice, and the visit
 * log: how many people were received, and each concern entered as a report through the reporting
 * service (channel `reception`, with the resident's own privacy choice).
 */
import type { Database } from '../../db/database.ts';
import type { Reception } from '../../db/schema.ts';
import { NotFoundError, ValidationError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { authorize, jurisdictionPaths, type Actor } from '../../shared/policy.ts';
import { nowIso } from '../../shared/time.ts';
import { areaRepository } from '../accounts/organisations.repository.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { ReportsService } from '../reports/reports.service.ts';
import type { Contact, Privacy } from '../reports/reports.types.ts';
import { AREA_ROLES, RECEPTION, type ReceptionResource } from './forums.policy.ts';
import { receptionRepository } from './receptions.repository.ts';
import { count, instant, oneOf, optionalText, requiredText } from './forums.validate.ts';

export const RECEPTION_STATUSES = ['scheduled', 'held', 'cancelled'] as const;
const PRIVACIES: readonly Privacy[] = ['public', 'name_hidden', 'anonymous'];

export function presentReception(r: Reception) {
  return {
    id: r.id,
    areaCode: r.area_code,
    van: r.van,
    place: r.place,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    officers: JSON.parse(r.officers) as string[],
    notice: r.notice,
    status: r.status,
    peopleReceived: r.people_received,
  };
}
export type ReceptionView = ReturnType<typeof presentReception>;
export type PublicReceptionView = Omit<ReceptionView, 'peopleReceived'>;

export interface ReceptionDetail {
  reception: ReceptionView;
  concerns: Array<{ id: string; reference: string; category: string; privacy: string; status: string }>;
}

export class ReceptionsService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    private readonly reports: Pick<ReportsService, 'createReport'>,
  ) {}

  private async load(actor: Actor, action: string, id: string) {
    const r = await receptionRepository.getById(this.db.read, id);
    if (!r) {
      authorize(actor, 'list', RECEPTION);
      throw new NotFoundError(RECEPTION);
    }
    const role = authorize(actor, action, RECEPTION, { areaPath: r.area_path } satisfies ReceptionResource);
    return { r, role };
  }

  async list(actor: Actor): Promise<ReceptionView[]> {
    authorize(actor, 'list', RECEPTION);
    const rows = await receptionRepository.search(this.db.read, jurisdictionPaths(actor, AREA_ROLES));
    return rows.map(presentReception);
  }

  async schedule(
    actor: Actor,
    input: {
      areaCode: string;
      van: string;
      place: string;
      startsAt: string;
      endsAt: string;
      officers: string[];
      notice?: string | null;
    },
  ): Promise<ReceptionView> {
    authorize(actor, 'list', RECEPTION);
    const areaCode = requiredText(input.areaCode, 'areaCode', 64);
    const path = (await areaRepository.currentPaths(this.db.read, [areaCode])).get(areaCode);
    if (!path) throw new ValidationError(`unknown area code "${areaCode}"`, 'areaCode');
    const role = authorize(actor, 'create', RECEPTION, { areaPath: path });
    const startsAt = instant(input.startsAt, 'startsAt');
    const endsAt = instant(input.endsAt, 'endsAt');
    if (endsAt <= startsAt) throw new ValidationError('endsAt must be after startsAt', 'endsAt');
    const officers = (input.officers ?? []).map((o, i) => requiredText(o, `officers.${i}`, 200)).slice(0, 20);
    if (officers.length === 0) throw new ValidationError('name at least one officer', 'officers');
    const now = nowIso();
    const row: Reception = {
      id: newId(),
      area_code: areaCode,
      area_path: path,
      van: requiredText(input.van, 'van', 100),
      place: requiredText(input.place, 'place', 500),
      starts_at: startsAt,
      ends_at: endsAt,
      officers: JSON.stringify(officers),
      notice: optionalText(input.notice, 'notice', 2000) ?? '',
      status: 'scheduled',
      people_received: 0,
      created_by: actor.personId,
      created_at: now,
      updated_at: now,
    };
    await this.db.write(async (trx) => {
      await receptionRepository.create(trx, row);
      await this.audit.record(trx, {
        actor,
        role,
        action: 'reception.schedule',
        subjectType: RECEPTION,
        subjectId: row.id,
        details: { areaCode },
      });
    });
    return presentReception(row);
  }

  async get(actor: Actor, input: { id: string }): Promise<ReceptionDetail> {
    const { r } = await this.load(actor, 'read', input.id);
    const concerns = await receptionRepository.reports(this.db.read, r.id);
    return {
      reception: presentReception(r),
      concerns: concerns.map((c) => ({
        id: c.id,
        reference: c.reference,
        category: c.category_code,
        privacy: c.privacy,
        status: c.status,
      })),
    };
  }

  /** The visit log: status and how many people were received. */
  async logVisit(
    actor: Actor,
    input: { id: string; status: string; peopleReceived: number },
  ): Promise<ReceptionView> {
    const { r, role } = await this.load(actor, 'manage', input.id);
    const status = oneOf(input.status, RECEPTION_STATUSES, 'status');
    const people = count(input.peopleReceived, 'peopleReceived', 10_000);
    const patch = { status, people_received: people, updated_at: nowIso() };
    await this.db.write(async (trx) => {
      await receptionRepository.update(trx, r.id, patch);
      await this.audit.record(trx, {
        actor,
        role,
        action: 'reception.log',
        subjectType: RECEPTION,
        subjectId: r.id,
        details: { status, peopleReceived: people },
      });
    });
    return presentReception({ ...r, ...patch });
  }

  /**
   * A concern raised at the reception becomes a report, entered by the officer through the reporting
   * service with the resident's privacy choice; then it is linked to the visit. The report and its link
   * are two transactions: a failed link leaves a normal reception-channel report, never a lost one.
   */
  async addConcern(
    actor: Actor,
    input: {
      id: string;
      category: string;
      description: string;
      privacy: string;
      contact?: Contact;
      locale?: string;
    },
  ): Promise<{ id: string; reference: string; receipt?: string }> {
    const { r, role } = await this.load(actor, 'manage', input.id);
    const privacy = oneOf(input.privacy, PRIVACIES, 'privacy');
    const created = await this.reports.createReport(actor, {
      category: input.category,
      description: input.description,
      privacy,
      location: { area: r.area_code },
      channel: 'reception',
      ...(privacy !== 'anonymous' && input.contact ? { contact: input.contact } : {}),
      ...(input.locale ? { locale: input.locale } : {}),
    });
    await this.db.write(async (trx) => {
      await receptionRepository.linkReport(trx, r.id, created.id, nowIso());
      await this.audit.record(trx, {
        actor,
        role,
        action: 'reception.concern',
        subjectType: RECEPTION,
        subjectId: r.id,
        details: { reportId: created.id },
      });
    });
    return {
      id: created.id,
      reference: created.reference,
      ...(created.receipt ? { receipt: created.receipt } : {}),
    };
  }

  /** Public notice: receptions that have not ended yet, in an area and below. */
  async publicNotices(actor: Actor, input: { areaCode?: string } = {}): Promise<PublicReceptionView[]> {
    authorize(actor, 'read_public', RECEPTION);
    let areaPath: string | undefined;
    if (input.areaCode) {
      areaPath = (await areaRepository.currentPaths(this.db.read, [input.areaCode])).get(input.areaCode);
      if (!areaPath) throw new NotFoundError('area');
    }
    const rows = await receptionRepository.upcoming(this.db.read, nowIso(), areaPath);
    return rows.map((r) => {
      const { peopleReceived: _omit, ...rest } = presentReception(r);
      return rest;
    });
  }
}
