import { expect } from 'chai';
import type {
  Collection,
  CollectionDefinition,
  Database,
  Filter,
  StoredDocument,
  Update,
} from '../../src/ports/store.js';
import { expectCode } from './support/rejections.js';

/**
 * The behaviour every store adapter must show, written once against the port. An adapter's test
 * file calls `runStoreContract` with a factory giving a fresh, empty store per test.
 */
export interface StoreUnderTest {
  /** Opens the store; called again after `close()` it must reopen the same data. */
  open(): Promise<Database>;
  /** Removes whatever the store left behind (temporary directory, test database). */
  destroy(): Promise<void>;
}

interface Person extends StoredDocument {
  readonly _id: string;
  readonly name?: string;
  readonly email?: string;
  readonly age?: number;
  readonly tags?: string[];
  readonly profile?: { readonly city?: string; readonly country?: string };
  readonly nickname?: string | null;
  readonly source?: string;
  readonly sourceRef?: string;
  readonly joinedAt?: Date;
  readonly visits?: number;
  readonly history?: unknown[];
}

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function peopleDefinition(): CollectionDefinition {
  return {
    name: 'people',
    indexes: [
      { fields: { email: 1 }, unique: true, sparse: true },
      { fields: { source: 1, sourceRef: 1 }, unique: true, sparse: true },
      { fields: { 'profile.city': 1 } },
      { fields: { joinedAt: -1 } },
    ],
  };
}

function accountsWithNamedIndexDefinition(): CollectionDefinition {
  return { name: 'accounts', indexes: [{ fields: { username: 1 }, unique: true, name: 'account_username' }] };
}

function person(id: string, fields: Omit<Person, '_id'> = {}): Person {
  return { _id: id, ...fields };
}

/** Five people covering missing fields, nulls, empty and non-empty arrays and nested documents. */
function fivePeopleWithVariedFields(): Person[] {
  return [
    person('a', { age: 20, tags: ['x', 'y'], profile: { city: 'Paris' }, nickname: null }),
    person('b', { age: 30, tags: [], profile: { city: 'Lyon' } }),
    person('c', { age: 40, tags: ['y'], profile: { city: 'Paris', country: 'FR' } }),
    person('d', { name: 'Dee' }),
    person('e', { age: 50, tags: ['z'], profile: { city: 'Nice' }, nickname: 'E' }),
  ];
}

async function idsOf(collection: Collection<Person>, filter: Filter): Promise<string[]> {
  return (await collection.find(filter)).map((doc) => doc._id).sort();
}

/** [what the case shows, filter, ids it selects among fivePeopleWithVariedFields] */
const OPERATOR_CASES: readonly [string, Filter, string[]][] = [
  ['equality on a field', { age: 30 }, ['b']],
  ['$eq', { age: { $eq: 30 } }, ['b']],
  ['$ne, which also matches a missing field', { age: { $ne: 30 } }, ['a', 'c', 'd', 'e']],
  ['$gt', { age: { $gt: 30 } }, ['c', 'e']],
  ['$gte', { age: { $gte: 30 } }, ['b', 'c', 'e']],
  ['$lt', { age: { $lt: 30 } }, ['a']],
  ['$lte', { age: { $lte: 30 } }, ['a', 'b']],
  ['a range of two operators', { age: { $gt: 20, $lt: 50 } }, ['b', 'c']],
  ['$in', { age: { $in: [20, 40] } }, ['a', 'c']],
  ['$nin, which also matches a missing field', { age: { $nin: [20, 40] } }, ['b', 'd', 'e']],
  ['$exists: true', { age: { $exists: true } }, ['a', 'b', 'c', 'e']],
  ['$exists: false', { age: { $exists: false } }, ['d']],
  ['equality to null, which matches null and missing', { nickname: null }, ['a', 'b', 'c', 'd']],
  ['$eq null like equality to null', { nickname: { $eq: null } }, ['a', 'b', 'c', 'd']],
  ['$ne null, which requires a value', { nickname: { $ne: null } }, ['e']],
  ['$in with null, which matches missing too', { nickname: { $in: [null, 'E'] } }, ['a', 'b', 'c', 'd', 'e']],
  ['$nin with null, which requires a value', { nickname: { $nin: [null] } }, ['e']],
  ['equality to an element of an array', { tags: 'y' }, ['a', 'c']],
  ['$in on an array field', { tags: { $in: ['x', 'z'] } }, ['a', 'e']],
  ['$ne on an array field, true when no element is equal', { tags: { $ne: 'y' } }, ['b', 'd', 'e']],
  ['$nin on an array field, true when no element is listed', { tags: { $nin: ['x', 'z'] } }, ['b', 'c', 'd']],
  ['$exists on an empty array', { tags: { $exists: true } }, ['a', 'b', 'c', 'e']],
  ['equality on a dotted field', { 'profile.city': 'Paris' }, ['a', 'c']],
  ['$lt text on an indexed field', { 'profile.city': { $lt: 'Nice' } }, ['b']],
  [
    '$gte text on an indexed field, which a missing field does not match',
    { 'profile.city': { $gte: 'Nice' } },
    ['a', 'c', 'e'],
  ],
  [
    'a text range on an indexed field with a non-ASCII bound',
    { 'profile.city': { $gt: 'Lyon', $lte: 'Nîmes' } },
    ['e'],
  ],
  ['$exists: false on a dotted field', { 'profile.country': { $exists: false } }, ['a', 'b', 'd', 'e']],
  ['equality to an embedded document', { profile: { city: 'Lyon' } }, ['b']],
  ['several fields at once', { age: { $gt: 20 }, 'profile.city': 'Paris' }, ['c']],
  ['$or', { $or: [{ age: 20 }, { name: 'Dee' }] }, ['a', 'd']],
  ['$and', { $and: [{ 'profile.city': 'Paris' }, { age: { $gt: 25 } }] }, ['c']],
  [
    '$or of $and',
    { $or: [{ $and: [{ age: { $gte: 40 } }, { 'profile.city': 'Paris' }] }, { age: { $lt: 25 } }] },
    ['a', 'c'],
  ],
];

