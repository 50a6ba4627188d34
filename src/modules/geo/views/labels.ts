/** Literal i18n keys for values that come from data (so the unused-key test can see them). */
export const KIND_LABELS = {
  country: 'geo.kind.country',
  region: 'geo.kind.region',
  district: 'geo.kind.district',
  municipality: 'geo.kind.municipality',
  beat: 'geo.kind.beat',
} as const;
