/**
 * What the staff pages need around a report that the reports service does not answer: the names of
 * the staff named on a report, whom it may be assigned to, report references → ids for merging, and
 * the areas of the caller's jurisdiction (filter and walk-in selects). Read-only; no resident data.
 */
import type { Database } from '../../db/database.ts';
import { likeEscape } from '../../db/dialect.ts';
import { NotFoundError, ValidationError } from '../../shared/errors.ts';
import { authorize, can, type Actor } from '../../shared/policy.ts';
import { REFERENCE_PATTERN } from './receipts.ts';
import { DESK_ROLES, REPORT } from './reports.policy.ts';
import { resourceOf } from './reports.service.ts';
import { reportsRepository } from './reports.repository.ts';

export interface Named {
  id: string;
  name: string;
}

export interface ReportDirectory {
  /** Display names of staff and organisations named on the report (actors of events, assignees). */
  names: Record<string, string>;
  /** Staff of the report's desk who cover its area (empty unless the caller may assign). */
  staff: Named[];
  /** Active partner organisations working in the report's area (empty unless the caller may assign). */
  organisations: Named[];
}

export interface AreaOption {
  code: string;
  kind: string;
  name: Record<string, string>;
}

const REFERENCE_RE = new RegExp(REFERENCE_PATTERN);

/** `/KG/KG-O/KG-O.kara-suu/` → `['KG', 'KG-O', 'KG-O.kara-suu']`. */
function chainCodes(path: string): string[] {
  return path.split('/').filter(Boolean);
}

export class StaffDeskService {
  constructor(private readonly db: Database) {}

  async directory(actor: Actor, reportId: string): Promise<ReportDirectory> {
    authorize(actor, 'work', REPORT);
    const report = await reportsRepository.getById(this.db.read, reportId);
    if (!report) throw new NotFoundError(REPORT);
    authorize(actor, 'read', REPORT, resourceOf(report));
    const events = await reportsRepository.listEvents(this.db.read, reportId, [
      'public',
      'reporter',
      'internal',
    ]);
    const ids = new Set<string>();
    for (const e of events) {
      if (e.actor_person_id) ids.add(e.actor_person_id);
      if (e.kind === 'assign' && e.details) {
        const d = JSON.parse(e.details) as { person_id?: string | null; organisation_id?: string | null };
        if (d.person_id) ids.add(d.person_id);
        if (d.organisation_id) ids.add(d.organisation_id);
      }
    }
    if (report.assigned_person_id) ids.add(report.assigned_person_id);
    if (report.entered_by_person_id) ids.add(report.entered_by_person_id);
    if (report.assigned_organisation_id) ids.add(report.assigned_organisation_id);
    // A resident who reported with an account is never named here (see the audited identity view).
    if (report.reporter_person_id) ids.delete(report.reporter_person_id);
    const names: Record<string, string> = {};
    if (ids.size) {
      const people = await this.db.read
        .selectFrom('person')
        .select(['id', 'display_name'])
        .where('id', 'in', [...ids])
        .where('kind', '=', 'staff')
        .execute();
      for (const p of people) names[p.id] = p.display_name;
      const orgs = await this.db.read
        .selectFrom('organisation')
        .select(['id', 'name'])
        .where('id', 'in', [...ids])
        .execute();
      for (const o of orgs) names[o.id] = o.name;
    }
    if (!can(actor, 'assign', REPORT, resourceOf(report))) return { names, staff: [], organisations: [] };

    const codes = chainCodes(report.area_path);
    const roles = [...DESK_ROLES[report.desk], ...(report.desk === 'triage' ? [] : ['officer'])];
    const staffRows = await this.db.read
      .selectFrom('person')
      .innerJoin('role_grant', 'role_grant.person_id', 'person.id')
      .leftJoin('area', (j) =>
        j.onRef('area.code', '=', 'role_grant.area_code').on('area.valid_to', 'is', null),
      )
      .select(['person.id', 'person.display_name'])
      .where('person.kind', '=', 'staff')
      .where('person.disabled_at', 'is', null)
      .where('role_grant.role', 'in', roles)
      .where((eb) =>
        eb.or([
          eb('role_grant.area_code', 'in', codes),
          eb('area.path', 'like', `${likeEscape(report.area_path)}%`),
        ]),
      )
      .orderBy('person.display_name')
      .limit(300)
      .execute();
    const staff = dedupe(staffRows.map((r) => ({ id: r.id, name: r.display_name })));
    const orgRows = await this.db.read
      .selectFrom('organisation')
      .innerJoin('organisation_area', 'organisation_area.organisation_id', 'organisation.id')
      .select(['organisation.id', 'organisation.name'])
      .where('organisation.status', '=', 'active')
      .where('organisation.sector', '=', 'partner')
      .where('organisation_area.area_code', 'in', codes)
      .orderBy('organisation.name')
      .limit(300)
      .execute();
    return { names, staff, organisations: dedupe(orgRows) };
  }

  /** The id of a report the caller may merge, by its reference; anything else is a field error on `into`. */
  async idByReference(actor: Actor, reference: string): Promise<string> {
    authorize(actor, 'work', REPORT);
    const ref = reference.trim().toUpperCase();
    const refused = new ValidationError('into is not a report you can merge into', 'into');
    if (!REFERENCE_RE.test(ref)) throw refused;
    const row = await this.db.read
      .selectFrom('report')
      .select('id')
      .where('reference', '=', ref)
      .executeTakeFirst();
    if (!row) throw refused;
    const report = await reportsRepository.getById(this.db.read, row.id);
    if (!report || !can(actor, 'merge', REPORT, resourceOf(report))) throw refused;
    return report.id;
  }

  /** Current districts, municipalities and beats within the caller's grants (for selects). */
  async areaOptions(actor: Actor): Promise<AreaOption[]> {
    authorize(actor, 'queue', REPORT);
    const paths = [...new Set(actor.grants.map((g) => g.areaPath))];
    if (!paths.length) return [];
    const rows = await this.db.read
      .selectFrom('area')
      .select(['code', 'kind', 'names', 'path'])
      .where('valid_to', 'is', null)
      .where('kind', 'in', ['district', 'municipality', 'beat'])
      .where((eb) => eb.or(paths.map((p) => eb('path', 'like', `${likeEscape(p)}%`))))
      .orderBy('path')
      .limit(1000)
      .execute();
    return rows.map((r) => ({
      code: r.code,
      kind: r.kind,
      name: JSON.parse(r.names) as Record<string, string>,
    }));
  }
}

function dedupe(rows: Named[]): Named[] {
  const seen = new Set<string>();
  return rows.filter((r) => (seen.has(r.id) ? false : (seen.add(r.id), true)));
}
