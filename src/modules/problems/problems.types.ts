/** The vocabularies of problems (SARA). Identity groups are never a clustering type. */
export const STAGES = ['scanning', 'analysis', 'response', 'assessment', 'closed'] as const;
export type Stage = (typeof STAGES)[number];
/** The next stage a problem moves on to by hand; closing happens only through an assessment. */
export const NEXT_STAGE: Record<Stage, Stage | null> = {
  scanning: 'analysis',
  analysis: 'response',
  response: 'assessment',
  assessment: null,
  closed: null,
};
export const CLUSTERING_TYPES = ['place', 'time', 'behaviour', 'victim_group', 'offender_behaviour'] as const;
export const ORIGINS = ['reports', 'survey', 'forum', 'hand'] as const;
export const PRIORITIES = ['low', 'medium', 'high'] as const;
export const FUNDING_SOURCES = ['local_budget', 'donor', 'in_kind', 'none'] as const;
export const ACTION_STATUSES = ['planned', 'in_progress', 'done', 'cancelled'] as const;
export const RIGHTS_OUTCOMES = ['approved', 'refused'] as const;
export const DECISIONS = ['close', 'adjust', 'reanalyse'] as const;
export const PHASES = ['baseline', 'after'] as const;
export const FEEDBACK = ['yes', 'partly', 'no'] as const;
/** What the survey side of a measure says until a survey module exists. */
export const NO_SURVEY_DATA = 'no_survey_data';

/** One side of the problem-analysis triangle and its controller. */
export interface TriangleSide {
  /** What is known (behaviour, circumstances — never identity). */
  known: string;
  /** What is missing and how to find out. */
  missing: string;
  /** The controller: handler (offender), guardian (target/victim), manager (place). */
  controller: string;
}

export interface ProblemAnalysis {
  offender: TriangleSide;
  target: TriangleSide;
  place: TriangleSide;
  dataSources: string;
  currentResponses: string;
  hypothesis: string;
  statement: string;
}

export const EMPTY_SIDE: TriangleSide = { known: '', missing: '', controller: '' };
export const EMPTY_ANALYSIS: ProblemAnalysis = {
  offender: EMPTY_SIDE,
  target: EMPTY_SIDE,
  place: EMPTY_SIDE,
  dataSources: '',
  currentResponses: '',
  hypothesis: '',
  statement: '',
};

/** Timeline event kinds (each has a sentence in `problems.timeline.*`). */
export const EVENT_KINDS = [
  'created',
  'scanning_updated',
  'analysis_updated',
  'stage_changed',
  'reports_linked',
  'report_unlinked',
  'partner_added',
  'measure_recorded',
  'action_added',
  'action_updated',
  'rights_checked',
  'assessed',
  'published',
  'unpublished',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];
