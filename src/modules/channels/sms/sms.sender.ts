/**
 * Sends the engine's replies as SMS through the configured gateway. Called by the outbox worker:
 * PermanentSendError marks the message failed at once; any other error is retried with back-off.
 */
import { PermanentSendError, type ChannelSender, type OutboundMessage } from '../channel.types.ts';
import { SmsPermanentError } from './sms.gateway.ts';
import { SMS_GATEWAYS } from './sms.gateways.ts';
import { renderSms } from './sms.render.ts';
import type { SmsSettings } from './sms.settings.ts';

export function createSmsSender(settings: () => Promise<SmsSettings>): ChannelSender {
  return {
    kind: 'sms',
    async send(address: string, msg: OutboundMessage): Promise<void> {
      const s = await settings();
      const gateway = SMS_GATEWAYS[s.gateway];
      if (!gateway || !s.url) throw new PermanentSendError('SMS is not configured (gateway URL missing)');
      try {
        await gateway.send(s, address, renderSms(msg));
      } catch (err) {
        if (err instanceof SmsPermanentError) throw new PermanentSendError(err.message);
        throw err;
      }
    },
  };
}
