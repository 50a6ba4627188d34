/**
 * Staff report pages through the real app (SQLite and PostgreSQL): the queue per role and jurisdiction,
 * filters and counts, bulk changes, the lifecycle forms and their field errors, the audited identity
 * view, templates, walk-in entry and the photo route.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { describeDialects } from '../../../test/db.ts';
import { createSession, csrfPair, sessionCookies } from '../../../test/factories.ts';
import { ANONYMOUS } from '../../shared/policy.ts';
import { clock } from '../../shared/time.ts';
import { reportBody, reportWorld, UZGEN_POINT, type ReportWorld } from './reports.fixtures.ts';

describeDialects('staff report pages', (dialect) => {
  let t: TestApp;
  let w: ReportWorld;
  const sids = new Map<string, string>();

  beforeAll(async () => {
    t = await createTestApp(dialect, { reportLimitPerHour: 100_000 });
    w = await reportWorld(t.app);
  });
  afterAll(async () => t?.close());

  async function sid(personId: string): Promise<string> {
    let s = sids.get(personId);
    if (!s) {
      s = await createSession(t.app, personId);
      sids.set(personId, s);
    }
    return s;
  }
  const get = async (personId: string, url: string) =>
    t.app.inject({ method: 'GET', url, cookies: sessionCookies(await sid(personId)) });
  const form = async (personId: string, url: string, fields: Record<string, string | string[]>) => {
    const c = csrfPair(t.app);
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) body.append(k, x);
    body.append('_csrf', c.token);
    return t.app.inject({
      method: 'POST',
      url,
      cookies: { ...sessionCookies(await sid(personId)), ...c.cookies },
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: body.toString(),
    });
  };
  const create = async (over: Record<string, unknown> = {}) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/reports', payload: reportBody(over) });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; reference: string; receipt?: string };
  };
  const row = (id: string) =>
    t.app.ctx.db.read.selectFrom('report').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const auditCount = async (action: string, subjectId: string) =>
    Number(
      (
        await t.app.ctx.db.read
          .selectFrom('audit_event')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('action', '=', action)
          .where('subject_id', '=', subjectId)
          .executeTakeFirstOrThrow()
      ).n,
    );

  describe('queue', () => {
    it('shows the officer their district, not the neighbouring one; the detail of "not yours" is 404', async () => {
      const mine = await create({ description: 'Broken street light by the bazaar in Kara-Suu.' });
      const theirs = await create({ description: 'Loud fights at night in Uzgen.', location: UZGEN_POINT });
      const res = await get(w.officer.id, '/staff/reports');
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body).toContain(mine.reference);
      expect(res.body).not.toContain(theirs.reference);
      expect(res.body).toMatch(/<caption>/);
      expect(res.body).toMatch(/<th scope="col">/);
      expect((await get(w.officer.id, `/staff/reports/${theirs.id}`)).statusCode).toBe(404);
      expect((await get(w.otherOfficer.id, `/staff/reports/${mine.id}`)).statusCode).toBe(404);
      expect((await get(w.otherOfficer.id, '/staff/reports')).body).toContain(theirs.reference);
    });

    it('sends prevention concerns to the prevention desk, not to the officer; partners see only what is assigned', async () => {
      const prev = await create({
        category: 'radicalization-concern',
        privacy: 'name_hidden',
        description: 'A stranger hands out leaflets calling for violence at the school gate.',
        answers: { behaviour_seen: 'threats_of_violence' },
      });
      const officerQueue = (await get(w.officer.id, '/staff/reports')).body;
      expect(officerQueue).not.toContain(prev.reference);
      expect((await get(w.prevention.id, '/staff/reports')).body).toContain(prev.reference);
      expect((await get(w.partner.id, '/staff/reports')).body).not.toContain(prev.reference);
      const assign = await form(w.prevention.id, `/staff/reports/${prev.id}/assign`, {
        person_id: '',
        organisation_id: w.partnerOrg.id,
      });
      expect(assign.statusCode, assign.body).toBe(303);
      expect((await get(w.partner.id, '/staff/reports')).body).toContain(prev.reference);
      expect((await get(w.partner.id, `/staff/reports/${prev.id}`)).statusCode).toBe(200);
    });

    it('shows analysts counts without what residents wrote, and refuses admins', async () => {
      const r = await create({ description: 'Unique analyst-invisible text 4711.' });
      const res = await get(w.analyst.id, '/staff/reports');
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain(r.reference);
      expect(res.body).not.toContain('analyst-invisible');
      expect(res.body).not.toContain(`/staff/reports/${r.id}`);
      expect((await get(w.admin.id, '/staff/reports')).statusCode).toBe(404);
      const anon = await t.app.inject({ method: 'GET', url: '/staff/reports' });
      expect(anon.statusCode).toBe(303);
      expect(anon.headers.location).toBe('/login');
    });

    it('filters by status, category, privacy and age, and counts per status', async () => {
      const a = await create({
        category: 'road-safety',
        privacy: 'anonymous',
        description: 'Potholes by the school.',
      });
      const b = await create({ category: 'road-safety', description: 'Cars speed past the kindergarten.' });
      await form(w.officer.id, `/staff/reports/${b.id}/status`, { status: 'acknowledged', reason: 'seen' });
      const res = await get(w.officer.id, '/staff/reports?category=road-safety&status=new');
      expect(res.body).toContain(a.reference);
      expect(res.body).not.toContain(b.reference);
      // Counts ignore the status filter and follow the others.
      expect(res.body).toContain('New: 1');
      expect(res.body).toContain('Acknowledged: 1');
      const anonOnly = await get(w.officer.id, '/staff/reports?category=road-safety&privacy=anonymous');
      expect(anonOnly.body).toContain(a.reference);
      expect(anonOnly.body).not.toContain(b.reference);
      const old = await get(w.officer.id, '/staff/reports?category=road-safety&older_than_days=3');
      expect(old.body).not.toContain(a.reference);
      expect(old.body).toContain('No reports match these filters.');
      const bad = await get(w.officer.id, '/staff/reports?status=bogus');
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('field-error');
    });

    it('changes many reports at once with one reason; refuses with a field error when one cannot move', async () => {
      const a = await create({ category: 'theft-livestock', description: 'Sheep stolen from the pasture.' });
      const b = await create({ category: 'theft-livestock', description: 'Another sheep stolen nearby.' });
      const res = await form(w.officer.id, '/staff/reports/bulk', {
        ids: [a.id, b.id],
        status: 'acknowledged',
        reason: 'seen at morning triage',
        public_note: 'We have your report and will look into it.',
      });
      expect(res.statusCode, res.body).toBe(303);
      expect(res.headers.location).toBe('/staff/reports?updated=2');
      expect((await row(a.id)).status).toBe('acknowledged');
      expect((await row(b.id)).status).toBe('acknowledged');
      expect((await row(a.id)).time_to_ack_seconds).not.toBeNull();

      const noReason = await form(w.officer.id, '/staff/reports/bulk', {
        ids: [a.id],
        status: 'in_progress',
      });
      expect(noReason.statusCode).toBe(400);
      expect(noReason.body).toContain('id="bulk-reason-error"');
      const none = await form(w.officer.id, '/staff/reports/bulk', { status: 'in_progress', reason: 'x' });
      expect(none.statusCode).toBe(400);
      expect(none.body).toContain('Tick at least one report.');

      const foreign = await create({ description: 'Uzgen only.', location: UZGEN_POINT });
      const mixed = await form(w.officer.id, '/staff/reports/bulk', {
        ids: [a.id, foreign.id],
        status: 'in_progress',
        reason: 'working',
      });
      expect(mixed.statusCode).toBe(404);
      expect((await row(a.id)).status).toBe('acknowledged');
    });
  });

  describe('one report', () => {
    it('moves along the lifecycle with reasons and public notes; validation errors sit next to their fields', async () => {
      const r = await create({ description: 'Dogs attack children on the way to school.' });
      const page = await get(w.officer.id, `/staff/reports/${r.id}`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Dogs attack children');
      expect(page.body).toContain('Not acknowledged yet');

      const noReason = await form(w.officer.id, `/staff/reports/${r.id}/status`, { status: 'acknowledged' });
      expect(noReason.statusCode).toBe(400);
      expect(noReason.body).toContain('id="reason-error"');
      expect(noReason.body).toContain('href="#reason"');

      const ack = await form(w.officer.id, `/staff/reports/${r.id}/status`, {
        status: 'acknowledged',
        reason: 'read it',
        public_note: 'Thank you. The district inspector will visit this week.',
      });
      expect(ack.statusCode).toBe(303);
      expect(ack.headers.location).toBe(`/staff/reports/${r.id}?done=status`);

      const notPolice = await form(w.officer.id, `/staff/reports/${r.id}/status`, {
        status: 'closed_not_police',
        reason: 'stray dogs are a municipal matter',
      });
      expect(notPolice.statusCode).toBe(400);
      expect(notPolice.body).toContain('id="referred_to-error"');
      expect(notPolice.body).toContain('stray dogs are a municipal matter'); // values kept

      const backwards = await form(w.officer.id, `/staff/reports/${r.id}/status`, {
        status: 'new',
        reason: 'oops',
      });
      expect(backwards.statusCode).toBe(400);
      expect(backwards.body).toContain('id="status-error"');

      const referred = await form(w.officer.id, `/staff/reports/${r.id}/status`, {
        status: 'closed_not_police',
        reason: 'stray dogs are a municipal matter',
        referred_to: 'Kara-Suu ayil okmotu',
      });
      expect(referred.statusCode).toBe(303);
      const closed = await row(r.id);
      expect(closed.referred_to).toBe('Kara-Suu ayil okmotu');
      expect(closed.time_to_resolve_seconds).not.toBeNull();
      const after = (await get(w.officer.id, `/staff/reports/${r.id}?done=status`)).body;
      expect(after).toContain('Acknowledged after');
      expect(after).toContain('Reopen (back to in progress)');
      expect(after).toContain('The status was changed.');
    });

    it('keeps internal notes from the reporter; messages reach them', async () => {
      const r = await create({ privacy: 'anonymous', description: 'Someone sells vodka to pupils.' });
      const note = await form(w.officer.id, `/staff/reports/${r.id}/notes`, {
        kind: 'note',
        body: 'INTERNAL-ONLY: shop owner is a cousin of the akim',
      });
      expect(note.statusCode).toBe(303);
      const msg = await form(w.officer.id, `/staff/reports/${r.id}/notes`, {
        kind: 'message_out',
        body: 'Could you tell us which shop?',
      });
      expect(msg.statusCode).toBe(303);
      const empty = await form(w.officer.id, `/staff/reports/${r.id}/notes`, { kind: 'note', body: '  ' });
      expect(empty.statusCode).toBe(400);
      expect(empty.body).toContain('id="entry-body-error"');

      const staffView = (await get(w.officer.id, `/staff/reports/${r.id}`)).body;
      expect(staffView).toContain('INTERNAL-ONLY');
      expect(staffView).toContain('Internal — never shown to the reporter');

      const track = await t.app.inject({
        method: 'POST',
        url: '/api/v1/track',
        payload: { receipt: r.receipt },
      });
      expect(track.statusCode, track.body).toBe(200);
      expect(track.body).not.toContain('INTERNAL-ONLY');
      expect(track.body).toContain('Could you tell us which shop?');
    });

    it('shows times in the deployment’s zone (Bishkek), never in UTC', async () => {
      clock.set('2026-12-01T20:30:00.000Z');
      try {
        const r = await create({ description: 'Late-night fight by the bus station.' });
        const page = await t.app.inject({
          url: `/staff/reports/${r.id}`,
          cookies: sessionCookies(await sid(w.officer.id)),
          headers: { 'accept-language': 'en' },
        });
        expect(page.body).toMatch(/Dec 2, 2026, 2:30\sAM/);
        expect(page.body).not.toContain('20:30 UTC');
      } finally {
        clock.reset();
      }
    });

    it('shows the team what the resident answered after resolution, in words', async () => {
      const r = await create({ privacy: 'anonymous', description: 'Street lights out by the school.' });
      const before = await get(w.officer.id, `/staff/reports/${r.id}`);
      expect(before.body).toContain('What the resident said');
      expect(before.body).toContain('once the report is resolved');
      const resolved = await t.app.inject({
        method: 'POST',
        url: `/api/v1/reports/${r.id}/status`,
        headers: w.officer.auth,
        payload: { status: 'resolved', reason: 'repaired', public_note: 'Repaired.' },
      });
      expect(resolved.statusCode, resolved.body).toBe(200);
      expect((await get(w.officer.id, `/staff/reports/${r.id}`)).body).toContain(
        'The resident has not answered yet.',
      );
      const fb = await t.app.inject({
        method: 'POST',
        url: '/track/feedback',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' },
        payload: new URLSearchParams({
          receipt: r.receipt!,
          resolved: 'partly',
          'pc-respect': 'agree_strongly',
        }).toString(),
      });
      expect(fb.statusCode, fb.body).toBe(200);
      const after = (await get(w.officer.id, `/staff/reports/${r.id}`)).body;
      expect(after).toMatch(/Was the problem you reported resolved\?<\/dt><dd>Partly<\/dd>/);
      expect(after).toMatch(/I was treated with respect\.<\/dt><dd>Agree strongly<\/dd>/);
      expect(after).not.toContain('I had a chance to explain my concern.');
    });

    it('opens the reporter contact only for shared reports, on a POST, writing exactly one audit row', async () => {
      const shared = await create({
        privacy: 'name_hidden',
        contact: { name: 'Aizada Toktosunova', phone: '+996 555 010 203' },
      });
      const page = await get(w.officer.id, `/staff/reports/${shared.id}`);
      expect(page.body).not.toContain('Aizada');
      expect(page.body).toContain(`action="/staff/reports/${shared.id}/identity"`);
      expect(page.body).toContain('written to the audit log');
      expect(await auditCount('report.identity.view', shared.id)).toBe(0);
      const shown = await form(w.officer.id, `/staff/reports/${shared.id}/identity`, {});
      expect(shown.statusCode).toBe(200);
      expect(shown.headers['cache-control']).toBe('no-store');
      expect(shown.body).toContain('Aizada Toktosunova');
      expect(shown.body).toContain('+996 555 010 203');
      expect(await auditCount('report.identity.view', shared.id)).toBe(1);

      const anon = await create({ privacy: 'anonymous' });
      const anonPage = await get(w.officer.id, `/staff/reports/${anon.id}`);
      expect(anonPage.body).not.toContain(`/staff/reports/${anon.id}/identity`);
      expect(anonPage.body).toContain('This report is anonymous');
      expect((await form(w.officer.id, `/staff/reports/${anon.id}/identity`, {})).statusCode).toBe(404);
      expect(await auditCount('report.identity.view', anon.id)).toBe(0);
      // Oversight may not see who reported (no rule): 404 before anything is read.
      expect((await form(w.oversight.id, `/staff/reports/${shared.id}/identity`, {})).statusCode).toBe(404);
      expect(await auditCount('report.identity.view', shared.id)).toBe(1);
    });

    it('prefills the public note from a template without JavaScript, and lists templates for supervisors', async () => {
      const created = await form(w.supervisor.id, '/staff/reports/templates', {
        category: 'public-order',
        locale: 'en',
        title: 'Visit planned',
        body: 'Thank you for telling us. An officer will visit the place this week.',
      });
      expect(created.statusCode, created.body).toBe(303);
      const invalid = await form(w.supervisor.id, '/staff/reports/templates', {
        locale: 'en',
        title: '',
        body: 'x',
      });
      expect(invalid.statusCode).toBe(400);
      expect(invalid.body).toContain('id="title-error"');
      expect(
        (await form(w.officer.id, '/staff/reports/templates', { locale: 'en', title: 'a', body: 'b' }))
          .statusCode,
      ).toBe(404);
      const list = await get(w.admin.id, '/staff/reports/templates');
      expect(list.statusCode).toBe(200);
      expect(list.body).toContain('Visit planned');

      const tpl = await t.app.ctx.db.read
        .selectFrom('response_template')
        .select('id')
        .where('title', '=', 'Visit planned')
        .executeTakeFirstOrThrow();
      const r = await create();
      const page = await get(w.officer.id, `/staff/reports/${r.id}`);
      expect(page.body).toContain('Visit planned');
      const used = await form(w.officer.id, `/staff/reports/${r.id}/status`, {
        status: 'acknowledged',
        reason: 'triage',
        template: tpl.id,
        use_template: '1',
      });
      expect(used.statusCode).toBe(200);
      expect(used.body).toMatch(
        /<textarea id="public_note"[^>]*>Thank you for telling us\. An officer will visit/,
      );
      expect((await row(r.id)).status).toBe('new'); // nothing changed yet
    });

    it('assigns, merges by reference, links a problem and releases a held report', async () => {
      const original = await create({ description: 'Drunk drivers on the main road.' });
      const dup = await create({ description: 'Drunk drivers again on the main road.' });
      const badMerge = await form(w.officer.id, `/staff/reports/${dup.id}/merge`, { into: 'R-0000-0000' });
      expect(badMerge.statusCode).toBe(400);
      expect(badMerge.body).toContain('id="into-error"');
      const merge = await form(w.officer.id, `/staff/reports/${dup.id}/merge`, {
        into: original.reference,
        reason: 'same road, same evening',
      });
      expect(merge.statusCode, merge.body).toBe(303);
      const merged = await row(dup.id);
      expect(merged.status).toBe('closed_duplicate');
      expect(merged.duplicate_of).toBe(original.id);

      const assign = await form(w.supervisor.id, `/staff/reports/${original.id}/assign`, {
        person_id: w.officer.id,
        organisation_id: '',
      });
      expect(assign.statusCode).toBe(303);
      expect((await row(original.id)).assigned_person_id).toBe(w.officer.id);
      const badAssign = await form(w.supervisor.id, `/staff/reports/${original.id}/assign`, {
        person_id: w.analyst.id,
      });
      expect(badAssign.statusCode).toBe(400);
      expect(badAssign.body).toContain('id="person_id-error"');
      expect((await get(w.officer.id, '/staff/reports?assigned=me')).body).toContain(original.reference);

      // A report links only to a problem that exists and that the officer may work.
      const officer = (await t.app.ctx.services.sessions.resolveApiToken(w.officer.token))!;
      const { id: problem } = await t.app.ctx.services.problems.create(officer, {
        title: 'Evenings at the school gate',
        description: 'Drinking near the school.',
        clusteringType: 'place',
        priority: 'high',
        areaCodes: [w.areas.district.code],
      });
      const madeUp = await form(w.officer.id, `/staff/reports/${original.id}/problem`, {
        problem_id: '0190a0b0-0000-7000-8000-000000000001',
      });
      expect(madeUp.statusCode).toBe(404);
      const link = await form(w.officer.id, `/staff/reports/${original.id}/problem`, { problem_id: problem });
      expect(link.statusCode).toBe(303);
      expect((await row(original.id)).problem_id).toBe(problem);
      const badLink = await form(w.officer.id, `/staff/reports/${original.id}/problem`, {
        problem_id: 'nope',
      });
      expect(badLink.statusCode).toBe(400);
      expect(badLink.body).toContain('id="problem_id-error"');

      const held = await create();
      await t.app.ctx.db.write((trx) =>
        trx.updateTable('report').set({ held_for_review: 1 }).where('id', '=', held.id).execute(),
      );
      expect((await get(w.supervisor.id, '/staff/reports?held=1')).body).toContain(held.reference);
      expect((await get(w.supervisor.id, '/staff/reports')).body).not.toContain(held.reference);
      expect((await form(w.officer.id, `/staff/reports/${held.id}/release`, {})).statusCode).toBe(404);
      const release = await form(w.supervisor.id, `/staff/reports/${held.id}/release`, {});
      expect(release.statusCode).toBe(303);
      expect((await row(held.id)).held_for_review).toBe(0);
    });

    it('serves photos privately to allowed staff only', async () => {
      const jpeg = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#c33' } })
        .jpeg()
        .toBuffer();
      const created = await t.app.ctx.services.reports.createReport(ANONYMOUS, {
        description: 'Graffiti threatening a family on the wall.',
        category: 'public-order',
        privacy: 'public',
        location: { lat: 40.70123, lon: 72.90456 },
        photos: [jpeg],
      });
      const photo = await t.app.ctx.db.read
        .selectFrom('report_photo')
        .select('id')
        .where('report_id', '=', created.id)
        .executeTakeFirstOrThrow();
      const url = `/staff/reports/${created.id}/photos/${photo.id}`;
      expect((await get(w.officer.id, `/staff/reports/${created.id}`)).body).toContain(url);
      const ok = await get(w.officer.id, url);
      expect(ok.statusCode).toBe(200);
      expect(ok.headers['cache-control']).toBe('private, no-store');
      expect(String(ok.headers['content-type'])).toMatch(/^image\//);
      expect((await get(w.otherOfficer.id, url)).statusCode).toBe(404);
      expect((await get(w.analyst.id, url)).statusCode).toBe(404);
      expect((await t.app.inject({ method: 'GET', url })).statusCode).toBe(303);
    });
  });

  describe('walk-in entry', () => {
    it('records an anonymous walk-in: the receipt is shown once, no contact is stored', async () => {
      const res = await form(w.officer.id, '/staff/reports/new', {
        channel: 'reception',
        description: 'An elderly man says youths take money from pupils near school No. 3.',
        category: 'school-bullying',
        area: w.areas.district.code,
        privacy: 'anonymous',
      });
      expect(res.statusCode, res.body).toBe(303);
      expect(res.headers.location).toBe('/staff/reports/new/done');
      const once = String(res.headers['set-cookie']).match(/once=([^;]+)/)![1]!;
      const cookies = { ...sessionCookies(await sid(w.officer.id)), once };
      const done = await t.app.inject({ method: 'GET', url: '/staff/reports/new/done', cookies });
      expect(done.statusCode).toBe(200);
      const receipt = /class="receipt mono">([\d-]+)</.exec(done.body)?.[1];
      expect(receipt).toMatch(/^\d{4}(-\d{4}){4}$/);
      const stored = await t.app.ctx.db.read
        .selectFrom('report')
        .selectAll()
        .where('channel', '=', 'reception')
        .executeTakeFirstOrThrow();
      expect(stored.privacy).toBe('anonymous');
      expect(stored.contact).toBeNull();
      expect(stored.reporter_person_id).toBeNull();
      expect(stored.entered_by_person_id).toBe(w.officer.id);
      expect(JSON.stringify(stored)).not.toContain(receipt!.replace(/-/g, ''));
      // The receipt works on /track, and the page will not show it a second time.
      const track = await t.app.inject({ method: 'POST', url: '/api/v1/track', payload: { receipt } });
      expect(track.statusCode).toBe(200);
      const again = await t.app.inject({
        method: 'GET',
        url: '/staff/reports/new/done',
        cookies: sessionCookies(await sid(w.officer.id)),
      });
      expect(again.statusCode).toBe(303);
    });

    it('refuses contact details on an anonymous walk-in and names the missing fields', async () => {
      const res = await form(w.officer.id, '/staff/reports/new', {
        channel: 'walk_in',
        description: 'Neighbour threatens a woman next door.',
        category: 'violence-threats',
        area: w.areas.district.code,
        privacy: 'anonymous',
        contact_phone: '+996 555 999 888',
      });
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('id="contact-error"');
      const missing = await form(w.officer.id, '/staff/reports/new', {
        channel: 'walk_in',
        description: '',
        category: 'violence-threats',
        area: w.areas.district.code,
        privacy: 'name_hidden',
      });
      expect(missing.statusCode).toBe(400);
      expect(missing.body).toContain('id="description-error"');
      const named = await form(w.officer.id, '/staff/reports/new', {
        channel: 'walk_in',
        description: 'Neighbour threatens a woman next door.',
        category: 'violence-threats',
        area: w.areas.district.code,
        privacy: 'name_hidden',
        contact_name: 'Gulnara',
        contact_phone: '+996 555 999 888',
      });
      expect(named.statusCode).toBe(303);
      const stored = await t.app.ctx.db.read
        .selectFrom('report')
        .selectAll()
        .where('channel', '=', 'walk_in')
        .where('privacy', '=', 'name_hidden')
        .executeTakeFirstOrThrow();
      expect(stored.contact).not.toBeNull();
      expect(stored.contact).not.toContain('Gulnara');
    });
  });

  it('links the queue from the staff home for roles that can list reports', async () => {
    expect((await get(w.officer.id, '/staff')).body).toContain('href="/staff/reports"');
    expect((await get(w.admin.id, '/staff')).body).not.toContain('href="/staff/reports"');
  });
});
