/**
 * Signing in and out: password check with throttling, TOTP enrolment and second factor, resident
 * self sign-up, and one's own sessions. A new session token is issued at every step up (login, 2FA),
 * so a token seen before sign-in is worthless after it.
 */
import { randomBytes } from 'node:crypto';
import { authenticator } from 'otplib';
import QRCode from 'qrcode';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/database.ts';
import type { Person } from '../../db/schema.ts';
import { ConflictError, UnauthenticatedError, ValidationError } from '../../shared/errors.ts';
import { decryptField, encryptField, hmacHex } from '../../shared/crypto.ts';
import { newId } from '../../shared/ids.ts';
import { authorize, type Actor } from '../../shared/policy.ts';
import { nowIso } from '../../shared/time.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { clientKey } from '../reports/client-key.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { peopleRepository } from './people.repository.ts';
import { personRepository, sessionRepository } from './session.repository.ts';
import type { ResolvedSession, SessionService } from './session.service.ts';
import {
  LOGIN_ACCOUNT_LIMIT,
  LOGIN_ADDRESS_LIMIT,
  MFA_LIMIT,
  REGISTER_ADDRESS_LIMIT,
  type Limit,
  type ThrottleService,
} from './throttle.service.ts';
import { checkPassword, normaliseEmail } from './users.service.ts';

const totp = authenticator.clone({ window: 1 });
const TOTP_STEP_SECONDS = 30;

/** The time step a code belongs to (±1 step accepted for clock drift), or null if it is wrong. */
function totpStep(code: string, secret: string): number | null {
  if (!/^[0-9]{6}$/.test(code)) return null;
  const delta = totp.checkDelta(code, secret);
  if (delta === null) return null;
  return Math.floor(Date.now() / 1000 / TOTP_STEP_SECONDS) + delta;
}
export const RECOVERY_CODE_COUNT = 10;
const PHONE_RE = /^\+?[0-9]{7,15}$/;
const CODE_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

export type NextStep = '/staff' | '/account' | '/login/2fa' | '/account/2fa/setup';

export interface SignedIn {
  /** The new session cookie value. */
  token: string;
  next: NextStep;
}

export class LoginFailedError extends ValidationError {
  constructor() {
    super('the email or password is not right', 'email');
  }
}

