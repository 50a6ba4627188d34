/** Parsers for the plans services: each refusal names its field. */
import { ValidationError } from '../../shared/errors.ts';
import { isId } from '../../shared/ids.ts';
import { MAX_AMOUNT } from './plans.types.ts';

export function requiredText(value: unknown, field: string, max: number): string {
  const v = typeof value === 'string' ? value.trim() : '';
  if (!v) throw new ValidationError(`${field} must not be empty`, field);
  if (v.length > max) throw new ValidationError(`${field} must be at most ${max} characters`, field);
  return v;
}

export function optionalText(value: unknown, field: string, max: number): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw new ValidationError(`${field} must be text`, field);
  const v = value.trim();
  if (v.length > max) throw new ValidationError(`${field} must be at most ${max} characters`, field);
  return v;
}

export function oneOf<T extends string>(value: unknown, allowed: readonly T[], field: string): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new ValidationError(`${field} must be one of ${allowed.join(', ')}`, field);
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
/** A calendar date YYYY-MM-DD that exists, between 2000 and 2100. */
export function date(value: unknown, field: string): string {
  if (typeof value === 'string' && DATE_RE.test(value)) {
    const d = new Date(`${value}T00:00:00Z`);
    const y = Number(value.slice(0, 4));
    if (!Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value && y >= 2000 && y <= 2100)
      return value;
  }
  throw new ValidationError(`${field} must be a date like 2026-12-05`, field);
}

export function optionalId(value: unknown, field: string): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (!isId(value)) throw new ValidationError(`${field} must be an id`, field);
  return value;
}

export function ids(value: unknown, field: string, max = 50): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.length > max)
    throw new ValidationError(`${field} must be a list of at most ${max} ids`, field);
  for (const v of value) if (!isId(v)) throw new ValidationError(`${field} must hold only ids`, field);
  return [...new Set(value as string[])];
}

/** A whole amount of money from 0 up to MAX_AMOUNT. */
export function amount(value: unknown, field: string): number {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= MAX_AMOUNT)
    return value;
  throw new ValidationError(`${field} must be a whole amount from 0 to ${MAX_AMOUNT}`, field);
}

export function percent(value: unknown, field: string): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 100) return value;
  throw new ValidationError(`${field} must be a whole number from 0 to 100`, field);
}

/**
 * A number typed into a form: digits with optional spaces, thin spaces or apostrophes as thousands
 * separators ("150 000", "150'000"). Returns undefined for text that is not such a number, so the
 * service names the field.
 */
export function parseAmountInput(raw: string | undefined): number | undefined {
  const v = (raw ?? '').replace(/[\s\u00a0\u202f'’]/g, '');
  if (v === '') return 0;
  if (!/^\d{1,13}$/.test(v)) return undefined;
  return Number(v);
}

/** A list of ids typed or pasted into a form: separated by commas, spaces or new lines. */
export function parseIdList(raw: string | readonly string[] | undefined): string[] {
  // A multiple picker posts the field once per choice; older clients post one separated string.
  return (typeof raw === 'string' ? raw : (raw ?? []).join(' '))
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}
