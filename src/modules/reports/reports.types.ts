/** Shared vocabulary of the reports domain: plain types and constants, no I/O. */

/** Text per locale code (`ky`, `ru`, `en`, `uz`, `uz-Latn`, `kk`, `tg`). */
export type LocalText = Record<string, string>;

export const DESKS = ['triage', 'prevention', 'complaints'] as const;
export type Desk = (typeof DESKS)[number];

export const PRIVACY = ['public', 'name_hidden', 'anonymous'] as const;
export type Privacy = (typeof PRIVACY)[number];

export const CHANNELS = [
  'web',
  'api',
  'walk_in',
  'reception',
  'telegram',
  'whatsapp',
  'sms',
  'open311',
] as const;
export type Channel = (typeof CHANNELS)[number];
/** Channels only staff may name (they enter the concern on the resident's behalf). */
export const STAFF_CHANNELS: readonly Channel[] = ['walk_in', 'reception'];

export const QUESTION_TYPES = ['text', 'number', 'choice', 'date'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export interface CategoryQuestion {
  key: string;
  type: QuestionType;
  required: boolean;
  labels: LocalText;
  options?: Array<{ value: string; labels: LocalText }>;
}

export const STATUSES = [
  'new',
  'acknowledged',
  'in_progress',
  'action_scheduled',
  'resolved',
  'closed_duplicate',
  'closed_not_police',
  'closed_no_action',
] as const;
export type Status = (typeof STATUSES)[number];

export const CLOSED_STATUSES: readonly Status[] = [
  'resolved',
  'closed_duplicate',
  'closed_not_police',
  'closed_no_action',
];
export const OPEN_STATUSES: readonly Status[] = ['new', 'acknowledged', 'in_progress', 'action_scheduled'];

/**
 * The lifecycle. Reopening is a move from a closed status back to `in_progress`. `closed_duplicate`
 * is reached only by merging (which names the report it duplicates).
 */
export const TRANSITIONS: Readonly<Record<Status, readonly Status[]>> = {
  new: [
    'acknowledged',
    'in_progress',
    'action_scheduled',
    'resolved',
    'closed_not_police',
    'closed_no_action',
  ],
  acknowledged: ['in_progress', 'action_scheduled', 'resolved', 'closed_not_police', 'closed_no_action'],
  in_progress: ['action_scheduled', 'resolved', 'closed_not_police', 'closed_no_action'],
  action_scheduled: ['in_progress', 'resolved', 'closed_not_police', 'closed_no_action'],
  resolved: ['in_progress'],
  closed_duplicate: ['in_progress'],
  closed_not_police: ['in_progress'],
  closed_no_action: ['in_progress'],
};

export function canTransition(from: string, to: string): boolean {
  return (TRANSITIONS[from as Status] ?? []).includes(to as Status);
}

/** Kinds of thread entries. `message_in`/`info` come from the reporter; `message_out` goes to them. */
export const EVENT_KINDS = [
  'created',
  'status',
  'public_update',
  'note',
  'message_in',
  'message_out',
  'info',
  'assign',
  'merge',
  'problem_link',
  'release',
  'feedback',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];
/** Thread entries that carry the reporter's own words: deleted when the receipt expires. */
export const REPORTER_EVENT_KINDS: readonly EventKind[] = ['message_in', 'message_out', 'info'];

export const FEEDBACK_RESOLVED = ['yes', 'partly', 'no'] as const;
export type FeedbackResolved = (typeof FEEDBACK_RESOLVED)[number];
export const AGREE_SCALE = ['agree_strongly', 'agree', 'neither', 'disagree', 'disagree_strongly'] as const;
/** The procedural-justice items asked after resolution (seed/surveys/item-bank.json `post_contact`). */
export const FEEDBACK_ITEMS = ['pc-voice', 'pc-respect', 'pc-fair', 'pc-informed'] as const;

export interface Contact {
  name?: string;
  phone?: string;
  email?: string;
}
