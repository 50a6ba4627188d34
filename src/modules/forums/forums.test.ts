/**
 * Forums services, policies and API on SQLite and PostgreSQL: who sees which forum ("not yours" is
 * 404), secretaries run meetings, the public sees only public meetings, commitments reach their
 * owner and are carried to the next agenda until done, partnerships are audited and contacts are
 * need-to-know.
 */
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ConflictError, NotFoundError, UnauthenticatedError, ValidationError } from '../../shared/errors.ts';
import { ANONYMOUS, type Actor } from '../../shared/policy.ts';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { describeDialects } from '../../../test/db.ts';
import {
  createApiToken,
  createSession,
  insertArea,
  sessionCookies,
  insertAreaChain,
  insertOrganisation,
  insertStaff,
  type AreaChain,
} from '../../../test/factories.ts';
import { date, instant } from './forums.validate.ts';
import { seedReportCategories, CATEGORY_SEEDS } from '../reports/report-categories.seed.ts';

describeDialects('forums', (dialect) => {
  let t: TestApp;
  let areas: AreaChain;
  const actors: Record<string, Actor> = {};
  const ids: Record<string, string> = {};
  const tokens: Record<string, string> = {};

  async function actorOf(personId: string): Promise<Actor> {
    const token = await createApiToken(t.app, personId);
    const a = await t.app.ctx.services.sessions.resolveApiToken(token);
    return a!;
  }

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const db = t.app.ctx.db;
    areas = await insertAreaChain(db);
    const other = await insertArea(db, {
      code: 'KG-O.nookat',
      kind: 'district',
      parent: areas.region,
      names: { en: 'Nookat District' },
    });
    const police = await insertOrganisation(db, { sector: 'police', areaCodes: [areas.district.code] });
    const ngo = await insertOrganisation(db, {
      sector: 'partner',
      kind: 'ngo',
      areaCodes: [areas.district.code],
    });
    const women = await insertOrganisation(db, {
      sector: 'partner',
      kind: 'womens_committee',
      areaCodes: [areas.district.code],
    });
    const otherNgo = await insertOrganisation(db, {
      sector: 'partner',
      kind: 'ngo',
      areaCodes: [other.code],
    });
    ids.police = police.id;
    ids.ngo = ngo.id;
    ids.women = women.id;
    ids.otherNgo = otherNgo.id;
    const d = areas.district.code;
    const people = {
      coordinator: await insertStaff(db, [{ role: 'prevention_coordinator', areaCode: d }], {
        organisationId: police.id,
      }),
      officer: await insertStaff(db, [{ role: 'officer', areaCode: d }], { organisationId: police.id }),
      otherOfficer: await insertStaff(db, [{ role: 'officer', areaCode: other.code }], {
        organisationId: police.id,
      }),
      secretary: await insertStaff(db, [{ role: 'partner', areaCode: d }], { organisationId: women.id }),
      ngoPartner: await insertStaff(db, [{ role: 'partner', areaCode: d }], { organisationId: ngo.id }),
      strangerPartner: await insertStaff(db, [{ role: 'partner', areaCode: other.code }], {
        organisationId: otherNgo.id,
      }),
      analyst: await insertStaff(db, [{ role: 'analyst', areaCode: d }], { organisationId: police.id }),
    };
    for (const [k, p] of Object.entries(people)) {
      ids[k] = p.id;
      actors[k] = await actorOf(p.id);
      tokens[k] = await createApiToken(t.app, p.id);
    }
  });
  afterAll(async () => t?.close());

  const svc = () => t.app.ctx.services.forums;

  it('sets up a forum with members; only coordinators of the area may create it', async () => {
    await expect(
      svc().createForum(actors.officer!, {
        name: 'X',
        kind: 'prevention_centre',
        areaCode: areas.district.code,
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      svc().createForum(actors.coordinator!, { name: 'X', kind: 'nope', areaCode: areas.district.code }),
    ).rejects.toMatchObject({ field: 'kind' });
    const f = await svc().createForum(actors.coordinator!, {
      name: 'Кара-Суу ОПЦ',
      kind: 'prevention_centre',
      areaCode: areas.district.code,
    });
    ids.forum = f.id;
    await svc().addMember(actors.coordinator!, {
      forumId: f.id,
      personId: ids.secretary,
      role: 'secretary',
      termStart: '2026-01-01',
      gender: 'woman',
      ageBand: '30_44',
    });
    await svc().addMember(actors.coordinator!, {
      forumId: f.id,
      personId: ids.officer,
      role: 'member',
      termStart: '2026-01-01',
    });
    await svc().addMember(actors.coordinator!, {
      forumId: f.id,
      displayName: 'Асель Токтосунова',
      organisationId: ids.ngo,
      role: 'member',
      termStart: '2026-01-01',
      gender: 'woman',
      ageBand: '18_29',
    });
    await expect(
      svc().addMember(actors.coordinator!, {
        forumId: f.id,
        displayName: 'Y',
        role: 'member',
        termStart: '2026-02-30',
      }),
    ).rejects.toMatchObject({ field: 'termStart' });
    // A secretary is not the chair: members are the coordinators' and chair's business.
    await expect(
      svc().addMember(actors.secretary!, {
        forumId: f.id,
        displayName: 'Z',
        role: 'member',
        termStart: '2026-01-01',
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('shows the forum to its area, its members and their organisations; 404 to everyone else', async () => {
    for (const who of ['coordinator', 'officer', 'secretary', 'ngoPartner']) {
      const d = await svc().getForum(actors[who]!, { id: ids.forum! });
      expect(d.forum.id, who).toBe(ids.forum);
    }
    for (const who of ['otherOfficer', 'strangerPartner'])
      await expect(svc().getForum(actors[who]!, { id: ids.forum! }), who).rejects.toBeInstanceOf(
        NotFoundError,
      );
    await expect(svc().getForum(ANONYMOUS, { id: ids.forum! })).rejects.toBeInstanceOf(UnauthenticatedError);
    expect((await svc().listForums(actors.strangerPartner!)).map((f) => f.id)).not.toContain(ids.forum);
    expect((await svc().listForums(actors.ngoPartner!)).map((f) => f.id)).toContain(ids.forum);
    // Composition is aggregate: the members list carries no gender or age.
    const d = await svc().getForum(actors.coordinator!, { id: ids.forum! });
    expect(d.composition.total).toBe(3);
    expect(JSON.stringify(d.members)).not.toMatch(/gender|age|woman|30_44/);
    expect(d.composition.byGender.find((c) => c.key === 'woman')?.count).toBeNull();
  });

  it('lets the secretary run meetings; the public sees only public ones', async () => {
    await expect(
      svc().scheduleMeeting(actors.ngoPartner!, {
        forumId: ids.forum!,
        title: 'X',
        startsAt: '2026-12-05T10:00+06:00',
        endsAt: '2026-12-05T12:00+06:00',
        mode: 'in_person',
        place: 'Кара-Суу',
        visibility: 'public',
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
    const pub = await svc().scheduleMeeting(actors.secretary!, {
      forumId: ids.forum!,
      title: 'Декабрдагы жыйын',
      startsAt: '2026-12-05T10:00+06:00',
      endsAt: '2026-12-05T12:00+06:00',
      mode: 'hybrid',
      place: 'Кара-Суу, айыл өкмөтү',
      visibility: 'public',
      agenda: [{ title: 'Мектеп жанындагы жарык', refKind: 'report', refId: 'R-1234' }],
    });
    const priv = await svc().scheduleMeeting(actors.secretary!, {
      forumId: ids.forum!,
      title: 'Members only',
      startsAt: '2026-12-06T10:00Z',
      endsAt: '2026-12-06T11:00Z',
      mode: 'online',
      place: 'Online',
      onlineUrl: 'https://meet.example/abc',
      visibility: 'members',
    });
    ids.pub = pub.id;
    ids.priv = priv.id;
    await expect(
      svc().scheduleMeeting(actors.secretary!, {
        forumId: ids.forum!,
        title: 'X',
        startsAt: '2026-12-05T12:00Z',
        endsAt: '2026-12-05T10:00Z',
        mode: 'online',
        place: 'x',
        visibility: 'public',
      }),
    ).rejects.toMatchObject({ field: 'endsAt' });

    const cal = await svc().publicCalendar(ANONYMOUS, { areaCode: 'KG-O' });
    expect(cal.map((m) => m.id)).toEqual([pub.id]);
    const summary = await svc().publicMeeting(ANONYMOUS, { id: pub.id });
    expect(summary.agenda).toEqual(['Мектеп жанындагы жарык']);
    await expect(svc().publicMeeting(ANONYMOUS, { id: priv.id })).rejects.toBeInstanceOf(NotFoundError);
    await expect(svc().getMeeting(actors.strangerPartner!, { id: pub.id })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    const d = await svc().getMeeting(actors.secretary!, { id: pub.id });
    expect(d.canManage).toBe(true);
    expect(d.participants.every((p) => p.invited)).toBe(true);
    expect((await svc().getMeeting(actors.officer!, { id: pub.id })).canManage).toBe(false);
  });

  it('records attendance, minutes and decisions; a commitment reaches its owner and the next agenda until done', async () => {
    const before = await svc().getMeeting(actors.secretary!, { id: ids.pub! });
    const members = before.participants.map((p) => p.memberId);
    await svc().recordAttendance(actors.secretary!, {
      meetingId: ids.pub!,
      attendedMemberIds: members.slice(0, 2),
      residentsCount: 14,
    });
    await expect(
      svc().recordAttendance(actors.secretary!, {
        meetingId: ids.pub!,
        attendedMemberIds: [],
        residentsCount: -1,
      }),
    ).rejects.toMatchObject({ field: 'residentsCount' });
    await svc().updateMeeting(actors.secretary!, {
      meetingId: ids.pub!,
      minutes: 'Протокол',
      publicSummary: 'Талкууланды: көчө жарыгы.',
      status: 'held',
    });
    const d1 = await svc().addDecision(actors.secretary!, {
      meetingId: ids.pub!,
      text: 'Мектеп жанына жарык орнотуу',
      commitment: { ownerPersonId: ids.officer, deadline: '2027-01-15' },
    });
    await svc().addDecision(actors.secretary!, { meetingId: ids.pub!, text: 'Кийинки жыйын январда' });
    await expect(
      svc().addDecision(actors.secretary!, {
        meetingId: ids.pub!,
        text: 'x',
        commitment: { deadline: '2027-01-01' },
      }),
    ).rejects.toMatchObject({ field: 'owner' });
    const after = await svc().getMeeting(actors.secretary!, { id: ids.pub! });
    expect(after.participants.filter((p) => p.attended)).toHaveLength(2);
    expect(after.meeting.residentsCount).toBe(14);
    expect(after.decisions).toHaveLength(2);

    // The owner sees it on their to-do list; others do not.
    const mine = await svc().myCommitments(actors.officer!);
    expect(mine.map((c) => c.id)).toEqual([d1.commitment!.id]);
    expect(await svc().myCommitments(actors.strangerPartner!)).toEqual([]);

    // The members-only meeting was already scheduled after it: the commitment was carried there.
    const priv = await svc().getMeeting(actors.secretary!, { id: ids.priv! });
    expect(priv.agenda.map((a) => a.commitmentId)).toContain(d1.commitment!.id);
    // A meeting scheduled later picks up open commitments by itself.
    const next = await svc().scheduleMeeting(actors.secretary!, {
      forumId: ids.forum!,
      title: 'Январь',
      startsAt: '2027-01-20T10:00+06:00',
      endsAt: '2027-01-20T12:00+06:00',
      mode: 'in_person',
      place: 'Кара-Суу',
      visibility: 'public',
    });
    const nextAgenda = (await svc().getMeeting(actors.secretary!, { id: next.id })).agenda;
    expect(nextAgenda.filter((a) => a.commitmentId === d1.commitment!.id)).toHaveLength(1);

    // Strangers cannot touch it; the owner marks it done; then it is no longer carried.
    await expect(
      svc().updateCommitment(actors.strangerPartner!, { id: d1.commitment!.id, status: 'done' }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await svc().updateCommitment(actors.officer!, { id: d1.commitment!.id, status: 'done' });
    expect(await svc().myCommitments(actors.officer!)).toEqual([]);
    const later = await svc().scheduleMeeting(actors.secretary!, {
      forumId: ids.forum!,
      title: 'Февраль',
      startsAt: '2027-02-20T10:00+06:00',
      endsAt: '2027-02-20T12:00+06:00',
      mode: 'in_person',
      place: 'Кара-Суу',
      visibility: 'members',
    });
    expect((await svc().getMeeting(actors.secretary!, { id: later.id })).agenda).toEqual([]);

    // The public summary never carries minutes or names.
    const pub = await svc().publicMeeting(ANONYMOUS, { id: ids.pub! });
    expect(pub.residentsCount).toBe(14);
    expect(JSON.stringify(pub)).not.toMatch(/Протокол|Асель|meet\.example/);

    const audit = await t.app.ctx.db.read
      .selectFrom('audit_event')
      .select('action')
      .where('action', 'in', [
        'meeting.schedule',
        'meeting.attendance',
        'meeting.decision.add',
        'commitment.update',
        'forum.read',
        'meeting.read',
      ])
      .execute();
    expect(new Set(audit.map((a) => a.action)).size).toBe(6);
  });

  it('shows analysts counts and composition only: no names of members, participants or owners', async () => {
    const full = await svc().getForum(actors.coordinator!, { id: ids.forum! });
    const forum = await svc().getForum(actors.analyst!, { id: ids.forum! });
    expect(full.members.length).toBeGreaterThan(0);
    expect(forum.personalData).toBe(false);
    expect(forum.members).toEqual([]);
    expect(forum.composition).toEqual(full.composition);
    const names = full.members.map((m) => m.displayName);
    const fullMeeting = await svc().getMeeting(actors.coordinator!, { id: ids.pub! });
    const meeting = await svc().getMeeting(actors.analyst!, { id: ids.pub! });
    expect(meeting.participants.length).toBe(fullMeeting.participants.length);
    expect(meeting.participants.filter((p) => p.attended).length).toBe(2);
    expect(meeting.participants.every((p) => p.displayName === '' && p.organisationName === null)).toBe(true);
    expect(meeting.owners).toEqual([]);
    const said = JSON.stringify([forum, meeting]);
    for (const n of names) expect(said).not.toContain(n);
    // The page says how many came, and no name.
    const page = await t.app.inject({
      url: `/staff/meetings/${ids.pub}`,
      cookies: sessionCookies(await createSession(t.app, ids.analyst!)),
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('id="attended-count"');
    for (const n of names) expect(page.body).not.toContain(n);
  });

  it('records partner commitments and suspensions, audited; contacts only for staff of the areas', async () => {
    const p = t.app.ctx.services.partnerships;
    await expect(
      p.recordCommitment(actors.officer!, {
        organisationId: ids.ngo!,
        confirmedOn: '2026-03-01',
        confirmedBy: 'x',
        text: 'y',
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await p.recordCommitment(actors.coordinator!, {
      organisationId: ids.ngo!,
      confirmedOn: '2026-03-01',
      confirmedBy: 'Гүлнара Абдыкадырова, төрайым',
      text: 'Биз зомбулуксуздукка жана адам укуктарын урматтоого милдеттенебиз.',
    });
    await p.setContact(actors.coordinator!, {
      organisationId: ids.ngo!,
      contactName: 'Гүлнара',
      phone: '+996 555 123 456',
      languages: ['ky', 'ru'],
    });
    await p.setStatus(actors.coordinator!, {
      organisationId: ids.ngo!,
      status: 'suspended',
      reason: 'Кароо учурунда',
    });
    await expect(
      p.setStatus(actors.coordinator!, { organisationId: ids.ngo!, status: 'suspended', reason: 'again' }),
    ).rejects.toMatchObject({ field: 'status' });
    await expect(
      p.setStatus(actors.coordinator!, { organisationId: ids.ngo!, status: 'active', reason: '  ' }),
    ).rejects.toBeInstanceOf(ValidationError);
    const seen = await p.get(actors.officer!, { organisationId: ids.ngo! });
    expect(seen.status).toBe('suspended');
    expect(seen.commitment?.confirmedOn).toBe('2026-03-01');
    expect(seen.history[0]?.reason).toBe('Кароо учурунда');
    expect(seen.contact?.phone).toBe('+996 555 123 456');
    const far = await p.get(actors.otherOfficer!, { organisationId: ids.ngo! });
    expect(far.contact).toBeNull();
    expect(far.canSeeContacts).toBe(false);
    expect((await p.get(actors.ngoPartner!, { organisationId: ids.ngo! })).contact).not.toBeNull();
    expect((await p.get(actors.strangerPartner!, { organisationId: ids.ngo! })).contact).toBeNull();
    const actions = (
      await t.app.ctx.db.read
        .selectFrom('audit_event')
        .select('action')
        .where('subject_id', '=', ids.ngo!)
        .execute()
    ).map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'organisation.commitment.record',
        'organisation.suspend',
        'organisation.contacts.update',
        'organisation.contacts.read',
      ]),
    );
  });

  it('renders the staff pages; contacts appear only for staff of the areas', async () => {
    const page = async (who: string, url: string) =>
      t.app.inject({ url, cookies: sessionCookies(await createSession(t.app, ids[who]!)) });
    const forum = await page('secretary', `/staff/forums/${ids.forum}`);
    expect(forum.statusCode).toBe(200);
    expect(forum.body).toContain('Inclusion at a glance');
    expect((await page('strangerPartner', `/staff/forums/${ids.forum}`)).statusCode).toBe(404);
    expect((await page('officer', '/staff/commitments')).statusCode).toBe(200);
    expect((await page('secretary', `/staff/meetings/${ids.pub}`)).body).toContain('Save attendance');
    expect((await page('officer', `/staff/organisations/${ids.ngo}/partnership`)).body).toContain(
      '+996 555 123 456',
    );
    const far = await page('otherOfficer', `/staff/organisations/${ids.ngo}/partnership`);
    expect(far.statusCode).toBe(200);
    expect(far.body).not.toContain('+996 555 123 456');
  });

  it('serves the API and the feeds through the same policies', async () => {
    const get = (url: string, who?: string) =>
      t.app.inject({ url, headers: who ? { authorization: `Bearer ${tokens[who]}` } : {} });
    expect((await get(`/api/v1/forums/${ids.forum}`, 'strangerPartner')).statusCode).toBe(404);
    expect((await get(`/api/v1/forums/${ids.forum}`)).statusCode).toBe(401);
    const ok = await get(`/api/v1/forums/${ids.forum}`, 'secretary');
    expect(ok.statusCode).toBe(200);
    expect(ok.body).not.toMatch(/gender|ageBand"/);
    expect((await get(`/api/v1/meetings/${ids.priv}/summary`)).statusCode).toBe(404);
    expect((await get(`/api/v1/meetings/${ids.pub}/summary`)).json().title).toBe('Декабрдагы жыйын');
    const list = (await get('/api/v1/meetings?areaCode=KG-O.kara-suu')).json() as { items: { id: string }[] };
    expect(list.items.map((m) => m.id)).toContain(ids.pub);
    expect(list.items.map((m) => m.id)).not.toContain(ids.priv);
    const mine = await get('/api/v1/commitments', 'officer');
    expect(mine.statusCode).toBe(200);

    const ics = await get(`/forums/${ids.forum}/calendar.ics`);
    expect(ics.statusCode).toBe(200);
    expect(ics.headers['content-type']).toMatch(/^text\/calendar/);
    expect(ics.body).toContain(`UID:${ids.pub}@ishenim`);
    expect(ics.body).not.toContain(ids.priv!);
    const area = await get('/forums/calendar.ics?area=KG-O');
    expect(area.body).toContain('DTSTART:20261205T040000Z');
    // An unknown area in the filter is a wrong choice (400 naming the field), not a missing page.
    expect((await get('/forums/calendar.ics?area=NOPE')).statusCode).toBe(400);
    const page = await get('/forums/calendar?area=KG-O.kara-suu');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Декабрдагы жыйын');
    expect(page.body).not.toContain('Members only');

    const post = await t.app.inject({
      method: 'POST',
      url: `/api/v1/meetings/${ids.pub}/decisions`,
      headers: { authorization: `Bearer ${tokens.ngoPartner}` },
      payload: { text: 'x' },
    });
    expect(post.statusCode).toBe(404);
  });

  it('schedules receptions, publishes the notice, logs the visit and enters concerns as reports', async () => {
    await seedReportCategories(t.app.ctx.db);
    const category = CATEGORY_SEEDS.find((c) => c.desk === 'triage')!.code;
    const r = t.app.ctx.services.receptions;
    await expect(
      r.schedule(actors.strangerPartner!, {
        areaCode: areas.district.code,
        van: 'x',
        place: 'x',
        startsAt: '2026-12-10T10:00+06:00',
        endsAt: '2026-12-10T14:00+06:00',
        officers: ['x'],
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
    const rec = await r.schedule(actors.officer!, {
      areaCode: areas.district.code,
      van: 'УАЗ 01 KG 123 ABC',
      place: 'Папан айылы, клубдун алдында',
      startsAt: '2026-12-10T10:00+06:00',
      endsAt: '2026-12-10T14:00+06:00',
      officers: ['Бакыт Жумабеков', 'Улан Сатаров'],
      notice: 'Суроолоруңуз менен келиңиз.',
    });
    await expect(
      r.schedule(actors.officer!, {
        ...{ areaCode: areas.district.code, van: 'v', place: 'p', officers: [] },
        startsAt: '2026-12-10T10:00Z',
        endsAt: '2026-12-10T11:00Z',
      }),
    ).rejects.toMatchObject({ field: 'officers' });
    const notices = await r.publicNotices(ANONYMOUS, { areaCode: 'KG-O' });
    expect(notices.map((n) => n.id)).toContain(rec.id);
    expect(JSON.stringify(notices)).not.toContain('peopleReceived');
    await expect(r.get(actors.otherOfficer!, { id: rec.id })).rejects.toBeInstanceOf(NotFoundError);

    await r.logVisit(actors.officer!, { id: rec.id, status: 'held', peopleReceived: 17 });
    const named = await r.addConcern(actors.officer!, {
      id: rec.id,
      category,
      description: 'Көчөдө жарык жок, кечинде балдар коркушат.',
      privacy: 'name_hidden',
      contact: { name: 'Айгүл', phone: '+996 700 111 222' },
    });
    const anon = await r.addConcern(actors.officer!, {
      id: rec.id,
      category,
      description: 'Базардын жанында мушташ болот.',
      privacy: 'anonymous',
      contact: { name: 'should not be kept' },
    });
    expect(anon.receipt).toBeTruthy();
    const rows = await t.app.ctx.db.read
      .selectFrom('report')
      .select(['id', 'channel', 'privacy', 'contact', 'area_code'])
      .where('id', 'in', [named.id, anon.id])
      .execute();
    expect(rows.every((x) => x.channel === 'reception' && x.area_code === areas.district.code)).toBe(true);
    expect(rows.find((x) => x.id === anon.id)?.contact).toBeNull();
    expect(rows.find((x) => x.id === named.id)?.contact).not.toBeNull();
    const d = await r.get(actors.officer!, { id: rec.id });
    expect(d.reception.peopleReceived).toBe(17);
    expect(d.concerns.map((c) => c.privacy).sort()).toEqual(['anonymous', 'name_hidden']);
    await expect(
      r.addConcern(actors.officer!, { id: rec.id, category, description: 'x', privacy: 'loud' }),
    ).rejects.toMatchObject({ field: 'privacy' });
    const api = await t.app.inject({ url: '/api/v1/receptions/public?areaCode=KG-O.kara-suu' });
    expect(api.statusCode).toBe(200);
    expect((await t.app.inject({ url: '/forums/receptions' })).body).toContain('Папан айылы');
  });

  it('runs a cross-border workshop: seats, approval, attendance per day, evaluation and XLSX export', async () => {
    const tr = t.app.ctx.services.trainings;
    const input = {
      title: 'Региональный семинар: полиция и сообщество',
      areaCode: areas.district.code,
      place: 'Ош, гостиница «Алай»',
      startsOn: '2027-03-10',
      endsOn: '2027-03-11',
      seatLimit: 2,
      organisers: [{ name: 'МВД Кыргызской Республики', country: 'KG' }],
      partners: [
        { name: 'МВД Республики Казахстан', country: 'KZ' },
        { name: 'МВД Республики Таджикистан', country: 'TJ' },
      ],
      sessions: [{ day: '2027-03-10', time: '09:30', title: 'Открытие', speakers: ['Нурлан Осмонов'] }],
    };
    await expect(tr.create(actors.officer!, input)).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      tr.create(actors.coordinator!, {
        ...input,
        sessions: [{ day: '2027-04-01', time: '09:30', title: 'x' }],
      }),
    ).rejects.toMatchObject({ field: 'sessions.0.day' });
    const ev = await tr.create(actors.coordinator!, input);
    // An event outside one's jurisdiction cannot be seen, so it cannot be registered for either.
    await expect(
      tr.register(actors.strangerPartner!, {
        id: ev.id,
        fullName: 'Ерлан Сейткали',
        organisationName: 'МВД РК',
        country: 'KZ',
      }),
    ).rejects.toMatchObject({ statusCode: 404, message: 'not found' });
    const a = await tr.register(actors.ngoPartner!, {
      id: ev.id,
      fullName: 'Ерлан Сейткали',
      organisationName: 'МВД РК',
      country: 'KZ',
    });
    const b = await tr.register(actors.coordinator!, {
      id: ev.id,
      fullName: 'Асель Токтосунова',
      organisationName: 'Ынтымак',
      country: 'KG',
    });
    const c = await tr.register(actors.coordinator!, {
      id: ev.id,
      fullName: 'Фаридун Рахимов',
      organisationName: 'МВД РТ',
      country: 'TJ',
    });
    await expect(
      tr.register(actors.ngoPartner!, { id: ev.id, fullName: 'x', organisationName: 'y', country: 'KZ' }),
    ).rejects.toBeInstanceOf(ConflictError);
    await tr.decide(actors.coordinator!, { id: ev.id, registrationId: a.id, decision: 'approved' });
    await tr.decide(actors.coordinator!, { id: ev.id, registrationId: c.id, decision: 'approved' });
    await expect(
      tr.decide(actors.coordinator!, { id: ev.id, registrationId: b.id, decision: 'approved' }),
    ).rejects.toMatchObject({ field: 'decision' });
    await expect(
      tr.recordAttendance(actors.coordinator!, { id: ev.id, day: '2027-03-10', registrationIds: [b.id] }),
    ).rejects.toMatchObject({ field: 'registrationIds' });
    await tr.recordAttendance(actors.coordinator!, {
      id: ev.id,
      day: '2027-03-10',
      registrationIds: [a.id, c.id],
    });
    await tr.recordAttendance(actors.coordinator!, { id: ev.id, day: '2027-03-11', registrationIds: [a.id] });
    await tr.evaluate(actors.ngoPartner!, {
      id: ev.id,
      relevance: 5,
      quality: 4,
      organisation: 5,
      willApply: true,
      comment: 'Пайдалуу',
    });
    await expect(
      tr.evaluate(actors.strangerPartner!, {
        id: ev.id,
        relevance: 5,
        quality: 5,
        organisation: 5,
        willApply: true,
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await tr.evaluate(actors.coordinator!, {
      id: ev.id,
      relevance: 3,
      quality: 4,
      organisation: 4,
      willApply: false,
    });
    const sum = await tr.evaluationSummary(actors.coordinator!, { id: ev.id });
    expect(sum).toMatchObject({
      responses: 2,
      means: { relevance: 4, quality: 4, organisation: 4.5 },
      willApply: 1,
    });
    await expect(tr.get(actors.otherOfficer!, { id: ev.id })).rejects.toBeInstanceOf(NotFoundError);
    expect((await tr.get(actors.officer!, { id: ev.id })).participants).toBeNull();
    const detail = await tr.get(actors.coordinator!, { id: ev.id });
    expect(detail.event.seatsTaken).toBe(2);
    expect(detail.event.partners.map((p) => p.country)).toEqual(['KZ', 'TJ']);

    const res = await t.app.inject({
      url: `/api/v1/events/${ev.id}/export.xlsx`,
      headers: { authorization: `Bearer ${tokens.coordinator}` },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ps = wb.getWorksheet('Participants')!;
    expect(ps.rowCount).toBe(4);
    const rows = [2, 3, 4].map((i) => (ps.getRow(i).values as unknown[]).slice(1));
    expect(rows).toContainEqual(['Ерлан Сейткали', 'МВД РК', 'KZ', 'approved', 1, 1]);
    expect(rows).toContainEqual(['Фаридун Рахимов', 'МВД РТ', 'TJ', 'approved', 1, 0]);
    expect(rows).toContainEqual(['Асель Токтосунова', 'Ынтымак', 'KG', 'pending', 0, 0]);
    const evs = wb.getWorksheet('Evaluation')!;
    expect((evs.getRow(2).values as unknown[]).slice(1)).toEqual(['Responses', 2]);
    const denied = await t.app.inject({
      url: `/api/v1/events/${ev.id}/export.xlsx`,
      headers: { authorization: `Bearer ${tokens.strangerPartner}` },
    });
    expect(denied.statusCode).toBe(404);
  });

  it('public endpoints and parsers answer junk with 4xx, never 5xx (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 80 }), async (junk) => {
        for (const url of [
          `/forums/calendar.ics?area=${encodeURIComponent(junk)}`,
          `/forums/calendar?area=${encodeURIComponent(junk)}`,
          `/api/v1/meetings?areaCode=${encodeURIComponent(junk)}`,
          `/forums/meetings/${encodeURIComponent(junk)}`,
          `/forums/receptions?area=${encodeURIComponent(junk)}`,
          `/api/v1/receptions/public?areaCode=${encodeURIComponent(junk)}`,
        ]) {
          const res = await t.app.inject({ url });
          expect(res.statusCode, url).toBeLessThan(500);
        }
        expect(() => instant(junk, 'startsAt')).toSatisfy(() => {
          try {
            instant(junk, 'startsAt');
            return true;
          } catch (e) {
            return e instanceof ValidationError && e.field === 'startsAt';
          }
        });
        try {
          date(junk, 'deadline');
        } catch (e) {
          expect(e).toBeInstanceOf(ValidationError);
        }
      }),
      { numRuns: dialect === 'sqlite' ? 30 : 10 },
    );
  });
});
