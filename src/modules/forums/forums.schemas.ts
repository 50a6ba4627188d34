/** TypeBox schemas for the forums API: bodies reject unknown fields, responses list every field. */
import { Type, type Static } from '@sinclair/typebox';
import { ID_PATTERN } from '../../shared/ids.ts';
import { LOCALES } from '../../shared/i18n.ts';
import {
  COMMITMENT_STATUSES,
  FORUM_KINDS,
  MEETING_MODES,
  MEETING_STATUSES,
  MEMBER_ROLES,
  PARTNERSHIP_STATUSES,
  REF_KINDS,
  RSVP_ANSWERS,
  VISIBILITIES,
} from './forums.types.ts';

const lit = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));
const Id = Type.String({ pattern: ID_PATTERN });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Str = (max: number) => Type.String({ maxLength: max });
const AreaCode = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._-]+$' });
const DateStr = Type.String({ maxLength: 10 });
const Instant = Type.String({ maxLength: 40 });

export const IdParams = Type.Object({ id: Id });
export const MeetingDecisionParams = Type.Object({ id: Id, decisionId: Id });
export const AreaQuery = Type.Object({ areaCode: Type.Optional(AreaCode) }, { additionalProperties: false });

export const ErrorOut = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String(), field: Type.Optional(Type.String()) }),
});
export const errors = { 400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 409: ErrorOut };

// --- partnerships ---
export const CommitmentRecordBody = Type.Object(
  { confirmedOn: DateStr, confirmedBy: Str(200), text: Str(10_000) },
  { additionalProperties: false },
);
export const PartnershipStatusBody = Type.Object(
  { status: lit(PARTNERSHIP_STATUSES), reason: Str(2000) },
  { additionalProperties: false },
);
export const ContactBody = Type.Object(
  {
    contactName: Type.Optional(Nullable(Str(200))),
    phone: Type.Optional(Nullable(Str(40))),
    email: Type.Optional(Nullable(Str(254))),
    languages: Type.Optional(Type.Array(Str(10), { maxItems: 7 })),
  },
  { additionalProperties: false },
);
export const PartnershipOut = Type.Object({
  organisationId: Type.String(),
  organisationName: Type.String(),
  status: Type.String(),
  commitment: Nullable(
    Type.Object({
      confirmedOn: Type.String(),
      confirmedBy: Type.String(),
      text: Type.String(),
      recordedAt: Type.String(),
    }),
  ),
  history: Type.Array(Type.Object({ status: Type.String(), reason: Type.String(), at: Type.String() })),
  contact: Nullable(
    Type.Object({
      contactName: Nullable(Type.String()),
      phone: Nullable(Type.String()),
      email: Nullable(Type.String()),
      languages: Type.Array(Type.String()),
      updatedAt: Type.String(),
    }),
  ),
  canSeeContacts: Type.Boolean(),
  canManage: Type.Boolean(),
});

