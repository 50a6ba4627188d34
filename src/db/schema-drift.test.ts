/**
 * The TypeScript schema (src/db/schema.ts) and the migrated tables agree, on SQLite and PostgreSQL:
 * every table the `DB` interface names exists with exactly the columns its interface lists, and no
 * migrated table is missing from `DB`. Read with the TypeScript compiler, so nothing is listed twice.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, describeDialects, type TestDatabase } from '../../test/db.ts';

const file = path.join(path.dirname(fileURLToPath(import.meta.url)), 'schema.ts');

/** table name → its column names, from `interface DB { table: XTable }` and each `interface XTable`. */
function declaredTables(): Map<string, string[]> {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const interfaces = new Map<string, string[]>();
  let db: Array<[string, string]> = [];
  source.forEachChild((node) => {
    if (!ts.isInterfaceDeclaration(node)) return;
    const members = node.members.filter(ts.isPropertySignature);
    if (node.name.text === 'DB')
      db = members.map((m) => [m.name.getText(source), m.type?.getText(source) ?? '']);
    else
      interfaces.set(
        node.name.text,
        members.map((m) => m.name.getText(source)),
      );
  });
  return new Map(db.map(([table, type]) => [table, (interfaces.get(type) ?? []).sort()]));
}

describeDialects('TypeScript schema and migrated tables', (dialect) => {
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await createTestDatabase(dialect);
  });
  afterAll(async () => tdb?.drop());

  it('have the same tables with the same columns', async () => {
    const declared = declaredTables();
    expect(declared.size).toBeGreaterThan(10);
    const actual = new Map(
      (await tdb.db.read.introspection.getTables())
        .filter((t) => !t.name.startsWith('kysely_'))
        .map((t) => [t.name, t.columns.map((c) => c.name).sort()]),
    );
    const onlyInCode = [...declared.keys()].filter((t) => !actual.has(t));
    const onlyInDb = [...actual.keys()].filter((t) => !declared.has(t));
    expect(onlyInCode, 'tables in schema.ts that no migration creates').toEqual([]);
    expect(onlyInDb, 'migrated tables that schema.ts does not declare').toEqual([]);
    for (const [table, columns] of declared)
      expect(actual.get(table), `columns of ${table}`).toEqual(columns);
  });
});
