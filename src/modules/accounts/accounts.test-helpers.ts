/** Shared set-up for the accounts tests: a few real area rows, people, and a signed-in browser. */
import { authenticator } from 'otplib';
import type { App } from '../../app.ts';
import type { Database } from '../../db/database.ts';
import { newId } from '../../shared/ids.ts';
import { nowIso } from '../../shared/time.ts';

export async function insertAreas(db: Database): Promise<void> {
  const rows: [string, string, 'country' | 'region' | 'district', string | null][] = [
    ['KG', '/KG/', 'country', null],
    ['KG-O', '/KG/KG-O/', 'region', 'KG'],
    ['KG-O.kara-suu', '/KG/KG-O/KG-O.kara-suu/', 'district', 'KG-O'],
    ['KG-GB', '/KG/KG-GB/', 'region', 'KG'],
  ];
  const now = nowIso();
  await db.write(async (trx) => {
    for (const [code, path, kind, parent] of rows)
      await trx
        .insertInto('area')
        .values({
          id: newId(),
          code,
          country_code: 'KG',
          kind,
          subtype: null,
          parent_code: parent,
          path,
          names: JSON.stringify({ en: code }),
          centre_lat: null,
          centre_lon: null,
          boundary: null,
          min_lat: null,
          min_lon: null,
          max_lat: null,
          max_lon: null,
          valid_from: '2020-01-01T00:00:00.000Z',
          valid_to: null,
          successor_code: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
  });
}

/** Cookies carried between requests, like a browser. */
export class Browser {
  cookies: Record<string, string> = {};
  constructor(private readonly app: App) {}

  private keep(res: { cookies: { name: string; value: string; maxAge?: number; expires?: Date }[] }) {
    for (const c of res.cookies) {
      if (c.value === '' || c.maxAge === 0 || (c.expires && c.expires.getTime() < Date.now()))
        delete this.cookies[c.name];
      else this.cookies[c.name] = c.value;
    }
  }

  async get(url: string) {
    const res = await this.app.inject({ method: 'GET', url, cookies: this.cookies });
    this.keep(res);
    return res;
  }

  /** Fetches the form page for its CSRF token, then posts the form. */
  async post(url: string, fields: Record<string, string>, formPage = url) {
    const page = await this.get(formPage);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const res = await this.app.inject({
      method: 'POST',
      url,
      cookies: this.cookies,
      payload: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    this.keep(res);
    return res;
  }

  /** Password, then TOTP enrolment (returns the secret and recovery codes). */
  async signInAndEnrol(email: string, password: string) {
    await this.post('/login', { email, password }, '/login');
    const setup = await this.get('/account/2fa/setup');
    const secret = /<code id="totp-secret">([A-Z2-7]+)<\/code>/.exec(setup.body)![1]!;
    await this.post('/account/2fa/setup', { code: authenticator.generate(secret) });
    const shown = await this.get('/account/2fa/recovery-codes');
    const codes = [...shown.body.matchAll(/<code>([a-z0-9-]+)<\/code>/g)].map((m) => m[1]!);
    return { secret, codes };
  }
}

/**
 * A TOTP code for a later time step. Each step's code is accepted once, so a second sign-in within
 * the same 30 s uses the next step's code (accepted for clock drift), as a person would wait for.
 */
export function totpCodeAhead(secret: string, steps = 1): string {
  return authenticator.clone({ epoch: Date.now() + steps * 30_000 }).generate(secret);
}
