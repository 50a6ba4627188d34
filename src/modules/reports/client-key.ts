/**
 * An opaque key per network address for rate limits and throttles, so the address itself is never
 * stored or logged: HMAC-SHA256 of the address under a random salt that lives only in memory and is
 * replaced every UTC day (yesterday's keys cannot be linked to today's, nor reversed after a restart).
 */
import { createHmac, randomBytes } from 'node:crypto';
import { clock } from '../../shared/time.ts';

let salt: { day: string; key: Buffer } | null = null;

export function clientKey(address: string | undefined): string {
  const day = new Date(clock.nowMs()).toISOString().slice(0, 10);
  if (!salt || salt.day !== day) salt = { day, key: randomBytes(32) };
  return createHmac('sha256', salt.key)
    .update(address ?? 'unknown')
    .digest('base64url')
    .slice(0, 22);
}
