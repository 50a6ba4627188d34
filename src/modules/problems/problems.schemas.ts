/** TypeBox schemas for the problems API: bodies reject unknown fields, responses list every field. */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { ID_PATTERN } from '../../shared/ids.ts';
import {
  ACTION_STATUSES,
  CLUSTERING_TYPES,
  DECISIONS,
  FUNDING_SOURCES,
  ORIGINS,
  PHASES,
  PRIORITIES,
  RIGHTS_OUTCOMES,
  STAGES,
} from './problems.types.ts';

const lit = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));
const Id = Type.String({ pattern: ID_PATTERN });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Str = (max: number) => Type.String({ maxLength: max });
const AreaCode = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._-]+$' });
const DateStr = Type.String({ maxLength: 10 });
const strict = { additionalProperties: false } as const;

export const IdParams = Type.Object({ id: Id });
export const ReportParams = Type.Object({ id: Id, reportId: Id });

export const ErrorOut = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String(), field: Type.Optional(Type.String()) }),
});
export const errors = { 400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 409: ErrorOut };

export const ListQuery = Type.Object(
  {
    status: Type.Optional(lit(STAGES)),
    clusteringType: Type.Optional(lit(CLUSTERING_TYPES)),
    areaCode: Type.Optional(AreaCode),
    q: Type.Optional(Str(200)),
  },
  strict,
);

export const SuggestQuery = Type.Object(
  {
    days: Type.Optional(Type.Integer({ minimum: 1, maximum: 730 })),
    radiusKm: Type.Optional(Type.Number({ minimum: 0.05, maximum: 50 })),
    windowDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })),
    minReports: Type.Optional(Type.Integer({ minimum: 2, maximum: 100 })),
  },
  strict,
);

const scanningFields = {
  title: Str(200),
  description: Str(10_000),
  clusteringType: lit(CLUSTERING_TYPES),
  priority: lit(PRIORITIES),
};
const optionalScanning = {
  categoryCode: Type.Optional(Nullable(Str(64))),
  firstSeen: Type.Optional(Nullable(DateStr)),
  lastSeen: Type.Optional(Nullable(DateStr)),
  frequency: Type.Optional(Nullable(Str(500))),
  harms: Type.Optional(Nullable(Str(5000))),
  priorityRationale: Type.Optional(Nullable(Str(5000))),
  goal: Type.Optional(Nullable(Str(5000))),
};

export const CreateBody = Type.Object(
  {
    ...scanningFields,
    ...optionalScanning,
    origin: Type.Optional(lit(ORIGINS)),
    areaCodes: Type.Array(AreaCode, { minItems: 1, maxItems: 10 }),
    reportIds: Type.Optional(Type.Array(Id, { maxItems: 200 })),
    raisedByOrganisationIds: Type.Optional(Type.Array(Id, { maxItems: 20 })),
  },
  strict,
);
export type CreateBody = Static<typeof CreateBody>;

export const ScanningBody = Type.Object(
  {
    title: Type.Optional(scanningFields.title),
    description: Type.Optional(scanningFields.description),
    clusteringType: Type.Optional(scanningFields.clusteringType),
    priority: Type.Optional(scanningFields.priority),
    ...optionalScanning,
  },
  strict,
);

const Side = Type.Object(
  {
    known: Type.Optional(Str(5000)),
    missing: Type.Optional(Str(5000)),
    controller: Type.Optional(Str(2000)),
  },
  strict,
);
export const AnalysisBody = Type.Object(
  {
    offender: Type.Optional(Side),
    target: Type.Optional(Side),
    place: Type.Optional(Side),
    dataSources: Type.Optional(Nullable(Str(10_000))),
    currentResponses: Type.Optional(Nullable(Str(10_000))),
    hypothesis: Type.Optional(Nullable(Str(10_000))),
    statement: Type.Optional(Nullable(Str(10_000))),
  },
  strict,
);

export const StageBody = Type.Object({ to: lit(STAGES) }, strict);
export const ReportsBody = Type.Object({ reportIds: Type.Array(Id, { minItems: 1, maxItems: 200 }) }, strict);
export const PartnerBody = Type.Object({ organisationId: Id, raised: Type.Optional(Type.Boolean()) }, strict);

