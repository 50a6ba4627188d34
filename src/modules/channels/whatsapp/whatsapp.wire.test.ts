import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadGraphMedia, GraphApiError, sendGraphMessage, type GraphConfig } from './whatsapp.client.ts';
import {
  PHONE_NUMBER_ID,
  waButtonReply,
  waImage,
  waListReply,
  waLocation,
  waStatus,
  waSticker,
  waText,
  waBareInteractive,
  waEdit,
  waReaction,
  waRevoke,
  waStatusOf,
  waSystem,
} from './whatsapp.fixtures.ts';
import { startFakeGraph, type FakeGraph } from './whatsapp.test-helpers.ts';
import {
  buildMessagePayload,
  buildTemplatePayload,
  clip,
  hubSignature,
  listPages,
  parseWebhook,
  verifyHubSignature,
} from './whatsapp.wire.ts';

const NAV = { more: 'Дагы…', back: 'Артка' };
type ListPayload = {
  type: string;
  interactive: {
    type: string;
    action: { button: string; sections: { rows: { id: string; title: string; description?: string }[] }[] };
  };
};

const SECRET = 'app-secret-0123456789abcdef';
const FROM = '996555123456';

describe('WhatsApp webhook signature', () => {
  it('accepts the HMAC of the raw body and refuses everything else', () => {
    const raw = Buffer.from(JSON.stringify(waText(FROM, 'Салам')));
    const sig = hubSignature(raw, SECRET);
    expect(verifyHubSignature(raw, sig, SECRET)).toBe(true);
    expect(verifyHubSignature(raw, sig.toUpperCase().replace('SHA256=', 'sha256='), SECRET)).toBe(true);
    expect(verifyHubSignature(raw, sig, 'other-secret')).toBe(false);
    expect(verifyHubSignature(Buffer.concat([raw, Buffer.from(' ')]), sig, SECRET)).toBe(false);
    expect(verifyHubSignature(raw, sig.slice(7), SECRET)).toBe(false); // without "sha256="
    expect(verifyHubSignature(raw, sig.replace('sha256=', 'sha1='), SECRET)).toBe(false);
    expect(verifyHubSignature(raw, undefined, SECRET)).toBe(false);
    expect(verifyHubSignature(raw, [sig], SECRET)).toBe(false);
    expect(verifyHubSignature(raw, sig, '')).toBe(false);
  });

  it('property: a signature never verifies for a different body or key', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.uint8Array({ maxLength: 300 }),
        fc.string({ minLength: 1 }),
        (a, b, key) => {
          const sig = hubSignature(Buffer.from(a), key);
          expect(verifyHubSignature(Buffer.from(a), sig, key)).toBe(true);
          if (!Buffer.from(a).equals(Buffer.from(b)))
            expect(verifyHubSignature(Buffer.from(b), sig, key)).toBe(false);
          expect(verifyHubSignature(Buffer.from(a), sig, key + 'x')).toBe(false);
        },
      ),
    );
  });

  it('property: arbitrary header strings never verify and never throw', () => {
    const raw = Buffer.from('{}');
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc
            .uint8Array({ minLength: 32, maxLength: 32 })
            .map((b) => `sha256=${Buffer.from(b).toString('hex')}`),
        ),
        (h) => {
          expect(verifyHubSignature(raw, h, SECRET)).toBe(h === hubSignature(raw, SECRET));
        },
      ),
    );
  });
});

