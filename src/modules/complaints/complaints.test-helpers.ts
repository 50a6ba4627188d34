/** Helpers for the complaints tests: the world of reports plus a second administrator, and form posts. */
import type { App } from '../../app.ts';
import { createSession, csrfPair, insertStaff, sessionCookies } from '../../../test/factories.ts';
import { reportWorld } from '../reports/reports.fixtures.ts';

export const ORIGIN = { origin: 'http://localhost' };
export const RECEIPT_RE = /\d{4} \d{4} \d{4} \d{4} \d{4}/;

/** A multipart/form-data body as a browser sends it. */
export function multipart(fields: Record<string, string>, photos: Buffer[] = []) {
  const boundary = '----ishenimComplaintBoundary4f9a';
  const chunks: Buffer[] = Object.entries(fields).map(([k, v]) =>
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`, 'utf8'),
  );
  for (const [i, data] of photos.entries())
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="photos"; filename="p${i}.png"\r\nContent-Type: image/png\r\n\r\n`,
      ),
      data,
      Buffer.from('\r\n'),
    );
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(chunks),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, ...ORIGIN },
  };
}

export async function complaintWorld(app: App) {
  const w = await reportWorld(app);
  const secondAdmin = await insertStaff(app.ctx.db, [{ role: 'admin', areaCode: 'KG' }]);
  return { ...w, secondAdmin: { id: secondAdmin.id } };
}

/** Signed-in staff requests through the real app (a session cookie, CSRF for posts). */
export function staffClient(app: App) {
  const sids = new Map<string, string>();
  const sid = async (personId: string) => {
    let s = sids.get(personId);
    if (!s) sids.set(personId, (s = await createSession(app, personId)));
    return s;
  };
  return {
    get: async (personId: string, url: string) =>
      app.inject({ method: 'GET', url, cookies: sessionCookies(await sid(personId)) }),
    post: async (personId: string, url: string, fields: Record<string, string> = {}) => {
      const c = csrfPair(app);
      return app.inject({
        method: 'POST',
        url,
        cookies: { ...sessionCookies(await sid(personId)), ...c.cookies },
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ ...fields, _csrf: c.token }).toString(),
      });
    },
  };
}

/** A complaint as a resident sends it by web (anonymous unless told otherwise). */
export function complaintFields(areaCode: string, over: Record<string, string> = {}) {
  return {
    kind: 'complaint',
    officer_badge: '04-117',
    officer_description: '',
    area: areaCode,
    occurred_date: '2026-11-20',
    occurred_time: '18:30',
    description:
      'At the checkpoint the officer shouted at my brother and kept his passport for two hours without a reason.',
    privacy: 'anonymous',
    ...over,
  };
}
