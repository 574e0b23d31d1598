import { existsSync } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import Sqlite from 'better-sqlite3';
import { AccoladeError } from '../../errors.js';
import { STORE_FILE } from './createSqliteDatabase.js';
import { FILE_MODE } from './dataDirectory.js';
import { describeCause } from './translateSqliteError.js';

export interface BackupResult {
  readonly source: string;
  readonly target: string;
  readonly pages: number;
}

/**
 * A consistent copy of the store, taken while the service may be running: SQLite's online backup
 * reads the database page by page under its own read locks, as a snapshot of one moment
 * (the owner lock is not needed, nor taken). The copy is a complete SQLite file, 0600, never
 * written over an existing file.
 * https://sqlite.org/backup.html
 */
export async function backupStore(dataDir: string, targetPath: string): Promise<BackupResult> {
  const source = join(resolve(dataDir), STORE_FILE);
  const target = resolve(targetPath);
  if (!existsSync(source)) {
    throw new AccoladeError('not_found', `No store to back up: ${source} does not exist`, { file: source });
  }
  try {
    await (await open(target, 'wx', FILE_MODE)).close();
  } catch (error) {
    const exists = (error as NodeJS.ErrnoException).code === 'EEXIST';
    throw new AccoladeError(
      'validation_failed',
      exists
        ? `${target} exists; a backup never overwrites a file`
        : `Cannot create ${target}: ${describeCause(error)}`,
      { file: target },
      { cause: error },
    );
  }
  const db = new Sqlite(source, { readonly: true, fileMustExist: true, timeout: 5000 });
  try {
    const { totalPages } = await db.backup(target);
    return { source, target, pages: totalPages };
  } catch (error) {
    await rm(target, { force: true });
    throw new AccoladeError(
      'store_unavailable',
      `The backup failed: ${describeCause(error)}`,
      { file: target },
      { cause: error },
    );
  } finally {
    db.close();
  }
}
