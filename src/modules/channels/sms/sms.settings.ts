/**
 * SMS settings, edited on /admin/channels (secrets write-only) and stored in `channel_setting`.
 */
import { registerSettingFields } from '../channel-registry.ts';
import type { SmsGatewaySettings } from './sms.gateway.ts';
import { DEFAULT_SMS_GATEWAY, SMS_GATEWAYS } from './sms.gateways.ts';

registerSettingFields('sms', [
  { key: 'gateway', labelKey: 'channels.sms.gateway' },
  { key: 'gateway_url', labelKey: 'channels.sms.gatewayUrl', type: 'url' },
  { key: 'login', labelKey: 'channels.sms.login' },
  { key: 'password', labelKey: 'channels.sms.password', secret: true },
  { key: 'signing_key', labelKey: 'channels.sms.signingKey', secret: true },
]);

export interface SmsSettings extends SmsGatewaySettings {
  /** Id of the gateway adapter (SMS_GATEWAYS); unknown ids fall back to the default. */
  gateway: string;
}

export function smsSettingsFrom(raw: Record<string, string>): SmsSettings {
  const gateway = raw.gateway?.trim() ?? '';
  return {
    gateway: gateway && Object.hasOwn(SMS_GATEWAYS, gateway) ? gateway : DEFAULT_SMS_GATEWAY,
    url: (raw.gateway_url ?? '').trim().replace(/\/+$/, ''),
    login: raw.login ?? '',
    password: raw.password ?? '',
    signingKey: raw.signing_key ?? '',
  };
}
