/** Literal message keys for values stored as codes (the unused-key test finds them here). */
import type { Locale } from '../../../shared/i18n.ts';

export const STAGE_KEYS: Record<string, string> = {
  scanning: 'problems.stage.scanning',
  analysis: 'problems.stage.analysis',
  response: 'problems.stage.response',
  assessment: 'problems.stage.assessment',
  closed: 'problems.stage.closed',
};
export const PUBLIC_STAGE_KEYS: Record<string, string> = {
  scanning: 'resident.problems.stage.scanning',
  analysis: 'resident.problems.stage.analysis',
  response: 'resident.problems.stage.response',
  assessment: 'resident.problems.stage.assessment',
  closed: 'resident.problems.stage.closed',
};
export const CLUSTERING_KEYS: Record<string, string> = {
  place: 'problems.clustering.place',
  time: 'problems.clustering.time',
  behaviour: 'problems.clustering.behaviour',
  victim_group: 'problems.clustering.victim_group',
  offender_behaviour: 'problems.clustering.offender_behaviour',
};
export const PRIORITY_KEYS: Record<string, string> = {
  low: 'problems.priority.low',
  medium: 'problems.priority.medium',
  high: 'problems.priority.high',
};
export const ORIGIN_KEYS: Record<string, string> = {
  reports: 'problems.origin.reports',
  survey: 'problems.origin.survey',
  forum: 'problems.origin.forum',
  hand: 'problems.origin.hand',
};
export const FUNDING_KEYS: Record<string, string> = {
  local_budget: 'problems.funding.local_budget',
  donor: 'problems.funding.donor',
  in_kind: 'problems.funding.in_kind',
  none: 'problems.funding.none',
};
export const ACTION_STATUS_KEYS: Record<string, string> = {
  planned: 'problems.actionStatus.planned',
  in_progress: 'problems.actionStatus.in_progress',
  done: 'problems.actionStatus.done',
  cancelled: 'problems.actionStatus.cancelled',
};
export const OUTCOME_KEYS: Record<string, string> = {
  approved: 'problems.rights.approved',
  refused: 'problems.rights.refused',
};
export const DECISION_KEYS: Record<string, string> = {
  close: 'problems.decision.close',
  adjust: 'problems.decision.adjust',
  reanalyse: 'problems.decision.reanalyse',
};
export const PHASE_KEYS: Record<string, string> = {
  baseline: 'problems.phase.baseline',
  after: 'problems.phase.after',
};
export const VERDICT_KEYS: Record<string, string> = {
  no_comparison: 'problems.verdict.no_comparison',
  no_success: 'problems.verdict.no_success',
  no_buffer: 'problems.verdict.no_buffer',
  diffusion_greater_than_direct: 'problems.verdict.diffusion_greater_than_direct',
  diffusion: 'problems.verdict.diffusion',
  no_change_in_buffer: 'problems.verdict.no_change_in_buffer',
  displacement_less_than_direct: 'problems.verdict.displacement_less_than_direct',
  displacement_greater_than_direct: 'problems.verdict.displacement_greater_than_direct',
};
export const TIMELINE_KEYS: Record<string, string> = {
  created: 'problems.timeline.created',
  scanning_updated: 'problems.timeline.scanning_updated',
  analysis_updated: 'problems.timeline.analysis_updated',
  stage_changed: 'problems.timeline.stage_changed',
  reports_linked: 'problems.timeline.reports_linked',
  report_unlinked: 'problems.timeline.report_unlinked',
  partner_added: 'problems.timeline.partner_added',
  measure_recorded: 'problems.timeline.measure_recorded',
  action_added: 'problems.timeline.action_added',
  action_updated: 'problems.timeline.action_updated',
  rights_checked: 'problems.timeline.rights_checked',
  assessed: 'problems.timeline.assessed',
  published: 'problems.timeline.published',
  unpublished: 'problems.timeline.unpublished',
};

export function label(
  keys: Record<string, string>,
  value: string | null | undefined,
  fallback: string,
): string {
  return (value && keys[value]) || fallback;
}

/** An area's name in the page's language, else Russian, English, or its code. */
export function areaName(names: Record<string, string> | undefined, code: string, locale: Locale): string {
  return names?.[locale] ?? names?.ru ?? names?.en ?? code;
}
