/**
 * Envelope encryption of a referral's sensitive fields (AES-256-GCM throughout):
 * - each referral has its own random 256-bit data key; every sensitive field is sealed with it, with
 *   the referral id and the field name as associated data, so a sealed value copied into another row
 *   or another column fails to open;
 * - the data key is stored only wrapped (encrypted) by a master key from configuration, next to that
 *   key's id, so master keys can rotate: a new active key wraps new data keys, older keys stay
 *   configured until `rewrap` has moved every referral to the active one (README);
 * - deleting a referral deletes its wrapped key, so nothing sealed with it can be opened again, even
 *   from a backup that kept a row of another table.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { Config } from '../../config.ts';

const FIELD_PREFIX = 'e1';
const WRAP_PREFIX = 'w1';
/** The id of the key derived from SESSION_SECRET when no master key is configured. */
export const DERIVED_KEY_ID = 'derived';

export interface MasterKey {
  id: string;
  key: Buffer;
}

function gcmSeal(key: Buffer, aad: string, plain: Buffer, prefix: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return [prefix, iv, cipher.getAuthTag(), body]
    .map((x) => (typeof x === 'string' ? x : x.toString('base64url')))
    .join('.');
}

function gcmOpen(key: Buffer, aad: string, sealed: string, prefix: string): Buffer {
  const [p, iv, tag, body] = sealed.split('.');
  if (p !== prefix || !iv || !tag || body === undefined)
    throw new Error('sealed value has an unknown format');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]);
}

/** The configured master keys; the first one is active. Without configuration, one derived key. */
export class Keyring {
  readonly keys: readonly MasterKey[];
  constructor(keys: readonly MasterKey[]) {
    if (keys.length === 0) throw new Error('a keyring needs at least one key');
    for (const k of keys) if (k.key.length !== 32) throw new Error(`master key ${k.id} is not 32 bytes`);
    this.keys = keys;
  }

  static fromConfig(config: Pick<Config, 'referralMasterKeys' | 'sessionSecret'>): Keyring {
    if (config.referralMasterKeys.length > 0)
      return new Keyring(
        config.referralMasterKeys.map((k) => ({ id: k.id, key: Buffer.from(k.key, 'base64') })),
      );
    const key = createHash('sha256').update(`ishenim-referral-master\0${config.sessionSecret}`).digest();
    return new Keyring([{ id: DERIVED_KEY_ID, key }]);
  }

  get activeId(): string {
    return this.keys[0]!.id;
  }

  private key(id: string): Buffer {
    const k = this.keys.find((x) => x.id === id);
    if (!k) throw new Error(`master key ${id} is not configured (REFERRAL_MASTER_KEYS)`);
    return k.key;
  }

  /** A fresh data key for a referral, and its wrapped form to store. */
  newDataKey(referralId: string): { dataKey: Buffer; keyId: string; wrapped: string } {
    const dataKey = randomBytes(32);
    return { dataKey, keyId: this.activeId, wrapped: this.wrap(referralId, dataKey) };
  }

  wrap(referralId: string, dataKey: Buffer): string {
    return gcmSeal(this.key(this.activeId), `referral-data-key\0${referralId}`, dataKey, WRAP_PREFIX);
  }

  unwrap(referralId: string, keyId: string, wrapped: string): Buffer {
    return gcmOpen(this.key(keyId), `referral-data-key\0${referralId}`, wrapped, WRAP_PREFIX);
  }
}

/** Seals and opens the fields of one referral with its data key. */
export class FieldBox {
  constructor(
    private readonly referralId: string,
    private readonly dataKey: Buffer,
  ) {}

  seal(field: string, plain: string): string {
    return gcmSeal(this.dataKey, `${this.referralId}\0${field}`, Buffer.from(plain, 'utf8'), FIELD_PREFIX);
  }
  open(field: string, sealed: string): string {
    return gcmOpen(this.dataKey, `${this.referralId}\0${field}`, sealed, FIELD_PREFIX).toString('utf8');
  }
  sealOrNull(field: string, plain: string | null | undefined): string | null {
    return plain === null || plain === undefined || plain === '' ? null : this.seal(field, plain);
  }
  openOrNull(field: string, sealed: string | null): string | null {
    return sealed === null ? null : this.open(field, sealed);
  }
  sealJson(field: string, value: unknown): string {
    return this.seal(field, JSON.stringify(value));
  }
  openJson<T>(field: string, sealed: string): T {
    return JSON.parse(this.open(field, sealed)) as T;
  }
}
