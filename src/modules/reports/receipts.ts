/**
 * Receipts and references. A receipt is the only key to an anonymous report: 20 random decimal digits
 * (≈ 66 bits), shown once, grouped for reading, stored only as a keyed hash (HMAC, no argon2: the
 * lookup must stay fast and the digits carry enough entropy). A reference is the short public name
 * of a report (Crockford base32) and grants nothing.
 */
import { randomInt } from 'node:crypto';
import { hmacHex } from '../../shared/crypto.ts';

export const RECEIPT_DIGITS = 20;

/** `1234-5678-9012-3456-7890`. */
export function newReceipt(): string {
  let digits = '';
  for (let i = 0; i < RECEIPT_DIGITS; i++) digits += String(randomInt(0, 10));
  return digits.replace(/(\d{4})(?=\d)/g, '$1-');
}

/** The digits of what a person typed (spaces, dashes and dots ignored), or null if it cannot be a receipt. */
export function normaliseReceipt(typed: string): string | null {
  if (typed.length > 100) return null;
  const digits = typed.replace(/[\s\-.]/g, '');
  return new RegExp(`^\\d{${RECEIPT_DIGITS}}$`).test(digits) ? digits : null;
}

export function receiptHash(secret: string, digits: string): string {
  return hmacHex(secret, 'receipt', digits);
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** `R-7K3M-9QXD`: 40 random bits. */
export function newReference(): string {
  let s = '';
  for (let i = 0; i < 8; i++) s += CROCKFORD[randomInt(0, 32)];
  return `R-${s.slice(0, 4)}-${s.slice(4)}`;
}

export const REFERENCE_PATTERN = '^R-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$';
