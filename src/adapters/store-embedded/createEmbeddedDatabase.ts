import { constants } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { AccoladeError } from '../../errors.js';
import { type Logger, silentLogger } from '../../ports/logger.js';
import {
  assertCollectionDefinition,
  type Collection,
  type CollectionDefinition,
  type Database,
  type StoredDocument,
} from '../../ports/store.js';
import { acquireDataDirLock } from './dataDirLock.js';
import { type EmbeddedCollection, openEmbeddedCollection } from './embeddedCollection.js';

/**
 * The default store: `@seald-io/nedb`, one file per collection under DATA_DIR, everything held in
 * memory with its indexes.
 *
 * Durability. Every write appends its documents to the collection file, and the write is
 * acknowledged once that append returns: the bytes are then in the kernel, so an acknowledged
 * write survives the process being killed (kill -9, a crash, an OOM kill). nedb does not fsync
 * appends, so a machine crash or power cut may lose the writes of the last seconds (the kernel's
 * write-back delay, ~30 s by default); compaction does fsync. For stronger guarantees, use MongoDB.
 *
 * Compaction. The file is append-only: updates and deletes add lines. nedb compacts on load (every
 * start) and here again every `compactionIntervalMs`. Compaction writes `file~`, fsyncs it and
 * renames it over the file, so a crash during compaction leaves either the old or the new file,
 * both complete (nedb restores `file~` at load if the rename is all that was missing).
 */
export interface EmbeddedDatabaseOptions {
  readonly dataDir: string;
  /** Default one hour; 0 turns periodic compaction off (the load at start still compacts). */
  readonly compactionIntervalMs?: number;
  readonly logger?: Logger;
}

export const DEFAULT_COMPACTION_INTERVAL_MS = 60 * 60 * 1000;

export async function createEmbeddedDatabase(options: EmbeddedDatabaseOptions): Promise<Database> {
  const dataDir = resolve(options.dataDir);
  const logger = options.logger ?? silentLogger;
  try {
    await mkdir(dataDir, { recursive: true });
  } catch (error) {
    throw new AccoladeError('store_unavailable', `Cannot create ${dataDir}`, { dataDir }, { cause: error });
  }
  const lock = await acquireDataDirLock(dataDir);
  const opened = new Map<string, Promise<EmbeddedCollection<StoredDocument>>>();
  let closed = false;

  const assertOpen = (): void => {
    if (closed) throw new AccoladeError('store_unavailable', 'The store is closed', { dataDir });
  };

  async function compactEach(): Promise<void> {
    for (const pending of opened.values()) {
      const collection = await pending.catch(() => undefined);
      await collection?.compact().catch((error: unknown) => {
        // The previous file is intact when compaction fails; only the space is not reclaimed.
        logger.warn({ err: error, collection: collection.definition.name }, 'store compaction failed');
      });
    }
  }

  // A round starts only when the previous one is over: compactions queued faster than they run
  // would starve the writes waiting behind them.
  let compacting: Promise<void> | undefined;
  function compactAll(): void {
    compacting ??= compactEach().finally(() => {
      compacting = undefined;
    });
  }

  const interval = options.compactionIntervalMs ?? DEFAULT_COMPACTION_INTERVAL_MS;
  const timer = interval > 0 ? setInterval(compactAll, interval) : undefined;
  timer?.unref();

  return {
    kind: 'embedded',

    async collection<T extends StoredDocument>(definition: CollectionDefinition): Promise<Collection<T>> {
      assertOpen();
      assertCollectionDefinition(definition);
      let pending = opened.get(definition.name);
      if (pending === undefined) {
        const file = join(dataDir, `${definition.name}.db`);
        pending = openEmbeddedCollection({ file, definition, assertOpen });
        opened.set(definition.name, pending);
        pending.catch(() => opened.delete(definition.name));
      }
      const embedded = await pending;
      if (JSON.stringify(embedded.definition) !== JSON.stringify(definition)) {
        throw new AccoladeError(
          'validation_failed',
          `Collection ${definition.name} is already open with other indexes`,
          {
            collection: definition.name,
          },
        );
      }
      return embedded.collection as unknown as Collection<T>;
    },

    async ping() {
      assertOpen();
      for (const pending of opened.values()) {
        const failure = (await pending.catch(() => undefined))?.failure;
        if (failure) throw failure;
      }
      try {
        await access(dataDir, constants.W_OK);
      } catch (error) {
        throw new AccoladeError('store_unavailable', `${dataDir} is not writable`, { dataDir }, { cause: error });
      }
      if (!(await lock.isHeld())) {
        throw new AccoladeError('store_unavailable', 'The data directory lock was lost', { lockFile: lock.file });
      }
    },

    async close() {
      if (closed) return;
      closed = true;
      if (timer) clearInterval(timer);
      await compacting;
      for (const pending of opened.values()) {
        const collection = await pending.catch(() => undefined);
        await collection?.drain();
        await collection?.close();
      }
      await lock.release();
    },
  };
}