export const MeasureBody = Type.Object(
  {
    phase: lit(PHASES),
    from: DateStr,
    to: DateStr,
    categoryCode: Type.Optional(Nullable(Str(64))),
    comparisonAreaCode: Type.Optional(Nullable(AreaCode)),
    bufferAreaCode: Type.Optional(Nullable(AreaCode)),
  },
  strict,
);

export const ActionBody = Type.Object(
  {
    title: Str(300),
    description: Type.Optional(Nullable(Str(5000))),
    responsibleOrganisationId: Type.Optional(Nullable(Id)),
    responsiblePersonId: Type.Optional(Nullable(Id)),
    deadline: Type.Optional(Nullable(DateStr)),
    fundingSource: lit(FUNDING_SOURCES),
    coercive: Type.Optional(Type.Boolean()),
    planTaskId: Type.Optional(Nullable(Id)),
  },
  strict,
);
export const ActionUpdateBody = Type.Object(
  {
    status: Type.Optional(lit(ACTION_STATUSES)),
    progress: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
    deadline: Type.Optional(Nullable(DateStr)),
    planTaskId: Type.Optional(Nullable(Id)),
  },
  strict,
);
export const RightsCheckBody = Type.Object(
  {
    legality: Str(5000),
    necessity: Str(5000),
    proportionality: Str(5000),
    nonDiscrimination: Str(5000),
    outcome: lit(RIGHTS_OUTCOMES),
    checkerName: Str(200),
  },
  strict,
);
export const AssessmentBody = Type.Object(
  {
    process: Type.Array(
      Type.Object({ actionId: Id, done: Type.Boolean(), note: Type.Optional(Nullable(Str(2000))) }, strict),
      { maxItems: 200 },
    ),
    baselineMeasureId: Type.Optional(Nullable(Id)),
    afterMeasureId: Type.Optional(Nullable(Id)),
    decision: lit(DECISIONS),
    notes: Str(10_000),
  },
  strict,
);
export const PublicationBody = Type.Object(
  {
    published: Type.Boolean(),
    publicTitle: Type.Optional(Nullable(Str(200))),
    publicSummary: Type.Optional(Nullable(Str(5000))),
  },
  strict,
);

// --- responses ---
const NStr = Nullable(Type.String());
const NNum = Nullable(Type.Number());

