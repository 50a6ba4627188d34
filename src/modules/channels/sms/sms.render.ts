/**
 * Turns the engine's message into one SMS: the text, then the choices as a numbered list
 * ("1 Кыргызча"), which the resident answers with the number (the engine maps numbers to choices).
 *
 * Cyrillic goes out as UCS-2 (70 characters in one part, 67 a part when split). Replies are paid by
 * the deployment's SIM, not by the resident, but long ones still arrive late and out of order on
 * old phones, so a reply is held to MAX_SMS_SEGMENTS parts: whole trailing paragraphs go first
 * (the engine puts the essential sentence first and guidance after it), and only if the first
 * paragraph alone is too long is it cut, with an ellipsis. The choices are never cut; a list too
 * long for the budget is shown a page at a time ("0 more"), each page within the budget.
 */
import type { OutboundMessage } from '../channel.types.ts';
import { countSegments } from './sms.segments.ts';

export const MAX_SMS_SEGMENTS = 8;

function squeeze(text: string): string {
  return text
    .replace(/[ \t]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .trim();
}

/** Paragraphs (separated by blank lines), each with its spaces tidied: every character costs. */
function paragraphs(text: string): string[] {
  return text
    .split(/\n[ \t]*\n/)
    .map(squeeze)
    .filter((p) => p !== '');
}

/** A choice's line: its number (counted over the whole list, whatever the page) and its label. */
const choiceLine = (c: { label: string }, i: number) => `${i + 1} ${c.label.replace(/\s+/g, ' ').trim()}`;
/** What a page keeps of the text at least: the start of the question, so the list makes sense. */
const MIN_HEAD_CHARS = 60;

/**
 * Splits the choices into pages that each fit in `maxSegments` parts with the start of the text
 * and a "0 more" line (as WhatsApp pages lists of more than 10 rows). One page when they all fit.
 * Returns the [start, end) index of each page's choices.
 */
export function smsPages(
  msg: OutboundMessage,
  moreLabel: string,
  maxSegments = MAX_SMS_SEGMENTS,
): Array<[number, number]> {
  const choices = msg.choices ?? [];
  const head = [...(paragraphs(msg.text)[0] ?? '')].slice(0, MIN_HEAD_CHARS).join('') + '...';
  const fits = (lines: string[]) => countSegments([head, ...lines].join('\n')).segments <= maxSegments;
  if (fits(choices.map(choiceLine))) return [[0, choices.length]];
  const nav = `0 ${moreLabel}`;
  const pages: Array<[number, number]> = [];
  let start = 0;
  while (start < choices.length) {
    const lines: string[] = [];
    let end = start;
    // At least one choice a page, so the paging always ends.
    while (end < choices.length) {
      const next = [...lines, choiceLine(choices[end]!, end)];
      const rest = end + 1 < choices.length;
      if (lines.length > 0 && !fits(rest ? [...next, nav] : next)) break;
      lines.push(choiceLine(choices[end]!, end));
      end++;
    }
    pages.push([start, end]);
    start = end;
  }
  return pages;
}

/**
 * The SMS text of a message. With `moreLabel`, a list too long for the part budget is paged: the
 * page `msg.page` (counted round: after the last comes the first) shows its choices with their
 * numbers in the whole list and, unless it is the last, "0 <more>"; the engine answers "0" with the
 * next page. Without it, every choice is listed whatever the length.
 */
export function renderSms(msg: OutboundMessage, maxSegments = MAX_SMS_SEGMENTS, moreLabel?: string): string {
  const all = msg.choices ?? [];
  let lines = all.map(choiceLine);
  if (moreLabel && all.length > 0) {
    const pages = smsPages(msg, moreLabel, maxSegments);
    if (pages.length > 1) {
      const index = (Number.isInteger(msg.page) && msg.page! > 0 ? msg.page! : 0) % pages.length;
      const [start, end] = pages[index]!;
      lines = all.slice(start, end).map((c, i) => choiceLine(c, start + i));
      if (index < pages.length - 1) lines.push(`0 ${moreLabel.replace(/\s+/g, ' ').trim()}`);
    }
  }
  return fitText(paragraphs(msg.text), lines, maxSegments);
}

function fitText(paras: string[], lines: string[], maxSegments: number): string {
  const join = (head: string) => (head ? [head, ...lines] : lines).join('\n');
  const fits = (s: string) => countSegments(s).segments <= maxSegments;

  // Keep as many whole paragraphs as fit.
  for (let n = paras.length; n >= 1; n--) {
    const candidate = join(paras.slice(0, n).join('\n'));
    if (fits(candidate)) return candidate;
  }
  // The first paragraph alone is too long: cut it at the longest prefix that fits.
  const chars = [...(paras[0] ?? '')];
  const cut = (n: number) => {
    const kept = chars.slice(0, n).join('').trimEnd();
    // '…' is not in the GSM alphabet: a GSM-7 message keeps its 160 characters with "...".
    return join(kept + (countSegments(join(kept)).encoding === 'GSM-7' ? '...' : '…'));
  };
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(cut(mid))) lo = mid;
    else hi = mid - 1;
  }
  // With very many choices not even a word of the text fits: the choices still go, in more parts.
  return lo > 0 ? cut(lo) : join('');
}

/** How many pages the message's choices take on SMS (1 when they all fit). */
export function smsPageCount(msg: OutboundMessage, moreLabel: string): number {
  return smsPages(msg, moreLabel).length;
}
