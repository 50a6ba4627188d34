/**
 * Exports through the real app (SQLite and PostgreSQL): an officer's export holds exactly the rows and
 * columns the queue page shows them; an analyst's holds no personal data; filters and jurisdiction are
 * the page's; the keyset reads every row once even when times tie; a large export is a durable job
 * with progress, a link only its owner can use, audited on every use, that expires.
 */
import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { describeDialects } from '../../../test/db.ts';
import { createSession, csrfPair, sessionCookies } from '../../../test/factories.ts';
import { clock, HOUR } from '../../shared/time.ts';
import { timeFormat } from '../../shared/time-format.ts';
import { reportBody, reportWorld, UZGEN_POINT, type ReportWorld } from '../reports/reports.fixtures.ts';
import { EXPORT_EXPIRE_JOB, EXPORT_JOB } from './exports.service.ts';
import { parseCsv, tableRows } from './insight.test-helpers.ts';

describeDialects('insight exports', (dialect) => {
  let t: TestApp;
  let w: ReportWorld;
  const refs: string[] = [];
  let uzgenRef = '';

  beforeAll(async () => {
    t = await createTestApp(dialect, { reportLimitPerHour: 100_000, exportInlineMaxRows: 50 });
    w = await reportWorld(t.app);
    const create = async (over: Record<string, unknown>) => {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/reports', payload: reportBody(over) });
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as { id: string; reference: string };
    };
    for (const [i, d] of [
      'Broken street light, bazaar side, "dark" at night, people fall',
      '=HYPERLINK("http://evil.example") drunk drivers near the school',
      'Юридический вопрос: соседи шумят каждую ночь, дети не спят',
    ].entries())
      refs.push(
        (await create({ description: d, category: i === 1 ? 'road-safety' : 'public-order' })).reference,
      );
    uzgenRef = (await create({ description: 'Fights at night in Uzgen town centre.', location: UZGEN_POINT }))
      .reference;
  });
  afterAll(async () => t?.close());
  afterEach(() => clock.reset());

  const sids = new Map<string, string>();
  async function cookies(personId: string) {
    let s = sids.get(personId);
    if (!s) sids.set(personId, (s = await createSession(t.app, personId)));
    return sessionCookies(s);
  }
  const get = async (personId: string, url: string) =>
    t.app.inject({ method: 'GET', url, cookies: await cookies(personId) });
  const post = async (personId: string, url: string, fields: Record<string, string>) => {
    const c = csrfPair(t.app);
    return t.app.inject({
      method: 'POST',
      url,
      cookies: { ...(await cookies(personId)), ...c.cookies },
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ ...fields, _csrf: c.token }).toString(),
    });
  };
  const audits = async (action: string) =>
    t.app.ctx.db.read.selectFrom('audit_event').selectAll().where('action', '=', action).execute();
  const time = () => timeFormat('en', t.config.timeZone);
  const en = (key: string) => t.app.ctx.i18n.t('en', key);

  it("gives the officer exactly the queue page's rows and columns, as CSV", async () => {
    const page = await get(w.officer.id, '/staff/reports');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('/staff/exports/new?list=reports');
    const shown = tableRows(page.body).map((cells) => cells.slice(1)); // first cell: the bulk checkbox
    const res = await get(w.officer.id, '/staff/exports/download?list=reports&format=csv');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toMatch(
      /attachment; filename="ishenim-reports-\d{4}-\d{2}-\d{2}\.csv"/,
    );
    const [head, ...rows] = parseCsv(res.body);
    expect(head).toEqual([
      'Reference',
      'Received',
      'Category',
      'Area',
      'Status',
      'Privacy',
      'Assigned',
      expect.any(String),
      en('reports.field.excerpt'),
    ]);
    // The page's own column headings, in order (after the checkbox column; "held" is a tag there).
    const headings = [
      ...page.body
        .slice(page.body.indexOf('<thead'), page.body.indexOf('</thead>'))
        .matchAll(/<th scope="col">([^<]*)</g),
    ].map((m) => m[1]);
    expect(headings.slice(1)).toEqual(head!.filter((h) => h !== en('reports.queue.heldTag')));
    expect(rows).toHaveLength(shown.length);
    expect(rows.map((r) => r[0])).not.toContain(uzgenRef);
    rows.forEach((r, i) => {
      const [ref, received, category, area, status, privacy, assigned, held, excerpt] = r;
      const s = shown[i]!;
      expect(s[0]).toBe(ref + (held ? held : ''));
      expect(s[1]).toBe(time().dateTime(received!));
      // (a leading apostrophe is the formula guard, not part of the text)
      const text = excerpt!.replace(/^'(?=[=+\-@])/, '');
      expect([category, area, status, privacy, assigned, text]).toEqual(s.slice(2));
    });
    // A formula a resident typed is defused for spreadsheets; quotes survive.
    expect(res.body).toContain(`"'=HYPERLINK(""http://evil.example"") drunk drivers near the school"`);
    expect(res.body).toContain('"Broken street light, bazaar side, ""dark"" at night, people fall"');
    const audit = (await audits('insight.export.download')).at(-1)!;
    expect(audit.actor_id).toBe(w.officer.id);
    expect(JSON.parse(audit.details!)).toMatchObject({
      list: 'reports',
      format: 'csv',
      view: 'work',
      rows: 3,
    });
  });

  it('gives the analyst no personal data: no excerpt, only public coarsened points', async () => {
    const csv = await get(w.analyst.id, '/staff/exports/download?list=reports&format=csv');
    expect(csv.statusCode).toBe(200);
    const [head, ...rows] = parseCsv(csv.body);
    expect(head).not.toContain(en('reports.field.excerpt'));
    expect(rows.map((r) => r[0]).sort()).toEqual([...refs, uzgenRef].sort());
    for (const words of ['street light', 'HYPERLINK', 'шумят', 'Uzgen town'])
      expect(csv.body).not.toContain(words);
    const geo = await get(w.analyst.id, '/staff/exports/download?list=reports&format=geojson');
    expect(geo.headers['content-type']).toContain('application/geo+json');
    const fc = geo.json() as {
      features: Array<{ geometry: { coordinates: number[] }; properties: Record<string, unknown> }>;
    };
    expect(fc.features).toHaveLength(4);
    const stored = await t.app.ctx.db.read
      .selectFrom('report')
      .select(['reference', 'public_lat', 'public_lon', 'lat'])
      .execute();
    for (const f of fc.features) {
      expect(Object.keys(f.properties)).not.toContain('excerpt');
      const r = stored.find((s) => s.reference === f.properties.reference)!;
      expect(f.geometry.coordinates).toEqual([r.public_lon, r.public_lat]);
      expect(f.geometry.coordinates[1]).not.toBe(r.lat);
    }
  });

  it("applies the page's filters and refuses what the page refuses", async () => {
    const road = parseCsv(
      (await get(w.officer.id, '/staff/exports/download?list=reports&format=csv&category=road-safety')).body,
    );
    expect(road.slice(1).map((r) => r[0])).toEqual([refs[1]]);
    const bad = await get(w.officer.id, '/staff/exports/download?list=reports&format=csv&status=nonsense');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('status must be one of');
    expect((await get(w.admin.id, '/staff/exports/download?list=reports&format=csv')).statusCode).toBe(404);
    expect((await get(w.officer.id, '/staff/exports/download?list=nope&format=csv')).statusCode).toBe(400);
    const anon = await t.app.inject({
      method: 'GET',
      url: '/staff/exports/download?list=reports&format=csv',
    });
    expect(anon.statusCode).toBe(303);
  });

  it('writes the same rows as XLSX, with dates as date cells', async () => {
    const res = await get(w.officer.id, '/staff/exports/download?list=reports&format=xlsx');
    expect(res.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.rowCount).toBe(4);
    const csv = parseCsv((await get(w.officer.id, '/staff/exports/download?list=reports&format=csv')).body);
    for (let i = 2; i <= 4; i++) {
      const row = sheet.getRow(i);
      expect(row.getCell(1).value).toBe(csv[i - 1]![0]);
      expect(row.getCell(2).value).toBeInstanceOf(Date);
      expect((row.getCell(2).value as Date).toISOString()).toBe(csv[i - 1]![1]);
    }
  });

  it('reads every row exactly once by keyset, even when times tie, in the page order', async () => {
    const ex = await t.app.ctx.services.reports.queueExport(
      (await t.app.ctx.services.sessions.resolveApiToken(w.analyst.token))!,
      {},
      1,
    );
    const seen: string[] = [];
    for await (const batch of ex.batches) {
      expect(batch).toHaveLength(1);
      seen.push(batch[0]!.reference);
    }
    expect(ex.total).toBe(4);
    const page = tableRows((await get(w.analyst.id, '/staff/reports')).body).map((c) => c[0]);
    expect(seen).toEqual(page);
  });

  it('prepares a large export as a job: progress, an owner-only link, audited, and it expires', async () => {
    const { jobs, insightExports } = t.app.ctx.services;
    await insightExports.registerJobs(jobs);
    // Any export may be prepared as a file; past EXPORT_INLINE_MAX_ROWS it is the only way.
    const res = await post(w.officer.id, '/staff/exports', {
      list: 'reports',
      format: 'csv',
      privacy: 'public',
    });
    expect(res.statusCode, res.body).toBe(303);
    const url = res.headers.location as string;
    expect(url).toMatch(/^\/staff\/exports\/[0-9a-f-]{36}$/);
    const pending = await get(w.officer.id, url);
    expect(pending.body).toContain('waiting to start');
    expect((await get(w.supervisor.id, url)).statusCode).toBe(404);
    expect((await get(w.officer.id, `${url}/file`)).statusCode).toBe(409);
    const claimed = (await jobs.claim('test', 10)).filter((j) => j.kind === EXPORT_JOB);
    expect(claimed).toHaveLength(1);
    expect(claimed[0]!.payload).not.toContain('public');
    expect(await jobs.execute(claimed[0]!, 'test')).toBe('done');
    const done = await get(w.officer.id, url);
    expect(done.body).toContain('ready to download');
    expect(done.body).toContain('3 of 3 rows written');
    expect(done.body).toContain(`${url}/file`);
    const file = await get(w.officer.id, `${url}/file`);
    expect(file.statusCode).toBe(200);
    expect(
      parseCsv(file.body)
        .slice(1)
        .map((r) => r[0])
        .sort(),
    ).toEqual([...refs].sort());
    expect((await get(w.supervisor.id, `${url}/file`)).statusCode).toBe(404);
    const used = (await audits('insight.export.download')).filter((a) => url.endsWith(a.subject_id ?? '-'));
    expect(used).toHaveLength(1);
    expect((await audits('insight.export.request')).some((a) => url.endsWith(a.subject_id!))).toBe(true);
    // After the link's hours the link is refused, and the expiry job deletes the file.
    clock.advance(25 * HOUR);
    sids.clear();
    expect((await get(w.officer.id, `${url}/file`)).statusCode).toBe(410);
    const expiry = (await jobs.claim('test', 10)).find((j) => j.kind === EXPORT_EXPIRE_JOB);
    if (expiry) expect(await jobs.execute(expiry, 'test')).toBe('done');
    else await insightExports.expire();
    const row = await t.app.ctx.db.read.selectFrom('insight_export').selectAll().executeTakeFirstOrThrow();
    expect(row.status).toBe('expired');
    expect((await get(w.officer.id, url)).body).toContain('link expired');
  });

  it('refuses to stream at once past the inline limit', async () => {
    const tiny = await createTestApp(dialect, { exportInlineMaxRows: 0, reportLimitPerHour: 100 });
    try {
      const ww = await reportWorld(tiny.app);
      await tiny.app.inject({ method: 'POST', url: '/api/v1/reports', payload: reportBody() });
      const s = await createSession(tiny.app, ww.officer.id);
      const res = await tiny.app.inject({
        method: 'GET',
        url: '/staff/exports/download?list=reports&format=csv',
        cookies: sessionCookies(s),
      });
      expect(res.statusCode).toBe(409);
      const page = await tiny.app.inject({
        method: 'GET',
        url: '/staff/exports/new?list=reports',
        cookies: sessionCookies(s),
      });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('too long to download at once');
      expect(page.body).not.toContain('/staff/exports/download?');
    } finally {
      await tiny.close();
    }
  });

  describe('problems', () => {
    it("exports the problems list as the page shows it, within the reader's jurisdiction", async () => {
      const { problems, sessions } = t.app.ctx.services;
      const officer = (await sessions.resolveApiToken(w.officer.token))!;
      for (const title of ['Drinking at the school gate', 'Dark street by the bazaar'])
        await problems.create(officer, {
          title,
          description: 'Seen by many residents.',
          clusteringType: 'place',
          priority: 'high',
          areaCodes: [w.areas.district.code],
        });
      const page = await get(w.officer.id, '/staff/problems');
      expect(page.body).toContain('/staff/exports/new?list=problems');
      const shown = tableRows(page.body);
      const res = await get(w.officer.id, '/staff/exports/download?list=problems&format=csv');
      // Problems are not counted up front, so they always go through a prepared file.
      expect(res.statusCode).toBe(409);
      const ask = await post(w.officer.id, '/staff/exports', { list: 'problems', format: 'geojson' });
      expect(ask.statusCode).toBe(303);
      const { jobs, insightExports } = t.app.ctx.services;
      await insightExports.registerJobs(jobs);
      for (const j of (await jobs.claim('test', 10)).filter((x) => x.kind === EXPORT_JOB))
        expect(await jobs.execute(j, 'test')).toBe('done');
      const file = await get(w.officer.id, `${ask.headers.location as string}/file`);
      const fc = file.json() as {
        features: Array<{ geometry: unknown; properties: Record<string, unknown> }>;
      };
      expect(fc.features.map((f) => f.properties.title)).toEqual(shown.map((s) => s[0]));
      expect(fc.features.map((f) => f.properties.stage)).toEqual(shown.map((s) => s[1]));
      expect(fc.features[0]!.geometry).toMatchObject({ type: 'Point' });
      const other = await post(w.otherOfficer.id, '/staff/exports', { list: 'problems', format: 'csv' });
      expect(other.statusCode).toBe(303);
      for (const j of (await jobs.claim('test', 10)).filter((x) => x.kind === EXPORT_JOB))
        expect(await jobs.execute(j, 'test')).toBe('done');
      const theirs = await get(w.otherOfficer.id, `${other.headers.location as string}/file`);
      expect(parseCsv(theirs.body)).toHaveLength(1); // headings only: nothing in Uzgen
    });
  });
});
