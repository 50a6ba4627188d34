/**
 * Sends the engine's replies as SMS through the configured gateway. Called by the outbox worker:
 * PermanentSendError marks the message failed at once; any other error is retried with back-off.
 */
import { PermanentSendError, type ChannelSender, type OutboundMessage } from '../channel.types.ts';
import { SmsPermanentError } from './sms.gateway.ts';
import { SMS_GATEWAYS } from './sms.gateways.ts';
import { SMS_MORE_KEY } from './sms.paging.ts';
import { renderSms } from './sms.render.ts';
import type { SmsSettings } from './sms.settings.ts';
import { isLocale, type I18n, type Locale } from '../../../shared/i18n.ts';

export function createSmsSender(
  settings: () => Promise<SmsSettings>,
  words?: { i18n: I18n; defaultLocale: Locale },
): ChannelSender {
  return {
    kind: 'sms',
    async send(address: string, msg: OutboundMessage): Promise<void> {
      const s = await settings();
      const gateway = SMS_GATEWAYS[s.gateway];
      if (!gateway || !s.url) throw new PermanentSendError('SMS is not configured (gateway URL missing)');
      try {
        const locale = isLocale(msg.locale) ? msg.locale : words?.defaultLocale;
        const more = words && locale ? words.i18n.t(locale, SMS_MORE_KEY) : undefined;
        await gateway.send(s, address, renderSms(msg, undefined, more));
      } catch (err) {
        if (err instanceof SmsPermanentError) throw new PermanentSendError(err.message);
        throw err;
      }
    },
  };
}
