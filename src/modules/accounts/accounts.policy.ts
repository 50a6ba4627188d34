/**
 * Who may manage organisations, people and tokens. Admins act only inside their jurisdiction: every
 * area a person or organisation is attached to must lie under the admin's grant. Something with no
 * area at all belongs to the whole country, so only a country-level admin reaches it.
 */
import {
  allow,
  authorize,
  STAFF_ROLES,
  type Actor,
  type RuleContext,
  type StaffRole,
} from '../../shared/policy.ts';

/** What jurisdiction rules look at: the current paths of every area the thing is attached to. */
export interface AreasResource {
  areaPaths: string[];
}

export function coversAllAreas(ctx: RuleContext<AreasResource>): boolean {
  const grant = ctx.grant;
  if (!grant || !ctx.resource) return false;
  const paths = ctx.resource.areaPaths;
  if (paths.length === 0) return grant.areaPath.split('/').filter(Boolean).length === 1;
  return paths.every((p) => p.startsWith(grant.areaPath));
}

const signedIn = (ctx: RuleContext<unknown>) => ctx.actor.kind !== 'anonymous' && !!ctx.actor.personId;
const self = (ctx: RuleContext<{ personId: string }>) =>
  !!ctx.actor.personId && ctx.actor.personId === ctx.resource?.personId;

// Organisations: the partner directory is shared by all staff; only admins change it.
allow([...STAFF_ROLES], ['list', 'read'], 'organisation');
allow('admin', ['create', 'update'], 'organisation', coversAllAreas);

// People: admins list (filtered per person below) and manage those in their jurisdiction.
allow('admin', 'list', 'person');
allow(
  'admin',
  ['create', 'read', 'update', 'disable', 'reset_credentials', 'grant', 'revoke_grant'],
  'person',
  coversAllAreas,
);

/**
 * Roles that read personal data (and admin, which hands them out): a grant of one takes effect only
 * once a second person confirms it, so no single administrator can give someone (or a puppet account
 * it controls) access to reports and reporters' contacts.
 */
export const FOUR_EYES_ROLES: readonly StaffRole[] = [
  'officer',
  'supervisor',
  'prevention_coordinator',
  'oversight',
  'partner',
  'admin',
];
// Another administrator, or oversight, over the person's areas confirms or refuses a pending grant
// (never the one who asked for it nor the grantee: UsersService.decideGrant checks that).
allow(['admin', 'oversight'], 'confirm_grant', 'person', coversAllAreas);
// Every grant (pending, confirmed, refused, revoked): oversight's list, and admins' to-confirm queue.
allow(['admin', 'oversight'], 'list', 'grant_request');

// Pickers: any staff member may choose among the staff near their own jurisdiction (names only;
// UsersService.personChoices narrows the list).
allow([...STAFF_ROLES], 'choose', 'person');

// One's own account: profile, sessions, tokens.
allow('anyone', ['read', 'revoke_sessions'], 'me', signedIn);
// Tokens act only for staff (see SessionService.resolveApiToken), even those without a grant yet.
allow('anyone', ['list', 'create', 'revoke'], 'api_token', (ctx) => ctx.actor.kind === 'staff' && self(ctx));

/** CLI commands act as the system (actor null): they run with shell access to the server already. */
export function authorizeOrSystem<R>(
  actor: Actor | null,
  action: string,
  subject: string,
  resource?: R,
): string {
  return actor === null ? 'system' : authorize(actor, action, subject, resource);
}
