/**
 * Single-row inserts on hot paths (report intake: the report, its first event and the audit entry)
 * without Kysely re-building the same query every time. Kysely parses the row, freezes an operation
 * tree and compiles it for every call; for a 40-column insert that costs more CPU than SQLite's
 * insert itself. Here the query is compiled once per database adapter, table and column list (values
 * are always bound parameters, so the SQL text does not depend on them) and then run as a
 * `CompiledQuery` with the row's values in the same order. Reusing the one SQL string also lets the
 * statement cache find it without re-hashing a new string.
 *
 * Only plain values take the fast path (text, numbers, null, bigint, Buffer); a row holding anything
 * else (an `sql` fragment, a sub-query) goes through Kysely as usual, so behaviour never differs.
 */
import { CompiledQuery, type Insertable, type Kysely, type QueryResult, type Transaction } from 'kysely';
import type { DB } from './schema.ts';

type Q = Kysely<DB> | Transaction<DB>;

interface Template {
  sql: string;
  columns: string[];
}

/** Per adapter (SQLite and PostgreSQL compile differently), then per table and column list. */
const templates = new WeakMap<object, Map<string, Template>>();

function isPlain(v: unknown): boolean {
  return (
    v === null ||
    typeof v === 'string' ||
    typeof v === 'number' ||
    typeof v === 'bigint' ||
    typeof v === 'boolean' ||
    Buffer.isBuffer(v)
  );
}

function templateFor<T extends keyof DB & string>(
  db: Q,
  table: T,
  row: Record<string, unknown>,
  returning: string | undefined,
): Template {
  const adapter = db.getExecutor().adapter as object;
  let byShape = templates.get(adapter);
  if (!byShape) templates.set(adapter, (byShape = new Map()));
  const columns = Object.keys(row);
  const key = `${table}\0${returning ?? ''}\0${columns.join(',')}`;
  let t = byShape.get(key);
  if (!t) {
    // Compiled from the row itself: placeholders come out in column order, one per value.
    const insert = db.insertInto(table).values(row as never);
    const compiled = returning ? insert.returning(returning as never).compile() : insert.compile();
    if (compiled.parameters.length !== columns.length)
      throw new Error(`cannot template insert into ${table}`);
    t = { sql: compiled.sql, columns };
    byShape.set(key, t);
  }
  return t;
}

/**
 * `insertInto(table).values(row).execute()` (or `.returning(column)`, whose rows come back),
 * compiled once per shape.
 */
export async function insertRow<T extends keyof DB & string>(
  db: Q,
  table: T,
  row: Insertable<DB[T]>,
  returning?: keyof DB[T] & string,
): Promise<QueryResult<Record<string, unknown>>> {
  const r = row as Record<string, unknown>;
  const present: Record<string, unknown> = {};
  for (const k in r) {
    const v = r[k];
    if (v === undefined) continue;
    if (!isPlain(v)) {
      const insert = db.insertInto(table).values(row as never);
      const rows = returning ? await insert.returning(returning as never).execute() : await insert.execute();
      return { rows: returning ? (rows as Record<string, unknown>[]) : [] };
    }
    present[k] = v;
  }
  const t = templateFor(db, table, present, returning);
  const params = t.columns.map((c) => present[c]);
  return db.executeQuery(CompiledQuery.raw(t.sql, params) as CompiledQuery<Record<string, unknown>>);
}
