/** Quiet hours and digest times in the deployment's zone (Asia/Bishkek, UTC+6). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dueAt, inQuietHours, nextLocal } from './alerts.schedule.ts';

const ZONE = 'Asia/Bishkek';

describe('alert timing', () => {
  it('quiet hours wrap midnight', () => {
    // 22:00–07:00 local; 17:00Z is 23:00 in Bishkek, 02:00Z is 08:00.
    expect(inQuietHours(new Date('2026-12-03T17:00:00Z'), ZONE, 22 * 60, 7 * 60)).toBe(true);
    expect(inQuietHours(new Date('2026-12-03T02:00:00Z'), ZONE, 22 * 60, 7 * 60)).toBe(false);
    expect(inQuietHours(new Date('2026-12-03T17:00:00Z'), ZONE, null, null)).toBe(false);
  });

  it('holds a normal alert in quiet hours until they end; urgent goes at once', () => {
    const now = new Date('2026-12-03T17:00:00Z');
    const t = {
      priority: 'normal' as const,
      digest: 'immediate' as const,
      quietStart: 22 * 60,
      quietEnd: 7 * 60,
    };
    expect(dueAt(now, ZONE, t)).toEqual({ held: true, at: new Date('2026-12-04T01:00:00Z') });
    expect(dueAt(now, ZONE, { ...t, priority: 'urgent' })).toEqual({ held: false, at: now });
  });

  it('daily digests at 18:00 local, weekly on Mondays', () => {
    const now = new Date('2026-12-03T05:00:00Z'); // Thursday 11:00 in Bishkek
    const base = { priority: 'low' as const, quietStart: null, quietEnd: null };
    expect(dueAt(now, ZONE, { ...base, digest: 'daily' }).at).toEqual(new Date('2026-12-03T12:00:00Z'));
    expect(dueAt(now, ZONE, { ...base, digest: 'weekly' }).at).toEqual(new Date('2026-12-07T12:00:00Z'));
  });

  it('the next local time is always later, within a week, at that local time', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2020-01-01'), max: new Date('2035-01-01'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 1439 }),
        (at, minute) => {
          const next = nextLocal(at, ZONE, minute);
          expect(next.getTime()).toBeGreaterThan(at.getTime() - 60_000);
          expect(next.getTime() - at.getTime()).toBeLessThanOrEqual(86_400_000);
          const local = new Date(next.getTime() + 6 * 3600_000);
          expect(local.getUTCHours() * 60 + local.getUTCMinutes()).toBe(minute);
        },
      ),
    );
  });
});
