/** Police units and partner organisations, each attached to the areas it serves. */
import type { Database } from '../../db/database.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { authorize, type Actor } from '../../shared/policy.ts';
import { nowIso } from '../../shared/time.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { authorizeOrSystem } from './accounts.policy.ts';
import { presentOrganisation, type OrganisationView } from './accounts.presenter.ts';
import {
  ORGANISATION_KINDS,
  POLICE_KINDS,
  type OrganisationCreateBody,
  type OrganisationUpdateBody,
} from './accounts.schemas.ts';
import { areaRepository, organisationRepository } from './organisations.repository.ts';

export function sectorOf(kind: string): 'police' | 'partner' {
  return (POLICE_KINDS as readonly string[]).includes(kind) ? 'police' : 'partner';
}

/** Current paths of the given areas; an unknown or retired code is the caller's mistake. */
export async function pathsOf(db: Database, codes: string[], field: string): Promise<string[]> {
  const unique = [...new Set(codes)];
  const paths = await areaRepository.currentPaths(db.read, unique);
  const missing = unique.find((c) => !paths.has(c));
  if (missing) throw new ValidationError(`unknown area code "${missing}"`, field);
  return unique.map((c) => paths.get(c)!);
}

export class OrganisationsService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor, _input: Record<string, never> = {}): Promise<OrganisationView[]> {
    authorize(actor, 'list', 'organisation');
    const rows = await organisationRepository.search(this.db.read);
    const areas = await organisationRepository.areaCodes(
      this.db.read,
      rows.map((r) => r.id),
    );
    return rows.map((r) => presentOrganisation(r, areas.get(r.id) ?? []));
  }

  async get(actor: Actor, input: { id: string }): Promise<OrganisationView> {
    authorize(actor, 'read', 'organisation');
    return this.view(input.id);
  }

  private async view(id: string): Promise<OrganisationView> {
    const row = await organisationRepository.getById(this.db.read, id);
    if (!row) throw new NotFoundError('organisation');
    const areas = await organisationRepository.areaCodes(this.db.read, [row.id]);
    return presentOrganisation(row, areas.get(row.id) ?? []);
  }

  /** Paths of an organisation's areas (jurisdiction checks on its staff). */
  async areaPaths(organisationId: string | null): Promise<string[]> {
    if (!organisationId) return [];
    const codes = (await organisationRepository.areaCodes(this.db.read, [organisationId])).get(
      organisationId,
    );
    return [...(await areaRepository.currentPaths(this.db.read, codes ?? [])).values()];
  }

  async create(actor: Actor | null, input: OrganisationCreateBody): Promise<OrganisationView> {
    const name = input.name.trim();
    if (!name) throw new ValidationError('name must not be empty', 'name');
    if (!(ORGANISATION_KINDS as readonly string[]).includes(input.kind))
      throw new ValidationError('unknown organisation kind', 'kind');
    const areaPaths = await pathsOf(this.db, input.areaCodes, 'areaCodes');
    const role = authorizeOrSystem(actor, 'create', 'organisation', { areaPaths });
    const id = newId();
    const now = nowIso();
    await this.db.write(async (trx) => {
      if (await organisationRepository.getByName(trx, name))
        throw new ConflictError('an organisation with this name already exists', 'name');
      await organisationRepository.create(trx, {
        id,
        name,
        kind: input.kind,
        sector: sectorOf(input.kind),
        status: 'active',
        created_at: now,
        updated_at: now,
      });
      await organisationRepository.setAreas(trx, id, [...new Set(input.areaCodes)]);
      await this.audit.record(trx, {
        actor,
        role,
        action: 'organisation.create',
        subjectType: 'organisation',
        subjectId: id,
        details: { kind: input.kind, areaCodes: [...new Set(input.areaCodes)] },
      });
    });
    return this.view(id);
  }

  async update(actor: Actor, input: OrganisationUpdateBody & { id: string }): Promise<OrganisationView> {
    const row = await organisationRepository.getById(this.db.read, input.id);
    // Existing areas and new areas must both be the admin's: no moving an organisation out of reach.
    const current = row ? await this.areaPaths(row.id) : [];
    const next = input.areaCodes ? await pathsOf(this.db, input.areaCodes, 'areaCodes') : [];
    const role = authorize(actor, 'update', 'organisation', { areaPaths: [...current, ...next] });
    if (!row) throw new NotFoundError('organisation');
    const patch: Parameters<typeof organisationRepository.update>[2] = { updated_at: nowIso() };
    if (input.name !== undefined) {
      patch.name = input.name.trim();
      if (!patch.name) throw new ValidationError('name must not be empty', 'name');
    }
    if (input.kind !== undefined) {
      patch.kind = input.kind;
      patch.sector = sectorOf(input.kind);
    }
    if (input.status !== undefined) patch.status = input.status;
    await this.db.write(async (trx) => {
      if (patch.name && patch.name !== row.name && (await organisationRepository.getByName(trx, patch.name)))
        throw new ConflictError('an organisation with this name already exists', 'name');
      await organisationRepository.update(trx, row.id, patch);
      if (input.areaCodes) await organisationRepository.setAreas(trx, row.id, [...new Set(input.areaCodes)]);
      await this.audit.record(trx, {
        actor,
        role,
        action: 'organisation.update',
        subjectType: 'organisation',
        subjectId: row.id,
        details: { fields: Object.keys(input).filter((k) => k !== 'id') },
      });
    });
    return this.view(row.id);
  }
}
