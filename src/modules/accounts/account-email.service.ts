/**
 * Account e-mails (issue 18): sign-up confirmed by e-mail and password reset by e-mail.
 *
 * Sign-up without account enumeration: the sign-up page answers the same whether or not the address
 * already has an account ("check your e-mail"); the e-mail says what happened — a link to confirm a
 * new account, or "you already have an account: sign in or reset your password". The account is
 * created only when the link is followed, from the pending details sealed in the token row.
 *
 * Password reset: the request page always answers the same; a time-limited single-use link goes only
 * to an existing, enabled account. Using it sets the new password, ends every session, and for staff
 * removes two-step sign-in (secret and recovery codes): whoever holds the mailbox must not inherit the
 * second factor's trust, so staff enrol their authenticator again before they reach any staff page.
 * Both are audited. Tokens are stored only as keyed hashes; using one is a conditional update.
 */
import type { Config } from '../../config.ts';
import type { Database, Trx } from '../../db/database.ts';
import type { Person } from '../../db/schema.ts';
import { ConflictError, ValidationError } from '../../shared/errors.ts';
import { decryptField, encryptField, hmacHex, randomToken } from '../../shared/crypto.ts';
import { newId } from '../../shared/ids.ts';
import type { I18n, Locale } from '../../shared/i18n.ts';
import { HOUR, isoIn, nowIso } from '../../shared/time.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { clientKey } from '../reports/client-key.ts';
import type { EmailService } from '../channels/email/email.service.ts';
import { renderEmail } from '../channels/email/email.render.ts';
import type { OutboxService } from '../channels/outbox.service.ts';
import { hashPassword } from './passwords.ts';
import { peopleRepository } from './people.repository.ts';
import { personRepository, sessionRepository } from './session.repository.ts';
import type { SessionService } from './session.service.ts';
import { REGISTER_ADDRESS_LIMIT, type Limit, type ThrottleService } from './throttle.service.ts';
import { checkPassword, normaliseEmail } from './users.service.ts';
import { MINUTE } from '../../shared/time.ts';

export const VERIFY_TTL_MS = 24 * HOUR;
export const RESET_TTL_MS = 1 * HOUR;
const RESET_ADDRESS_LIMIT = { max: 10, windowMs: 60 * MINUTE };
const RESET_ACCOUNT_LIMIT = { max: 3, windowMs: 60 * MINUTE };
const PHONE_RE = /^\+?[0-9]{7,15}$/;

interface PendingAccount {
  email: string;
  phone: string | null;
  displayName: string;
  passwordHash: string;
  locale: Locale;
}

export class InvalidLinkError extends ValidationError {
  constructor() {
    super('this link is not valid any more: it was used already or it expired', 'token');
  }
}

export class AccountEmailService {
  constructor(
    private readonly db: Database,
    private readonly config: Config,
    private readonly i18n: I18n,
    private readonly audit: AuditService,
    private readonly sessions: SessionService,
    private readonly throttle: ThrottleService,
    private readonly outbox: OutboxService,
    private readonly email: EmailService,
  ) {}

  /** Whether sign-up and reset go by e-mail (SMTP configured). */
  get enabled(): boolean {
    return this.email.enabled;
  }

  private hashToken(token: string): string {
    return hmacHex(this.config.sessionSecret, 'account-email-token', token);
  }

  private link(path: string, token: string): string {
    return `${this.config.publicUrl}${path}?token=${encodeURIComponent(token)}`;
  }

  private static readonly KEYS = {
    signup: [
      'email.signup.subject',
      'email.signup.heading',
      'email.signup.body',
      'email.signup.action',
      'email.signup.ignore',
    ],
    exists: [
      'email.exists.subject',
      'email.exists.heading',
      'email.exists.body',
      'email.exists.action',
      'email.exists.ignore',
    ],
    reset: [
      'email.reset.subject',
      'email.reset.heading',
      'email.reset.body',
      'email.reset.action',
      'email.reset.ignore',
    ],
  } as const;

  private async send(trx: Trx, to: string, locale: Locale, kind: 'signup' | 'exists' | 'reset', url: string) {
    const t = this.i18n.translator(locale);
    const site = new URL(this.config.publicUrl).host;
    const [subject, heading, body, action, ignore] = AccountEmailService.KEYS[kind];
    const message = renderEmail({
      locale,
      subject: t(subject),
      heading: t(heading),
      paragraphs: [t(body, { site })],
      action: { label: t(action), url },
      footer: [t(ignore), t('email.footer.why', { site })],
    });
    await this.outbox.enqueue(trx, {
      channel: 'email',
      address: { plain: to },
      message,
      purpose: 'account',
    });
  }

