import { existsSync } from 'node:fs';
import { statfs } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import Sqlite, { type Database as SqliteDatabase } from 'better-sqlite3';
import { AccoladeError, isAccoladeError } from '../../errors.js';
import { type Logger, silentLogger } from '../../ports/logger.js';
import type { Collection, CollectionDefinition, Database, StoredDocument } from '../../ports/store.js';
import { assertCollectionDefinition } from '../store/storeRules.js';
import { oldFormatFiles, prepareDataDirectory, prepareFile } from './dataDirectory.js';
import { createGroupCommit } from './groupCommit.js';
import { OWNER_FILE, type OwnerLock, takeOwnerLock } from './ownerLock.js';
import { openSqliteCollection } from './sqliteCollection.js';
import { describeCause } from './translateSqliteError.js';
import { startWalCheckpointer, type WalCheckpointerOptions } from './walCheckpointer.js';

/**
 * The default store: SQLite through better-sqlite3, one file `DATA_DIR/accolade.sqlite`.
 *
 * Durability. WAL with synchronous=NORMAL: a write is acknowledged once its transaction is in the
 * WAL file, so it survives the process being killed (kill -9, a crash, an OOM kill); a power cut
 * may lose the transactions since the last checkpoint (SQLite keeps the file consistent either
 * way). A full disk fails the transaction, which is then rolled back and reported as
 * store_unavailable: nothing is acknowledged that is not whole on disk.
 * https://sqlite.org/wal.html https://sqlite.org/pragma.html#pragma_synchronous
 */
export const STORE_FILE = 'accolade.sqlite';

export interface SqliteDatabaseOptions {
  readonly dataDir: string;
  readonly logger?: Logger;
  /** Checkpoints on a thread of their own (walCheckpointer.ts); defaults: 16 MB, every 100 ms. */
  readonly walCheckpoints?: Partial<Pick<WalCheckpointerOptions, 'thresholdBytes' | 'pollMs' | 'onCheckpoint'>>;
}

/** Statistics for the query planner (which index is the selective one), bounded in cost. */
function optimize(db: SqliteDatabase): void {
  db.pragma('analysis_limit = 1000');
  db.pragma('optimize = 0x10002');
}

const OPTIMIZE_INTERVAL_MS = 60 * 60 * 1000;

/**
 * SQLite reports some failures of a full disk as plain I/O errors (creating the shared-memory
 * file, say): when the disk has no room left, that is the cause worth naming.
 */
async function causeAt(dataDir: string, error: unknown): Promise<string> {
  const room = await statfs(dataDir).then(
    (stats) => stats.bavail * stats.bsize,
    () => undefined,
  );
  if (room !== undefined && room < LOW_SPACE_BYTES) return `no space left on device (${room} bytes free in ${dataDir})`;
  return describeCause(error);
}

const LOW_SPACE_BYTES = 256 * 1024;

/** Pages of WAL between two of the writer's own checkpoints while the checkpoint thread works (see openFile). */
const FALLBACK_CHECKPOINT_PAGES = 50_000;
/** The same once that thread has stopped: each checkpoint then copies everything inside a commit, so smaller ones. */
const ALONE_CHECKPOINT_PAGES = 10_000;

async function openFile(file: string, dataDir: string): Promise<SqliteDatabase> {
  let db: SqliteDatabase | undefined;
  try {
    db = new Sqlite(file, { timeout: 5000 });
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('cache_size = -8000');
    // The writer's own checkpoints are the fallback: a thread of their own checkpoints from 16 MB
    // on (walCheckpointer.ts). Under sustained writes that thread's checkpoints never find the WAL
    // whole (new frames arrive while one runs), so the WAL starts over from its beginning only
    // after one of these, which copies what is left and syncs both files inside a commit: 10 to
    // 30 ms of the service's thread. Every ~200 MB of WAL (50,000 pages) rather than every ~40 MB,
    // a bulk job of 100,000 rows meets seven of these rather than about forty. The WAL is cut back
    // only beyond 256 MB, which it does not reach: truncating a large file while its pages are
    // written back held a commit for 0.7 s in a test with the fallback off.
    db.pragma(`wal_autocheckpoint = ${FALLBACK_CHECKPOINT_PAGES}`);
    db.pragma('journal_size_limit = 268435456');
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    return db;
  } catch (error) {
    db?.close();
    throw new AccoladeError(
      'store_unavailable',
      `Cannot open ${file}: ${await causeAt(dataDir, error)}`,
      { dataDir, file },
      { cause: error },
    );
  }
}

