/** What leaves the problems services: explicit fields only. Report texts and reporters never do. */
import type {
  Problem,
  ProblemAction,
  ProblemAssessment,
  ProblemMeasure,
  ProblemRightsCheck,
} from '../../db/schema.ts';
import type { Comparison } from './problems.measures.ts';
import { EMPTY_ANALYSIS, type ProblemAnalysis } from './problems.types.ts';

export function parseJson<T>(text: string, fallback: T): T {
  try {
    const v = JSON.parse(text) as T;
    return v ?? fallback;
  } catch {
    return fallback;
  }
}

export function presentSummary(p: Problem, areaCodes: string[], progress: number | null) {
  return {
    id: p.id,
    title: p.title,
    status: p.status,
    clusteringType: p.clustering_type,
    priority: p.priority,
    categoryCode: p.category_code,
    areaCodes,
    published: p.published === 1,
    progress,
    createdAt: p.created_at,
    updatedAt: p.updated_at,
  };
}
export type ProblemSummaryView = ReturnType<typeof presentSummary>;

export function presentProblem(p: Problem, areaCodes: string[], progress: number | null) {
  const analysis = parseJson<ProblemAnalysis>(p.analysis, EMPTY_ANALYSIS);
  return {
    ...presentSummary(p, areaCodes, progress),
    description: p.description,
    origin: p.origin,
    firstSeen: p.first_seen,
    lastSeen: p.last_seen,
    frequency: p.frequency,
    harms: p.harms,
    priorityRationale: p.priority_rationale,
    goal: p.goal,
    analysis: {
      offender: { ...EMPTY_ANALYSIS.offender, ...analysis.offender },
      target: { ...EMPTY_ANALYSIS.target, ...analysis.target },
      place: { ...EMPTY_ANALYSIS.place, ...analysis.place },
      dataSources: analysis.dataSources ?? '',
      currentResponses: analysis.currentResponses ?? '',
      hypothesis: analysis.hypothesis ?? '',
      statement: analysis.statement ?? '',
    },
    publicTitle: p.public_title,
    publicSummary: p.public_summary,
    publishedAt: p.published_at,
    closedAt: p.closed_at,
  };
}
export type ProblemView = ReturnType<typeof presentProblem>;

export function presentRightsCheck(r: ProblemRightsCheck) {
  return {
    id: r.id,
    legality: r.legality,
    necessity: r.necessity,
    proportionality: r.proportionality,
    nonDiscrimination: r.non_discrimination,
    outcome: r.outcome,
    checkerName: r.checker_name,
    checkedAt: r.checked_at,
  };
}
export type RightsCheckView = ReturnType<typeof presentRightsCheck>;

export function presentAction(
  a: ProblemAction,
  names: { organisation: string | null; organisationSector: string | null; person: string | null },
  rightsCheck: ProblemRightsCheck | null,
) {
  const needsRightsCheck = a.coercive === 1;
  return {
    id: a.id,
    problemId: a.problem_id,
    title: a.title,
    description: a.description,
    responsibleOrganisationId: a.responsible_organisation_id,
    responsibleOrganisationName: names.organisation,
    responsiblePersonId: a.responsible_person_id,
    responsiblePersonName: names.person,
    deadline: a.deadline,
    fundingSource: a.funding_source,
    status: a.status,
    progress: a.status === 'done' ? 100 : a.progress,
    planTaskId: a.plan_task_id,
    coercive: a.coercive === 1,
    needsRightsCheck,
    rightsCheck: rightsCheck ? presentRightsCheck(rightsCheck) : null,
    /** Whether it may start: not coercive, or its latest rights check approved it. */
    mayStart: !needsRightsCheck || rightsCheck?.outcome === 'approved',
    startedAt: a.started_at,
    doneAt: a.done_at,
    createdAt: a.created_at,
    updatedAt: a.updated_at,
  };
}
export type ActionView = ReturnType<typeof presentAction>;

export interface Weekly {
  target: number[];
  comparison: number[] | null;
  buffer: number[] | null;
}

export function presentMeasure(m: ProblemMeasure) {
  return {
    id: m.id,
    phase: m.phase,
    periodStart: m.period_start,
    periodEnd: m.period_end,
    categoryCode: m.category_code,
    areaCodes: parseJson<string[]>(m.area_codes, []),
    comparisonAreaCode: m.comparison_area_code,
    bufferAreaCode: m.buffer_area_code,
    weekly: parseJson<Weekly>(m.weekly, { target: [], comparison: null, buffer: null }),
    targetTotal: m.target_total,
    comparisonTotal: m.comparison_total,
    bufferTotal: m.buffer_total,
    surveyNote: m.survey_note,
    computedAt: m.computed_at,
  };
}
export type MeasureView = ReturnType<typeof presentMeasure>;

export interface ProcessItem {
  actionId: string;
  title: string;
  done: boolean;
  note: string;
}
export interface FeedbackCounts {
  yes: number;
  partly: number;
  no: number;
}

export function presentAssessment(a: ProblemAssessment) {
  return {
    id: a.id,
    processCheck: parseJson<ProcessItem[]>(a.process_check, []),
    baselineMeasureId: a.baseline_measure_id,
    afterMeasureId: a.after_measure_id,
    comparison: parseJson<Comparison | null>(a.comparison, null),
    residentFeedback: parseJson<FeedbackCounts>(a.resident_feedback, { yes: 0, partly: 0, no: 0 }),
    decision: a.decision,
    notes: a.notes,
    createdAt: a.created_at,
  };
}
export type AssessmentView = ReturnType<typeof presentAssessment>;

/** What the public sees: the summary the team wrote, the areas, the stage and the progress. */
export function presentPublic(
  p: Problem,
  areaCodes: string[],
  progress: number | null,
  actions: { total: number; done: number },
) {
  return {
    id: p.id,
    title: p.public_title,
    summary: p.public_summary,
    status: p.status,
    areaCodes,
    progress,
    actionsTotal: actions.total,
    actionsDone: actions.done,
    publishedAt: p.published_at,
    updatedAt: p.updated_at,
  };
}
export type PublicProblemView = ReturnType<typeof presentPublic>;
