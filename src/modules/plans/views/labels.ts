/** Literal message keys for values stored as codes (the unused-key test finds them here). */
import { LOCALE_TAGS, type Locale, type Translate } from '../../../shared/i18n.ts';
import type { ReportXlsxLabels } from '../plans.service.ts';

export const FUNDING_KEYS: Record<string, string> = {
  local_budget: 'plans.funding.local_budget',
  donor: 'plans.funding.donor',
  in_kind: 'plans.funding.in_kind',
  none: 'plans.funding.none',
};
export const TASK_STATUS_KEYS: Record<string, string> = {
  not_started: 'plans.taskStatus.not_started',
  in_progress: 'plans.taskStatus.in_progress',
  done: 'plans.taskStatus.done',
  cancelled: 'plans.taskStatus.cancelled',
};
export const PLAN_STATUS_KEYS: Record<string, string> = {
  draft: 'plans.status.draft',
  approved: 'plans.status.approved',
  revision: 'plans.status.revision',
};
export const SEAT_KEYS: Record<string, string> = {
  police: 'plans.seat.police',
  municipality: 'plans.seat.municipality',
  council: 'plans.seat.council',
};
export const CATEGORY_KEYS: Record<string, string> = {
  done: 'plans.report.category.done',
  in_progress: 'plans.report.category.in_progress',
  not_started: 'plans.report.category.not_started',
  late: 'plans.report.category.late',
  cancelled: 'plans.report.category.cancelled',
};
export const VERSION_STATE_KEYS: Record<string, string> = {
  approved: 'plans.versionState.approved',
  signing: 'plans.versionState.signing',
  open: 'plans.versionState.open',
  superseded: 'plans.versionState.superseded',
};
export const CHANGE_KEYS: Record<string, string> = {
  'plan.changed': 'plans.change.planChanged',
  'priority.added': 'plans.change.priorityAdded',
  'priority.removed': 'plans.change.priorityRemoved',
  'priority.changed': 'plans.change.priorityChanged',
  'task.added': 'plans.change.taskAdded',
  'task.removed': 'plans.change.taskRemoved',
  'task.changed': 'plans.change.taskChanged',
};
export const FIELD_KEYS: Record<string, string> = {
  title: 'plans.field.title',
  areaCode: 'plans.field.area',
  periodStart: 'plans.field.periodStart',
  periodEnd: 'plans.field.periodEnd',
  summary: 'plans.field.summary',
  currency: 'plans.field.currency',
  justification: 'plans.field.justification',
  source: 'plans.field.source',
  position: 'plans.field.position',
  problemIds: 'plans.field.problemIds',
  description: 'plans.field.description',
  priorityId: 'plans.field.priority',
  ownerOrganisationName: 'plans.field.owner',
  deadline: 'plans.field.deadline',
  fundingSource: 'plans.field.fundingSource',
  budget: 'plans.field.budget',
};

// Resident-facing labels (every locale).
export const PUBLIC_FUNDING_KEYS: Record<string, string> = {
  local_budget: 'resident.plans.funding.local_budget',
  donor: 'resident.plans.funding.donor',
  in_kind: 'resident.plans.funding.in_kind',
  none: 'resident.plans.funding.none',
};
export const PUBLIC_STATUS_KEYS: Record<string, string> = {
  not_started: 'resident.plans.taskStatus.not_started',
  in_progress: 'resident.plans.taskStatus.in_progress',
  done: 'resident.plans.taskStatus.done',
  cancelled: 'resident.plans.taskStatus.cancelled',
};
export const PUBLIC_SEAT_KEYS: Record<string, string> = {
  police: 'resident.plans.seat.police',
  municipality: 'resident.plans.seat.municipality',
  council: 'resident.plans.seat.council',
};

export function label(keys: Record<string, string>, code: string, fallback: string): string {
  return keys[code] ?? fallback;
}

export function formatAmount(locale: Locale, value: number, currency: string): string {
  return `${new Intl.NumberFormat(LOCALE_TAGS[locale], { maximumFractionDigits: 0 }).format(value)} ${currency}`;
}

export function xlsxLabels(t: Translate): ReportXlsxLabels {
  const map = (keys: Record<string, string>) =>
    Object.fromEntries(Object.entries(keys).map(([k, v]) => [k, t(v)]));
  return {
    sheetSummary: t('plans.xlsx.sheetSummary'),
    sheetTasks: t('plans.xlsx.sheetTasks'),
    plan: t('plans.xlsx.plan'),
    area: t('plans.field.area'),
    period: t('plans.xlsx.period'),
    quarter: t('plans.report.quarter'),
    asOf: t('plans.xlsx.asOf'),
    indicator: t('plans.xlsx.indicator'),
    value: t('plans.xlsx.value'),
    total: t('plans.report.total'),
    categories: map(CATEGORY_KEYS),
    fundingSources: map(FUNDING_KEYS),
    statuses: map(TASK_STATUS_KEYS),
    budget: t('plans.field.budget'),
    spent: t('plans.field.spent'),
    percentSpent: t('plans.report.percentSpent'),
    priority: t('plans.field.priority'),
    task: t('plans.xlsx.task'),
    owner: t('plans.field.owner'),
    deadline: t('plans.field.deadline'),
    funding: t('plans.field.fundingSource'),
    status: t('plans.field.status'),
    progress: t('plans.field.progress'),
    category: t('plans.xlsx.category'),
    dueThisQuarter: t('plans.report.dueThisQuarter'),
    doneThisQuarter: t('plans.report.doneThisQuarter'),
    yes: t('plans.xlsx.yes'),
    no: t('plans.xlsx.no'),
  };
}
export const FIELD_ERROR_KEYS: Record<string, string> = {
  title: 'plans.errors.invalid.title',
  areaCode: 'plans.errors.invalid.areaCode',
  periodStart: 'plans.errors.invalid.periodStart',
  periodEnd: 'plans.errors.invalid.periodEnd',
  summary: 'plans.errors.invalid.summary',
  justification: 'plans.errors.invalid.justification',
  source: 'plans.errors.invalid.source',
  problemIds: 'plans.errors.invalid.problemIds',
  priorityId: 'plans.errors.invalid.priorityId',
  description: 'plans.errors.invalid.description',
  ownerOrganisationId: 'plans.errors.invalid.ownerOrganisationId',
  deadline: 'plans.errors.invalid.deadline',
  fundingSource: 'plans.errors.invalid.fundingSource',
  budget: 'plans.errors.invalid.budget',
  status: 'plans.errors.invalid.status',
  progress: 'plans.errors.invalid.progress',
  spent: 'plans.errors.invalid.spent',
  reportedOn: 'plans.errors.invalid.reportedOn',
  note: 'plans.errors.invalid.note',
  roleTitle: 'plans.errors.invalid.roleTitle',
  approvedOn: 'plans.errors.invalid.approvedOn',
  quarter: 'plans.errors.invalid.quarter',
  year: 'plans.errors.invalid.year',
  'f-area': 'plans.errors.invalid.f-area',
  'f-status': 'plans.errors.invalid.f-status',
};
export const CONFLICT_KEYS: Record<string, string> = {
  version: 'plans.errors.conflict.version',
  seat: 'plans.errors.conflict.seat',
  priorityId: 'plans.errors.conflict.priorityId',
  taskId: 'plans.errors.conflict.taskId',
};
