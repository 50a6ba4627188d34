/**
 * Who may do what with prevention referrals — need to know, strictly:
 * - a referral is opened by the prevention desk (prevention coordinators, from a report or a forum)
 *   or by a partner organisation's staff (a school, social services, an NGO), in their jurisdiction;
 *   opening one gives the opener no access to it afterwards unless they sit on the area's panel;
 * - it is read and worked only by the members of the multi-agency panel of its area (a person named
 *   on the panel who holds a prevention-coordinator or partner grant over the referral's area);
 *   once closed, panel members may still read it (the record answers questions until retention) but
 *   change nothing;
 * - the staff of an organisation that owns a support action see that action only, and only while
 *   the referral is in support and consent (or a recorded legal duty) lets it be shared with them;
 * - the panel's membership is kept by the area's prevention coordinators;
 * - aggregate figures (counts by outcome and area, small cells suppressed) are for supervisors and
 *   oversight; they carry nothing about any one person.
 * Investigative roles (officers, supervisors), analysts and administrators have no rule on a referral
 * at all: every referral route answers them "not found" (the policy matrix proves it).
 */
import { allow, inJurisdiction, type RuleContext, type StaffRole } from '../../shared/policy.ts';

export const REFERRAL = 'referral';
export const REFERRAL_ACTION = 'referral_action';
export const REFERRAL_PANEL = 'referral_panel';
export const REFERRAL_STATS = 'referral_stats';

/** The roles through which a person may sit on a panel or open a referral. */
export const PANEL_ROLES: readonly StaffRole[] = ['prevention_coordinator', 'partner'];
/** The roles that may never reach a referral (the matrix test and the module test check this). */
export const INVESTIGATIVE_ROLES: readonly StaffRole[] = ['officer', 'supervisor'];

export interface ReferralResource {
  areaPath: string;
  status: 'consultation' | 'consented' | 'support' | 'closed';
  /** Area paths of the panels the actor sits on (loaded by the service for this actor). */
  panelPaths: readonly string[];
}

export interface ReferralActionResource extends ReferralResource {
  ownerOrganisationId: string;
  /** Consent given, or a legal duty recorded: the action may be shared with its owner. */
  sharing: boolean;
}

type Ctx<R> = RuleContext<R>;

/** The grant covers the referral's area and the actor sits on a panel covering it. */
export function onPanel(ctx: Ctx<ReferralResource>): boolean {
  const path = ctx.resource?.areaPath;
  return inJurisdiction(ctx) && !!path && (ctx.resource?.panelPaths ?? []).some((p) => path.startsWith(p));
}
const onPanelAndOpen = (ctx: Ctx<ReferralResource>): boolean =>
  onPanel(ctx) && ctx.resource?.status !== 'closed';
/** The grant's area and the referral's overlap (a school's ayil aimak inside the panel's district). */
const overlaps = (ctx: Ctx<ReferralResource>): boolean => {
  const path = ctx.resource?.areaPath;
  return (
    !!ctx.grant && !!path && (path.startsWith(ctx.grant.areaPath) || ctx.grant.areaPath.startsWith(path))
  );
};
const ownsSharedAction = (ctx: Ctx<ReferralActionResource>): boolean =>
  !!ctx.actor.organisationId &&
  ctx.actor.organisationId === ctx.resource?.ownerOrganisationId &&
  ctx.resource.status === 'support' &&
  ctx.resource.sharing &&
  overlaps(ctx);

// Role gates (before anything is loaded); the resource rules decide on the referral itself.
allow([...PANEL_ROLES], 'list', REFERRAL);
allow<{ areaPath: string }>([...PANEL_ROLES], 'open', REFERRAL, inJurisdiction);
allow<ReferralResource>([...PANEL_ROLES], 'read', REFERRAL, onPanel);
allow<ReferralResource>([...PANEL_ROLES], 'work', REFERRAL, onPanelAndOpen);

allow([...PANEL_ROLES], 'list', REFERRAL_ACTION);
allow<ReferralActionResource>([...PANEL_ROLES], ['read', 'update'], REFERRAL_ACTION, ownsSharedAction);
allow<ReferralActionResource>([...PANEL_ROLES], ['read', 'update'], REFERRAL_ACTION, onPanelAndOpen);

allow('prevention_coordinator', 'list', REFERRAL_PANEL);
allow<{ areaPath: string }>('prevention_coordinator', 'manage', REFERRAL_PANEL, inJurisdiction);

allow(['supervisor', 'oversight'], 'read', REFERRAL_STATS);
