/**
 * Staff people and their role grants. Admins manage only people inside their jurisdiction; reading
 * someone's contact details is a read of personal data and is audited.
 */
import type { Database, Trx } from '../../db/database.ts';
import type { Person, RoleGrant } from '../../db/schema.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { authorize, can, STAFF_ROLES, type Actor, type StaffRole } from '../../shared/policy.ts';
import { nowIso } from '../../shared/time.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { authorizeOrSystem, type AreasResource } from './accounts.policy.ts';
import {
  presentUserDetail,
  presentUserSummary,
  type UserDetail,
  type UserSummary,
} from './accounts.presenter.ts';
import { areaRepository, organisationRepository } from './organisations.repository.ts';
import { pathsOf, type OrganisationsService } from './organisations.service.ts';
import { generatePassword, hashPassword, PASSWORD_MAX, PASSWORD_MIN } from './passwords.ts';
import { peopleRepository } from './people.repository.ts';
import { personRepository, sessionRepository, tokenRepository } from './session.repository.ts';

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function normaliseEmail(raw: string, field = 'email'): string {
  const email = raw.trim().toLowerCase();
  if (!EMAIL_RE.test(email) || email.length > 254)
    throw new ValidationError('enter a valid email address', field);
  return email;
}

export function checkPassword(password: string, field = 'password'): void {
  if (password.length < PASSWORD_MIN)
    throw new ValidationError(`the password must have at least ${PASSWORD_MIN} characters`, field);
  if (password.length > PASSWORD_MAX)
    throw new ValidationError(`the password must have at most ${PASSWORD_MAX} characters`, field);
}

function checkRole(role: string): StaffRole {
  if (!(STAFF_ROLES as readonly string[]).includes(role)) throw new ValidationError('unknown role', 'role');
  return role as StaffRole;
}

export interface CreateStaffInput {
  email: string;
  displayName: string;
  organisationId?: string | null;
  grants: { role: string; areaCode: string }[];
  /** Omitted: one is generated and returned once. */
  password?: string;
  isDemo?: boolean;
}

