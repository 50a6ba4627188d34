/**
 * Partner organisations' recorded commitment to non-violence and human rights, suspension and
 * reinstatement of a partnership (with a reason), and their contacts (need-to-know: staff of the
 * organisation's areas only; every read is audited).
 */
import type { Database } from '../../db/database.ts';
import { NotFoundError, ValidationError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { authorize, can, type Actor } from '../../shared/policy.ts';
import { nowIso } from '../../shared/time.ts';
import { organisationRepository } from '../accounts/organisations.repository.ts';
import type { OrganisationsService } from '../accounts/organisations.service.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { PARTNERSHIP, type PartnershipResource } from './forums.policy.ts';
import { presentContact, presentOrgCommitment, presentStatusChange } from './forums.presenter.ts';
import { partnershipRepository } from './forums.repository.ts';
import { PARTNERSHIP_STATUSES, type PartnershipStatus } from './forums.types.ts';
import { date, oneOf, optionalText, requiredText } from './forums.validate.ts';
import { LOCALES } from '../../shared/i18n.ts';

export interface PartnershipView {
  organisationId: string;
  organisationName: string;
  status: PartnershipStatus;
  commitment: ReturnType<typeof presentOrgCommitment> | null;
  history: ReturnType<typeof presentStatusChange>[];
  /** null when the caller may not see contacts (or none are recorded). */
  contact: ReturnType<typeof presentContact> | null;
  canSeeContacts: boolean;
  canManage: boolean;
}

export class PartnershipsService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    private readonly organisations: OrganisationsService,
  ) {}

  private async resource(organisationId: string): Promise<PartnershipResource> {
    return { organisationId, areaPaths: await this.organisations.areaPaths(organisationId) };
  }

  async get(actor: Actor, input: { organisationId: string }): Promise<PartnershipView> {
    const role = authorize(actor, 'read', PARTNERSHIP);
    const org = await organisationRepository.getById(this.db.read, input.organisationId);
    if (!org) throw new NotFoundError('organisation');
    const resource = await this.resource(org.id);
    const contactRole = can(actor, 'read_contacts', PARTNERSHIP, resource);
    const [commitment, history] = await Promise.all([
      partnershipRepository.latestCommitment(this.db.read, org.id),
      partnershipRepository.statusChanges(this.db.read, org.id),
    ]);
    let contact: PartnershipView['contact'] = null;
    if (contactRole) {
      contact = await this.db.write(async (trx) => {
        const row = await partnershipRepository.getContact(trx, org.id);
        if (row)
          await this.audit.record(trx, {
            actor,
            role: contactRole,
            action: 'organisation.contacts.read',
            subjectType: 'organisation',
            subjectId: org.id,
          });
        return row ? presentContact(row) : null;
      });
    }
    void role;
    return {
      organisationId: org.id,
      organisationName: org.name,
      status: org.status,
      commitment: commitment ? presentOrgCommitment(commitment) : null,
      history: history.map(presentStatusChange),
      contact,
      canSeeContacts: !!contactRole,
      canManage: !!can(actor, 'manage', PARTNERSHIP, resource),
    };
  }

  async recordCommitment(
    actor: Actor,
    input: { organisationId: string; confirmedOn: string; confirmedBy: string; text: string },
  ): Promise<PartnershipView> {
    const resource = await this.resource(input.organisationId);
    const role = authorize(actor, 'manage', PARTNERSHIP, resource);
    const org = await organisationRepository.getById(this.db.read, input.organisationId);
    if (!org) throw new NotFoundError('organisation');
    const confirmedOn = date(input.confirmedOn, 'confirmedOn');
    if (confirmedOn > nowIso().slice(0, 10))
      throw new ValidationError('confirmedOn must not be in the future', 'confirmedOn');
    const confirmedBy = requiredText(input.confirmedBy, 'confirmedBy', 200);
    const text = requiredText(input.text, 'text', 10_000);
    await this.db.write(async (trx) => {
      const id = newId();
      await partnershipRepository.createCommitment(trx, {
        id,
        organisation_id: org.id,
        confirmed_on: confirmedOn,
        confirmed_by: confirmedBy,
        text,
        recorded_by: actor.personId,
        created_at: nowIso(),
      });
      await this.audit.record(trx, {
        actor,
        role,
        action: 'organisation.commitment.record',
        subjectType: 'organisation',
        subjectId: org.id,
        details: { commitmentId: id, confirmedOn },
      });
    });
    return this.get(actor, { organisationId: org.id });
  }

  async setStatus(
    actor: Actor,
    input: { organisationId: string; status: string; reason: string },
  ): Promise<PartnershipView> {
    const resource = await this.resource(input.organisationId);
    const role = authorize(actor, 'manage', PARTNERSHIP, resource);
    const org = await organisationRepository.getById(this.db.read, input.organisationId);
    if (!org) throw new NotFoundError('organisation');
    const status = oneOf(input.status, PARTNERSHIP_STATUSES, 'status');
    const reason = requiredText(input.reason, 'reason', 2000);
    if (status === org.status) throw new ValidationError(`the partnership is already ${status}`, 'status');
    await this.db.write(async (trx) => {
      const now = nowIso();
      await partnershipRepository.setStatus(trx, org.id, status, now);
      await partnershipRepository.createStatusChange(trx, {
        id: newId(),
        organisation_id: org.id,
        status,
        reason,
        changed_by: actor.personId,
        created_at: now,
      });
      await this.audit.record(trx, {
        actor,
        role,
        action: status === 'suspended' ? 'organisation.suspend' : 'organisation.reinstate',
        subjectType: 'organisation',
        subjectId: org.id,
        details: { reasonLength: reason.length },
      });
    });
    return this.get(actor, { organisationId: org.id });
  }

  async setContact(
    actor: Actor,
    input: {
      organisationId: string;
      contactName?: string | null;
      phone?: string | null;
      email?: string | null;
      languages?: string[];
    },
  ): Promise<PartnershipView> {
    const resource = await this.resource(input.organisationId);
    const role = authorize(actor, 'manage', PARTNERSHIP, resource);
    const org = await organisationRepository.getById(this.db.read, input.organisationId);
    if (!org) throw new NotFoundError('organisation');
    const languages = [...new Set(input.languages ?? [])];
    for (const l of languages) oneOf(l, LOCALES, 'languages');
    const email = optionalText(input.email, 'email', 254);
    if (email && !/^[^\s@]+@[^\s@]+$/.test(email)) throw new ValidationError('email is not valid', 'email');
    const phone = optionalText(input.phone, 'phone', 40);
    if (phone && !/^\+?[0-9 ()-]{5,40}$/.test(phone))
      throw new ValidationError('phone is not valid', 'phone');
    await this.db.write(async (trx) => {
      await partnershipRepository.putContact(trx, {
        organisation_id: org.id,
        contact_name: optionalText(input.contactName, 'contactName', 200),
        phone,
        email,
        languages: JSON.stringify(languages),
        updated_by: actor.personId,
        updated_at: nowIso(),
      });
      await this.audit.record(trx, {
        actor,
        role,
        action: 'organisation.contacts.update',
        subjectType: 'organisation',
        subjectId: org.id,
      });
    });
    return this.get(actor, { organisationId: org.id });
  }
}
