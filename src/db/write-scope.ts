/**
 * Guards against the one way `db.write` can hang forever: on SQLite there is one connection, held by
 * the write transaction, so a query through `db.read` (or a nested `db.write`) made from inside a
 * write function waits for a connection that is only freed when that function returns. Inside a
 * write, use the `trx` you were given. On PostgreSQL the same mistake reads outside the transaction
 * and can drain the pool, so both dialects refuse it, loudly, instead of hanging or misreading.
 *
 * The check rides on AsyncLocalStorage, which on Node 20 slows every promise in the process once
 * used (measured: report intake ×0.27 → ×0.21 of its baseline). It is therefore a debug assertion:
 * on under the test runner (where every code path is exercised), off in production unless
 * `ISHENIM_WRITE_GUARD=1`.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { PostgresDialect, SqliteDialect, type Driver } from 'kysely';

interface Scope {
  active: boolean;
}
const scopes = new AsyncLocalStorage<Scope>();

export const WRITE_GUARD_ENABLED =
  process.env.ISHENIM_WRITE_GUARD === '1' ||
  (process.env.VITEST !== undefined && process.env.ISHENIM_WRITE_GUARD !== '0');

export class WriteScopeError extends Error {}

/** True while the current async call chain runs inside a write function. */
export function insideWrite(): boolean {
  return scopes.getStore()?.active === true;
}

/**
 * Runs a write function inside the scope. The scope is a mutable flag, switched off when the function
 * settles, so timers or callbacks it started that run later are not mistaken for being inside it.
 */
export async function inWriteScope<T>(fn: () => Promise<T>): Promise<T> {
  if (!WRITE_GUARD_ENABLED) return fn();
  const scope: Scope = { active: true };
  try {
    return await scopes.run(scope, fn);
  } finally {
    scope.active = false;
  }
}

export function assertNotInsideWrite(what: string): void {
  if (WRITE_GUARD_ENABLED && insideWrite()) {
    throw new WriteScopeError(`${what} inside a db.write function: use the transaction (trx) you were given`);
  }
}

function guard(driver: Driver): Driver {
  const acquire = driver.acquireConnection.bind(driver);
  driver.acquireConnection = async () => {
    assertNotInsideWrite('a query through db.read');
    return acquire();
  };
  return driver;
}

export class GuardedSqliteDialect extends SqliteDialect {
  override createDriver(): Driver {
    return guard(super.createDriver());
  }
}

export class GuardedPostgresDialect extends PostgresDialect {
  override createDriver(): Driver {
    return guard(super.createDriver());
  }
}
