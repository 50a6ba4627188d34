/**
 * Pick, never type, in the forums pages (real HTTP, SQLite and PostgreSQL): the forum's area, a
 * member's account and organisation, and the public calendar's area are chosen from lists of what
 * the reader may see, named — and a forged or foreign choice is a field error in the reader's
 * language, the same for "unknown" and "not yours".
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { describeDialects } from '../../../test/db.ts';
import {
  createSession,
  csrfPair,
  insertArea,
  insertAreaChain,
  insertOrganisation,
  insertStaff,
  sessionCookies,
} from '../../../test/factories.ts';
import { newId } from '../../shared/ids.ts';

describeDialects('forums pickers', (dialect) => {
  let t: TestApp;
  let cookies: Record<string, string>;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const db = t.app.ctx.db;
    const areas = await insertAreaChain(db);
    const d = areas.district.code;
    await insertArea(db, {
      code: 'KG-O.nookat',
      kind: 'district',
      parent: areas.region,
      names: { ky: 'Ноокат району', ru: 'Ноокатский район', en: 'Nookat District' },
    });
    const police = await insertOrganisation(db, { sector: 'police', areaCodes: [d], name: 'Кара-Суу РИИБ' });
    const coordinator = await insertStaff(db, [{ role: 'prevention_coordinator', areaCode: d }], {
      organisationId: police.id,
      displayName: 'Нурлан Осмонов',
      email: 'nurlan@example.kg',
    });
    const near = await insertStaff(db, [{ role: 'officer', areaCode: d }], {
      displayName: 'Айгүл Токтобаева',
    });
    const far = await insertStaff(db, [{ role: 'officer', areaCode: 'KG-O.nookat' }], {
      displayName: 'Алмаз Ноокатов',
    });
    ids.near = near.id;
    ids.far = far.id;
    cookies = sessionCookies(await createSession(t.app, coordinator.id));
  });
  afterAll(async () => t?.close());

  const post = (url: string, payload: Record<string, string>) => {
    const csrf = csrfPair(t.app);
    return t.app.inject({
      method: 'POST',
      url,
      cookies: { ...cookies, ...csrf.cookies, lang: 'ky' },
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'ky' },
      payload: new URLSearchParams({ _csrf: csrf.token, ...payload }).toString(),
    });
  };

  it('a forum is created in an area chosen by name; another district or a made-up code is a field error', async () => {
    const list = await t.app.inject({ url: '/staff/forums', cookies });
    expect(list.body).toMatch(/<select[^>]*name="areaCode"/);
    expect(list.body).toContain('Kara-Suu District');
    expect(list.body).not.toContain('value="KG-O.nookat"');
    for (const areaCode of ['KG-O.nookat', 'KG-X.made-up']) {
      const bad = await post('/staff/forums', { name: 'ОПЦ', kind: 'prevention_centre', areaCode });
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('id="areaCode-error"');
      expect(bad.body).toContain('Аймакты тизмеден тандаңыз');
    }
    const ok = await post('/staff/forums', {
      name: 'Кара-Суу ОПЦ',
      kind: 'prevention_centre',
      areaCode: 'KG-O.kara-suu',
    });
    expect(ok.statusCode).toBe(303);
    ids.forum = String(ok.headers.location).split('/').pop()!;
    // The list names the area, not its code.
    const after = await t.app.inject({ url: '/staff/forums', cookies: { ...cookies, lang: 'ky' } });
    expect(after.body).toMatch(/<td>Кара-Суу району<\/td>/);
  });

  it('a member account is picked by name among staff nearby; a made-up or far one is a field error', async () => {
    const page = await t.app.inject({ url: `/staff/forums/${ids.forum}`, cookies });
    expect(page.body).toMatch(/<select[^>]*name="personId"/);
    expect(page.body).toMatch(/<select[^>]*name="organisationId"/);
    expect(page.body).toContain(`<option value="${ids.near}">Айгүл Токтобаева`);
    expect(page.body).not.toContain(ids.far);
    expect(page.body).not.toMatch(/<input[^>]*name="(personId|organisationId)"/);
    for (const personId of [newId()]) {
      const bad = await post(`/staff/forums/${ids.forum}/members`, {
        personId,
        role: 'member',
        termStart: '2026-01-01',
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('id="personId-error"');
      expect(bad.body).toContain('Кызматкерди тизмеден тандаңыз');
    }
    const org = await post(`/staff/forums/${ids.forum}/members`, {
      displayName: 'Б. Садыков',
      organisationId: newId(),
      role: 'member',
      termStart: '2026-01-01',
    });
    expect(org.statusCode).toBe(400);
    expect(org.body).toContain('Уюмду тизмеден тандаңыз');
    const ok = await post(`/staff/forums/${ids.forum}/members`, {
      personId: ids.near!,
      role: 'member',
      termStart: '2026-01-01',
    });
    expect(ok.statusCode).toBe(303);
  });

  it('the public calendar filters by an area picked by name; a made-up one is a field error, not a 404', async () => {
    const page = await t.app.inject({ url: '/forums/calendar', headers: { 'accept-language': 'ky' } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/<select[^>]*name="area"/);
    expect(page.body).toContain('Ноокат району');
    expect(page.body).not.toMatch(/<input[^>]*name="area"/);
    const bad = await t.app.inject({
      url: '/forums/calendar?area=NOPE',
      headers: { 'accept-language': 'ky' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('id="area-error"');
    expect(bad.body).toContain('Аймакты тизмеден тандаңыз');
  });
});
