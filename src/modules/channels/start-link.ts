/**
 * Deep links into the bot from a poster or a page: `https://t.me/<bot>?start=area-<ref>` opens the
 * chat and sends `/start area-<ref>`; the report then starts in that area. Telegram allows only
 * `A-Z a-z 0-9 _ -` (at most 64) in the start parameter, so `<ref>` is either the area's id (a
 * UUID) or its code with the dots written as underscores (`KG-C.alamudun` → `KG-C_alamudun`).
 */
import { ANONYMOUS } from '../../shared/policy.ts';
import type { GeoService } from '../geo/geo.service.ts';
import type { Area } from '../../db/schema.ts';

const START_PAYLOAD = /^area-([A-Za-z0-9_-]{1,59})$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The start parameter of a link to `area`: what a poster's QR code carries after `?start=`. */
export function areaStartPayload(code: string): string {
  return `area-${code.replaceAll('.', '_')}`;
}

/** The area a `/start` payload names, or undefined (unknown, malformed, or a whole country). */
export async function areaOfStartPayload(geo: GeoService, payload: string): Promise<Area | undefined> {
  const m = START_PAYLOAD.exec(payload.trim());
  if (!m) return undefined;
  const ref = m[1]!;
  try {
    // An id may be an old version of the area (a poster printed before a rename): today's version.
    const code = UUID.test(ref)
      ? (await geo.get(ANONYMOUS, { id: ref.toLowerCase() })).area.code
      : ref.replaceAll('_', '.');
    const area = (await geo.areaChain(ANONYMOUS, { code })).at(-1);
    return area && area.kind !== 'country' ? area : undefined;
  } catch {
    return undefined; // not found: the report starts as usual
  }
}
