/**
 * Who may do what with joint local prevention plans. Role *and* jurisdiction decide:
 * - every staff role sees the plans of its jurisdiction (a plan is a public document once approved;
 *   drafts are shared with the partners who will carry them out);
 * - prevention coordinators and supervisors of the area (and admins) draw up and change plans;
 * - progress on a task is reported by the coordinators and supervisors of the area, or by staff of
 *   the organisation that owns the task;
 * - the three signatures: the head of the district police department (a supervisor in a police
 *   organisation), the head of the municipality (a partner in a local government organisation) and the
 *   chair of the local council (a partner in a local council organisation), each over the plan's area;
 * - the public sees plans once approved (`read_public`): priorities, tasks and progress, no names.
 */
import { allow, inJurisdiction, STAFF_ROLES, type RuleContext, type StaffRole } from '../../shared/policy.ts';
import { seatForOrganisationKind } from './plans.types.ts';

export const PLAN = 'plan';
export const PLAN_TASK = 'plan_task';

export interface PlanResource {
  areaPath: string;
  status: 'draft' | 'approved' | 'revision';
}
export interface PlanTaskResource extends PlanResource {
  ownerOrganisationId: string | null;
}
/** What an approval rule looks at: the plan's area and the kind of the signer's organisation. */
export interface PlanApprovalResource extends PlanResource {
  signerOrganisationKind: string | null;
}

/** Roles that draw up and change plans of their jurisdiction. */
export const PLAN_EDITOR_ROLES: readonly StaffRole[] = ['supervisor', 'prevention_coordinator', 'admin'];

type Ctx<R> = RuleContext<R>;
const ownsTask = (ctx: Ctx<PlanTaskResource>): boolean =>
  !!ctx.actor.organisationId &&
  ctx.actor.organisationId === ctx.resource?.ownerOrganisationId &&
  inJurisdiction(ctx);
const policeSeat = (ctx: Ctx<PlanApprovalResource>): boolean =>
  inJurisdiction(ctx) && seatForOrganisationKind(ctx.resource?.signerOrganisationKind) === 'police';
const localSeat = (ctx: Ctx<PlanApprovalResource>): boolean => {
  const seat = seatForOrganisationKind(ctx.resource?.signerOrganisationKind);
  return inJurisdiction(ctx) && (seat === 'municipality' || seat === 'council');
};

allow([...STAFF_ROLES], 'list', PLAN);
allow<PlanResource>([...STAFF_ROLES], 'read', PLAN, inJurisdiction);
allow<PlanResource>([...PLAN_EDITOR_ROLES], ['create', 'manage'], PLAN, inJurisdiction);
allow<PlanApprovalResource>('supervisor', 'approve', PLAN, policeSeat);
allow<PlanApprovalResource>('partner', 'approve', PLAN, localSeat);
allow<PlanResource>('anyone', 'read_public', PLAN, (ctx) => ctx.resource?.status !== 'draft');

allow<PlanTaskResource>([...PLAN_EDITOR_ROLES], 'report_progress', PLAN_TASK, inJurisdiction);
allow<PlanTaskResource>([...STAFF_ROLES], 'report_progress', PLAN_TASK, ownsTask);
