/**
 * Signed checkpoints of the audit chain head. The hash chain alone proves nothing against someone
 * who can write the database: they can delete the tail and move the head back, or edit an entry and
 * recompute every hash after it. A checkpoint signed with a key the database never holds, and kept
 * outside the service (oversight's copy, a webhook receiver), pins "entry N had hash H": any later
 * rewrite of entries up to N, or removal of them, no longer matches it.
 */
import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { nowIso } from '../../shared/time.ts';
import { verifyChain, type VerifyResult } from './audit-verify.ts';
import { auditRepository } from './audit.repository.ts';

export interface Checkpoint {
  seq: number;
  head_hash: string;
  at: string;
  key_id: string;
  /** Ed25519 over `signedText(...)`, base64. */
  signature: string;
}

/** What is signed: versioned so a future format cannot be confused with this one. */
export function signedText(c: Omit<Checkpoint, 'signature'>): string {
  return `ishenim-audit-checkpoint:v1:${c.seq}:${c.head_hash}:${c.at}:${c.key_id}`;
}

/** Key id = start of the SHA-256 of the public key (DER): stable, and derivable by any verifier. */
export function keyId(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex').slice(0, 16);
}

export interface SigningKey {
  privateKey: KeyObject;
  keyId: string;
}

/** Loads an Ed25519 private key (PEM); a clear error rather than a silent "checkpoints off". */
export function loadSigningKey(file: string): SigningKey {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`AUDIT_SIGNING_KEY_FILE ${file} cannot be read: ${(e as Error).message}`);
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch (e) {
    throw new Error(`AUDIT_SIGNING_KEY_FILE ${file} is not a PEM private key: ${(e as Error).message}`);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519')
    throw new Error(`AUDIT_SIGNING_KEY_FILE ${file} must be an Ed25519 key`);
  return { privateKey, keyId: keyId(createPublicKey(privateKey)) };
}

export function signCheckpoint(key: SigningKey, seq: number, headHash: string): Checkpoint {
  const body = { seq, head_hash: headHash, at: nowIso(), key_id: key.keyId };
  const signature = sign(null, Buffer.from(signedText(body)), key.privateKey).toString('base64');
  return { ...body, signature };
}

/** Signs the current head and stores the checkpoint (the database keeps a copy; the proof is outside). */
export async function checkpointHead(db: Kysely<DB>, key: SigningKey): Promise<Checkpoint> {
  const head = await auditRepository.head(db);
  const cp = signCheckpoint(key, head.seq, head.hash);
  await db.insertInto('audit_checkpoint').values(cp).execute();
  return cp;
}

/**
 * The periodic job's step: signs the head only when the chain has grown since the last checkpoint,
 * so a quiet night adds no rows. Returns the new checkpoint or null.
 */
export async function checkpointIfGrown(db: Kysely<DB>, key: SigningKey): Promise<Checkpoint | null> {
  const head = await auditRepository.head(db);
  const last = await db
    .selectFrom('audit_checkpoint')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .executeTakeFirst();
  if (head.seq === 0 || Number(last?.seq ?? 0) >= head.seq) return null;
  return checkpointHead(db, key);
}

export function toJsonLines(cps: Checkpoint[]): string {
  return cps.map((c) => JSON.stringify(c) + '\n').join('');
}

/** Parses a JSON-lines checkpoint file; a line that is not a checkpoint is an error, never skipped. */
export function parseCheckpoints(text: string): Checkpoint[] {
  const out: Checkpoint[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let c: Partial<Checkpoint>;
    try {
      c = JSON.parse(line) as Partial<Checkpoint>;
    } catch {
      throw new Error(`checkpoint line ${i + 1} is not JSON`);
    }
    if (
      !Number.isSafeInteger(c.seq) ||
      typeof c.head_hash !== 'string' ||
      typeof c.at !== 'string' ||
      typeof c.key_id !== 'string' ||
      typeof c.signature !== 'string'
    )
      throw new Error(`checkpoint line ${i + 1} lacks seq, head_hash, at, key_id or signature`);
    out.push(c as Checkpoint);
  });
  return out;
}

/** Public keys by key id; old keys stay in the list after a rotation so old checkpoints still verify. */
export function publicKeysFromPem(pems: string[]): Map<string, KeyObject> {
  const keys = new Map<string, KeyObject>();
  for (const pem of pems) {
    const k = createPublicKey(pem);
    keys.set(keyId(k), k);
  }
  return keys;
}

export type CheckpointFailure =
  | 'unknown_key'
  | 'bad_signature'
  | 'checkpoint_beyond_head'
  | 'checkpoint_entry_missing'
  | 'checkpoint_hash_mismatch';

export type CheckpointVerifyResult =
  | { ok: true; entries: number; checkpoints: number }
  | {
      ok: false;
      entries: number;
      chain: VerifyResult;
      /** The first checkpoint the database contradicts (or that is not genuinely signed). */
      failedCheckpoint?: { seq: number; reason: CheckpointFailure };
    };

/**
 * The chain must be intact, and every checkpoint signed by a known key must still be in it: the
 * head at or past its seq, and the entry at its seq carrying its hash. Entries after the newest
 * checkpoint are protected by the chain only: sign often.
 */
export async function verifyWithCheckpoints(
  db: Kysely<DB>,
  checkpoints: Checkpoint[],
  publicKeys: Map<string, KeyObject>,
): Promise<CheckpointVerifyResult> {
  const chain = await verifyChain(db);
  const fail = (seq: number, reason: CheckpointFailure): CheckpointVerifyResult => ({
    ok: false,
    entries: chain.entries,
    chain,
    failedCheckpoint: { seq, reason },
  });
  const head = await auditRepository.head(db);
  for (const cp of [...checkpoints].sort((a, b) => a.seq - b.seq)) {
    const key = publicKeys.get(cp.key_id);
    if (!key) return fail(cp.seq, 'unknown_key');
    const { signature, ...body } = cp;
    if (!verify(null, Buffer.from(signedText(body)), key, Buffer.from(signature, 'base64')))
      return fail(cp.seq, 'bad_signature');
    if (cp.seq === 0) continue; // the empty chain: nothing to find
    if (head.seq < cp.seq) return fail(cp.seq, 'checkpoint_beyond_head');
    const entry = await db
      .selectFrom('audit_event')
      .select('hash')
      .where('seq', '=', cp.seq)
      .executeTakeFirst();
    if (!entry) return fail(cp.seq, 'checkpoint_entry_missing');
    if (entry.hash !== cp.head_hash) return fail(cp.seq, 'checkpoint_hash_mismatch');
  }
  if (!chain.ok) return { ok: false, entries: chain.entries, chain };
  return { ok: true, entries: chain.entries, checkpoints: checkpoints.length };
}
