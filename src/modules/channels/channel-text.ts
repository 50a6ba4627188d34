/** Small text helpers shared by the WhatsApp and SMS adapters. */

/**
 * Masks anything that could be a phone number or chat id (five or more digits, with the usual
 * separators) in a gateway's error text before it is stored for the admin page.
 */
export function maskNumbers(text: string): string {
  return text.replace(/\+?\d[\d\s().-]{3,}\d/g, '•••');
}
