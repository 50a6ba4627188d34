/** Small text helpers shared by the channel adapters. */

/**
 * Masks anything that could be a phone number or chat id (five or more digits, with the usual
 * separators) in a gateway's error text before it is stored for the admin page.
 */
export function maskNumbers(text: string): string {
  return text.replace(/\+?\d[\d\s().-]{3,}\d/g, '•••');
}

/** Cuts at `max` UTF-16 units without leaving half of a surrogate pair (an emoji's half). */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}
