/**
 * Results through the real app on SQLite and PostgreSQL: an administrator loads population tables
 * from CSV (cells for Kara-Suu, margins for Nookat; a bad file is refused with its line numbers), the
 * analyst reads the results page (SVG chart with its data table), the JSON API, the CSV and XLSX
 * exports — weighted and unweighted estimates matching a hand computation, small areas suppressed
 * with their complement so no hidden base can be worked out from what is published.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ANONYMOUS, type Actor } from '../../shared/policy.ts';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { describeDialects } from '../../../test/db.ts';
import {
  createApiToken,
  createSession,
  csrfPair,
  insertArea,
  insertAreaChain,
  insertStaff,
  sessionCookies,
} from '../../../test/factories.ts';
import { seedSurveyItems } from './surveys.seed.ts';
import type { ResultLine } from './surveys.presenter.ts';

describeDialects('survey results', (dialect) => {
  let t: TestApp;
  const sids: Record<string, string> = {};
  let apiToken = '';
  let surveyId = '';

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const db = t.app.ctx.db;
    const areas = await insertAreaChain(db);
    await insertArea(db, {
      code: 'KG-O.nookat',
      kind: 'district',
      parent: areas.region,
      names: { en: 'Nookat District' },
    });
    await seedSurveyItems(db);
    const analyst = await insertStaff(db, [{ role: 'analyst', areaCode: 'KG-O' }]);
    const admin = await insertStaff(db, [{ role: 'admin', areaCode: 'KG-O' }]);
    const officer = await insertStaff(db, [{ role: 'officer', areaCode: 'KG-O' }]);
    sids.analyst = await createSession(t.app, analyst.id);
    sids.admin = await createSession(t.app, admin.id);
    sids.officer = await createSession(t.app, officer.id);
    apiToken = await createApiToken(t.app, analyst.id);
    const actor: Actor = (await t.app.ctx.services.sessions.resolveApiToken(apiToken))!;
    const s = t.app.ctx.services.surveys;
    const survey = await s.create(actor, { title: 'Osh trust', areaCode: 'KG-O' });
    surveyId = survey.id;
    await s.saveSettings(actor, {
      id: survey.id,
      languages: ['en'],
      title: { en: 'Trust' },
      demographics: ['gender', 'age_band'],
    });
    await s.addSection(actor, { id: survey.id, title: { en: 'Police' } });
    await s.addBankQuestion(actor, { id: survey.id, section: 's1', itemId: 'ess-trstplc' });
    await s.addBankQuestion(actor, { id: survey.id, section: 's1', itemId: 'csew-confidence' });
    await s.addTarget(actor, { id: survey.id, areaCode: 'KG-O.kara-suu', targetSample: 50 });
    await s.addTarget(actor, { id: survey.id, areaCode: 'KG-O.nookat', targetSample: 50 });
    await s.publish(actor, { id: survey.id });
    await s.addWave(
      actor,
      {
        id: survey.id,
        opensDate: '2026-01-01',
        opensTime: '00:00',
        closesDate: '2035-01-01',
        closesTime: '00:00',
      },
      'Asia/Bishkek',
    );
    const targets = (await s.get(actor, { id: survey.id })).targets;
    const link = (area: string) => targets.find((x) => x.area_code === area)!.link_token;
    const send = (area: string, form: Record<string, string>) =>
      s.respond(ANONYMOUS, { token: link(area), locale: 'en', form });
    // Kara-Suu: 10 women 18–29 score trust 8 and agree; 4 men 18–29 score 2 and disagree.
    for (let i = 0; i < 10; i++)
      await send('KG-O.kara-suu', { q_q1: '8', q_q2: '1', d_gender: 'female', d_age_band: '18-29' });
    for (let i = 0; i < 4; i++)
      await send('KG-O.kara-suu', { q_q1: '2', q_q2: '3', d_gender: 'male', d_age_band: '18-29' });
    // Nookat: 4 women 18–29 score 6.
    for (let i = 0; i < 4; i++)
      await send('KG-O.nookat', { q_q1: '6', d_gender: 'female', d_age_band: '18-29' });
  });
  afterAll(async () => t?.close());

  const get = (who: string, url: string) => t.app.inject({ url, cookies: sessionCookies(sids[who]!) });
  const post = (who: string, url: string, fields: Record<string, string>) => {
    const c = csrfPair(t.app);
    return t.app.inject({
      method: 'POST',
      url,
      cookies: { ...sessionCookies(sids[who]!), ...c.cookies },
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ ...fields, _csrf: c.token }).toString(),
    });
  };
  const api = async () => {
    const res = await t.app.inject({
      url: `/api/v1/surveys/${surveyId}/results`,
      headers: { authorization: `Bearer ${apiToken}` },
    });
    expect(res.statusCode).toBe(200);
    return JSON.parse(res.body) as { minimum: number; rows: ResultLine[] };
  };

  it('refuses a population file with problems, naming each line', async () => {
    const res = await post('admin', '/staff/surveys/population', {
      source: 'test',
      csv: 'area_code,gender,age_band,population\nKG-O.kara-suu,female,18-29,500\nKG-O.kara-suu,woman,18-29,5\nKG-N.naryn,male,18-29,5\n',
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('The file has 1 problem');
    expect(res.body).toMatch(/<td>3<\/td>\s*<td>gender<\/td>/);
    const outside = await post('admin', '/staff/surveys/population', {
      source: 'test',
      csv: 'area_code,gender,age_band,population\nKG-N,female,18-29,500\n',
    });
    expect(outside.statusCode).toBe(400);
    expect(outside.body).toContain('KG-N is not a current area');
    expect((await post('analyst', '/staff/surveys/population', { source: 'x', csv: '' })).statusCode).toBe(
      404,
    );
    const template = await get('admin', '/staff/surveys/population/template.csv');
    expect(template.body.split('\r\n')[0]).toBe('area_code,gender,age_band,population');
  });

  it('loads cells for Kara-Suu and margins for Nookat', async () => {
    const cells = ['female', 'male']
      .flatMap((g) =>
        ['18-29', '30-44', '45-59', '60+'].map((a) => `KG-O.kara-suu,${g},${a},${a === '18-29' ? 500 : 0}`),
      )
      .join('\n');
    const margins =
      'KG-O.nookat,female,*,300\nKG-O.nookat,male,*,300\nKG-O.nookat,*,18-29,600\nKG-O.nookat,*,60+,0';
    const res = await post('admin', '/staff/surveys/population', {
      source: 'National Statistical Committee, 2025',
      csv: `area_code,gender,age_band,population\n${cells}\n${margins}\n`,
    });
    expect(res.statusCode).toBe(303);
    const page = await get('analyst', '/staff/surveys/population');
    expect(page.body).toContain('National Statistical Committee, 2025');
  });

  it('weights as computed by hand and suppresses the small area with its complement', async () => {
    const { rows, minimum } = await api();
    expect(minimum).toBe(10);
    const trust = rows.filter((r) => r.questionKey === 'q1');
    const all = trust.find((r) => r.areaCode === null)!;
    // Unweighted: (10·8 + 4·2 + 4·6)/18 = 112/18 = 6.2222.
    // Weighted: Kara-Suu cells: women 500/10 = 50 each, men 500/4 = 125 each;
    // Nookat margins: no man answered, so the female margin is scaled to the area's 600: 150 each.
    // (500·8 + 500·2 + 600·6)/1600 = 8600/1600 = 5.375.
    expect(all.n).toBe(18);
    expect(all.unweighted!.estimate).toBeCloseTo(6.2222, 4);
    expect(all.weighted!.estimate).toBeCloseTo(5.375, 6);
    expect(all.weighted!.low).toBeLessThan(5.375);
    // Nookat has 4 answers (< 10): hidden; Kara-Suu's 14 is hidden with it, or 18 − 14 would give 4.
    for (const area of ['KG-O.nookat', 'KG-O.kara-suu']) {
      const r = trust.find((x) => x.areaCode === area)!;
      expect([r.n, r.unweighted, r.weighted]).toEqual([null, null, null]);
    }
    // No published line leaves exactly one hidden base to be worked out by subtraction.
    const groups = new Map<string, ResultLine[]>();
    for (const r of rows)
      groups.set(`${r.questionKey}|${r.option}|${r.wave}`, [
        ...(groups.get(`${r.questionKey}|${r.option}|${r.wave}`) ?? []),
        r,
      ]);
    for (const g of groups.values()) {
      const hidden = g.filter((r) => r.n === null).length;
      expect(hidden === 1, JSON.stringify(g)).toBe(false);
    }
    // Agree-share for the confidence item: 10 of 14 favourable, Nookat did not answer it. Kara-Suu's
    // own line stays hidden: its respondents are hidden in the respondents table (with Nookat's 4).
    const conf = rows.find((r) => r.questionKey === 'q2' && r.areaCode === null)!;
    expect(conf.n).toBe(14);
    expect(rows.find((r) => r.questionKey === 'q2' && r.areaCode === 'KG-O.kara-suu')!.n).toBeNull();
    expect(conf.unweighted!.estimate).toBeCloseTo(10 / 14, 6);
    // Weighted: women 500 agree, men 500 do not → 0.5.
    expect(conf.weighted!.estimate).toBeCloseTo(0.5, 6);
  });

  it('shows the results page with an SVG chart and its data table, and exports the same aggregates', async () => {
    const page = await get('analyst', `/staff/surveys/${surveyId}/results`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/<svg[^>]*role="img"/);
    expect(page.body).toContain("<caption>The chart's figures</caption>");
    expect(page.body).toContain('5.4 [');
    expect(page.body).toContain('hidden (under 10 or protecting one)');
    expect(page.body).toContain('raked to gender and age-band margins');

    const csv = await get('analyst', `/staff/surveys/${surveyId}/results.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toContain('weighted_estimate');
    const { rows } = await api();
    expect(lines).toHaveLength(rows.length + 1);
    expect(csv.body).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-7/); // no response id, no person id
    const nookat = lines.filter((l) => l.startsWith('q1,') && l.includes('KG-O.nookat'));
    expect(nookat[0]!.split(',').slice(8)).toEqual(['', '', '', '', '', '', '', '', '']);

    const xlsx = await get('analyst', `/staff/surveys/${surveyId}/results.xlsx`);
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(wb.getWorksheet('results')!.rowCount).toBe(rows.length + 1);
    const resp = wb.getWorksheet('respondents')!;
    // 14 and 4 respondents: 4 is hidden, and 14 with it (the total 18 stays).
    expect([2, 3, 4].map((r) => resp.getRow(r).getCell(2).value)).toEqual([18, null, null]);
    const audit = await t.app.ctx.db.read
      .selectFrom('audit_event')
      .select('details')
      .where('action', '=', 'survey.results_exported')
      .execute();
    expect(audit.map((a) => JSON.parse(a.details).format).sort()).toEqual(['csv', 'xlsx']);
  });

  it('keeps results from roles that do not read surveys', async () => {
    expect((await get('officer', `/staff/surveys/${surveyId}/results`)).statusCode).toBe(404);
    expect((await get('officer', `/staff/surveys/${surveyId}/results.csv`)).statusCode).toBe(404);
    const anon = await t.app.inject({ url: `/api/v1/surveys/${surveyId}/results` });
    expect(anon.statusCode).toBe(401);
  });
});
