/**
 * What an SMS gateway adapter provides. The SMS channel (routes, sender, keyword flow) only talks to
 * this interface, so another gateway (a different Android app, an operator's HTTP API, an SMPP
 * bridge) is one more object implementing it, registered in SMS_GATEWAYS (sms.gateways.ts).
 */

/** Connection settings, as stored in the channel settings (secrets sealed at rest). */
export interface SmsGatewaySettings {
  /** Base URL of the gateway's API, e.g. http://192.168.1.10:8080 or https://api.sms-gate.app/3rdparty/v1 */
  url: string;
  login: string;
  password: string;
  /** Key the gateway signs its webhooks with. */
  signingKey: string;
}

/** One text message a resident sent, read from a webhook. */
export interface SmsReceived {
  /** The resident's phone number as the network gave it. */
  from: string;
  /** Unique per delivery of this message: replays carry the same id. */
  messageId: string;
  text: string;
  /** The text was longer than we keep and was cut to this many characters (the resident is told). */
  textCutTo?: number;
}

export interface WebhookRequest {
  headers: Record<string, string | string[] | undefined>;
  rawBody: Buffer;
  now: Date;
}

/** A refusal: the route answers with this status and nothing is acted on. */
export interface WebhookRefusal {
  status: 400 | 403;
  code: string;
  message: string;
  field?: string;
}

export type WebhookParse =
  { ok: true; messages: SmsReceived[]; ignored: number } | ({ ok: false } & WebhookRefusal);

/** A send the gateway refused in a way that retrying cannot fix (bad number, bad request). */
export class SmsPermanentError extends Error {
  override name = 'SmsPermanentError';
}

export interface SmsGateway {
  /** Stable id, stored in the `gateway` setting. */
  id: string;
  /** Checks the webhook's authenticity (signature, freshness) BEFORE anything is parsed or stored. */
  verify(req: WebhookRequest, settings: SmsGatewaySettings): WebhookRefusal | null;
  /** Reads the messages of a verified webhook; other events (sent, delivered, ping) are ignored. */
  parse(body: unknown): WebhookParse;
  /** Sends one text (the gateway splits it into parts). Throws SmsPermanentError when retrying cannot help. */
  send(settings: SmsGatewaySettings, to: string, text: string): Promise<void>;
}

/** Numbers we can answer: digits with an optional +; alphanumeric senders (operators, shops) cannot be answered. */
export const REPLYABLE_NUMBER = /^\+?[0-9]{3,20}$/;
