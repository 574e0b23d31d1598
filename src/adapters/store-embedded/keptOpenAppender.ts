import { closeSync, fstatSync, openSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Datastore, NedbDocument } from './nedb.js';

const requireFromHere = createRequire(import.meta.url);
const model = requireFromHere('@seald-io/nedb/lib/model.js') as { serialize(doc: NedbDocument): string };

interface Persistence {
  persistNewStateAsync(newDocs: NedbDocument[]): Promise<void>;
}

/**
 * nedb appends every write with `fs.appendFile`, which opens, writes and closes the file through
 * the thread pool each time: under load that was a quarter of the service's main thread, and
 * every read of the collection waited behind it. This keeps the file open and appends nedb's own
 * lines with one small synchronous write (into the page cache, like a synchronous logger), so a
 * write is acknowledged once it is in the file, exactly as before: it survives `kill -9`.
 *
 * Compaction replaces the file (temp file, rename), so the descriptor is dropped then and
 * reopened on the next write. A file removed or replaced under the service would swallow writes
 * into an unlinked inode, so each write first checks that the open file is still linked, and
 * fails like any other write error otherwise.
 */
export function keepFileOpen(datastore: Datastore, file: string): { close(): Promise<void> } {
  let fd: number | undefined;
  const persistence = (datastore as unknown as { persistence: Persistence }).persistence;

  function release(): void {
    if (fd !== undefined) closeSync(fd);
    fd = undefined;
  }

  persistence.persistNewStateAsync = async (newDocs) => {
    if (newDocs.length === 0) return;
    const lines = `${newDocs.map((doc) => model.serialize(doc)).join('\n')}\n`;
    try {
      fd ??= openSync(file, 'a', 0o644);
      if (fstatSync(fd).nlink === 0) {
        // An I/O error like any other: the collection stops serving until a restart reloads it.
        throw Object.assign(new Error(`${file} was removed while open`), { code: 'ENOENT' });
      }
      writeSync(fd, lines, null, 'utf8');
    } catch (error) {
      release();
      throw error;
    }
  };
  datastore.on('compaction.done', release);
  return { close: async () => release() };
}
