/**
 * The two wire formats of GeoReport v2: JSON as the presenter builds it, and XML with the spec's
 * element names (`services/service`, `service_requests/request`, `errors/error`, …). Plain functions,
 * no I/O; the routes pick the format from the resource's extension.
 */
import { XMLBuilder } from 'fast-xml-parser';

export const FORMATS = ['json', 'xml'] as const;
export type Format = (typeof FORMATS)[number];

export const CONTENT_TYPES: Readonly<Record<Format, string>> = {
  json: 'application/json; charset=utf-8',
  xml: 'text/xml; charset=utf-8',
};

/** The XML element that wraps each item of a list, by the list's element name. */
const ITEM_NAMES: Readonly<Record<string, string>> = {
  services: 'service',
  service_requests: 'request',
  service_request_updates: 'request_update',
  errors: 'error',
  attributes: 'attribute',
  values: 'value',
  endpoints: 'endpoint',
  formats: 'format',
};

const builder = new XMLBuilder({ format: false, suppressEmptyNode: false, processEntities: true });

/** Characters XML 1.0 cannot carry (C0 controls but tab/newline/return, lone surrogates, U+FFFE/F). */
export const XML_INVALID =
  // eslint-disable-next-line no-control-regex -- these are exactly the characters XML 1.0 forbids
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** JSON-ish value → the object fast-xml-parser builds from: lists become repeated item elements. */
function toXmlValue(value: unknown, name: string): unknown {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) {
    const item = ITEM_NAMES[name] ?? 'item';
    return value.length ? { [item]: value.map((v) => toXmlValue(v, item)) } : '';
  }
  if (typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, toXmlValue(v, k)]),
    );
  }
  if (typeof value === 'string') return value.replace(XML_INVALID, '');
  return String(value);
}

/** An XML document whose root element is `root` (a list root wraps each item in its item element). */
export function toXml(root: string, value: unknown): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${builder.build({ [root]: toXmlValue(value, root) })}`;
}

export interface Open311ErrorItem {
  code: number;
  description: string;
}

/** The spec's error list: `[{code, description}]` in JSON, `<errors><error>…` in XML. */
export function errorBody(format: Format, errors: Open311ErrorItem[]): string {
  return format === 'xml' ? toXml('errors', errors) : JSON.stringify(errors);
}

/** The format a request asked for by its extension (`….xml` → XML; anything else answers JSON). */
export function formatOfUrl(url: string): Format {
  const path = url.split('?')[0] ?? '';
  return /\.xml$/i.test(path) ? 'xml' : 'json';
}

/** ISO instant → W3C date-time in UTC without fractions (`2026-11-28T10:15:00Z`). */
export function w3c(iso: string): string;
export function w3c(iso: string | null): string | null;
export function w3c(iso: string | null): string | null {
  if (iso === null) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const W3C_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A W3C date-time with a time zone → ISO instant, or null if it is not one (or not a real date). */
export function parseW3c(value: string): string | null {
  if (!W3C_RE.test(value)) return null;
  const [date, time] = value.split('T') as [string, string];
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const check = new Date(Date.UTC(y, m - 1, d));
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) return null;
  const [hh, mm, ss] = time
    .replace(/(Z|[+-]\d{2}:\d{2})$/, '')
    .split(':')
    .map(Number);
  if ((hh ?? 0) > 23 || (mm ?? 0) > 59 || (ss ?? 0) >= 60) return null;
  const zone = /([+-])(\d{2}):(\d{2})$/.exec(time);
  if (zone && (Number(zone[2]) > 14 || Number(zone[3]) > 59)) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}
