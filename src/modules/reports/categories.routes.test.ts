/**
 * Admin pages for report categories through the real app (SQLite and PostgreSQL): an admin adds a
 * category with a choice question using only the HTML form, residents are offered it, mistakes come
 * back next to their boxes with nothing saved, changes are audited, and no one else gets in.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { describeDialects } from '../../../test/db.ts';
import { createSession, csrfPair, sessionCookies } from '../../../test/factories.ts';
import { LOCALES } from '../../shared/i18n.ts';
import { categoryToForm, parseCategoryForm } from './category-form.ts';
import { reportWorld, type ReportWorld } from './reports.fixtures.ts';

const allLanguages = (prefix: string, text: string) =>
  Object.fromEntries(LOCALES.map((l) => [`${prefix}-${l}`, `${text} (${l})`]));

function newCategoryForm(code: string): Record<string, string> {
  return {
    code,
    group: 'safety',
    desk: 'triage',
    sort: '95',
    active: '1',
    ...allLanguages('names', 'Stray dogs'),
    ...allLanguages('guidance', 'If someone has been bitten, call 103 first'),
    'q0-key': 'how_many',
    'q0-type': 'choice',
    'q0-required': '1',
    ...allLanguages('q0-label', 'How many dogs?'),
    'q0-option-keys': 'one\nfew\nmany',
    ...Object.fromEntries(LOCALES.map((l) => [`q0-options-${l}`, `One ${l}\nA few ${l}\nA pack ${l}`])),
    'q1-key': '',
    'q1-type': 'text',
  };
}

describeDialects('report category admin pages', (dialect) => {
  let t: TestApp;
  let w: ReportWorld;
  const sids = new Map<string, string>();

  beforeAll(async () => {
    t = await createTestApp(dialect);
    w = await reportWorld(t.app);
  });
  afterAll(async () => t?.close());

  async function cookiesOf(personId: string) {
    let s = sids.get(personId);
    if (!s) sids.set(personId, (s = await createSession(t.app, personId)));
    return sessionCookies(s);
  }
  const get = async (personId: string, url: string) =>
    t.app.inject({ method: 'GET', url, cookies: await cookiesOf(personId) });
  const post = async (personId: string, url: string, fields: Record<string, string>) => {
    const c = csrfPair(t.app);
    return t.app.inject({
      method: 'POST',
      url,
      cookies: { ...(await cookiesOf(personId)), ...c.cookies },
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ ...fields, _csrf: c.token }).toString(),
    });
  };
  const category = (code: string) =>
    t.app.ctx.db.read.selectFrom('report_category').selectAll().where('code', '=', code).executeTakeFirst();

  it('an admin adds a category with a choice question through the form; residents are offered it', async () => {
    const list = await get(w.admin.id, '/admin/categories');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('/admin/categories/public-order');
    const blank = await get(w.admin.id, '/admin/categories/new');
    expect(blank.statusCode).toBe(200);
    expect(blank.body).toContain('name="names-tg"');

    const res = await post(w.admin.id, '/admin/categories', newCategoryForm('stray-dogs'));
    expect(res.statusCode, res.body).toBe(303);
    expect(res.headers.location).toBe('/admin/categories?saved=1');
    const row = (await category('stray-dogs'))!;
    expect(row.desk).toBe('triage');
    expect(row.sort).toBe(95);
    const questions = JSON.parse(row.questions);
    expect(questions).toHaveLength(1);
    expect(questions[0].options.map((o: { value: string }) => o.value)).toEqual(['one', 'few', 'many']);
    expect(questions[0].options[2].labels.ky).toBe('A pack ky');

    const resident = await t.app.inject({ url: '/report', headers: { 'accept-language': 'ru' } });
    expect(resident.body).toContain('Stray dogs (ru)');
    const audit = await t.app.ctx.db.read
      .selectFrom('audit_event')
      .select('actor_id')
      .where('action', '=', 'report.category.create')
      .where('subject_id', '=', 'stray-dogs')
      .executeTakeFirstOrThrow();
    expect(audit.actor_id).toBe(w.admin.id);
  });

  it('shows each mistake next to its box, keeps what was typed, and saves nothing', async () => {
    const missingKy = { ...newCategoryForm('lost-documents'), 'names-ky': '' };
    const res = await post(w.admin.id, '/admin/categories', missingKy);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('id="names-ky-error"');
    expect(res.body).toContain('href="#names-ky"');
    expect(res.body).toContain('value="Stray dogs (ru)"');
    expect(await category('lost-documents')).toBeUndefined();

    const badOptions = { ...newCategoryForm('lost-documents'), 'q0-options-uz': 'Bir' };
    const opt = await post(w.admin.id, '/admin/categories', badOptions);
    expect(opt.statusCode).toBe(400);
    expect(opt.body).toContain('id="q0-options-uz-error"');

    const taken = await post(w.admin.id, '/admin/categories', newCategoryForm('public-order'));
    expect(taken.statusCode).toBe(409);
    expect(taken.body).toContain('id="code-error"');
    expect(await category('lost-documents')).toBeUndefined();
  });

  it('changes a category: stops offering it and removes a question; the change is audited', async () => {
    const page = await get(w.admin.id, '/admin/categories/stray-dogs');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('name="q0-remove"');
    const form = { ...newCategoryForm('stray-dogs'), 'q0-remove': '1' };
    delete (form as Record<string, string>).active;
    delete (form as Record<string, string>).code;
    const res = await post(w.admin.id, '/admin/categories/stray-dogs', form);
    expect(res.statusCode, res.body).toBe(303);
    const row = (await category('stray-dogs'))!;
    expect(row.active).toBe(0);
    expect(JSON.parse(row.questions)).toEqual([]);
    const resident = await t.app.inject({ url: '/report', headers: { 'accept-language': 'ru' } });
    expect(resident.body).not.toContain('Stray dogs (ru)');
    const n = await t.app.ctx.db.read
      .selectFrom('audit_event')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('action', '=', 'report.category.update')
      .where('subject_id', '=', 'stray-dogs')
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(1);
  });

  it('is for admins only: an officer gets 404, anonymous visitors are sent to sign in', async () => {
    expect((await get(w.officer.id, '/admin/categories')).statusCode).toBe(404);
    expect((await post(w.officer.id, '/admin/categories', newCategoryForm('x-y'))).statusCode).toBe(404);
    const anon = await t.app.inject({ url: '/admin/categories' });
    expect(anon.statusCode).toBe(303);
    expect(anon.headers.location).toMatch(/^\/login/);
    expect((await get(w.admin.id, '/admin/categories/no-such-thing')).statusCode).toBe(404);
  });

  it('refuses junk form bodies with a 4xx and never saves half a category', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(
          fc.oneof(
            fc.constantFrom('code', 'group', 'desk', 'sort', 'names-ky', 'q0-key', 'q0-type'),
            fc.string(),
          ),
          fc.string({ maxLength: 50 }),
          { maxKeys: 12 },
        ),
        async (fields) => {
          const res = await post(w.admin.id, '/admin/categories', { ...fields, code: 'junk-probe' });
          expect(res.statusCode).toBeGreaterThanOrEqual(400);
          expect(res.statusCode).toBeLessThan(500);
        },
      ),
      { numRuns: 25 },
    );
    expect(await category('junk-probe')).toBeUndefined();
  });
});

it('a stored category survives the form round trip unchanged', () => {
  const view = {
    code: 'road-safety',
    group: 'safety',
    names: Object.fromEntries(LOCALES.map((l) => [l, `Road ${l}`])),
    guidance: {},
    desk: 'triage' as const,
    sensitive: false,
    questions: [
      {
        key: 'vehicle',
        type: 'choice' as const,
        required: true,
        labels: Object.fromEntries(LOCALES.map((l) => [l, `Vehicle ${l}`])),
        options: [
          { value: 'car', labels: Object.fromEntries(LOCALES.map((l) => [l, `Car ${l}`])) },
          { value: 'bus', labels: Object.fromEntries(LOCALES.map((l) => [l, `Bus ${l}`])) },
        ],
      },
      {
        key: 'plate',
        type: 'text' as const,
        required: false,
        labels: Object.fromEntries(LOCALES.map((l) => [l, `Plate ${l}`])),
      },
    ],
    active: true,
    sort: 70,
  };
  const { input } = parseCategoryForm(categoryToForm(view), true);
  expect(input).toEqual({ ...view, guidance: Object.fromEntries(LOCALES.map((l) => [l, ''])) });
});
