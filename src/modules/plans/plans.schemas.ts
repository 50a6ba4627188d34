/** TypeBox schemas for the plans API: bodies reject unknown fields, responses list every field. */
import { Type, type Static } from '@sinclair/typebox';
import { ID_PATTERN } from '../../shared/ids.ts';
import { FUNDING_SOURCES, MAX_AMOUNT, PLAN_STATUSES, SEATS, TASK_STATUSES } from './plans.types.ts';

const lit = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));
const Id = Type.String({ pattern: ID_PATTERN });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Str = (max: number) => Type.String({ maxLength: max });
const AreaCode = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._-]+$' });
const DateStr = Type.String({ maxLength: 10 });
const Amount = Type.Integer({ minimum: 0, maximum: MAX_AMOUNT });
const Percent = Type.Integer({ minimum: 0, maximum: 100 });
const Ids = Type.Array(Id, { maxItems: 50 });

export const IdParams = Type.Object({ id: Id });
export const PriorityParams = Type.Object({ id: Id, priorityId: Id });
export const TaskParams = Type.Object({ id: Id, taskId: Id });
export const VersionParams = Type.Object({ id: Id, number: Type.Integer({ minimum: 1, maximum: 100_000 }) });

export const ListQuery = Type.Object(
  {
    areaCode: Type.Optional(AreaCode),
    status: Type.Optional(lit(PLAN_STATUSES)),
    year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })),
  },
  { additionalProperties: false },
);
export const PublicListQuery = Type.Object(
  { areaCode: Type.Optional(AreaCode) },
  { additionalProperties: false },
);
export const ReportQuery = Type.Object(
  {
    year: Type.Integer({ minimum: 2000, maximum: 2100 }),
    quarter: Type.Integer({ minimum: 1, maximum: 4 }),
  },
  { additionalProperties: false },
);

export const ErrorOut = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String(), field: Type.Optional(Type.String()) }),
});
export const errors = { 400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 409: ErrorOut };

// --- bodies ---
export const PlanBody = Type.Object(
  {
    title: Str(300),
    areaCode: AreaCode,
    periodStart: DateStr,
    periodEnd: DateStr,
    summary: Type.Optional(Nullable(Str(10_000))),
  },
  { additionalProperties: false },
);
export type PlanBody = Static<typeof PlanBody>;
export const PriorityBody = Type.Object(
  {
    title: Str(300),
    justification: Type.Optional(Nullable(Str(5000))),
    source: Type.Optional(Nullable(Str(1000))),
    problemIds: Type.Optional(Ids),
  },
  { additionalProperties: false },
);
export type PriorityBody = Static<typeof PriorityBody>;
export const PriorityUpdateBody = Type.Object(
  {
    title: Str(300),
    justification: Type.Optional(Nullable(Str(5000))),
    source: Type.Optional(Nullable(Str(1000))),
    problemIds: Type.Optional(Ids),
    position: Type.Optional(Percent),
  },
  { additionalProperties: false },
);
export type PriorityUpdateBody = Static<typeof PriorityUpdateBody>;
export const TaskBody = Type.Object(
  {
    priorityId: Id,
    title: Str(300),
    description: Type.Optional(Nullable(Str(5000))),
    ownerOrganisationId: Type.Optional(Nullable(Id)),
    deadline: DateStr,
    fundingSource: lit(FUNDING_SOURCES),
    budget: Amount,
    problemIds: Type.Optional(Ids),
  },
  { additionalProperties: false },
);
export type TaskBody = Static<typeof TaskBody>;
export const ProgressBody = Type.Object(
  {
    status: lit(TASK_STATUSES),
    progress: Percent,
    spent: Amount,
    note: Type.Optional(Nullable(Str(2000))),
    reportedOn: Type.Optional(Nullable(DateStr)),
  },
  { additionalProperties: false },
);
export type ProgressBody = Static<typeof ProgressBody>;
export const ApprovalBody = Type.Object(
  { version: Type.Integer({ minimum: 1, maximum: 100_000 }), roleTitle: Str(200), approvedOn: DateStr },
  { additionalProperties: false },
);
export type ApprovalBody = Static<typeof ApprovalBody>;

