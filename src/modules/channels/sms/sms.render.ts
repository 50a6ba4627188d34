/**
 * Turns the engine's message into one SMS: the text, then the choices as a numbered list
 * ("1 Кыргызча"), which the resident answers with the number (the engine maps numbers to choices).
 *
 * Cyrillic goes out as UCS-2 (70 characters in one part, 67 a part when split). Replies are paid by
 * the deployment's SIM, not by the resident, but long ones still arrive late and out of order on
 * old phones, so a reply is held to MAX_SMS_SEGMENTS parts: whole trailing paragraphs go first
 * (the engine puts the essential sentence first and guidance after it), and only if the first
 * paragraph alone is too long is it cut, with an ellipsis. The choices are never cut.
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

export function renderSms(msg: OutboundMessage, maxSegments = MAX_SMS_SEGMENTS): string {
  const paras = paragraphs(msg.text);
  const lines = (msg.choices ?? []).map((c, i) => `${i + 1} ${c.label.replace(/\s+/g, ' ').trim()}`);
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