export function runStoreContract(name: string, makeStore: () => Promise<StoreUnderTest>): void {
  describe(`the ${name} store (store port contract)`, () => {
    let store: StoreUnderTest;
    let database: Database;
    let people: Collection<Person>;

    async function reopen(): Promise<Collection<Person>> {
      await database.close();
      database = await store.open();
      people = await database.collection<Person>(peopleDefinition());
      return people;
    }

    beforeEach(async () => {
      store = await makeStore();
      database = await store.open();
      people = await database.collection<Person>(peopleDefinition());
    });

    afterEach(async () => {
      await database.close();
      await store.destroy();
    });

    describe('inserting and reading', () => {
      it('returns an inserted document as a plain object equal to the one given', async () => {
        const alice = person('alice', {
          name: 'Alice',
          email: 'alice@example.org',
          tags: ['a'],
          profile: { city: 'Paris' },
        });
        await people.insertOne(alice);
        const found = await people.findOne({ _id: 'alice' });
        expect(found).to.deep.equal(alice);
        expect(Object.getPrototypeOf(found)).to.equal(Object.prototype);
      });

      it('keeps the stored document apart from the objects the caller inserted and read', async () => {
        const inserted = { _id: 'p', name: 'Before', tags: ['one'] };
        await people.insertOne(inserted);
        inserted.name = 'Changed after insert';
        const read = (await people.findOne({ _id: 'p' }))!;
        read.tags!.push('changed after read');
        expect(await people.findOne({ _id: 'p' })).to.deep.equal({ _id: 'p', name: 'Before', tags: ['one'] });
      });

      it('returns null from findOne when nothing matches', async () => {
        await people.insertOne(person('p', { name: 'P' }));
        expect(await people.findOne({ name: 'Q' })).to.equal(null);
      });

      it('round-trips Date values, nested and in arrays, as Date instances', async () => {
        const joinedAt = new Date('2024-02-29T12:34:56.789Z');
        const seen = new Date('2025-01-01T00:00:00.000Z');
        await people.insertOne(person('p', { joinedAt, history: [{ at: seen }, seen] }));
        const found = (await people.findOne({ joinedAt }))!;
        expect(found.joinedAt).to.be.instanceOf(Date);
        expect(found.joinedAt!.toISOString()).to.equal(joinedAt.toISOString());
        expect(found.history).to.deep.equal([{ at: seen }, seen]);
        expect((found.history![1] as Date).getTime()).to.equal(seen.getTime());
      });

      it('drops undefined members rather than storing them', async () => {
        await people.insertOne({ _id: 'p', name: 'P', email: undefined });
        const found = (await people.findOne({ _id: 'p' }))!;
        expect(Object.keys(found).sort()).to.deep.equal(['_id', 'name']);
        expect(await people.count({ email: { $exists: true } })).to.equal(0);
      });

      it('refuses a document without a non-empty string _id', async () => {
        await expectCode(() => people.insertOne({ name: 'No id' } as unknown as Person), 'validation_failed');
        await expectCode(() => people.insertOne({ _id: '' }), 'validation_failed');
        await expectCode(() => people.insertOne({ _id: 42 } as unknown as Person), 'validation_failed');
      });

      it('refuses field names that start with $ or contain a dot, naming the field', async () => {
        const dollar = await expectCode(
          () => people.insertOne({ _id: 'p', profile: { $city: 'x' } } as unknown as Person),
          'validation_failed',
        );
        expect(dollar.details).to.include({ field: 'profile.$city' });
        await expectCode(() => people.insertOne({ _id: 'p', 'a.b': 1 } as unknown as Person), 'validation_failed');
        await people.insertOne(person('q'));
        await expectCode(
          () => people.findOneAndUpdate({ _id: 'q' }, { $set: { profile: { 'dotted.key': 1 } } }),
          'validation_failed',
        );
        expect(await people.findOne({ _id: 'q' })).to.deep.equal({ _id: 'q' });
      });

      it('refuses values that cannot be stored', async () => {
        for (const value of [Number.NaN, Number.POSITIVE_INFINITY, () => 1, new Map(), new Date('invalid'), 1n]) {
          await expectCode(() => people.insertOne({ _id: 'p', value } as unknown as Person), 'validation_failed');
        }
        expect(await people.count({})).to.equal(0);
      });

      it('inserts many documents at once', async () => {
        await people.insertMany(fivePeopleWithVariedFields());
        await people.insertMany([]);
        expect(await people.count({})).to.equal(5);
      });
    });

    describe('finding', () => {
      beforeEach(async () => {
        await people.insertMany([
          person('p1', { name: 'Yves', age: 30, profile: { city: 'Lyon' }, joinedAt: new Date('2024-03-01') }),
          person('p2', { name: 'Anna', age: 25, profile: { city: 'Paris' }, joinedAt: new Date('2024-01-01') }),
          person('p3', { name: 'Marc', age: 30, profile: { city: 'Nice' }, joinedAt: new Date('2024-05-01') }),
          person('p4', { name: 'Zoe', age: 41, profile: { city: 'Brest' }, joinedAt: new Date('2023-12-31') }),
        ]);
      });

      it('sorts ascending and descending', async () => {
        expect((await people.find({}, { sort: { name: 1 } })).map((p) => p.name)).to.deep.equal([
          'Anna',
          'Marc',
          'Yves',
          'Zoe',
        ]);
        expect((await people.find({}, { sort: { name: -1 } })).map((p) => p.name)).to.deep.equal([
          'Zoe',
          'Yves',
          'Marc',
          'Anna',
        ]);
      });

      it('sorts on several keys in the order given', async () => {
        const sorted = await people.find({}, { sort: { age: -1, name: 1 } });
        expect(sorted.map((p) => p._id)).to.deep.equal(['p4', 'p3', 'p1', 'p2']);
      });

      it('sorts on a dotted field and on dates', async () => {
        expect((await people.find({}, { sort: { 'profile.city': 1 } })).map((p) => p._id)).to.deep.equal([
          'p4',
          'p1',
          'p3',
          'p2',
        ]);
        expect((await people.find({}, { sort: { joinedAt: -1 } })).map((p) => p._id)).to.deep.equal([
          'p3',
          'p1',
          'p2',
          'p4',
        ]);
      });

      it('orders and compares text by code point, a character above U+FFFF after U+FF21', async () => {
        await people.insertMany([person('wide', { name: 'Ａnna' }), person('emoji', { name: '😀nna' })]);
        const sorted = await people.find({ _id: { $in: ['wide', 'emoji'] } }, { sort: { name: 1 } });
        expect(sorted.map((p) => p._id)).to.deep.equal(['wide', 'emoji']);
        expect(await idsOf(people, { name: { $gt: 'Ａ' } })).to.deep.equal(['emoji', 'wide']);
        expect(await idsOf(people, { name: { $gt: 'Ｚ' } })).to.deep.equal(['emoji']);
      });

      it('applies skip and limit after sorting', async () => {
        const page = await people.find({}, { sort: { name: 1 }, skip: 1, limit: 2 });
        expect(page.map((p) => p.name)).to.deep.equal(['Marc', 'Yves']);
        expect((await people.find({}, { sort: { name: 1 }, limit: 1 })).map((p) => p.name)).to.deep.equal(['Anna']);
        expect(await people.find({}, { sort: { name: 1 }, skip: 4 })).to.deep.equal([]);
      });

      it('compares dates with range operators', async () => {
        const since = await idsOf(people, { joinedAt: { $gte: new Date('2024-01-01'), $lt: new Date('2024-05-01') } });
        expect(since).to.deep.equal(['p1', 'p2']);
      });

      it('counts the documents a filter matches', async () => {
        expect(await people.count({})).to.equal(4);
        expect(await people.count({ age: 30 })).to.equal(2);
        expect(await people.count({ age: { $gt: 100 } })).to.equal(0);
      });

      it('refuses a limit that is not a positive integer and a negative skip', async () => {
        await expectCode(() => people.find({}, { limit: 0 }), 'validation_failed');
        await expectCode(() => people.find({}, { limit: 1.5 }), 'validation_failed');
        await expectCode(() => people.find({}, { skip: -1 }), 'validation_failed');
      });
    });

    describe('filter operators', () => {
      beforeEach(async () => {
        await people.insertMany(fivePeopleWithVariedFields());
      });

      for (const [what, filter, expected] of OPERATOR_CASES) {
        it(`supports ${what}`, async () => {
          expect(await idsOf(people, filter)).to.deep.equal(expected);
          expect(await people.count(filter)).to.equal(expected.length);
        });
      }

      it('refuses operators outside the supported language', async () => {
        const unsupported: Filter[] = [
          { name: { $regex: 'D' } },
          { $where: 'true' },
          { $nor: [{ age: 1 }] },
          { tags: { $elemMatch: { $eq: 'x' } } },
          { age: { $gt: 1, plain: 2 } },
          { $or: [] },
          { name: /Dee/ },
        ];
        for (const filter of unsupported) {
          await expectCode(() => people.find(filter), 'validation_failed');
        }
      });

      it('refuses a filter that compares with undefined instead of matching everything', async () => {
        await expectCode(() => people.findOne({ email: undefined }), 'validation_failed');
        await expectCode(() => people.deleteMany({ age: { $ne: undefined } }), 'validation_failed');
        expect(await people.count({})).to.equal(5);
      });
    });

    describe('unique indexes', () => {
      it('rejects a duplicate _id with a conflict on the _id_ index', async () => {
        await people.insertOne(person('same', { name: 'First' }));
        const error = await expectCode(() => people.insertOne(person('same', { name: 'Second' })), 'conflict');
        expect(error.details).to.include({ index: '_id_' });
        expect((await people.findOne({ _id: 'same' }))?.name).to.equal('First');
      });

      it('rejects a duplicate value of a unique field with a conflict naming its index', async () => {
        await people.insertOne(person('p1', { email: 'same@example.org' }));
        const error = await expectCode(() => people.insertOne(person('p2', { email: 'same@example.org' })), 'conflict');
        expect(error.details).to.include({ index: 'email_1' });
        expect(await people.count({})).to.equal(1);
      });

      it('allows any number of documents without the field of a sparse unique index', async () => {
        await people.insertMany([person('p1'), person('p2'), person('p3', { email: 'x@example.org' })]);
        expect(await people.count({})).to.equal(3);
      });

      it('enforces a compound unique index on the combination only', async () => {
        await people.insertOne(person('p1', { source: 'exams', sourceRef: '42' }));
        await people.insertOne(person('p2', { source: 'exams', sourceRef: '43' }));
        await people.insertOne(person('p3', { source: 'certs', sourceRef: '42' }));
        const error = await expectCode(
          () => people.insertOne(person('p4', { source: 'exams', sourceRef: '42' })),
          'conflict',
        );
        expect(error.details).to.include({ index: 'source_1_sourceRef_1' });
      });

      it('reports the name given to an index, and counts a missing field as a value when not sparse', async () => {
        const accounts = await database.collection<StoredDocument & { username?: string }>(
          accountsWithNamedIndexDefinition(),
        );
        await accounts.insertOne({ _id: 'u1', username: 'ada' });
        const duplicate = await expectCode(() => accounts.insertOne({ _id: 'u2', username: 'ada' }), 'conflict');
        expect(duplicate.details).to.include({ index: 'account_username' });
        await accounts.insertOne({ _id: 'u3' });
        const secondMissing = await expectCode(() => accounts.insertOne({ _id: 'u4' }), 'conflict');
        expect(secondMissing.details).to.include({ index: 'account_username' });
      });

      it('rejects an update that would duplicate a unique value and leaves the document unchanged', async () => {
        await people.insertMany([
          person('p1', { email: 'one@example.org' }),
          person('p2', { email: 'two@example.org' }),
        ]);
        const error = await expectCode(
          () => people.findOneAndUpdate({ _id: 'p2' }, { $set: { email: 'one@example.org', name: 'Two' } }),
          'conflict',
        );
        expect(error.details).to.include({ index: 'email_1' });
        expect(await people.findOne({ _id: 'p2' })).to.deep.equal(person('p2', { email: 'two@example.org' }));
        await expectCode(() => people.updateMany({ _id: 'p2' }, { $set: { email: 'one@example.org' } }), 'conflict');
      });

      it('stops insertMany at the first duplicate and keeps the documents before it', async () => {
        await people.insertOne(person('existing', { email: 'taken@example.org' }));
        const error = await expectCode(
          () =>
            people.insertMany([
              person('n1', { email: 'n1@example.org' }),
              person('n2', { email: 'taken@example.org' }),
              person('n3', { email: 'n3@example.org' }),
            ]),
          'conflict',
        );
        expect(error.details).to.include({ index: 'email_1' });
        expect(await idsOf(people, {})).to.deep.equal(['existing', 'n1']);
      });
    });

    describe('findOneAndUpdate', () => {
      it('returns the document after the update', async () => {
        await people.insertOne(person('p', { name: 'Old', visits: 1 }));
        const after = await people.findOneAndUpdate({ _id: 'p' }, { $set: { name: 'New' }, $inc: { visits: 2 } });
        expect(after).to.deep.equal(person('p', { name: 'New', visits: 3 }));
        expect(await people.findOne({ _id: 'p' })).to.deep.equal(after);
      });

      it('updates one document only when several match', async () => {
        await people.insertMany(fivePeopleWithVariedFields());
        const after = await people.findOneAndUpdate({ 'profile.city': 'Paris' }, { $set: { name: 'Parisian' } });
        expect(['a', 'c']).to.include(after?._id);
        expect(await people.count({ name: 'Parisian' })).to.equal(1);
      });

      it('returns null and inserts nothing when no document matches and upsert is off', async () => {
        expect(await people.findOneAndUpdate({ _id: 'none' }, { $set: { name: 'X' } })).to.equal(null);
        expect(await people.findOneAndUpdate({ _id: 'none' }, { $setOnInsert: { name: 'X' } })).to.equal(null);
        expect(await people.count({})).to.equal(0);
      });

      it('upserts a document built from the filter equalities, $setOnInsert and the update', async () => {
        const created = await people.findOneAndUpdate(
          { _id: 'new', 'profile.city': 'Lyon', age: { $gt: 10 } },
          { $setOnInsert: { name: 'Created', joinedAt: new Date('2024-06-01') }, $inc: { visits: 1 } },
          { upsert: true },
        );
        const expected = person('new', {
          profile: { city: 'Lyon' },
          name: 'Created',
          joinedAt: new Date('2024-06-01'),
          visits: 1,
        });
        expect(created).to.deep.equal(expected);
        expect(await people.findOne({ _id: 'new' })).to.deep.equal(expected);
      });

      it('gives an upserted document a UUIDv7 _id when neither the filter nor $setOnInsert pins one', async () => {
        const created = await people.findOneAndUpdate(
          { email: 'fresh@example.org' },
          { $set: { name: 'Fresh' } },
          { upsert: true },
        );
        expect(created?._id).to.match(UUID_V7);
        expect(await people.findOne({ email: 'fresh@example.org' })).to.deep.equal(created);
        const pinned = await people.findOneAndUpdate(
          { email: 'pinned@example.org' },
          { $setOnInsert: { _id: 'chosen-id' } },
          { upsert: true },
        );
        expect(pinned).to.deep.equal(person('chosen-id', { email: 'pinned@example.org' }));
      });

      it('leaves $setOnInsert out when the upsert finds a document', async () => {
        await people.insertOne(person('p', { name: 'Kept', visits: 5 }));
        const after = await people.findOneAndUpdate(
          { _id: 'p' },
          { $setOnInsert: { name: 'Ignored' }, $inc: { visits: 1 } },
          { upsert: true },
        );
        expect(after).to.deep.equal(person('p', { name: 'Kept', visits: 6 }));
        const unchanged = await people.findOneAndUpdate(
          { _id: 'p' },
          { $setOnInsert: { name: 'Ignored' } },
          { upsert: true },
        );
        expect(unchanged).to.deep.equal(person('p', { name: 'Kept', visits: 6 }));
      });

      it('applies 100 concurrent increments exactly, with and without upsert', async () => {
        const increments = Array.from({ length: 100 }, () =>
          people.findOneAndUpdate({ _id: 'counter' }, { $inc: { visits: 1 } }, { upsert: true }),
        );
        const results = await Promise.all(increments);
        expect((await people.findOne({ _id: 'counter' }))?.visits).to.equal(100);
        expect(results.map((doc) => doc?.visits).sort((x, y) => x! - y!)).to.deep.equal(
          Array.from({ length: 100 }, (_, i) => i + 1),
        );
        await Promise.all(
          Array.from({ length: 100 }, () => people.findOneAndUpdate({ _id: 'counter' }, { $inc: { visits: -1 } })),
        );
        expect((await people.findOne({ _id: 'counter' }))?.visits).to.equal(0);
      });

      it('upserts a single document when 100 upserts on a unique field race', async () => {
        await Promise.all(
          Array.from({ length: 100 }, () =>
            people.findOneAndUpdate({ email: 'race@example.org' }, { $inc: { visits: 1 } }, { upsert: true }),
          ),
        );
        expect(await people.find({ email: 'race@example.org' })).to.have.length(1);
        expect((await people.findOne({ email: 'race@example.org' }))?.visits).to.equal(100);
      });

      it('unsets, increments a missing field from zero and pushes onto a missing array', async () => {
        await people.insertOne(person('p', { name: 'P', nickname: 'pp' }));
        const after = await people.findOneAndUpdate(
          { _id: 'p' },
          { $unset: { nickname: '' }, $inc: { visits: 2 }, $push: { tags: 'first' } },
        );
        expect(after).to.deep.equal(person('p', { name: 'P', visits: 2, tags: ['first'] }));
        const pushed = await people.findOneAndUpdate({ _id: 'p' }, { $push: { tags: 'second' } });
        expect(pushed?.tags).to.deep.equal(['first', 'second']);
      });

      it('sets and unsets dotted paths, creating the nested document', async () => {
        await people.insertOne(person('p'));
        const set = await people.findOneAndUpdate(
          { _id: 'p' },
          { $set: { 'profile.city': 'Lyon', 'profile.country': 'FR' } },
        );
        expect(set).to.deep.equal(person('p', { profile: { city: 'Lyon', country: 'FR' } }));
        const unset = await people.findOneAndUpdate({ _id: 'p' }, { $unset: { 'profile.country': '' } });
        expect(unset).to.deep.equal(person('p', { profile: { city: 'Lyon' } }));
        expect(await idsOf(people, { 'profile.city': 'Lyon' })).to.deep.equal(['p']);
      });

      it('refuses $inc on a field that holds no number, changing nothing', async () => {
        await people.insertOne(person('p', { name: 'Text' }));
        await expectCode(
          () => people.findOneAndUpdate({ _id: 'p' }, { $inc: { name: 1 } as Update['$inc'] }),
          'validation_failed',
        );
        expect(await people.findOne({ _id: 'p' })).to.deep.equal(person('p', { name: 'Text' }));
      });

      it('refuses updates outside the supported language', async () => {
        await people.insertOne(person('p', { name: 'P' }));
        const refused: Update[] = [
          {},
          { $set: {} },
          { $rename: { name: 'alias' } } as Update,
          { $set: { name: 'A' }, $unset: { name: '' } },
          { $set: { profile: {} }, $inc: { 'profile.visits': 1 } },
          { $set: { _id: 'other' } },
          { $inc: { visits: '1' } } as unknown as Update,
          { name: 'replacement' } as Update,
        ];
        for (const update of refused) {
          await expectCode(() => people.findOneAndUpdate({ _id: 'p' }, update), 'validation_failed');
        }
        expect(await people.findOne({ _id: 'p' })).to.deep.equal(person('p', { name: 'P' }));
      });
    });

    describe('updateMany and deleting', () => {
      beforeEach(async () => {
        await people.insertMany(fivePeopleWithVariedFields());
      });

      it('updates every matching document and returns how many matched', async () => {
        expect(
          await people.updateMany({ 'profile.city': 'Paris' }, { $set: { name: 'Parisian' }, $inc: { visits: 1 } }),
        ).to.equal(2);
        expect(await idsOf(people, { name: 'Parisian', visits: 1 })).to.deep.equal(['a', 'c']);
        expect(await people.updateMany({ 'profile.city': 'Rome' }, { $set: { name: 'Roman' } })).to.equal(0);
        expect(await people.count({ name: 'Roman' })).to.equal(0);
      });

      it('moves documents between keys of an index when the indexed field itself changes', async () => {
        expect(await people.updateMany({ 'profile.city': 'Paris' }, { $set: { 'profile.city': 'Lyon' } })).to.equal(2);
        expect(await idsOf(people, { 'profile.city': 'Lyon' })).to.deep.equal(['a', 'b', 'c']);
        expect(await people.count({ 'profile.city': 'Paris' })).to.equal(0);
        expect(await people.deleteMany({ 'profile.city': 'Lyon' })).to.equal(3);
        expect(await idsOf(people, {})).to.deep.equal(['d', 'e']);
      });

      it('deletes one matching document and says whether it did', async () => {
        expect(await people.deleteOne({ 'profile.city': 'Paris' })).to.equal(true);
        expect(await people.count({ 'profile.city': 'Paris' })).to.equal(1);
        expect(await people.deleteOne({ 'profile.city': 'Rome' })).to.equal(false);
        expect(await people.count({})).to.equal(4);
      });

      it('deletes every matching document and returns how many', async () => {
        expect(await people.deleteMany({ age: { $gte: 30 } })).to.equal(3);
        expect(await idsOf(people, {})).to.deep.equal(['a', 'd']);
        expect(await people.deleteMany({ age: { $gte: 30 } })).to.equal(0);
        expect(await people.deleteMany({})).to.equal(2);
        expect(await people.count({})).to.equal(0);
      });
    });

    describe('lifetime', () => {
      it('answers ping while open', async () => {
        await database.ping();
        expect(database.kind).to.be.oneOf(['embedded', 'mongodb']);
      });

      it('keeps inserts, updates and deletes across close and reopen', async () => {
        await people.insertMany(fivePeopleWithVariedFields());
        await people.findOneAndUpdate({ _id: 'b' }, { $set: { joinedAt: new Date('2024-04-04T04:04:04Z') } });
        await people.updateMany({ 'profile.city': 'Paris' }, { $push: { tags: 'parisian' } });
        await people.deleteOne({ _id: 'd' });
        const before = await people.find({}, { sort: { _id: 1 } });
        const reopened = await reopen();
        const after = await reopened.find({}, { sort: { _id: 1 } });
        expect(after).to.deep.equal(before);
        expect(after.find((p) => p._id === 'b')?.joinedAt).to.be.instanceOf(Date);
      });

      it('still enforces unique indexes after a reopen', async () => {
        await people.insertOne(person('p1', { email: 'one@example.org' }));
        const reopened = await reopen();
        await expectCode(() => reopened.insertOne(person('p2', { email: 'one@example.org' })), 'conflict');
      });

      it('refuses to build a unique index over existing duplicates', async () => {
        await people.insertMany([person('p1', { name: 'Twin' }), person('p2', { name: 'Twin' })]);
        await database.close();
        database = await store.open();
        const uniqueNames: CollectionDefinition = {
          name: 'people',
          indexes: [{ fields: { name: 1 }, unique: true, sparse: true }],
        };
        const error = await expectCode(() => database.collection(uniqueNames), 'conflict');
        expect(error.details).to.include({ index: 'name_1' });
      });

      it('rejects every call after close with store_unavailable', async () => {
        await people.insertOne(person('p'));
        await database.close();
        await expectCode(() => people.findOne({ _id: 'p' }), 'store_unavailable');
        await expectCode(() => people.insertOne(person('q')), 'store_unavailable');
        await expectCode(() => database.ping(), 'store_unavailable');
        await expectCode(() => database.collection(peopleDefinition()), 'store_unavailable');
        database = await store.open();
      });

      it('refuses a collection name that is not a plain identifier', async () => {
        await expectCode(() => database.collection({ name: '../escape', indexes: [] }), 'validation_failed');
      });
    });
  });
}
