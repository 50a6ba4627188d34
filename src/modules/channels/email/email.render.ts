/**
 * One plain and simple e-mail layout for every e-mail we send: a heading, paragraphs, at most one
 * button-like link, and a footer (why you got this, how to stop). The plain-text part says the same
 * with the links written out. Everything passed in is text: it is escaped here, never trusted as HTML.
 */
import type { EmailPart, OutboundMessage } from '../channel.types.ts';
import { LOCALE_TAGS, type Locale } from '../../../shared/i18n.ts';

export interface EmailContent {
  locale: Locale;
  subject: string;
  heading?: string;
  paragraphs: string[];
  action?: { label: string; url: string };
  /** Lines under a rule: why the resident got this, links to manage or stop. */
  footer?: string[];
  /** Extra links in the footer, shown with their label (e.g. "Stop these alerts"). */
  footerLinks?: Array<{ label: string; url: string }>;
  unsubscribeUrl?: string;
}

export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

const para = (text: string) => `<p style="margin:0 0 1em">${escapeHtml(text).replace(/\n/g, '<br>')}</p>`;

export function renderEmail(c: EmailContent): OutboundMessage & { email: EmailPart } {
  const lines: string[] = [];
  if (c.heading) lines.push(c.heading, '');
  for (const p of c.paragraphs) lines.push(p, '');
  if (c.action) lines.push(`${c.action.label}:`, c.action.url, '');
  if (c.footer?.length || c.footerLinks?.length) {
    lines.push('--');
    for (const f of c.footer ?? []) lines.push(f);
    for (const l of c.footerLinks ?? []) lines.push(`${l.label}: ${l.url}`);
  }
  const html = [
    `<!doctype html><html lang="${LOCALE_TAGS[c.locale]}"><head><meta charset="utf-8">`,
    `<title>${escapeHtml(c.subject)}</title></head>`,
    '<body style="font-family:sans-serif;font-size:16px;line-height:1.5;color:#111;max-width:36em;margin:0 auto;padding:1em">',
    c.heading ? `<h1 style="font-size:1.3em">${escapeHtml(c.heading)}</h1>` : '',
    ...c.paragraphs.map(para),
    c.action
      ? `<p style="margin:1.5em 0"><a href="${escapeHtml(c.action.url)}" style="background:#0b5394;color:#fff;padding:.6em 1em;text-decoration:none;border-radius:4px">${escapeHtml(c.action.label)}</a></p>` +
        `<p style="font-size:.9em;color:#444;word-break:break-all">${escapeHtml(c.action.url)}</p>`
      : '',
    c.footer?.length || c.footerLinks?.length
      ? '<hr style="border:0;border-top:1px solid #ccc;margin:2em 0 1em"><div style="font-size:.9em;color:#444">' +
        (c.footer ?? []).map(para).join('') +
        (c.footerLinks ?? [])
          .map(
            (l) => `<p style="margin:0 0 .5em"><a href="${escapeHtml(l.url)}">${escapeHtml(l.label)}</a></p>`,
          )
          .join('') +
        '</div>'
      : '',
    '</body></html>',
  ].join('');
  return {
    text: lines.join('\n').trim(),
    locale: c.locale,
    email: {
      subject: c.subject,
      html,
      ...(c.unsubscribeUrl ? { unsubscribeUrl: c.unsubscribeUrl } : {}),
    },
  };
}
