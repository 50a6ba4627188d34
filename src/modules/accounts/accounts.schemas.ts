/** TypeBox schemas for the accounts API: bodies reject unknown fields, responses list every field. */
import { Type, type Static } from '@sinclair/typebox';
import { ID_PATTERN } from '../../shared/ids.ts';
import { STAFF_ROLES } from '../../shared/policy.ts';

export const POLICE_KINDS = ['police_ministry', 'police_regional', 'police_district'] as const;
export const PARTNER_KINDS = [
  'ngo',
  'school',
  'womens_committee',
  'youth_committee',
  'aksakal_court',
  'local_government',
  // The elected local council (ayil kenesh / city kenesh): its chair signs joint prevention plans.
  'local_council',
  'religious_or_community',
  // Civilian oversight: the Ombudsman's office, a ministry's Public Council (the oversight role's home).
  'oversight_body',
  'other',
] as const;
export const ORGANISATION_KINDS = [...POLICE_KINDS, ...PARTNER_KINDS] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

const lit = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));

export const IdParams = Type.Object({ id: Type.String({ pattern: ID_PATTERN }) });
export const GrantParams = Type.Object({
  id: Type.String({ pattern: ID_PATTERN }),
  grantId: Type.String({ pattern: ID_PATTERN }),
});
export const AreaCode = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._-]+$' });
const Email = Type.String({ minLength: 3, maxLength: 254 });

export const OrganisationCreateBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    kind: lit(ORGANISATION_KINDS),
    areaCodes: Type.Array(AreaCode, { maxItems: 200 }),
  },
  { additionalProperties: false },
);
export type OrganisationCreateBody = Static<typeof OrganisationCreateBody>;
export const OrganisationUpdateBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    kind: Type.Optional(lit(ORGANISATION_KINDS)),
    status: Type.Optional(lit(['active', 'suspended'] as const)),
    areaCodes: Type.Optional(Type.Array(AreaCode, { maxItems: 200 })),
  },
  { additionalProperties: false },
);
export type OrganisationUpdateBody = Static<typeof OrganisationUpdateBody>;

export const OrganisationOut = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  sector: Type.String(),
  status: Type.String(),
  areaCodes: Type.Array(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export const OrganisationList = Type.Object({ items: Type.Array(OrganisationOut) });

export const GrantIn = Type.Object(
  { role: lit(STAFF_ROLES), areaCode: AreaCode },
  { additionalProperties: false },
);
export const GrantOut = Type.Object({ id: Type.String(), role: Type.String(), areaCode: Type.String() });

export const UserCreateBody = Type.Object(
  {
    email: Email,
    displayName: Type.String({ minLength: 1, maxLength: 120 }),
    organisationId: Type.Optional(Type.Union([Type.String({ pattern: ID_PATTERN }), Type.Null()])),
    grants: Type.Array(GrantIn, { maxItems: 50 }),
  },
  { additionalProperties: false },
);
export type UserCreateBody = Static<typeof UserCreateBody>;
export const UserUpdateBody = Type.Object(
  {
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
    email: Type.Optional(Email),
    organisationId: Type.Optional(Type.Union([Type.String({ pattern: ID_PATTERN }), Type.Null()])),
  },
  { additionalProperties: false },
);
export type UserUpdateBody = Static<typeof UserUpdateBody>;

export const UserSummaryOut = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  displayName: Type.String(),
  organisationId: Type.Union([Type.String(), Type.Null()]),
  disabled: Type.Boolean(),
  twoFactor: Type.Boolean(),
  grants: Type.Array(GrantOut),
});
export const UserDetailOut = Type.Object({
  ...UserSummaryOut.properties,
  email: Type.Union([Type.String(), Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()]),
  lastLoginAt: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
});
export const UserList = Type.Object({ items: Type.Array(UserSummaryOut) });
export const UserCreated = Type.Object({ user: UserDetailOut, password: Type.String() });
