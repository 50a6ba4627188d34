/**
 * The fixed lists of the referral module. Risks and protective factors are observable circumstances
 * and behaviour, chosen with guidance text (locales/referrals: `referrals.risk.<code>.guidance`);
 * none of them names a religion, an ethnicity, a belief or a political view.
 */
export const SOURCES = ['prevention_desk', 'forum', 'partner'] as const;
export type Source = (typeof SOURCES)[number];

export const STATUSES = ['consultation', 'consented', 'support', 'closed'] as const;
export type Status = (typeof STATUSES)[number];

export const RISK_FACTORS = [
  'threats_of_violence',
  'weapons_interest',
  'glorifies_violence',
  'pressures_others',
  'contact_violent_group',
  'travel_conflict_zone',
  'sudden_isolation',
  'crisis_at_home',
] as const;
export type RiskFactor = (typeof RISK_FACTORS)[number];

export const PROTECTIVE_FACTORS = [
  'trusted_adult',
  'school_or_work',
  'peers_reject_violence',
  'community_activity',
  'open_to_help',
  'future_plans',
] as const;
export type ProtectiveFactor = (typeof PROTECTIVE_FACTORS)[number];

export const CONSENT_GIVERS = ['person', 'guardian'] as const;
export const CONSENT_METHODS = ['in_person', 'written', 'phone'] as const;
export const CONSENT_PURPOSES = ['assessment', 'support_plan', 'information_sharing'] as const;

export const DECISIONS = ['support_offered', 'no_further_action', 'refer_elsewhere'] as const;
export type Decision = (typeof DECISIONS)[number];

/** The reviewer's checklist against stigmatisation: every item must be confirmed before a decision. */
export const CHECKLIST_ITEMS = [
  'behaviour_only',
  'no_identity_assumptions',
  'alternative_explanations',
  'proportionate',
  'person_heard',
  'police_role_limited',
] as const;

export const OUTCOMES = [
  'support_completed',
  'support_declined',
  'moved_away',
  'referred_on',
  'no_further_action',
  'consent_withdrawn',
] as const;
export type Outcome = (typeof OUTCOMES)[number];
/** Outcomes a panel picks when it closes a support plan (the others follow from a decision or a withdrawal). */
export const CLOSING_OUTCOMES: readonly Outcome[] = [
  'support_completed',
  'support_declined',
  'moved_away',
  'referred_on',
];

export const ACTION_STATUSES = ['planned', 'in_progress', 'done', 'not_done'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];
