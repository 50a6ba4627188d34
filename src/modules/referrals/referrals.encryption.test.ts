/**
 * Encryption at rest, proven by reading what the database really holds: on SQLite the bytes of the
 * database file and its write-ahead log, on PostgreSQL every row of the referral tables (and the
 * audit trail) as text. None of the sensitive words written through the service may appear; the
 * service still reads them back. A sealed value moved to another referral fails to open, and a
 * master-key rotation re-wraps the data keys so the old key can be dropped.
 */
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { describeDialects } from '../../../test/db.ts';
import { loadConfig } from '../../config.ts';
import { Keyring } from './referral-envelope.ts';
import { openInput, referralWorld, yesterday, type ReferralWorld } from './referrals.fixtures.ts';
import { ReferralsService } from './referrals.service.ts';

const SECRET_WORDS = {
  behaviour: 'Zarylbekov-knife-video',
  riskNotes: 'missed-football-Kuzmich',
  protectiveNotes: 'sister-Aizada-trusted',
  subjectName: 'Temirlan Zhumabaev',
  contact: '+996700123456',
  consenter: 'Gulnara Zhumabaeva',
  rationale: 'mentoring-through-the-football-club',
  action: 'weekly-mentor-Ulan-sessions',
  review: 'attends-sessions-Nurbek',
};

const TABLES = [
  'referral',
  'referral_consent',
  'referral_action',
  'referral_review',
  'referral_panel_member',
  'referral_outcome_tally',
  'audit_event',
  'job',
] as const;

