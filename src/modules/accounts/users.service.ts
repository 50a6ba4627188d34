/**
 * Staff people and their role grants. Admins manage only people inside their jurisdiction; reading
 * someone's contact details is a read of personal data and is audited.
 */
import type { Database, Trx } from '../../db/database.ts';
import type { GrantRequest, Person, RoleGrant } from '../../db/schema.ts';
import { AppError, ConflictError, NotFoundError, ValidationError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import {
  authorize,
  can,
  jurisdictionPaths,
  STAFF_ROLES,
  type Actor,
  type StaffRole,
} from '../../shared/policy.ts';
import { nowIso } from '../../shared/time.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { authorizeOrSystem, FOUR_EYES_ROLES, type AreasResource } from './accounts.policy.ts';
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

/** Nobody changes their own grants: an administrator giving itself an officer role reads reports. */
function refuseOwnGrants(actor: Actor, personId: string): void {
  if (actor.personId === personId)
    throw new AppError(403, 'own_grants', 'you cannot change your own roles; ask another administrator');
}

export interface GrantRequestView {
  id: string;
  personId: string;
  personName: string;
  role: string;
  areaCode: string;
  status: GrantRequest['status'];
  requestedBy: string | null;
  requestedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  revokedAt: string | null;
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
    // Pending grants count too: someone whose only grant awaits confirmation stays in reach of the
    // administrators of that area (who must be able to see and confirm it).
    const pending = await peopleRepository.pendingRequests(this.db.read, [person.id]);
    const grantPaths = await areaRepository.currentPaths(this.db.read, [
      ...rows.map((g) => g.area_code),
      ...pending.map((g) => g.area_code),
    ]);
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

  /**
   * The people a staff member may pick in a form (a member, a responsible person, an audit filter):
   * active staff whose grants or organisation reach into the actor's own jurisdiction — names and
   * e-mail only, so offering them is not a read of anyone's contact details.
   */
  async personChoices(
    actor: Actor,
    _input: Record<string, never> = {},
  ): Promise<
    Array<{ id: string; displayName: string; email: string | null; organisationId: string | null }>
  > {
    authorize(actor, 'choose', 'person');
    const mine = actor.grants.map((g) => g.areaPath);
    const people = await peopleRepository.searchStaff(this.db.read, 2000);
    const grants = await peopleRepository.grantRows(
      this.db.read,
      people.map((p) => p.id),
    );
    const out = [];
    for (const p of people) {
      if (p.disabled_at) continue;
      const { areaPaths } = await this.resource(
        p,
        grants.filter((g) => g.person_id === p.id),
      );
      const near = areaPaths.some((a) => mine.some((m) => a.startsWith(m) || m.startsWith(a)));
      if (near || p.id === actor.personId)
        out.push({
          id: p.id,
          displayName: p.display_name,
          email: p.email,
          organisationId: p.organisation_id,
        });
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
    // Authorize before looking the organisation up: "not yours" and "no such" must give the same 404.
    const role = authorizeOrSystem(actor, 'create', 'person', {
      areaPaths: [...grantPaths, ...(await this.organisations.areaPaths(orgId))],
    });
    if (orgId && !(await organisationRepository.getById(this.db.read, orgId)))
      throw new NotFoundError('organisation');
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
        await this.grantOrRequest(trx, actor, id, g.role, g.areaCode);
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
      // Moving someone into an organisation outside one's reach is managing outside one's jurisdiction;
      // authorized before the existence check so both answer the same 404.
      authorize(actor, 'update', 'person', {
        areaPaths: [...resource.areaPaths, ...(await this.organisations.areaPaths(input.organisationId))],
      });
      if (input.organisationId && !(await organisationRepository.getById(this.db.read, input.organisationId)))
        throw new NotFoundError('organisation');
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
    refuseOwnGrants(actor, person.id);
    const newRole = checkRole(input.role);
    const [path] = await pathsOf(this.db, [input.areaCode], 'areaCode');
    const role = authorize(actor, 'grant', 'person', { areaPaths: [...resource.areaPaths, path!] });
    await this.db.write(async (trx) => {
      if (
        (await peopleRepository.grantRows(trx, [person.id])).some(
          (g) => g.role === newRole && g.area_code === input.areaCode,
        )
      )
        throw new ConflictError('this person already holds this role over this area', 'role');
      if (
        (await peopleRepository.pendingRequests(trx, [person.id])).some(
          (g) => g.role === newRole && g.area_code === input.areaCode,
        )
      )
        throw new ConflictError('this grant is already waiting for confirmation', 'role');
      const r = await this.grantOrRequest(trx, actor, person.id, newRole, input.areaCode);
      await this.audit.record(trx, {
        actor,
        role,
        action: r.status === 'pending' ? 'person.grant_request' : 'person.grant',
        subjectType: 'person',
        subjectId: person.id,
        details: { role: newRole, areaCode: input.areaCode, requestId: r.id },
      });
    });
    return this.get(actor, { id: person.id });
  }

  async removeGrant(actor: Actor, input: { id: string; grantId: string }): Promise<UserDetail> {
    const { person, role } = await this.load(actor, 'revoke_grant', input.id);
    refuseOwnGrants(actor, person.id);
    const grant = await peopleRepository.getGrant(this.db.read, person.id, input.grantId);
    if (!grant) throw new NotFoundError('grant');
    await this.db.write(async (trx) => {
      await peopleRepository.deleteGrant(trx, grant.id);
      await trx
        .updateTable('grant_request')
        .set({ status: 'revoked', revoked_by: actor.personId, revoked_at: nowIso() })
        .where('grant_id', '=', grant.id)
        .execute();
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

  /**
   * Records a grant asked for. Roles that read personal data wait for a second person (pending, no
   * `role_grant` row, so no access); others, and grants made from the CLI (the operator on the
   * machine), take effect at once. Either way the request row is kept for oversight's list.
   */
  private async grantOrRequest(
    trx: Trx,
    actor: Actor | null,
    personId: string,
    role: StaffRole,
    areaCode: string,
  ): Promise<GrantRequest> {
    const now = nowIso();
    const pending = actor !== null && FOUR_EYES_ROLES.includes(role);
    const grantId = pending ? null : newId();
    if (grantId)
      await peopleRepository.addGrant(trx, {
        id: grantId,
        person_id: personId,
        role,
        area_code: areaCode,
        created_at: now,
        created_by: actor?.personId ?? null,
      });
    const row: GrantRequest = {
      id: newId(),
      person_id: personId,
      role,
      area_code: areaCode,
      status: pending ? 'pending' : 'confirmed',
      requested_by: actor?.personId ?? null,
      requested_at: now,
      decided_by: pending ? null : (actor?.personId ?? null),
      decided_at: pending ? null : now,
      revoked_by: null,
      revoked_at: null,
      grant_id: grantId,
    };
    await peopleRepository.addGrantRequest(trx, row);
    return row;
  }

  /** Every grant request the actor's jurisdiction covers, newest first. */
  async listGrantRequests(
    actor: Actor,
    input: { status?: GrantRequest['status'] } = {},
  ): Promise<GrantRequestView[]> {
    authorize(actor, 'list', 'grant_request');
    const mine = jurisdictionPaths(actor, ['admin', 'oversight']);
    const rows = await peopleRepository.listGrantRequests(this.db.read, 2000);
    const paths = await areaRepository.currentPaths(this.db.read, [...new Set(rows.map((r) => r.area_code))]);
    return rows
      .filter((r) => !input.status || r.status === input.status)
      .filter((r) => {
        const p = paths.get(r.area_code);
        return !!p && mine.some((m) => p.startsWith(m));
      })
      .map((r) => ({
        id: r.id,
        personId: r.person_id,
        personName: r.display_name,
        role: r.role,
        areaCode: r.area_code,
        status: r.status,
        requestedBy: r.requested_by,
        requestedAt: r.requested_at,
        decidedBy: r.decided_by,
        decidedAt: r.decided_at,
        revokedAt: r.revoked_at,
      }));
  }

  /**
   * The second pair of eyes: another administrator or oversight over the person's areas confirms
   * (the grant takes effect) or refuses a pending grant. Not the one who asked, not the grantee.
   */
  async decideGrant(
    actor: Actor,
    input: { requestId: string; decision: 'confirm' | 'refuse' },
  ): Promise<GrantRequestView> {
    const req = await peopleRepository.getGrantRequest(this.db.read, input.requestId);
    if (!req) {
      authorize(actor, 'confirm_grant', 'person', { areaPaths: ['\0'] });
      throw new NotFoundError('grant_request');
    }
    const { person, resource } = await this.load(actor, 'confirm_grant', req.person_id);
    const [path] = await pathsOf(this.db, [req.area_code], 'areaCode');
    const role = authorize(actor, 'confirm_grant', 'person', { areaPaths: [...resource.areaPaths, path!] });
    if (actor.personId === req.requested_by || actor.personId === person.id)
      throw new AppError(
        403,
        'four_eyes',
        'a grant must be confirmed by someone other than the person who asked for it and the grantee',
      );
    await this.db.write(async (trx) => {
      const cur = await peopleRepository.getGrantRequest(trx, req.id);
      if (cur?.status !== 'pending') throw new ConflictError('this grant has already been decided', 'id');
      const now = nowIso();
      let grantId: string | null = null;
      if (input.decision === 'confirm') {
        grantId = newId();
        await peopleRepository.addGrant(trx, {
          id: grantId,
          person_id: person.id,
          role: req.role,
          area_code: req.area_code,
          created_at: now,
          created_by: req.requested_by,
        });
      }
      await peopleRepository.updateGrantRequest(trx, req.id, {
        status: input.decision === 'confirm' ? 'confirmed' : 'refused',
        decided_by: actor.personId,
        decided_at: now,
        grant_id: grantId,
      });
      await this.audit.record(trx, {
        actor,
        role,
        action: input.decision === 'confirm' ? 'person.grant_confirm' : 'person.grant_refuse',
        subjectType: 'person',
        subjectId: person.id,
        details: {
          role: req.role,
          areaCode: req.area_code,
          requestId: req.id,
          requestedBy: req.requested_by,
        },
      });
    });
    const views = await this.listGrantRequests(actor);
    return views.find((v) => v.id === req.id)!;
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