export class UsersService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    private readonly organisations: OrganisationsService,
  ) {}

  /** The areas a person belongs to: their grants' areas and their organisation's. */
  private async resource(person: Person, grants?: RoleGrant[]): Promise<AreasResource> {
    const rows = grants ?? (await peopleRepository.grantRows(this.db.read, [person.id]));
    const grantPaths = await areaRepository.currentPaths(
      this.db.read,
      rows.map((g) => g.area_code),
    );
    return {
      areaPaths: [...grantPaths.values(), ...(await this.organisations.areaPaths(person.organisation_id))],
    };
  }

  /** Loads a staff person the actor may act on, or 404 (the same for "not yours" and "no such"). */
  private async load(actor: Actor | null, action: string, id: string) {
    const person = await personRepository.getById(this.db.read, id);
    const grants = person ? await peopleRepository.grantRows(this.db.read, [person.id]) : [];
    const resource = person ? await this.resource(person, grants) : { areaPaths: [] };
    if (!person || person.kind !== 'staff') {
      authorizeOrSystem(actor, action, 'person', { areaPaths: ['\0'] }); // 401 for anonymous, else 404
      throw new NotFoundError('person');
    }
    const role = authorizeOrSystem(actor, action, 'person', resource);
    return { person, grants, resource, role };
  }

  /** One's own profile (no audit: people reading their own details is not a disclosure). */
  async me(actor: Actor, _input: Record<string, never> = {}): Promise<UserDetail> {
    authorize(actor, 'read', 'me');
    const person = await personRepository.getById(this.db.read, actor.personId!);
    if (!person) throw new NotFoundError('person');
    return presentUserDetail(person, await peopleRepository.grantRows(this.db.read, [person.id]));
  }

  async list(actor: Actor, _input: Record<string, never> = {}): Promise<UserSummary[]> {
    authorize(actor, 'list', 'person');
    const people = await peopleRepository.searchStaff(this.db.read, 2000);
    const grants = await peopleRepository.grantRows(
      this.db.read,
      people.map((p) => p.id),
    );
    const out: UserSummary[] = [];
    for (const p of people) {
      const mine = grants.filter((g) => g.person_id === p.id);
      if (can(actor, 'read', 'person', await this.resource(p, mine))) out.push(presentUserSummary(p, mine));
    }
    return out;
  }

  async get(actor: Actor, input: { id: string }): Promise<UserDetail> {
    const { person, grants, role } = await this.load(actor, 'read', input.id);
    await this.db.write((trx) =>
      this.audit.record(trx, {
        actor,
        role,
        action: 'person.read_contact',
        subjectType: 'person',
        subjectId: person.id,
      }),
    );
    return presentUserDetail(person, grants);
  }

  async getByEmail(actor: Actor | null, input: { email: string }): Promise<Person> {
    const person = await personRepository.getByEmail(this.db.read, input.email);
    if (!person) throw new NotFoundError('person');
    return (await this.load(actor, 'read', person.id)).person;
  }

  async create(
    actor: Actor | null,
    input: CreateStaffInput,
  ): Promise<{ user: UserDetail; password: string }> {
    const email = normaliseEmail(input.email);
    const displayName = input.displayName.trim();
    if (!displayName) throw new ValidationError('enter a name', 'displayName');
    const grants = input.grants.map((g) => ({ role: checkRole(g.role), areaCode: g.areaCode }));
    const grantPaths = await pathsOf(
      this.db,
      grants.map((g) => g.areaCode),
      'grants',
    );
    const orgId = input.organisationId ?? null;
    if (orgId && !(await organisationRepository.getById(this.db.read, orgId)))
      throw new ValidationError('unknown organisation', 'organisationId');
    const role = authorizeOrSystem(actor, 'create', 'person', {
      areaPaths: [...grantPaths, ...(await this.organisations.areaPaths(orgId))],
    });
    const password = input.password ?? generatePassword();
    checkPassword(password);
    const hash = await hashPassword(password); // outside the transaction: ~50 ms
    const id = newId();
    const now = nowIso();
    await this.db.write(async (trx) => {
      if (await personRepository.getByEmail(trx, email))
        throw new ConflictError('someone already has this email address', 'email');
      await peopleRepository.create(trx, {
        id,
        kind: 'staff',
        email,
        phone: null,
        display_name: displayName,
        password_hash: hash,
        locale: null,
        organisation_id: orgId,
        totp_secret: null,
        totp_enabled_at: null,
        disabled_at: null,
        is_demo: input.isDemo ? 1 : 0,
        last_login_at: null,
        created_at: now,
        updated_at: now,
      });
      const seen = new Set<string>();
      for (const g of grants) {
        if (seen.has(`${g.role}\0${g.areaCode}`)) continue;
        seen.add(`${g.role}\0${g.areaCode}`);
        await peopleRepository.addGrant(trx, {
          id: newId(),
          person_id: id,
          role: g.role,
          area_code: g.areaCode,
          created_at: now,
          created_by: actor?.personId ?? null,
        });
      }
      await this.audit.record(trx, {
        actor,
        role,
        action: 'person.create',
        subjectType: 'person',
        subjectId: id,
        details: { grants: grants.map((g) => `${g.role}@${g.areaCode}`), organisationId: orgId },
      });
    });
    const person = (await personRepository.getById(this.db.read, id))!;
    return {
      user: presentUserDetail(person, await peopleRepository.grantRows(this.db.read, [id])),
      password,
    };
  }

  async update(
    actor: Actor,
    input: { id: string; displayName?: string; email?: string; organisationId?: string | null },
  ): Promise<UserDetail> {
    const { person, role, resource } = await this.load(actor, 'update', input.id);
    const patch: Parameters<typeof peopleRepository.update>[2] = { updated_at: nowIso() };
    if (input.displayName !== undefined) {
      patch.display_name = input.displayName.trim();
      if (!patch.display_name) throw new ValidationError('enter a name', 'displayName');
    }
    if (input.email !== undefined) patch.email = normaliseEmail(input.email);
    if (input.organisationId !== undefined && input.organisationId !== person.organisation_id) {
      if (input.organisationId && !(await organisationRepository.getById(this.db.read, input.organisationId)))
        throw new ValidationError('unknown organisation', 'organisationId');
      // Moving someone into an organisation outside one's reach is managing outside one's jurisdiction.
      authorize(actor, 'update', 'person', {
        areaPaths: [...resource.areaPaths, ...(await this.organisations.areaPaths(input.organisationId))],
      });
      patch.organisation_id = input.organisationId;
    }
    await this.db.write(async (trx) => {
      if (
        patch.email &&
        patch.email !== person.email &&
        (await personRepository.getByEmail(trx, patch.email))
      )
        throw new ConflictError('someone already has this email address', 'email');
      await peopleRepository.update(trx, person.id, patch);
      await this.audit.record(trx, {
        actor,
        role,
        action: 'person.update',
        subjectType: 'person',
        subjectId: person.id,
        details: { fields: Object.keys(patch).filter((k) => k !== 'updated_at') },
      });
    });
    return this.get(actor, { id: person.id });
  }

  async addGrant(actor: Actor, input: { id: string; role: string; areaCode: string }): Promise<UserDetail> {
    const { person, resource } = await this.load(actor, 'grant', input.id);
    const newRole = checkRole(input.role);
    const [path] = await pathsOf(this.db, [input.areaCode], 'areaCode');
    const role = authorize(actor, 'grant', 'person', { areaPaths: [...resource.areaPaths, path!] });
    await this.db.write(async (trx) => {
      try {
        await peopleRepository.addGrant(trx, {
          id: newId(),
          person_id: person.id,
          role: newRole,
          area_code: input.areaCode,
          created_at: nowIso(),
          created_by: actor.personId,
        });
      } catch (err) {
        if (this.db.dialect.isUniqueViolation(err))
          throw new ConflictError('this person already holds this role over this area', 'role');
        throw err;
      }
      await this.audit.record(trx, {
        actor,
        role,
        action: 'person.grant',
        subjectType: 'person',
        subjectId: person.id,
        details: { role: newRole, areaCode: input.areaCode },
      });
    });
    return this.get(actor, { id: person.id });
  }

  async removeGrant(actor: Actor, input: { id: string; grantId: string }): Promise<UserDetail> {
    const { person, role } = await this.load(actor, 'revoke_grant', input.id);
    const grant = await peopleRepository.getGrant(this.db.read, person.id, input.grantId);
    if (!grant) throw new NotFoundError('grant');
    await this.db.write(async (trx) => {
      await peopleRepository.deleteGrant(trx, grant.id);
      await this.audit.record(trx, {
        actor,
        role,
        action: 'person.revoke_grant',
        subjectType: 'person',
        subjectId: person.id,
        details: { role: grant.role, areaCode: grant.area_code },
      });
    });
    return this.get(actor, { id: person.id });
  }

  /** Ends every session and revokes every token in the same transaction. */
  async disable(actor: Actor | null, input: { id: string }): Promise<void> {
    const { person, role } = await this.load(actor, 'disable', input.id);
    if (actor?.personId === person.id) throw new ValidationError('you cannot disable your own account', 'id');
    await this.db.write(async (trx) => {
      const now = nowIso();
      await peopleRepository.update(trx, person.id, {
        disabled_at: person.disabled_at ?? now,
        updated_at: now,
      });
      const sessions = await sessionRepository.deleteAllOf(trx, person.id);
      const tokens = await tokenRepository.revokeAllOf(trx, person.id, now);
      await this.audit.record(trx, {
        actor,
        role,
        action: 'person.disable',
        subjectType: 'person',
        subjectId: person.id,
        details: { sessions, tokens },
      });
    });
  }

  /** Sets a new generated password (returned once) and ends the person's sessions. */
  async resetPassword(
    actor: Actor | null,
    input: { id: string; password?: string },
  ): Promise<{ password: string }> {
    const { person, role } = await this.load(actor, 'reset_credentials', input.id);
    const password = input.password ?? generatePassword();
    checkPassword(password);
    const hash = await hashPassword(password);
    await this.db.write(async (trx) => {
      await peopleRepository.update(trx, person.id, { password_hash: hash, updated_at: nowIso() });
      await sessionRepository.deleteAllOf(trx, person.id);
      await this.audit.record(trx, {
        actor,
        role,
        action: 'person.reset_password',
        subjectType: 'person',
        subjectId: person.id,
      });
    });
    return { password };
  }

  /** Clears TOTP and recovery codes: the person enrols again at next sign-in. */
  async resetTwoFactor(actor: Actor | null, input: { id: string }): Promise<void> {
    const { person, role } = await this.load(actor, 'reset_credentials', input.id);
    await this.db.write(async (trx) => {
      await this.clearTwoFactor(trx, person.id);
      await sessionRepository.deleteAllOf(trx, person.id);
      await this.audit.record(trx, {
        actor,
        role,
        action: 'person.reset_2fa',
        subjectType: 'person',
        subjectId: person.id,
      });
    });
  }

  private async clearTwoFactor(trx: Trx, personId: string): Promise<void> {
    await peopleRepository.update(trx, personId, {
      totp_secret: null,
      totp_enabled_at: null,
      updated_at: nowIso(),
    });
    await peopleRepository.replaceRecoveryCodes(trx, personId, []);
  }
}
