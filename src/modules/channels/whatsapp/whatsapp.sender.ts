/**
 * Sends the engine's replies through the WhatsApp Cloud API. Called by the outbox worker: a thrown
 * PermanentSendError marks the message failed at once (shown to admins), any other error is retried.
 *
 * WhatsApp lets a business write freely only within 24 hours of the resident's last message. A team
 * reply or status change after that is refused with error 131047; when an approved template is
 * configured (one body parameter), the update is sent through it instead. Meta reports that error
 * either at once or later in a `failed` status webhook; then the outbox sends the row again with
 * `template: true`.
 */
import { isLocale, type I18n, type Locale } from '../../../shared/i18n.ts';
import { PermanentSendError, type ChannelSender, type OutboundMessage } from '../channel.types.ts';
import { GraphApiError, sendGraphMessage } from './whatsapp.client.ts';
import type { WhatsAppSettings } from './whatsapp.settings.ts';
import { buildMessagePayload, buildTemplatePayload, RE_ENGAGEMENT_REQUIRED } from './whatsapp.wire.ts';

export interface WhatsAppSenderDeps {
  settings: () => Promise<WhatsAppSettings>;
  i18n: I18n;
  defaultLocale: string;
}

/** WhatsApp's template language codes for our locales (it has none for Tajik: Russian is the common one). */
const TEMPLATE_LANGUAGE: Record<Locale, string> = {
  ky: 'ky_KG',
  ru: 'ru',
  en: 'en',
  uz: 'uz',
  'uz-Latn': 'uz',
  kk: 'kk',
  tg: 'ru',
};

function asSendError(err: unknown): Error {
  if (err instanceof GraphApiError && !err.retryable) return new PermanentSendError(err.message);
  return err instanceof Error ? err : new Error(String(err));
}

export function createWhatsAppSender(deps: WhatsAppSenderDeps): ChannelSender {
  return {
    kind: 'whatsapp',
    async send(address: string, msg: OutboundMessage): Promise<string> {
      const s = await deps.settings();
      if (!s.accessToken || !s.phoneNumberId)
        throw new PermanentSendError(
          'WhatsApp is not configured (access token and phone number id are needed)',
        );
      const locale: Locale = isLocale(msg.locale)
        ? msg.locale
        : isLocale(deps.defaultLocale)
          ? deps.defaultLocale
          : 'ru';
      const listButton = deps.i18n.t(locale, 'resident.whatsapp.listButton');
      const cfg = {
        baseUrl: s.graphBaseUrl,
        version: s.graphVersion,
        accessToken: s.accessToken,
        phoneNumberId: s.phoneNumberId,
      };
      const viaTemplate = async (): Promise<string> => {
        if (!s.templateName)
          throw new PermanentSendError(
            'more than 24 hours since the resident last wrote: WhatsApp only accepts a template message, and none is configured',
          );
        const language = s.templateLanguage || TEMPLATE_LANGUAGE[locale] || 'ru';
        try {
          return await sendGraphMessage(
            cfg,
            buildTemplatePayload(address, s.templateName, language, msg.text),
          );
        } catch (e) {
          throw asSendError(e);
        }
      };
      // Meta already refused the free-form message asynchronously (a failed status, 131047).
      if (msg.template) return viaTemplate();
      try {
        const nav = {
          more: deps.i18n.t(locale, 'resident.whatsapp.more'),
          back: deps.i18n.t(locale, 'resident.whatsapp.back'),
        };
        return await sendGraphMessage(cfg, buildMessagePayload(address, msg, listButton, nav));
      } catch (err) {
        if (err instanceof GraphApiError && err.code === RE_ENGAGEMENT_REQUIRED) return viaTemplate();
        throw asSendError(err);
      }
    },
  };
}
