/** TypeBox schemas for the reports API: requests and responses. */
import { Type, type TSchema } from '@sinclair/typebox';
import { ID_PATTERN } from '../../shared/ids.ts';
import { CATEGORY_CODE_PATTERN, QUESTION_KEY_PATTERN } from './categories.service.ts';
import { REFERENCE_PATTERN } from './receipts.ts';
import {
  AGREE_SCALE,
  CHANNELS,
  DESKS,
  FEEDBACK_RESOLVED,
  PRIVACY,
  QUESTION_TYPES,
  STATUSES,
} from './reports.types.ts';

const strict = { additionalProperties: false };
const literals = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));
const Nullable = <T extends TSchema>(s: T) => Type.Union([s, Type.Null()]);

export const Id = Type.String({ pattern: ID_PATTERN });
export const IdParams = Type.Object({ id: Id }, strict);
export const PhotoParams = Type.Object({ id: Id, photoId: Id }, strict);
export const CodeParams = Type.Object(
  { code: Type.String({ pattern: CATEGORY_CODE_PATTERN, maxLength: 60 }) },
  strict,
);

export const Privacy = literals(PRIVACY);
export const Status = literals(STATUSES);
const AreaCode = Type.String({ minLength: 2, maxLength: 80 });
const Answers = Type.Record(
  Type.String({ pattern: QUESTION_KEY_PATTERN }),
  Type.Union([Type.String({ maxLength: 1000 }), Type.Number()]),
  { maxProperties: 20 },
);
export const ContactSchema = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 200 })),
    phone: Type.Optional(Type.String({ maxLength: 40 })),
    email: Type.Optional(Type.String({ maxLength: 200 })),
  },
  strict,
);

export const ReportCreateBody = Type.Object(
  {
    description: Type.String({ minLength: 1, maxLength: 4000 }),
    category: Type.String({ minLength: 1, maxLength: 60 }),
    privacy: Privacy,
    location: Type.Union([
      Type.Object(
        {
          lat: Type.Number({ minimum: -90, maximum: 90 }),
          lon: Type.Number({ minimum: -180, maximum: 180 }),
        },
        strict,
      ),
      Type.Object({ area: AreaCode }, strict),
    ]),
    occurred_at: Type.Optional(Type.String({ maxLength: 40 })),
    address: Type.Optional(Type.String({ maxLength: 500 })),
    contact: Type.Optional(ContactSchema),
    answers: Type.Optional(Answers),
    channel: Type.Optional(literals(CHANNELS)),
  },
  strict,
);

/** The same fields flat, as multipart form fields (files go in `photos`, handled separately). */
export const ReportCreateForm = Type.Object(
  {
    description: Type.String({ minLength: 1, maxLength: 4000 }),
    category: Type.String({ minLength: 1, maxLength: 60 }),
    privacy: Privacy,
    lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
    lon: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
    area: Type.Optional(AreaCode),
    occurred_at: Type.Optional(Type.String({ maxLength: 40 })),
    address: Type.Optional(Type.String({ maxLength: 500 })),
    contact_name: Type.Optional(Type.String({ maxLength: 200 })),
    contact_phone: Type.Optional(Type.String({ maxLength: 40 })),
    contact_email: Type.Optional(Type.String({ maxLength: 200 })),
    /** JSON object of answers to the category's extra questions. */
    answers: Type.Optional(Type.String({ maxLength: 20000 })),
    channel: Type.Optional(literals(CHANNELS)),
  },
  strict,
);

export const ReportCreated = Type.Object(
  {
    id: Id,
    reference: Type.String({ pattern: REFERENCE_PATTERN }),
    status: Status,
    receipt: Type.Optional(Type.String({ description: 'anonymous reports only: shown once, keep it' })),
  },
  strict,
);

export const QueueQuery = Type.Object(
  {
    status: Type.Optional(Type.Array(Status, { maxItems: 8 })),
    category: Type.Optional(Type.String({ maxLength: 60 })),
    area: Type.Optional(AreaCode),
    privacy: Type.Optional(Privacy),
    older_than_days: Type.Optional(Type.Integer({ minimum: 0, maximum: 3650 })),
    newer_than_days: Type.Optional(Type.Integer({ minimum: 0, maximum: 3650 })),
    assigned: Type.Optional(literals(['me', 'none', 'any'])),
    held: Type.Optional(Type.Boolean()),
    sort: Type.Optional(literals(['newest', 'oldest', 'updated'])),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
  },
  strict,
);

const NullableString = Nullable(Type.String());
const NullableInt = Nullable(Type.Integer());

