/** Shared vocabulary of complaints and commendations about police: plain types and constants, no I/O. */

export const COMPLAINT_KINDS = ['complaint', 'commendation'] as const;
export type ComplaintKind = (typeof COMPLAINT_KINDS)[number];

export const STAGES = ['registered', 'acknowledged', 'under_review', 'decided', 'appealed'] as const;
export type Stage = (typeof STAGES)[number];
/** Stages whose decision deadline is running. */
export const OPEN_STAGES: readonly Stage[] = ['registered', 'acknowledged', 'under_review', 'appealed'];

export const OUTCOMES = [
  'upheld',
  'partly_upheld',
  'not_upheld',
  'resolved_informally',
  'withdrawn',
  'commendation_passed_on',
] as const;
export type Outcome = (typeof OUTCOMES)[number];
/** The outcomes a decision on each kind may have. */
export const OUTCOMES_FOR: Readonly<Record<ComplaintKind, readonly Outcome[]>> = {
  complaint: ['upheld', 'partly_upheld', 'not_upheld', 'resolved_informally', 'withdrawn'],
  commendation: ['commendation_passed_on', 'withdrawn'],
};

/** Moves oversight staff make by hand (a decision and an appeal have their own forms). */
export const MOVES: Readonly<Record<'acknowledge' | 'review', { from: readonly Stage[]; to: Stage }>> = {
  acknowledge: { from: ['registered'], to: 'acknowledged' },
  review: { from: ['acknowledged', 'appealed'], to: 'under_review' },
};
/** Stages from which a decision may be recorded. */
export const DECIDABLE: readonly Stage[] = ['acknowledged', 'under_review'];

export const BODY_KINDS = ['public_council', 'ombudsman', 'internal_affairs'] as const;
export type BodyKind = (typeof BODY_KINDS)[number];

/** Deadlines where no oversight body is configured for the area (days). */
export const DEFAULT_ACK_DAYS = 5;
export const DEFAULT_DECISION_DAYS = 30;
/** A complainant may appeal once, within this many days of the decision. */
export const APPEAL_WINDOW_DAYS = 30;

/** The report category that carries complaints and commendations (its `kind` answer tells which). */
export const COMPLAINT_CATEGORY = 'police-conduct';
