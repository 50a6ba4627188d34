/**
 * How many SMS parts a text costs (3GPP TS 23.038 / 23.040).
 *
 * A text that fits the GSM 7-bit default alphabet (plus its extension table, whose characters take
 * two septets) is sent as GSM-7: 160 septets in one message, 153 per part when concatenated (the
 * user-data header takes 7). Anything else — Cyrillic included, so every Kyrgyz, Russian, Kazakh,
 * Tajik or Cyrillic-Uzbek reply — is sent as UCS-2: 70 UTF-16 code units in one message, 67 per part.
 * Phones never split an escape sequence or a surrogate pair across parts, so neither do we.
 */

/** The GSM 03.38 default alphabet (one septet each). */
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** The extension table: sent as ESC + char, two septets each. */
const GSM_EXTENDED = '\f^{}\\[~]|€';

const BASIC = new Set([...GSM_BASIC].filter((c) => c !== '\u001b'));
const EXTENDED = new Set(GSM_EXTENDED);

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SegmentCount {
  encoding: SmsEncoding;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2) the text takes. */
  units: number;
  /** Number of SMS parts (0 for the empty text). */
  segments: number;
  /** Units one part holds for this text: 160/153 (GSM-7) or 70/67 (UCS-2). */
  perSegment: number;
  /** Units still free in the last part before another part is needed. */
  remaining: number;
}

export const GSM_SINGLE = 160;
export const GSM_MULTI = 153;
export const UCS2_SINGLE = 70;
export const UCS2_MULTI = 67;

/** True when every character of the text is in the GSM-7 alphabet or its extension table. */
export function isGsm7(text: string): boolean {
  for (const ch of text) if (!BASIC.has(ch) && !EXTENDED.has(ch)) return false;
  return true;
}

/** The size in units of each indivisible piece of the text (a character, escape pair or surrogate pair). */
function pieces(text: string, encoding: SmsEncoding): number[] {
  const out: number[] = [];
  for (const ch of text) {
    if (encoding === 'GSM-7') out.push(EXTENDED.has(ch) ? 2 : 1);
    else out.push(ch.length); // 1 for BMP characters, 2 for a surrogate pair (emoji and the like)
  }
  return out;
}

/** Packs pieces into parts of `size` units without splitting a piece; returns the parts and the fill of the last. */
function pack(sizes: number[], size: number): { parts: number; last: number } {
  let parts = 1;
  let fill = 0;
  for (const s of sizes) {
    if (fill + s > size) {
      parts++;
      fill = 0;
    }
    fill += s;
  }
  return { parts, last: fill };
}

export function countSegments(text: string): SegmentCount {
  const encoding: SmsEncoding = isGsm7(text) ? 'GSM-7' : 'UCS-2';
  const single = encoding === 'GSM-7' ? GSM_SINGLE : UCS2_SINGLE;
  const multi = encoding === 'GSM-7' ? GSM_MULTI : UCS2_MULTI;
  const sizes = pieces(text, encoding);
  const units = sizes.reduce((a, b) => a + b, 0);
  if (units === 0) return { encoding, units, segments: 0, perSegment: single, remaining: single };
  if (units <= single) return { encoding, units, segments: 1, perSegment: single, remaining: single - units };
  const { parts, last } = pack(sizes, multi);
  return { encoding, units, segments: parts, perSegment: multi, remaining: multi - last };
}

/**
 * The longest prefix of `text` (whole characters) that fits in `maxSegments` parts, with `ellipsis`
 * appended when something had to go ("..." for GSM-7 texts, "…" otherwise). Used as the last guard before a reply leaves as SMS.
 */
export function fitSegments(text: string, maxSegments: number, ellipsis?: string): string {
  if (maxSegments < 1) return '';
  // '…' is not in the GSM alphabet: it would turn a GSM-7 text into UCS-2 and halve its room.
  ellipsis ??= isGsm7(text) ? '...' : '…';
  if (countSegments(text).segments <= maxSegments) return text;
  const chars = [...text];
  // Binary search on the number of characters kept (segments grow monotonically with the prefix).
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    const candidate = chars.slice(0, mid).join('').trimEnd() + ellipsis;
    if (countSegments(candidate).segments <= maxSegments) lo = mid;
    else hi = mid - 1;
  }
  const kept = chars.slice(0, lo).join('').trimEnd();
  return kept ? kept + ellipsis : countSegments(ellipsis).segments <= maxSegments ? ellipsis : '';
}
