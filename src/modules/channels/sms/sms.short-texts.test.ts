/**
 * The SMS wording of the bot's long texts fits in two SMS parts in every language (a Cyrillic part
 * holds 70 letters, 67 when split), with a real reference and address filled in, and every short
 * text exists: what `resident.bot.*` says at length on Telegram and WhatsApp.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { LOCALES, LOCALES_DIR } from '../../../shared/i18n.ts';
import { countSegments } from './sms.segments.ts';

const SHORT = ['welcome', 'askPrivacy', 'anonymousWeb', 'created', 'help', 'stopped'];

it.each(LOCALES)(
  'the short SMS texts in %s fit in two parts each and are shorter than the long ones',
  (l) => {
    const bot = JSON.parse(readFileSync(path.join(LOCALES_DIR, `${l}.json`), 'utf8')).resident.bot;
    const fill = (s: string) =>
      s
        .replaceAll('{reference}', 'R-7KQ2-M9XD')
        .replaceAll('{url}', 'https://ishenim.example.kg/report')
        .replaceAll('{channel}', 'SMS');
    for (const key of SHORT) {
      const short = bot.sms?.[key] as string | undefined;
      expect(short, `${l}: resident.bot.sms.${key}`).toBeTruthy();
      const parts = countSegments(fill(short!)).segments;
      expect(parts, `${l} ${key}: ${fill(short!)}`).toBeLessThanOrEqual(2);
      expect(parts).toBeLessThan(countSegments(fill(bot[key] as string)).segments + 1);
      // The short help still names every command the resident may send.
      if (key === 'help') expect(short!.split(',').length).toBeGreaterThanOrEqual(5);
    }
  },
);
