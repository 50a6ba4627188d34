/** TypeBox schemas for every geo route: they are the validation and the OpenAPI document. */
import { Type } from '@sinclair/typebox';
import { ID_PATTERN } from '../../shared/ids.ts';

/** `KG`, `KG-B`, `KZ-10`, `KG-B.batken`, `KG-O.kara-suu.papan`. */
export const CODE_PATTERN = '^[A-Z]{2}(-[A-Z0-9]{1,3}(\\.[a-z0-9]+(-[a-z0-9]+)*){0,4})?$';
export const KEY_PATTERN = '^[a-z0-9]+(-[a-z0-9]+)*$';
/** A date, or a UTC date-time. */
export const DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,3})?)?Z)?$';

const Code = Type.String({ pattern: CODE_PATTERN, maxLength: 200 });
const DateText = Type.String({ pattern: DATE_PATTERN, maxLength: 30 });
const Name = Type.String({ minLength: 1, maxLength: 200 });
export const Kind = Type.Union([
  Type.Literal('country'),
  Type.Literal('region'),
  Type.Literal('district'),
  Type.Literal('municipality'),
  Type.Literal('beat'),
]);

export const AreaNamesSchema = Type.Object(
  {
    en: Type.Optional(Name),
    ru: Type.Optional(Name),
    ky: Type.Optional(Name),
    uz: Type.Optional(Name),
    'uz-Latn': Type.Optional(Name),
    kk: Type.Optional(Name),
    tg: Type.Optional(Name),
  },
  { additionalProperties: false },
);

const Centre = Type.Object(
  { lat: Type.Number({ minimum: -90, maximum: 90 }), lon: Type.Number({ minimum: -180, maximum: 180 }) },
  { additionalProperties: false },
);

export const AreaSchema = Type.Object(
  {
    id: Type.String(),
    code: Type.String(),
    countryCode: Type.String(),
    kind: Kind,
    subtype: Type.Union([Type.String(), Type.Null()]),
    parentCode: Type.Union([Type.String(), Type.Null()]),
    path: Type.String(),
    names: AreaNamesSchema,
    centre: Type.Union([Centre, Type.Null()]),
    bbox: Type.Union([
      Type.Object({
        minLat: Type.Number(),
        minLon: Type.Number(),
        maxLat: Type.Number(),
        maxLon: Type.Number(),
      }),
      Type.Null(),
    ]),
    hasBoundary: Type.Boolean(),
    validFrom: Type.String(),
    validTo: Type.Union([Type.String(), Type.Null()]),
    successorCode: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);

export const AreaListQuery = Type.Object(
  {
    country: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$' })),
    kind: Type.Optional(Kind),
    parent: Type.Optional(Code),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    at: Type.Optional(DateText),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
    cursor: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{1,300}$' })),
  },
  { additionalProperties: false },
);

export const AreaListResponse = Type.Object(
  { items: Type.Array(AreaSchema), nextCursor: Type.Union([Type.String(), Type.Null()]) },
  { additionalProperties: false },
);

export const AreaDetailResponse = Type.Object(
  { area: AreaSchema, chain: Type.Array(AreaSchema) },
  { additionalProperties: false },
);

export const HistoryResponse = Type.Object(
  { code: Type.String(), versions: Type.Array(AreaSchema) },
  { additionalProperties: false },
);

export const IdParams = Type.Object(
  { id: Type.String({ pattern: ID_PATTERN }) },
  { additionalProperties: false },
);
export const CodeParams = Type.Object({ code: Code }, { additionalProperties: false });

export const LookupQuery = Type.Object(
  {
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    lon: Type.Number({ minimum: -180, maximum: 180 }),
    at: Type.Optional(DateText),
  },
  { additionalProperties: false },
);

export const LookupResponse = Type.Object(
  {
    area: AreaSchema,
    chain: Type.Array(AreaSchema),
    match: Type.Union([Type.Literal('boundary'), Type.Literal('nearest-centre')]),
    distanceKm: Type.Union([Type.Number(), Type.Null()]),
  },
  { additionalProperties: false },
);

export const BoundaryBody = Type.Object(
  {
    geojson: Type.Union([
      Type.String({ maxLength: 2 * 1024 * 1024 }),
      Type.Object({}, { additionalProperties: true, description: 'a GeoJSON object' }),
    ]),
  },
  { additionalProperties: false },
);

export const RenameBody = Type.Object(
  { names: AreaNamesSchema, effectiveFrom: Type.Optional(DateText) },
  { additionalProperties: false },
);

export const MergeBody = Type.Object(
  {
    codes: Type.Array(Code, { minItems: 1, maxItems: 50 }),
    into: Code,
    effectiveFrom: Type.Optional(DateText),
  },
  { additionalProperties: false },
);

export const CreateBody = Type.Object(
  {
    parentCode: Code,
    key: Type.String({ pattern: KEY_PATTERN, minLength: 1, maxLength: 60 }),
    kind: Type.Union([Type.Literal('municipality'), Type.Literal('beat')]),
    subtype: Type.Optional(Type.String({ pattern: KEY_PATTERN, maxLength: 40 })),
    names: AreaNamesSchema,
    centre: Type.Optional(Centre),
    effectiveFrom: Type.Optional(DateText),
  },
  { additionalProperties: false },
);

/** HTML forms (flat fields, everything a string). */
export const BoundaryForm = Type.Object(
  { _csrf: Type.Optional(Type.String()), geojson: Type.String({ maxLength: 2 * 1024 * 1024 }) },
  { additionalProperties: false },
);
export const RenameForm = Type.Object(
  {
    _csrf: Type.Optional(Type.String()),
    name_en: Type.String({ maxLength: 200 }),
    name_ru: Type.String({ maxLength: 200 }),
    name_ky: Type.String({ maxLength: 200 }),
    effective_from: Type.String({ maxLength: 30 }),
  },
  { additionalProperties: false },
);
