/** Codes stored by the plans module (labels live in views/labels.ts). */
export const FUNDING_SOURCES = ['local_budget', 'donor', 'in_kind', 'none'] as const;
export type FundingSource = (typeof FUNDING_SOURCES)[number];

export const TASK_STATUSES = ['not_started', 'in_progress', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const PLAN_STATUSES = ['draft', 'approved', 'revision'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

/** The three signatures Law No. 60 asks for. */
export const SEATS = ['police', 'municipality', 'council'] as const;
export type Seat = (typeof SEATS)[number];

export const CURRENCIES = ['KGS', 'KZT', 'TJS'] as const;
export type Currency = (typeof CURRENCIES)[number];

/** Which organisation kinds may fill which seat. */
export const SEAT_ORGANISATION_KINDS: Record<Seat, readonly string[]> = {
  police: ['police_district', 'police_regional'],
  municipality: ['local_government'],
  council: ['local_council'],
};

export function seatForOrganisationKind(kind: string | null | undefined): Seat | null {
  for (const seat of SEATS) if (kind && SEAT_ORGANISATION_KINDS[seat].includes(kind)) return seat;
  return null;
}

/** Currency by country code of the plan's area. */
export function currencyForCountry(countryCode: string): Currency {
  if (countryCode === 'KZ') return 'KZT';
  if (countryCode === 'TJ') return 'TJS';
  return 'KGS';
}

/** A budget or spent amount, in whole units of the plan's currency. */
export const MAX_AMOUNT = 1_000_000_000_000;