describe('WhatsApp webhook payloads', () => {
  it('reads text, button and list replies, location, image and unsupported messages', () => {
    const cases = [
      [waText(FROM, 'Көчөдө жарык жок'), { kind: 'text', text: 'Көчөдө жарык жок' }],
      [waButtonReply(FROM, 'lang:ky', 'Кыргызча'), { kind: 'choice', choice: 'lang:ky', title: 'Кыргызча' }],
      [waListReply(FROM, 'cat:lights', 'Street lights'), { kind: 'choice', choice: 'cat:lights' }],
      [waLocation(FROM, 40.93, 72.88), { kind: 'location', lat: 40.93, lon: 72.88 }],
      [
        waImage(FROM, '1234567890', 'ab'.repeat(32), 'Сүрөт'),
        { kind: 'image', mediaId: '1234567890', caption: 'Сүрөт' },
      ],
      [waSticker(FROM), { kind: 'unsupported', type: 'sticker' }],
    ] as const;
    for (const [payload, expected] of cases) {
      const r = parseWebhook(payload, PHONE_NUMBER_ID);
      expect(r.ok).toBe(true);
      if (!r.ok) continue;
      expect(r.events).toHaveLength(1);
      expect(r.events[0]).toMatchObject({ from: FROM, ...expected });
      expect(r.events[0]!.messageId).toMatch(/^wamid\./);
    }
  });

  it('reads delivery statuses (with their error) and ignores messages for another phone number', () => {
    const st = parseWebhook(waStatus(FROM), PHONE_NUMBER_ID);
    expect(st).toMatchObject({ ok: true, events: [], ignored: 0 });
    expect(st.ok && st.statuses).toEqual([
      { messageId: expect.stringMatching(/^wamid\./), status: 'delivered', timestamp: expect.any(Number) },
    ]);
    const failed = parseWebhook(waStatusOf(FROM, 'wamid.X1', 'failed', 131047), PHONE_NUMBER_ID);
    expect(failed.ok && failed.statuses[0]).toMatchObject({
      messageId: 'wamid.X1',
      status: 'failed',
      error: { code: 131047, title: 'Re-engagement message' },
    });
    const other = parseWebhook(waText(FROM, 'hi', '999999999'), PHONE_NUMBER_ID);
    expect(other).toEqual({ ok: true, events: [], statuses: [], ignored: 0 });
  });

  it('refuses a wrong envelope with the field at fault; a single unreadable message is dropped or answered', () => {
    const bad = (mutate: (p: ReturnType<typeof waText>) => unknown) =>
      parseWebhook(mutate(waText(FROM, 'x')), PHONE_NUMBER_ID);
    expect(bad(() => null)).toMatchObject({ ok: false, field: 'body' });
    expect(bad((p) => ({ ...p, object: 'page' }))).toMatchObject({ ok: false, field: 'object' });
    expect(bad((p) => ({ ...p, entry: [] }))).toMatchObject({ ok: false, field: 'entry' });
    const message = (p: ReturnType<typeof waText>) =>
      (p.entry[0]!.changes[0]!.value as unknown as { messages: Record<string, unknown>[] }).messages[0]!;
    // No sender to answer: dropped, the delivery is still read.
    expect(
      bad((p) => {
        message(p).from = 'not-a-number';
        return p;
      }),
    ).toMatchObject({ ok: true, events: [], ignored: 1 });
    // Readable sender, unreadable content: answered with help.
    expect(
      bad((p) => {
        message(p).text = { body: 7 };
        return p;
      }),
    ).toMatchObject({ ok: true, events: [{ kind: 'unsupported' }] });
    expect(parseWebhook(waBareInteractive(FROM), PHONE_NUMBER_ID)).toMatchObject({
      ok: true,
      events: [{ kind: 'unsupported', type: 'interactive' }],
    });
    expect(parseWebhook(waLocation(FROM, 91, 10), PHONE_NUMBER_ID)).toMatchObject({
      ok: true,
      events: [{ kind: 'unsupported', type: 'location' }],
    });
    // Longer than WhatsApp allows: passed on just over the limit, for the engine to say "too long".
    const long = parseWebhook(waText(FROM, 'ж'.repeat(6000)), PHONE_NUMBER_ID);
    expect(long.ok && long.events[0]).toMatchObject({ kind: 'text' });
    expect(long.ok && (long.events[0] as { text: string }).text.length).toBe(4097);
    for (const p of [
      waReaction(FROM, 'wamid.A'),
      waRevoke(FROM, 'wamid.A'),
      waEdit(FROM, 'wamid.A', 'x'),
      waSystem(FROM),
    ])
      expect(parseWebhook(p, PHONE_NUMBER_ID)).toMatchObject({ ok: true, events: [], ignored: 1 });
  });

  it('property: junk and truncated payloads are refused or yield well-formed events, never throw', () => {
    const valid = JSON.stringify(waText(FROM, 'Салам'));
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue({ maxDepth: 6 }),
          fc.nat({ max: valid.length }).map((n) => {
            try {
              return JSON.parse(valid.slice(0, n)) as unknown;
            } catch {
              return valid.slice(0, n);
            }
          }),
          fc.record({
            object: fc.constant('whatsapp_business_account'),
            entry: fc.jsonValue({ maxDepth: 5 }),
          }),
        ),
        (body) => {
          const r = parseWebhook(body, PHONE_NUMBER_ID);
          if (r.ok) {
            for (const e of r.events) {
              expect(e.from).toMatch(/^[0-9]{5,20}$/);
              expect(typeof e.messageId).toBe('string');
            }
          } else {
            expect(r.error.length).toBeGreaterThan(0);
            expect(r.field.length).toBeGreaterThan(0);
          }
        },
      ),
    );
  });
});

