/**
 * Which oversight body reads complaints in which area, and its deadlines. Changing it changes who
 * reads complaints, so no administrator does it alone: a change is a proposal until a second
 * administrator (never the proposer) confirms it; only then is the body written.
 */
import type { Database } from '../../db/database.ts';
import type { OversightBody, OversightBodyChange } from '../../db/schema.ts';
import { AppError, ConflictError, NotFoundError, ValidationError } from '../../shared/errors.ts';
import { isId, newId } from '../../shared/ids.ts';
import { authorize, requireNationalAdmin, type Actor } from '../../shared/policy.ts';
import { stripControls } from '../../shared/text.ts';
import { nowIso } from '../../shared/time.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { OVERSIGHT_BODY } from './complaints.policy.ts';
import { complaintsRepository } from './complaints.repository.ts';
import { BODY_KINDS, type BodyKind } from './complaints.types.ts';

export interface BodyProposal {
  /** Absent: a new body. */
  bodyId?: string;
  areaCode: string;
  kind: string;
  name: string;
  organisationId?: string | null;
  ackDays: number;
  decisionDays: number;
  active: boolean;
}

interface CheckedProposal {
  bodyId: string | null;
  areaCode: string;
  areaPath: string;
  kind: BodyKind;
  name: string;
  organisationId: string | null;
  ackDays: number;
  decisionDays: number;
  active: boolean;
}

function days(v: number, field: string, max: number): number {
  if (!Number.isInteger(v) || v < 1 || v > max)
    throw new ValidationError(`${field} must be a whole number of days from 1 to ${max}`, field);
  return v;
}

export class OversightBodiesService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor): Promise<{
    bodies: OversightBody[];
    pending: Array<OversightBodyChange & { proposal_parsed: CheckedProposal }>;
    organisations: Array<{ id: string; name: string }>;
  }> {
    authorize(actor, 'read', OVERSIGHT_BODY);
    const [bodies, pending, organisations] = await Promise.all([
      complaintsRepository.listBodies(this.db.read),
      complaintsRepository.listChanges(this.db.read, 'pending'),
      complaintsRepository.activeOrganisations(this.db.read),
    ]);
    return {
      organisations,
      bodies,
      pending: pending.map((p) => ({ ...p, proposal_parsed: JSON.parse(p.proposal) as CheckedProposal })),
    };
  }

  async propose(actor: Actor, input: BodyProposal): Promise<{ id: string }> {
    const role = authorize(actor, 'propose', OVERSIGHT_BODY);
    requireNationalAdmin(actor);
    const name = stripControls(input.name ?? '').trim();
    if (!name) throw new ValidationError('name is required', 'name');
    if (name.length > 200) throw new ValidationError('name must be at most 200 characters', 'name');
    if (!(BODY_KINDS as readonly string[]).includes(input.kind))
      throw new ValidationError(`kind must be one of ${BODY_KINDS.join(', ')}`, 'kind');
    const ackDays = days(input.ackDays, 'ack_days', 60);
    const decisionDays = days(input.decisionDays, 'decision_days', 365);
    if (decisionDays < ackDays)
      throw new ValidationError('decision_days must not be shorter than ack_days', 'decision_days');
    const area = await complaintsRepository.currentArea(this.db.read, input.areaCode ?? '');
    if (!area) throw new ValidationError('area is not a known area', 'area');
    const organisationId = input.organisationId || null;
    if (organisationId) {
      const org = isId(organisationId)
        ? (await complaintsRepository.activeOrganisations(this.db.read)).find((o) => o.id === organisationId)
        : undefined;
      if (!org) throw new ValidationError('organisation is not a known organisation', 'organisation');
    }
    if (input.bodyId !== undefined) {
      const body = isId(input.bodyId)
        ? await complaintsRepository.getBody(this.db.read, input.bodyId)
        : undefined;
      if (!body) throw new NotFoundError(OVERSIGHT_BODY);
    }
    const proposal: CheckedProposal = {
      bodyId: input.bodyId ?? null,
      areaCode: area.code,
      areaPath: area.path,
      kind: input.kind as BodyKind,
      name,
      organisationId,
      ackDays,
      decisionDays,
      active: input.active,
    };
    return this.db.write(async (trx) => {
      const id = newId();
      await complaintsRepository.insertChange(trx, {
        id,
        body_id: proposal.bodyId,
        proposal: JSON.stringify(proposal),
        status: 'pending',
        requested_by: actor.personId!,
        requested_at: nowIso(),
        decided_by: null,
        decided_at: null,
      });
      await this.audit.record(trx, {
        actor,
        role,
        action: 'oversight_body.propose',
        subjectType: OVERSIGHT_BODY,
        subjectId: proposal.bodyId ?? id,
        details: { change: id, area: area.code, kind: proposal.kind, active: proposal.active },
      });
      return { id };
    });
  }

  /** A second administrator confirms (the body is written) or refuses a pending change. */
  async decide(actor: Actor, changeId: string, confirm: boolean): Promise<void> {
    const role = authorize(actor, 'confirm', OVERSIGHT_BODY);
    requireNationalAdmin(actor);
    if (!isId(changeId)) throw new NotFoundError(OVERSIGHT_BODY);
    await this.db.write(async (trx) => {
      const change = await complaintsRepository.getChange(trx, changeId);
      if (!change) throw new NotFoundError(OVERSIGHT_BODY);
      if (change.requested_by === actor.personId)
        throw new AppError(403, 'four_eyes', 'a second administrator must confirm or refuse this change');
      const now = nowIso();
      const n = await complaintsRepository.decideChange(
        trx,
        changeId,
        confirm ? 'confirmed' : 'refused',
        actor.personId!,
        now,
      );
      if (n === 0) throw new ConflictError('this change was already decided', 'change');
      const p = JSON.parse(change.proposal) as CheckedProposal;
      let bodyId = p.bodyId;
      if (confirm) {
        const fields = {
          area_code: p.areaCode,
          area_path: p.areaPath,
          kind: p.kind,
          name: p.name,
          organisation_id: p.organisationId,
          ack_days: p.ackDays,
          decision_days: p.decisionDays,
          active: p.active ? 1 : 0,
          updated_at: now,
        };
        if (bodyId) await complaintsRepository.updateBody(trx, bodyId, fields);
        else {
          bodyId = newId();
          await complaintsRepository.insertBody(trx, { id: bodyId, created_at: now, ...fields });
        }
      }
      await this.audit.record(trx, {
        actor,
        role,
        action: confirm ? 'oversight_body.confirm' : 'oversight_body.refuse',
        subjectType: OVERSIGHT_BODY,
        subjectId: bodyId ?? changeId,
        details: { change: changeId, requested_by: change.requested_by },
      });
    });
  }
}
