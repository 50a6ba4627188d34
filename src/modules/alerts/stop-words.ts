/**
 * Recognises an SMS (or chat) reply that asks to stop alerts. Only a message that is nothing but a
 * stop word — in any case, with spaces or punctuation around it, optionally followed by "all" — is a
 * stop: "STOP", "stop!", " Стоп ", "токтот", "STOP ALL". A message that merely contains the word
 * ("stopwatch", "bus stop near school", "не стоп") is not: a resident reporting something must never
 * be unsubscribed by accident.
 */
const STOP_WORDS = new Set([
  'stop',
  'unsubscribe',
  'cancel',
  'end',
  'quit',
  'стоп',
  'отписаться',
  'отписка',
  'токтот',
  'токтотуу',
  'тоқта',
  'тоқтату',
  'тўхта',
  'toxta',
  'to‘xta',
]);

/** Whether the whole message is a request to stop. */
export function isStopMessage(text: unknown): boolean {
  if (typeof text !== 'string' || text.length > 60) return false;
  const words = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
  if (words.length === 0 || words.length > 2) return false;
  const [first, second] = words;
  if (!STOP_WORDS.has(first!)) return false;
  return second === undefined || ['all', 'все', 'баары', 'барлығы', 'ҳама', 'hammasi'].includes(second);
}
