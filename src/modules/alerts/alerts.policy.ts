/**
 * Who may do what with area alerts:
 * - anyone subscribes, confirms, manages and stops their own subscriptions (the secret link is the
 *   proof; no account), and reads published alerts (`read_public`);
 * - officers, supervisors, prevention coordinators and admins publish to areas in their jurisdiction
 *   and see the delivery figures of alerts there;
 * - a forum's current secretary or chair (any staff role) publishes to the forum's area.
 */
import { allow, inJurisdiction, STAFF_ROLES, type RuleContext, type StaffRole } from '../../shared/policy.ts';

export const ALERT = 'alert';
export const ALERT_SUBSCRIPTION = 'alert_subscription';

export const PUBLISHER_ROLES: readonly StaffRole[] = [
  'officer',
  'supervisor',
  'prevention_coordinator',
  'admin',
];

export interface AlertResource {
  areaPath: string;
  /** Area paths of the forums where the actor is a current secretary or chair. */
  forumPaths?: string[];
}

const forumSecretary = (ctx: RuleContext<AlertResource>): boolean =>
  !!ctx.resource?.areaPath &&
  (ctx.resource.forumPaths ?? []).some((p) => ctx.resource!.areaPath.startsWith(p));

allow('anyone', ['subscribe', 'manage'], ALERT_SUBSCRIPTION);
allow('anyone', 'read_public', ALERT);
allow([...PUBLISHER_ROLES], ['publish', 'read'], ALERT, inJurisdiction);
allow([...STAFF_ROLES], ['publish', 'read'], ALERT, forumSecretary);
