/**
 * TypeBox schemas of the Open311 boundary: params, query strings and bodies as GeoReport v2 names
 * them, and JSON responses shaped like the official Open311 JSON Schemas (`shared/data/open311/`).
 */
import { Type, type TSchema } from '@sinclair/typebox';
import { ID_PATTERN } from '../../shared/ids.ts';
import { MAX_DESCRIPTION } from './open311.service.ts';

const str = (max: number) => Type.Optional(Type.String({ maxLength: max }));
const nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const FormatParams = Type.Object({ format: Type.String({ maxLength: 10 }) });
export const ServiceParams = Type.Object({
  service_code: Type.String({ maxLength: 100 }),
  format: Type.String({ maxLength: 10 }),
});
export const RequestParams = Type.Object({
  service_request_id: Type.String({ maxLength: 100 }),
  format: Type.String({ maxLength: 10 }),
});
export const TokenParams = Type.Object({
  token_id: Type.String({ maxLength: 100 }),
  format: Type.String({ maxLength: 10 }),
});

/**
 * Read query strings: the fields we use are checked, anything else (cache busters like `_`, other
 * servers' extensions) is ignored, because clients stop syncing on a 400.
 */
const READ_FIELDS = { jurisdiction_id: str(200), api_key: str(200), locale: str(20) };
export const JurisdictionQuery = Type.Object(READ_FIELDS, { additionalProperties: true });
export const RequestsQuery = Type.Object(
  {
    ...READ_FIELDS,
    service_request_id: str(20_000),
    service_code: str(5000),
    start_date: str(100),
    end_date: str(100),
    status: str(40),
    // Common extensions: paging, radius search (metres), mySociety's extended attributes.
    page: str(20),
    page_size: str(20),
    lat: str(40),
    long: str(40),
    radius: str(40),
    extensions: str(10),
  },
  { additionalProperties: true },
);
export const UpdatesQuery = Type.Object(
  { ...READ_FIELDS, start_date: str(100), end_date: str(100) },
  { additionalProperties: true },
);

/** Write query strings: `api_key` (and `jurisdiction_id`) may come here instead of the body. */
export const WriteQuery = Type.Object(
  { jurisdiction_id: str(200), api_key: str(200) },
  { additionalProperties: true },
);

/** One `media_url` or several (FixMyStreet repeats the field, one per photo). */
const mediaUrls = Type.Optional(
  Type.Union([
    Type.String({ maxLength: 2000 }),
    Type.Array(Type.String({ maxLength: 2000 }), { maxItems: 20 }),
  ]),
);

/** `attribute[code]` fields of a service request (the service definition's questions). */
export const ATTRIBUTE_FIELD = /^attribute\[([a-z][a-z0-9_]{0,39})\]$/;

/** `attribute[…]` on updates: the client's own codes (stored with the update, not checked). */
export const UPDATE_ATTRIBUTE_FIELD = /^attribute\[([A-Za-z0-9_.-]{1,60})\]$/;

export const RequestCreateBody = Type.Object(
  {
    api_key: str(200),
    jurisdiction_id: str(200),
    service_code: str(100),
    lat: str(40),
    long: str(40),
    address_string: str(500),
    address_id: str(100),
    email: str(200),
    device_id: str(200),
    account_id: str(200),
    first_name: str(100),
    last_name: str(100),
    phone: str(40),
    description: str(MAX_DESCRIPTION),
    media_url: mediaUrls,
    public_anonymity_required: str(10),
  },
  {
    additionalProperties: false,
    patternProperties: { [ATTRIBUTE_FIELD.source]: Type.String({ maxLength: 1000 }) },
  },
);

export const UpdateCreateBody = Type.Object(
  {
    api_key: str(200),
    jurisdiction_id: str(200),
    service_request_id: str(100),
    service_code: str(100),
    update_id: str(100),
    status: str(40),
    updated_datetime: str(40),
    description: str(MAX_DESCRIPTION),
    email: str(200),
    first_name: str(100),
    last_name: str(100),
    title: str(100),
    phone: str(40),
    account_id: str(200),
    media_url: mediaUrls,
    public_anonymity_required: str(10),
    // FixMyStreet sends these for some councils: accepted; alerts are the client's own business.
    email_alerts_requested: str(10),
  },
  {
    additionalProperties: false,
    patternProperties: { [UPDATE_ATTRIBUTE_FIELD.source]: Type.String({ maxLength: 1000 }) },
  },
);

// --- responses (JSON) ---------------------------------------------------------------------------

