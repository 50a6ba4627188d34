import { readFileSync } from 'node:fs';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { verifyChain, type VerifyResult } from '../modules/audit/audit-verify.ts';
import {
  checkpointHead,
  loadSigningKey,
  parseCheckpoints,
  toJsonLines,
  publicKeysFromPem,
  verifyWithCheckpoints,
  type CheckpointVerifyResult,
} from '../modules/audit/audit-checkpoint.ts';
import { UsageError, type CliCommand } from './command.ts';

export function describeVerify(r: VerifyResult): string {
  if (r.ok) return `audit trail intact: ${r.entries} entries verified`;
  const b = r.firstBroken;
  return `audit trail BROKEN at entry seq ${b.seq}${b.id ? ` (id ${b.id})` : ''}: ${b.reason} (${r.entries} entries checked)`;
}

export function describeCheckpointVerify(r: CheckpointVerifyResult): string {
  if (r.ok)
    return `audit trail intact: ${r.entries} entries verified against ${r.checkpoints} signed checkpoints`;
  if (r.failedCheckpoint)
    return `audit trail BROKEN: checkpoint at seq ${r.failedCheckpoint.seq}: ${r.failedCheckpoint.reason}`;
  return describeVerify(r.chain);
}

const USAGE =
  'usage: ishenim audit verify [--checkpoints FILE.jsonl --public-key PEM [--public-key OLD.pem ...]] | audit checkpoint | audit checkpoints';

/**
 * `checkpoint` signs the current head with AUDIT_SIGNING_KEY_FILE and prints it as one JSON line
 * (the service also does this every 10 minutes when the head has moved); `checkpoints` prints every stored one, the file
 * oversight keeps and later passes to `verify --checkpoints`.
 */
async function checkpointCommand(which: 'checkpoint' | 'checkpoints'): Promise<void> {
  const config = loadConfig();
  const key =
    which === 'checkpoint'
      ? config.auditSigningKeyFile
        ? loadSigningKey(config.auditSigningKeyFile)
        : null
      : undefined;
  if (key === null)
    throw new UsageError('audit checkpoint needs AUDIT_SIGNING_KEY_FILE (an Ed25519 PEM key)');
  const db = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    if (key) {
      process.stdout.write(toJsonLines([await db.write((trx) => checkpointHead(trx, key))]));
      return;
    }
    const rows = await db.read.selectFrom('audit_checkpoint').selectAll().orderBy('seq').execute();
    process.stdout.write(toJsonLines(rows.map((r) => ({ ...r, seq: Number(r.seq) }))));
  } finally {
    await db.close();
  }
}

/** `--name value` pairs; repeated names collect. */
function options(args: string[]): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (let i = 0; i < args.length; i += 2) {
    const name = args[i]!;
    const value = args[i + 1];
    if (!name.startsWith('--') || value === undefined) throw new UsageError(USAGE);
    m.set(name, [...(m.get(name) ?? []), value]);
  }
  for (const name of m.keys())
    if (name !== '--checkpoints' && name !== '--public-key') throw new UsageError(USAGE);
  return m;
}

export const auditCommand: CliCommand = {
  help: 'audit verify [--checkpoints FILE --public-key PEM]  check the audit chain (and signed checkpoints held outside); exit 1 if broken',
  run: async (args) => {
    if (args[0] === 'checkpoint' || args[0] === 'checkpoints') return checkpointCommand(args[0]);
    if (args[0] !== 'verify') throw new UsageError(USAGE);
    const opts = options(args.slice(1));
    const cpFiles = opts.get('--checkpoints') ?? [];
    const keyFiles = opts.get('--public-key') ?? [];
    if (cpFiles.length > 1 || (cpFiles.length === 1 && keyFiles.length === 0)) throw new UsageError(USAGE);
    const config = loadConfig();
    const db = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    try {
      if (cpFiles.length === 0) {
        const result = await verifyChain(db.read);
        process.stdout.write(describeVerify(result) + '\n');
        if (!result.ok) process.exitCode = 1;
        return;
      }
      const checkpoints = parseCheckpoints(readFileSync(cpFiles[0]!, 'utf8'));
      const keys = publicKeysFromPem(keyFiles.map((f) => readFileSync(f, 'utf8')));
      const result = await verifyWithCheckpoints(db.read, checkpoints, keys);
      process.stdout.write(describeCheckpointVerify(result) + '\n');
      if (!result.ok) process.exitCode = 1;
    } finally {
      await db.close();
    }
  },
};