// --- forums ---
export const ForumCreateBody = Type.Object(
  { name: Str(200), kind: lit(FORUM_KINDS), areaCode: AreaCode, description: Type.Optional(Str(5000)) },
  { additionalProperties: false },
);
export type ForumCreateBody = Static<typeof ForumCreateBody>;
export const ForumOut = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  areaCode: Type.String(),
  description: Type.String(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export const ForumList = Type.Object({ items: Type.Array(ForumOut) });
export const MemberBody = Type.Object(
  {
    personId: Type.Optional(Nullable(Id)),
    displayName: Type.Optional(Nullable(Str(200))),
    organisationId: Type.Optional(Nullable(Id)),
    role: lit(MEMBER_ROLES),
    termStart: DateStr,
    termEnd: Type.Optional(Nullable(DateStr)),
    gender: Type.Optional(Nullable(lit(['woman', 'man', 'other'] as const))),
    ageBand: Type.Optional(Nullable(lit(['under_18', '18_29', '30_44', '45_59', '60_plus'] as const))),
  },
  { additionalProperties: false },
);
export const MemberOut = Type.Object({
  id: Type.String(),
  personId: Nullable(Type.String()),
  displayName: Type.String(),
  organisationId: Nullable(Type.String()),
  organisationName: Nullable(Type.String()),
  role: Type.String(),
  termStart: Type.String(),
  termEnd: Nullable(Type.String()),
  current: Type.Boolean(),
});
const Cell = Type.Object({ key: Type.String(), count: Nullable(Type.Integer()) });
export const CompositionOut = Type.Object({
  total: Type.Integer(),
  minCell: Type.Integer(),
  byOrganisationKind: Type.Array(Cell),
  byGender: Type.Array(Cell),
  byAgeBand: Type.Array(Cell),
});
export const MeetingSummaryOut = Type.Object({
  id: Type.String(),
  forumId: Type.String(),
  title: Type.String(),
  startsAt: Type.String(),
  endsAt: Type.String(),
  mode: Type.String(),
  place: Type.String(),
  visibility: Type.String(),
  status: Type.String(),
});
export const CommitmentOut = Type.Object({
  id: Type.String(),
  forumId: Type.String(),
  forumName: Nullable(Type.String()),
  meetingId: Type.String(),
  decisionId: Type.String(),
  text: Type.String(),
  ownerPersonId: Nullable(Type.String()),
  ownerOrganisationId: Nullable(Type.String()),
  ownerName: Nullable(Type.String()),
  deadline: Type.String(),
  status: Type.String(),
  doneAt: Nullable(Type.String()),
});
export const CommitmentList = Type.Object({ items: Type.Array(CommitmentOut) });
export const ForumDetailOut = Type.Object({
  forum: ForumOut,
  members: Type.Array(MemberOut),
  composition: CompositionOut,
  meetings: Type.Array(MeetingSummaryOut),
  openCommitments: Type.Array(CommitmentOut),
  canManage: Type.Boolean(),
  canManageMeetings: Type.Boolean(),
});

// --- meetings ---
const AgendaIn = Type.Object(
  {
    title: Str(300),
    refKind: Type.Optional(Nullable(lit(REF_KINDS))),
    refId: Type.Optional(Nullable(Str(64))),
  },
  { additionalProperties: false },
);
export const MeetingCreateBody = Type.Object(
  {
    title: Str(200),
    startsAt: Instant,
    endsAt: Instant,
    mode: lit(MEETING_MODES),
    place: Str(500),
    onlineUrl: Type.Optional(Nullable(Str(500))),
    visibility: lit(VISIBILITIES),
    agenda: Type.Optional(Type.Array(AgendaIn, { maxItems: 50 })),
    invitedMemberIds: Type.Optional(Nullable(Type.Array(Id, { maxItems: 500 }))),
  },
  { additionalProperties: false },
);
export type MeetingCreateBody = Static<typeof MeetingCreateBody>;
export const MeetingUpdateBody = Type.Object(
  {
    minutes: Type.Optional(Str(50_000)),
    publicSummary: Type.Optional(Str(10_000)),
    status: Type.Optional(lit(MEETING_STATUSES)),
  },
  { additionalProperties: false },
);
export const AgendaItemBody = AgendaIn;
export const AttendanceBody = Type.Object(
  {
    attendedMemberIds: Type.Array(Id, { maxItems: 500 }),
    residentsCount: Type.Integer({ minimum: 0, maximum: 100_000 }),
  },
  { additionalProperties: false },
);
const CommitmentIn = Type.Object(
  {
    ownerPersonId: Type.Optional(Nullable(Id)),
    ownerOrganisationId: Type.Optional(Nullable(Id)),
    deadline: DateStr,
  },
  { additionalProperties: false },
);
export const DecisionBody = Type.Object(
  { text: Str(5000), commitment: Type.Optional(Nullable(CommitmentIn)) },
  { additionalProperties: false },
);
export const CommitBody = CommitmentIn;
export const CommitmentUpdateBody = Type.Object(
  { status: lit(COMMITMENT_STATUSES) },
  { additionalProperties: false },
);
export const AgendaItemOut = Type.Object({
  id: Type.String(),
  position: Type.Integer(),
  title: Type.String(),
  refKind: Nullable(Type.String()),
  refId: Nullable(Type.String()),
  commitmentId: Nullable(Type.String()),
});
export const DecisionOut = Type.Object({
  id: Type.String(),
  position: Type.Integer(),
  text: Type.String(),
  commitment: Nullable(CommitmentOut),
});
export const MeetingDetailOut = Type.Object({
  meeting: Type.Object({
    ...MeetingSummaryOut.properties,
    onlineUrl: Nullable(Type.String()),
    residentsCount: Type.Integer(),
    minutes: Type.String(),
    publicSummary: Type.String(),
  }),
  forum: ForumOut,
  agenda: Type.Array(AgendaItemOut),
  participants: Type.Array(
    Type.Object({
      memberId: Type.String(),
      displayName: Type.String(),
      organisationName: Nullable(Type.String()),
      role: Type.String(),
      invited: Type.Boolean(),
      attended: Type.Boolean(),
      rsvp: Nullable(lit(RSVP_ANSWERS)),
    }),
  ),
  decisions: Type.Array(DecisionOut),
  summaries: Type.Array(Type.Object({ locale: Type.String(), text: Type.String() })),
  owners: Type.Array(Type.Object({ value: Type.String(), label: Type.String() })),
  canManage: Type.Boolean(),
});
export const PublicMeetingOut = Type.Object({
  id: Type.String(),
  forumName: Type.String(),
  areaCode: Type.String(),
  title: Type.String(),
  startsAt: Type.String(),
  endsAt: Type.String(),
  mode: Type.String(),
  place: Type.String(),
  status: Type.String(),
  residentsCount: Nullable(Type.Integer()),
  agenda: Type.Array(Type.String()),
  decisions: Type.Array(Type.String()),
  /** The summary as first written (language not recorded); `summaries` holds it per language. */
  summary: Type.String(),
  summaries: Type.Array(Type.Object({ locale: Type.String(), text: Type.String() })),
});
export const SummaryParams = Type.Object({ id: Id, locale: lit(LOCALES) });
export const SummaryBody = Type.Object({ text: Str(10_000) }, { additionalProperties: false });
export const InvitationsBody = Type.Object(
  { memberIds: Type.Array(Id, { maxItems: 500 }) },
  { additionalProperties: false },
);
export const RsvpBody = Type.Object({ answer: lit(RSVP_ANSWERS) }, { additionalProperties: false });
export const InvitationList = Type.Object({
  items: Type.Array(
    Type.Object({
      meetingId: Type.String(),
      title: Type.String(),
      forumName: Type.String(),
      startsAt: Type.String(),
      endsAt: Type.String(),
      place: Type.String(),
      mode: Type.String(),
      status: Type.String(),
      rsvp: Nullable(lit(RSVP_ANSWERS)),
    }),
  ),
});
export const MaterialOut = Type.Object({
  id: Type.String(),
  title: Type.String(),
  fileName: Type.String(),
  mime: Type.String(),
  bytes: Type.Integer(),
  isPublic: Type.Boolean(),
  createdAt: Type.String(),
});
export const MaterialList = Type.Object({ items: Type.Array(MaterialOut) });
export const PublicMeetingList = Type.Object({
  items: Type.Array(
    Type.Object({ ...MeetingSummaryOut.properties, forumName: Type.String(), areaCode: Type.String() }),
  ),
});
export const Ok = Type.Object({ ok: Type.Literal(true) });

// --- receptions ---
export const ReceptionCreateBody = Type.Object(
  {
    areaCode: AreaCode,
    van: Str(100),
    place: Str(500),
    startsAt: Instant,
    endsAt: Instant,
    officers: Type.Array(Str(200), { minItems: 1, maxItems: 20 }),
    notice: Type.Optional(Nullable(Str(2000))),
  },
  { additionalProperties: false },
);
export const ReceptionLogBody = Type.Object(
  {
    status: lit(['scheduled', 'held', 'cancelled'] as const),
    peopleReceived: Type.Integer({ minimum: 0, maximum: 10_000 }),
  },
  { additionalProperties: false },
);
export const ReceptionConcernBody = Type.Object(
  {
    category: Str(64),
    description: Str(5000),
    privacy: lit(['public', 'name_hidden', 'anonymous'] as const),
    contact: Type.Optional(
      Type.Object(
        { name: Type.Optional(Str(200)), phone: Type.Optional(Str(40)), email: Type.Optional(Str(254)) },
        { additionalProperties: false },
      ),
    ),
    locale: Type.Optional(Str(10)),
  },
  { additionalProperties: false },
);
const ReceptionFields = {
  id: Type.String(),
  areaCode: Type.String(),
  van: Type.String(),
  place: Type.String(),
  startsAt: Type.String(),
  endsAt: Type.String(),
  officers: Type.Array(Type.String()),
  notice: Type.String(),
  status: Type.String(),
};
export const ReceptionOut = Type.Object({ ...ReceptionFields, peopleReceived: Type.Integer() });
export const ReceptionList = Type.Object({ items: Type.Array(ReceptionOut) });
export const PublicReceptionList = Type.Object({ items: Type.Array(Type.Object(ReceptionFields)) });
export const ReceptionDetailOut = Type.Object({
  reception: ReceptionOut,
  concerns: Type.Array(
    Type.Object({
      id: Type.String(),
      reference: Type.String(),
      category: Type.String(),
      privacy: Type.String(),
      status: Type.String(),
    }),
  ),
});
export const ConcernOut = Type.Object({
  id: Type.String(),
  reference: Type.String(),
  receipt: Type.Optional(Type.String()),
});

// --- trainings and workshops ---
const Country = lit(['KG', 'KZ', 'TJ', 'UZ', 'TM', 'AF', 'RU', 'CN', 'OTHER'] as const);
const PartyIn = Type.Object({ name: Str(200), country: Country }, { additionalProperties: false });
const PartyOut = Type.Object({ name: Type.String(), country: Type.String() });
export const TrainingCreateBody = Type.Object(
  {
    title: Str(200),
    areaCode: AreaCode,
    place: Str(500),
    startsOn: DateStr,
    endsOn: DateStr,
    seatLimit: Type.Integer({ minimum: 1, maximum: 2000 }),
    organisers: Type.Array(PartyIn, { minItems: 1, maxItems: 30 }),
    partners: Type.Optional(Type.Array(PartyIn, { maxItems: 30 })),
    description: Type.Optional(Nullable(Str(5000))),
    sessions: Type.Optional(
      Type.Array(
        Type.Object(
          {
            day: DateStr,
            time: Str(5),
            title: Str(300),
            speakers: Type.Optional(Type.Array(Str(200), { maxItems: 20 })),
          },
          { additionalProperties: false },
        ),
        { maxItems: 100 },
      ),
    ),
  },
  { additionalProperties: false },
);
export const TrainingOut = Type.Object({
  id: Type.String(),
  title: Type.String(),
  areaCode: Type.String(),
  place: Type.String(),
  startsOn: Type.String(),
  endsOn: Type.String(),
  seatLimit: Type.Integer(),
  seatsTaken: Type.Integer(),
  organisers: Type.Array(PartyOut),
  partners: Type.Array(PartyOut),
  description: Type.String(),
});
export const TrainingList = Type.Object({ items: Type.Array(TrainingOut) });
export const RegistrationOut = Type.Object({
  id: Type.String(),
  fullName: Type.String(),
  organisationName: Type.String(),
  country: Type.String(),
  status: Type.String(),
  daysAttended: Type.Array(Type.String()),
});
export const TrainingDetailOut = Type.Object({
  event: TrainingOut,
  sessions: Type.Array(
    Type.Object({
      day: Type.String(),
      time: Type.String(),
      title: Type.String(),
      speakers: Type.Array(Type.String()),
    }),
  ),
  participants: Nullable(Type.Array(RegistrationOut)),
  days: Type.Array(Type.String()),
  canManage: Type.Boolean(),
  /** The caller's own request for a seat, if any. */
  mine: Nullable(RegistrationOut),
  /** Whether the caller has answered the evaluation. */
  evaluated: Type.Boolean(),
});
export const RegisterBody = Type.Object(
  { fullName: Str(200), organisationName: Str(200), country: Country },
  { additionalProperties: false },
);
export const DecideParams = Type.Object({ id: Id, registrationId: Id });
export const DecideBody = Type.Object(
  { decision: lit(['approved', 'rejected'] as const) },
  { additionalProperties: false },
);
export const TrainingAttendanceBody = Type.Object(
  { day: DateStr, registrationIds: Type.Array(Id, { maxItems: 2000 }) },
  { additionalProperties: false },
);
const Score = Type.Integer({ minimum: 1, maximum: 5 });
export const EvaluationBody = Type.Object(
  {
    relevance: Score,
    quality: Score,
    organisation: Score,
    willApply: Type.Boolean(),
    comment: Type.Optional(Str(2000)),
  },
  { additionalProperties: false },
);
export const EvaluationSummaryOut = Type.Object({
  responses: Type.Integer(),
  means: Type.Object({
    relevance: Nullable(Type.Number()),
    quality: Nullable(Type.Number()),
    organisation: Nullable(Type.Number()),
  }),
  distribution: Type.Object({
    relevance: Type.Array(Type.Integer()),
    quality: Type.Array(Type.Integer()),
    organisation: Type.Array(Type.Integer()),
  }),
  willApply: Type.Integer(),
  comments: Type.Array(Type.String()),
});