  private async createToken(
    trx: Trx,
    input: { purpose: 'verify' | 'reset'; personId: string | null; payload: string | null; ttlMs: number },
  ): Promise<string> {
    const token = randomToken();
    await trx
      .insertInto('account_email_token')
      .values({
        id: newId(),
        purpose: input.purpose,
        token_hash: this.hashToken(token),
        person_id: input.personId,
        payload: input.payload,
        expires_at: isoIn(input.ttlMs),
        used_at: null,
        created_at: nowIso(),
      })
      .execute();
    return token;
  }

  /**
   * Takes a token once: a conditional update (unused, unexpired) so two clicks racing use it once.
   * Returns the row, or throws InvalidLinkError.
   */
  private async takeToken(trx: Trx, purpose: 'verify' | 'reset', token: string) {
    if (typeof token !== 'string' || token.length < 20 || token.length > 200) throw new InvalidLinkError();
    const hash = this.hashToken(token);
    const now = nowIso();
    const r = await trx
      .updateTable('account_email_token')
      .set({ used_at: now })
      .where('token_hash', '=', hash)
      .where('purpose', '=', purpose)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw new InvalidLinkError();
    return trx
      .selectFrom('account_email_token')
      .selectAll()
      .where('token_hash', '=', hash)
      .executeTakeFirstOrThrow();
  }

  /** Whether a link is still good (for showing its form; using it is checked again). */
  async linkValid(purpose: 'verify' | 'reset', token: string): Promise<boolean> {
    if (typeof token !== 'string' || token.length < 20 || token.length > 200) return false;
    const row = await this.db.read
      .selectFrom('account_email_token')
      .select('id')
      .where('token_hash', '=', this.hashToken(token))
      .where('purpose', '=', purpose)
      .where('used_at', 'is', null)
      .where('expires_at', '>', nowIso())
      .executeTakeFirst();
    return !!row;
  }

  /**
   * Resident sign-up with an e-mail address: checks the form, then — whatever the address — queues
   * one e-mail and returns nothing. Errors are only about the form itself, never about the address
   * being known. A phone number given too is checked for uniqueness when the link is followed.
   */
  async requestSignUp(input: {
    email: string;
    phone?: string;
    displayName: string;
    password: string;
    address: string;
    locale: Locale;
  }): Promise<void> {
    const limits: Limit[] = [{ key: `register:ip:${clientKey(input.address)}`, ...REGISTER_ADDRESS_LIMIT }];
    await this.throttle.check(limits);
    const displayName = input.displayName.trim();
    if (!displayName || displayName.length > 120) throw new ValidationError('enter your name', 'displayName');
    const email = normaliseEmail(input.email);
    let phone: string | null = null;
    if (input.phone?.trim()) {
      phone = input.phone.replace(/[\s()-]/g, '');
      if (!PHONE_RE.test(phone))
        throw new ValidationError('enter a phone number with 7 to 15 digits', 'phone');
    }
    checkPassword(input.password);
    const passwordHash = await hashPassword(input.password);
    await this.throttle.fail(limits); // counts sign-ups, not only failures
    await this.db.write(async (trx) => {
      const existing = await personRepository.getByEmail(trx, email);
      if (existing) {
        await this.send(
          trx,
          email,
          (existing.locale as Locale | null) ?? input.locale,
          'exists',
          `${this.config.publicUrl}/password/forgot`,
        );
        await this.audit.record(trx, {
          actor: null,
          role: 'anonymous',
          action: 'person.register_existing_email',
          subjectType: 'person',
          subjectId: existing.id,
        });
        return;
      }
      const pending: PendingAccount = { email, phone, displayName, passwordHash, locale: input.locale };
      const payload = encryptField(this.config.sessionSecret, 'pending-account', JSON.stringify(pending));
      const token = await this.createToken(trx, {
        purpose: 'verify',
        personId: null,
        payload,
        ttlMs: VERIFY_TTL_MS,
      });
      await this.send(trx, email, input.locale, 'signup', this.link('/account/verify', token));
    });
  }

