/**
 * Account e-mails through the real app, the outbox and a local SMTP server (SQLite and PostgreSQL):
 * sign-up answers the same whether or not the address has an account and the e-mail says what
 * happened; the account exists only after its link is followed; password reset for residents and
 * staff with a one-hour single-use link, audited, every session ended, staff enrolling TOTP again.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { describeDialects } from '../../../test/db.ts';
import { createSession, insertResident, insertStaff, sessionCookies } from '../../../test/factories.ts';
import { clock, HOUR } from '../../shared/time.ts';
import { drainOutbox } from '../channels/channels.test-helpers.ts';
import { LocalSmtpServer } from '../channels/email/email.test-server.ts';
import { Browser, insertAreas } from './accounts.test-helpers.ts';

const PASSWORD = 'correct horse battery';
const NEW_PASSWORD = 'a much better passphrase';

describeDialects('account e-mails', (dialect) => {
  const smtp = new LocalSmtpServer();
  let t: TestApp;
  let n = 0;
  const fresh = () => `person${++n}-${dialect}@example.kg`;

  beforeAll(async () => {
    await smtp.start();
    t = await createTestApp(dialect, { mail: smtp.mailConfig() });
    await insertAreas(t.tdb.db);
  });
  afterAll(async () => {
    await t?.close();
    await smtp.stop();
  });
  afterEach(async () => {
    clock.reset();
    await t.tdb.db.write((trx) => trx.deleteFrom('throttle').execute());
  });

  const mailTo = async (address: string) => {
    await drainOutbox(t.app);
    return smtp.to(address);
  };
  const personByEmail = (email: string) =>
    t.app.ctx.db.read.selectFrom('person').selectAll().where('email', '=', email).executeTakeFirst();
  const audit = (action: string, subjectId?: string) => {
    let q = t.app.ctx.db.read.selectFrom('audit_event').selectAll().where('action', '=', action);
    if (subjectId) q = q.where('subject_id', '=', subjectId);
    return q.execute();
  };
  const signUp = (b: Browser, email: string) =>
    b.post('/account/register', { displayName: 'Айгүл', email, phone: '', password: PASSWORD });

  it('sign-up answers the same for a new and a known address; the e-mail tells which', async () => {
    const known = fresh();
    await insertResident(t.tdb.db, { email: known, password: PASSWORD, locale: 'ru' });
    const newcomer = fresh();
    const b1 = new Browser(t.app);
    b1.cookies.lang = 'ky';
    const b2 = new Browser(t.app);
    b2.cookies.lang = 'ky';
    const r1 = await signUp(b1, newcomer);
    const r2 = await signUp(b2, known);
    expect([r1.statusCode, r1.headers.location]).toEqual([303, '/account/register/sent']);
    expect([r2.statusCode, r2.headers.location]).toEqual([303, '/account/register/sent']);
    expect(r1.cookies.map((c) => c.name)).toEqual(r2.cookies.map((c) => c.name));
    const sent1 = await b1.get('/account/register/sent');
    const sent2 = await b2.get('/account/register/sent');
    expect(sent1.body).toBe(sent2.body);
    expect(sent1.body).toContain('Почтаңызды текшериңиз');

    // No account until the link is followed.
    expect(await personByEmail(newcomer)).toBeUndefined();
    const [welcome] = await mailTo(newcomer);
    expect(welcome!.parsed.subject).toBe('Электрондук почтаңызды ырастаңыз');
    expect(welcome!.parsed.html).toContain('lang="ky"');
    const [exists] = await mailTo(known);
    // The known account's own language (ru), not the browser's.
    expect(exists!.parsed.subject).toBe('У вас уже есть учётная запись');
    expect(exists!.parsed.text).toContain('http://localhost/password/forgot');
    expect(exists!.parsed.text).not.toContain('/account/verify');

    const link = LocalSmtpServer.link(welcome!, 'http://localhost/account/verify?token=');
    const path = link.replace('http://localhost', '');
    // Opening the link changes nothing (mail scanners fetch links); the button does.
    const confirmPage = await b1.get(path);
    expect(confirmPage.statusCode).toBe(200);
    expect(await personByEmail(newcomer)).toBeUndefined();
    const done = await b1.post('/account/verify', { token: new URL(link).searchParams.get('token')! }, path);
    expect([done.statusCode, done.headers.location]).toEqual([303, '/account']);
    const account = await b1.get('/account');
    expect(account.statusCode).toBe(200);
    const person = await personByEmail(newcomer);
    expect(person).toMatchObject({ kind: 'resident', display_name: 'Айгүл', locale: 'ky' });
    expect(await audit('person.register', person!.id)).toHaveLength(1);
    // Single use.
    expect((await new Browser(t.app).get(path)).statusCode).toBe(410);
    const again = await new Browser(t.app).post(
      '/account/verify',
      { token: 'x'.repeat(43) },
      '/account/register',
    );
    expect(again.statusCode).toBe(410);
    // The login page offers the reset.
    expect((await new Browser(t.app).get('/login')).body).toContain('href="/password/forgot"');
  });

  it('a sign-up link expires after a day', async () => {
    const email = fresh();
    const b = new Browser(t.app);
    await signUp(b, email);
    const [m] = await mailTo(email);
    const path = LocalSmtpServer.link(m!, 'http://localhost/account/verify?token=').replace(
      'http://localhost',
      '',
    );
    clock.advance(25 * HOUR);
    expect((await b.get(path)).statusCode).toBe(410);
  });

  it('password reset for a resident: same answer for unknown addresses, single use, sessions ended, audited', async () => {
    const email = fresh();
    const resident = await insertResident(t.tdb.db, { email, password: PASSWORD });
    const otherSession = await createSession(t.app, resident.id);
    const b = new Browser(t.app);
    const unknown = await b.post('/password/forgot', { email: fresh() });
    const knownRes = await b.post('/password/forgot', { email: email.toUpperCase() });
    expect([unknown.statusCode, unknown.headers.location]).toEqual([303, '/password/forgot/sent']);
    expect([knownRes.statusCode, knownRes.headers.location]).toEqual([303, '/password/forgot/sent']);
    expect((await b.post('/password/forgot', { email: 'not an address' })).statusCode).toBe(400);
    const [m] = await mailTo(email);
    expect(m!.parsed.subject).toBe('Set a new password');
    const link = LocalSmtpServer.link(m!, 'http://localhost/password/reset?token=');
    const path = link.replace('http://localhost', '');
    const token = new URL(link).searchParams.get('token')!;
    const short = await b.post('/password/reset', { token, password: 'short' }, path);
    expect(short.statusCode).toBe(400);
    expect(short.body).toContain('at least');
    const ok = await b.post('/password/reset', { token, password: NEW_PASSWORD }, path);
    expect([ok.statusCode, ok.headers.location]).toEqual([303, '/password/reset/done']);
    expect((await b.post('/password/reset', { token, password: NEW_PASSWORD }, '/login')).statusCode).toBe(
      410,
    );
    // Every session ended; the old password no longer works, the new one does.
    expect(
      (await t.app.inject({ method: 'GET', url: '/account', cookies: sessionCookies(otherSession) }))
        .statusCode,
    ).toBe(303);
    const old = await new Browser(t.app).post('/login', { email, password: PASSWORD });
    expect(old.statusCode).toBe(400);
    const now = await new Browser(t.app).post('/login', { email, password: NEW_PASSWORD });
    expect([now.statusCode, now.headers.location]).toEqual([303, '/account']);
    expect(await audit('person.password_reset_requested', resident.id)).toHaveLength(1);
    expect(await audit('person.password_reset', resident.id)).toHaveLength(1);
  });

  it('a reset link works for one hour only', async () => {
    const email = fresh();
    await insertResident(t.tdb.db, { email, password: PASSWORD });
    const b = new Browser(t.app);
    await b.post('/password/forgot', { email });
    const [m] = await mailTo(email);
    const path = LocalSmtpServer.link(m!, 'http://localhost/password/reset?token=').replace(
      'http://localhost',
      '',
    );
    clock.advance(HOUR + 1000);
    expect((await b.get(path)).statusCode).toBe(410);
  });

  it('staff who reset their password set up two-step sign-in again', async () => {
    const email = fresh();
    const staff = await insertStaff(t.tdb.db, [{ role: 'officer', areaCode: 'KG-O' }], {
      email,
      password: PASSWORD,
      totpSecret: 'sealed-secret-placeholder',
      totpEnabled: true,
    });
    await t.tdb.db.write((trx) =>
      trx
        .insertInto('recovery_code')
        .values({ id: 'rc-' + staff.id, person_id: staff.id, code_hash: 'h', used_at: null })
        .execute(),
    );
    const b = new Browser(t.app);
    await b.post('/password/forgot', { email });
    const [m] = await mailTo(email);
    const link = LocalSmtpServer.link(m!, 'http://localhost/password/reset?token=');
    const ok = await b.post(
      '/password/reset',
      { token: new URL(link).searchParams.get('token')!, password: NEW_PASSWORD },
      link.replace('http://localhost', ''),
    );
    expect(ok.headers.location).toBe('/password/reset/done?staff=1');
    const p = await personByEmail(email);
    expect(p).toMatchObject({ totp_secret: null, totp_enabled_at: null });
    const codes = await t.tdb.db.read
      .selectFrom('recovery_code')
      .selectAll()
      .where('person_id', '=', staff.id)
      .execute();
    expect(codes).toEqual([]);
    const login = await new Browser(t.app).post('/login', { email, password: NEW_PASSWORD });
    expect(login.headers.location).toBe('/account/2fa/setup');
    const [event] = await audit('person.password_reset', staff.id);
    expect(JSON.parse(event!.details ?? '{}')).toMatchObject({ twoStepRemoved: true });
  });
});

describe('account e-mail pages without SMTP', () => {
  it('are not found, and sign-up stays direct', async () => {
    const t = await createTestApp('sqlite');
    try {
      expect((await t.app.inject('/password/forgot')).statusCode).toBe(404);
      expect((await t.app.inject('/account/verify?token=abc')).statusCode).toBe(404);
      expect((await t.app.inject('/login')).body).not.toContain('/password/forgot');
    } finally {
      await t.close();
    }
  });
});
