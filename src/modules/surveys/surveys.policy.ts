/**
 * Who may do what with trust and safety surveys. Role *and* jurisdiction decide:
 * - analysts and prevention coordinators build surveys of their jurisdiction (the survey's area),
 *   review held answers and read the results; they also keep the item bank's translations;
 * - administrators load population tables for the areas of their jurisdiction (used for weighting);
 * - respondents are anyone: the public link asks for no account and keeps no identity (`respond`).
 * Results leave the service only as aggregates with small cells suppressed; no role reads another
 * person's answers through these rules (held answers are reviewed as counts, never one by one).
 */
import { allow, inJurisdiction, type StaffRole } from '../../shared/policy.ts';

export const SURVEY = 'survey';
export const SURVEY_ITEM = 'survey_item';
export const SURVEY_POPULATION = 'survey_population';

export interface SurveyResource {
  areaPath: string;
}
export interface PopulationResource {
  areaPath: string;
}

/** Roles that build surveys and read their results within their jurisdiction. */
export const SURVEY_ROLES: readonly StaffRole[] = ['analyst', 'prevention_coordinator'];
export const POPULATION_ROLES: readonly StaffRole[] = ['admin'];

allow([...SURVEY_ROLES], 'list', SURVEY);
allow<SurveyResource>([...SURVEY_ROLES], ['create', 'read', 'manage', 'results'], SURVEY, inJurisdiction);
allow([...SURVEY_ROLES], ['list', 'translate'], SURVEY_ITEM);
allow([...POPULATION_ROLES, ...SURVEY_ROLES], 'list', SURVEY_POPULATION);
allow<PopulationResource>([...POPULATION_ROLES], 'load', SURVEY_POPULATION, inJurisdiction);
allow('anyone', 'respond', SURVEY);