describe('WhatsApp outbound payloads', () => {
  const TO = FROM;
  it('uses reply buttons for up to three short choices', () => {
    const p = buildMessagePayload(
      TO,
      {
        text: 'Тилди тандаңыз',
        choices: [
          { id: 'ky', label: 'Кыргызча' },
          { id: 'ru', label: 'Русский' },
        ],
      },
      'Тандоо',
    );
    expect(p).toMatchObject({
      messaging_product: 'whatsapp',
      to: TO,
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: 'Тилди тандаңыз' },
        action: {
          buttons: [
            { type: 'reply', reply: { id: 'ky', title: 'Кыргызча' } },
            { type: 'reply', reply: { id: 'ru', title: 'Русский' } },
          ],
        },
      },
    });
  });

  it('uses a list for up to ten choices (or long labels), clipped to the API limits', () => {
    const choices = Array.from({ length: 7 }, (_, i) => ({
      id: `c${i}`,
      label: `Категория номер ${i} с очень длинным названием`,
    }));
    const p = buildMessagePayload(TO, { text: 'Выберите категорию', choices }, 'Выбрать') as {
      interactive: {
        type: string;
        action: {
          button: string;
          sections: { rows: { id: string; title: string; description?: string }[] }[];
        };
      };
    };
    expect(p.interactive.type).toBe('list');
    expect(p.interactive.action.button).toBe('Выбрать');
    const rows = p.interactive.action.sections[0]!.rows;
    expect(rows).toHaveLength(7);
    for (const r of rows) {
      expect([...r.title].length).toBeLessThanOrEqual(24);
      expect([...(r.description ?? '')].length).toBeLessThanOrEqual(72);
    }
    const long = buildMessagePayload(
      TO,
      { text: 'x', choices: [{ id: 'a', label: 'Жарык жок, караңгы көчө' }] },
      'OK',
    ) as { interactive: { type: string } };
    expect(long.interactive.type).toBe('list');
  });

  it('pages more than ten choices: 9 rows and "more…", then "back" and the rest', () => {
    const choices = Array.from({ length: 12 }, (_, i) => ({ id: `d${i}`, label: `Район ${i + 1}` }));
    const rowsOf = (page?: number) =>
      (
        buildMessagePayload(TO, { text: 'Район?', choices, page }, 'Тандоо', NAV) as ListPayload
      ).interactive.action.sections[0]!.rows.map((r) => `${r.id}=${r.title}`);
    expect(rowsOf()).toEqual([...choices.slice(0, 9).map((c) => `${c.id}=${c.label}`), 'page:1=Дагы…']);
    expect(rowsOf(1)).toEqual(['d9=Район 10', 'd10=Район 11', 'd11=Район 12', 'page:0=Артка']);
    // A page past the end (an old list tapped after the choices changed) shows the last one.
    expect(rowsOf(7)).toEqual(rowsOf(1));
    // Middle pages: back, 8, more — never more than ten rows.
    const many = Array.from({ length: 25 }, (_, i) => ({ id: `r${i}`, label: `Участок ${i + 1}` }));
    expect(listPages(many).map((p) => p.length)).toEqual([9, 8, 8]);
    const middle = buildMessagePayload(TO, { text: 'x', choices: many, page: 1 }, 'OK', NAV) as ListPayload;
    const rows = middle.interactive.action.sections[0]!.rows;
    expect(rows).toHaveLength(10);
    expect(rows.slice(-2).map((r) => r.id)).toEqual(['page:2', 'page:0']);
  });

  it('falls back to a numbered text for more than ten choices without paging labels, asks for location, clips long text', () => {
    const choices = Array.from({ length: 12 }, (_, i) => ({ id: `d${i}`, label: `Район ${i + 1}` }));
    const p = buildMessagePayload(TO, { text: 'Район?', choices }, 'OK') as {
      type: string;
      text: { body: string };
    };
    expect(p.type).toBe('text');
    expect(p.text.body).toContain('12. Район 12');
    const loc = buildMessagePayload(TO, { text: 'Жайгашкан жерди жөнөтүңүз', requestLocation: true }, 'OK');
    expect(loc).toMatchObject({
      type: 'interactive',
      interactive: { type: 'location_request_message', action: { name: 'send_location' } },
    });
    const t = buildMessagePayload(TO, { text: 'ө'.repeat(5000) }, 'OK') as { text: { body: string } };
    expect([...t.text.body].length).toBe(4096);
  });

  it('builds template messages whose parameter obeys the template rules', () => {
    const p = buildTemplatePayload(TO, 'ishenim_update', 'ru', 'Строка 1\nСтрока 2\t     конец') as {
      template: {
        name: string;
        language: { code: string };
        components: { parameters: { text: string }[] }[];
      };
    };
    expect(p.template.name).toBe('ishenim_update');
    expect(p.template.language.code).toBe('ru');
    const param = p.template.components[0]!.parameters[0]!.text;
    expect(param).not.toMatch(/[\n\t]| {4}/);
  });

  it('clips between graphemes: no half emoji, flag or combining mark; never over the limit', () => {
    expect(clip('Кара-Суу району, Ош облусу', 24)).toBe('Кара-Суу району, Ош обл…');
    expect(clip('Зордук-зомбулук 👨‍👩‍👧‍👦 үй-бүлөдө', 17)).toBe('Зордук-зомбулук…');
    expect(clip('Балдар 🇰🇬🇰🇬 коопсуздугу', 9)).toBe('Балдар…');
    expect(clip('Балдар 🇰🇬🇰🇬 коопсуздугу', 11)).toBe('Балдар 🇰🇬…');
    expect(clip('йй', 24)).toBe('йй');
    const grapheme = fc.oneof(
      fc.constantFrom('а', 'ө', 'ү', 'ң', 'й', 'ё', 'e\u0301', '👍🏽', '🇰🇬', '👨‍👩‍👧', ' ', '-'),
      fc.string({ minLength: 1, maxLength: 1 }),
    );
    fc.assert(
      fc.property(fc.array(grapheme, { maxLength: 60 }), fc.integer({ min: 1, max: 80 }), (parts, max) => {
        const text = parts.join('');
        const out = clip(text, max);
        expect([...out].length).toBeLessThanOrEqual(Math.max(max, 1));
        if (out === text) return;
        expect(out.endsWith('…')).toBe(true);
        const kept = out.slice(0, -1);
        expect(text.startsWith(kept)).toBe(true);
        // The cut is a grapheme boundary of the original text.
        const seg = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
        const bounds = new Set([...seg.segment(text)].map((g) => g.index));
        bounds.add(text.length);
        expect(bounds.has(kept.length)).toBe(true);
      }),
    );
  });

  it('property: every choice set renders within the Cloud API limits; paged lists reach every choice once', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 2000 }),
        fc.array(
          fc.record({
            id: fc.string({ minLength: 1, maxLength: 300 }),
            label: fc.string({ minLength: 1, maxLength: 100 }),
          }),
          { maxLength: 40 },
        ),
        fc.boolean(),
        fc.boolean(),
        (text, choices, requestLocation, paged) => {
          if (paged && choices.length > 3) {
            // Following "more" from the first page shows every choice exactly once, in order.
            const seen: string[] = [];
            for (let page = 0, guard = 0; guard < 10; guard++) {
              const p = buildMessagePayload(TO, { text, choices, page }, 'Тандоо', NAV) as ListPayload;
              expect(p.interactive.type).toBe('list');
              const rows = p.interactive.action.sections[0]!.rows;
              expect(rows.length).toBeLessThanOrEqual(10);
              for (const r of rows) {
                expect([...r.title].length).toBeLessThanOrEqual(24);
                expect([...(r.description ?? '')].length).toBeLessThanOrEqual(72);
              }
              const more = rows.find((r) => r.id === `page:${page + 1}` && r.title === NAV.more);
              seen.push(
                ...rows
                  .filter((r) => !/^page:\d+$/.test(r.id) || !/^(Дагы…|Артка)$/.test(r.title))
                  .map((r) => r.id),
              );
              if (!more) break;
              page += 1;
            }
            expect(seen).toEqual(choices.map((c) => c.id.slice(0, 200)));
            return;
          }
          const p = buildMessagePayload(TO, { text, choices, requestLocation }, 'Тандоо') as Record<
            string,
            any
          >;
          expect(p.messaging_product).toBe('whatsapp');
          if (p.type === 'text') expect([...p.text.body].length).toBeLessThanOrEqual(4096);
          else {
            const i = p.interactive;
            expect([...i.body.text].length).toBeLessThanOrEqual(1024);
            if (i.type === 'button') {
              expect(i.action.buttons.length).toBeLessThanOrEqual(3);
              for (const b of i.action.buttons) expect([...b.reply.title].length).toBeLessThanOrEqual(20);
            }
            if (i.type === 'list') {
              const rows = i.action.sections[0].rows;
              expect(rows.length).toBeLessThanOrEqual(10);
              for (const r of rows) {
                expect([...r.title].length).toBeLessThanOrEqual(24);
                expect(r.id.length).toBeLessThanOrEqual(200);
              }
            }
          }
        },
      ),
    );
  });
});

