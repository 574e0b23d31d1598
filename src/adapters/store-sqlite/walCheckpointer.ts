import { stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../../ports/logger.js';

/**
 * WAL checkpoints on a thread of their own. SQLite's automatic checkpoint runs inside the commit
 * that crosses its threshold, on the connection that commits: here the service's one thread, which
 * then answers nothing for 50 to 130 ms while about 40 MB of pages are copied into the database file
 * and both files are synced, about once a second during a bulk job. A second connection in a worker
 * thread makes PASSIVE checkpoints instead (they never block the writer: SQLite copies only frames
 * no reader needs and the writer keeps appending meanwhile), each time the WAL has grown past
 * `thresholdBytes`. The writer's own automatic checkpoint stays on at a higher threshold, as the
 * fallback should this thread fall behind or stop. Durability is unchanged: each commit is in the
 * WAL before it is acknowledged, and a checkpoint syncs what it copies.
 * https://sqlite.org/wal.html#checkpointing https://sqlite.org/c3ref/wal_checkpoint_v2.html
 *
 * The thread starts only once the WAL first grows past the threshold, so a store that is written
 * little (most tests, a quiet service) never starts one.
 */
export interface WalCheckpointer {
  /**
   * Looks at the WAL's size now, as the timer does every `pollMs`, and starts the thread if the
   * WAL has grown past the threshold (not after the thread stopped on an error, nor once closed).
   */
  look(): Promise<void>;
  /** `waiting` for the WAL to grow, `running` a thread, `stopped` for good after an error, or `closed`. */
  state(): 'waiting' | 'running' | 'stopped' | 'closed';
  /** Stops the thread (its connection closes first); the writer's connection may close after. */
  close(): Promise<void>;
}

export interface WalCheckpointerOptions {
  /** The database file; its WAL is `<file>-wal`. */
  readonly file: string;
  /** A checkpoint starts once the WAL is at least this large. */
  readonly thresholdBytes: number;
  /** How often the WAL's size is looked at. */
  readonly pollMs: number;
  readonly logger: Logger;
  /** Told of each checkpoint that copied pages: the WAL's frames then, and how many are in the database file. */
  readonly onCheckpoint?: (result: CheckpointResult) => void;
  /** Told once if the thread stops for good (the writer's own checkpoints then do all the work). */
  readonly onStopped?: () => void;
}

export interface CheckpointResult {
  readonly walFrames: number;
  readonly checkpointedFrames: number;
}

/** What the thread posts after a look that did something: pages copied, or a failure. */
export type CheckpointReport = CheckpointResult | { readonly failed: string };

/**
 * Handles the thread's reports. A failed checkpoint is tried again at the next look (the
 * writer's own checkpoints remain meanwhile); it is said once until one succeeds again, since a
 * full disk would otherwise log ten lines a second.
 */
export function checkpointReporter(
  logger: Logger,
  onCheckpoint?: (result: CheckpointResult) => void,
): (report: CheckpointReport) => void {
  let failing = false;
  return (report) => {
    if ('failed' in report) {
      if (!failing) logger.warn({ error: report.failed }, 'WAL checkpoint failed');
      failing = true;
    } else {
      failing = false;
      onCheckpoint?.(report);
    }
  };
}

// Plain CommonJS run by the worker (eval), so that it loads the same way from sources and from
// dist/: it opens the database, and checkpoints whenever the WAL has grown past the threshold.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { statSync } = require('node:fs');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { timeout: 5000 });
db.pragma('synchronous = NORMAL');
const walSize = () => { try { return statSync(workerData.file + '-wal').size; } catch { return 0; } };
const checkpoint = () => {
  try {
    if (walSize() < workerData.thresholdBytes) return;
    const [result] = db.pragma('wal_checkpoint(PASSIVE)');
    if (result.checkpointed > 0) parentPort.postMessage({ walFrames: result.log, checkpointedFrames: result.checkpointed });
  } catch (error) {
    parentPort.postMessage({ failed: String(error && error.message || error) });
  }
};
const timer = setInterval(checkpoint, workerData.pollMs);
parentPort.on('message', () => { clearInterval(timer); db.close(); parentPort.close(); });
`;

export function startWalCheckpointer(options: WalCheckpointerOptions): WalCheckpointer {
  const wal = `${options.file}-wal`;
  let worker: Worker | undefined;
  let closed = false;
  let looking: Promise<void> | undefined;
  let stopped = false;
  const report = checkpointReporter(options.logger, options.onCheckpoint);

  function start(): void {
    const started = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        driver: createRequire(import.meta.url).resolve('better-sqlite3'),
        file: options.file,
        thresholdBytes: options.thresholdBytes,
        pollMs: options.pollMs,
      },
    });
    started.unref();
    started.on('message', report);
    started.on('error', (error) => {
      // Not started again: a thread that cannot open the database would fail the same way at
      // every look. The writer's automatic checkpoints go on as before the thread existed.
      stopped = true;
      if (worker === started) worker = undefined;
      options.logger.warn({ err: error }, 'the WAL checkpoint thread stopped; commits checkpoint themselves');
      options.onStopped?.();
    });
    started.on('exit', () => {
      if (worker === started) worker = undefined;
    });
    worker = started;
  }

  function look(): Promise<void> {
    if (worker !== undefined || closed || stopped) return Promise.resolve();
    looking ??= stat(wal).then(
      (found) => {
        looking = undefined;
        if (!closed && !stopped && worker === undefined && found.size >= options.thresholdBytes) start();
      },
      () => {
        looking = undefined;
      },
    );
    return looking;
  }

  const timer = setInterval(look, options.pollMs);
  timer.unref();

  return {
    look,
    state: () => (closed ? 'closed' : worker !== undefined ? 'running' : stopped ? 'stopped' : 'waiting'),
    async close() {
      closed = true;
      clearInterval(timer);
      const running = worker;
      if (running === undefined) return;
      const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
      // Held until it has exited: closing the store may be the last thing a process does.
      running.ref();
      running.postMessage('close');
      await exited;
    },
  };
}
