import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeText, foldLine, serializeCalendar, utcStamp } from './icalendar.ts';

/** RFC 5545 unfolding: a CRLF followed by one space or tab is removed. */
const unfold = (s: string) => s.replace(/\r\n[ \t]/g, '');

describe('iCalendar serializer', () => {
  it('escapes backslash, semicolon, comma and newlines in text', () => {
    expect(escapeText('a\\b;c,d\ne\r\nf')).toBe('a\\\\b\\;c\\,d\\ne\\nf');
  });

  it('writes UTC date-times', () => {
    expect(utcStamp('2026-12-05T10:00:00+06:00')).toBe('20261205T040000Z');
    expect(utcStamp('2026-12-05T04:00:00.123Z')).toBe('20261205T040000Z');
    expect(() => utcStamp('not a date')).toThrow(RangeError);
  });

  it('folds at 75 octets without splitting a UTF-8 character', () => {
    const line = 'SUMMARY:' + 'Жыйын '.repeat(30);
    const folded = foldLine(line);
    for (const l of folded.split('\r\n')) expect(Buffer.byteLength(l, 'utf8')).toBeLessThanOrEqual(75);
    expect(
      folded
        .split('\r\n')
        .slice(1)
        .every((l) => l.startsWith(' ')),
    ).toBe(true);
    expect(unfold(folded)).toBe(line);
    expect(folded).not.toContain('\uFFFD');
  });

  it('folding is lossless and bounded for any text (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), (s) => {
        const line = `DESCRIPTION:${escapeText(s)}`;
        const folded = foldLine(line);
        expect(unfold(folded)).toBe(line);
        for (const l of folded.split('\r\n')) expect(Buffer.byteLength(l, 'utf8')).toBeLessThanOrEqual(75);
      }),
      { numRuns: 200 },
    );
  });

  it('builds a calendar with one VEVENT per meeting and CRLF endings', () => {
    const ics = serializeCalendar({
      prodId: '-//Ishenim//Forums//EN',
      name: 'Public meetings',
      events: [
        {
          uid: 'abc@ishenim',
          stamp: '2026-11-28T12:00:00Z',
          start: '2026-12-05T10:00:00+06:00',
          end: '2026-12-05T12:00:00+06:00',
          summary: 'Meeting; agenda, items',
          location: 'Kara-Suu, school №3',
          url: 'http://localhost/forums/meetings/abc',
          status: 'CONFIRMED',
        },
      ],
    });
    expect(ics.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics).not.toMatch(/[^\r]\n/);
    const lines = unfold(ics).split('\r\n');
    expect(lines).toContain('UID:abc@ishenim');
    expect(lines).toContain('DTSTAMP:20261128T120000Z');
    expect(lines).toContain('DTSTART:20261205T040000Z');
    expect(lines).toContain('DTEND:20261205T060000Z');
    expect(lines).toContain('SUMMARY:Meeting\\; agenda\\, items');
    expect(lines).toContain('LOCATION:Kara-Suu\\, school №3');
    expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(1);
  });
});
