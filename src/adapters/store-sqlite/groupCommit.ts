import type { Database as SqliteDatabase } from 'better-sqlite3';
import { isAccoladeError } from '../../errors.js';

/**
 * Group commit: the writes requested during one turn of the event loop run in one transaction,
 * each inside a savepoint of its own, so one refused write (a duplicate key) is rolled back alone
 * while the others commit together. A commit costs WAL frames and, now and then, a checkpoint
 * with its fsync; sharing it between the requests in flight keeps issuance close to the cost of
 * the work itself. Every write is still acknowledged only once the transaction holding it has
 * committed, and a commit that fails (a full disk) fails every write in it.
 * https://sqlite.org/lang_savepoint.html
 */
export interface GroupCommit {
  /**
   * Runs `operation` in the next group's transaction; settles once that transaction is over.
   * `oneStatement`: the operation runs one SQL statement at most, which SQLite undoes by itself
   * when it fails (ON CONFLICT ABORT keeps the rest of the transaction), so it needs no savepoint.
   * https://sqlite.org/lang_conflict.html
   */
  write<R>(operation: () => R, options?: { readonly oneStatement?: boolean }): Promise<R>;
  /** Resolves once every write requested so far has settled. */
  drain(): Promise<void>;
}

interface Pending {
  readonly operation: () => unknown;
  readonly oneStatement: boolean;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
  outcome?: { ok: true; value: unknown } | { ok: false; error: unknown };
}

/**
 * `translate` turns a failure of the database (not of one write) into the error every write of
 * the group is rejected with. A write that fails with store_unavailable stops the group: SQLite
 * may have rolled the whole transaction back, so nothing of it may be acknowledged.
 */
export function createGroupCommit(db: SqliteDatabase, translate: (error: unknown) => unknown): GroupCommit {
  let pending: Pending[] = [];
  let scheduled: Promise<void> | undefined;
  // Made once: better-sqlite3 builds four wrappers per db.transaction() call. Called inside a
  // transaction, the same function runs as a savepoint.
  const inTransaction = db.transaction((operation: () => unknown) => operation());

  function flush(): void {
    const group = pending;
    pending = [];
    scheduled = undefined;
    if (group.length === 1) {
      // Alone in its group, a write needs no savepoint: its transaction is its own.
      const [item] = group as [Pending];
      try {
        item.resolve(inTransaction(item.operation));
      } catch (error) {
        item.reject(isAccoladeError(error) ? error : translate(error));
      }
      return;
    }
    try {
      inTransaction(() => {
        for (const item of group) {
          try {
            // A nested transaction is a savepoint: a failure rolls back this write only.
            const value = item.oneStatement ? item.operation() : inTransaction(item.operation);
            item.outcome = { ok: true, value };
          } catch (error) {
            if (isAccoladeError(error) && error.code === 'store_unavailable') throw error;
            item.outcome = { ok: false, error };
          }
        }
      });
    } catch (error) {
      const failure = translate(error);
      for (const item of group) item.reject(failure);
      return;
    }
    for (const item of group) {
      if (item.outcome?.ok) item.resolve(item.outcome.value);
      else item.reject(item.outcome?.error);
    }
  }

  return {
    write<R>(operation: () => R, options?: { readonly oneStatement?: boolean }): Promise<R> {
      return new Promise<R>((resolve, reject) => {
        const oneStatement = options?.oneStatement === true;
        pending.push({ operation, oneStatement, resolve: resolve as (value: unknown) => void, reject });
        scheduled ??= new Promise<void>((done) =>
          setImmediate(() => {
            flush();
            done();
          }),
        );
      });
    },
    async drain() {
      while (scheduled !== undefined) await scheduled;
    },
  };
}
