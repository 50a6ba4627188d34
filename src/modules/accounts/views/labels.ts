/** Literal message keys for values stored as codes (the unused-key test finds them here). */
import type { StaffRole } from '../../../shared/policy.ts';
import type { OrganisationKind } from '../accounts.schemas.ts';

export const ROLE_KEYS: Record<StaffRole, string> = {
  officer: 'role.officer',
  supervisor: 'role.supervisor',
  analyst: 'role.analyst',
  partner: 'role.partner',
  prevention_coordinator: 'role.prevention_coordinator',
  oversight: 'role.oversight',
  admin: 'role.admin',
};

export const ORG_KIND_KEYS: Record<OrganisationKind, string> = {
  police_ministry: 'admin.orgKind.police_ministry',
  police_regional: 'admin.orgKind.police_regional',
  police_district: 'admin.orgKind.police_district',
  ngo: 'admin.orgKind.ngo',
  school: 'admin.orgKind.school',
  womens_committee: 'admin.orgKind.womens_committee',
  youth_committee: 'admin.orgKind.youth_committee',
  aksakal_court: 'admin.orgKind.aksakal_court',
  local_government: 'admin.orgKind.local_government',
  local_council: 'admin.orgKind.local_council',
  religious_or_community: 'admin.orgKind.religious_or_community',
  oversight_body: 'admin.orgKind.oversight_body',
  other: 'admin.orgKind.other',
};

export function roleKey(role: string): string {
  return (ROLE_KEYS as Record<string, string>)[role] ?? 'role.unknown';
}
export function orgKindKey(kind: string): string {
  return (ORG_KIND_KEYS as Record<string, string>)[kind] ?? 'admin.orgKind.other';
}
