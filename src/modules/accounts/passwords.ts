/** argon2id hashing. ~50 ms per call: callers hash/verify before opening a write transaction. */
import { hash, verify } from '@node-rs/argon2';
import { randomToken } from '../../shared/crypto.ts';

// Library defaults are argon2id (m=19 MiB, t=2, p=1), the OWASP baseline.
export async function hashPassword(password: string): Promise<string> {
  return hash(password);
}

let dummy: Promise<string> | null = null;
/** Verifies against a real hash even for unknown accounts, so timing does not reveal who has one. */
export async function verifyPassword(stored: string | null | undefined, password: string): Promise<boolean> {
  dummy ??= hash('not-a-real-password-' + Math.random());
  const target = stored ?? (await dummy);
  try {
    const ok = await verify(target, password);
    return ok && !!stored;
  } catch {
    return false;
  }
}

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;

/** A generated password (CLI, admin reset): 20 URL-safe characters, 120 bits. */
export function generatePassword(): string {
  return randomToken(15);
}
