import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { createSqliteDatabase, STORE_FILE } from '../../../../src/adapters/store-sqlite/createSqliteDatabase.js';
import {
  type CheckpointResult,
  checkpointReporter,
  startWalCheckpointer,
} from '../../../../src/adapters/store-sqlite/walCheckpointer.js';
import { projectPath } from '../../../../src/paths.js';
import { type Logger, silentLogger } from '../../../../src/ports/logger.js';

/** A logger keeping the message of each warning. */
function warningsLogger(onWarning: () => void = () => undefined): { logger: Logger; warnings: string[] } {
  const warnings: string[] = [];
  const warn = (first: object | string, message?: string) => {
    warnings.push(typeof first === 'string' ? first : (message ?? ''));
    onWarning();
  };
  return { logger: { ...silentLogger, warn }, warnings };
}

describe('WAL checkpoints on a thread of their own', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'accolade-wal-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('copies the WAL into the database file once it has grown past the threshold, and closes cleanly', async () => {
    const checkpoints: CheckpointResult[] = [];
    let copied!: () => void;
    const firstCopy = new Promise<void>((resolve) => {
      copied = resolve;
    });
    const database = await createSqliteDatabase({
      dataDir,
      walCheckpoints: {
        thresholdBytes: 64 * 1024,
        pollMs: 5,
        onCheckpoint: (result) => {
          checkpoints.push(result);
          copied();
        },
      },
    });
    const file = join(dataDir, STORE_FILE);
    const notes = await database.collection<{ _id: string; text: string }>({ name: 'notes', indexes: [] });
    const sizeBefore = statSync(file).size;
    // About 400 KB of documents, in 20 transactions: the WAL passes 64 KB many times over.
    for (let batch = 0; batch < 20; batch += 1) {
      await notes.insertMany(Array.from({ length: 20 }, (_, n) => ({ _id: `${batch}-${n}`, text: 'x'.repeat(1000) })));
    }
    await firstCopy;

    expect(checkpoints[0]!.checkpointedFrames).to.be.greaterThan(0);
    expect(checkpoints[0]!.checkpointedFrames).to.be.at.most(checkpoints[0]!.walFrames);
    // The pages reached the database file while the store stayed open.
    expect(statSync(file).size).to.be.greaterThan(sizeBefore);
    expect(await notes.count({})).to.equal(400);

    await database.close();
    // The writer closed last: its final checkpoint removed the WAL, and everything is in the file.
    expect(existsSync(`${file}-wal`)).to.equal(false);
    const reopened = await createSqliteDatabase({ dataDir });
    const again = await reopened.collection<{ _id: string; text: string }>({ name: 'notes', indexes: [] });
    expect(await again.count({})).to.equal(400);
    await reopened.close();
  });

  it('checkpoints nothing on its own for a store written little', async () => {
    const checkpoints: CheckpointResult[] = [];
    const database = await createSqliteDatabase({
      dataDir,
      walCheckpoints: {
        thresholdBytes: 64 * 1024 * 1024,
        pollMs: 5,
        onCheckpoint: (result) => checkpoints.push(result),
      },
    });
    const notes = await database.collection<{ _id: string }>({ name: 'notes', indexes: [] });
    await notes.insertOne({ _id: 'one' });
    await database.close();
    expect(checkpoints).to.deep.equal([]);
  });

  it('closes in a process with nothing else to do: the thread is waited for, the close settles', async () => {
    // Once the thread has started, a process whose only work left is closing the store must not
    // end before the close is over (the thread alone used to keep nothing alive).
    const script = `
      import { createSqliteDatabase } from ${JSON.stringify(projectPath('src', 'adapters', 'store-sqlite', 'createSqliteDatabase.ts'))};
      let copied;
      const firstCopy = new Promise((resolve) => { copied = resolve; });
      const database = await createSqliteDatabase({
        dataDir: ${JSON.stringify(join(dataDir, 'store'))},
        walCheckpoints: { thresholdBytes: 64 * 1024, pollMs: 5, onCheckpoint: () => copied() },
      });
      const notes = await database.collection({ name: 'notes', indexes: [] });
      for (let batch = 0; batch < 20; batch += 1) {
        await notes.insertMany(Array.from({ length: 20 }, (_, n) => ({ _id: batch + '-' + n, text: 'x'.repeat(1000) })));
      }
      // Held until the thread has copied once (it and its timers hold nothing themselves).
      const held = setInterval(() => undefined, 1000);
      await firstCopy;
      clearInterval(held);
      await database.close();
      console.log('closed');
    `;
    const file = join(dataDir, 'close.mjs');
    writeFileSync(file, script);
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', file], { cwd: projectPath() });
    expect(stdout.trim()).to.equal('closed');
  });

  it('says a failing checkpoint once, until one succeeds again', () => {
    const copied: CheckpointResult[] = [];
    const { logger, warnings } = warningsLogger();
    const report = checkpointReporter(logger, (result) => copied.push(result));
    for (let look = 0; look < 5; look += 1) report({ failed: 'disk I/O error' });
    expect(warnings).to.deep.equal(['WAL checkpoint failed']);
    report({ walFrames: 10, checkpointedFrames: 10 });
    report({ failed: 'disk I/O error' });
    report({ failed: 'disk I/O error' });
    expect(warnings).to.deep.equal(['WAL checkpoint failed', 'WAL checkpoint failed']);
    expect(copied).to.deep.equal([{ walFrames: 10, checkpointedFrames: 10 }]);
  });

  it('stops for good when its thread cannot open the database: one warning, never started again', async () => {
    // A "database" SQLite cannot open (a directory), beside a WAL large enough to start the thread.
    const file = join(dataDir, 'a-directory');
    mkdirSync(file);
    writeFileSync(`${file}-wal`, Buffer.alloc(128 * 1024));
    let warned!: () => void;
    const firstWarning = new Promise<void>((resolve) => {
      warned = resolve;
    });
    const { logger, warnings } = warningsLogger(() => warned());
    let stoppedCalls = 0;
    // The timer never fires during the test: each look is the test's own.
    const checkpointer = startWalCheckpointer({
      file,
      thresholdBytes: 64 * 1024,
      pollMs: 3_600_000,
      logger,
      onStopped: () => {
        stoppedCalls += 1;
      },
    });
    expect(checkpointer.state()).to.equal('waiting');

    await checkpointer.look();
    expect(checkpointer.state()).to.equal('running');
    await firstWarning;
    expect(checkpointer.state()).to.equal('stopped');
    for (let look = 0; look < 3; look += 1) {
      await checkpointer.look();
      expect(checkpointer.state()).to.equal('stopped');
    }
    expect(warnings).to.deep.equal(['the WAL checkpoint thread stopped; commits checkpoint themselves']);
    expect(stoppedCalls).to.equal(1);
    await checkpointer.close();
    expect(checkpointer.state()).to.equal('closed');
  });
});
