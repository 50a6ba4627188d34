/**
 * Open311 API keys: issued by administrators to client applications, shown once, stored only as a
 * keyed hash; each key names the services it may submit to and how many requests per hour it may
 * make (counted in the database, so the limit holds across processes). Revoked keys stop at once.
 */
import type { Config } from '../../config.ts';
import type { Database } from '../../db/database.ts';
import type { Open311ApiKey } from '../../db/schema.ts';
import { hmacHex, randomToken } from '../../shared/crypto.ts';
import { AppError, NotFoundError, TooManyRequestsError, ValidationError } from '../../shared/errors.ts';
import { isId, newId } from '../../shared/ids.ts';
import { ANONYMOUS, authorize, isNationalAdmin, type Actor } from '../../shared/policy.ts';
import { HOUR, clock, nowIso } from '../../shared/time.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { ReportCategoriesService } from '../reports/categories.service.ts';
import { OPEN311_API_KEY } from './open311.policy.ts';
import { open311Repository } from './open311.repository.ts';

export const KEY_PREFIX = 'o311_';
const KEY_RE = /^o311_[A-Za-z0-9_-]{32}$/;
export const MAX_RATE_PER_HOUR = 100_000;

export interface KeyView {
  id: string;
  name: string;
  hint: string;
  services: string[];
  ratePerHour: number;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export function keyView(k: Open311ApiKey): KeyView {
  let services: string[] = [];
  try {
    const parsed = JSON.parse(k.services) as unknown;
    if (Array.isArray(parsed)) services = parsed.filter((s): s is string => typeof s === 'string');
  } catch {
    services = [];
  }
  return {
    id: k.id,
    name: k.name,
    hint: k.key_hint,
    services,
    ratePerHour: k.rate_per_hour,
    createdAt: k.created_at,
    lastUsedAt: k.last_used_at,
    revokedAt: k.revoked_at,
  };
}

/** Refused for the key itself: missing, unknown or revoked (GeoReport v2 answers 403). */
export class ApiKeyError extends AppError {
  constructor(message: string) {
    super(403, 'forbidden', message, 'api_key');
  }
}

export class Open311KeysService {
  constructor(
    private readonly db: Database,
    private readonly config: Config,
    private readonly audit: AuditService,
    private readonly categories: ReportCategoriesService,
  ) {}

  private hash(raw: string): string {
    return hmacHex(this.config.sessionSecret, 'open311-api-key', raw);
  }

  async list(actor: Actor): Promise<KeyView[]> {
    authorize(actor, 'list', OPEN311_API_KEY);
    // A key submits to the whole country: a regional administrator sees (and revokes) only their own.
    const national = isNationalAdmin(actor);
    return (await open311Repository.listKeys(this.db.read))
      .filter((k) => national || k.created_by === actor.personId)
      .map(keyView);
  }

  /** Services a key may be limited to: active categories that are not sensitive. */
  async offerableServices(): Promise<string[]> {
    const all = await this.categories.list(ANONYMOUS);
    return all.filter((c) => !c.sensitive).map((c) => c.code);
  }

  /** Issues a key; the raw key is returned once and never stored. */
  async create(
    actor: Actor,
    input: { name: string; services: string[]; ratePerHour: number },
  ): Promise<{ key: string; view: KeyView }> {
    const role = authorize(actor, 'create', OPEN311_API_KEY);
    const name = typeof input.name === 'string' ? input.name.trim() : '';
    if (!name || name.length > 100)
      throw new ValidationError('name the client application (up to 100 characters)', 'name');
    const offered = new Set(await this.offerableServices());
    const services = [...new Set(Array.isArray(input.services) ? input.services : [])];
    if (services.length === 0)
      throw new ValidationError('choose at least one service the key may submit to', 'services');
    for (const s of services)
      if (typeof s !== 'string' || !offered.has(s))
        throw new ValidationError(
          `services: ${String(s).slice(0, 60)} is not a service we offer`,
          'services',
        );
    const rate = input.ratePerHour;
    if (!Number.isInteger(rate) || rate < 1 || rate > MAX_RATE_PER_HOUR)
      throw new ValidationError(
        `rate_per_hour must be a whole number from 1 to ${MAX_RATE_PER_HOUR}`,
        'rate_per_hour',
      );
    const key = `${KEY_PREFIX}${randomToken(24)}`;
    const id = newId();
    const now = nowIso();
    await this.db.write(async (trx) => {
      await open311Repository.createKey(trx, {
        id,
        name,
        key_hash: this.hash(key),
        key_hint: key.slice(0, KEY_PREFIX.length + 4),
        services: JSON.stringify(services.sort()),
        rate_per_hour: rate,
        created_by: actor.personId,
        created_at: now,
        last_used_at: null,
        revoked_at: null,
        revoked_by: null,
      });
      await this.audit.record(trx, {
        actor,
        role,
        action: 'open311.key.create',
        subjectType: OPEN311_API_KEY,
        subjectId: id,
        details: { services, ratePerHour: rate },
      });
    });
    const row = await open311Repository.getKeyById(this.db.read, id);
    return { key, view: keyView(row!) };
  }

  async revoke(actor: Actor, input: { id: string }): Promise<KeyView> {
    const role = authorize(actor, 'revoke', OPEN311_API_KEY);
    if (!isId(input.id)) throw new NotFoundError(OPEN311_API_KEY);
    return this.db.write(async (trx) => {
      const cur = await open311Repository.getKeyById(trx, input.id);
      if (!cur || (!isNationalAdmin(actor) && cur.created_by !== actor.personId))
        throw new NotFoundError(OPEN311_API_KEY);
      if (cur.revoked_at) return keyView(cur);
      const now = nowIso();
      await open311Repository.revokeKey(trx, cur.id, now, actor.personId);
      await this.audit.record(trx, {
        actor,
        role,
        action: 'open311.key.revoke',
        subjectType: OPEN311_API_KEY,
        subjectId: cur.id,
      });
      return keyView({ ...cur, revoked_at: now, revoked_by: actor.personId });
    });
  }

  /**
   * The key behind a raw `api_key`, counted against its hourly rate: 403 when missing, unknown or
   * revoked; 429 (with the wait) when the hour's requests are used up.
   */
  async use(raw: unknown): Promise<KeyView> {
    if (typeof raw !== 'string' || raw === '') throw new ApiKeyError('api_key is required');
    const row = KEY_RE.test(raw)
      ? await open311Repository.getKeyByHash(this.db.read, this.hash(raw))
      : undefined;
    if (!row || row.revoked_at) throw new ApiKeyError('api_key is not valid or has been revoked');
    const nowMs = clock.nowMs();
    const now = new Date(nowMs).toISOString();
    const counted = await this.db.write(async (trx) => {
      const c = await open311Repository.countUse(
        trx,
        `open311:${row.id}`,
        now,
        new Date(nowMs - HOUR).toISOString(),
      );
      if (c.count <= row.rate_per_hour) await open311Repository.touchKey(trx, row.id, now);
      return c;
    });
    if (counted.count > row.rate_per_hour) {
      const waitMs = Math.max(1000, Date.parse(counted.window_start) + HOUR - nowMs);
      throw new TooManyRequestsError(
        `this api_key has used its ${row.rate_per_hour} requests for this hour; try again in ${Math.ceil(waitMs / 60_000)} minutes`,
        Math.ceil(waitMs / 1000),
      );
    }
    return keyView(row);
  }
}
