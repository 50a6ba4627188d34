/** Turns a service's refusal into a message next to its field, in the reader's language. */
import { AppError, TooManyRequestsError } from '../../shared/errors.ts';
import type { Translate } from '../../shared/i18n.ts';
import { MINUTE } from '../../shared/time.ts';
import { LoginFailedError } from './auth.service.ts';
import { PASSWORD_MIN } from './passwords.ts';
import type { FieldErrors } from '../../views/form.tsx';

const BY_FIELD: Record<string, string> = {
  'invalid:email': 'resident.account.errors.email',
  'conflict:email': 'resident.account.errors.emailTaken',
  'invalid:phone': 'resident.account.errors.phone',
  'conflict:phone': 'resident.account.errors.phoneTaken',
  'invalid:password': 'resident.account.errors.passwordLength',
  'invalid:displayName': 'resident.account.errors.name',
  'invalid:code': 'resident.account.errors.code',
  'conflict:code': 'resident.account.errors.alreadyOn',
  'invalid:recoveryCode': 'resident.account.errors.recoveryCode',
  'invalid:name': 'admin.errors.name',
  'conflict:name': 'admin.errors.nameTaken',
  'invalid:kind': 'admin.errors.kind',
  'invalid:areaCodes': 'admin.errors.area',
  'invalid:areaCode': 'admin.errors.area',
  'invalid:grants': 'admin.errors.area',
  'invalid:role': 'admin.errors.role',
  'conflict:role': 'admin.errors.roleHeld',
  'invalid:organisationId': 'admin.errors.organisation',
  'invalid:id': 'admin.errors.self',
  'invalid:expiresAt': 'resident.account.errors.expiry',
};

/** Field errors for a form, or null when the error is not about the form (the caller rethrows). */
export function formErrors(t: Translate, err: unknown, fallbackField: string): FieldErrors | null {
  if (err instanceof TooManyRequestsError) {
    const minutes = Math.max(1, Math.ceil((err.retryAfterSeconds * 1000) / MINUTE));
    return { [fallbackField]: t('resident.account.errors.tooMany', { minutes }) };
  }
  if (err instanceof LoginFailedError) return { email: t('resident.account.login.failed') };
  if (err instanceof AppError && err.code === 'own_grants') return { role: t('admin.errors.ownGrants') };
  if (!(err instanceof AppError) || (err.code !== 'invalid' && err.code !== 'conflict')) return null;
  const field = err.field ?? fallbackField;
  const key = BY_FIELD[`${err.code}:${field}`];
  return { [field]: key ? t(key, { min: PASSWORD_MIN }) : t('resident.account.errors.generic') };
}