describeDialects('referral encryption at rest', (dialect) => {
  let t: TestApp;
  let w: ReferralWorld;
  let id: string;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    w = await referralWorld(t.app);
    const s = t.app.ctx.services.referrals;
    ({ id } = await s.open(w.actors.teacher, {
      ...openInput(w),
      behaviour: `He showed a ${SECRET_WORDS.behaviour} to classmates and said he would do the same at school.`,
      riskNotes: SECRET_WORDS.riskNotes,
      protectiveNotes: SECRET_WORDS.protectiveNotes,
    }));
    await s.recordConsent(w.actors.coordinator, id, {
      givenBy: 'guardian',
      method: 'in_person',
      givenDate: yesterday(),
      givenTime: '10:00',
      purposes: ['assessment', 'support_plan'],
      agencyIds: [w.orgs.ngo, w.orgs.social],
      consenterName: SECRET_WORDS.consenter,
      relationship: 'mother',
      subjectName: SECRET_WORDS.subjectName,
      subjectContact: SECRET_WORDS.contact,
    });
    await s.recordChecklist(w.actors.socialWorker, id, {
      items: [
        'behaviour_only',
        'no_identity_assumptions',
        'alternative_explanations',
        'proportionate',
        'person_heard',
        'police_role_limited',
      ],
    });
    await s.decide(w.actors.coordinator, id, {
      decision: 'support_offered',
      rationale: `Support offered: ${SECRET_WORDS.rationale}.`,
    });
    await s.addAction(w.actors.coordinator, id, {
      ownerOrganisationId: w.orgs.ngo,
      text: SECRET_WORDS.action,
      deadline: '2027-03-01',
      reviewDates: ['2027-01-15'],
    });
    await s.addReview(w.actors.mentor, id, { reviewedOn: yesterday(), notes: SECRET_WORDS.review });
  });
  afterAll(async () => t?.close());

  it('keeps no sensitive text in plain in the database, and reads it back for the panel', async () => {
    let raw: string;
    const db = t.app.ctx.db;
    if (db.sqliteFile) {
      const files = [db.sqliteFile, `${db.sqliteFile}-wal`].filter((f) => existsSync(f));
      raw = files
        .map((f) => readFileSync(f).toString('latin1') + readFileSync(f).toString('utf8'))
        .join('\n');
    } else {
      const parts: string[] = [];
      for (const table of TABLES)
        parts.push(JSON.stringify(await db.read.selectFrom(table).selectAll().execute()));
      raw = parts.join('\n');
    }
    expect(raw.length).toBeGreaterThan(1000);
    // The raw view does hold what is not secret (proof that the check reads the right place).
    expect(raw).toContain(id);
    for (const [field, word] of Object.entries(SECRET_WORDS)) expect(raw, field).not.toContain(word);

    const d = await t.app.ctx.services.referrals.get(w.actors.coordinator, { id });
    expect(d.behaviour).toContain(SECRET_WORDS.behaviour);
    expect(d.subject).toEqual({ name: SECRET_WORDS.subjectName, contact: SECRET_WORDS.contact });
    expect(d.consent?.consenterName).toBe(SECRET_WORDS.consenter);
    expect(d.decision?.rationale).toContain(SECRET_WORDS.rationale);
    expect(d.actions[0]?.text).toBe(SECRET_WORDS.action);
    expect(d.reviews[0]?.notes).toBe(SECRET_WORDS.review);
    expect(d.riskNotes).toBe(SECRET_WORDS.riskNotes);
  });

  it('refuses bad master-key settings without echoing the key', () => {
    const env = (v: string) => () =>
      loadConfig({ REFERRAL_MASTER_KEYS: v }, { sessionSecret: 'x'.repeat(32), dataDir: t.config.dataDir });
    expect(env('nocolon')).toThrow(/REFERRAL_MASTER_KEYS entry 1/);
    expect(env('k1:c2hvcnQ=')).toThrow(/32 bytes/);
    const k = Buffer.alloc(32, 1).toString('base64');
    expect(env(`a:${k},a:${k}`)).toThrow(/twice/);
    try {
      env(`a:${k},b:short`)();
    } catch (err) {
      expect(String(err)).not.toContain(k);
    }
  });

  it('refuses a sealed value copied into another referral', async () => {
    const s = t.app.ctx.services.referrals;
    const other = await s.open(w.actors.teacher, openInput(w));
    const src = await t.app.ctx.db.read
      .selectFrom('referral')
      .select('behaviour_enc')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    await t.app.ctx.db.write((trx) =>
      trx
        .updateTable('referral')
        .set({ behaviour_enc: src.behaviour_enc })
        .where('id', '=', other.id)
        .execute(),
    );
    await expect(s.get(w.actors.coordinator, { id: other.id })).rejects.toThrow();
  });

  it('rotates the master key: the rewrap job moves every data key, then the old key can go', async () => {
    const oldKeyring = Keyring.fromConfig(t.config);
    expect(oldKeyring.activeId).toBe('derived');
    const newKey = Buffer.alloc(32, 7).toString('base64');
    const derived = oldKeyring.keys[0]!.key.toString('base64');
    // Step 1: the new key first, the old one kept.
    const parsed = loadConfig(
      { REFERRAL_MASTER_KEYS: `k2027:${newKey},derived:${derived}` },
      { sessionSecret: t.config.sessionSecret, dataDir: t.config.dataDir },
    );
    expect(parsed.referralMasterKeys.map((k) => k.id)).toEqual(['k2027', 'derived']);
    const rotated = { ...t.config, referralMasterKeys: parsed.referralMasterKeys };
    const s2 = new ReferralsService(t.app.ctx.db, t.app.ctx.services.audit, rotated);
    expect((await s2.get(w.actors.coordinator, { id })).behaviour).toContain(SECRET_WORDS.behaviour);
    const { rewrapped } = await s2.rewrapKeys();
    expect(rewrapped).toBeGreaterThanOrEqual(1);
    const keyIds = await t.app.ctx.db.read.selectFrom('referral').select('key_id').distinct().execute();
    expect(keyIds.map((k) => k.key_id)).toEqual(['k2027']);
    // Step 2: the old key removed; everything still opens.
    const onlyNew = { ...t.config, referralMasterKeys: [{ id: 'k2027', key: newKey }] };
    const s3 = new ReferralsService(t.app.ctx.db, t.app.ctx.services.audit, onlyNew);
    expect((await s3.get(w.actors.coordinator, { id })).subject?.name).toBe(SECRET_WORDS.subjectName);
    // And the app's own service (old key only) can no longer open it.
    await expect(t.app.ctx.services.referrals.get(w.actors.coordinator, { id })).rejects.toThrow();
  });
});
