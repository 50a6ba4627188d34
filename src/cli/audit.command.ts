import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { verifyChain, type VerifyResult } from '../modules/audit/audit-verify.ts';
import { UsageError, type CliCommand } from './command.ts';

export function describeVerify(r: VerifyResult): string {
  if (r.ok) return `audit trail intact: ${r.entries} entries verified`;
  const b = r.firstBroken;
  return `audit trail BROKEN at entry seq ${b.seq}${b.id ? ` (id ${b.id})` : ''}: ${b.reason} (${r.entries} entries checked)`;
}

export const auditCommand: CliCommand = {
  help: 'audit verify                            check the audit trail hash chain; exit code 1 if broken',
  run: async (args) => {
    if (args[0] !== 'verify') throw new UsageError('usage: ishenim audit verify');
    const config = loadConfig();
    const db = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    try {
      const result = await verifyChain(db.read);
      process.stdout.write(describeVerify(result) + '\n');
      if (!result.ok) process.exitCode = 1;
    } finally {
      await db.close();
    }
  },
};
