/**
 * TypeBox schemas for the referrals API: bodies reject unknown fields, responses list every field
 * (nothing leaves that is not named here). There is no field for religion, ethnicity, beliefs or
 * political views, in or out.
 */
import { Type, type TSchema } from '@sinclair/typebox';
import { ID_PATTERN } from '../../shared/ids.ts';
import {
  ACTION_STATUSES,
  CHECKLIST_ITEMS,
  CLOSING_OUTCOMES,
  CONSENT_GIVERS,
  CONSENT_METHODS,
  CONSENT_PURPOSES,
  DECISIONS,
  OUTCOMES,
  PROTECTIVE_FACTORS,
  RISK_FACTORS,
  SOURCES,
  STATUSES,
} from './referrals.types.ts';

const lit = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));
const Id = Type.String({ pattern: ID_PATTERN });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Str = (max: number) => Type.String({ maxLength: max });
const AreaCode = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._-]+$' });
const DateStr = Type.String({ maxLength: 10 });
const TimeStr = Type.String({ maxLength: 5 });
const strict = { additionalProperties: false } as const;

export const IdParams = Type.Object({ id: Id });
export const AreaParams = Type.Object({ areaCode: AreaCode });
export const MemberParams = Type.Object({ areaCode: AreaCode, personId: Id });

export const ErrorOut = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String(), field: Type.Optional(Type.String()) }),
});
export const errors = { 400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 409: ErrorOut };

export const ListQuery = Type.Object({ status: Type.Optional(lit(STATUSES)) }, strict);

export const OpenBody = Type.Object(
  {
    source: lit(SOURCES),
    sourceReportId: Type.Optional(Nullable(Id)),
    sourceForumId: Type.Optional(Nullable(Id)),
    areaCode: AreaCode,
    observedDate: DateStr,
    observedTime: TimeStr,
    observedAreaCode: AreaCode,
    behaviour: Str(5000),
    riskFactors: Type.Array(lit(RISK_FACTORS), { maxItems: RISK_FACTORS.length }),
    protectiveFactors: Type.Array(lit(PROTECTIVE_FACTORS), { maxItems: PROTECTIVE_FACTORS.length }),
    riskNotes: Type.Optional(Nullable(Str(2000))),
    protectiveNotes: Type.Optional(Nullable(Str(2000))),
    subjectMinor: Type.Boolean(),
    confirmBehaviour: Type.Optional(Type.Boolean()),
  },
  strict,
);
export const OpenOut = Type.Object({ id: Id, reference: Type.String(), onPanel: Type.Boolean() });

export const CheckBody = Type.Object({ text: Str(10_000) }, strict);
const Warning = Type.Object({
  kind: lit(['religion', 'ethnicity', 'opinion'] as const),
  word: Type.String(),
  index: Type.Integer(),
});
export const CheckOut = Type.Object({ warnings: Type.Array(Warning) });

export const ConsentBody = Type.Object(
  {
    givenBy: lit(CONSENT_GIVERS),
    method: lit(CONSENT_METHODS),
    givenDate: DateStr,
    givenTime: TimeStr,
    purposes: Type.Array(lit(CONSENT_PURPOSES), { maxItems: CONSENT_PURPOSES.length }),
    agencyIds: Type.Array(Id, { maxItems: 20 }),
    consenterName: Str(200),
    relationship: Type.Optional(Nullable(Str(100))),
    subjectName: Str(200),
    subjectContact: Type.Optional(Nullable(Str(300))),
    note: Type.Optional(Nullable(Str(2000))),
  },
  strict,
);
export const WithdrawBody = Type.Object(
  {
    note: Type.Optional(Nullable(Str(2000))),
    legalDutyRole: Type.Optional(Nullable(Str(200))),
    legalDutyBasis: Type.Optional(Nullable(Str(2000))),
  },
  strict,
);
export const WithdrawOut = Type.Object({ closed: Type.Boolean() });
export const ChecklistBody = Type.Object(
  { items: Type.Array(lit(CHECKLIST_ITEMS), { maxItems: CHECKLIST_ITEMS.length }) },
  strict,
);
export const DecisionBody = Type.Object(
  { decision: lit(DECISIONS), rationale: Str(5000), referredTo: Type.Optional(Nullable(Str(300))) },
  strict,
);
export const ActionBody = Type.Object(
  {
    ownerOrganisationId: Id,
    text: Str(2000),
    deadline: DateStr,
    reviewDates: Type.Array(DateStr, { maxItems: 12 }),
  },
  strict,
);
export const ActionUpdateBody = Type.Object(
  { status: lit(ACTION_STATUSES), note: Type.Optional(Nullable(Str(2000))) },
  strict,
);
export const ReviewBody = Type.Object(
  { reviewedOn: DateStr, notes: Str(5000), nextReviewOn: Type.Optional(Nullable(DateStr)) },
  strict,
);
export const CloseBody = Type.Object(
  { outcome: lit(CLOSING_OUTCOMES), supportDelivered: Type.Boolean() },
  strict,
);
export const PanelMemberBody = Type.Object({ personId: Id }, strict);
export const Ok = Type.Object({ ok: Type.Literal(true) });
export const IdOut = Type.Object({ id: Id });

