/**
 * Who may use insight. Exports follow the list they come from: any staff member may ask, and the
 * list's own service then decides exactly as it does for the page (a list you cannot see cannot be
 * exported). An export's file belongs to the person who asked for it alone. Dashboards are for the
 * roles that lead and oversee the work, each over its own jurisdiction; analysts and partners never
 * see personal data there (dashboards show counts only). Open data is public and aggregate.
 */
import { allow, STAFF_ROLES, type StaffRole } from '../../shared/policy.ts';

export const INSIGHT_EXPORT = 'insight_export';
export const DASHBOARD = 'dashboard';
export const OPEN_DATA = 'open_data';
export const HOTSPOT = 'hotspot';

export interface ExportResource {
  personId: string;
}

allow([...STAFF_ROLES], 'export', INSIGHT_EXPORT);
allow<ExportResource>(
  [...STAFF_ROLES],
  ['read', 'download'],
  INSIGHT_EXPORT,
  (ctx) => !!ctx.actor.personId && ctx.actor.personId === ctx.resource?.personId,
);

/** The roles with a dashboard, each scoped to its own grants' areas. */
export const DASHBOARD_ROLES: readonly StaffRole[] = [
  'supervisor',
  'analyst',
  'prevention_coordinator',
  'oversight',
  'partner',
];
allow([...DASHBOARD_ROLES], 'view', DASHBOARD);
allow(['supervisor', 'analyst', 'prevention_coordinator'], 'view', HOTSPOT);
allow('anyone', 'read', OPEN_DATA);
