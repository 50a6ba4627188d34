/**
 * An opaque key per network address for rate limits and throttles, so the address itself is never
 * stored or logged: SHA-256 of a random 32-byte salt followed by the address. The salt lives only in
 * memory and is replaced every UTC day (yesterday's keys cannot be linked to today's, nor reversed
 * after a restart). A salted one-shot hash rather than an HMAC object per request: the salt is secret
 * and fixed-length, so nothing an HMAC adds (length-extension resistance) matters for a counter key,
 * and this runs on every public submission.
 */
import { hash, randomBytes } from 'node:crypto';
import { clock } from '../../shared/time.ts';

const DAY_MS = 86_400_000;
let salt: { day: number; prefix: string } | null = null;

export function clientKey(address: string | undefined): string {
  const day = Math.floor(clock.nowMs() / DAY_MS);
  if (!salt || salt.day !== day) salt = { day, prefix: randomBytes(32).toString('base64') + '\0' };
  return hash('sha256', salt.prefix + (address ?? 'unknown'), 'base64url').slice(0, 22);
}
