/**
 * A complaint through a messenger conversation (the channel-neutral engine, here as SMS) becomes a
 * complaint record like a web one: the reports intake opens it, whatever the channel.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { describeDialects } from '../../../test/db.ts';
import { openMessage, addressHash } from '../channels/channel-crypto.ts';
import type { InboundMessage, OutboundMessage } from '../channels/channel.types.ts';
import { reportWorld } from '../reports/reports.fixtures.ts';

describeDialects('complaints by channel', (dialect) => {
  let t: TestApp;
  let n = 0;

  beforeAll(async () => {
    t = await createTestApp(dialect, { reportLimitPerHour: 100_000 });
    await reportWorld(t.app);
  });
  afterAll(async () => t?.close());

  const seen = new Set<string>();
  async function send(address: string, m: Partial<InboundMessage>): Promise<OutboundMessage[]> {
    await t.app.ctx.services.conversations.handle({ channel: 'sms', address, messageId: `c${n++}`, ...m });
    const rows = await t.app.ctx.db.read
      .selectFrom('channel_outbox')
      .selectAll()
      .where('address_hash', '=', addressHash(t.config.sessionSecret, 'sms', address))
      .orderBy('id')
      .execute();
    const fresh = rows.filter((r) => !seen.has(r.id));
    for (const r of fresh) seen.add(r.id);
    return fresh.map((r) => JSON.parse(openMessage(t.config.sessionSecret, r.message)) as OutboundMessage);
  }
  const ids = (m: OutboundMessage | undefined) => (m?.choices ?? []).map((c) => c.id);

  it('opens a commendation from an SMS conversation, with the officer named in the answer', async () => {
    const a = '+996555300001';
    await send(a, { text: 'hi' });
    await send(a, { choice: 'lang:en' });
    await send(a, { choice: 'cat:police-conduct' });
    let next = (
      await send(a, { text: 'The beat inspector found our lost child at night and brought him home.' })
    ).at(-1)!;
    // The category's questions: complaint or thanks (choose "thanks"), then the officer.
    expect(next.text).toContain('complaint or thanks');
    next = (await send(a, { text: '2' })).at(-1)!;
    for (let i = 0; i < 3 && !next.text.includes('Where did it happen?'); i++)
      next = (
        await send(a, ids(next).includes('q:skip') && i > 0 ? { choice: 'q:skip' } : { text: 'Badge 12-345' })
      ).at(-1)!;
    expect(next.text).toContain('Where did it happen?');
    expect(ids((await send(a, { text: 'Kara-Suu' })).at(-1))).toContain('area:KG-O.kara-suu');
    await send(a, { choice: 'area:KG-O.kara-suu' });
    await send(a, { choice: 'photo:skip' });
    await send(a, { choice: 'priv:name_hidden' });
    await send(a, { choice: 'confirm:send' });
    const row = await t.app.ctx.db.read
      .selectFrom('complaint')
      .innerJoin('report', 'report.id', 'complaint.report_id')
      .select(['complaint.kind', 'complaint.officer_badge', 'complaint.stage', 'report.channel'])
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      kind: 'commendation',
      officer_badge: 'Badge 12-345',
      stage: 'registered',
      channel: 'sms',
    });
  });
});
