/** What leaves the plans service: explicit fields only. */
import type { Plan, PlanApproval } from '../../db/schema.ts';
import type { AreaNames } from '../geo/geo.presenter.ts';
import type { Change, PlanSnapshot } from './snapshot.ts';
import type { FundingSource, PlanStatus, Seat, TaskStatus } from './plans.types.ts';

export interface PlanView {
  id: string;
  title: string;
  areaCode: string;
  areaNames: AreaNames;
  periodStart: string;
  periodEnd: string;
  summary: string;
  currency: string;
  status: PlanStatus;
  currentVersion: number;
  approvedVersion: number | null;
  approvedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export function presentPlan(p: Plan, areaNames: AreaNames): PlanView {
  return {
    id: p.id,
    title: p.title,
    areaCode: p.area_code,
    areaNames,
    periodStart: p.period_start,
    periodEnd: p.period_end,
    summary: p.summary,
    currency: p.currency,
    status: p.status,
    currentVersion: p.current_version,
    approvedVersion: p.approved_version,
    approvedAt: p.approved_at,
    createdAt: p.created_at,
    updatedAt: p.updated_at,
  };
}

/** A linked problem; its title only for those who may see the problem. */
export interface ProblemRef {
  id: string;
  title: string | null;
}

export interface PriorityView {
  id: string;
  position: number;
  title: string;
  justification: string;
  source: string;
  problems: ProblemRef[];
}

export interface ActionRef {
  id: string;
  problemId: string;
  problemTitle: string;
  title: string;
  status: string;
  progress: number;
  deadline: string | null;
}

export interface TaskView {
  id: string;
  priorityId: string;
  position: number;
  title: string;
  description: string;
  ownerOrganisationId: string | null;
  ownerOrganisationName: string | null;
  deadline: string;
  fundingSource: FundingSource;
  budget: number;
  spent: number;
  status: TaskStatus;
  progress: number;
  completedOn: string | null;
  late: boolean;
  problems: ProblemRef[];
  actions: ActionRef[];
  canReportProgress: boolean;
}

export interface ApprovalView {
  seat: Seat;
  versionNumber: number;
  signatoryName: string;
  roleTitle: string;
  organisationName: string;
  approvedOn: string;
  recordedAt: string;
}

export function presentApproval(a: PlanApproval): ApprovalView {
  return {
    seat: a.seat,
    versionNumber: a.version_number,
    signatoryName: a.signatory_name,
    roleTitle: a.role_title,
    organisationName: a.organisation_name,
    approvedOn: a.approved_on,
    recordedAt: a.created_at,
  };
}

export interface TaskUpdateView {
  status: TaskStatus;
  progress: number;
  spent: number;
  note: string;
  reportedOn: string;
  recordedAt: string;
}

export interface PlanDetail {
  plan: PlanView;
  priorities: PriorityView[];
  tasks: TaskView[];
  /** Signatures on the current version. */
  approvals: ApprovalView[];
  missingSeats: Seat[];
  totals: { budget: number; spent: number; progress: number };
  canManage: boolean;
  /** The seat the reader may sign for, or null. */
  signerSeat: Seat | null;
  /** Whether the reader's seat (or the reader) has already signed the current version. */
  alreadySigned: boolean;
}

export interface VersionSummary {
  number: number;
  createdAt: string;
  frozenAt: string | null;
  /** 'approved' (all three signed), 'signing' (some signed), 'open' (being edited), 'superseded'. */
  state: 'approved' | 'signing' | 'open' | 'superseded';
  approvals: ApprovalView[];
  changes: Change[];
}

export interface VersionDetail extends VersionSummary {
  planId: string;
  planTitle: string;
  current: boolean;
  content: PlanSnapshot;
}

export interface PublicPlanView {
  id: string;
  title: string;
  areaCode: string;
  areaNames: AreaNames;
  periodStart: string;
  periodEnd: string;
  summary: string;
  currency: string;
  approvedVersion: number;
  /** The version in force is being changed; the changed plan awaits signatures. */
  revisionPending: boolean;
  approvedAt: string | null;
}

export interface PublicPlanDetail extends PublicPlanView {
  priorities: Array<{ id: string; title: string; justification: string; source: string }>;
  tasks: Array<{
    id: string;
    priorityId: string;
    title: string;
    ownerOrganisationName: string | null;
    deadline: string;
    fundingSource: string;
    budget: number;
    spent: number;
    status: TaskStatus;
    progress: number;
  }>;
  /** Which offices signed the version in force, and when (no names). */
  signatures: Array<{ seat: Seat; approvedOn: string }>;
  progress: number;
}

export function presentPublicPlan(
  p: Plan,
  areaNames: AreaNames,
  snapshot: PlanSnapshot | null,
): PublicPlanView {
  return {
    id: p.id,
    title: snapshot?.title ?? p.title,
    areaCode: p.area_code,
    areaNames,
    periodStart: snapshot?.periodStart ?? p.period_start,
    periodEnd: snapshot?.periodEnd ?? p.period_end,
    summary: snapshot?.summary ?? p.summary,
    currency: p.currency,
    approvedVersion: p.approved_version ?? 0,
    revisionPending: p.status === 'revision',
    approvedAt: p.approved_at,
  };
}
