/**
 * The words of alert messages, per channel, in the subscriber's language: e-mail (plain + HTML,
 * one-click unsubscribe headers), and short texts for SMS, WhatsApp and Telegram. Every message
 * carries the link to the subscriber's page (see and delete subscriptions, no login); SMS also says
 * that STOP stops.
 */
import type { AlertChannel, AlertKind, AlertPriority } from '../../db/schema.ts';
import type { I18n, Locale } from '../../shared/i18n.ts';
import type { OutboundMessage } from '../channels/channel.types.ts';
import { renderEmail } from '../channels/email/email.render.ts';

export type AlertContent = Partial<Record<Locale, { title: string; body: string }>>;

export const KIND_KEYS: Record<AlertKind, string> = {
  safety: 'alerts.kind.safety',
  meeting: 'alerts.kind.meeting',
  appeal: 'alerts.kind.appeal',
  good_news: 'alerts.kind.good_news',
  problem_update: 'alerts.kind.problem_update',
};
export const PRIORITY_KEYS: Record<AlertPriority, string> = {
  urgent: 'alerts.priority.urgent',
  normal: 'alerts.priority.normal',
  low: 'alerts.priority.low',
};

export function renderConfirmMessage(
  i18n: I18n,
  p: { channel: AlertChannel; locale: Locale; site: string; confirmUrl: string },
): OutboundMessage {
  const t = i18n.translator(p.locale);
  if (p.channel === 'email')
    return renderEmail({
      locale: p.locale,
      subject: t('alerts.message.confirmSubject'),
      heading: t('alerts.message.confirmSubject'),
      paragraphs: [t('alerts.message.confirmBody', { site: p.site })],
      action: { label: t('alerts.message.confirmAction'), url: p.confirmUrl },
      footer: [t('alerts.message.confirmIgnore')],
    });
  return { text: `${t('alerts.message.confirmShort', { site: p.site })}\n${p.confirmUrl}`, locale: p.locale };
}

export function renderAlertMessage(
  i18n: I18n,
  p: {
    channel: AlertChannel;
    locale: Locale;
    site: string;
    timeZone: string;
    alerts: Array<{
      title: string;
      body: string;
      locale: Locale;
      link: string | null;
      priority: AlertPriority;
      kind: AlertKind;
    }>;
    manageUrl: string;
    stopUrl: string;
  },
): OutboundMessage {
  const t = i18n.translator(p.locale);
  const label = (a: (typeof p.alerts)[number]) =>
    a.priority === 'urgent' ? `${t(PRIORITY_KEYS.urgent)}: ${a.title}` : a.title;
  const digest = p.alerts.length > 1;
  if (p.channel === 'email') {
    const subject = digest ? t('alerts.message.digestSubject', { n: p.alerts.length }) : label(p.alerts[0]!);
    const paragraphs = p.alerts.flatMap((a) => [
      ...(digest ? [`${t(KIND_KEYS[a.kind])} — ${label(a)}`] : [t(KIND_KEYS[a.kind])]),
      ...(a.body ? [a.body] : []),
      ...(a.link ? [a.link] : []),
    ]);
    return renderEmail({
      locale: p.locale,
      subject,
      heading: subject,
      paragraphs,
      footer: [t('alerts.message.why', { site: p.site })],
      footerLinks: [
        { label: t('alerts.message.manage'), url: p.manageUrl },
        { label: t('alerts.message.stop'), url: p.stopUrl },
      ],
      unsubscribeUrl: p.stopUrl,
    });
  }
  const parts = p.alerts.map((a) => [label(a), a.body, a.link].filter(Boolean).join('\n'));
  const tail = [
    `${t('alerts.message.manage')}: ${p.manageUrl}`,
    ...(p.channel === 'sms' ? [t('alerts.message.smsStop')] : []),
  ];
  return { text: [...parts, tail.join('\n')].join('\n\n'), locale: p.locale };
}
