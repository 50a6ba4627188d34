/**
 * Every difference between SQLite and PostgreSQL lives here, so migrations, repositories and the
 * job queue stay portable. Portable choices elsewhere: UUIDv7 text ids, ISO-8601 UTC text timestamps,
 * integer booleans, JSON stored as text.
 */
import {
  sql,
  type ColumnDataType,
  type ColumnDefinitionBuilder,
  type Expression,
  type RawBuilder,
  type SelectQueryBuilder,
} from 'kysely';

export type DialectName = 'sqlite' | 'postgres';

export interface Dialect {
  readonly name: DialectName;
  /** Double-precision float for coordinates and measures. */
  readonly float: ColumnDataType;
  /** 64-bit integer. */
  readonly bigint: ColumnDataType;
  /** An auto-incrementing integer primary key (used only where order matters, e.g. the audit chain). */
  serialPk(col: ColumnDefinitionBuilder): ColumnDefinitionBuilder;
  /** The column type of that key. */
  readonly serialType: ColumnDataType;
  /** Row locks for a claim: PostgreSQL skips rows another process holds; SQLite has one writer anyway. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any query over any table: Kysely's own idiom for builder constraints
  lockSkipLocked<QB extends SelectQueryBuilder<any, any, any>>(qb: QB): QB;
  /** Row lock that waits (PostgreSQL `FOR UPDATE`); SQLite's write transaction is already exclusive. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
  lockForUpdate<QB extends SelectQueryBuilder<any, any, any>>(qb: QB): QB;
  /** Case-insensitive LIKE on a text expression. */
  ilike(expr: Expression<string | null>, pattern: string): RawBuilder<boolean>;
  /** Whether an error is a unique-constraint violation. */
  isUniqueViolation(err: unknown): boolean;
  /** Whether an error is a foreign-key violation. */
  isForeignKeyViolation(err: unknown): boolean;
}

function errCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err
    ? String((err as { code: unknown }).code)
    : undefined;
}

export const sqliteDialect: Dialect = {
  name: 'sqlite',
  float: 'real',
  bigint: 'integer',
  serialPk: (col) => col.primaryKey().autoIncrement(),
  serialType: 'integer',
  lockSkipLocked: (qb) => qb,
  lockForUpdate: (qb) => qb,
  ilike: (expr, pattern) => sql<boolean>`${expr} like ${pattern} escape '\\'`,
  isUniqueViolation: (err) => /^SQLITE_CONSTRAINT_(UNIQUE|PRIMARYKEY)$/.test(errCode(err) ?? ''),
  isForeignKeyViolation: (err) => errCode(err) === 'SQLITE_CONSTRAINT_FOREIGNKEY',
};

export const postgresDialect: Dialect = {
  name: 'postgres',
  float: 'double precision',
  bigint: 'bigint',
  serialPk: (col) => col.primaryKey(),
  serialType: 'bigserial',
  lockSkipLocked: (qb) => qb.forUpdate().skipLocked() as typeof qb,
  lockForUpdate: (qb) => qb.forUpdate() as typeof qb,
  ilike: (expr, pattern) => sql<boolean>`${expr} ilike ${pattern} escape '\\'`,
  isUniqueViolation: (err) => errCode(err) === '23505',
  isForeignKeyViolation: (err) => errCode(err) === '23503',
};

export function dialectFor(name: DialectName): Dialect {
  return name === 'postgres' ? postgresDialect : sqliteDialect;
}

/** Escape LIKE wildcards in user text (both dialects use `escape '\'`). */
export function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => '\\' + c);
}
