/**
 * Where adapters plug in (see the contract at the top of channel.types.ts):
 * - `ChannelSenders`: one sender per channel kind, held by the services (one registry per app).
 * - `registerSettingFields`: the admin-configurable fields of a channel (module-level: the fields
 *   are static declarations, imported once).
 */
import type { ChannelKind, ChannelSender, ChannelSettingField, OutboxKind } from './channel.types.ts';

export class ChannelSenders {
  private readonly senders = new Map<OutboxKind, ChannelSender>();

  /** Registers (or replaces, e.g. in tests) the sender of a channel. */
  register(sender: ChannelSender): void {
    this.senders.set(sender.kind, sender);
  }

  get(kind: string): ChannelSender | undefined {
    return this.senders.get(kind as OutboxKind);
  }

  kinds(): OutboxKind[] {
    return [...this.senders.keys()];
  }
}

const settingFields = new Map<ChannelKind, ChannelSettingField[]>();

/** Declares the settings a channel's admin form shows. Keys: lower snake_case, at most 40 chars. */
export function registerSettingFields(kind: ChannelKind, fields: ChannelSettingField[]): void {
  for (const f of fields)
    if (!/^[a-z][a-z0-9_]{0,39}$/.test(f.key)) throw new Error(`bad channel setting key "${f.key}"`);
  settingFields.set(kind, fields);
}

export function settingFieldsOf(kind: ChannelKind): ChannelSettingField[] {
  return settingFields.get(kind) ?? [];
}
