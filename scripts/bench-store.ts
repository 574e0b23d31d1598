/**
 * Embedded store figures at 100k documents: inserts/s (one by one and in batches of 1000),
 * indexed findOne/s, findOneAndUpdate/s, load (start-up) and compaction time.
 *
 *   npx tsx scripts/bench-store.ts [documents=100000]
 *
 * Runs against a temporary directory, removed afterwards.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createEmbeddedDatabase } from '../src/adapters/store-embedded/createEmbeddedDatabase.js';
import type { CollectionDefinition, Database, StoredDocument } from '../src/ports/store.js';

interface BenchDocument extends StoredDocument {
  readonly _id: string;
  readonly email: string;
  readonly status: string;
  readonly issuedAt: Date;
  readonly achievement: { readonly code: string; readonly title: string };
  readonly views?: number;
}

const total = Number(process.argv[2] ?? 100_000);
const BATCH = 1000;
const LOOKUPS = 20_000;

function definition(name: string): CollectionDefinition {
  return { name, indexes: [{ fields: { email: 1 }, unique: true }, { fields: { status: 1 } }] };
}

function benchDocument(i: number): BenchDocument {
  return {
    _id: `00000000-0000-7000-8000-${i.toString().padStart(12, '0')}`,
    email: `candidate${i}@example.org`,
    status: i % 10 === 0 ? 'claimed' : 'pending',
    issuedAt: new Date(1_700_000_000_000 + i * 1000),
    achievement: { code: `EXAM-${i % 300}`, title: 'Managing Projects with a long enough title' },
  };
}

async function timed(label: string, operations: number, run: () => Promise<void>): Promise<void> {
  const start = performance.now();
  await run();
  const ms = performance.now() - start;
  const rate = operations > 1 ? `${Math.round((operations / ms) * 1000).toLocaleString('en')} ops/s` : '';
  console.log(`${label.padEnd(48)} ${ms.toFixed(0).padStart(7)} ms  ${rate}`);
}

const dataDir = await mkdtemp(join(tmpdir(), 'accolade-bench-store-'));
let database: Database = await createEmbeddedDatabase({ dataDir, compactionIntervalMs: 0 });
try {
  console.log(`embedded store, ${total.toLocaleString('en')} documents, Node ${process.version}\n`);
  const single = await database.collection<BenchDocument>(definition('single'));
  const batched = await database.collection<BenchDocument>(definition('batched'));

  await timed(`insertOne x ${total}`, total, async () => {
    for (let i = 0; i < total; i += 1) await single.insertOne(benchDocument(i));
  });
  await timed(`insertMany x ${total / BATCH} batches of ${BATCH}`, total, async () => {
    for (let i = 0; i < total; i += BATCH) {
      await batched.insertMany(Array.from({ length: BATCH }, (_, j) => benchDocument(i + j)));
    }
  });
  await timed(`findOne by unique email x ${LOOKUPS}`, LOOKUPS, async () => {
    for (let i = 0; i < LOOKUPS; i += 1) {
      const found = await single.findOne({ email: `candidate${(i * 7919) % total}@example.org` });
      if (!found) throw new Error('missing document');
    }
  });
  await timed(`findOne by _id x ${LOOKUPS}`, LOOKUPS, async () => {
    for (let i = 0; i < LOOKUPS; i += 1) await single.findOne({ _id: benchDocument((i * 7919) % total)._id });
  });
  await timed(`findOneAndUpdate $inc by _id x ${LOOKUPS}`, LOOKUPS, async () => {
    for (let i = 0; i < LOOKUPS; i += 1) {
      await single.findOneAndUpdate({ _id: benchDocument((i * 7919) % total)._id }, { $inc: { views: 1 } });
    }
  });
  await timed('count by indexed status (10% match)', 1, async () => {
    await single.count({ status: 'claimed' });
  });
  await timed('find sorted page (status, sort issuedAt, limit 20)', 1, async () => {
    await single.find({ status: 'claimed' }, { sort: { issuedAt: -1 }, limit: 20 });
  });

  await database.close();
  const { size } = await stat(join(dataDir, 'single.db'));
  await timed(`reopen: load + compact 2 x ${total} (${(size / 1e6).toFixed(1)} MB each)`, 1, async () => {
    database = await createEmbeddedDatabase({ dataDir, compactionIntervalMs: 0 });
    await database.collection(definition('single'));
    await database.collection(definition('batched'));
  });
} finally {
  await database.close();
  await rm(dataDir, { recursive: true, force: true });
}
