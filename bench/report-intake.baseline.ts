/**
 * The baseline for the report-intake benchmark: a bare Fastify server whose one route inserts the
 * same 1 KB report row into the same SQLite schema through the same group commit. No auth, no
 * validation beyond parsing, no audit, no area lookup: what the real route is measured against.
 *
 * `BASELINE_ROWS=all` makes it write what one intake writes — the report, its `created` event and a
 * hash-chained audit entry (chain head kept in memory) — still with no plugins, validation or rules,
 * so the two baselines together separate the cost of the extra rows from the cost of the framework
 * and the service around them.
 * Run as its own process: `node --import tsx bench/report-intake.baseline.ts <dataDir> <port>`.
 */
import Fastify from 'fastify';
import { openDatabase } from '../src/db/database.ts';
import { sha256Hex } from '../src/shared/crypto.ts';
import { newId } from '../src/shared/ids.ts';

const [dataDir, port] = process.argv.slice(2);
const allRows = process.env.BASELINE_ROWS === 'all';
// The same database layer and group-commit window as the server (GROUP_COMMIT_MS, default 2 ms).
const db = openDatabase({
  databaseUrl: '',
  dataDir: dataDir!,
  groupCommitMs: Number(process.env.GROUP_COMMIT_MS ?? 2),
});
let prevHash = '0'.repeat(64);
const app = Fastify({ logger: false });
app.post('/r', async (req, reply) => {
  const b = req.body as { description: string; category: string; privacy: 'public' };
  const now = new Date().toISOString();
  const id = newId();
  await db.write(async (trx) => {
    await trx
      .insertInto('report')
      .values({
        id,
        reference: `B-${id.slice(-12)}`,
        category_code: b.category,
        description: b.description,
        privacy: b.privacy,
        status: 'new',
        desk: 'triage',
        sensitive: 0,
        area_code: 'KG-O.kara-suu',
        area_path: '/KG/KG-O/KG-O.kara-suu/',
        channel: 'api',
        last_activity_at: now,
        answers: '{}',
        held_for_review: 0,
        created_at: now,
        updated_at: now,
      })
      .execute();
    if (!allRows) return;
    await trx
      .insertInto('report_event')
      .values({
        id: newId(),
        report_id: id,
        kind: 'created',
        visibility: 'reporter',
        to_status: 'new',
        created_at: now,
      })
      .execute();
    const entry = {
      id: newId(),
      at: now,
      actor_id: null,
      actor_role: 'anonymous',
      action: 'report.create',
      subject_type: 'report',
      subject_id: id,
      details: JSON.stringify({ category: b.category, privacy: b.privacy, channel: 'api' }),
      prev_hash: prevHash,
    };
    const hash = sha256Hex(JSON.stringify(Object.values(entry)));
    await trx
      .insertInto('audit_event')
      .values({ ...entry, hash })
      .execute();
    prevHash = hash;
  });
  return reply.code(201).send({ id });
});
await app.listen({ port: Number(port), host: '127.0.0.1' });
process.stdout.write('ready\n');