export const SummaryOut = Type.Object({
  id: Id,
  reference: Type.String(),
  status: lit(STATUSES),
  source: lit(SOURCES),
  areaCode: Type.String(),
  consentStatus: Type.String(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export const ListOut = Type.Object({ items: Type.Array(SummaryOut) });

export const ActionOut = Type.Object({
  id: Id,
  ownerOrganisationId: Id,
  ownerOrganisationName: Type.String(),
  text: Type.String(),
  deadline: Type.String(),
  reviewDates: Type.Array(Type.String()),
  status: lit(ACTION_STATUSES),
  note: Nullable(Type.String()),
  updatedAt: Type.String(),
});
export const OwnedActionOut = Type.Composite([
  ActionOut,
  Type.Object({ referralId: Id, reference: Type.String() }),
]);
export const OwnedActionsOut = Type.Object({ items: Type.Array(OwnedActionOut) });

export const DetailOut = Type.Composite([
  SummaryOut,
  Type.Object({
    observedAt: Type.String(),
    observedAreaCode: Type.String(),
    subjectMinor: Type.Boolean(),
    behaviour: Type.String(),
    warnings: Type.Array(Warning),
    riskFactors: Type.Array(Type.String()),
    protectiveFactors: Type.Array(Type.String()),
    riskNotes: Nullable(Type.String()),
    protectiveNotes: Nullable(Type.String()),
    subject: Nullable(Type.Object({ name: Type.String(), contact: Nullable(Type.String()) })),
    consent: Nullable(
      Type.Object({
        givenBy: lit(CONSENT_GIVERS),
        method: lit(CONSENT_METHODS),
        givenAt: Type.String(),
        purposes: Type.Array(Type.String()),
        agencies: Type.Array(Type.Object({ id: Id, name: Type.String() })),
        consenterName: Type.String(),
        relationship: Nullable(Type.String()),
        note: Nullable(Type.String()),
        recordedAt: Type.String(),
        withdrawnAt: Nullable(Type.String()),
        withdrawalNote: Nullable(Type.String()),
      }),
    ),
    legalDuty: Nullable(
      Type.Object({
        role: Type.String(),
        basis: Type.String(),
        at: Type.String(),
        byName: Nullable(Type.String()),
      }),
    ),
    checklist: Nullable(
      Type.Object({ items: Type.Array(Type.String()), byName: Nullable(Type.String()), at: Type.String() }),
    ),
    decision: Nullable(
      Type.Object({
        decision: lit(DECISIONS),
        rationale: Type.String(),
        referredTo: Nullable(Type.String()),
        at: Type.String(),
      }),
    ),
    outcome: Nullable(lit(OUTCOMES)),
    supportDelivered: Nullable(Type.Boolean()),
    closedAt: Nullable(Type.String()),
    actions: Type.Array(ActionOut),
    reviews: Type.Array(
      Type.Object({
        id: Id,
        reviewedOn: Type.String(),
        notes: Type.String(),
        nextReviewOn: Nullable(Type.String()),
      }),
    ),
    can: Type.Object({
      work: Type.Boolean(),
      consent: Type.Boolean(),
      withdraw: Type.Boolean(),
      checklist: Type.Boolean(),
      decide: Type.Boolean(),
      plan: Type.Boolean(),
      close: Type.Boolean(),
    }),
  }),
]);

export const PanelOut = Type.Object({
  items: Type.Array(
    Type.Object({
      personId: Id,
      displayName: Type.String(),
      organisationName: Nullable(Type.String()),
      police: Type.Boolean(),
      addedAt: Type.String(),
    }),
  ),
});

const Count = Nullable(Type.Integer({ minimum: 0 }));
export const StatsOut = Type.Object({
  minimum: Type.Integer(),
  areaCodes: Type.Array(Type.String()),
  outcomes: Type.Array(lit(OUTCOMES)),
  cells: Type.Array(Type.Array(Count)),
  rowTotals: Type.Array(Count),
  columnTotals: Type.Array(Count),
  total: Count,
});