export const ReportSummary = Type.Object(
  {
    id: Id,
    reference: Type.String(),
    category: Type.String(),
    status: Type.String(),
    privacy: Privacy,
    desk: literals(DESKS),
    area_code: Type.String(),
    held_for_review: Type.Boolean(),
    assigned_person_id: NullableString,
    assigned_organisation_id: NullableString,
    problem_id: NullableString,
    created_at: Type.String(),
    updated_at: Type.String(),
    acknowledged_at: NullableString,
    resolved_at: NullableString,
    time_to_ack_seconds: NullableInt,
    time_to_resolve_seconds: NullableInt,
    excerpt: Type.Optional(Type.String()),
  },
  strict,
);

export const QueueResponse = Type.Object(
  {
    view: literals(['work', 'analyst']),
    items: Type.Array(ReportSummary),
    counts: Type.Record(Type.String(), Type.Integer()),
  },
  strict,
);

export const EventSchema = Type.Object(
  {
    id: Id,
    kind: Type.String(),
    visibility: literals(['public', 'reporter', 'internal']),
    from_status: NullableString,
    to_status: NullableString,
    reason: NullableString,
    body: NullableString,
    details: Nullable(Type.Record(Type.String(), Type.Unknown())),
    actor_person_id: NullableString,
    created_at: Type.String(),
  },
  strict,
);

export const PhotoSchema = Type.Object(
  {
    id: Id,
    mime: Type.String(),
    width: Type.Integer(),
    height: Type.Integer(),
    bytes: Type.Integer(),
    created_at: Type.String(),
  },
  strict,
);

const NullableNumber = Nullable(Type.Number());
export const ReportDetailResponse = Type.Object(
  {
    ...ReportSummary.properties,
    description: Type.String(),
    lat: NullableNumber,
    lon: NullableNumber,
    public_lat: NullableNumber,
    public_lon: NullableNumber,
    address: NullableString,
    occurred_at: NullableString,
    channel: Type.String(),
    answers: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()])),
    duplicate_of: NullableString,
    closed_reason: NullableString,
    referred_to: NullableString,
    reporter_shared: Type.Boolean(),
    can_view_identity: Type.Boolean(),
    personal_data_deleted: Type.Boolean(),
    events: Type.Array(EventSchema),
    photos: Type.Array(PhotoSchema),
  },
  strict,
);

export const IdentityResponse = Type.Object(
  {
    contact: Nullable(ContactSchema),
    account: Nullable(
      Type.Object(
        { id: Id, display_name: Type.String(), email: NullableString, phone: NullableString },
        strict,
      ),
    ),
  },
  strict,
);

export const StatusBody = Type.Object(
  {
    status: Status,
    reason: Type.String({ minLength: 1, maxLength: 2000 }),
    public_note: Type.Optional(Type.String({ maxLength: 2000 })),
    referred_to: Type.Optional(Type.String({ maxLength: 200 })),
  },
  strict,
);
export const BulkStatusBody = Type.Object(
  { ...StatusBody.properties, ids: Type.Array(Id, { minItems: 1, maxItems: 200 }) },
  strict,
);
export const BulkStatusResponse = Type.Object({ updated: Type.Integer() }, strict);

