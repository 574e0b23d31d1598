import { chmod, mkdir, open, readdir, stat } from 'node:fs/promises';
import { AccoladeError } from '../../errors.js';
import type { Logger } from '../../ports/logger.js';
import { describeCause } from './translateSqliteError.js';

/**
 * DATA_DIR holds recipients' emails and names and the sealed signing keys: it is created 0700
 * and its files 0600. A directory or file found more open is tightened, with a warning; never a
 * reason not to start (a volume mounted by an orchestrator may not allow chmod).
 */
export const DIRECTORY_MODE = 0o700;
export const FILE_MODE = 0o600;

function unavailable(message: string, details: Record<string, unknown>, error: unknown): AccoladeError {
  return new AccoladeError('store_unavailable', `${message}: ${describeCause(error)}`, details, { cause: error });
}

async function tighten(path: string, mode: number, logger: Logger): Promise<void> {
  const current = (await stat(path)).mode & 0o777;
  if ((current & ~mode) === 0) return;
  try {
    await chmod(path, mode);
    logger.warn({ path, was: current.toString(8), now: mode.toString(8) }, 'tightened the permissions of the store');
  } catch (error) {
    logger.warn({ path, mode: current.toString(8), err: error }, 'the store is readable by others; restrict it');
  }
}

export async function prepareDataDirectory(dataDir: string, logger: Logger): Promise<void> {
  try {
    await mkdir(dataDir, { recursive: true, mode: DIRECTORY_MODE });
  } catch (error) {
    throw unavailable(`Cannot create ${dataDir}`, { dataDir }, error);
  }
  await tighten(dataDir, DIRECTORY_MODE, logger);
}

/**
 * Creates a file 0600 before SQLite opens it (SQLite gives its -wal and -shm files the mode of
 * the database file), or tightens an existing one.
 */
export async function prepareFile(file: string, logger: Logger): Promise<void> {
  try {
    const handle = await open(file, 'a', FILE_MODE);
    await handle.close();
  } catch (error) {
    throw unavailable(`Cannot create ${file}`, { file }, error);
  }
  await tighten(file, FILE_MODE, logger);
}

/** nedb kept one `<collection>.db` file per collection in DATA_DIR. */
export async function oldFormatFiles(dataDir: string): Promise<string[]> {
  return (await readdir(dataDir)).filter((name) => /^[A-Za-z][A-Za-z0-9_-]*\.db$/.test(name)).sort();
}
