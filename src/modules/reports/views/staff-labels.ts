/** Literal message keys for the codes the staff pages show (the unused-key test finds them here). */
import type { Translate } from '../../../shared/i18n.ts';
import type { Channel, EventKind, Privacy, Status } from '../reports.types.ts';
import type { TimeFormat } from '../../../shared/time-format.ts';

export const STAFF_STATUS_KEYS: Readonly<Record<Status, string>> = {
  new: 'reports.status.new',
  acknowledged: 'reports.status.acknowledged',
  in_progress: 'reports.status.in_progress',
  action_scheduled: 'reports.status.action_scheduled',
  resolved: 'reports.status.resolved',
  closed_duplicate: 'reports.status.closed_duplicate',
  closed_not_police: 'reports.status.closed_not_police',
  closed_no_action: 'reports.status.closed_no_action',
};

export const PRIVACY_KEYS: Readonly<Record<Privacy, string>> = {
  public: 'reports.privacy.public',
  name_hidden: 'reports.privacy.name_hidden',
  anonymous: 'reports.privacy.anonymous',
};

/** What each privacy choice means, in words an officer can read aloud to the resident. */
export const PRIVACY_EXPLAIN_KEYS: Readonly<Record<Privacy, string>> = {
  public: 'reports.walkIn.explain.public',
  name_hidden: 'reports.walkIn.explain.name_hidden',
  anonymous: 'reports.walkIn.explain.anonymous',
};

export const CHANNEL_KEYS: Readonly<Record<Channel, string>> = {
  web: 'reports.channel.web',
  api: 'reports.channel.api',
  walk_in: 'reports.channel.walk_in',
  reception: 'reports.channel.reception',
  telegram: 'reports.channel.telegram',
  whatsapp: 'reports.channel.whatsapp',
  sms: 'reports.channel.sms',
  open311: 'reports.channel.open311',
};

export const EVENT_KEYS: Readonly<Record<EventKind, string>> = {
  created: 'reports.event.created',
  status: 'reports.event.status',
  public_update: 'reports.event.public_update',
  note: 'reports.event.note',
  message_in: 'reports.event.message_in',
  message_out: 'reports.event.message_out',
  info: 'reports.event.info',
  assign: 'reports.event.assign',
  merge: 'reports.event.merge',
  problem_link: 'reports.event.problem_link',
  release: 'reports.event.release',
  feedback: 'reports.event.feedback',
};

export const VISIBILITY_KEYS: Readonly<Record<'public' | 'reporter' | 'internal', string>> = {
  public: 'reports.visibility.public',
  reporter: 'reports.visibility.reporter',
  internal: 'reports.visibility.internal',
};

export const SORT_KEYS = {
  newest: 'reports.queue.sort.newest',
  oldest: 'reports.queue.sort.oldest',
  updated: 'reports.queue.sort.updated',
} as const;

export const ASSIGNED_KEYS = {
  '': 'reports.queue.assigned.all',
  me: 'reports.queue.assigned.me',
  none: 'reports.queue.assigned.none',
  any: 'reports.queue.assigned.any',
} as const;

function pick(map: Readonly<Record<string, string>>, code: string, t: Translate): string {
  const key = map[code];
  return key ? t(key) : code;
}

export const statusName = (t: Translate, s: string) => pick(STAFF_STATUS_KEYS, s, t);
export const privacyName = (t: Translate, p: string) => pick(PRIVACY_KEYS, p, t);
export const channelName = (t: Translate, c: string) => pick(CHANNEL_KEYS, c, t);
export const eventName = (t: Translate, k: string) => pick(EVENT_KEYS, k, t);

/** A localised name from a `{ locale: text }` map: the reader's language, else Russian, else English. */
export function localName(
  names: Record<string, string> | undefined,
  locale: string,
  fallback: string,
): string {
  return names?.[locale] ?? names?.ru ?? names?.en ?? fallback;
}

/** "3 d 4 h", "2 h 5 min", "40 min" — short and language-neutral enough via messages. */
export function duration(t: Translate, seconds: number): string {
  const minutes = Math.max(0, Math.round(seconds / 60));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) return t('reports.duration.daysHours', { days, hours });
  if (hours > 0) return t('reports.duration.hoursMinutes', { hours, minutes: mins });
  return t('reports.duration.minutes', { minutes: mins });
}

/** A stored instant as staff read it: date and time in the deployment's zone, in their language. */
export function when(iso: string | null | undefined, time: TimeFormat): string {
  return iso ? time.dateTime(iso) : '';
}
