import { authenticator } from 'otplib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { describeDialects } from '../../../test/db.ts';
import { clock, HOUR, MINUTE } from '../../shared/time.ts';
import { Browser, insertAreas, totpCodeAhead } from './accounts.test-helpers.ts';

const PASSWORD = 'correct horse battery';

describeDialects('sign-in', (dialect) => {
  let t: TestApp;
  let n = 0;
  const newStaff = async (role: 'admin' | 'officer' = 'officer', area = 'KG-O') => {
    const email = `staff${++n}@example.org`;
    const r = await t.app.ctx.services.users.create(null, {
      email,
      displayName: `Staff ${n}`,
      grants: [{ role, areaCode: area }],
      password: PASSWORD,
    });
    return { email, id: r.user.id };
  };
  beforeAll(async () => {
    t = await createTestApp(dialect);
    await insertAreas(t.tdb.db);
  });
  afterAll(async () => t.close());
  afterEach(async () => {
    clock.reset();
    // Windows opened at a future test time would outlive the reset: start each test clean.
    await t.tdb.db.write((trx) => trx.deleteFrom('throttle').execute());
  });

  it('shows the sign-in form with the agreed labels', async () => {
    const res = await t.app.inject('/login');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<label for="email">Email</label>');
    expect(res.body).toContain('<label for="password">Password</label>');
    expect(res.body).toMatch(/<button type="submit">Sign in<\/button>/);
  });

  it('refuses a wrong password with a message next to the field and no session', async () => {
    const { email } = await newStaff();
    const b = new Browser(t.app);
    const res = await b.post('/login', { email, password: 'wrong password!' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('The email or password is not right.');
    expect(res.body).toContain('error-summary');
    expect(b.cookies.sid).toBeUndefined();
    const unknown = await b.post('/login', { email: 'nobody@example.org', password: PASSWORD });
    expect(unknown.statusCode).toBe(400);
  });

  it('walks staff through 2FA enrolment, then requires the code at every sign-in', async () => {
    const { email } = await newStaff();
    const b = new Browser(t.app);
    const login = await b.post('/login', { email, password: PASSWORD });
    expect(login.statusCode).toBe(303);
    expect(login.headers.location).toBe('/account/2fa/setup');
    const firstSid = b.cookies.sid;
    expect(firstSid).toBeTruthy();
    // Half signed in: staff pages send them back to the second step, the API says 401.
    expect((await b.get('/staff')).headers.location).toBe('/account/2fa/setup');
    const setup = await b.get('/account/2fa/setup');
    expect(setup.body).toContain('Code from your authenticator app');
    expect(setup.body).toContain('Turn on two-step sign-in');
    expect(setup.body).toMatch(/<img src="data:image\/png;base64,[^"]+" alt="[^"]+"/);
    const secret = /<code id="totp-secret">([A-Z2-7]+)<\/code>/.exec(setup.body)![1]!;
    const bad = await b.post('/account/2fa/setup', {
      code: '000000' === authenticator.generate(secret) ? '111111' : '000000',
    });
    expect(bad.statusCode).toBe(400);
    const enrolCode = authenticator.generate(secret);
    const ok = await b.post('/account/2fa/setup', { code: enrolCode });
    expect(ok.statusCode).toBe(303);
    expect(b.cookies.sid).not.toBe(firstSid); // rotated
    const codesPage = await b.get('/account/2fa/recovery-codes');
    const codes = [...codesPage.body.matchAll(/<code>([a-z0-9-]+)<\/code>/g)].map((m) => m[1]);
    expect(codes).toHaveLength(10);
    expect(codesPage.body).toContain('href="/staff"');
    const home = await b.get('/staff');
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('<h1>My work</h1>');
    // The codes are shown once.
    expect((await b.get('/account/2fa/recovery-codes')).statusCode).toBe(303);

    // Next sign-in: the code is required.
    const b2 = new Browser(t.app);
    const again = await b2.post('/login', { email, password: PASSWORD });
    expect(again.headers.location).toBe('/login/2fa');
    const pending = b2.cookies.sid;
    expect((await b2.get('/staff')).headers.location).toBe('/login/2fa');
    const form = await b2.get('/login/2fa');
    expect(form.body).toContain('Code from your authenticator app');
    expect(form.body).toContain('Recovery code');
    // The code used to turn 2FA on cannot be replayed: the next sign-in needs a newer one.
    const replay = await b2.post('/login/2fa', { code: enrolCode });
    expect(replay.statusCode).toBe(400);
    const next = totpCodeAhead(secret);
    const done = await b2.post('/login/2fa', { code: next });
    expect(done.headers.location).toBe('/staff');
    // …and that one works once only, too.
    const b3 = new Browser(t.app);
    await b3.post('/login', { email, password: PASSWORD });
    expect((await b3.post('/login/2fa', { code: next })).statusCode).toBe(400);
    expect(b2.cookies.sid).not.toBe(pending);
    // The pending session token no longer works.
    const old = await t.app.inject({ url: '/api/v1/me', cookies: { sid: pending! } });
    expect(old.statusCode).toBe(401);
  });

  it('accepts a recovery code once only', async () => {
    const { email } = await newStaff();
    const { codes } = await new Browser(t.app).signInAndEnrol(email, PASSWORD);
    const b = new Browser(t.app);
    await b.post('/login', { email, password: PASSWORD });
    const used = await b.post('/login/2fa', { recoveryCode: codes[0]!.toUpperCase() });
    expect(used.headers.location).toBe('/staff');
    const b2 = new Browser(t.app);
    await b2.post('/login', { email, password: PASSWORD });
    const reused = await b2.post('/login/2fa', { recoveryCode: codes[0]! });
    expect(reused.statusCode).toBe(400);
    expect(reused.body).toContain('already been used');
  });

  it('throttles failures per account, even when the password is then right', async () => {
    const { email } = await newStaff();
    clock.set('2027-03-01T10:00:00Z');
    const b = new Browser(t.app);
    for (let i = 0; i < 5; i++)
      expect((await b.post('/login', { email, password: 'nope nope nope' })).statusCode).toBe(400);
    const blocked = await b.post('/login', { email, password: PASSWORD });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.body).toContain('Too many attempts. Try again in 15 minutes.');
    clock.advance(15 * MINUTE + 1000);
    expect((await b.post('/login', { email, password: PASSWORD })).statusCode).toBe(303);
  });

  it('throttles failures per address across accounts, storing no raw address', async () => {
    clock.set('2027-04-01T10:00:00Z');
    const b = new Browser(t.app);
    for (let i = 0; i < 20; i++)
      await b.post('/login', { email: `x${i}@example.org`, password: 'nope nope nope' });
    const { email } = await newStaff();
    expect((await b.post('/login', { email, password: PASSWORD })).statusCode).toBe(429);
    const keys = await t.tdb.db.read.selectFrom('throttle').select('key').execute();
    expect(keys.some((k) => k.key.includes('127.0.0.1'))).toBe(false);
  });

  it('ends sessions after idle and absolute timeouts', async () => {
    const { email } = await newStaff();
    clock.set('2027-05-01T08:00:00Z');
    const b = new Browser(t.app);
    await b.signInAndEnrol(email, PASSWORD);
    expect((await b.get('/staff')).statusCode).toBe(200);
    clock.advance(t.config.sessionIdleMinutes * MINUTE + 1000);
    expect((await b.get('/staff')).headers.location).toBe('/login');
    const person = await t.tdb.db.read
      .selectFrom('person')
      .select('id')
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    const left = await t.tdb.db.read
      .selectFrom('session')
      .selectAll()
      .where('person_id', '=', person.id)
      .execute();
    expect(left).toHaveLength(0);
  });

  it('signs out everywhere', async () => {
    const { email } = await newStaff();
    const a = new Browser(t.app);
    const { secret } = await a.signInAndEnrol(email, PASSWORD);
    const other = new Browser(t.app);
    await other.post('/login', { email, password: PASSWORD });
    await other.post('/login/2fa', { code: totpCodeAhead(secret) });
    expect((await other.get('/account')).statusCode).toBe(200);
    const account = await a.get('/account');
    expect(account.body).toContain('Sign out everywhere');
    const out = await a.post('/account/sessions/revoke-all', {}, '/account');
    expect(out.headers.location).toBe('/login');
    expect((await other.get('/account')).headers.location).toBe('/login');
  });

  it('lets residents register and land on their account page', async () => {
    const b = new Browser(t.app);
    const res = await b.post('/account/register', {
      displayName: 'Айгүл',
      phone: '+996 555 123 456',
      password: PASSWORD,
    });
    expect(res.headers.location).toBe('/account');
    expect((await b.get('/account')).body).toContain('Айгүл');
    const bad = await new Browser(t.app).post('/account/register', { displayName: 'A', password: 'short' });
    expect(bad.statusCode).toBe(400);
    const login = await new Browser(t.app).post('/login', { email: '+996555123456', password: PASSWORD });
    expect(login.headers.location).toBe('/account');
  });

  describe('absolute timeout', () => {
    it('ends a session after sessionMaxHours even when active', async () => {
      const { email } = await newStaff();
      clock.set('2027-06-01T08:00:00Z');
      const b = new Browser(t.app);
      await b.signInAndEnrol(email, PASSWORD);
      for (let i = 0; i < t.config.sessionMaxHours * 4; i++) {
        clock.advance(HOUR / 4);
        await b.get('/account');
      }
      expect((await b.get('/account')).headers.location).toBe('/login');
    });
  });
});