function recoveryCode(): string {
  const bytes = randomBytes(10);
  const chars = [...bytes].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

function normalisePhone(raw: string): string | null {
  const phone = raw.replace(/[\s()-]/g, '');
  return PHONE_RE.test(phone) ? phone : null;
}

export class AuthService {
  constructor(
    private readonly db: Database,
    private readonly config: Config,
    private readonly audit: AuditService,
    private readonly sessions: SessionService,
    private readonly throttle: ThrottleService,
  ) {}

  /**
   * Not an HMAC under the session secret: that is reversed by hashing all 2^32 IPv4 addresses. The
   * report limiter's daily in-memory salt cannot be recomputed from anything stored. (Each process has
   * its own salt, so with N processes an address gets up to N times the limit; still bounded.)
   */
  private addressKey(purpose: string, address: string): string {
    return `${purpose}:ip:${clientKey(address)}`;
  }

  private nextFor(person: Person, mfaDone: boolean): NextStep {
    if (this.sessions.needsMfa(person) && !mfaDone)
      return person.totp_enabled_at ? '/login/2fa' : '/account/2fa/setup';
    return person.kind === 'staff' ? '/staff' : '/account';
  }

  private async findByLogin(login: string): Promise<Person | undefined> {
    const phone = login.includes('@') ? null : normalisePhone(login);
    if (phone) return peopleRepository.getByPhone(this.db.read, phone);
    return personRepository.getByEmail(this.db.read, login);
  }

  /** Password sign-in. Limits apply before the password is looked at, so a right guess is refused too. */
  async login(
    _actor: Actor,
    input: { email: string; password: string; address: string; previousToken?: string },
  ): Promise<SignedIn> {
    const login = input.email.trim().toLowerCase().slice(0, 254);
    const accountKey = `login:acct:${hmacHex(this.config.sessionSecret, 'throttle-account', login)}`;
    const limits: Limit[] = [
      { key: accountKey, ...LOGIN_ACCOUNT_LIMIT },
      { key: this.addressKey('login', input.address), ...LOGIN_ADDRESS_LIMIT },
    ];
    await this.throttle.check(limits);
    const person = login ? await this.findByLogin(login) : undefined;
    const ok = await verifyPassword(person?.password_hash, input.password.slice(0, 1000));
    if (!ok || !person || person.disabled_at) {
      await this.throttle.fail(limits);
      if (person)
        await this.db.write((trx) =>
          this.audit.record(trx, {
            actor: null,
            role: 'anonymous',
            action: 'session.login_failed',
            subjectType: 'person',
            subjectId: person.id,
          }),
        );
      throw new LoginFailedError();
    }
    await this.throttle.clear(accountKey);
    const mfaDone = !this.sessions.needsMfa(person);
    const token = await this.db.write(async (trx) => {
      if (input.previousToken)
        await sessionRepository.delete(trx, this.sessions.hashToken(input.previousToken));
      const raw = await this.sessions.start(trx, person, mfaDone);
      await peopleRepository.update(trx, person.id, { last_login_at: nowIso() });
      await this.audit.record(trx, {
        actor: null,
        role: person.kind,
        action: 'session.login',
        subjectType: 'person',
        subjectId: person.id,
        details: { mfaPending: !mfaDone },
      });
      return raw;
    });
    return { token, next: this.nextFor(person, mfaDone) };
  }

  /** Resident self sign-up: email or phone plus password, no roles. Signs the new account in. */
  async register(
    _actor: Actor,
    input: { email?: string; phone?: string; displayName: string; password: string; address: string },
  ): Promise<SignedIn> {
    const limits = [{ key: this.addressKey('register', input.address), ...REGISTER_ADDRESS_LIMIT }];
    await this.throttle.check(limits);
    const displayName = input.displayName.trim();
    if (!displayName || displayName.length > 120) throw new ValidationError('enter your name', 'displayName');
    const email = input.email?.trim() ? normaliseEmail(input.email) : null;
    let phone: string | null = null;
    if (input.phone?.trim()) {
      phone = normalisePhone(input.phone);
      if (!phone) throw new ValidationError('enter a phone number with 7 to 15 digits', 'phone');
    }
    if (!email && !phone) throw new ValidationError('enter an email address or a phone number', 'email');
    checkPassword(input.password);
    const hash = await hashPassword(input.password);
    await this.throttle.fail(limits); // counts sign-ups, not only failures: slows mass account creation
    const id = newId();
    const now = nowIso();
    const person: Person = {
      id,
      kind: 'resident',
      email,
      phone,
      display_name: displayName,
      password_hash: hash,
      locale: null,
      organisation_id: null,
      totp_secret: null,
      totp_enabled_at: null,
      totp_last_step: null,
      disabled_at: null,
      is_demo: 0,
      last_login_at: now,
      created_at: now,
      updated_at: now,
    };
    const token = await this.db.write(async (trx) => {
      if (email && (await personRepository.getByEmail(trx, email)))
        throw new ConflictError('an account with this email address already exists', 'email');
      if (phone && (await peopleRepository.getByPhone(trx, phone)))
        throw new ConflictError('an account with this phone number already exists', 'phone');
      await peopleRepository.create(trx, person);
      await this.audit.record(trx, {
        actor: null,
        role: 'resident',
        action: 'person.register',
        subjectType: 'person',
        subjectId: id,
      });
      return this.sessions.start(trx, person, true);
    });
    return { token, next: '/account' };
  }

  /** The secret to enrol (created on first visit, kept encrypted until confirmed). */
  async totpSetup(session: ResolvedSession): Promise<{ secret: string; qrDataUrl: string }> {
    const person = await this.enrolling(session);
    let secret: string;
    if (person.totp_secret) secret = decryptField(this.config.sessionSecret, 'totp', person.totp_secret);
    else {
      secret = totp.generateSecret();
      const sealed = encryptField(this.config.sessionSecret, 'totp', secret);
      await this.db.write((trx) => peopleRepository.update(trx, person.id, { totp_secret: sealed }));
    }
    const label = person.email ?? person.display_name;
    const qrDataUrl = await QRCode.toDataURL(totp.keyuri(label, 'Ishenim', secret), { margin: 1 });
    return { secret, qrDataUrl };
  }

  private async enrolling(session: ResolvedSession | null): Promise<Person> {
    if (!session) throw new UnauthenticatedError();
    const person = await personRepository.getById(this.db.read, session.person.id);
    if (!person) throw new UnauthenticatedError();
    if (person.totp_enabled_at) throw new ConflictError('two-step sign-in is already on', 'code');
    return person;
  }

  private mfaLimits(personId: string): Limit[] {
    return [{ key: `mfa:${personId}`, ...MFA_LIMIT }];
  }

  /** Confirms enrolment with a first code; returns the new session and the recovery codes (shown once). */
  async totpConfirm(
    session: ResolvedSession | null,
    input: { code: string; previousToken: string },
  ): Promise<SignedIn & { recoveryCodes: string[] }> {
    const person = await this.enrolling(session);
    const limits = this.mfaLimits(person.id);
    await this.throttle.check(limits);
    const secret = person.totp_secret
      ? decryptField(this.config.sessionSecret, 'totp', person.totp_secret)
      : null;
    const code = input.code.replace(/\s/g, '');
    const step = secret ? totpStep(code, secret) : null;
    if (step === null) {
      await this.throttle.fail(limits);
      throw new ValidationError('the code is not right; check the time on your phone and try again', 'code');
    }
    const recoveryCodes = Array.from({ length: RECOVERY_CODE_COUNT }, recoveryCode);
    const token = await this.db.write(async (trx) => {
      const now = nowIso();
      await peopleRepository.update(trx, person.id, {
        totp_enabled_at: now,
        totp_last_step: step,
        updated_at: now,
      });
      await peopleRepository.replaceRecoveryCodes(
        trx,
        person.id,
        recoveryCodes.map((c) => ({ id: newId(), code_hash: this.hashRecoveryCode(c) })),
      );
      await sessionRepository.delete(trx, this.sessions.hashToken(input.previousToken));
      await this.audit.record(trx, {
        actor: null,
        role: person.kind,
        action: 'person.enable_2fa',
        subjectType: 'person',
        subjectId: person.id,
      });
      return this.sessions.start(trx, person, true);
    });
    await this.throttle.clear(limits[0]!.key);
    return { token, next: person.kind === 'staff' ? '/staff' : '/account', recoveryCodes };
  }

  private hashRecoveryCode(code: string): string {
    return hmacHex(this.config.sessionSecret, 'recovery-code', code.toLowerCase().replace(/[^a-z0-9]/g, ''));
  }

  /** Second step of sign-in: a current TOTP code or one unused recovery code. */
  async secondFactor(
    session: ResolvedSession | null,
    input: { code?: string; recoveryCode?: string; previousToken: string },
  ): Promise<SignedIn> {
    if (!session || !session.mfaPending) throw new UnauthenticatedError();
    const person = await personRepository.getById(this.db.read, session.person.id);
    if (!person?.totp_secret || !person.totp_enabled_at) throw new UnauthenticatedError();
    const limits = this.mfaLimits(person.id);
    await this.throttle.check(limits);
    const code = (input.code ?? '').replace(/\s/g, '');
    const recovery = (input.recoveryCode ?? '').trim();
    if (!code && !recovery) throw new ValidationError('enter the code from your authenticator app', 'code');
    const secret = decryptField(this.config.sessionSecret, 'totp', person.totp_secret);
    const step = code ? totpStep(code, secret) : null;
    const token = await this.db.write(async (trx) => {
      // A right code counts once: the same code replayed within its window is refused.
      const totpOk = step !== null && (await peopleRepository.acceptTotpStep(trx, person.id, step));
      const usedRecovery =
        !totpOk && !!recovery && recovery.length < 100
          ? await peopleRepository.useRecoveryCode(trx, person.id, this.hashRecoveryCode(recovery), nowIso())
          : false;
      if (!totpOk && !usedRecovery) return null;
      await sessionRepository.delete(trx, this.sessions.hashToken(input.previousToken));
      await this.audit.record(trx, {
        actor: null,
        role: person.kind,
        action: usedRecovery ? 'session.mfa_recovery_code' : 'session.mfa',
        subjectType: 'person',
        subjectId: person.id,
      });
      return this.sessions.start(trx, person, true);
    });
    if (!token) {
      await this.throttle.fail(limits);
      throw code
        ? new ValidationError('the code is not right; check the time on your phone and try again', 'code')
        : new ValidationError('this recovery code is not right or was already used', 'recoveryCode');
    }
    await this.throttle.clear(limits[0]!.key);
    return { token, next: this.nextFor(person, true) };
  }

  async logout(_actor: Actor, input: { token?: string }): Promise<void> {
    await this.sessions.end(input.token);
  }

  /** One's own sessions, newest first; `current` marks the one making the request. */
  async listSessions(actor: Actor, input: { token?: string }) {
    authorize(actor, 'read', 'me');
    const currentId = input.token ? this.sessions.hashToken(input.token) : null;
    const rows = await sessionRepository.listOf(this.db.read, actor.personId!);
    return rows.map((s) => ({
      createdAt: s.created_at,
      lastSeenAt: s.last_seen_at,
      current: s.id === currentId,
    }));
  }

  /** "Sign out everywhere": ends every session of the actor, this one included. */
  async revokeAllSessions(actor: Actor, _input: Record<string, never> = {}): Promise<number> {
    const role = authorize(actor, 'revoke_sessions', 'me');
    return this.db.write(async (trx) => {
      const n = await sessionRepository.deleteAllOf(trx, actor.personId!);
      await this.audit.record(trx, {
        actor,
        role,
        action: 'session.revoke_all',
        subjectType: 'person',
        subjectId: actor.personId,
        details: { sessions: n },
      });
      return n;
    });
  }
}
