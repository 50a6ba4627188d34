/**
 * Who may do what with complaints about police. Only the oversight body the complaint is routed to
 * reads it: oversight staff whose jurisdiction covers the complaint's area and, when the body names
 * an organisation, who belong to it. Officers, supervisors, partners and analysts have no rule here at
 * all (the matrix test and complaints.routes.test.ts prove they get 404). The complainant's identity
 * is opened only when they chose to share it with oversight, never for anonymous complaints.
 */
import { allow, inJurisdiction, type RuleContext } from '../../shared/policy.ts';

export const COMPLAINT = 'complaint';
export const COMPLAINT_FIGURES = 'complaint_figures';
export const OVERSIGHT_BODY = 'oversight_body';
export const ACCESS_REVIEW = 'access_review';

export interface ComplaintResource {
  areaPath: string;
  bodyOrganisationId: string | null;
  identityShared: boolean;
  anonymous: boolean;
}
type Ctx = RuleContext<ComplaintResource>;

const routedToMe = (ctx: Ctx): boolean =>
  inJurisdiction(ctx) &&
  (ctx.resource.bodyOrganisationId === null || ctx.actor.organisationId === ctx.resource.bodyOrganisationId);

allow('anyone', ['create', 'follow', 'appeal'], COMPLAINT);
allow('oversight', 'queue', COMPLAINT);
allow<ComplaintResource>('oversight', ['read', 'manage'], COMPLAINT, routedToMe);
allow<ComplaintResource>(
  'oversight',
  'identity',
  COMPLAINT,
  (ctx) => routedToMe(ctx) && ctx.resource.identityShared && !ctx.resource.anonymous,
);

// The officer concerned reads only what oversight chose to disclose at closure (their own cases).
allow(['officer', 'supervisor'], 'disclosures', COMPLAINT);

// Published figures: counts only, small cells suppressed.
allow('anyone', 'read', COMPLAINT_FIGURES);

// Which body reads complaints where: administrators propose, a second administrator confirms.
allow(['admin', 'oversight'], 'read', OVERSIGHT_BODY);
allow('admin', ['propose', 'confirm'], OVERSIGHT_BODY);

// Who read which personal data when: independent oversight only.
allow('oversight', 'read', ACCESS_REVIEW);
