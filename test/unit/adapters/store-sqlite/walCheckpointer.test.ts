import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { createSqliteDatabase, STORE_FILE } from '../../../../src/adapters/store-sqlite/createSqliteDatabase.js';
import type { CheckpointResult } from '../../../../src/adapters/store-sqlite/walCheckpointer.js';

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
});
