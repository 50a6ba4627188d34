/**
 * When a held alert goes out: after the subscriber's quiet hours, or with their daily / weekly digest.
 * Quiet hours and digest times are wall times in the deployment's zone (TIME_ZONE), read through
 * time-format.ts; stored instants stay UTC. Urgent alerts never wait.
 */
import { zoneOffsetMinutes } from '../../shared/time-format.ts';

/** Local hour the daily and weekly digests go out (weekly: on Mondays). */
export const DIGEST_HOUR = 18;

function localMinutes(at: Date, zone: string): { minutes: number; offset: number; weekday: number } {
  const offset = zoneOffsetMinutes(zone, at);
  const local = new Date(at.getTime() + offset * 60_000);
  return { minutes: local.getUTCHours() * 60 + local.getUTCMinutes(), offset, weekday: local.getUTCDay() };
}

/** Whether `at` falls in quiet hours [start, end) (minutes after local midnight; may wrap midnight). */
export function inQuietHours(at: Date, zone: string, start: number | null, end: number | null): boolean {
  if (start === null || end === null || start === end) return false;
  const { minutes } = localMinutes(at, zone);
  return start < end ? minutes >= start && minutes < end : minutes >= start || minutes < end;
}

/** The next instant after `at` whose local time of day is `minuteOfDay` (on a given weekday, if set). */
export function nextLocal(at: Date, zone: string, minuteOfDay: number, weekday?: number): Date {
  const { minutes, offset, weekday: today } = localMinutes(at, zone);
  let days = minutes < minuteOfDay ? 0 : 1;
  if (weekday !== undefined) {
    days = (weekday - today + 7) % 7;
    if (days === 0 && minutes >= minuteOfDay) days = 7;
  }
  const localMidnight =
    at.getTime() + offset * 60_000 - minutes * 60_000 - (at.getUTCSeconds() * 1000 + at.getUTCMilliseconds());
  const local = localMidnight + days * 86_400_000 + minuteOfDay * 60_000;
  // Back to UTC with the offset of that day (zones may shift in between).
  return new Date(local - zoneOffsetMinutes(zone, new Date(local - offset * 60_000)) * 60_000);
}

export interface Timing {
  priority: 'urgent' | 'normal' | 'low';
  digest: 'immediate' | 'daily' | 'weekly';
  quietStart: number | null;
  quietEnd: number | null;
}

/** When this subscriber should get this alert: now, or later (held). */
export function dueAt(now: Date, zone: string, t: Timing): { held: boolean; at: Date } {
  if (t.priority === 'urgent') return { held: false, at: now };
  let at = now;
  if (t.digest === 'daily') at = nextLocal(now, zone, DIGEST_HOUR * 60);
  else if (t.digest === 'weekly') at = nextLocal(now, zone, DIGEST_HOUR * 60, 1);
  if (inQuietHours(at, zone, t.quietStart, t.quietEnd)) at = nextLocal(at, zone, t.quietEnd!);
  return { held: at.getTime() > now.getTime(), at };
}
