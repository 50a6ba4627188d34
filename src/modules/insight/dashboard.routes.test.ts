/**
 * Dashboards through the real app (SQLite and PostgreSQL): each role counts only its jurisdiction and
 * desk; medians and 90th percentiles are the nearest-rank values of a known set; the series adds up
 * to the total and the previous period is compared; thin reporting is called out; no text any
 * resident wrote ever appears; filters are checked and refused with a message next to the field.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { describeDialects } from '../../../test/db.ts';
import { createSession, sessionCookies } from '../../../test/factories.ts';
import { DAY, HOUR, clock } from '../../shared/time.ts';
import { reportWorld, type ReportWorld } from '../reports/reports.fixtures.ts';
import { newId } from '../../shared/ids.ts';
import { insertReports, reportRow } from './insight.fixtures.ts';
import { tableRows } from './insight.test-helpers.ts';

const NOW = new Date('2026-11-30T12:00:00Z');

describeDialects('insight dashboards', (dialect) => {
  let t: TestApp;
  let w: ReportWorld;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    w = await reportWorld(t.app);
    const ago = (days: number) => new Date(NOW.getTime() - days * DAY).toISOString();
    const district = w.areas.district;
    const uzgen = w.areas.uzgen;
    const rows = [];
    // Kara-Suu, triage desk, this 30-day period: 10 reports acknowledged in 1..10 hours.
    for (let i = 1; i <= 10; i++)
      rows.push(
        reportRow({
          area_code: district.code,
          area_path: district.path,
          created_at: ago(i),
          status: i <= 3 ? 'resolved' : 'acknowledged',
          time_to_ack_seconds: i * 3600,
          time_to_resolve_seconds: i <= 3 ? (i * DAY) / 1000 : null,
          channel: i % 2 ? 'web' : 'telegram',
        }),
      );
    // Kara-Suu, the period before: 4 reports.
    for (let i = 1; i <= 4; i++)
      rows.push(reportRow({ area_code: district.code, area_path: district.path, created_at: ago(30 + i) }));
    // Kara-Suu, prevention desk: 2 reports (supervisors do not count them; prevention coordinators do).
    for (let i = 1; i <= 2; i++)
      rows.push(
        reportRow({
          area_code: district.code,
          area_path: district.path,
          created_at: ago(i),
          desk: 'prevention',
          category_code: 'radicalization-concern',
          sensitive: 1,
        }),
      );
    // Uzgen: 3 reports, outside the Kara-Suu staff's jurisdiction.
    for (let i = 1; i <= 3; i++)
      rows.push(reportRow({ area_code: uzgen.code, area_path: uzgen.path, created_at: ago(i) }));
    await insertReports(t.app.ctx.db, rows);
    // A forum meeting held 5 days ago: 12 women, 11 men and 2 of another gender attended.
    const at = ago(5);
    const forumId = newId();
    const meetingId = newId();
    await t.app.ctx.db.write(async (trx) => {
      await trx
        .insertInto('forum')
        .values({
          id: forumId,
          name: 'Kara-Suu LCPC',
          kind: 'prevention_centre',
          area_code: district.code,
          area_path: district.path,
          description: '',
          created_by: null,
          created_at: at,
          updated_at: at,
        })
        .execute();
      await trx
        .insertInto('meeting')
        .values({
          id: meetingId,
          forum_id: forumId,
          title: 'Quarterly meeting',
          starts_at: at,
          ends_at: at,
          mode: 'in_person',
          place: 'Ayil okmotu hall',
          online_url: null,
          visibility: 'public',
          status: 'held',
          residents_count: 40,
          minutes: '',
          public_summary: '',
          created_by: null,
          created_at: at,
          updated_at: at,
        })
        .execute();
      const genders = [...Array(12).fill('woman'), ...Array(11).fill('man'), 'other', 'other'] as Array<
        'woman' | 'man' | 'other'
      >;
      for (const [i, gender] of genders.entries()) {
        const memberId = newId();
        await trx
          .insertInto('forum_member')
          .values({
            id: memberId,
            forum_id: forumId,
            person_id: null,
            display_name: `Member ${i}`,
            organisation_id: null,
            role: 'member',
            term_start: '2026-01-01',
            term_end: null,
            gender,
            age_band: null,
            created_at: at,
            updated_at: at,
          })
          .execute();
        await trx
          .insertInto('meeting_participant')
          .values({
            meeting_id: meetingId,
            member_id: memberId,
            invited: 1,
            attended: 1,
            rsvp: null,
            rsvp_at: null,
          })
          .execute();
      }
    });
  });
  afterAll(async () => {
    clock.reset();
    await t?.close();
  });

  const get = async (personId: string, url: string) => {
    clock.set(NOW);
    const sid = await createSession(t.app, personId);
    return t.app.inject({ method: 'GET', url, cookies: sessionCookies(sid) });
  };
  /** The data table of the figure whose caption is `title`. */
  const figure = (html: string, title: string) => tableRows(html, `<caption>${title}</caption>`);

  it("counts the supervisor's district and desk only, with medians, p90 and the period before", async () => {
    const res = await get(w.supervisor.id, '/staff/insight?period=30d');
    expect(res.statusCode, res.body).toBe(200);
    const html = res.body;
    expect(html).toContain('Dashboard: district police head');
    expect(html).toMatch(/<svg[^>]+role="img"/);
    // 10 this period (Uzgen and the prevention desk left out), 4 the period before.
    const series = figure(html, 'Reports over time');
    expect(series).toHaveLength(30);
    expect(series.reduce((s, r) => s + Number(r[1]), 0)).toBe(10);
    expect(series.reduce((s, r) => s + Number(r[2]), 0)).toBe(4);
    expect(html).toContain('10 (150% against the period before)');
    // Acknowledged in 1..10 h: nearest-rank median is the 5th (5 h), the 90th percentile the 9th (9 h).
    const ack = figure(html, 'Time to acknowledge (10 reports)');
    expect(ack[0]).toEqual(['Median (half are faster)', '5 h 0 min', '—']);
    expect(ack[1]![1]).toBe('9 h 0 min');
    // Resolved in 1, 2, 3 days: median 2 days.
    expect(figure(html, 'Time to resolve (3 reports)')[0]![1]).toBe('2 d 0 h');
    expect(figure(html, 'Reports by channel')).toEqual([
      ['Web form', '5', '4'],
      [t.app.ctx.i18n.t('en', 'reports.channel.telegram'), '5', '0'],
    ]);
    expect(html).not.toContain('no dashboard or open data may ever show');
    expect(html).not.toContain('Uzgen District');
  });

  it('counts meetings and hides small cells of their composition, with a complement', async () => {
    const html = (await get(w.supervisor.id, '/staff/insight?period=30d')).body;
    expect(html).toMatch(/Meetings held<\/dt><dd>1 \(/);
    expect(html).toMatch(/Members who attended<\/dt><dd>25</);
    // "Other" (2) is under 10; with the total shown, men (11, the smallest other cell) is hidden too.
    expect(figure(html, 'Members who attended, by gender')).toEqual([
      ['Women', '12'],
      ['Men', '—'],
      ['Other', '—'],
    ]);
    expect(html).not.toContain('Member 1');
  });

  it('lets the prevention coordinator count the prevention desk, and calls thin reporting out', async () => {
    const html = (await get(w.prevention.id, '/staff/insight?period=30d')).body;
    expect(figure(html, 'Reports over time').reduce((s, r) => s + Number(r[1]), 0)).toBe(2);
    expect(html).toContain('Reporting is thin here');
    expect(html).toContain('Only 2 reports in this period.');
  });

  it('lets the national analyst see every area, by area, with no text', async () => {
    const html = (await get(w.analyst.id, '/staff/insight?period=30d')).body;
    expect(figure(html, 'Reports over time').reduce((s, r) => s + Number(r[1]), 0)).toBe(15);
    expect(html).not.toContain('no dashboard or open data may ever show');
    const narrowed = (await get(w.analyst.id, `/staff/insight?period=30d&area=${w.areas.uzgen.code}`)).body;
    expect(figure(narrowed, 'Reports over time').reduce((s, r) => s + Number(r[1]), 0)).toBe(3);
  });

  it('refuses roles without a dashboard, bad filters with a message, and areas outside the jurisdiction', async () => {
    expect((await get(w.officer.id, '/staff/insight')).statusCode).toBe(404);
    expect((await get(w.admin.id, '/staff/insight')).statusCode).toBe(404);
    const bad = await get(w.supervisor.id, '/staff/insight?period=7y');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Choose one of the periods offered.');
    const outside = await get(w.supervisor.id, `/staff/insight?area=${w.areas.uzgen.code}`);
    expect(outside.statusCode).toBe(400);
    expect(outside.body).toContain('Choose an area of your jurisdiction.');
    const anon = await t.app.inject({ method: 'GET', url: '/staff/insight' });
    expect(anon.statusCode).toBe(303);
    void HOUR;
  });
});
