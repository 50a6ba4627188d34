/**
 * Test helpers for Open311: the official Open311 JSON Schemas (copied verbatim from
 * shared/data/open311 into seed/open311) compiled with ajv, and the XML → shape comparison.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { XMLParser } from 'fast-xml-parser';
import type { App } from '../../app.ts';
import type { Actor } from '../../shared/policy.ts';

const SCHEMA_DIR = path.resolve(import.meta.dirname, '../../../seed/open311');
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
for (const name of ['request', 'requests', 'service', 'services', 'service-definition'])
  ajv.addSchema(JSON.parse(readFileSync(path.join(SCHEMA_DIR, `${name}.json`), 'utf8')), `${name}.json`);

function compiled(name: string): ValidateFunction {
  return ajv.getSchema(`${name}.json`)!;
}

/** Throws with ajv's errors unless `data` validates against the official schema `name`. */
export function assertOfficial(
  name: 'request' | 'requests' | 'service' | 'services' | 'service-definition',
  data: unknown,
): void {
  const validate = compiled(name);
  if (!validate(data))
    throw new Error(
      `${name}.json: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(data).slice(0, 500)}`,
    );
}

/** The official schemas themselves can fail (guards against a validator that accepts anything). */
export function officialRejects(name: 'request' | 'service', data: unknown): boolean {
  return !compiled(name)(data);
}

const LIST_ITEMS = new Set([
  'service',
  'request',
  'request_update',
  'error',
  'attribute',
  'value',
  'endpoint',
  'format',
]);
const parser = new XMLParser({
  parseTagValue: false,
  ignoreDeclaration: true,
  isArray: (name) => LIST_ITEMS.has(name),
});

export function parseXml(xml: string): Record<string, unknown> {
  return parser.parse(xml, true) as Record<string, unknown>;
}

const ITEM_OF: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  service_request_updates: 'request_update',
  errors: 'error',
  attributes: 'attribute',
  values: 'value',
  endpoints: 'endpoint',
  formats: 'format',
};

/** The shape a JSON value takes in the spec's XML: text leaves, lists wrapped in their item element. */
export function xmlShapeOf(value: unknown, name: string): unknown {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value))
    return value.length
      ? { [ITEM_OF[name] ?? 'item']: value.map((v) => xmlShapeOf(v, ITEM_OF[name] ?? 'item')) }
      : '';
  if (typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, xmlShapeOf(v, k)]),
    );
  return String(value);
}

export function adminActor(personId: string): Actor {
  return {
    kind: 'staff',
    personId,
    organisationId: null,
    grants: [{ role: 'admin', areaCode: 'KG', areaPath: '/KG/' }],
    via: 'token',
  };
}

/** Issues a key through the JSON admin API. */
export async function issueKey(
  app: App,
  adminAuth: { authorization: string },
  body: { name?: string; services: string[]; rate_per_hour?: number },
): Promise<{ key: string; id: string }> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/open311/keys',
    headers: adminAuth,
    payload: {
      name: body.name ?? 'City app',
      services: body.services,
      rate_per_hour: body.rate_per_hour ?? 1000,
    },
  });
  if (res.statusCode !== 201) throw new Error(`issuing a key answered ${res.statusCode}: ${res.body}`);
  const j = res.json() as { key: string; item: { id: string } };
  return { key: j.key, id: j.item.id };
}

/** A form-encoded body as Open311 clients send it. */
export function form(fields: Record<string, string | number>): string {
  return new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, String(v)])).toString();
}

export const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
