import { readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { AccoladeError } from '../../errors.js';

/**
 * One process owns the embedded store's files: nedb keeps everything in memory and appends to the
 * files, so a second writer would silently fork the data. The owner writes its pid to
 * `DATA_DIR/.lock`. A lock whose process is gone (a crash, kill -9) is taken over; so is one that
 * carries our own pid but was not taken by this process (a restarted container often gets the
 * same pid). Liveness is judged by pid on this host only: a DATA_DIR shared between machines is
 * not protected, and a pid reused by an unrelated process makes the lock look held (remove the
 * file once sure no instance runs).
 */
export interface DataDirLock {
  readonly file: string;
  /** True while the lock file still names this process. */
  isHeld(): Promise<boolean>;
  release(): Promise<void>;
}

const LOCK_FILE = '.lock';
const heldByThisProcess = new Set<string>();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readHolder(file: string): Promise<number | undefined> {
  // A lock file is created and written in one call, but a reader may still catch it empty.
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const text = await readFile(file, 'utf8').catch(() => '');
    const pid = Number.parseInt(text.trim(), 10);
    if (Number.isInteger(pid) && pid > 0) return pid;
    await sleep(50);
  }
  return undefined;
}

function unavailable(message: string, details: Record<string, unknown>, cause?: unknown): AccoladeError {
  return new AccoladeError('store_unavailable', message, details, { cause });
}

export async function acquireDataDirLock(dataDir: string): Promise<DataDirLock> {
  const file = resolve(join(dataDir, LOCK_FILE));
  if (heldByThisProcess.has(file)) {
    throw unavailable('The data directory is already open in this process', { lockFile: file, pid: process.pid });
  }
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      await writeFile(file, `${process.pid}\n`, { flag: 'wx' });
      heldByThisProcess.add(file);
      return createHandle(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw unavailable('Cannot create the data directory lock', { lockFile: file }, error);
      }
    }
    const holder = await readHolder(file);
    if (holder !== undefined && holder !== process.pid && isAlive(holder)) {
      throw unavailable(`The data directory is in use by process ${holder}`, { lockFile: file, pid: holder });
    }
    await rm(file, { force: true });
  }
  throw unavailable('Cannot take over the data directory lock', { lockFile: file });
}

function createHandle(file: string): DataDirLock {
  const isHeld = async () => heldByThisProcess.has(file) && (await readHolder(file)) === process.pid;
  return {
    file,
    isHeld,
    async release() {
      if (await isHeld()) await rm(file, { force: true });
      heldByThisProcess.delete(file);
    },
  };
}
