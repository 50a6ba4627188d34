/**
 * Webhook payloads in the shapes the WhatsApp Cloud API sends (Meta's webhook reference: text,
 * interactive button_reply / list_reply, location, image, statuses, unsupported), for tests.
 */

export const PHONE_NUMBER_ID = '106540352242922';
export const WABA_ID = '102290129340398';

let seq = 0;
/** A wamid-like unique message id. */
export function wamid(): string {
  seq += 1;
  return `wamid.HBgLOTk2NTU1MTIzNDU2FQIAEhgg${Date.now().toString(16).toUpperCase()}${seq.toString(16).padStart(6, '0')}AA==`;
}

function envelope(value: Record<string, unknown>, phoneNumberId = PHONE_NUMBER_ID) {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: WABA_ID,
        changes: [
          {
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '996312000111', phone_number_id: phoneNumberId },
              ...value,
            },
            field: 'messages',
          },
        ],
      },
    ],
  };
}

function inbound(from: string, message: Record<string, unknown>, phoneNumberId?: string) {
  return envelope(
    {
      contacts: [{ profile: { name: 'Айгүл' }, wa_id: from }],
      messages: [{ from, id: wamid(), timestamp: String(Math.floor(Date.now() / 1000)), ...message }],
    },
    phoneNumberId,
  );
}

export const waText = (from: string, body: string, phoneNumberId?: string) =>
  inbound(from, { type: 'text', text: { body } }, phoneNumberId);

export const waButtonReply = (from: string, id: string, title: string) =>
  inbound(from, {
    type: 'interactive',
    context: { from: '996312000111', id: wamid() },
    interactive: { type: 'button_reply', button_reply: { id, title } },
  });

export const waListReply = (from: string, id: string, title: string) =>
  inbound(from, {
    type: 'interactive',
    context: { from: '996312000111', id: wamid() },
    interactive: { type: 'list_reply', list_reply: { id, title, description: '' } },
  });

export const waLocation = (from: string, latitude: number, longitude: number) =>
  inbound(from, { type: 'location', location: { latitude, longitude, name: 'Базар', address: 'Кара-Суу' } });

export const waImage = (from: string, mediaId: string, sha256: string, caption?: string) =>
  inbound(from, {
    type: 'image',
    image: { ...(caption ? { caption } : {}), mime_type: 'image/jpeg', sha256, id: mediaId },
  });

export const waSticker = (from: string) =>
  inbound(from, {
    type: 'sticker',
    sticker: { mime_type: 'image/webp', sha256: 'x', id: '123', animated: false },
  });

export const waStatus = (recipient: string) =>
  envelope({
    statuses: [
      {
        id: wamid(),
        status: 'delivered',
        timestamp: String(Math.floor(Date.now() / 1000)),
        recipient_id: recipient,
        conversation: { id: 'c1', origin: { type: 'service' } },
        pricing: { billable: true, pricing_model: 'CBP', category: 'service' },
      },
    ],
  });

/**
 * A status of a message we sent (Cloud API `statuses[]`); a failed one carries `errors[]` as Meta
 * documents them, e.g. 131047 "Re-engagement message" outside the 24-hour window.
 */
export const waStatusOf = (
  recipient: string,
  id: string,
  status: 'sent' | 'delivered' | 'read' | 'failed',
  errorCode?: number,
) =>
  envelope({
    statuses: [
      {
        id,
        status,
        timestamp: String(Math.floor(Date.now() / 1000)),
        recipient_id: recipient,
        ...(errorCode
          ? {
              errors: [
                {
                  code: errorCode,
                  title: errorCode === 131047 ? 'Re-engagement message' : 'Message undeliverable',
                  message: errorCode === 131047 ? 'Re-engagement message' : 'Message undeliverable',
                  error_data: {
                    details:
                      'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
                  },
                  href: 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/',
                },
              ],
            }
          : {}),
      },
    ],
  });

/** Messages that are not for the bot to answer: a reaction, a deletion, an edit, a system notice. */
export const waReaction = (from: string, messageId: string) =>
  inbound(from, { type: 'reaction', reaction: { message_id: messageId, emoji: '👍' } });
export const waRevoke = (from: string, messageId: string) =>
  inbound(from, { type: 'revoke', revoke: { original_message_id: messageId } });
export const waEdit = (from: string, messageId: string, body: string) =>
  inbound(from, {
    type: 'edit',
    edit: { original_message_id: messageId, message: { type: 'text', text: { body } } },
  });
export const waSystem = (from: string) =>
  inbound(from, {
    type: 'system',
    system: {
      body: `User ${from} changed to 996700999999`,
      wa_id: '996700999999',
      type: 'user_changed_number',
    },
  });
/** An `interactive` message whose `interactive` object is missing. */
export const waBareInteractive = (from: string) => inbound(from, { type: 'interactive' });
