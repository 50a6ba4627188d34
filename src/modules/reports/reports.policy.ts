/**
 * Who may do what with reports. Role *and* jurisdiction decide, and the desk decides which team:
 * district police work the `triage` desk, prevention coordinators the `prevention` desk (never
 * criminal investigation), the `complaints` desk is the complaints module's (oversight only, out of reach of the officers' chain).
 * Partners see only what is assigned to their organisation; analysts see reports without personal data.
 * Administrators configure categories and templates but do not read reports (need to know).
 */
import { allow, inJurisdiction, type Actor, type RuleContext, type StaffRole } from '../../shared/policy.ts';
import type { Desk, Privacy } from './reports.types.ts';

export const REPORT = 'report';
export const REPORT_CATEGORY = 'report_category';
export const RESPONSE_TEMPLATE = 'response_template';

/** What a report rule looks at. */
export interface ReportResource {
  areaPath: string;
  desk: Desk;
  privacy: Privacy;
  assignedOrganisationId: string | null;
  assignedPersonId: string | null;
}

type Ctx = RuleContext<ReportResource>;

/** The roles that work each desk (and see it in their queue) within their jurisdiction. */
export const DESK_ROLES: Readonly<Record<Desk, readonly StaffRole[]>> = {
  triage: ['officer', 'supervisor'],
  prevention: ['prevention_coordinator'],
  // Complaints about police are worked only in the complaints module (src/modules/complaints), which
  // also knows which oversight body a complaint is routed to: no report rule opens them.
  complaints: [],
};

const onDesk = (ctx: Ctx): boolean =>
  !!ctx.grant && DESK_ROLES[ctx.resource.desk].includes(ctx.grant.role) && inJurisdiction(ctx);
// Complaints about police never reach the officers' chain or partners, not even by assignment.
const notComplaint = (ctx: Ctx): boolean => ctx.resource.desk !== 'complaints';
const assignedToMe = (ctx: Ctx): boolean =>
  notComplaint(ctx) && !!ctx.actor.personId && ctx.resource.assignedPersonId === ctx.actor.personId;
const assignedToMyOrganisation = (ctx: Ctx): boolean =>
  notComplaint(ctx) &&
  !!ctx.actor.organisationId &&
  ctx.resource.assignedOrganisationId === ctx.actor.organisationId &&
  inJurisdiction(ctx);
const shared = (ctx: Ctx): boolean => ctx.resource.privacy !== 'anonymous';

allow('anyone', 'create', REPORT);
// Role gates, checked on the first line of a service method before the report is loaded; the
// resource rules below then decide on the report itself.
allow(['officer', 'supervisor', 'prevention_coordinator', 'partner', 'analyst'], 'queue', REPORT);
allow(['officer', 'supervisor', 'prevention_coordinator', 'partner'], 'work', REPORT);

// Read the full report (description, exact place, thread) and work it.
allow<ReportResource>(
  ['officer', 'supervisor', 'prevention_coordinator'],
  ['read', 'manage'],
  REPORT,
  onDesk,
);
allow<ReportResource>('officer', ['read', 'manage'], REPORT, assignedToMe);
allow<ReportResource>('partner', ['read', 'manage'], REPORT, assignedToMyOrganisation);
// Assigning, merging and releasing held reports: the desk's own staff.
allow<ReportResource>(
  ['officer', 'supervisor', 'prevention_coordinator'],
  ['assign', 'merge'],
  REPORT,
  onDesk,
);
allow<ReportResource>(['supervisor', 'prevention_coordinator'], 'release', REPORT, onDesk);
// The reporter's identity: only if they chose to share it, only police and prevention staff of the desk.
// Oversight never sees who reported (PRODUCT.md); partners do not either.
allow<ReportResource>(
  ['officer', 'supervisor', 'prevention_coordinator'],
  'identity',
  REPORT,
  (ctx) => shared(ctx) && (onDesk(ctx) || (ctx.grant?.role === 'officer' && assignedToMe(ctx))),
);
// Analysts: counts and fields without personal data, within their jurisdiction (scoped in SQL).
allow('analyst', 'analyse', REPORT);

// The reporter's side: the receipt is the key (checked in the service); residents see their own.
allow('anyone', 'follow', REPORT);
allow('resident', 'list-own', REPORT);
// The public list and map: public, non-sensitive reports with coarsened points (resident.service.ts).
allow('anyone', 'list-public', REPORT);

allow('anyone', 'read', REPORT_CATEGORY);
allow('admin', 'administer', REPORT_CATEGORY);

allow(['officer', 'supervisor', 'prevention_coordinator', 'partner'], 'read', RESPONSE_TEMPLATE);
allow(['supervisor', 'admin'], 'administer', RESPONSE_TEMPLATE);
// Administrators who write templates must be able to read them back.
allow('admin', 'read', RESPONSE_TEMPLATE);

/** The SQL-side twin of the rules above: what a queue may contain for this actor. */
export interface QueueScope {
  /** Area paths per desk the actor works. */
  desks: Record<Desk, string[]>;
  /** Reports assigned to this officer personally, wherever they are. */
  assignedPersonId: string | null;
  /** Partner organisation and the paths it may act in. */
  partner: { organisationId: string; paths: string[] } | null;
  /** Analyst paths (no personal data is presented). */
  analystPaths: string[];
}

export function queueScope(actor: Actor): QueueScope {
  const paths = (roles: readonly StaffRole[]) =>
    actor.grants.filter((g) => roles.includes(g.role)).map((g) => g.areaPath);
  const partnerPaths = paths(['partner']);
  return {
    desks: {
      triage: paths(DESK_ROLES.triage),
      prevention: paths(DESK_ROLES.prevention),
      complaints: paths(DESK_ROLES.complaints),
    },
    assignedPersonId: actor.grants.some((g) => g.role === 'officer') ? actor.personId : null,
    partner:
      partnerPaths.length && actor.organisationId
        ? { organisationId: actor.organisationId, paths: partnerPaths }
        : null,
    analystPaths: paths(['analyst']),
  };
}

export function scopeIsEmpty(s: QueueScope): boolean {
  return (
    !s.desks.triage.length &&
    !s.desks.prevention.length &&
    !s.desks.complaints.length &&
    !s.assignedPersonId &&
    !s.partner &&
    !s.analystPaths.length
  );
}
