/**
 * The baseline for the report-intake benchmark: a bare Fastify server whose one route inserts the
 * same 1 KB report row into the same SQLite schema through the same group commit. No auth, no
 * validation beyond parsing, no audit, no area lookup: what the real route is measured against.
 * Run as its own process: `node --import tsx bench/report-intake.baseline.ts <dataDir> <port>`.
 */
import Fastify from 'fastify';
import { openDatabase } from '../src/db/database.ts';
import { newId } from '../src/shared/ids.ts';

const [dataDir, port] = process.argv.slice(2);
// The same database layer and group-commit window as the server (GROUP_COMMIT_MS, default 2 ms).
const db = openDatabase({
  databaseUrl: '',
  dataDir: dataDir!,
  groupCommitMs: Number(process.env.GROUP_COMMIT_MS ?? 2),
});
const app = Fastify({ logger: false });
app.post('/r', async (req, reply) => {
  const b = req.body as { description: string; category: string; privacy: 'public' };
  const now = new Date().toISOString();
  const id = newId();
  await db.write((trx) =>
    trx
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
      .execute(),
  );
  return reply.code(201).send({ id });
});
await app.listen({ port: Number(port), host: '127.0.0.1' });
process.stdout.write('ready\n');