export const SummaryOut = Type.Object({
  id: Type.String(),
  title: Type.String(),
  status: Type.String(),
  clusteringType: Type.String(),
  priority: Type.String(),
  categoryCode: NStr,
  areaCodes: Type.Array(Type.String()),
  published: Type.Boolean(),
  progress: NNum,
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export const ListOut = Type.Object({ items: Type.Array(SummaryOut) });

const SideOut = Type.Object({ known: Type.String(), missing: Type.String(), controller: Type.String() });
export const ProblemOut = Type.Object({
  ...SummaryOut.properties,
  description: Type.String(),
  origin: Type.String(),
  firstSeen: NStr,
  lastSeen: NStr,
  frequency: Type.String(),
  harms: Type.String(),
  priorityRationale: Type.String(),
  goal: Type.String(),
  analysis: Type.Object({
    offender: SideOut,
    target: SideOut,
    place: SideOut,
    dataSources: Type.String(),
    currentResponses: Type.String(),
    hypothesis: Type.String(),
    statement: Type.String(),
  }),
  publicTitle: Type.String(),
  publicSummary: Type.String(),
  publishedAt: NStr,
  closedAt: NStr,
});

const RightsCheckOut = Type.Object({
  id: Type.String(),
  legality: Type.String(),
  necessity: Type.String(),
  proportionality: Type.String(),
  nonDiscrimination: Type.String(),
  outcome: Type.String(),
  checkerName: Type.String(),
  checkedAt: Type.String(),
});
export const ActionOut = Type.Object({
  id: Type.String(),
  problemId: Type.String(),
  title: Type.String(),
  description: Type.String(),
  responsibleOrganisationId: NStr,
  responsibleOrganisationName: NStr,
  responsiblePersonId: NStr,
  responsiblePersonName: NStr,
  deadline: NStr,
  fundingSource: Type.String(),
  status: Type.String(),
  progress: Type.Number(),
  planTaskId: NStr,
  coercive: Type.Boolean(),
  needsRightsCheck: Type.Boolean(),
  rightsCheck: Nullable(RightsCheckOut),
  mayStart: Type.Boolean(),
  startedAt: NStr,
  doneAt: NStr,
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

const Series = Nullable(Type.Array(Type.Number()));
export const MeasureOut = Type.Object({
  id: Type.String(),
  phase: Type.String(),
  periodStart: Type.String(),
  periodEnd: Type.String(),
  categoryCode: NStr,
  areaCodes: Type.Array(Type.String()),
  comparisonAreaCode: NStr,
  bufferAreaCode: NStr,
  weekly: Type.Object({ target: Type.Array(Type.Number()), comparison: Series, buffer: Series }),
  targetTotal: Type.Number(),
  comparisonTotal: NNum,
  bufferTotal: NNum,
  surveyNote: Type.String(),
  computedAt: Type.String(),
});

const ComparisonOut = Type.Object({
  targetChangePct: NNum,
  comparisonChangePct: NNum,
  successMeasure: NNum,
  bufferMeasure: NNum,
  wdq: NNum,
  netEffect: NNum,
  verdict: Type.String(),
});
const FeedbackOut = Type.Object({ yes: Type.Number(), partly: Type.Number(), no: Type.Number() });
export const AssessmentOut = Type.Object({
  id: Type.String(),
  processCheck: Type.Array(
    Type.Object({ actionId: Type.String(), title: Type.String(), done: Type.Boolean(), note: Type.String() }),
  ),
  baselineMeasureId: NStr,
  afterMeasureId: NStr,
  comparison: Nullable(ComparisonOut),
  residentFeedback: FeedbackOut,
  decision: Type.String(),
  notes: Type.String(),
  createdAt: Type.String(),
});

export const DetailOut = Type.Object({
  problem: ProblemOut,
  areas: Type.Array(Type.Object({ code: Type.String(), names: Type.Record(Type.String(), Type.String()) })),
  partners: Type.Array(
    Type.Object({
      organisationId: Type.String(),
      name: Type.String(),
      sector: Type.String(),
      raised: Type.Boolean(),
    }),
  ),
  actions: Type.Array(ActionOut),
  measures: Type.Array(MeasureOut),
  assessments: Type.Array(AssessmentOut),
  timeline: Type.Array(
    Type.Object({
      id: Type.String(),
      at: Type.String(),
      kind: Type.String(),
      actorName: NStr,
      details: Type.Record(
        Type.String(),
        Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]),
      ),
    }),
  ),
  reports: Type.Array(
    Type.Object({
      id: Type.String(),
      reference: Type.String(),
      categoryCode: Type.String(),
      status: Type.String(),
      areaCode: Type.String(),
      createdAt: Type.String(),
    }),
  ),
  feedback: FeedbackOut,
  preview: Nullable(ComparisonOut),
  can: Type.Object({
    update: Type.Boolean(),
    rightsCheck: Type.Boolean(),
    assess: Type.Boolean(),
    publish: Type.Boolean(),
  }),
});

export const SuggestOut = Type.Object({
  rule: Type.Object({
    radiusKm: Type.Number(),
    windowDays: Type.Number(),
    minReports: Type.Number(),
    days: Type.Number(),
  }),
  candidates: Type.Array(
    Type.Object({
      categoryCode: Type.String(),
      areaCodes: Type.Array(Type.String()),
      firstSeen: Type.String(),
      lastSeen: Type.String(),
      reports: Type.Array(
        Type.Object({ id: Type.String(), reference: Type.String(), createdAt: Type.String() }),
      ),
    }),
  ),
});

export const LinkedOut = Type.Object({ linked: Type.Number() });
export const OkOut = Type.Object({ ok: Type.Boolean() });

export const PublicOut = Type.Object({
  id: Type.String(),
  title: Type.String(),
  summary: Type.String(),
  status: Type.String(),
  areaCodes: Type.Array(Type.String()),
  progress: NNum,
  actionsTotal: Type.Number(),
  actionsDone: Type.Number(),
  publishedAt: NStr,
  updatedAt: Type.String(),
});
export const PublicListOut = Type.Object({ items: Type.Array(PublicOut) });
