import { Type, type Static } from '@sinclair/typebox';

const text = (max: number) => Type.Optional(Type.String({ maxLength: max }));

/** Filters as typed: empty strings mean "any"; the service checks ids and dates. */
export const AuditSearchQuery = Type.Object(
  {
    actor: text(64),
    action: text(100),
    subjectType: text(64),
    subjectId: text(100),
    from: text(10),
    to: text(10),
    before: Type.Optional(Type.Integer({ minimum: 1 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
);
export type AuditSearchQuery = Static<typeof AuditSearchQuery>;

export const AuditEntry = Type.Object(
  {
    seq: Type.Integer(),
    id: Type.String(),
    at: Type.String(),
    actorId: Type.Union([Type.String(), Type.Null()]),
    actorRole: Type.Union([Type.String(), Type.Null()]),
    action: Type.String(),
    subjectType: Type.String(),
    subjectId: Type.Union([Type.String(), Type.Null()]),
    /** The entry's small JSON context, exactly as hashed. */
    details: Type.String(),
  },
  { additionalProperties: false },
);
export type AuditEntry = Static<typeof AuditEntry>;

export const AuditPageResponse = Type.Object(
  {
    items: Type.Array(AuditEntry),
    nextBefore: Type.Union([Type.Integer(), Type.Null()]),
  },
  { additionalProperties: false },
);

export const AuditVerifyResponse = Type.Object(
  {
    ok: Type.Boolean(),
    entries: Type.Integer(),
    firstBroken: Type.Optional(
      Type.Object(
        {
          seq: Type.Integer(),
          id: Type.Union([Type.String(), Type.Null()]),
          reason: Type.Union([
            Type.Literal('hash_mismatch'),
            Type.Literal('prev_hash_mismatch'),
            Type.Literal('head_mismatch'),
          ]),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