export const AssignBody = Type.Object(
  { person_id: Type.Optional(Nullable(Id)), organisation_id: Type.Optional(Nullable(Id)) },
  strict,
);
export const EntryBody = Type.Object(
  {
    kind: Type.Optional(literals(['note', 'public_update', 'message_out'])),
    body: Type.String({ minLength: 1, maxLength: 4000 }),
  },
  strict,
);
export const EntryCreated = Type.Object({ id: Id }, strict);
export const MergeBody = Type.Object(
  {
    into: Id,
    reason: Type.Optional(Type.String({ maxLength: 2000 })),
    public_note: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  strict,
);
export const ProblemBody = Type.Object({ problem_id: Nullable(Id) }, strict);

const Receipt = Type.String({ minLength: 1, maxLength: 100 });
export const TrackBody = Type.Object({ receipt: Receipt }, strict);
export const TrackMessageBody = Type.Object(
  { receipt: Receipt, text: Type.String({ minLength: 1, maxLength: 4000 }) },
  strict,
);
export const TrackInfoBody = Type.Object(
  { receipt: Receipt, text: Type.String({ minLength: 1, maxLength: 4000 }) },
  strict,
);
export const TrackFeedbackBody = Type.Object(
  {
    receipt: Receipt,
    resolved: literals(FEEDBACK_RESOLVED),
    items: Type.Optional(
      Type.Record(Type.String({ maxLength: 40 }), literals(AGREE_SCALE), { maxProperties: 10 }),
    ),
  },
  strict,
);

const Option = Type.Object({ value: Type.String(), label: Type.String() }, strict);
export const TrackResponse = Type.Object(
  {
    reference: Type.String(),
    category: Type.String(),
    status: Type.String(),
    status_label: Type.String(),
    created_at: Type.String(),
    updated_at: Type.String(),
    photos: Type.Integer(),
    feedback_given: Type.Boolean(),
    can_give_feedback: Type.Boolean(),
    feedback_questions: Type.Array(
      Type.Object({ id: Type.String(), question: Type.String(), options: Type.Array(Option) }, strict),
    ),
    events: Type.Array(
      Type.Object(
        {
          kind: Type.String(),
          at: Type.String(),
          status: NullableString,
          status_label: NullableString,
          body: NullableString,
          from: literals(['you', 'team']),
        },
        strict,
      ),
    ),
  },
  strict,
);
export const Ok = Type.Object({ ok: Type.Literal(true) }, strict);

const LocalTextSchema = Type.Record(Type.String({ maxLength: 10 }), Type.String({ maxLength: 2000 }), {
  maxProperties: 10,
});
export const QuestionSchema = Type.Object(
  {
    key: Type.String({ maxLength: 40 }),
    type: literals(QUESTION_TYPES),
    required: Type.Boolean(),
    labels: LocalTextSchema,
    options: Type.Optional(
      Type.Array(Type.Object({ value: Type.String({ maxLength: 40 }), labels: LocalTextSchema }, strict), {
        maxItems: 30,
      }),
    ),
  },
  strict,
);
export const CategorySchema = Type.Object(
  {
    code: Type.String(),
    group: Type.String(),
    names: LocalTextSchema,
    guidance: LocalTextSchema,
    desk: literals(DESKS),
    sensitive: Type.Boolean(),
    questions: Type.Array(QuestionSchema),
    active: Type.Optional(Type.Boolean()),
    sort: Type.Optional(Type.Integer()),
  },
  strict,
);
export const CategoryListQuery = Type.Object({ include_inactive: Type.Optional(Type.Boolean()) }, strict);
export const CategoryListResponse = Type.Object({ items: Type.Array(CategorySchema) }, strict);
const categoryFields = {
  group: Type.String({ maxLength: 60 }),
  names: LocalTextSchema,
  guidance: Type.Optional(LocalTextSchema),
  desk: literals(DESKS),
  sensitive: Type.Optional(Type.Boolean()),
  questions: Type.Optional(Type.Array(QuestionSchema, { maxItems: 20 })),
  active: Type.Optional(Type.Boolean()),
  sort: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000000 })),
};
export const CategoryCreateBody = Type.Object(
  { code: Type.String({ pattern: CATEGORY_CODE_PATTERN, maxLength: 60 }), ...categoryFields },
  strict,
);
export const CategoryUpdateBody = Type.Partial(Type.Object(categoryFields, strict));

export const TemplateQuery = Type.Object(
  {
    category: Type.Optional(Type.String({ maxLength: 60 })),
    locale: Type.Optional(Type.String({ maxLength: 10 })),
  },
  strict,
);
export const TemplateSchema = Type.Object(
  { id: Id, category: NullableString, locale: Type.String(), title: Type.String(), body: Type.String() },
  strict,
);
export const TemplateListResponse = Type.Object({ items: Type.Array(TemplateSchema) }, strict);
export const TemplateCreateBody = Type.Object(
  {
    category: Type.Optional(Nullable(Type.String({ maxLength: 60 }))),
    locale: Type.String({ maxLength: 10 }),
    title: Type.String({ minLength: 1, maxLength: 200 }),
    body: Type.String({ minLength: 1, maxLength: 4000 }),
  },
  strict,
);

export const SimilarQuery = Type.Object(
  {
    category: Type.String({ maxLength: 60 }),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    lon: Type.Number({ minimum: -180, maximum: 180 }),
  },
  strict,
);
export const PublicReport = Type.Object(
  {
    reference: Type.String(),
    category: Type.String(),
    status: Type.String(),
    status_label: Type.String(),
    area_code: Type.String(),
    public_lat: NullableNumber,
    public_lon: NullableNumber,
    created_at: Type.String(),
    excerpt: Type.String(),
  },
  strict,
);
export const SimilarResponse = Type.Object({ items: Type.Array(PublicReport) }, strict);