export async function createSqliteDatabase(options: SqliteDatabaseOptions): Promise<Database> {
  const dataDir = resolve(options.dataDir);
  const logger = options.logger ?? silentLogger;
  await prepareDataDirectory(dataDir, logger);
  const file = join(dataDir, STORE_FILE);
  const old = await oldFormatFiles(dataDir);
  const ownerFile = join(dataDir, OWNER_FILE);
  await prepareFile(ownerFile, logger);
  const owner: OwnerLock = await takeOwnerLock(ownerFile, dataDir, (error) => causeAt(dataDir, error));
  let db: SqliteDatabase;
  try {
    if (old.length > 0 && !existsSync(file)) {
      throw new AccoladeError(
        'store_unavailable',
        `${dataDir} holds a store in the old nedb format (${old.join(', ')}); import it once with: npm run store:import -- ${dataDir}`,
        { dataDir, files: old },
      );
    }
    await prepareFile(file, logger);
    db = await openFile(file, dataDir);
  } catch (error) {
    owner.release();
    throw error;
  }
  const opened = new Map<string, { definition: string; collection: Collection<StoredDocument> }>();
  let closed = false;
  const assertOpen = (): void => {
    if (closed) throw new AccoladeError('store_unavailable', 'The store is closed', { dataDir });
  };
  const writes = createGroupCommit(db, (error) =>
    isAccoladeError(error)
      ? error
      : new AccoladeError(
          'store_unavailable',
          `The store cannot commit: ${describeCause(error)}`,
          { dataDir },
          {
            cause: error,
          },
        ),
  );
  const timer = setInterval(() => optimize(db), OPTIMIZE_INTERVAL_MS);
  timer.unref();
  const checkpoints = startWalCheckpointer({
    file,
    thresholdBytes: options.walCheckpoints?.thresholdBytes ?? 16 * 1024 * 1024,
    pollMs: options.walCheckpoints?.pollMs ?? 100,
    logger,
    ...(options.walCheckpoints?.onCheckpoint === undefined
      ? {}
      : { onCheckpoint: options.walCheckpoints.onCheckpoint }),
    onStopped: () => {
      if (!closed) db.pragma(`wal_autocheckpoint = ${ALONE_CHECKPOINT_PAGES}`);
    },
  });

  return {
    kind: 'embedded',

    async collection<T extends StoredDocument>(definition: CollectionDefinition): Promise<Collection<T>> {
      assertOpen();
      assertCollectionDefinition(definition);
      const described = JSON.stringify(definition);
      const existing = opened.get(definition.name);
      if (existing !== undefined) {
        if (existing.definition !== described) {
          throw new AccoladeError(
            'validation_failed',
            `Collection ${definition.name} is already open with other indexes`,
            { collection: definition.name },
          );
        }
        return existing.collection as unknown as Collection<T>;
      }
      const collection = openSqliteCollection<StoredDocument>({ db, definition, assertOpen, writes });
      opened.set(definition.name, { definition: described, collection });
      optimize(db);
      return collection as unknown as Collection<T>;
    },

    async ping() {
      assertOpen();
      try {
        db.prepare('SELECT 1').get();
      } catch (error) {
        throw new AccoladeError(
          'store_unavailable',
          `The store does not answer: ${describeCause(error)}`,
          {},
          {
            cause: error,
          },
        );
      }
    },

    async close() {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      // Writes requested before close still commit (or fail) before the file closes.
      await writes.drain();
      // The checkpoint thread's connection first: the last one to close checkpoints and removes the WAL.
      await checkpoints.close();
      try {
        optimize(db);
      } catch {
        // Statistics are an optimisation; closing matters more.
      }
      db.close();
      owner.release();
    },
  };
}
