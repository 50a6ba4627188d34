/**
 * Who may do what with problems (SARA). Role *and* jurisdiction decide, and partnership adds:
 * - police and prevention staff of an area (officers, supervisors, prevention coordinators) see and
 *   work the problems of their jurisdiction; analysts, oversight and admins of the area read them;
 * - a partner organisation's staff see and work the problems their organisation is party to (it
 *   raised the problem, was added as a partner, or is responsible for one of its actions) — nothing else;
 * - the rights check of a police coercive action is recorded by a supervisor or prevention
 *   coordinator of the area (never by the person responsible for the action: see the service);
 * - the decision to publish a public summary and to close a problem rests with the area's police and
 *   coordinators; the public sees only published summaries (`read_public`).
 * Problem data is walled off from investigation: there is no investigative role here.
 */
import { allow, STAFF_ROLES, type RuleContext, type StaffRole } from '../../shared/policy.ts';

export const PROBLEM = 'problem';

export interface ProblemResource {
  /** Paths of every area of the problem. */
  areaPaths: string[];
  /** Organisations party to the problem (partners, raisers, responsible for an action). */
  partyOrganisationIds: string[];
  published: boolean;
}

/** Roles that work the problems of their jurisdiction. */
export const WORKING_ROLES: readonly StaffRole[] = ['officer', 'supervisor', 'prevention_coordinator'];
/** Roles that read every problem of their jurisdiction. */
export const READING_ROLES: readonly StaffRole[] = [...WORKING_ROLES, 'analyst', 'oversight', 'admin'];
/** Roles that check the rights of police coercive actions. */
export const RIGHTS_CHECK_ROLES: readonly StaffRole[] = ['supervisor', 'prevention_coordinator'];

type Ctx = RuleContext<ProblemResource>;

/** The grant covers at least one of the problem's areas. */
export function coversProblem(ctx: Ctx): boolean {
  return !!ctx.grant && (ctx.resource?.areaPaths ?? []).some((p) => p.startsWith(ctx.grant!.areaPath));
}
/** The grant covers every area of the problem (creating one needs that). */
export function coversAllProblemAreas(ctx: Ctx): boolean {
  const paths = ctx.resource?.areaPaths ?? [];
  return !!ctx.grant && paths.length > 0 && paths.every((p) => p.startsWith(ctx.grant!.areaPath));
}
/** A partner acting for an organisation that is party to the problem. */
export function isParty(ctx: Ctx): boolean {
  return (
    ctx.grant?.role === 'partner' &&
    !!ctx.actor.organisationId &&
    (ctx.resource?.partyOrganisationIds ?? []).includes(ctx.actor.organisationId)
  );
}

allow([...STAFF_ROLES], 'list', PROBLEM);
allow<ProblemResource>([...READING_ROLES], 'read', PROBLEM, coversProblem);
allow<ProblemResource>('partner', 'read', PROBLEM, isParty);
allow<ProblemResource>([...WORKING_ROLES], 'create', PROBLEM, coversAllProblemAreas);
allow<ProblemResource>([...WORKING_ROLES], 'update', PROBLEM, coversProblem);
allow<ProblemResource>('partner', 'update', PROBLEM, isParty);
allow<ProblemResource>([...RIGHTS_CHECK_ROLES], 'rights_check', PROBLEM, coversProblem);
allow<ProblemResource>([...WORKING_ROLES], ['assess', 'publish'], PROBLEM, coversProblem);
allow<ProblemResource>([...WORKING_ROLES], 'suggest', PROBLEM);
allow<ProblemResource>('anyone', 'read_public', PROBLEM, (ctx) => !!ctx.resource?.published);
