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
    owner = new Sqlite(file, { timeout: 0 });
    owner.pragma('locking_mode = EXCLUSIVE');
    owner.exec('CREATE TABLE IF NOT EXISTS owner (pid INTEGER NOT NULL, since TEXT NOT NULL)');
    // The write takes the exclusive lock, which the connection then keeps.
    owner.transaction(() => {
      owner!.exec('DELETE FROM owner');
      owner!.prepare('INSERT INTO owner (pid, since) VALUES (?, ?)').run(process.pid, new Date().toISOString());
    })();
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
