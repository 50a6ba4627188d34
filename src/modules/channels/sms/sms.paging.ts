/**
 * Paging long lists on SMS, the engine's side: a list too long for one reply (the 34 seeded regions
 * in Cyrillic) is sent a page at a time by the SMS renderer, ending "0 more"; the resident answers
 * "0" for the next page and the number of an item to pick it (numbers count over the whole list,
 * so a number means the same item on every page). The engine keeps the page it last showed.
 */
import type { OutboundMessage } from '../channel.types.ts';
import { smsPageCount } from './sms.render.ts';

/** i18n key of the "0 more" line, in the resident's language. */
export const SMS_MORE_KEY = 'chat.smsMore';
/** What the resident sends for the next page. */
export const SMS_MORE_ANSWER = '0';

/**
 * Whether this SMS asks for the next page: "0" while choices are on offer. Not at a category's own
 * question, where 0 may be the answer ("how many were hurt?").
 */
export function isSmsMoreRequest(
  channel: string,
  text: string | undefined,
  state: { step: string; choices?: unknown[] },
): boolean {
  return (
    channel === 'sms' &&
    text === SMS_MORE_ANSWER &&
    (state.choices?.length ?? 0) > 0 &&
    state.step !== 'question'
  );
}

/** The page after `shown` (after the last comes the first again). */
export function nextSmsPage(prompt: OutboundMessage, shown: number | undefined, moreLabel: string): number {
  const count = smsPageCount(prompt, moreLabel);
  return ((shown ?? 0) + 1) % count;
}
