/** JSON shapes for the API: only the listed fields leave the service (no hashes, no secrets). */
import type { Organisation, Person, RoleGrant } from '../../db/schema.ts';

export function presentOrganisation(o: Organisation, areaCodes: string[]) {
  return {
    id: o.id,
    name: o.name,
    kind: o.kind,
    sector: o.sector,
    status: o.status,
    areaCodes,
    createdAt: o.created_at,
    updatedAt: o.updated_at,
  };
}
export type OrganisationView = ReturnType<typeof presentOrganisation>;

export function presentGrant(g: RoleGrant) {
  return { id: g.id, role: g.role, areaCode: g.area_code };
}

export function presentUserSummary(p: Person, grants: RoleGrant[]) {
  return {
    id: p.id,
    kind: p.kind,
    displayName: p.display_name,
    organisationId: p.organisation_id,
    disabled: p.disabled_at !== null,
    twoFactor: p.totp_enabled_at !== null,
    grants: grants.map(presentGrant),
  };
}
export type UserSummary = ReturnType<typeof presentUserSummary>;

/** Includes contact details: callers audit the read. */
export function presentUserDetail(p: Person, grants: RoleGrant[]) {
  return {
    ...presentUserSummary(p, grants),
    email: p.email,
    phone: p.phone,
    lastLoginAt: p.last_login_at,
    createdAt: p.created_at,
  };
}
export type UserDetail = ReturnType<typeof presentUserDetail>;
