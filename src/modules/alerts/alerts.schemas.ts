/** TypeBox schemas of the alerts JSON API. */
import { Type, type Static } from '@sinclair/typebox';
import { LOCALES } from '../../shared/i18n.ts';

const ErrorBody = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String(), field: Type.Optional(Type.String()) }),
});
export const errors = { 400: ErrorBody, 401: ErrorBody, 404: ErrorBody, 409: ErrorBody, 429: ErrorBody };

const LocalText = Type.Object(
  {
    title: Type.Optional(Type.String({ maxLength: 200 })),
    body: Type.Optional(Type.String({ maxLength: 3000 })),
  },
  { additionalProperties: false },
);
export const Content = Type.Partial(
  Type.Object(Object.fromEntries(LOCALES.map((l) => [l, LocalText])) as Record<string, typeof LocalText>),
  { additionalProperties: false },
);
const AreaCodes = Type.Array(Type.String({ maxLength: 100 }), { minItems: 1, maxItems: 50 });

export const PublishBody = Type.Object(
  {
    kind: Type.String({ maxLength: 20 }),
    priority: Type.String({ maxLength: 10 }),
    areaCodes: AreaCodes,
    content: Content,
    link: Type.Optional(Type.String({ maxLength: 500 })),
    expiresAt: Type.Optional(Type.String({ maxLength: 40 })),
    sendDate: Type.Optional(
      Type.String({ maxLength: 10, description: 'wall date in TIME_ZONE, YYYY-MM-DD' }),
    ),
    sendTime: Type.Optional(Type.String({ maxLength: 5, description: 'wall time in TIME_ZONE, HH:MM' })),
  },
  { additionalProperties: false },
);
export type PublishBody = Static<typeof PublishBody>;

export const PreviewBody = Type.Object(
  { areaCodes: AreaCodes, content: Content },
  { additionalProperties: false },
);

export const Published = Type.Object({ id: Type.String(), sendAt: Type.String() });
export const PreviewOut = Type.Object({
  missing: Type.Array(Type.String()),
  recipients: Type.Array(Type.Object({ locale: Type.String(), gets: Type.String(), n: Type.Integer() })),
});
const ChannelStats = Type.Object({
  recipients: Type.Integer(),
  held: Type.Integer(),
  sent: Type.Integer(),
  delivered: Type.Integer(),
  read: Type.Integer(),
  failed: Type.Integer(),
});
export const StatsOut = Type.Object({
  id: Type.String(),
  status: Type.String(),
  byChannel: Type.Record(Type.String(), ChannelStats),
  byLanguage: Type.Record(Type.String(), Type.Integer()),
});
export const IdParams = Type.Object({ id: Type.String({ maxLength: 40 }) });
