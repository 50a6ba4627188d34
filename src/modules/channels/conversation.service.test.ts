/**
 * The conversation engine on its own (SQLite and PostgreSQL), channel-neutral: what it queues in the
 * outbox for each inbound message. Every language walks the whole report without a missing text;
 * a category's required question is asked; a typed place name is searched; the web form is offered
 * for anonymity; bad adapter input is refused; retention deletes the chat address with the thread.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { describeDialects } from '../../../test/db.ts';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LOCALES, LOCALES_DIR } from '../../shared/i18n.ts';
import { ValidationError } from '../../shared/errors.ts';
import { reportWorld } from '../reports/reports.fixtures.ts';
import { addressHash, openMessage } from './channel-crypto.ts';
import type { InboundMessage, OutboundMessage } from './channel.types.ts';

describeDialects('conversation engine', (dialect) => {
  let t: TestApp;
  let n = 0;

  beforeAll(async () => {
    t = await createTestApp(dialect, { reportLimitPerHour: 100_000 });
    await reportWorld(t.app);
  });
  afterAll(async () => t?.close());

  const seen = new Set<string>();
  async function send(address: string, m: Partial<InboundMessage>): Promise<OutboundMessage[]> {
    await t.app.ctx.services.conversations.handle({ channel: 'sms', address, messageId: `m${n++}`, ...m });
    const hash = addressHash(t.config.sessionSecret, 'sms', address);
    const rows = await t.app.ctx.db.read
      .selectFrom('channel_outbox')
      .selectAll()
      .where('address_hash', '=', hash)
      .orderBy('id')
      .execute();
    const fresh = rows.filter((r) => !seen.has(r.id));
    for (const r of fresh) seen.add(r.id);
    return fresh.map((r) => JSON.parse(openMessage(t.config.sessionSecret, r.message)) as OutboundMessage);
  }
  const ids = (m: OutboundMessage | undefined) => (m?.choices ?? []).map((c) => c.id);
  const noMissingText = (msgs: OutboundMessage[]) => {
    for (const m of msgs) {
      expect(m.text).not.toMatch(/resident\.(bot|status|feedback)\./);
      for (const c of m.choices ?? []) expect(c.label).not.toMatch(/resident\.(bot|status|feedback)\./);
    }
  };

  it('a "page" choice shows the same question again at that page; nothing else changes', async () => {
    const a = '+996555999077';
    await send(a, { text: 'салам' });
    const cats = (await send(a, { choice: 'lang:en' })).at(-1)!;
    expect(ids(cats).length).toBeGreaterThan(10);
    expect(cats.page).toBeUndefined();
    const page = await send(a, { choice: 'page:1' });
    expect(page).toHaveLength(1);
    expect(page[0]).toEqual({ ...cats, page: 1 });
    // Still choosing a category: a typed number picks from the whole list, whatever page is shown.
    const next = await send(a, { text: String(ids(cats).length) });
    expect(next.at(-1)!.text).toContain('What happened?');
    const row = await t.app.ctx.db.read
      .selectFrom('conversation')
      .select('data')
      .where('address_hash', '=', addressHash(t.config.sessionSecret, 'sms', a))
      .executeTakeFirstOrThrow();
    expect(JSON.parse(row.data).draft.category).toBe(ids(cats).at(-1)!.slice(4));
  });

  it('gives SMS the short wording of the long texts, and messengers the full one', async () => {
    const ru = JSON.parse(readFileSync(path.join(LOCALES_DIR, 'ru.json'), 'utf8')).resident.bot;
    const a = '+996555999001';
    await send(a, { text: 'привет' });
    const sms = await send(a, { choice: 'lang:ru' });
    expect(sms[0]!.text).toBe(ru.sms.welcome);
    expect((await send(a, { text: 'помощь' }))[0]!.text).toBe(ru.sms.help);

    const chat = '700100200';
    const fromTelegram = async (m: Partial<InboundMessage>) =>
      t.app.ctx.services.conversations.handle({
        channel: 'telegram',
        address: chat,
        messageId: `tg${n++}`,
        ...m,
      });
    await fromTelegram({ text: '/start' });
    await fromTelegram({ choice: 'lang:ru' });
    const rows = await t.app.ctx.db.read
      .selectFrom('channel_outbox')
      .select('message')
      .where('address_hash', '=', addressHash(t.config.sessionSecret, 'telegram', chat))
      .orderBy('id')
      .execute();
    const texts = rows.map(
      (r) => (JSON.parse(openMessage(t.config.sessionSecret, r.message)) as OutboundMessage).text,
    );
    expect(texts).toContain(ru.welcome.replace('{channel}', 'Telegram'));
    expect(texts).not.toContain(ru.sms.welcome);
  });

  it('walks the whole report in every language, with no text missing', async () => {
    for (const [i, locale] of LOCALES.entries()) {
      const a = `+99655510000${i}`;
      const all: OutboundMessage[] = [];
      const step = async (m: Partial<InboundMessage>) => {
        const out = await send(a, m);
        all.push(...out);
        return out;
      };
      expect(ids((await step({ text: 'салам' }))[0])).toHaveLength(7);
      expect(ids((await step({ choice: `lang:${locale}` })).at(-1))).toContain('cat:public-order');
      await step({ choice: 'cat:public-order' });
      await step({ text: 'Кечинде мектептин жанында жаштар ичимдик ичип, кичүүлөрдү коркутушат.' });
      const photo = await step({ location: { lat: 40.70123, lon: 72.90456 } });
      expect(ids(photo.at(-1))).toEqual(['photo:skip']);
      expect(ids((await step({ choice: 'photo:skip' })).at(-1))).toEqual([
        'priv:name_hidden',
        'priv:public',
        'priv:web',
      ]);
      const web = await step({ choice: 'priv:web' });
      expect(web[0]!.text).toContain('http://localhost/report');
      expect(ids((await step({ choice: 'priv:public' })).at(-1))).toEqual(['confirm:send', 'confirm:cancel']);
      const done = await step({ choice: 'confirm:send' });
      expect(done[0]!.text).toMatch(/R-[0-9A-Z]{4}-[0-9A-Z]{4}/);
      await step({ text: '/status' });
      await step({ text: '/help' });
      noMissingText(all);
      for (const m of all.slice(1)) expect(m.locale).toBe(locale);
    }
    const made = await t.app.ctx.db.read
      .selectFrom('report')
      .select(['locale', 'privacy', 'channel'])
      .where('channel', '=', 'sms')
      .execute();
    expect(made.map((r) => r.locale).sort()).toEqual([...LOCALES].sort());
    expect(new Set(made.map((r) => r.privacy))).toEqual(new Set(['public']));
  });

  it("asks the category's required question and records the answer", async () => {
    const a = '+996555200001';
    await send(a, { text: 'hi' });
    await send(a, { choice: 'lang:en' });
    await send(a, { choice: 'cat:hate-threats' });
    const q = await send(a, { text: 'Leaflets threatening a family were put on their gate last night.' });
    const question = q.at(-1)!;
    expect(question.choices!.length).toBeGreaterThan(1);
    expect(ids(question)).not.toContain('q:skip');
    const bad = await send(a, { text: 'something else' });
    expect(bad[0]!.text).toContain('choose one of the options');
    const first = question.choices![0]!;
    let next = (await send(a, { text: '1' })).at(-1)!; // typed number = first option
    for (let i = 0; i < 5 && !next.text.includes('Where did it happen?'); i++)
      next = (await send(a, ids(next).includes('q:skip') ? { choice: 'q:skip' } : { text: '2' })).at(-1)!;
    expect(next.text).toContain('Where did it happen?');
    // a typed place name is searched
    const places = await send(a, { text: 'Kara-Suu' });
    expect(ids(places.at(-1))).toContain('area:KG-O.kara-suu');
    await send(a, { choice: 'area:KG-O.kara-suu' });
    await send(a, { choice: 'photo:skip' });
    await send(a, { choice: 'priv:name_hidden' });
    const done = await send(a, { choice: 'confirm:send' });
    const ref = done[0]!.text.match(/R-[0-9A-Z]{4}-[0-9A-Z]{4}/)![0];
    const r = await t.app.ctx.db.read
      .selectFrom('report')
      .selectAll()
      .where('reference', '=', ref)
      .executeTakeFirstOrThrow();
    expect(r.area_code).toBe('KG-O.kara-suu');
    expect(r.address).toBe('Kara-Suu');
    expect(Object.values(JSON.parse(r.answers))).toContain(first.id.slice(2));
    expect(r.privacy).toBe('name_hidden');
  });

  it('answers an unknown place, a stale button and an empty description without failing', async () => {
    const a = '+996555300001';
    await send(a, { text: 'hi' });
    await send(a, { choice: 'lang:ru' });
    const stale = await send(a, { choice: 'confirm:send' });
    expect(stale[0]!.text).toContain('выберите один из вариантов');
    await send(a, { choice: 'cat:public-order' });
    expect((await send(a, { text: '  ' }))[0]!.text).toContain('в нескольких словах');
    await send(a, { text: 'Драка у магазина каждый вечер.' });
    expect((await send(a, { text: 'Атлантида' }))[0]!.text).toContain('не нашли такое место');
    expect((await send(a, { location: { lat: -33.9, lon: 18.4 } }))[0]!.text).toContain('вне районов');
    const reports = await t.app.ctx.db.read
      .selectFrom('report')
      .select('id')
      .where('description', 'like', 'Драка%')
      .execute();
    expect(reports).toHaveLength(0);
  });

  it('refuses malformed adapter input with a ValidationError and stores nothing', async () => {
    const c = t.app.ctx.services.conversations;
    const bad: Array<Partial<InboundMessage>> = [
      { channel: 'fax' as never, address: '1', messageId: 'x' },
      { channel: 'sms', address: '', messageId: 'x' },
      { channel: 'sms', address: 'x'.repeat(101), messageId: 'x' },
      { channel: 'sms', address: '1', messageId: '' },
      { channel: 'sms', address: '1', messageId: 'y', location: { lat: 91, lon: 0 } },
      { channel: 'sms', address: '1', messageId: 'z', choice: 'c'.repeat(65) },
    ];
    for (const m of bad) await expect(c.handle(m as InboundMessage)).rejects.toBeInstanceOf(ValidationError);
    const convs = await t.app.ctx.db.read
      .selectFrom('conversation')
      .select('id')
      .where('address_hash', '=', addressHash(t.config.sessionSecret, 'sms', '1'))
      .execute();
    expect(convs).toHaveLength(0);
  });

  it('retention deletes the chat address with the thread, and old conversations', async () => {
    const a = '+996555400001';
    await send(a, { text: 'hi' });
    await send(a, { choice: 'lang:en' });
    await send(a, { choice: 'cat:public-order' });
    await send(a, { text: 'Broken lights in the underpass, people get robbed there.' });
    await send(a, { choice: 'reg:KG-O' });
    await send(a, { choice: 'area:KG-O.kara-suu' });
    await send(a, { choice: 'photo:skip' });
    await send(a, { choice: 'priv:public' });
    const done = await send(a, { choice: 'confirm:send' });
    const ref = done[0]!.text.match(/R-[0-9A-Z]{4}-[0-9A-Z]{4}/)![0];
    const report = await t.app.ctx.db.read
      .selectFrom('report')
      .select('id')
      .where('reference', '=', ref)
      .executeTakeFirstOrThrow();
    // The reports retention job has expired the thread's personal data…
    await t.app.ctx.db.write((trx) =>
      trx
        .updateTable('report')
        .set({ personal_data_deleted_at: new Date().toISOString() })
        .where('id', '=', report.id)
        .execute(),
    );
    // …and an old conversation lingers.
    await t.app.ctx.db.write((trx) =>
      trx
        .updateTable('conversation')
        .set({ expires_at: '2001-01-01T00:00:00.000Z' })
        .where('address_hash', '=', addressHash(t.config.sessionSecret, 'sms', a))
        .execute(),
    );
    const counts = await t.app.ctx.services.channelNotify.runRetention();
    expect(counts.threads).toBeGreaterThanOrEqual(1);
    expect(counts.conversations).toBeGreaterThanOrEqual(1);
    const left = await t.app.ctx.db.read
      .selectFrom('channel_thread')
      .select('id')
      .where('report_id', '=', report.id)
      .execute();
    expect(left).toHaveLength(0);
    const outbox = await t.app.ctx.db.read
      .selectFrom('channel_outbox')
      .select('id')
      .where('report_id', '=', report.id)
      .execute();
    expect(outbox).toHaveLength(0);
    const audit = await t.app.ctx.db.read
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'channel.retention')
      .execute();
    expect(audit.length).toBeGreaterThanOrEqual(1);
    // The resident can no longer be matched to the report.
    const status = await send(a, { text: '/status' });
    expect(status.at(-1)!.text).not.toContain(ref);
  });
});