// --- responses ---
const AreaNames = Type.Record(Type.String(), Type.String());
export const PlanOut = Type.Object({
  id: Type.String(),
  title: Type.String(),
  areaCode: Type.String(),
  areaNames: AreaNames,
  periodStart: Type.String(),
  periodEnd: Type.String(),
  summary: Type.String(),
  currency: Type.String(),
  status: lit(PLAN_STATUSES),
  currentVersion: Type.Integer(),
  approvedVersion: Nullable(Type.Integer()),
  approvedAt: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export const PlanList = Type.Object({ items: Type.Array(PlanOut) });
const ProblemRef = Type.Object({ id: Type.String(), title: Nullable(Type.String()) });
export const PriorityOut = Type.Object({
  id: Type.String(),
  position: Type.Integer(),
  title: Type.String(),
  justification: Type.String(),
  source: Type.String(),
  problems: Type.Array(ProblemRef),
});
export const TaskOut = Type.Object({
  id: Type.String(),
  priorityId: Type.String(),
  position: Type.Integer(),
  title: Type.String(),
  description: Type.String(),
  ownerOrganisationId: Nullable(Type.String()),
  ownerOrganisationName: Nullable(Type.String()),
  deadline: Type.String(),
  fundingSource: lit(FUNDING_SOURCES),
  budget: Type.Integer(),
  spent: Type.Integer(),
  status: lit(TASK_STATUSES),
  progress: Type.Integer(),
  completedOn: Nullable(Type.String()),
  late: Type.Boolean(),
  problems: Type.Array(ProblemRef),
  actions: Type.Array(
    Type.Object({
      id: Type.String(),
      problemId: Type.String(),
      problemTitle: Type.String(),
      title: Type.String(),
      status: Type.String(),
      progress: Type.Integer(),
      deadline: Nullable(Type.String()),
    }),
  ),
  canReportProgress: Type.Boolean(),
});
export const ApprovalOut = Type.Object({
  seat: lit(SEATS),
  versionNumber: Type.Integer(),
  signatoryName: Type.String(),
  roleTitle: Type.String(),
  organisationName: Type.String(),
  approvedOn: Type.String(),
  recordedAt: Type.String(),
});
export const PlanDetailOut = Type.Object({
  plan: PlanOut,
  priorities: Type.Array(PriorityOut),
  tasks: Type.Array(TaskOut),
  approvals: Type.Array(ApprovalOut),
  missingSeats: Type.Array(lit(SEATS)),
  totals: Type.Object({ budget: Type.Integer(), spent: Type.Integer(), progress: Type.Integer() }),
  canManage: Type.Boolean(),
  signerSeat: Nullable(lit(SEATS)),
  alreadySigned: Type.Boolean(),
});
export const ApprovalsOut = Type.Object({
  version: Type.Integer(),
  status: lit(PLAN_STATUSES),
  approvals: Type.Array(ApprovalOut),
  missingSeats: Type.Array(lit(SEATS)),
});
const Change = Type.Object({
  kind: Type.Union([Type.Literal('plan'), Type.Literal('priority'), Type.Literal('task')]),
  change: Type.Union([Type.Literal('added'), Type.Literal('removed'), Type.Literal('changed')]),
  id: Type.String(),
  title: Type.String(),
  fields: Type.Array(Type.Object({ field: Type.String(), from: Type.String(), to: Type.String() })),
});
const VersionSummaryProps = {
  number: Type.Integer(),
  createdAt: Type.String(),
  frozenAt: Nullable(Type.String()),
  state: Type.Union([
    Type.Literal('approved'),
    Type.Literal('signing'),
    Type.Literal('open'),
    Type.Literal('superseded'),
  ]),
  approvals: Type.Array(ApprovalOut),
  changes: Type.Array(Change),
};
export const VersionList = Type.Object({ items: Type.Array(Type.Object(VersionSummaryProps)) });
export const VersionOut = Type.Object({
  ...VersionSummaryProps,
  planId: Type.String(),
  planTitle: Type.String(),
  current: Type.Boolean(),
  content: Type.Object({
    title: Type.String(),
    areaCode: Type.String(),
    periodStart: Type.String(),
    periodEnd: Type.String(),
    summary: Type.String(),
    currency: Type.String(),
    priorities: Type.Array(
      Type.Object({
        id: Type.String(),
        position: Type.Integer(),
        title: Type.String(),
        justification: Type.String(),
        source: Type.String(),
        problemIds: Type.Array(Type.String()),
      }),
    ),
    tasks: Type.Array(
      Type.Object({
        id: Type.String(),
        priorityId: Type.String(),
        position: Type.Integer(),
        title: Type.String(),
        description: Type.String(),
        ownerOrganisationId: Nullable(Type.String()),
        ownerOrganisationName: Nullable(Type.String()),
        deadline: Type.String(),
        fundingSource: Type.String(),
        budget: Type.Integer(),
        problemIds: Type.Array(Type.String()),
      }),
    ),
  }),
});
const Money = Type.Object({
  budget: Type.Integer(),
  spent: Type.Integer(),
  percent: Nullable(Type.Integer()),
});
const Counts = Type.Object({
  done: Type.Integer(),
  in_progress: Type.Integer(),
  not_started: Type.Integer(),
  late: Type.Integer(),
  cancelled: Type.Integer(),
});
export const ReportOut = Type.Object({
  plan: PlanOut,
  priorities: Type.Array(Type.Object({ id: Type.String(), title: Type.String() })),
  report: Type.Object({
    year: Type.Integer(),
    quarter: Type.Integer(),
    from: Type.String(),
    to: Type.String(),
    asOf: Type.String(),
    counts: Counts,
    total: Type.Integer(),
    dueThisQuarter: Type.Integer(),
    doneThisQuarter: Type.Integer(),
    money: Money,
    byFunding: Type.Object({ local_budget: Money, donor: Money, in_kind: Money, none: Money }),
    tasks: Type.Array(
      Type.Object({
        id: Type.String(),
        title: Type.String(),
        priorityId: Type.String(),
        ownerOrganisationName: Nullable(Type.String()),
        deadline: Type.String(),
        fundingSource: lit(FUNDING_SOURCES),
        budget: Type.Integer(),
        status: lit(TASK_STATUSES),
        progress: Type.Integer(),
        spent: Type.Integer(),
        category: Type.Union([
          Type.Literal('done'),
          Type.Literal('late'),
          Type.Literal('not_started'),
          Type.Literal('in_progress'),
          Type.Literal('cancelled'),
        ]),
        dueThisQuarter: Type.Boolean(),
        doneThisQuarter: Type.Boolean(),
      }),
    ),
  }),
});
const PublicPlanProps = {
  id: Type.String(),
  title: Type.String(),
  areaCode: Type.String(),
  areaNames: AreaNames,
  periodStart: Type.String(),
  periodEnd: Type.String(),
  summary: Type.String(),
  currency: Type.String(),
  approvedVersion: Type.Integer(),
  revisionPending: Type.Boolean(),
  approvedAt: Nullable(Type.String()),
};
export const PublicPlanList = Type.Object({ items: Type.Array(Type.Object(PublicPlanProps)) });
export const PublicPlanOut = Type.Object({
  ...PublicPlanProps,
  priorities: Type.Array(
    Type.Object({
      id: Type.String(),
      title: Type.String(),
      justification: Type.String(),
      source: Type.String(),
    }),
  ),
  tasks: Type.Array(
    Type.Object({
      id: Type.String(),
      priorityId: Type.String(),
      title: Type.String(),
      ownerOrganisationName: Nullable(Type.String()),
      deadline: Type.String(),
      fundingSource: Type.String(),
      budget: Type.Integer(),
      spent: Type.Integer(),
      status: lit(TASK_STATUSES),
      progress: Type.Integer(),
    }),
  ),
  signatures: Type.Array(Type.Object({ seat: lit(SEATS), approvedOn: Type.String() })),
  progress: Type.Integer(),
});