  /** Follows a sign-up link: creates the account and signs it in. */
  async confirmSignUp(input: { token: string }): Promise<{ token: string }> {
    return this.db.write(async (trx) => {
      const row = await this.takeToken(trx, 'verify', input.token);
      const pending = JSON.parse(
        decryptField(this.config.sessionSecret, 'pending-account', row.payload ?? ''),
      ) as PendingAccount;
      if (await personRepository.getByEmail(trx, pending.email))
        throw new ConflictError('an account with this email address already exists', 'email');
      if (pending.phone && (await peopleRepository.getByPhone(trx, pending.phone)))
        throw new ConflictError('an account with this phone number already exists', 'phone');
      const now = nowIso();
      const person: Person = {
        id: newId(),
        kind: 'resident',
        email: pending.email,
        phone: pending.phone,
        display_name: pending.displayName,
        password_hash: pending.passwordHash,
        locale: pending.locale,
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
      await peopleRepository.create(trx, person);
      // The pending details are no longer needed once the account exists.
      await trx.updateTable('account_email_token').set({ payload: null }).where('id', '=', row.id).execute();
      await this.email.resume(trx, pending.email);
      await this.audit.record(trx, {
        actor: null,
        role: 'resident',
        action: 'person.register',
        subjectType: 'person',
        subjectId: person.id,
        details: { verified: 'email' },
      });
      return { token: await this.sessions.start(trx, person, true) };
    });
  }

  /** "Forgot my password": always the same answer; a link only to an existing, enabled account. */
  async requestReset(input: { email: string; address: string; locale: Locale }): Promise<void> {
    const login = input.email.trim().toLowerCase().slice(0, 254);
    const limits: Limit[] = [
      { key: `reset:ip:${clientKey(input.address)}`, ...RESET_ADDRESS_LIMIT },
      {
        key: `reset:acct:${hmacHex(this.config.sessionSecret, 'throttle-account', login)}`,
        ...RESET_ACCOUNT_LIMIT,
      },
    ];
    await this.throttle.check(limits);
    const email = normaliseEmail(input.email);
    await this.throttle.fail(limits);
    await this.db.write(async (trx) => {
      const person = await personRepository.getByEmail(trx, email);
      if (!person || person.disabled_at || !person.email) return;
      const token = await this.createToken(trx, {
        purpose: 'reset',
        personId: person.id,
        payload: null,
        ttlMs: RESET_TTL_MS,
      });
      await this.send(
        trx,
        person.email,
        (person.locale as Locale | null) ?? input.locale,
        'reset',
        this.link('/password/reset', token),
      );
      await this.audit.record(trx, {
        actor: null,
        role: 'anonymous',
        action: 'person.password_reset_requested',
        subjectType: 'person',
        subjectId: person.id,
      });
    });
  }

  /** Sets the new password from a reset link. Returns where the person signs in next. */
  async reset(input: { token: string; password: string }): Promise<{ staff: boolean }> {
    checkPassword(input.password);
    const hash = await hashPassword(input.password);
    return this.db.write(async (trx) => {
      const row = await this.takeToken(trx, 'reset', input.token);
      const person = row.person_id ? await personRepository.getById(trx, row.person_id) : undefined;
      if (!person || person.disabled_at) throw new InvalidLinkError();
      const staff = person.kind === 'staff';
      const now = nowIso();
      await peopleRepository.update(trx, person.id, {
        password_hash: hash,
        updated_at: now,
        ...(staff ? { totp_secret: null, totp_enabled_at: null, totp_last_step: null } : {}),
      });
      if (staff) await peopleRepository.replaceRecoveryCodes(trx, person.id, []);
      const sessions = await sessionRepository.deleteAllOf(trx, person.id);
      // Other reset links of this account stop working too.
      await trx
        .updateTable('account_email_token')
        .set({ used_at: now })
        .where('person_id', '=', person.id)
        .where('used_at', 'is', null)
        .execute();
      if (person.email) await this.email.resume(trx, person.email);
      await this.audit.record(trx, {
        actor: null,
        role: person.kind,
        action: 'person.password_reset',
        subjectType: 'person',
        subjectId: person.id,
        details: { sessionsEnded: sessions, twoStepRemoved: staff },
      });
      return { staff };
    });
  }

  /** Retention: used and expired links go after a day. */
  async purge(trx: Trx): Promise<number> {
    const r = await trx
      .deleteFrom('account_email_token')
      .where('expires_at', '<', isoIn(-24 * HOUR))
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
