/**
 * The second step of the forums module through real HTTP on SQLite and PostgreSQL: training and
 * workshop pages (create, agenda, registration and approval within the seat limit, attendance per
 * day, an anonymous evaluation answered once, summary and XLSX export), materials (type from the
 * bytes, pictures re-encoded without metadata, downloads as attachments, access follows the owner),
 * meeting invitations with answers on the staff home page and an .ics per meeting, and the public
 * summary per resident language with a clear fallback.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { describeDialects } from '../../../test/db.ts';
import {
  createApiToken,
  createSession,
  csrfPair,
  insertArea,
  insertAreaChain,
  insertOrganisation,
  insertStaff,
  sessionCookies,
  type AreaChain,
} from '../../../test/factories.ts';
import { LOCALES } from '../../shared/i18n.ts';
import type { Actor } from '../../shared/policy.ts';
import { pickSummary } from './forums.service.ts';
import { cleanFileName, contentDisposition, sniff } from './materials.store.ts';

const BOUNDARY = '----ishenimForumsBoundary1234';
function multipart(fields: Record<string, string>, file?: { filename: string; type: string; data: Buffer }) {
  const chunks: Buffer[] = [];
  for (const [k, v] of Object.entries(fields))
    chunks.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    chunks.push(
      Buffer.from(
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${file.filename}"\r\nContent-Type: ${file.type}\r\n\r\n`,
      ),
      file.data,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return { payload: Buffer.concat(chunks), ct: `multipart/form-data; boundary=${BOUNDARY}` };
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

describeDialects('forums pages: trainings, materials, invitations, summaries', (dialect) => {
  let t: TestApp;
  let areas: AreaChain;
  const ids: Record<string, string> = {};
  const sids: Record<string, string> = {};
  const actors: Record<string, Actor> = {};

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const db = t.app.ctx.db;
    areas = await insertAreaChain(db);
    const d = areas.district.code;
    const other = await insertArea(db, {
      code: 'KG-O.nookat',
      kind: 'district',
      parent: areas.region,
      names: { en: 'Nookat District' },
    });
    const police = await insertOrganisation(db, { sector: 'police', areaCodes: [d] });
    const ngo = await insertOrganisation(db, { sector: 'partner', kind: 'ngo', areaCodes: [d] });
    const people = {
      coordinator: await insertStaff(db, [{ role: 'prevention_coordinator', areaCode: d }], {
        organisationId: police.id,
        displayName: 'Nurlan Osmonov',
      }),
      officer: await insertStaff(db, [{ role: 'officer', areaCode: d }], {
        organisationId: police.id,
        displayName: 'Bakyt Jumabekov',
      }),
      partner: await insertStaff(db, [{ role: 'partner', areaCode: d }], {
        organisationId: ngo.id,
        displayName: 'Aisuluu Toktogulova',
      }),
      secretary: await insertStaff(db, [{ role: 'partner', areaCode: d }], {
        organisationId: ngo.id,
        displayName: 'Jypar Mamytova',
      }),
      stranger: await insertStaff(db, [{ role: 'officer', areaCode: other.code }], {
        organisationId: police.id,
      }),
    };
    for (const [k, p] of Object.entries(people)) {
      ids[k] = p.id;
      sids[k] = await createSession(t.app, p.id);
      const token = await createApiToken(t.app, p.id);
      actors[k] = (await t.app.ctx.services.sessions.resolveApiToken(token))!;
    }
  });
  afterAll(async () => t?.close());

  const get = (who: string | null, url: string, headers: Record<string, string> = {}) =>
    t.app.inject({ url, headers, ...(who ? { cookies: sessionCookies(sids[who]!) } : {}) });
  const post = (who: string, url: string, fields: Record<string, string | string[]>) => {
    const c = csrfPair(t.app);
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) body.append(k, x);
    body.append('_csrf', c.token);
    return t.app.inject({
      method: 'POST',
      url,
      cookies: { ...sessionCookies(sids[who]!), ...c.cookies },
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: body.toString(),
    });
  };
  const upload = (
    who: string,
    url: string,
    fields: Record<string, string>,
    file?: { filename: string; type: string; data: Buffer },
    withCsrf = true,
  ) => {
    const c = csrfPair(t.app);
    const m = multipart(withCsrf ? { _csrf: c.token, ...fields } : fields, file);
    return t.app.inject({
      method: 'POST',
      url,
      cookies: { ...sessionCookies(sids[who]!), ...c.cookies },
      headers: { 'content-type': m.ct },
      payload: m.payload,
    });
  };
  const auditActions = async (subjectId: string) =>
    (
      await t.app.ctx.db.read
        .selectFrom('audit_event')
        .select('action')
        .where('subject_id', '=', subjectId)
        .execute()
    ).map((r) => r.action);

  it('runs a two-day workshop through the pages: create, agenda, seats, attendance, evaluation, export', async () => {
    const start = inDays(10);
    const end = inDays(11);
    const form = {
      title: 'Cross-border workshop on community policing',
      areaCode: areas.district.code,
      place: 'Osh, Hotel Alay',
      startsOn: start,
      endsOn: end,
      seatLimit: '2',
      organiserName1: 'Ministry of Internal Affairs of the Kyrgyz Republic',
      organiserCountry1: 'KG',
      partnerName1: 'Ministry of Internal Affairs of Kazakhstan',
      partnerCountry1: 'KZ',
      partnerName2: 'Ministry of Internal Affairs of Tajikistan',
      partnerCountry2: 'TJ',
    };
    // Mistakes come back next to their fields; only coordinators may organise.
    const bad = await post('coordinator', '/staff/events', { ...form, title: '' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('id="title-error"');
    const badSeats = await post('coordinator', '/staff/events', { ...form, seatLimit: 'many' });
    expect(badSeats.statusCode).toBe(400);
    expect(badSeats.body).toContain('id="seatLimit-error"');
    const badCountry = await post('coordinator', '/staff/events', { ...form, partnerCountry1: 'XX' });
    expect(badCountry.statusCode).toBe(400);
    expect(badCountry.body).toContain('id="partnerName1-error"');
    expect((await post('officer', '/staff/events', form)).statusCode).toBe(404);

    const created = await post('coordinator', '/staff/events', form);
    expect(created.statusCode).toBe(303);
    const url = created.headers.location as string;
    const id = url.split('/').pop()!;
    ids.event = id;
    expect((await get('coordinator', '/staff/events')).body).toContain(form.title);

    // Agenda: a session on day 2 with two speakers; a session outside the event is refused.
    expect(
      (
        await post('coordinator', `${url}/sessions`, {
          day: end,
          time: '09:30',
          sessionTitle: 'Prevention of violent extremism: sharing practice',
          speakers: 'Aigerim Sadykova, Farrukh Rahimov',
        })
      ).statusCode,
    ).toBe(303);
    const outside = await post('coordinator', `${url}/sessions`, {
      day: inDays(30),
      time: '09:30',
      sessionTitle: 'x',
    });
    expect(outside.statusCode).toBe(400);
    expect(outside.body).toContain('id="day-error"');

    // A partner of the area sees the event and asks for a seat (once); no participant list for them.
    const partnerPage = await get('partner', url);
    expect(partnerPage.statusCode).toBe(200);
    expect(partnerPage.body).toContain('Farrukh Rahimov');
    expect(partnerPage.body).not.toContain('id="participants"');
    const asked = await post('partner', `${url}/register`, {
      fullName: 'Aisuluu Toktogulova',
      organisationName: 'Yntymak NGO',
      country: 'KG',
    });
    expect(asked.statusCode).toBe(303);
    const again = await post('partner', `${url}/register`, {
      fullName: 'Aisuluu Toktogulova',
      organisationName: 'Yntymak NGO',
      country: 'KG',
    });
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('already asked');
    // Organisers register guests from abroad.
    for (const [name, org, country] of [
      ['Yerlan Seitkali', 'MIA of Kazakhstan', 'KZ'],
      ['Faridun Rahimov', 'MIA of Tajikistan', 'TJ'],
    ])
      expect(
        (
          await post('coordinator', `${url}/register`, {
            fullName: name!,
            organisationName: org!,
            country: country!,
          })
        ).statusCode,
      ).toBe(303);
    // Another district's officer does not see the event at all.
    expect((await get('stranger', url)).statusCode).toBe(404);

    const detail = await t.app.ctx.services.trainings.get(actors.coordinator!, { id });
    const reg = (name: string) => detail.participants!.find((p) => p.fullName === name)!;
    const approve = (name: string) =>
      post('coordinator', `${url}/registrations/${reg(name).id}`, { decision: 'approved' });
    expect((await approve('Aisuluu Toktogulova')).statusCode).toBe(303);
    expect((await approve('Yerlan Seitkali')).statusCode).toBe(303);
    const full = await approve('Faridun Rahimov');
    expect(full.statusCode).toBe(400);
    expect(full.body).toContain('all seats are taken');
    expect(
      (
        await post('coordinator', `${url}/registrations/${reg('Faridun Rahimov').id}`, {
          decision: 'rejected',
        })
      ).statusCode,
    ).toBe(303);

    // Attendance per day: both on day 1, one on day 2; a rejected person cannot be marked present.
    const a = reg('Aisuluu Toktogulova').id;
    const y = reg('Yerlan Seitkali').id;
    expect((await post('coordinator', `${url}/attendance`, { day: start, present: [a, y] })).statusCode).toBe(
      303,
    );
    expect((await post('coordinator', `${url}/attendance`, { day: end, present: y })).statusCode).toBe(303);
    const wrong = await post('coordinator', `${url}/attendance`, {
      day: end,
      present: reg('Faridun Rahimov').id,
    });
    expect(wrong.statusCode).toBe(400);

    // The evaluation: every question needed; answered once; stored without the person.
    const missing = await post('partner', `${url}/evaluation`, {
      relevance: '5',
      quality: '4',
      organisation: '5',
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('id="willApply-error"');
    const evalForm = {
      relevance: '5',
      quality: '4',
      organisation: '5',
      willApply: 'yes',
      comment: 'Very useful',
    };
    expect((await post('partner', `${url}/evaluation`, evalForm)).statusCode).toBe(303);
    const twice = await post('partner', `${url}/evaluation`, evalForm);
    expect(twice.statusCode).toBe(400);
    expect(twice.body).toContain('already answered');
    expect((await get('partner', url)).body).toContain('Thank you, your evaluation was received.');
    // An organiser enters a paper form; an outsider cannot evaluate.
    expect(
      (
        await post('coordinator', `${url}/evaluation`, {
          relevance: '3',
          quality: '4',
          organisation: '4',
          willApply: 'no',
        })
      ).statusCode,
    ).toBe(303);
    expect((await post('officer', `${url}/evaluation`, evalForm)).statusCode).toBe(404);
    const cols = await t.app.ctx.db.read
      .selectFrom('training_evaluation')
      .selectAll()
      .where('event_id', '=', id)
      .execute();
    expect(cols).toHaveLength(2);
    expect(JSON.stringify(cols)).not.toContain(ids.partner!);

    // The organiser's page: participants by country, attendance, the summary with averages, export.
    const page = await get('coordinator', url);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Kazakhstan (1)');
    expect(page.body).toContain('Tajikistan (1)');
    expect(page.body).toContain('2 answers');
    expect(page.body).toContain('4.00'); // relevance (5 + 3) / 2
    expect(page.body).toContain('4.50'); // organisation
    expect(page.body).toContain('1 of 2 will apply what they learned.');
    expect(page.body).toContain(`href="/api/v1/events/${id}/export.xlsx"`);
    const x = await get('coordinator', `/api/v1/events/${id}/export.xlsx`);
    expect(x.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    const rows = [2, 3, 4].map((i) =>
      (wb.getWorksheet('Participants')!.getRow(i).values as unknown[]).slice(1),
    );
    expect(rows).toContainEqual(['Yerlan Seitkali', 'MIA of Kazakhstan', 'KZ', 'approved', 1, 1]);
    expect(rows).toContainEqual(['Aisuluu Toktogulova', 'Yntymak NGO', 'KG', 'approved', 1, 0]);
    expect(await auditActions(id)).toEqual(
      expect.arrayContaining([
        'training.create',
        'training.session.add',
        'training.register',
        'training.decide',
        'training.attendance',
        'training.evaluate',
        'training.participants.read',
        'training.export',
      ]),
    );
  });

  it('attaches materials: type from the bytes, pictures without metadata, access follows the owner', async () => {
    const url = `/staff/events/${ids.event}`;
    const pdf = await upload(
      'coordinator',
      `${url}/materials`,
      { materialTitle: 'Agenda' },
      {
        filename: '../../etc/Agenda: final?.pdf',
        type: 'application/pdf',
        data: PDF,
      },
    );
    expect(pdf.statusCode).toBe(303);
    expect(pdf.headers.location).toBe(`${url}#materials`);
    // A web page pretending to be a PDF, and a form without its CSRF token, are refused.
    const fake = await upload(
      'coordinator',
      `${url}/materials`,
      {},
      {
        filename: 'slides.pdf',
        type: 'application/pdf',
        data: Buffer.from('<html><script>alert(1)</script></html>'),
      },
    );
    expect(fake.statusCode).toBe(400);
    expect(fake.body).toContain('id="file-error"');
    const noFile = await upload('coordinator', `${url}/materials`, { materialTitle: 'x' });
    expect(noFile.statusCode).toBe(400);
    expect(noFile.body).toContain('id="file-error"');
    const noToken = await upload(
      'coordinator',
      `${url}/materials`,
      {},
      { filename: 'a.pdf', type: 'application/pdf', data: PDF },
      false,
    );
    expect(noToken.statusCode).toBe(403);
    expect(
      (
        await upload(
          'partner',
          `${url}/materials`,
          {},
          { filename: 'a.pdf', type: 'application/pdf', data: PDF },
        )
      ).statusCode,
    ).toBe(404);

    // A photo with EXIF (a camera serial) is re-encoded without it.
    const photo = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#3366aa' } })
      .jpeg()
      .withMetadata({ exif: { IFD0: { Copyright: 'Camera serial 12345' } } })
      .toBuffer();
    expect((await sharp(photo).metadata()).exif).toBeDefined();
    expect(
      (
        await upload(
          'coordinator',
          `${url}/materials`,
          {},
          { filename: 'group photo.jpg', type: 'image/jpeg', data: photo },
        )
      ).statusCode,
    ).toBe(303);
    // A real spreadsheet is accepted as XLSX.
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Budget').addRow(['Item', 'KGS']);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    expect(
      (
        await upload(
          'coordinator',
          `${url}/materials`,
          {},
          { filename: 'budget.xlsx', type: 'application/octet-stream', data: xlsx },
        )
      ).statusCode,
    ).toBe(303);

    const items = await t.app.ctx.services.materials.list(actors.partner!, {
      ownerKind: 'training_event',
      ownerId: ids.event!,
    });
    expect(items.map((m) => m.mime)).toEqual([
      'application/pdf',
      'image/jpeg',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ]);
    expect(items[0]!.fileName).toBe('Agenda final.pdf');
    expect(items[1]!.title).toBe('group photo');

    const dl = await get('partner', `/staff/materials/${items[0]!.id}`);
    expect(dl.statusCode).toBe(200);
    expect(dl.headers['content-type']).toBe('application/pdf');
    expect(dl.headers['content-disposition']).toMatch(/^attachment; filename="Agenda final.pdf"/);
    expect(dl.headers['x-content-type-options']).toBe('nosniff');
    expect(dl.rawPayload.equals(PDF)).toBe(true);
    const img = await get('partner', `/staff/materials/${items[1]!.id}`);
    expect(img.headers['content-disposition']).toMatch(/^inline/);
    expect((await sharp(img.rawPayload).metadata()).exif).toBeUndefined();
    // Not for another district, not for the public.
    expect((await get('stranger', `/staff/materials/${items[0]!.id}`)).statusCode).toBe(404);
    expect((await get(null, `/forums/materials/${items[0]!.id}`)).statusCode).toBe(404);
    expect((await get('partner', `/api/v1/events/${ids.event}/materials`)).statusCode).toBe(200);

    // Removal deletes the file from disk, audited.
    const row = await t.app.ctx.db.read
      .selectFrom('forum_material')
      .select('storage_key')
      .where('id', '=', items[2]!.id)
      .executeTakeFirstOrThrow();
    const file = path.join(t.config.dataDir, 'materials', row.storage_key.slice(0, 2), row.storage_key);
    expect(existsSync(file)).toBe(true);
    expect((await post('partner', `/staff/materials/${items[2]!.id}/remove`, {})).statusCode).toBe(404);
    const removed = await post('coordinator', `/staff/materials/${items[2]!.id}/remove`, {});
    expect(removed.statusCode).toBe(303);
    expect(existsSync(file)).toBe(false);
    expect(await auditActions(ids.event!)).toEqual(
      expect.arrayContaining(['material.add', 'material.remove']),
    );
  });

  it('invites chosen members; they answer from their home page; the secretary sees the answers', async () => {
    const forums = t.app.ctx.services.forums;
    const f = await forums.createForum(actors.coordinator!, {
      name: 'Kara-Suu Prevention Centre',
      kind: 'prevention_centre',
      areaCode: areas.district.code,
    });
    ids.forum = f.id;
    const member = async (personId: string, role: string) =>
      (
        await forums.addMember(actors.coordinator!, {
          forumId: f.id,
          personId,
          role,
          termStart: '2026-01-01',
        })
      ).id;
    const secM = await member(ids.secretary!, 'secretary');
    const offM = await member(ids.officer!, 'member');
    const parM = await member(ids.partner!, 'member');
    const starts = `${inDays(5)}T10:00+06:00`;
    const m = await forums.scheduleMeeting(actors.secretary!, {
      forumId: f.id,
      title: 'Street lighting near school No. 3',
      startsAt: starts,
      endsAt: `${inDays(5)}T12:00+06:00`,
      mode: 'in_person',
      place: 'Ayil okmotu hall',
      visibility: 'public',
      invitedMemberIds: [secM, offM],
    });
    ids.meeting = m.id;
    let d = await forums.getMeeting(actors.secretary!, { id: m.id });
    expect(
      d.participants
        .filter((p) => p.invited)
        .map((p) => p.memberId)
        .sort(),
    ).toEqual([secM, offM].sort());
    await expect(
      forums.scheduleMeeting(actors.secretary!, {
        forumId: f.id,
        title: 'x',
        startsAt: starts,
        endsAt: `${inDays(5)}T12:00+06:00`,
        mode: 'in_person',
        place: 'x',
        visibility: 'members',
        invitedMemberIds: ['0190f3f0-0000-7000-8000-000000000000'],
      }),
    ).rejects.toMatchObject({ field: 'invited' });

    // The partner is not invited: nothing on their home page, answering looks like "not found".
    expect((await get('partner', '/staff')).body).toContain('No upcoming meetings you are invited to.');
    expect((await post('partner', `/staff/meetings/${m.id}/rsvp`, { answer: 'yes' })).statusCode).toBe(404);
    // The secretary invites the partner too, through the page's form.
    const inv = await post('secretary', `/staff/meetings/${m.id}/invitations`, {
      inviteChoice: '1',
      invited: [secM, offM, parM],
    });
    expect(inv.statusCode).toBe(303);
    const home = await get('partner', '/staff');
    expect(home.body).toContain('Street lighting near school No. 3');
    expect(home.body).toContain(`action="/staff/meetings/${m.id}/rsvp?_once=`);
    const ans = await post('partner', `/staff/meetings/${m.id}/rsvp`, { answer: 'maybe', back: 'home' });
    expect(ans.statusCode).toBe(303);
    expect(ans.headers.location).toBe('/staff#invitations');
    expect(
      (await post('officer', `/staff/meetings/${m.id}/rsvp`, { answer: 'yes', back: 'meeting' })).headers
        .location,
    ).toBe(`/staff/meetings/${m.id}`);
    const badAnswer = await post('officer', `/staff/meetings/${m.id}/rsvp`, {
      answer: 'perhaps',
      back: 'meeting',
    });
    expect(badAnswer.statusCode).toBe(400);
    d = await forums.getMeeting(actors.secretary!, { id: m.id });
    expect(Object.fromEntries(d.participants.map((p) => [p.memberId, p.rsvp]))).toEqual({
      [secM]: null,
      [offM]: 'yes',
      [parM]: 'maybe',
    });
    const page = await get('secretary', `/staff/meetings/${m.id}`);
    expect(page.body).toContain('Invited: 3. Attending: 1, not attending: 0, maybe: 1, no answer yet: 1.');
    expect((await t.app.ctx.services.forums.myInvitations(actors.officer!))[0]!.rsvp).toBe('yes');
    // Un-inviting keeps it consistent: the partner's invitation disappears from their home page.
    await post('secretary', `/staff/meetings/${m.id}/invitations`, {
      inviteChoice: '1',
      invited: [secM, offM],
    });
    expect((await get('partner', '/staff')).body).not.toContain('Street lighting near school No. 3');

    // One meeting as an .ics file, for whoever may read it.
    const ics = await get('officer', `/staff/meetings/${m.id}/meeting.ics`);
    expect(ics.statusCode).toBe(200);
    expect(ics.headers['content-type']).toMatch(/^text\/calendar/);
    expect(ics.body.replace(/\r\n[ \t]/g, '')).toContain(
      'SUMMARY:Street lighting near school No. 3 — Kara-Suu Prevention Centre',
    );
    expect((await get('stranger', `/staff/meetings/${m.id}/meeting.ics`)).statusCode).toBe(404);
    const api = await t.app.inject({
      url: '/api/v1/invitations',
      headers: { authorization: `Bearer ${await createApiToken(t.app, ids.officer!)}` },
    });
    expect(api.json().items.map((i: { meetingId: string }) => i.meetingId)).toContain(m.id);
    expect(await auditActions(m.id)).toEqual(expect.arrayContaining(['meeting.invitations', 'meeting.rsvp']));
  });

  it('publishes the summary per resident language, with a fallback and the list of languages', async () => {
    const id = ids.meeting!;
    const saved = await post('secretary', `/staff/meetings/${id}/summaries`, {
      summary_ky: 'Көчө жарыгы талкууланды; мектептин жанына алты чырак орнотулат.',
      summary_ru: 'Обсудили уличное освещение; у школы установят шесть фонарей.',
      summary_en: '',
    });
    expect(saved.statusCode).toBe(303);
    const lang = (l: string) => ({ cookie: `lang=${l}` });
    const ru = await get(null, `/forums/meetings/${id}`, lang('ru'));
    expect(ru.body).toContain('Обсудили уличное освещение');
    expect(ru.body).not.toContain('Көчө жарыгы');
    expect(ru.body).toContain(`href="/forums/meetings/${id}?lang=ky#summary"`);
    // Kazakh: no summary yet, so Kyrgyz is shown and the page says so.
    const kk = await get(null, `/forums/meetings/${id}`, lang('kk'));
    expect(kk.body).toContain('Көчө жарыгы талкууланды');
    expect(kk.body).toContain('Көрсетілген тіл: Кыргызча');
    // ?lang= picks one of the available languages.
    expect((await get(null, `/forums/meetings/${id}?lang=ru`, lang('en'))).body).toContain('Обсудили');
    expect((await get(null, `/forums/meetings/${id}?lang=xx`)).statusCode).toBe(200);
    // Never members' names on the public page.
    for (const l of ['ru', 'kk', 'en']) {
      const body = (await get(null, `/forums/meetings/${id}`, lang(l))).body;
      expect(body).not.toContain('Jypar Mamytova');
      expect(body).not.toContain('Aisuluu');
    }
    // A public file of a public meeting is downloadable by anyone; a members-only meeting has no public files.
    const up = await upload(
      'secretary',
      `/staff/meetings/${id}/materials`,
      { materialTitle: 'Lighting plan', isPublic: '1' },
      {
        filename: 'plan.pdf',
        type: 'application/pdf',
        data: PDF,
      },
    );
    expect(up.statusCode).toBe(303);
    const pub = await get(null, `/forums/meetings/${id}`);
    const href = /href="(\/forums\/materials\/[0-9a-f-]+)"/.exec(pub.body)![1]!;
    const file = await get(null, href);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-disposition']).toMatch(/^attachment/);
    const closed = await t.app.ctx.services.forums.scheduleMeeting(actors.secretary!, {
      forumId: ids.forum!,
      title: 'Members only',
      startsAt: `${inDays(6)}T10:00+06:00`,
      endsAt: `${inDays(6)}T11:00+06:00`,
      mode: 'online',
      place: 'Online',
      onlineUrl: 'https://meet.example.org/x',
      visibility: 'members',
    });
    const refused = await upload(
      'secretary',
      `/staff/meetings/${closed.id}/materials`,
      { isPublic: '1' },
      {
        filename: 'plan.pdf',
        type: 'application/pdf',
        data: PDF,
      },
    );
    expect(refused.statusCode).toBe(400);
    // The API sets one language at a time and removes it with empty text.
    const token = await createApiToken(t.app, ids.secretary!);
    const put = (l: string, text: string) =>
      t.app.inject({
        method: 'PUT',
        url: `/api/v1/meetings/${id}/summaries/${l}`,
        headers: { authorization: `Bearer ${token}` },
        payload: { text },
      });
    expect((await put('tg', 'Дар бораи равшании кӯча сӯҳбат шуд.')).statusCode).toBe(200);
    expect((await put('ru', '')).statusCode).toBe(200);
    expect((await put('xx', 'x')).statusCode).toBe(400);
    const summary = await t.app.inject({ url: `/api/v1/meetings/${id}/summary` });
    expect(summary.json().summaries.map((s: { locale: string }) => s.locale)).toEqual(['ky', 'tg']);
    expect(await auditActions(id)).toContain('meeting.summary');
  });
});

describe('forums parsers (properties)', () => {
  it('sniff accepts only what the bytes say; file names and headers stay safe', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.string({ maxLength: 300 }), (bytes, name) => {
        const kind = sniff(Buffer.from(bytes));
        expect([null, 'pdf', 'docx', 'xlsx', 'image']).toContain(kind);
        const clean = cleanFileName(name, 'pdf');
        expect(clean.endsWith('.pdf')).toBe(true);
        expect(clean).not.toMatch(/[\\/"<>]|\p{Cc}/u);
        expect(clean.length).toBeLessThanOrEqual(124);
        const header = contentDisposition('attachment', clean);
        expect(header).not.toMatch(/[\r\n]/);
        expect(
          /^attachment; filename="[\x20-\x7e]*"; filename\*=UTF-8''[A-Za-z0-9%!'()*._~-]*$/.test(header),
        ).toBe(true);
      }),
    );
    expect(sniff(PDF)).toBe('pdf');
    expect(sniff(Buffer.from('PK\u0003\u0004 random zip'))).toBeNull();
  });

  it('pickSummary shows the visitor’s language, else a twin or the fallback order, never an empty text', () => {
    const loc = fc.constantFrom(...LOCALES);
    fc.assert(
      fc.property(
        fc.array(fc.record({ locale: loc, text: fc.string({ maxLength: 5 }) }), { maxLength: 8 }),
        loc,
        (list, want) => {
          const r = pickSummary(list, want);
          const filled = list.filter((x) => x.text.trim());
          if (filled.length === 0) {
            expect(r).toBeNull();
          } else {
            expect(r).not.toBeNull();
            expect(r!.shown.text.trim()).not.toBe('');
            expect(r!.fallback).toBe(!filled.some((x) => x.locale === want));
          }
        },
      ),
    );
    expect(
      pickSummary(
        [
          { locale: 'uz-Latn', text: 'a' },
          { locale: 'ru', text: 'b' },
        ],
        'uz',
      )!.shown.locale,
    ).toBe('uz-Latn');
    expect(
      pickSummary(
        [
          { locale: 'en', text: 'a' },
          { locale: 'ru', text: 'b' },
        ],
        'kk',
      )!.shown.locale,
    ).toBe('ru');
  });
});
