/**
 * WhatsApp settings, edited on /admin/channels (secrets write-only) and stored in `channel_setting`.
 */
import { registerSettingFields } from '../channel-registry.ts';
import { DEFAULT_GRAPH_BASE_URL, DEFAULT_GRAPH_VERSION } from './whatsapp.client.ts';

export interface WhatsAppSettings {
  /** Permanent (system user) access token of the WhatsApp Business app. */
  accessToken: string;
  /** App secret: keys the X-Hub-Signature-256 of every webhook. */
  appSecret: string;
  /** The string typed into Meta's webhook form, echoed back in the subscription check. */
  verifyToken: string;
  /** The business phone number's id (not the number itself). */
  phoneNumberId: string;
  graphBaseUrl: string;
  graphVersion: string;
  /** Optional approved template with one body parameter, for updates after the 24-hour window. */
  templateName: string;
  templateLanguage: string;
}

registerSettingFields('whatsapp', [
  { key: 'phone_number_id', labelKey: 'channels.whatsapp.phoneNumberId' },
  { key: 'access_token', labelKey: 'channels.whatsapp.accessToken', secret: true },
  { key: 'app_secret', labelKey: 'channels.whatsapp.appSecret', secret: true },
  { key: 'verify_token', labelKey: 'channels.whatsapp.verifyToken', secret: true },
  { key: 'graph_base_url', labelKey: 'channels.whatsapp.graphBaseUrl', type: 'url' },
  { key: 'graph_version', labelKey: 'channels.whatsapp.graphVersion' },
  { key: 'template_name', labelKey: 'channels.whatsapp.templateName' },
  { key: 'template_language', labelKey: 'channels.whatsapp.templateLanguage' },
]);

const VERSION = /^v\d{1,3}\.\d{1,3}$/;
const TEMPLATE = /^[a-z0-9_]{1,512}$/;
const LANGUAGE = /^[a-z]{2,3}(_[A-Z]{2})?$/;

/** Settings as the adapter uses them, with defaults; malformed optional values count as unset. */
export function whatsappSettingsFrom(raw: Record<string, string>): WhatsAppSettings {
  const version = raw.graph_version?.trim() ?? '';
  const template = raw.template_name?.trim() ?? '';
  const language = raw.template_language?.trim() ?? '';
  return {
    accessToken: raw.access_token ?? '',
    appSecret: raw.app_secret ?? '',
    verifyToken: raw.verify_token ?? '',
    phoneNumberId: (raw.phone_number_id ?? '').trim(),
    graphBaseUrl: (raw.graph_base_url?.trim() || DEFAULT_GRAPH_BASE_URL).replace(/\/+$/, ''),
    graphVersion: VERSION.test(version) ? version : DEFAULT_GRAPH_VERSION,
    templateName: TEMPLATE.test(template) ? template : '',
    templateLanguage: LANGUAGE.test(language) ? language : '',
  };
}

/** Webhooks can be accepted only with an app secret and a phone number id to match messages against. */
export function canReceive(s: WhatsAppSettings): boolean {
  return s.appSecret.length > 0 && s.phoneNumberId.length > 0;
}
