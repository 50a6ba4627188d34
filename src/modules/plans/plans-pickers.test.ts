/**
 * Pick, never type, in the plan pages (real HTTP, SQLite and PostgreSQL): the plan's area and the
 * problems a priority is about are chosen by name; a forged, foreign or unrelated choice is a field
 * error in the reader's language, worded the same for "unknown" and "not yours".
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
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
import { newId } from '../../shared/ids.ts';

describeDialects('plans pickers', (dialect) => {
  let t: TestApp;
  let cookies: Record<string, string>;
  const ids: Record<string, string> = {};

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
    const coordinator = await insertStaff(db, [
      { role: 'prevention_coordinator', areaCode: areas.district.code },
    ]);
    cookies = sessionCookies(await createSession(t.app, coordinator.id));
  });
  afterAll(async () => t?.close());

  const post = (url: string, payload: Record<string, string | string[]>) => {
    const csrf = csrfPair(t.app);
    const body = new URLSearchParams({ _csrf: csrf.token });
    for (const [k, v] of Object.entries(payload)) for (const one of [v].flat()) body.append(k, one);
    return t.app.inject({
      method: 'POST',
      url,
      cookies: { ...cookies, ...csrf.cookies },
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'ky' },
      payload: body.toString(),
    });
  };

  it('a plan is made for an area picked by name; another district or a made-up code is a field error', async () => {
    const list = await t.app.inject({ url: '/staff/plans', cookies });
    expect(list.body).toMatch(/<select[^>]*name="areaCode"/);
    expect(list.body).toMatch(
      /<select[^>]*id="f-area"[^>]*name="area"|<select[^>]*name="area"[^>]*id="f-area"|<select id="f-area" name="area"/,
    );
    expect(list.body).not.toMatch(/<input[^>]*name="(area|areaCode)"/);
    expect(list.body).not.toContain('value="KG-O.nookat"');
    const plan = { title: 'Кара-Суу 2027', periodStart: '2027-01-01', periodEnd: '2027-12-31' };
    for (const areaCode of ['KG-O.nookat', 'KG-X.made-up']) {
      const bad = await post('/staff/plans', { ...plan, areaCode });
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('id="areaCode-error"');
      expect(bad.body).toContain('Аймакты тизмеден тандаңыз');
    }
    const ok = await post('/staff/plans', { ...plan, areaCode: 'KG-O.kara-suu' });
    expect(ok.statusCode).toBe(303);
    ids.plan = String(ok.headers.location).split('/').pop()!;
  });

  it('a priority links problems picked by title (several at once); a made-up one is a field error', async () => {
    const made = await post('/staff/problems', {
      title: 'Мал уурдоо жайлоодо',
      description: 'Түнкү короолордон кой жоголот.',
      areaCodes: 'KG-O.kara-suu',
      clusteringType: 'place',
      priority: 'high',
    });
    expect(made.statusCode).toBe(303);
    ids.problem = String(made.headers.location).split('/').pop()!;
    const page = await t.app.inject({ url: `/staff/plans/${ids.plan}`, cookies });
    expect(page.body).toMatch(/<select[^>]*name="problemIds"[^>]*multiple/);
    expect(page.body).toContain(`<option value="${ids.problem}">Мал уурдоо жайлоодо</option>`);
    const bad = await post(`/staff/plans/${ids.plan}/priorities`, {
      title: 'Жайлоодогу коопсуздук',
      problemIds: [ids.problem!, newId()],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('id="problemIds-error"');
    expect(bad.body).toContain('Көйгөйдү тизмеден тандаңыз');
    // The choices made are shown again, chosen.
    expect(bad.body).toContain(`<option value="${ids.problem}" selected>`);
    const ok = await post(`/staff/plans/${ids.plan}/priorities`, {
      title: 'Жайлоодогу коопсуздук',
      problemIds: [ids.problem!],
    });
    expect(ok.statusCode).toBe(303);
  });
});
