import Sqlite, { type Database as SqliteDatabase, SqliteError } from 'better-sqlite3';
import { AccoladeError } from '../../errors.js';

/**
 * One process owns a DATA_DIR. The owner holds an exclusive SQLite lock on a small database of
 * its own, `owner.sqlite` (locking_mode EXCLUSIVE keeps it until the connection closes). The
 * lock is the operating system's (POSIX advisory), taken atomically and released when the
 * process ends however it ends, so two processes starting together cannot both win and a killed
 * owner leaves nothing stale. The store itself is not locked this way, so `npm run backup` can
 * read it while the service runs.
 * https://sqlite.org/pragma.html#pragma_locking_mode
 */
export const OWNER_FILE = 'owner.sqlite';

/** How long an opener waits for the owner lock before it is refused. */
const OWNER_WAIT_MS = 1000;

export interface OwnerLock {
  release(): void;
}

/** `describe` names what stopped a failed attempt (it may look at the disk). */
export async function takeOwnerLock(
  file: string,
  dataDir: string,
  describe: (error: unknown) => Promise<string>,
): Promise<OwnerLock> {
  let owner: SqliteDatabase | undefined;
  try {
    // A racing opener that loses gives its shared lock back at once (SQLite answers it BUSY rather
    // than let two upgrades wait on each other); the short wait lets the winner take the lock
    // then. Without it, two processes starting together can both be refused.
    owner = new Sqlite(file, { timeout: OWNER_WAIT_MS });
    owner.pragma('locking_mode = EXCLUSIVE');
    // The exclusive lock, which the connection then keeps until it closes.
    owner.exec('BEGIN EXCLUSIVE');
    owner.exec('CREATE TABLE IF NOT EXISTS owner (pid INTEGER NOT NULL, since TEXT NOT NULL)');
    owner.exec('DELETE FROM owner');
    owner.prepare('INSERT INTO owner (pid, since) VALUES (?, ?)').run(process.pid, new Date().toISOString());
    owner.exec('COMMIT');
  } catch (error) {
    owner?.close();
    if (error instanceof SqliteError && error.code.startsWith('SQLITE_BUSY')) {
      throw new AccoladeError(
        'store_unavailable',
        `${dataDir} is in use by another Accolade process; one process owns a data directory (use MongoDB for several instances)`,
        { dataDir },
        { cause: error },
      );
    }
    throw new AccoladeError(
      'store_unavailable',
      `Cannot take ownership of ${dataDir}: ${await describe(error)}`,
      { dataDir, file },
      { cause: error },
    );
  }
  return {
    release() {
      owner?.close();
      owner = undefined;
    },
  };
}
