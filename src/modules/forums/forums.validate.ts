/** Parsers shared by the forums services: each refusal names its field. */
import { ValidationError } from '../../shared/errors.ts';
import { isId } from '../../shared/ids.ts';

export function requiredText(value: unknown, field: string, max: number): string {
  const v = typeof value === 'string' ? value.trim() : '';
  if (!v) throw new ValidationError(`${field} must not be empty`, field);
  if (v.length > max) throw new ValidationError(`${field} must be at most ${max} characters`, field);
  return v;
}

export function optionalText(value: unknown, field: string, max: number): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new ValidationError(`${field} must be text`, field);
  const v = value.trim();
  if (v.length > max) throw new ValidationError(`${field} must be at most ${max} characters`, field);
  return v || null;
}

export function oneOf<T extends string>(value: unknown, allowed: readonly T[], field: string): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new ValidationError(`${field} must be one of ${allowed.join(', ')}`, field);
}

export function optionalOneOf<T extends string>(
  value: unknown,
  allowed: readonly T[],
  field: string,
): T | null {
  if (value === undefined || value === null || value === '') return null;
  return oneOf(value, allowed, field);
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
/** A calendar date YYYY-MM-DD that exists. */
export function date(value: unknown, field: string): string {
  if (typeof value === 'string' && DATE_RE.test(value)) {
    const d = new Date(`${value}T00:00:00Z`);
    if (!Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value) return value;
  }
  throw new ValidationError(`${field} must be a date like 2026-12-05`, field);
}

const INSTANT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
/** An instant with an explicit zone (Z or ±hh:mm), returned as ISO-8601 UTC. */
export function instant(value: unknown, field: string): string {
  if (typeof value === 'string' && INSTANT_RE.test(value)) {
    const ms = Date.parse(value);
    const year = Number(value.slice(0, 4));
    if (!Number.isNaN(ms) && year >= 2000 && year <= 2100) return new Date(ms).toISOString();
  }
  throw new ValidationError(
    `${field} must be a date and time with a zone, like 2026-12-05T10:00+06:00`,
    field,
  );
}

export function optionalId(value: unknown, field: string): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (!isId(value)) throw new ValidationError(`${field} must be an id`, field);
  return value;
}

export function count(value: unknown, field: string, max = 100_000): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max) return value;
  throw new ValidationError(`${field} must be a whole number from 0 to ${max}`, field);
}
