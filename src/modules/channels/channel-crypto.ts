/**
 * Messenger identifiers are kept only to reply: sealed (AES-GCM) where we must read them back, and as
 * a keyed hash where we only need to match (which conversation, which thread, which replay).
 */
import { decryptField, encryptField, hmacHex } from '../../shared/crypto.ts';

const ADDRESS_PURPOSE = 'channel-address';
const MESSAGE_PURPOSE = 'channel-message';

export function addressHash(secret: string, channel: string, address: string): string {
  return hmacHex(secret, `${ADDRESS_PURPOSE}:${channel}`, address);
}
export function inboundHash(secret: string, channel: string, messageId: string): string {
  return hmacHex(secret, `channel-inbound:${channel}`, messageId);
}
export function sealAddress(secret: string, address: string): string {
  return encryptField(secret, ADDRESS_PURPOSE, address);
}
export function openAddress(secret: string, sealed: string): string {
  return decryptField(secret, ADDRESS_PURPOSE, sealed);
}
export function sealMessage(secret: string, json: string): string {
  return encryptField(secret, MESSAGE_PURPOSE, json);
}
export function openMessage(secret: string, sealed: string): string {
  return decryptField(secret, MESSAGE_PURPOSE, sealed);
}