describe('Graph API client against a local Graph server', () => {
  let graph: FakeGraph;
  let cfg: GraphConfig;
  beforeAll(async () => {
    graph = await startFakeGraph();
    cfg = {
      baseUrl: graph.baseUrl,
      version: graph.version,
      accessToken: graph.token,
      phoneNumberId: PHONE_NUMBER_ID,
    };
  });
  afterAll(async () => graph.close());

  it('sends a message with the bearer token to the phone number id', async () => {
    const id = await sendGraphMessage(cfg, buildMessagePayload(FROM, { text: 'Рахмат' }, 'OK'));
    expect(id).toMatch(/^wamid\./);
    expect(graph.sent.at(-1)).toMatchObject({
      phoneNumberId: PHONE_NUMBER_ID,
      body: { to: FROM, text: { body: 'Рахмат' } },
    });
  });

  it('classifies failures: 4xx permanent, 429/5xx/network retryable, error code kept', async () => {
    graph.failNext(1, 400, 131026);
    const e1 = await sendGraphMessage(cfg, buildMessagePayload(FROM, { text: 'x' }, 'OK')).catch(
      (e: unknown) => e,
    );
    expect(e1).toBeInstanceOf(GraphApiError);
    expect(e1).toMatchObject({ status: 400, code: 131026, retryable: false });
    graph.failNext(1, 503, 2);
    const e2 = await sendGraphMessage(cfg, buildMessagePayload(FROM, { text: 'x' }, 'OK')).catch(
      (e: unknown) => e,
    );
    expect(e2).toMatchObject({ status: 503, retryable: true });
    const e3 = await sendGraphMessage(
      { ...cfg, accessToken: 'wrong' },
      { messaging_product: 'whatsapp', to: FROM },
    ).catch((e: unknown) => e);
    expect(e3).toMatchObject({ status: 401, code: 190, retryable: true });
    const e4 = await sendGraphMessage({ ...cfg, baseUrl: 'http://127.0.0.1:1' }, {}).catch((e: unknown) => e);
    expect(e4).toMatchObject({ status: 0, retryable: true });
  });

  it('downloads media through the lookup URL, checking type, size and checksum', async () => {
    const data = Buffer.from('\xff\xd8\xff\xe0 fake jpeg bytes', 'latin1');
    graph.media.set('777000', { data, mimeType: 'image/jpeg' });
    expect(await downloadGraphMedia(cfg, '777000', 1_000_000)).toEqual(data);
    await expect(downloadGraphMedia(cfg, '777000', 5)).rejects.toMatchObject({ status: 413 });
    graph.media.set('777001', { data, mimeType: 'audio/ogg' });
    await expect(downloadGraphMedia(cfg, '777001', 1_000_000)).rejects.toMatchObject({ status: 415 });
    await expect(downloadGraphMedia(cfg, 'missing', 1_000_000)).rejects.toMatchObject({ status: 400 });
  });
});
