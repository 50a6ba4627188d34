/**
 * Sessions live in the database so any process can serve any user. The cookie carries a random
 * token; the table keeps only its hash, so a copied database cannot be replayed as sessions.
 */
import type { Config } from '../../config.ts';
import type { Database } from '../../db/database.ts';
import type { Person, Session } from '../../db/schema.ts';
import { hmacHex, randomToken } from '../../shared/crypto.ts';
import { ANONYMOUS, type Actor } from '../../shared/policy.ts';
import { HOUR, MINUTE, clock, isoIn, nowIso } from '../../shared/time.ts';
import { personRepository, sessionRepository, tokenRepository } from './session.repository.ts';

export interface ResolvedSession {
  session: Session;
  person: Person;
  actor: Actor;
  /** Staff who still owe a second factor: signed in to nothing but the 2FA pages. */
  mfaPending: boolean;
}

/** Don't write last_seen_at on every request: once a minute is precise enough for idle timeouts. */
const TOUCH_EVERY_MS = MINUTE;

export class SessionService {
  constructor(
    private readonly db: Database,
    private readonly config: Config,
  ) {}

  hashToken(raw: string): string {
    return hmacHex(this.config.sessionSecret, 'session', raw);
  }

  hashApiToken(raw: string): string {
    return hmacHex(this.config.sessionSecret, 'api-token', raw);
  }

  needsMfa(person: Person): boolean {
    return (
      person.kind === 'staff' && (this.config.staff2fa === 'required' || person.totp_enabled_at !== null)
    );
  }

  async actorFor(person: Person, via: Actor['via']): Promise<Actor> {
    if (person.kind === 'resident') {
      return { kind: 'resident', personId: person.id, organisationId: null, grants: [], via };
    }
    return {
      kind: 'staff',
      personId: person.id,
      organisationId: person.organisation_id,
      grants: await personRepository.grants(this.db.read, person.id),
      via,
    };
  }

  /** Starts a session (inside the caller's transaction) and returns the raw cookie token. */
  async start(trx: Parameters<Parameters<Database['write']>[0]>[0], person: Person, mfaDone: boolean) {
    const raw = randomToken();
    const now = nowIso();
    const maxMs = person.kind === 'staff' ? this.config.sessionMaxHours * HOUR : 30 * 24 * HOUR;
    await sessionRepository.create(trx, {
      id: this.hashToken(raw),
      person_id: person.id,
      created_at: now,
      last_seen_at: now,
      expires_at: isoIn(maxMs),
      mfa_at: mfaDone ? now : null,
    });
    return raw;
  }

  private idleLimitMs(person: Person): number {
    return person.kind === 'staff' ? this.config.sessionIdleMinutes * MINUTE : 30 * 24 * HOUR;
  }

  async resolve(raw: string | undefined): Promise<ResolvedSession | null> {
    if (!raw || raw.length > 200) return null;
    const id = this.hashToken(raw);
    const session = await sessionRepository.getById(this.db.read, id);
    if (!session) return null;
    const person = await personRepository.getById(this.db.read, session.person_id);
    const now = clock.nowMs();
    const idleFor = now - Date.parse(session.last_seen_at);
    if (
      !person ||
      person.disabled_at ||
      now >= Date.parse(session.expires_at) ||
      idleFor >= this.idleLimitMs(person)
    ) {
      await this.db.write((trx) => sessionRepository.delete(trx, id));
      return null;
    }
    if (idleFor >= TOUCH_EVERY_MS) {
      const at = nowIso();
      await this.db.write((trx) => sessionRepository.touch(trx, id, at));
    }
    const mfaPending = this.needsMfa(person) && !session.mfa_at;
    return {
      session,
      person,
      actor: mfaPending ? ANONYMOUS : await this.actorFor(person, 'session'),
      mfaPending,
    };
  }

  async end(raw: string | undefined): Promise<void> {
    if (!raw) return;
    const id = this.hashToken(raw);
    await this.db.write((trx) => sessionRepository.delete(trx, id));
  }

  /** Personal API token → actor with the person's roles. */
  async resolveApiToken(raw: string): Promise<Actor | null> {
    if (!raw || raw.length > 200) return null;
    const token = await tokenRepository.getActiveByHash(this.db.read, this.hashApiToken(raw), nowIso());
    if (!token) return null;
    const person = await personRepository.getById(this.db.read, token.person_id);
    if (!person || person.disabled_at || person.kind !== 'staff') return null;
    if (!token.last_used_at || clock.nowMs() - Date.parse(token.last_used_at) >= TOUCH_EVERY_MS) {
      const at = nowIso();
      await this.db.write((trx) => tokenRepository.touch(trx, token.id, at));
    }
    return this.actorFor(person, 'token');
  }
}
