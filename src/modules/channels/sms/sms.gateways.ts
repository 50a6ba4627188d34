/** The SMS gateways this deployment can use; the `gateway` setting picks one. Add new adapters here. */
import { androidSmsGateway } from './android-sms-gateway.ts';
import type { SmsGateway } from './sms.gateway.ts';

export const SMS_GATEWAYS: Readonly<Record<string, SmsGateway>> = {
  [androidSmsGateway.id]: androidSmsGateway,
};
export const DEFAULT_SMS_GATEWAY = androidSmsGateway.id;