export const Service = Type.Object({
  service_code: Type.String(),
  service_name: Type.String(),
  description: nullable(Type.String()),
  metadata: Type.Boolean(),
  type: Type.Union([Type.Literal('realtime'), Type.Literal('batch'), Type.Literal('blackbox')]),
  keywords: nullable(Type.String()),
  group: nullable(Type.String()),
});
export const ServiceList = Type.Array(Service);

export const ServiceDefinition = Type.Object({
  service_code: Type.String(),
  attributes: Type.Array(
    Type.Object({
      variable: Type.Boolean(),
      code: Type.String(),
      datatype: Type.String(),
      required: Type.Boolean(),
      datatype_description: nullable(Type.String()),
      order: nullable(Type.Integer()),
      description: nullable(Type.String()),
      values: Type.Optional(Type.Array(Type.Object({ key: Type.String(), name: Type.String() }))),
    }),
  ),
});

export const ServiceRequest = Type.Object({
  service_request_id: Type.String(),
  status: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
  status_notes: nullable(Type.String()),
  service_name: nullable(Type.String()),
  service_code: Type.String(),
  description: nullable(Type.String({ maxLength: MAX_DESCRIPTION })),
  agency_responsible: nullable(Type.String()),
  service_notice: nullable(Type.String()),
  requested_datetime: Type.String(),
  updated_datetime: nullable(Type.String()),
  expected_datetime: nullable(Type.String()),
  address: nullable(Type.String()),
  address_id: nullable(Type.String()),
  zipcode: nullable(Type.String()),
  lat: nullable(Type.Number()),
  long: nullable(Type.Number()),
  media_url: nullable(Type.String()),
  /** mySociety's extended attributes, with `extensions=true` only. */
  extended_attributes: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});
export const ServiceRequestList = Type.Array(ServiceRequest);

export const RequestCreated = Type.Array(
  Type.Object({
    service_request_id: Type.String(),
    token: Type.String(),
    service_notice: nullable(Type.String()),
    account_id: nullable(Type.String()),
  }),
);

export const TokenList = Type.Array(
  Type.Object({ service_request_id: nullable(Type.String()), token: Type.String() }),
);

/** A bare array in JSON, as mySociety's open311-adapter answers (XML keeps its root element). */
export const UpdateList = Type.Array(
  Type.Object({
    update_id: Type.String(),
    service_request_id: Type.String(),
    status: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
    updated_datetime: Type.String(),
    description: Type.String(),
    media_url: Type.String(),
  }),
);
export const UpdateCreated = Type.Array(Type.Object({ update_id: Type.String() }));

export const Discovery = Type.Object({
  changeset: Type.String(),
  contact: Type.String(),
  key_service: Type.String(),
  endpoints: Type.Array(
    Type.Object({
      specification: Type.String(),
      url: Type.String(),
      changeset: Type.String(),
      type: Type.String(),
      formats: Type.Array(Type.String()),
    }),
  ),
});

export const Open311Errors = Type.Array(Type.Object({ code: Type.Integer(), description: Type.String() }));

// --- the key administration API -------------------------------------------------------------------

export const KeyIdParams = Type.Object({ id: Type.String({ pattern: ID_PATTERN }) });
export const KeyCreateBody = Type.Object(
  {
    name: Type.String({ maxLength: 200 }),
    services: Type.Array(Type.String({ maxLength: 100 }), { maxItems: 100 }),
    rate_per_hour: Type.Integer({ minimum: 1, maximum: 100_000 }),
  },
  { additionalProperties: false },
);
export const KeyOut = Type.Object({
  id: Type.String(),
  name: Type.String(),
  hint: Type.String(),
  services: Type.Array(Type.String()),
  rate_per_hour: Type.Integer(),
  created_at: Type.String(),
  last_used_at: nullable(Type.String()),
  revoked_at: nullable(Type.String()),
});
export const KeyList = Type.Object({ items: Type.Array(KeyOut) });
export const KeyCreated = Type.Object({ key: Type.String(), item: KeyOut });

/** The admin page's forms (HTML, CSRF token). */
const formText = (max: number) => Type.Optional(Type.String({ maxLength: max }));
export const KeyForm = Type.Object(
  {
    _csrf: formText(200),
    name: formText(200),
    rate_per_hour: formText(20),
    services: Type.Optional(
      Type.Union([
        Type.String({ maxLength: 100 }),
        Type.Array(Type.String({ maxLength: 100 }), { maxItems: 100 }),
      ]),
    ),
  },
  { additionalProperties: false },
);
export const CsrfForm = Type.Object({ _csrf: formText(200) }, { additionalProperties: false });
