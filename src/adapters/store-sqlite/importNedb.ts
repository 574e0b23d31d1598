import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { AccoladeError } from '../../errors.js';
import type { StoredDocument } from '../../ports/store.js';
import { isPlainObject } from '../store/storeRules.js';
import { createSqliteDatabase, STORE_FILE } from './createSqliteDatabase.js';
import { oldFormatFiles } from './dataDirectory.js';

/**
 * Imports a DATA_DIR of the nedb era into the SQLite store, once. nedb kept each collection in
 * `<name>.db`, one JSON document per line, appending a new line for every change: a later line
 * for the same `_id` replaces it, `{"$$deleted": true, "_id": …}` deletes it, and
 * `$$indexCreated` / `$$indexRemoved` lines describe indexes (the service builds its own at
 * start). Dates were `{"$$date": milliseconds}`. A last line cut short by a crash is dropped and
 * counted; a damaged line anywhere else stops the import.
 *
 * The store is built in a staging directory and moved into place as `DATA_DIR/accolade.sqlite`
 * only once complete, so an interrupted import leaves no half store for the service to start on.
 * The nedb files are left as they were.
 */
export interface ImportedCollection {
  readonly collection: string;
  readonly file: string;
  readonly documents: number;
  readonly lines: number;
  readonly deleted: number;
  readonly indexLines: number;
  readonly tornLastLine: boolean;
}

const STAGING = '.import-staging';
const BATCH = 1000;

type Doc = Record<string, unknown>;

function reviveDates(_key: string, value: unknown): unknown {
  if (isPlainObject(value) && Object.keys(value).length === 1 && typeof value.$$date === 'number') {
    return new Date(value.$$date);
  }
  return value;
}

function refused(message: string, details: Record<string, unknown>): AccoladeError {
  return new AccoladeError('validation_failed', message, details);
}

/** An nedb service still running on the directory (its `.lock` holds a live pid) must stop first. */
function assertNoOldOwner(dataDir: string): void {
  const lockFile = join(dataDir, '.lock');
  if (!existsSync(lockFile)) return;
  const pid = Number(readFileSync(lockFile, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return;
  try {
    process.kill(pid, 0);
  } catch {
    return;
  }
  throw new AccoladeError('store_unavailable', `Process ${pid} still holds ${lockFile}; stop it first`, {
    lockFile,
    pid,
  });
}

async function readCollection(file: string, collection: string) {
  const documents = new Map<string, Doc>();
  let lines = 0;
  let deleted = 0;
  let indexLines = 0;
  let damaged: number | undefined;
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY })) {
    lines += 1;
    if (line.trim() === '') continue;
    if (damaged !== undefined) {
      throw refused(`${file}: line ${damaged} is damaged`, { collection, file, line: damaged });
    }
    let doc: unknown;
    try {
      doc = JSON.parse(line, reviveDates);
    } catch {
      damaged = lines;
      continue;
    }
    if (!isPlainObject(doc)) throw refused(`${file}: line ${lines} is not a document`, { collection, line: lines });
    if ('$$indexCreated' in doc || '$$indexRemoved' in doc) {
      indexLines += 1;
    } else if (doc.$$deleted === true) {
      deleted += documents.delete(String(doc._id)) ? 1 : 0;
    } else if (typeof doc._id === 'string' && doc._id !== '') {
      // Map.set keeps the first position of an _id: the import follows the order of first writes.
      documents.set(doc._id, doc);
    } else {
      throw refused(`${file}: line ${lines} has no string _id`, { collection, line: lines });
    }
  }
  return { documents, lines, deleted, indexLines, tornLastLine: damaged !== undefined };
}

export async function importNedbDirectory(directory: string): Promise<ImportedCollection[]> {
  const dataDir = resolve(directory);
  if (!existsSync(dataDir)) throw new AccoladeError('not_found', `${dataDir} does not exist`, { dataDir });
  const files = await oldFormatFiles(dataDir);
  if (files.length === 0) throw new AccoladeError('not_found', `${dataDir} holds no nedb files (*.db)`, { dataDir });
  if (existsSync(join(dataDir, STORE_FILE))) {
    throw refused(`${dataDir} already holds ${STORE_FILE}; the import runs once`, { dataDir });
  }
  assertNoOldOwner(dataDir);

  const staging = join(dataDir, STAGING);
  await rm(staging, { recursive: true, force: true });
  const database = await createSqliteDatabase({ dataDir: staging });
  const report: ImportedCollection[] = [];
  try {
    for (const name of files) {
      const collection = name.replace(/\.db$/, '');
      const file = join(dataDir, name);
      const read = await readCollection(file, collection);
      const target = await database.collection<StoredDocument>({ name: collection, indexes: [] });
      const docs = [...read.documents.values()] as unknown as StoredDocument[];
      for (let start = 0; start < docs.length; start += BATCH) {
        await target.insertMany(docs.slice(start, start + BATCH));
      }
      report.push({
        collection,
        file,
        documents: docs.length,
        lines: read.lines,
        deleted: read.deleted,
        indexLines: read.indexLines,
        tornLastLine: read.tornLastLine,
      });
    }
  } catch (error) {
    await database.close();
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  // Closing checkpoints the WAL into the file, which then holds everything on its own.
  await database.close();
  await rename(join(staging, STORE_FILE), join(dataDir, STORE_FILE));
  await rm(staging, { recursive: true, force: true });
  return report;
}
