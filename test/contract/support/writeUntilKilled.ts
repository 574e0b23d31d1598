/**
 * Child process for the kill -9 durability tests: writes to the SQLite store until it is killed,
 * printing a line after each acknowledged write. Pipes to the parent are synchronous on POSIX, so
 * a line the parent reads was printed after the write was acknowledged.
 *
 *   node --import tsx writeUntilKilled.ts <dataDir> <insertOne | insertMany>
 *
 * insertOne:  one document per write ("acked <seq>");
 * insertMany: batches of 200 documents of 2 KB, several pages per commit ("acked <first>-<last>").
 */
import { createSqliteDatabase } from '../../../src/adapters/store-sqlite/createSqliteDatabase.js';

const [dataDir, mode] = process.argv.slice(2);
if (!dataDir || !['insertOne', 'insertMany'].includes(mode ?? '')) {
  throw new Error('usage: writeUntilKilled.ts <dataDir> <insertOne|insertMany>');
}

const database = await createSqliteDatabase({ dataDir });
const acks = await database.collection<{ _id: string; seq: number; at: Date; payload: string }>({
  name: 'acks',
  indexes: [{ fields: { seq: 1 }, unique: true }],
});
const payload = 'x'.repeat(mode === 'insertMany' ? 2048 : 256);
const docFor = (seq: number) => ({ _id: `doc-${seq}`, seq, at: new Date(1_700_000_000_000 + seq), payload });

for (let seq = 0; ; ) {
  if (mode === 'insertMany') {
    const batch = Array.from({ length: 200 }, (_, i) => docFor(seq + i));
    await acks.insertMany(batch);
    process.stdout.write(`acked ${seq}-${seq + batch.length - 1}\n`);
    seq += batch.length;
  } else {
    await acks.insertOne(docFor(seq));
    process.stdout.write(`acked ${seq}\n`);
    seq += 1;
  }
}
