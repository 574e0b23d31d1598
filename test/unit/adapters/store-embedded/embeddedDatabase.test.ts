import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import { createEmbeddedDatabase } from '../../../../src/adapters/store-embedded/createEmbeddedDatabase.js';
import type { CollectionDefinition, Database, StoredDocument } from '../../../../src/ports/store.js';
import { expectCode } from '../../../contract/support/rejections.js';
import { useTemporaryDirectory } from '../../../contract/support/temporaryDirectory.js';

interface Member extends StoredDocument {
  readonly _id: string;
  readonly email?: string;
  readonly visits?: number;
}

function membersDefinition(unique = true): CollectionDefinition {
  return { name: 'members', indexes: [{ fields: { email: 1 }, unique, sparse: true }] };
}

/** The lines nedb writes for documents a and b, as a file it compacted would hold them. */
function twoMemberLines(): string {
  return '{"_id":"a","email":"a@example.org"}\n{"_id":"b","email":"b@example.org"}\n';
}

describe('the embedded database', () => {
  const directory = useTemporaryDirectory('accolade-embedded-');
  let dataDir: string;
  let database: Database | undefined;

  async function open(options: { compactionIntervalMs?: number } = {}): Promise<Database> {
    database = await createEmbeddedDatabase({ dataDir, ...options });
    return database;
  }

  async function memberIds(db: Database): Promise<string[]> {
    const members = await db.collection<Member>(membersDefinition());
    return (await members.find({}, { sort: { _id: 1 } })).map((member) => member._id);
  }

  beforeEach(() => {
    dataDir = join(directory(), 'nested', 'data');
  });

  afterEach(async () => {
    await database?.close();
    database = undefined;
  });

  it('creates the data directory and keeps one file per collection in it', async () => {
    const db = await open();
    expect(db.kind).to.equal('embedded');
    await db.collection(membersDefinition());
    await db.collection({ name: 'awards', indexes: [] });
    expect((await readdir(dataDir)).sort()).to.deep.equal(['.lock', 'awards.db', 'members.db']);
  });

  it('loads a file whose last line a crash cut short, without that line', async () => {
    await mkdir(dataDir, { recursive: true });
    await writeFile(join(dataDir, 'members.db'), `${twoMemberLines()}{"_id":"c","ema`);
    expect(await memberIds(await open())).to.deep.equal(['a', 'b']);
  });

  it('refuses to load a file with a damaged line before the end, and leaves the file as it was', async () => {
    await mkdir(dataDir, { recursive: true });
    const damaged = `{"_id":"a"}\n{"_id":"b",,}\n{"_id":"c"}\n`;
    await writeFile(join(dataDir, 'members.db'), damaged);
    const db = await open();
    const error = await expectCode(() => db.collection(membersDefinition()), 'store_unavailable');
    expect(error.details).to.include({ collection: 'members' });
    expect(await readFile(join(dataDir, 'members.db'), 'utf8')).to.equal(damaged);
  });

  it('loads the complete file when a crash during compaction left a partial temporary file', async () => {
    await mkdir(dataDir, { recursive: true });
    await writeFile(join(dataDir, 'members.db'), twoMemberLines());
    await writeFile(join(dataDir, 'members.db~'), '{"_id":"a","email":"a@exa');
    expect(await memberIds(await open())).to.deep.equal(['a', 'b']);
    expect(await readdir(dataDir)).to.not.include('members.db~');
  });

  it('loads the temporary copy when the data file is missing but the copy was completed', async () => {
    await mkdir(dataDir, { recursive: true });
    await writeFile(join(dataDir, 'members.db~'), twoMemberLines());
    expect(await memberIds(await open())).to.deep.equal(['a', 'b']);
  });

  it('stops serving a collection whose file could not be written, as memory may be ahead of it', async () => {
    const db = await open();
    const members = await db.collection<Member>(membersDefinition());
    await members.insertOne({ _id: 'a' });
    await rm(join(dataDir, 'members.db'));
    await mkdir(join(dataDir, 'members.db'));
    await expectCode(() => members.insertOne({ _id: 'b' }), 'store_unavailable');
    await expectCode(() => members.findOne({ _id: 'b' }), 'store_unavailable');
    await expectCode(() => members.count({}), 'store_unavailable');
    await expectCode(() => db.ping(), 'store_unavailable');
  });

  it('applies a changed index definition at the next start', async () => {
    let members = await (await open()).collection<Member>(membersDefinition(true));
    await members.insertOne({ _id: 'a', email: 'same@example.org' });
    await expectCode(() => members.insertOne({ _id: 'b', email: 'same@example.org' }), 'conflict');
    await database!.close();
    members = await (await open()).collection<Member>(membersDefinition(false));
    await members.insertOne({ _id: 'b', email: 'same@example.org' });
    expect(await members.count({ email: 'same@example.org' })).to.equal(2);
  });

  it('refuses to open one collection twice with different indexes', async () => {
    const db = await open();
    const first = await db.collection(membersDefinition(true));
    expect(await db.collection(membersDefinition(true))).to.equal(first);
    await expectCode(() => db.collection(membersDefinition(false)), 'validation_failed');
  });

  it('compacts the append-only file periodically', async () => {
    const db = await open({ compactionIntervalMs: 20 });
    const members = await db.collection<Member>(membersDefinition());
    await members.insertOne({ _id: 'a', visits: 0 });
    for (let i = 0; i < 50; i += 1) await members.findOneAndUpdate({ _id: 'a' }, { $inc: { visits: 1 } });
    await sleep(150);
    const lines = (await readFile(join(dataDir, 'members.db'), 'utf8')).split('\n').filter(Boolean);
    expect(lines.filter((line) => line.includes('"_id":"a"'))).to.deep.equal(['{"_id":"a","visits":50}']);
  });

  it('refuses to open a data directory that another live process holds', async () => {
    await mkdir(dataDir, { recursive: true });
    await writeFile(join(dataDir, '.lock'), `${process.ppid}\n`);
    await expectCode(() => open(), 'store_unavailable');
  });

  it('fails ping once another process has taken the lock', async () => {
    const db = await open();
    await db.ping();
    await writeFile(join(dataDir, '.lock'), `${process.ppid}\n`);
    await expectCode(() => db.ping(), 'store_unavailable');
  });

  it('lets writes queued before close finish, then releases the lock', async () => {
    const db = await open();
    const members = await db.collection<Member>(membersDefinition());
    const writes = Array.from({ length: 20 }, (_, i) => members.insertOne({ _id: `m${i}` }));
    await db.close();
    await Promise.all(writes);
    database = undefined;
    expect(await readdir(dataDir)).to.not.include('.lock');
    expect(await memberIds(await open())).to.have.length(20);
  });
});
