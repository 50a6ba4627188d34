/** An Atom feed (RFC 4287) of an area's published alerts. Everything is text, escaped here. */
import { escapeHtml as esc } from '../channels/email/email.render.ts';
import { nowIso } from '../../shared/time.ts';

export function atomFeed(f: {
  id: string;
  title: string;
  selfUrl: string;
  locale: string;
  entries: Array<{
    id: string;
    title: string;
    body: string;
    link: string | null;
    updated: string;
    locale: string;
  }>;
}): string {
  const updated = f.entries[0]?.updated ?? nowIso();
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${esc(f.locale)}">`,
    `<id>${esc(f.id)}</id>`,
    `<title>${esc(f.title)}</title>`,
    `<updated>${esc(updated)}</updated>`,
    `<link rel="self" href="${esc(f.selfUrl)}"/>`,
    `<link rel="alternate" type="text/html" href="${esc(f.id)}"/>`,
    '<author><name>Ishenim</name></author>',
    ...f.entries.map((e) =>
      [
        `<entry xml:lang="${esc(e.locale)}">`,
        `<id>${esc(e.id)}</id>`,
        `<title>${esc(e.title)}</title>`,
        `<updated>${esc(e.updated)}</updated>`,
        e.link ? `<link href="${esc(e.link)}"/>` : '',
        `<content type="text">${esc(e.body)}</content>`,
        '</entry>',
      ].join(''),
    ),
    '</feed>',
  ].join('\n');
}
