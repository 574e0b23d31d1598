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

/**
 * How long the opener that won the race waits for the others to give back their shared locks
 * before it commits its claim. They give them back as soon as their process runs again, which on
 * a loaded machine can take more than a second; no one else waits.
 */
const WINNER_WAIT_MS = 30_000;

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
    // The claim is taken in two steps so that only the winner ever waits. BEGIN IMMEDIATE takes
    // the write (RESERVED) lock without waiting: an opener that finds an owner, or another opener
    // already holding it, is refused at once. The winner then waits, as long as it takes, for
    // racing openers to give back their shared locks, and its commit turns its lock into the
    // EXCLUSIVE one that locking_mode keeps until the connection closes.
    owner = new Sqlite(file, { timeout: 0 });
    owner.pragma('locking_mode = EXCLUSIVE');
    owner.exec('BEGIN IMMEDIATE');
    owner.pragma(`busy_timeout = ${WINNER_WAIT_MS}`);
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
