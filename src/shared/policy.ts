/**
 * Declarative authorization. Each module states its rules with `allow(role, action, subject, predicate)`
 * in its `<m>.policy.ts`; services call `authorize()` on their first line. Role *and* jurisdiction
 * decide: a grant is a role held over an area, and covers every area below it. What an actor may not
 * see is reported as "not found", exactly like something that does not exist.
 */
import { AppError, NotFoundError, UnauthenticatedError } from './errors.ts';

export const STAFF_ROLES = [
  'officer',
  'supervisor',
  'analyst',
  'partner',
  'prevention_coordinator',
  'oversight',
  'admin',
] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
/** Who a rule may name: a staff role, a signed-in resident, or anyone at all. */
export type Principal = StaffRole | 'resident' | 'anyone';

export interface Grant {
  role: StaffRole;
  areaCode: string;
  /** Materialised path of the area (`/KG/KG-B/KG-B.batken/`); a grant covers every path under it. */
  areaPath: string;
}

export interface Actor {
  kind: 'anonymous' | 'resident' | 'staff';
  personId: string | null;
  organisationId: string | null;
  grants: Grant[];
  /** How the request proved who it is. */
  via: 'none' | 'session' | 'token';
}

export const ANONYMOUS: Actor = Object.freeze({
  kind: 'anonymous',
  personId: null,
  organisationId: null,
  grants: [],
  via: 'none',
}) as Actor;

export interface RuleContext<R> {
  actor: Actor;
  /** The grant being tried (absent for `resident` / `anyone` rules). */
  grant?: Grant;
  resource: R;
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each module's rules name their own resource type
export type Predicate<R = any> = (ctx: RuleContext<R>) => boolean;

export interface Rule {
  principal: Principal;
  action: string;
  subject: string;
  predicate?: Predicate;
}

const rules: Rule[] = [];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
export function allow<R = any>(
  principals: Principal | Principal[],
  action: string | string[],
  subject: string,
  predicate?: Predicate<R>,
): void {
  for (const principal of [principals].flat()) {
    for (const a of [action].flat()) rules.push({ principal, action: a, subject, predicate });
  }
}

/** Every rule declared so far (the matrix test reads this). */
export function policyRules(): readonly Rule[] {
  return rules;
}

/** Whether any rule at all could let this role do this (ignores predicates): the matrix test's table. */
export function roleMayEver(principal: Principal, action: string, subject: string): boolean {
  return rules.some(
    (r) =>
      r.action === action && r.subject === subject && (r.principal === principal || r.principal === 'anyone'),
  );
}

/** The role that allows the action, or null. Checks grants in order. */
export function can<R>(actor: Actor, action: string, subject: string, resource?: R): string | null {
  for (const rule of rules) {
    if (rule.action !== action || rule.subject !== subject) continue;
    if (rule.principal === 'anyone') {
      if (!rule.predicate || rule.predicate({ actor, resource })) return actor.grants[0]?.role ?? actor.kind;
      continue;
    }
    if (rule.principal === 'resident') {
      if (actor.kind === 'resident' && (!rule.predicate || rule.predicate({ actor, resource })))
        return 'resident';
      continue;
    }
    for (const grant of actor.grants) {
      if (grant.role !== rule.principal) continue;
      if (!rule.predicate || rule.predicate({ actor, grant, resource })) return grant.role;
    }
  }
  return null;
}

/**
 * First line of every service method. Returns the role that allowed it (for the audit trail).
 * Anonymous callers of a non-public action are told to sign in; everyone else who is refused gets
 * "not found".
 */
export function authorize<R>(actor: Actor, action: string, subject: string, resource?: R): string {
  const role = can(actor, action, subject, resource);
  if (role) return role;
  if (actor.kind === 'anonymous') throw new UnauthenticatedError();
  throw new NotFoundError(subject);
}

/** Predicate: the resource's area lies within the grant's jurisdiction. */
export function inJurisdiction<R extends { areaPath: string | null | undefined }>(
  ctx: RuleContext<R>,
): boolean {
  const path = ctx.resource?.areaPath;
  return !!ctx.grant && !!path && path.startsWith(ctx.grant.areaPath);
}

/** Predicate: the actor acts on themselves. */
export function isSelf<R extends { personId: string }>(ctx: RuleContext<R>): boolean {
  return !!ctx.actor.personId && ctx.actor.personId === ctx.resource?.personId;
}

/** Paths of the areas an actor covers with a given role (for filtering lists in SQL). */
export function jurisdictionPaths(actor: Actor, roles: readonly StaffRole[]): string[] {
  return actor.grants.filter((g) => roles.includes(g.role)).map((g) => g.areaPath);
}

/** Whether a grant covers the whole country (its area is the root, `/KG/`). */
export function isCountryGrant(grant: Grant): boolean {
  return grant.areaPath.split('/').filter(Boolean).length === 1;
}

/**
 * Whether the actor holds an administrator grant over the whole country. National settings (report
 * categories, Open311 keys of others, channels, retention) are one setting for every region, so an
 * administrator of one area must not change them.
 */
export function isNationalAdmin(actor: Actor): boolean {
  return actor.grants.some((g) => g.role === 'admin' && isCountryGrant(g));
}

/**
 * Call after `authorize()` on actions that change national settings. A refusal the actor should
 * understand (they can see the setting, they just may not change it), hence 403 and not "not found".
 */
export function requireNationalAdmin(actor: Actor): void {
  if (!isNationalAdmin(actor))
    throw new AppError(403, 'national_only', 'only a national administrator can change this setting');
}
