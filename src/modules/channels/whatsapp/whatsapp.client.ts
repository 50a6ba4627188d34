/**
 * A small client for the WhatsApp Cloud API on the Graph API: send a message, fetch a media file.
 * The base URL is configurable (tests point it at a local server that speaks the same wire format).
 */
import { createHash } from 'node:crypto';
import { maskNumbers } from '../channel-text.ts';
import { graphErrorCode } from './whatsapp.wire.ts';

export interface GraphConfig {
  /** e.g. https://graph.facebook.com (no trailing slash needed). */
  baseUrl: string;
  /** e.g. v22.0 */
  version: string;
  accessToken: string;
  phoneNumberId: string;
}

export const DEFAULT_GRAPH_BASE_URL = 'https://graph.facebook.com';
export const DEFAULT_GRAPH_VERSION = 'v22.0';
const TIMEOUT_MS = 20_000;
/** Image types we accept from residents (the photo pipeline re-encodes them). */
const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp']);
/** Where Meta serves media from, besides the configured Graph host itself. */
const MEDIA_HOSTS = [/\.fbsbx\.com$/i, /\.facebook\.com$/i, /\.whatsapp\.net$/i, /\.fbcdn\.net$/i];

/** A failed Graph API call. `status` 0 is a network failure or timeout. */
export class GraphApiError extends Error {
  override name = 'GraphApiError';
  constructor(
    readonly status: number,
    readonly code: number | undefined,
    message: string,
  ) {
    super(message);
  }
  /** Worth trying again later: network trouble, throttling, server errors, a token being renewed. */
  get retryable(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500 || this.status === 401;
  }
}

function base(cfg: GraphConfig): string {
  return `${cfg.baseUrl.replace(/\/+$/, '')}/${encodeURIComponent(cfg.version)}`;
}

async function call(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, { ...init, redirect: 'error', signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (err) {
    throw new GraphApiError(0, undefined, `Graph API unreachable: ${(err as Error).message}`);
  }
}

async function failure(res: Response, what: string): Promise<GraphApiError> {
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  const code = graphErrorCode(body);
  // The API's own message names the problem (never a resident's data): keep it short for the admin page.
  const detail =
    body && typeof body === 'object' && 'error' in body
      ? maskNumbers(String((body as { error: { message?: unknown } }).error.message ?? '').slice(0, 200))
      : '';
  return new GraphApiError(
    res.status,
    code,
    `${what} failed: HTTP ${res.status}${code ? ` code ${code}` : ''} ${detail}`.trim(),
  );
}

/** POST {base}/{version}/{phone_number_id}/messages; returns the new message's wamid. */
export async function sendGraphMessage(cfg: GraphConfig, payload: object): Promise<string> {
  const res = await call(`${base(cfg)}/${encodeURIComponent(cfg.phoneNumberId)}/messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${cfg.accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  });
  if (!res.ok) throw await failure(res, 'sending the WhatsApp message');
  const body = (await res.json().catch(() => undefined)) as { messages?: { id?: unknown }[] } | undefined;
  const id = body?.messages?.[0]?.id;
  return typeof id === 'string' ? id : '';
}

function allowedMediaUrl(cfg: GraphConfig, raw: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  // The bearer token goes with the download: only ever to the Graph host itself or Meta's media hosts.
  if (url.origin === new URL(cfg.baseUrl).origin) return url;
  if (url.protocol === 'https:' && MEDIA_HOSTS.some((re) => re.test(url.hostname))) return url;
  return undefined;
}

async function readLimited(res: Response, maxBytes: number): Promise<Buffer> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes)
    throw new GraphApiError(413, undefined, 'the WhatsApp image is too large');
  const chunks: Buffer[] = [];
  let total = 0;
  if (!res.body) return Buffer.alloc(0);
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    total += chunk.length;
    if (total > maxBytes) throw new GraphApiError(413, undefined, 'the WhatsApp image is too large');
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

/**
 * Media id → GET {base}/{version}/{media_id} (its short-lived URL, type, size, sha256) → GET that URL
 * with the bearer token. Only images, at most `maxBytes`, checked against the announced sha256.
 */
export async function downloadGraphMedia(
  cfg: GraphConfig,
  mediaId: string,
  maxBytes: number,
): Promise<Buffer> {
  // Meta's media host answers some clients without a user agent with an HTML page instead of the file.
  const auth = { authorization: `Bearer ${cfg.accessToken}`, 'user-agent': 'Ishenim (WhatsApp Cloud API)' };
  const metaRes = await call(`${base(cfg)}/${encodeURIComponent(mediaId)}`, { headers: auth });
  if (!metaRes.ok) throw await failure(metaRes, 'looking up the WhatsApp media');
  const meta = (await metaRes.json().catch(() => undefined)) as
    { url?: unknown; mime_type?: unknown; sha256?: unknown; file_size?: unknown } | undefined;
  const url = typeof meta?.url === 'string' ? allowedMediaUrl(cfg, meta.url) : undefined;
  if (!url) throw new GraphApiError(502, undefined, 'the media lookup gave no usable URL');
  const type = typeof meta?.mime_type === 'string' ? meta.mime_type.split(';')[0]!.trim().toLowerCase() : '';
  if (!IMAGE_TYPES.has(type))
    throw new GraphApiError(415, undefined, `media of type ${type || 'unknown'} is not an image we accept`);
  if (typeof meta?.file_size === 'number' && meta.file_size > maxBytes)
    throw new GraphApiError(413, undefined, 'the WhatsApp image is too large');
  const fileRes = await call(url.toString(), { headers: auth });
  if (!fileRes.ok) throw await failure(fileRes, 'downloading the WhatsApp media');
  const data = await readLimited(fileRes, maxBytes);
  if (typeof meta?.sha256 === 'string' && /^[0-9a-f]{64}$/i.test(meta.sha256)) {
    const actual = createHash('sha256').update(data).digest('hex');
    if (actual !== meta.sha256.toLowerCase())
      throw new GraphApiError(502, undefined, 'the downloaded media does not match its checksum');
  }
  return data;
}
