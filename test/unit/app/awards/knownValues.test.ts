import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { createSqliteDatabase } from '../../../../src/adapters/store-sqlite/createSqliteDatabase.js';
import { withKnownValues } from '../../../../src/app/awards/knownValues.js';
import { type AccountRecord, createAccounts } from '../../../../src/app/candidates/accounts.js';
import { fixedClock } from '../../../../src/ports/clock.js';
import type { Collection, Database, StoredDocument } from '../../../../src/ports/store.js';

interface Row extends StoredDocument {
  readonly email?: unknown;
  readonly n?: number;
}

/** `collection` counting the reads that reach it: findOne's (`reads`) and find's (`finds`). */
function counting<T extends StoredDocument>(
  collection: Collection<T>,
): { collection: Collection<T>; reads: () => number; finds: () => number } {
  let reads = 0;
  let finds = 0;
  return {
    collection: {
      ...collection,
      findOne: (filter) => {
        reads += 1;
        return collection.findOne(filter);
      },
      find: (filter, options) => {
        finds += 1;
        return collection.find(filter, options);
      },
    },
    reads: () => reads,
    finds: () => finds,
  };
}

describe('withKnownValues', () => {
  let dataDir: string;
  let database: Database;
  let stored: Collection<Row>;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'accolade-known-'));
    database = await createSqliteDatabase({ dataDir });
    stored = await database.collection<Row>({ name: 'rows', indexes: [{ fields: { email: 1 }, unique: true }] });
  });

  afterEach(async () => {
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers a text never written without a read, and reads for one stored before it started', async () => {
    await stored.insertOne({ _id: 'a', email: 'ana@example.org' });
    const { collection, reads } = counting(stored);
    const rows = withKnownValues(collection, 'email');
    // Until the values are read, every lookup reads.
    expect(await rows.findOne({ email: 'bo@example.org' })).to.equal(null);
    expect(reads()).to.equal(1);
    await rows.loaded;

    expect(await rows.findOne({ email: 'bo@example.org' })).to.equal(null);
    expect(reads()).to.equal(1);
    expect((await rows.findOne({ email: 'ana@example.org' }))?._id).to.equal('a');
    expect(reads()).to.equal(2);
  });

  /** How many turns of the event loop other work had while `rows` read its values. */
  async function turnsWhileLoading(rows: { loaded: Promise<void> }): Promise<number> {
    let done = false;
    let turns = 0;
    const turn = (): void => {
      if (done) return;
      turns += 1;
      setImmediate(turn);
    };
    setImmediate(turn);
    await rows.loaded;
    done = true;
    return turns;
  }

  it('reads the values from the index, a page at a time, with a turn for other work between two', async () => {
    await stored.insertMany(Array.from({ length: 2500 }, (_, i) => ({ _id: `id-${i}`, email: `r${i}@example.org` })));
    const { collection, finds, reads } = counting(stored);
    let pages = 0;
    const rows = withKnownValues(
      {
        ...collection,
        distinctTexts: (field, limit, after) => {
          pages += 1;
          return stored.distinctTexts!(field, limit, after);
        },
      },
      'email',
    );
    const turns = await turnsWhileLoading(rows);
    expect(pages, 'pages of 1,000 values').to.equal(3);
    expect(turns).to.be.at.least(pages - 1);
    expect(finds(), 'no document read').to.equal(0);
    expect((await rows.findOne({ email: 'r2499@example.org' }))?._id).to.equal('id-2499');
    expect(await rows.findOne({ email: 'r2500@example.org' })).to.equal(null);
    expect(reads()).to.equal(1);
  });

  it('reads the documents where the store cannot list a field’s values, with a turn between two pages', async () => {
    await stored.insertMany(Array.from({ length: 1000 }, (_, i) => ({ _id: `id-${i}`, email: `r${i}@example.org` })));
    const { collection, finds } = counting(stored);
    const { distinctTexts: _unused, ...withoutIndexRead } = collection;
    const rows = withKnownValues(withoutIndexRead, 'email');
    const turns = await turnsWhileLoading(rows);
    // Each page but the last is followed by a turn in which other work runs.
    expect(finds()).to.be.greaterThan(2);
    expect(turns).to.be.at.least(finds() - 1);
    expect(await rows.findOne({ email: 'r1000@example.org' })).to.equal(null);
  });

  it('reads the values stored in pages, past the first ones', async () => {
    await stored.insertMany(Array.from({ length: 2500 }, (_, i) => ({ _id: `id-${i}`, email: `r${i}@example.org` })));
    const { collection, reads } = counting(stored);
    const rows = withKnownValues(collection, 'email');
    await rows.loaded;
    expect((await rows.findOne({ email: 'r2499@example.org' }))?._id).to.equal('id-2499');
    expect(await rows.findOne({ email: 'r2500@example.org' })).to.equal(null);
    expect(reads()).to.equal(1);
  });

  it('answers find with none, without a read, for texts never written (one, or an $in of them)', async () => {
    await stored.insertMany([
      { _id: 'a', email: 'ana@example.org' },
      { _id: 'b', email: 'bo@example.org' },
    ]);
    const { collection, finds } = counting(stored);
    const rows = withKnownValues(collection, 'email');
    await rows.loaded;
    // The start-up read lists the index: no find.
    const before = finds();
    expect(before).to.equal(0);
    expect(await rows.find({ email: 'cy@example.org' }, { sort: { _id: 1 } })).to.deep.equal([]);
    expect(await rows.find({ email: { $in: ['cy@example.org', 'di@example.org'] } })).to.deep.equal([]);
    expect(finds()).to.equal(before);
    // One known text among them, or any other filter: read.
    const found = await rows.find({ email: { $in: ['cy@example.org', 'bo@example.org'] } });
    expect(found.map((row) => row._id)).to.deep.equal(['b']);
    expect((await rows.find({ email: 'ana@example.org' })).map((row) => row._id)).to.deep.equal(['a']);
    expect(await rows.find({ email: { $in: ['cy@example.org'] }, n: 1 })).to.deep.equal([]);
    expect(await rows.find({ email: { $nin: ['ana@example.org'] } })).to.have.length(1);
    expect(finds()).to.equal(before + 4);
    // A value written since is read.
    await rows.insertOne({ _id: 'c', email: 'cy@example.org' });
    expect((await rows.find({ email: 'cy@example.org' })).map((row) => row._id)).to.deep.equal(['c']);
    expect(finds()).to.equal(before + 5);
  });

  it('finds what each kind of write adds: insert, insertMany, upsert, $set, $setOnInsert', async () => {
    const rows = withKnownValues(stored, 'email');
    await rows.loaded;
    await rows.insertOne({ _id: 'a', email: 'a@example.org' });
    await rows.insertMany([{ _id: 'b', email: 'b@example.org' }]);
    await rows.findOneAndUpdate({ email: 'c@example.org' }, { $set: { n: 1 } }, { upsert: true });
    await rows.findOneAndUpdate({ _id: 'a' }, { $set: { email: 'a2@example.org' } });
    await rows.findOneAndUpdate({ n: 7 }, { $setOnInsert: { _id: 'e', email: 'e@example.org' } }, { upsert: true });
    await rows.updateMany({ _id: 'b' }, { $set: { email: 'b2@example.org' } });

    for (const [email, id] of [
      ['a2@example.org', 'a'],
      ['b2@example.org', 'b'],
      ['e@example.org', 'e'],
    ] as const) {
      expect((await rows.findOne({ email }))?._id, email).to.equal(id);
    }
    expect((await rows.findOne({ email: 'c@example.org' }))?.n).to.equal(1);
    // A value changed away is still read (the set only grows), and is not there.
    expect(await rows.findOne({ email: 'a@example.org' })).to.equal(null);
  });

  it('reads every time once a write could not be told: $push on the field, a value that is not text', async () => {
    for (const update of [{ $push: { email: 'x@example.org' } }, { $set: { email: 42 } }]) {
      const { collection, reads } = counting(stored);
      const rows = withKnownValues(collection, 'email');
      await rows.loaded;
      await rows.updateMany({ _id: 'none' }, update);
      expect(await rows.findOne({ email: 'y@example.org' })).to.equal(null);
      expect(reads()).to.equal(1);
    }
  });

  it('on `_id`, an upsert whose id the store makes turns the shortcut off', async () => {
    const { collection, reads } = counting(stored);
    const rows = withKnownValues(collection, '_id');
    await rows.loaded;
    const made = await rows.findOneAndUpdate({ email: 'z@example.org' }, { $set: { n: 2 } }, { upsert: true });
    expect((await rows.findOne({ _id: made!._id }))?.n).to.equal(2);
    expect(reads()).to.equal(1);
  });

  it('reads for any other filter: another field, several fields, a condition', async () => {
    await stored.insertOne({ _id: 'a', email: 'ana@example.org', n: 3 });
    const { collection, reads } = counting(stored);
    const rows = withKnownValues(collection, 'email');
    await rows.loaded;
    expect((await rows.findOne({ n: 3 }))?._id).to.equal('a');
    expect(await rows.findOne({ email: 'no@example.org', n: 3 })).to.equal(null);
    expect((await rows.findOne({ email: { $in: ['ana@example.org'] } }))?._id).to.equal('a');
    expect(reads()).to.equal(3);
  });

  it('keeps the accounts right: an account made by ensure is found by email at once', async () => {
    const collection = withKnownValues(
      await database.collection<AccountRecord>({ name: 'accounts', indexes: [{ fields: { email: 1 }, unique: true }] }),
      'email',
    );
    await collection.loaded;
    const accounts = createAccounts({ collection, clock: fixedClock('2026-12-07T12:00:00Z') });
    expect(await accounts.byEmail('ana@example.org')).to.equal(null);
    const made = await accounts.ensure('ana@example.org');
    expect((await accounts.byEmail('ana@example.org'))?._id).to.equal(made._id);
  });
});
