/**
 * Surveys through the real app on SQLite and PostgreSQL: the item bank seeded with verbatim /
 * paraphrase shown; the builder's forms (settings, sections, bank and own questions, target areas,
 * waves in wall time); publication refused while a language's items are drafts and allowed once
 * reviewed; a published version frozen and an edit opening version 2; jurisdiction ("not yours" is
 * 404); the public link answering anonymously — the raw rows and the response headers hold no IP,
 * user agent, session or identity, only the "already answered" marker — with quotas, the burst rule
 * (held for review) and the per-link rate limit.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { clock } from '../../shared/time.ts';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { describeDialects } from '../../../test/db.ts';
import {
  createSession,
  csrfPair,
  insertArea,
  insertAreaChain,
  insertStaff,
  sessionCookies,
} from '../../../test/factories.ts';
import { seedSurveyItems } from './surveys.seed.ts';
import { BURST_PER_WINDOW, LIMIT_PER_WINDOW } from './surveys.service.ts';

describeDialects('surveys', (dialect) => {
  let t: TestApp;
  const sids: Record<string, string> = {};
  let surveyId = '';
  let token = '';

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const db = t.app.ctx.db;
    const areas = await insertAreaChain(db);
    await insertArea(db, {
      code: 'KG-O.nookat',
      kind: 'district',
      parent: areas.region,
      names: { ky: 'Ноокат району', ru: 'Ноокатский район', en: 'Nookat District' },
    });
    const naryn = await insertArea(db, {
      code: 'KG-N',
      kind: 'region',
      parent: areas.country,
      names: { en: 'Naryn Region' },
    });
    await insertArea(db, {
      code: 'KG-N.naryn',
      kind: 'district',
      parent: naryn,
      names: { en: 'Naryn District' },
    });
    await seedSurveyItems(db);
    const staff = {
      analyst: await insertStaff(db, [{ role: 'analyst', areaCode: 'KG-O' }]),
      coordinator: await insertStaff(db, [{ role: 'prevention_coordinator', areaCode: 'KG-O.kara-suu' }]),
      officer: await insertStaff(db, [{ role: 'officer', areaCode: 'KG-O' }]),
      narynAnalyst: await insertStaff(db, [{ role: 'analyst', areaCode: 'KG-N' }]),
    };
    for (const [k, p] of Object.entries(staff)) sids[k] = await createSession(t.app, p.id);
  });
  afterAll(async () => {
    clock.reset();
    await t?.close();
  });

  const get = (who: string | null, url: string) =>
    t.app.inject({ url, ...(who ? { cookies: sessionCookies(sids[who]!) } : {}) });
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
  const answer = (fields: Record<string, string | string[]>, cookies: Record<string, string> = {}) => {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) body.append(k, x);
    return t.app.inject({
      method: 'POST',
      url: `/s/${token}`,
      cookies,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'user-agent': 'Mozilla/5.0 (Linux; Android 12) respondent-fingerprint',
        'x-forwarded-for': '203.0.113.77',
        origin: 'http://localhost',
      },
      remoteAddress: '198.51.100.23',
      payload: body.toString(),
    });
  };
  const detail = () =>
    t.app.ctx.services.surveys.get(
      {
        kind: 'staff',
        personId: null,
        organisationId: null,
        via: 'token',
        grants: [{ role: 'analyst', areaCode: 'KG', areaPath: '/KG/' }],
      },
      { id: surveyId },
    );

  it('seeds the item bank once, showing whether each item is verbatim or a paraphrase', async () => {
    expect(await seedSurveyItems(t.app.ctx.db)).toBe(0);
    const res = await get('analyst', '/staff/surveys/items');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('how much you personally trust the police');
    expect(res.body).toMatch(/verbatim \(checked against the source\)/);
    expect(res.body).toMatch(/paraphrase \(check the source before publishing\)/);
    const item = await get('analyst', '/staff/surveys/items/ess-trstplc');
    expect(item.body).toContain('0-10-trust');
    expect(item.body).toContain('насколько лично вы доверяете милиции');
    expect(await get('officer', '/staff/surveys/items')).toMatchObject({ statusCode: 404 });
  });

  it('builds a survey with the forms: settings, sections, bank and own questions, target areas', async () => {
    const bad = await post('coordinator', '/staff/surveys', { title: 'Trust 2026', areaCode: 'KG-O' });
    expect(bad.statusCode).toBe(404); // the coordinator's grant is Kara-Suu only: Osh region is not theirs
    const created = await post('analyst', '/staff/surveys', { title: 'Trust 2026', areaCode: 'KG-O' });
    expect(created.statusCode).toBe(303);
    surveyId = created.headers.location!.split('/').pop()!;
    const url = `/staff/surveys/${surveyId}`;
    expect(
      (
        await post('analyst', `${url}/settings`, {
          languages: ['ky', 'ru'],
          demographics: ['gender', 'age_band'],
          title_ky: 'Коопсуздук жана ишеним',
          title_ru: 'Безопасность и доверие',
        })
      ).statusCode,
    ).toBe(303);
    const noLang = await post('analyst', `${url}/settings`, { title_ky: 'x' });
    expect(noLang.statusCode).toBe(400);
    expect(noLang.body).toContain('class="field-error"');
    expect(
      (await post('analyst', `${url}/sections`, { sectionTitle_ky: 'Милиция', sectionTitle_ru: 'Милиция' }))
        .statusCode,
    ).toBe(303);
    expect(
      (await post('analyst', `${url}/questions/bank`, { section: 's1', itemId: 'ess-trstplc' })).statusCode,
    ).toBe(303);
    expect(
      (await post('analyst', `${url}/questions/bank`, { section: 's1', itemId: 'csew-confidence' }))
        .statusCode,
    ).toBe(303);
    const dup = await post('analyst', `${url}/questions/bank`, { section: 's1', itemId: 'csew-confidence' });
    expect(dup.statusCode).toBe(400);
    expect(
      (
        await post('analyst', `${url}/questions/own`, {
          ownSection: 's1',
          kind: 'multiple',
          questionText_ky: 'Кайсы жерде өзүңүздү коопсуз эмес сезесиз?',
          questionText_ru: 'Где вы чувствуете себя небезопасно?',
          options_ky: 'Базарда\nАялдамада\nМектептин жанында',
          options_ru: 'На рынке\nНа остановке\nУ школы',
        })
      ).statusCode,
    ).toBe(303);
    const oneOption = await post('analyst', `${url}/questions/own`, {
      ownSection: 's1',
      kind: 'single',
      questionText_ru: 'Да?',
      options_ru: 'Да',
    });
    expect(oneOption.statusCode).toBe(400);
    const outside = await post('analyst', `${url}/targets`, {
      targetArea: 'KG-N.naryn',
      targetSample: '100',
    });
    expect(outside.statusCode).toBe(400);
    expect(
      (
        await post('analyst', `${url}/targets`, {
          targetArea: 'KG-O.kara-suu',
          targetSample: '30',
          quota: '',
        })
      ).statusCode,
    ).toBe(303);
    expect(
      (await post('analyst', `${url}/targets`, { targetArea: 'KG-O.nookat', targetSample: '3', quota: '3' }))
        .statusCode,
    ).toBe(303);
    const d = await detail();
    expect(d.definition.sections[0]!.questions.map((q) => q.key)).toEqual(['q1', 'q2', 'q3']);
    expect(d.targets.map((x) => [x.area_code, x.target_sample, x.quota])).toEqual([
      ['KG-O.kara-suu', 30, 60],
      ['KG-O.nookat', 3, 3],
    ]);
    token = d.targets[0]!.link_token;
    expect(token).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('keeps the survey from other jurisdictions and from roles that do not build surveys', async () => {
    expect((await get('narynAnalyst', `/staff/surveys/${surveyId}`)).statusCode).toBe(404);
    expect((await get('officer', `/staff/surveys/${surveyId}`)).statusCode).toBe(404);
    expect((await get(null, `/staff/surveys/${surveyId}`)).statusCode).toBe(303);
    const list = await get('narynAnalyst', '/staff/surveys');
    expect(list.body).not.toContain('Trust 2026');
  });

  it('refuses to publish a language whose items are drafts, and publishes once they are reviewed', async () => {
    const url = `/staff/surveys/${surveyId}`;
    const refused = await post('analyst', `${url}/publish`, {});
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('ess-trstplc');
    for (const itemId of ['ess-trstplc', 'csew-confidence'])
      for (const locale of ['ky', 'ru']) {
        const view = await t.app.ctx.services.surveys.getItem(
          {
            kind: 'staff',
            personId: null,
            organisationId: null,
            via: 'token',
            grants: [{ role: 'analyst', areaCode: 'KG', areaPath: '/KG/' }],
          },
          { id: itemId },
        );
        const back = await post('analyst', `/staff/surveys/items/${itemId}`, {
          locale,
          text: view.texts.find((x) => x.locale === locale)!.text,
          status: 'back_translated',
          backTranslation: '',
        });
        expect(back.statusCode).toBe(400); // back-translated needs the back-translation
        const ok = await post('analyst', `/staff/surveys/items/${itemId}`, {
          locale,
          text: view.texts.find((x) => x.locale === locale)!.text,
          status: 'reviewed',
          notes: 'Checked with two native speakers.',
        });
        expect(ok.statusCode).toBe(303);
      }
    expect((await post('analyst', `${url}/publish`, {})).statusCode).toBe(303);
    const d = await detail();
    expect([d.versionNumber, d.versionStatus, d.survey.published_version]).toEqual([1, 'published', 1]);
    const again = await post('analyst', `${url}/publish`, {});
    expect(again.statusCode).toBe(409);
  });

  it('freezes the published version: an edit opens version 2 and leaves version 1 as it was', async () => {
    const url = `/staff/surveys/${surveyId}`;
    const v1 = (
      await t.app.ctx.db.read
        .selectFrom('survey_version')
        .selectAll()
        .where('survey_id', '=', surveyId)
        .where('number', '=', 1)
        .executeTakeFirstOrThrow()
    ).definition;
    expect((await post('analyst', `${url}/questions/q3/remove`, {})).statusCode).toBe(303);
    const d = await detail();
    expect([d.versionNumber, d.versionStatus, d.survey.published_version]).toEqual([2, 'draft', 1]);
    expect(d.definition.sections[0]!.questions).toHaveLength(2);
    const still = (
      await t.app.ctx.db.read
        .selectFrom('survey_version')
        .selectAll()
        .where('survey_id', '=', surveyId)
        .where('number', '=', 1)
        .executeTakeFirstOrThrow()
    ).definition;
    expect(still).toBe(v1);
    expect(JSON.parse(still).sections[0].questions).toHaveLength(3);
  });

  it('opens a wave from wall times in the deployment zone, on the published version', async () => {
    const url = `/staff/surveys/${surveyId}`;
    const backwards = await post('analyst', `${url}/waves`, {
      opensDate: '2026-12-01',
      opensTime: '08:00',
      closesDate: '2026-11-01',
      closesTime: '08:00',
    });
    expect(backwards.statusCode).toBe(400);
    const today = new Date().toISOString().slice(0, 10);
    const ok = await post('analyst', `${url}/waves`, {
      opensDate: '2026-01-01',
      opensTime: '06:00',
      closesDate: '2030-01-01',
      closesTime: '00:00',
    });
    expect(ok.statusCode).toBe(303);
    const [wave] = (await detail()).waves;
    // Asia/Bishkek is UTC+6: 06:00 there is midnight UTC.
    expect(wave!.opens_at).toBe('2026-01-01T00:00:00.000Z');
    expect(wave!.version_number).toBe(1);
    expect(today < '2030-01-01').toBe(true);
    const overlap = await post('analyst', `${url}/waves`, {
      opensDate: '2027-01-01',
      opensTime: '06:00',
      closesDate: '2027-02-01',
      closesTime: '00:00',
    });
    expect(overlap.statusCode).toBe(400);
  });

  it('takes an anonymous answer: no IP, user agent, session or identity stored; only the marker cookie set', async () => {
    const page = await t.app.inject({ url: `/s/${token}`, headers: { 'accept-language': 'ru' } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Безопасность и доверие');
    expect(page.body).toContain('насколько лично вы доверяете милиции');
    expect(page.body).toContain('Полностью согласен(на)');
    expect(page.body).toContain('На рынке'); // version 1 is what the wave asks, with the own question
    expect(page.headers['set-cookie']).toBeUndefined();
    const inKy = await t.app.inject({ url: `/s/${token}?lang=ky` });
    expect(inKy.body).toContain('Коопсуздук жана ишеним');

    const bad = await answer({ locale: 'ru', q_q1: '11', q_q2: '9' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Выберите число на шкале.');
    expect(bad.body).toContain('Выберите один из предложенных ответов.');
    const unknown = await answer({ locale: 'ru', q_q1: '5', religion: 'x' });
    expect(unknown.statusCode).toBe(400);
    const res = await answer({
      locale: 'ru',
      q_q1: '7',
      q_q2: '1',
      q_q3: ['0', '2'],
      d_gender: 'female',
      d_age_band: '30-44',
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/s/${token}/thanks?lang=ru`);
    const cookies = [res.headers['set-cookie']].flat().filter(Boolean) as string[];
    expect(cookies).toHaveLength(1);
    expect(cookies[0]).toMatch(
      new RegExp(`^answered=1; Max-Age=\\d+; Path=/s/${token}; HttpOnly; (Secure; )?SameSite=Lax$`),
    );

    const rows = await t.app.ctx.db.read.selectFrom('survey_response').selectAll().execute();
    expect(rows).toHaveLength(1);
    const raw =
      JSON.stringify(rows) +
      JSON.stringify(await t.app.ctx.db.read.selectFrom('survey_answer').selectAll().execute());
    for (const trace of ['203.0.113.77', '198.51.100.23', 'Mozilla', 'fingerprint', 'Android'])
      expect(raw).not.toContain(trace);
    expect(Object.keys(rows[0]!).sort()).toEqual(
      [
        'age_band',
        'area_code',
        'channel',
        'gender',
        'id',
        'locale',
        'received_on',
        'residence_area_code',
        'status',
        'survey_id',
        'version_number',
        'wave_id',
      ].sort(),
    );
    expect(rows[0]!.received_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(rows[0]).toMatchObject({
      status: 'accepted',
      gender: 'female',
      age_band: '30-44',
      version_number: 1,
      locale: 'ru',
    });
    const answers = await t.app.ctx.db.read
      .selectFrom('survey_answer')
      .selectAll()
      .orderBy('question_key')
      .execute();
    expect(answers.map((a) => [a.question_key, a.number_value, a.choice_values])).toEqual([
      ['q1', 7, null],
      ['q2', 1, null],
      ['q3', null, '[0,2]'],
    ]);
    // Nothing of the answer reached the audit trail either.
    const audit = JSON.stringify(await t.app.ctx.db.read.selectFrom('audit_event').selectAll().execute());
    expect(audit).not.toContain('198.51.100.23');

    // The marker: the same device is told it has answered, and a second post is refused.
    const again = await t.app.inject({
      url: `/s/${token}`,
      cookies: { answered: '1' },
      headers: { 'accept-language': 'ru' },
    });
    expect(again.body).toContain('Вы уже ответили на этот опрос');
    expect((await answer({ locale: 'ru', q_q1: '3' }, { answered: '1' })).statusCode).toBe(409);
  });

  it('holds answers beyond a burst for review, refuses beyond the rate limit, and counts nothing held', async () => {
    clock.set('2027-03-01T10:00:00.000Z');
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT_PER_WINDOW; i++)
      statuses.push((await answer({ q_q1: String(i % 11) })).statusCode);
    expect(statuses.every((s) => s === 303)).toBe(true);
    const limited = await answer({ q_q1: '5' });
    expect(limited.statusCode).toBe(429);
    const counts = await t.app.ctx.db.read
      .selectFrom('survey_response')
      .select(['status', (eb) => eb.fn.countAll().as('n')])
      .where('area_code', '=', 'KG-O.kara-suu')
      .groupBy('status')
      .orderBy('status')
      .execute();
    // quota 60 for Kara-Suu: 1 earlier + 20 in the burst accepted, the rest held (never past quota).
    expect(counts.map((c) => [c.status, Number(c.n)])).toEqual([
      ['accepted', 1 + BURST_PER_WINDOW],
      ['held', LIMIT_PER_WINDOW - BURST_PER_WINDOW],
    ]);
    // A new window: answers are accepted again.
    clock.advance(11 * 60_000);
    expect((await answer({ q_q1: '5' })).statusCode).toBe(303);
    clock.reset(); // staff sessions live on today's clock

    const d = await detail();
    const wave = d.waves[0]!;
    const page = await get('analyst', `/staff/surveys/${surveyId}`);
    expect(page.body).toContain('came in a burst');
    const decided = await post('analyst', `/staff/surveys/${surveyId}/held`, {
      waveId: wave.id,
      areaCode: 'KG-O.kara-suu',
      decision: 'rejected',
    });
    expect(decided.statusCode).toBe(303);
    const twice = await post('analyst', `/staff/surveys/${surveyId}/held`, {
      waveId: wave.id,
      areaCode: 'KG-O.kara-suu',
      decision: 'rejected',
    });
    expect(twice.statusCode).toBe(409);
    clock.reset();
  });

  it('closes an area once its quota is reached', async () => {
    const nookat = (await detail()).targets.find((x) => x.area_code === 'KG-O.nookat')!.link_token;
    const send = () =>
      t.app.inject({
        method: 'POST',
        url: `/s/${nookat}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' },
        payload: 'q_q1=4',
      });
    for (let i = 0; i < 3; i++) expect((await send()).statusCode).toBe(303);
    const full = await send();
    expect(full.statusCode).toBe(409);
    expect((await t.app.inject({ url: `/s/${nookat}?lang=ky` })).body).toContain('жетиштүү жооп чогулду');
  });

  it('answers 404 with the same body for an unknown link and refuses a cross-site post', async () => {
    const unknown = await t.app.inject({ url: '/s/AAAAAAAAAAAAAAAAAAAAAA' });
    expect(unknown.statusCode).toBe(404);
    const cross = await t.app.inject({
      method: 'POST',
      url: `/s/${token}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      payload: 'q_q1=4',
    });
    expect(cross.statusCode).toBe(403);
  });
});
