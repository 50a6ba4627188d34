import { uuidv7 } from 'uuidv7';

/** Time-ordered UUIDv7 text ids: portable across SQLite and PostgreSQL, index-friendly. */
export function newId(): string {
  return uuidv7();
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export function isId(value: unknown): value is string {
  return typeof value === 'string' && UUID_RE.test(value);
}

/** JSON-schema pattern for ids in route params, so a bad id is a 400 before any query runs. */
export const ID_PATTERN = UUID_RE.source;
