/**
 * Channel settings (`channel_setting`): ordinary values in clear, secrets sealed with encryptField.
 * Secrets are write-only: the admin view says only whether one is set. Every change is audited (the
 * names of the fields changed, never their values) in the same transaction.
 */
import type { Config } from '../../config.ts';
import type { Database } from '../../db/database.ts';
import { decryptField, encryptField } from '../../shared/crypto.ts';
import { ValidationError } from '../../shared/errors.ts';
import { authorize, type Actor } from '../../shared/policy.ts';
import { nowIso } from '../../shared/time.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { settingFieldsOf } from './channel-registry.ts';
import { CHANNEL_KINDS, type ChannelKind, type ChannelSettingField } from './channel.types.ts';
import { CHANNEL } from './channels.policy.ts';
import { channelsRepository } from './channels.repository.ts';

const SECRET_PURPOSE = 'channel-setting';
const MAX_VALUE = 2000;

export interface SettingView extends ChannelSettingField {
  /** Non-secret fields only. */
  value: string;
  isSet: boolean;
}

export function checkKind(kind: string): ChannelKind {
  if (!(CHANNEL_KINDS as readonly string[]).includes(kind))
    throw new ValidationError(`channel must be one of ${CHANNEL_KINDS.join(', ')}`, 'channel');
  return kind as ChannelKind;
}

export class ChannelSettingsService {
  constructor(
    private readonly db: Database,
    private readonly config: Config,
    private readonly audit: AuditService,
  ) {}

  /** The admin form's view: values of ordinary fields, set / not set for secrets. */
  async view(actor: Actor, kind: ChannelKind): Promise<SettingView[]> {
    authorize(actor, 'administer', CHANNEL);
    const rows = await channelsRepository.listSettings(this.db.read, checkKind(kind));
    const byKey = new Map(rows.map((r) => [r.key, r]));
    return settingFieldsOf(kind).map((f) => {
      const row = byKey.get(f.key);
      return { ...f, value: row && !f.secret ? row.value : '', isSet: !!row };
    });
  }

  /**
   * Saves the form. Ordinary fields: empty clears. Secret fields: empty keeps the stored secret;
   * listing the key in `clear` removes it.
   */
  async update(
    actor: Actor,
    kind: ChannelKind,
    input: { values: Record<string, string | undefined>; clear?: string[] },
  ): Promise<void> {
    const role = authorize(actor, 'administer', CHANNEL);
    checkKind(kind);
    const fields = settingFieldsOf(kind);
    const known = new Set(fields.map((f) => f.key));
    for (const key of Object.keys(input.values))
      if (!known.has(key)) throw new ValidationError(`${key} is not a setting of ${kind}`, key);
    const clear = new Set(input.clear ?? []);
    for (const key of clear)
      if (!known.has(key)) throw new ValidationError(`${key} is not a setting of ${kind}`, key);
    const writes: Array<{ key: string; value: string | null; secret: boolean }> = [];
    for (const f of fields) {
      const raw = input.values[f.key];
      const value = typeof raw === 'string' ? raw.trim() : '';
      if (value.length > MAX_VALUE)
        throw new ValidationError(`${f.key} must be at most ${MAX_VALUE} characters`, f.key);
      if (hasControlChars(value))
        throw new ValidationError(`${f.key} must not contain control characters`, f.key);
      if (value && f.type === 'url' && !isHttpUrl(value))
        throw new ValidationError(`${f.key} must be an http:// or https:// address`, f.key);
      if (f.secret) {
        if (clear.has(f.key)) writes.push({ key: f.key, value: null, secret: true });
        else if (value) writes.push({ key: f.key, value, secret: true });
      } else if (raw !== undefined) writes.push({ key: f.key, value: value || null, secret: false });
    }
    await this.db.write(async (trx) => {
      const now = nowIso();
      const changed: string[] = [];
      for (const w of writes) {
        if (w.value === null) {
          if (await channelsRepository.deleteSetting(trx, kind, w.key)) changed.push(w.key);
          continue;
        }
        await channelsRepository.upsertSetting(trx, {
          channel: kind,
          key: w.key,
          value: w.secret ? encryptField(this.config.sessionSecret, SECRET_PURPOSE, w.value) : w.value,
          secret: w.secret ? 1 : 0,
          updated_by_person_id: actor.personId,
          updated_at: now,
        });
        changed.push(w.key);
      }
      await this.audit.record(trx, {
        actor,
        role,
        action: 'channel.settings.update',
        subjectType: CHANNEL,
        subjectId: kind,
        details: { fields: changed },
      });
    });
  }

  /** For adapters (no actor: the machinery itself): every stored value, secrets decrypted. */
  async read(kind: ChannelKind): Promise<Record<string, string>> {
    const rows = await channelsRepository.listSettings(this.db.read, kind);
    const out: Record<string, string> = {};
    for (const r of rows) {
      try {
        out[r.key] = r.secret ? decryptField(this.config.sessionSecret, SECRET_PURPOSE, r.value) : r.value;
      } catch {
        // A secret sealed under another SESSION_SECRET cannot be read: treat it as not set.
      }
    }
    return out;
  }
}

export function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return (u.protocol === 'http:' || u.protocol === 'https:') && !u.username && !u.password;
  } catch {
    return false;
  }
}

/** Whether text holds control characters (none belong in a setting or an address). */
export function hasControlChars(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 32 || c === 127) return true;
  }
  return false;
}
