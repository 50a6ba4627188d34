/**
 * The e-mail ChannelSender: nodemailer over SMTP as configured (SMTP_*, MAIL_FROM, DKIM_*). The
 * outbox claims a row and calls send(); an SMTP 5xx answer or a paused address is permanent (no
 * retry), a refused connection or a 4xx is retried with the outbox's back-off.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import type { Config } from '../../../config.ts';
import { PermanentSendError, type ChannelSender, type OutboundMessage } from '../channel.types.ts';
import type { EmailService } from './email.service.ts';

type MailConfig = NonNullable<Config['mail']>;

export function createTransport(mail: MailConfig): Transporter {
  return nodemailer.createTransport({
    host: mail.host,
    port: mail.port,
    secure: mail.tls === 'tls',
    requireTLS: mail.tls === 'starttls',
    ignoreTLS: mail.tls === 'none',
    ...(mail.user ? { auth: { user: mail.user, pass: mail.password ?? '' } } : {}),
    ...(mail.dkim
      ? {
          dkim: {
            domainName: mail.dkim.domain,
            keySelector: mail.dkim.selector,
            privateKey: mail.dkim.privateKey,
          },
        }
      : {}),
    connectionTimeout: 20_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  });
}

export function createEmailSender(deps: { config: Config; email: EmailService }): ChannelSender {
  let transport: Transporter | null = null;
  return {
    kind: 'email',
    async send(address: string, msg: OutboundMessage): Promise<string | void> {
      const mail = deps.config.mail;
      if (!mail) throw new Error('e-mail is not configured (SMTP_HOST, MAIL_FROM)');
      if (!msg.email) throw new PermanentSendError('an e-mail needs a subject');
      if (await deps.email.isPaused(address))
        throw new PermanentSendError('address paused after a hard bounce or a complaint');
      transport ??= createTransport(mail);
      const unsubscribe = msg.email.unsubscribeUrl;
      const headers: Record<string, string> = {};
      if (msg.locale) headers['Content-Language'] = msg.locale;
      if (unsubscribe) {
        headers['List-Unsubscribe'] = `<${unsubscribe}>`;
        // RFC 8058: the mail client may POST "List-Unsubscribe=One-Click" to the URL: one-click stop.
        headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
      }
      try {
        const info = await transport.sendMail({
          from: mail.from,
          to: address,
          subject: msg.email.subject,
          text: msg.text,
          ...(msg.email.html ? { html: msg.email.html } : {}),
          headers,
        });
        return typeof info.messageId === 'string' ? info.messageId : undefined;
      } catch (err) {
        const code = (err as { responseCode?: unknown }).responseCode;
        if (typeof code === 'number' && code >= 500 && code < 600)
          throw new PermanentSendError(`the mail server refused the message (${code})`);
        throw err;
      }
    },
  };
}
