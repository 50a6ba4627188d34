import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  countryOfAreaCode,
  formatInstant,
  isPast,
  localDay,
  timeFormat,
  wallTimeToUtc,
  zoneLabel,
  zoneOfCountry,
  zoneOffsetMinutes,
} from './time-format.ts';
import { clock } from './time.ts';

afterEach(() => clock.reset());

describe('one clock, shown in local time', () => {
  it('shows a UTC instant in Bishkek time, not UTC: 20:30Z is 02:30 the next day', () => {
    const at = '2026-12-01T20:30:00.000Z';
    expect(formatInstant(at, 'en', 'Asia/Bishkek', 'dateTime')).toMatch(/Dec 2, 2026.*2:30\sAM/);
    expect(formatInstant(at, 'ru', 'Asia/Bishkek', 'date')).toBe('2 дек. 2026 г.');
    expect(formatInstant(at, 'en', 'Asia/Dushanbe', 'time')).toMatch(/1:30\sAM/);
  });

  it('names the zone where a time is read across borders', () => {
    const winter = new Date('2026-12-01T00:00:00Z');
    expect(zoneLabel('Asia/Bishkek', winter)).toBe('GMT+6');
    expect(zoneLabel('Asia/Almaty', winter)).toBe('GMT+5');
    expect(zoneLabel('Asia/Dushanbe', winter)).toBe('GMT+5');
    expect(timeFormat('ky', 'Asia/Bishkek').zone()).toBe('GMT+6');
  });

  it('gives each country its zone and falls back to the deployment zone', () => {
    expect(zoneOfCountry('KZ', 'Asia/Bishkek')).toBe('Asia/Almaty');
    expect(zoneOfCountry('tj', 'Asia/Bishkek')).toBe('Asia/Dushanbe');
    expect(zoneOfCountry(null, 'Asia/Bishkek')).toBe('Asia/Bishkek');
    expect(zoneOfCountry('XX', 'Europe/Moscow')).toBe('Europe/Moscow');
    expect(countryOfAreaCode('KG-O.kara-suu')).toBe('KG');
    expect(countryOfAreaCode('KZ')).toBe('KZ');
    expect(countryOfAreaCode('nonsense')).toBeNull();
  });

  it('shows a bare calendar day as that day in every zone (a deadline is not midnight UTC)', () => {
    expect(formatInstant('2026-12-31', 'en', 'Pacific/Kiritimati', 'date')).toBe('Dec 31, 2026');
    expect(formatInstant('2026-12-31', 'en', 'America/Los_Angeles', 'date')).toBe('Dec 31, 2026');
  });

  it('knows what day it is for a person there: 19:00Z on 1 Dec is already 2 Dec in Bishkek', () => {
    const at = new Date('2026-12-01T19:00:00Z');
    expect(localDay('Asia/Bishkek', at)).toBe('2026-12-02');
    expect(localDay('Europe/London', at)).toBe('2026-12-01');
    expect(zoneOffsetMinutes('Asia/Kolkata', at)).toBe(330);
  });

  it('reads a typed wall time in the zone: 18:30 in Bishkek is 12:30Z', () => {
    expect(wallTimeToUtc('2026-12-05', '18:30', 'Asia/Bishkek')).toBe('2026-12-05T12:30:00.000Z');
    expect(wallTimeToUtc('2026-12-05', '00:15', 'Asia/Dushanbe')).toBe('2026-12-04T19:15:00.000Z');
    // Across a daylight-saving change (Europe/Berlin, 29 March 2026 02:00 → 03:00).
    expect(wallTimeToUtc('2026-03-29', '12:00', 'Europe/Berlin')).toBe('2026-03-29T10:00:00.000Z');
    expect(wallTimeToUtc('2026-02-30', '10:00', 'Asia/Bishkek')).toBeNull();
    expect(wallTimeToUtc('2026-12-05', '24:00', 'Asia/Bishkek')).toBeNull();
    expect(wallTimeToUtc('05.12.2026', '10:00', 'Asia/Bishkek')).toBeNull();
  });

  it('round-trips: a wall time read in a zone shows as the same wall time there', () => {
    const zones = ['Asia/Bishkek', 'Asia/Almaty', 'Asia/Dushanbe', 'Europe/Berlin', 'America/New_York'];
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('2000-01-01T00:00:00Z'),
          max: new Date('2099-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        fc.constantFrom(...zones),
        (day, h, m, zone) => {
          const date = day.toISOString().slice(0, 10);
          const time = `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
          const utc = wallTimeToUtc(date, time, zone);
          expect(utc).not.toBeNull();
          const back = new Date(new Date(utc!).getTime() + zoneOffsetMinutes(zone, new Date(utc!)) * 60_000);
          // A wall time that does not exist (skipped by a spring-forward) may move by the gap; others are exact.
          const drift = Math.abs(back.getTime() - Date.parse(`${date}T${time}:00Z`));
          expect(drift === 0 || drift === 3_600_000).toBe(true);
        },
      ),
    );
  });

  it('says whether a moment is past by the one clock, so tense follows time', () => {
    clock.set('2026-12-02T10:00:00Z');
    expect(isPast('2026-12-02T09:59:59Z')).toBe(true);
    expect(isPast('2026-12-02T10:00:01Z')).toBe(false);
    expect(isPast('junk')).toBe(false);
  });

  it('answers junk with an empty string, never "Invalid Date"', () => {
    expect(formatInstant('not a date', 'ky', 'Asia/Bishkek')).toBe('');
  });
});
