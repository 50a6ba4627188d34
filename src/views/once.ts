/**
 * Each POST once (rule 14): every page form's action carries a fresh one-time key, so a reload or a
 * double click of the same form is recognised by `plugins/once.ts` and does nothing a second time.
 * The key rides in the action's query string, so it works alike for urlencoded and multipart forms.
 */
import { randomBytes } from 'node:crypto';

export const ONCE_PARAM = '_once';
/** 16 random bytes, base64url. */
export const ONCE_PATTERN = /^[A-Za-z0-9_-]{22}$/;

export function newOnceKey(): string {
  return randomBytes(16).toString('base64url');
}

/** `action` with a new one-time key added to its query string. */
export function onceAction(action: string): string {
  const hash = action.indexOf('#');
  const base = hash >= 0 ? action.slice(0, hash) : action;
  const frag = hash >= 0 ? action.slice(hash) : '';
  return `${base}${base.includes('?') ? '&' : '?'}${ONCE_PARAM}=${newOnceKey()}${frag}`;
}
