import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { expect } from 'chai';
import { createSqliteDatabase } from '../../src/adapters/store-sqlite/createSqliteDatabase.js';
import { projectPath } from '../../src/paths.js';
import { runStoreContract } from './store.contract.js';
import { useTemporaryDirectory } from './support/temporaryDirectory.js';

runStoreContract('SQLite', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'accolade-store-'));
  return {
    open: () => createSqliteDatabase({ dataDir }),
    destroy: () => rm(dataDir, { recursive: true, force: true }),
  };
});

type WriteMode = 'insertOne' | 'insertMany';

/** Writers still running when their test ends (a stalled one fails on mocha's timeout): killed then. */
const writers = new Set<ChildProcess>();

/**
 * Runs the writer child until it has acknowledged `atLeast` documents, then kills it with SIGKILL
 * after a random few milliseconds (so that the kill lands in different phases of a write), and
 * returns the sequence numbers of every acknowledged document.
 */
async function acknowledgedBeforeKill(dataDir: string, mode: WriteMode, atLeast: number): Promise<Set<number>> {
  const script = projectPath('test', 'contract', 'support', 'writeUntilKilled.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', script, dataDir, mode], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  writers.add(child);
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.once('exit', (_code, signal) => {
      writers.delete(child);
      resolve(signal);
    }),
  );
  const acked = new Set<number>();
  let killScheduled = false;
  for await (const line of createInterface({ input: child.stdout })) {
    const [first, last = first] = line.replace('acked ', '').split('-').map(Number);
    for (let seq = first!; seq <= last!; seq += 1) acked.add(seq);
    if (acked.size >= atLeast && !killScheduled) {
      killScheduled = true;
      setTimeout(() => child.kill('SIGKILL'), Math.random() * 30);
    }
  }
  expect(await exited).to.equal('SIGKILL');
  expect(acked.size).to.be.at.least(atLeast);
  return acked;
}

async function storedSequences(dataDir: string): Promise<Set<number>> {
  const database = await createSqliteDatabase({ dataDir });
  try {
    const acks = await database.collection<{ _id: string; seq: number; at: Date }>({
      name: 'acks',
      indexes: [{ fields: { seq: 1 }, unique: true }],
    });
    const docs = await acks.find({});
    for (const doc of docs) expect(doc.at).to.be.instanceOf(Date);
    return new Set(docs.map((doc) => doc.seq));
  } finally {
    await database.close();
  }
}

describe('the SQLite store under kill -9', function () {
  this.timeout(60_000);
  const directory = useTemporaryDirectory('accolade-kill-');
  afterEach(() => {
    for (const writer of writers) writer.kill('SIGKILL');
  });

  for (const [mode, what, atLeast] of [
    ['insertOne', 'single inserts', 1000],
    ['insertMany', 'batch inserts of several pages each', 2000],
  ] as const) {
    it(`keeps every acknowledged write of ${what}, and the killed owner's lock is free again`, async () => {
      const dataDir = directory();
      const acked = await acknowledgedBeforeKill(dataDir, mode, atLeast);
      const stored = await storedSequences(dataDir);
      const lost = [...acked].filter((seq) => !stored.has(seq));
      expect(lost).to.deep.equal([]);
      expect(stored.size).to.be.at.least(atLeast);
    });
  }
});
