/** Personal API tokens: the raw token is shown once; only its keyed hash is kept. */
import type { Database } from '../../db/database.ts';
import { NotFoundError, ValidationError } from '../../shared/errors.ts';
import { randomToken } from '../../shared/crypto.ts';
import { newId } from '../../shared/ids.ts';
import type { Actor } from '../../shared/policy.ts';
import { clock, nowIso } from '../../shared/time.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { authorizeOrSystem } from './accounts.policy.ts';
import { personRepository, tokenRepository } from './session.repository.ts';
import type { SessionService } from './session.service.ts';

export interface TokenView {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
}

export class TokensService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    private readonly sessions: SessionService,
  ) {}

  async list(actor: Actor, input: { personId: string }): Promise<TokenView[]> {
    authorizeOrSystem(actor, 'list', 'api_token', { personId: input.personId });
    const rows = await tokenRepository.listOf(this.db.read, input.personId);
    return rows.map((t) => ({
      id: t.id,
      name: t.name,
      createdAt: t.created_at,
      lastUsedAt: t.last_used_at,
      expiresAt: t.expires_at,
    }));
  }

  async createToken(
    actor: Actor | null,
    input: { personId: string; name: string; expiresAt?: string | null },
  ): Promise<{ id: string; token: string }> {
    const role = authorizeOrSystem(actor, 'create', 'api_token', { personId: input.personId });
    const name = input.name.trim();
    if (!name || name.length > 100)
      throw new ValidationError('give the token a name (up to 100 characters)', 'name');
    let expiresAt: string | null = null;
    if (input.expiresAt) {
      const ms = Date.parse(input.expiresAt);
      if (!Number.isFinite(ms) || ms <= clock.nowMs())
        throw new ValidationError('the expiry must be a date in the future', 'expiresAt');
      expiresAt = new Date(ms).toISOString();
    }
    const person = await personRepository.getById(this.db.read, input.personId);
    if (!person || person.disabled_at || person.kind !== 'staff') throw new NotFoundError('person');
    const token = randomToken(32);
    const id = newId();
    await this.db.write(async (trx) => {
      await tokenRepository.create(trx, {
        id,
        person_id: person.id,
        name,
        token_hash: this.sessions.hashApiToken(token),
        created_at: nowIso(),
        last_used_at: null,
        expires_at: expiresAt,
        revoked_at: null,
      });
      await this.audit.record(trx, {
        actor,
        role,
        action: 'api_token.create',
        subjectType: 'api_token',
        subjectId: id,
        details: { personId: person.id },
      });
    });
    return { id, token };
  }

  async revoke(actor: Actor | null, input: { id: string }): Promise<void> {
    const row = await tokenRepository.getById(this.db.read, input.id);
    const role = authorizeOrSystem(actor, 'revoke', 'api_token', { personId: row?.person_id ?? '' });
    if (!row) throw new NotFoundError('api_token');
    if (row.revoked_at) return;
    await this.db.write(async (trx) => {
      await tokenRepository.revoke(trx, row.id, nowIso());
      await this.audit.record(trx, {
        actor,
        role,
        action: 'api_token.revoke',
        subjectType: 'api_token',
        subjectId: row.id,
        details: { personId: row.person_id },
      });
    });
  }
}
