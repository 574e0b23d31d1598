import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmod, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import Sqlite from 'better-sqlite3';
import { expect } from 'chai';
import { createSqliteDatabase, STORE_FILE } from '../../../../src/adapters/store-sqlite/createSqliteDatabase.js';
import { createPrefilter } from '../../../../src/adapters/store-sqlite/sqlPrefilter.js';
import { AWARDS_COLLECTION } from '../../../../src/app/awards/awardRecord.js';
import { awaitingMail } from '../../../../src/app/mail/awardNotifications.js';
import { claimableMail } from '../../../../src/app/mail/mailQueue.js';
import { MAIL_COLLECTION } from '../../../../src/app/mail/mailRecord.js';
import { projectPath } from '../../../../src/paths.js';
import type { Logger } from '../../../../src/ports/logger.js';
import type { Database, Filter, StoredDocument } from '../../../../src/ports/store.js';
import { expectCode } from '../../../contract/support/rejections.js';
import { useTemporaryDirectory } from '../../../contract/support/temporaryDirectory.js';

function recordingLogger(): { logger: Logger; warnings: string[] } {
  const warnings: string[] = [];
  const ignore = () => undefined;
  const logger = {
    warn: (_fields: unknown, message: string) => warnings.push(message),
    info: ignore,
    error: ignore,
    debug: ignore,
  } as unknown as Logger;
  return { logger, warnings };
}

/** How SQLite reads a page of awards matching `filter` in `_id` order (the store's paged read). */
function pagePlan(dataDir: string, filter: Filter, limit: number): string[] {
  const where = createPrefilter(AWARDS_COLLECTION)(filter);
  const db = new Sqlite(join(dataDir, STORE_FILE), { readonly: true });
  try {
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN SELECT id, doc FROM "awards" WHERE (${where.sql}) ORDER BY id ASC LIMIT ${limit}`)
      .all(...where.params) as { detail: string }[];
    return plan.map((step) => step.detail);
  } finally {
    db.close();
  }
}

const modeOf = async (path: string) => (await stat(path)).mode & 0o777;

/** Starts `count` children that open `dataDir` at the same moment; returns what each printed. */
async function raceForDataDir(dataDir: string, count: number): Promise<string[]> {
  const script = projectPath('test', 'contract', 'support', 'holdDataDir.ts');
  const children = Array.from({ length: count }, () =>
    spawn(process.execPath, ['--import', 'tsx', script, dataDir], { stdio: ['pipe', 'pipe', 'inherit'] }),
  );
  const readers = children.map((child) => createInterface({ input: child.stdout! })[Symbol.asyncIterator]());
  const nextLine = async (reader: AsyncIterator<string>) => (await reader.next()).value as string;
  // Every child has loaded its modules and waits on stdin before any is told to go.
  expect(await Promise.all(readers.map(nextLine))).to.deep.equal(children.map(() => 'ready'));
  for (const child of children) child.stdin!.write('go\n');
  const firstLines = readers.map(nextLine);
  const outcomes = await Promise.all(firstLines);
  for (const child of children) child.stdin!.end();
  await Promise.all(children.map((child) => (child.exitCode === null ? once(child, 'exit') : undefined)));
  return outcomes;
}

describe('the SQLite database', () => {
  const directory = useTemporaryDirectory('accolade-sqlite-');
  let database: Database | undefined;

  afterEach(async () => {
    await database?.close();
    database = undefined;
  });

  it('creates DATA_DIR 0700 with its files 0600: the store, its WAL and the owner lock', async () => {
    const dataDir = join(directory(), 'nested', 'data');
    database = await createSqliteDatabase({ dataDir });
    const people = await database.collection({ name: 'people', indexes: [] });
    await people.insertOne({ _id: 'p' });
    expect(await modeOf(dataDir)).to.equal(0o700);
    const files = (await readdir(dataDir)).sort();
    expect(files).to.include.members([STORE_FILE, `${STORE_FILE}-wal`, `${STORE_FILE}-shm`, 'owner.sqlite']);
    for (const file of files) expect(await modeOf(join(dataDir, file)), file).to.equal(0o600);
  });

  it('tightens a DATA_DIR and a store file found more open, with a warning, and starts', async () => {
    const dataDir = directory();
    await (await createSqliteDatabase({ dataDir })).close();
    await chmod(dataDir, 0o755);
    await chmod(join(dataDir, STORE_FILE), 0o644);
    const { logger, warnings } = recordingLogger();
    database = await createSqliteDatabase({ dataDir, logger });
    await database.ping();
    expect(await modeOf(dataDir)).to.equal(0o700);
    expect(await modeOf(join(dataDir, STORE_FILE))).to.equal(0o600);
    expect(warnings.filter((warning) => warning.includes('tightened'))).to.have.length(2);
  });

  it('refuses a second open of a DATA_DIR this process already owns, and allows it once closed', async () => {
    const dataDir = directory();
    database = await createSqliteDatabase({ dataDir });
    const refused = await expectCode(() => createSqliteDatabase({ dataDir }), 'store_unavailable');
    expect(refused.message).to.include('in use by another');
    await database.close();
    database = await createSqliteDatabase({ dataDir });
    await database.ping();
  });

  it('lets exactly one of two processes started at the same moment own a DATA_DIR, every time', async function () {
    this.timeout(120_000);
    for (let round = 0; round < 10; round += 1) {
      const dataDir = join(directory(), `round-${round}`);
      const outcomes = await raceForDataDir(dataDir, 2);
      expect(outcomes.sort(), `round ${round}`).to.deep.equal(['owner', 'refused store_unavailable']);
    }
  });

  it('refuses a DATA_DIR in the old nedb format and names the import command', async () => {
    const dataDir = directory();
    await writeFile(join(dataDir, 'awards.db'), '{"_id":"a"}\n');
    const error = await expectCode(() => createSqliteDatabase({ dataDir }), 'store_unavailable');
    expect(error.message).to.include(`npm run store:import -- ${dataDir}`);
    expect(await readdir(dataDir)).to.not.include(STORE_FILE);
  });

  it('answers the lookups the service makes on awards from an index, never a scan of the table', async () => {
    const dataDir = directory();
    database = await createSqliteDatabase({ dataDir });
    await database.collection(AWARDS_COLLECTION);
    await database.close();
    database = undefined;
    const prefilter = createPrefilter(AWARDS_COLLECTION);
    const db = new Sqlite(join(dataDir, STORE_FILE), { readonly: true });
    try {
      const lookups: Filter[] = [
        { _id: 'a' },
        { dedupeKey: 'k' },
        { externalId: 'x' },
        { idempotencyKey: 'i' },
        { recipientEmail: 'r@example.org' },
        { recipientEmail: 'r@example.org', _id: { $gt: 'a' }, status: { $in: ['issued', 'claimed'] } },
        { achievementId: 'AZ-104', status: 'issued' },
      ];
      for (const filter of lookups) {
        const where = prefilter(filter);
        const plan = db
          .prepare(`EXPLAIN QUERY PLAN SELECT doc FROM "awards" WHERE ${where.sql}`)
          .all(...where.params) as { detail: string }[];
        const details = plan.map((step) => step.detail);
        expect(details, JSON.stringify(filter)).to.have.length(1);
        expect(details[0], JSON.stringify(filter)).to.match(/^SEARCH awards USING INDEX /);
      }
    } finally {
      db.close();
    }
  });

  it('pages through the pending awards due a reminder in _id order from one index, sorting nothing', async () => {
    const dataDir = directory();
    database = await createSqliteDatabase({ dataDir });
    const awards = await database.collection<StoredDocument & { status: string }>(AWARDS_COLLECTION);
    const ids = Array.from({ length: 40 }, (_, i) => `a${String(i).padStart(2, '0')}`);
    await awards.insertMany(
      ids.map(
        (id, i) =>
          ({
            _id: id,
            status: i % 4 === 0 ? 'accepted' : 'pending',
            dedupeKey: id,
            issuedOn: i % 3 === 0 ? '2024-06-02T00:00:00Z' : '2024-05-31T00:00:00.500Z',
            ...(i % 5 === 0 ? { reminded: 1 } : {}),
          }) as never,
      ),
    );
    const filter = (after: string) => ({
      status: 'pending',
      reminded: null,
      issuedOn: { $lte: '2024-06-01T00:00:00Z' },
      _id: { $gt: after },
    });
    const due = ids.filter((_, i) => i % 4 !== 0 && i % 3 !== 0 && i % 5 !== 0);
    expect(due.length).to.be.greaterThan(7);
    const read: string[] = [];
    for (let after = ''; ; ) {
      const page = await awards.find(filter(after), { sort: { _id: 1 }, limit: 7 });
      if (page.length === 0) break;
      read.push(...page.map((award) => award._id));
      after = page.at(-1)!._id;
    }
    expect(read).to.deep.equal(due);
    await database.close();
    database = undefined;
    const where = createPrefilter(AWARDS_COLLECTION)(filter('a05'));
    const db = new Sqlite(join(dataDir, STORE_FILE), { readonly: true });
    try {
      const plan = db
        .prepare(`EXPLAIN QUERY PLAN SELECT id, doc FROM "awards" WHERE (${where.sql}) ORDER BY id ASC LIMIT 7`)
        .all(...where.params) as { detail: string }[];
      // No "USE TEMP B-TREE FOR ORDER BY": the index on (status, reminded, _id, issuedOn) gives
      // the rows in order, and tells those issued too late from its entries.
      expect(plan.map((step) => step.detail)).to.deep.equal([
        'SEARCH awards USING INDEX awards.status_1_reminded_1__id_1_issuedOn_1 (<expr>=? AND <expr>=? AND id>?)',
      ]);
    } finally {
      db.close();
    }
  });

  it("pages through the awards whose email may be missing (the start's sweep) in _id order from one index, sorting nothing", async () => {
    const dataDir = directory();
    database = await createSqliteDatabase({ dataDir });
    const awards = await database.collection<StoredDocument>(AWARDS_COLLECTION);
    const ids = Array.from({ length: 300 }, (_, i) => `a${String(i).padStart(3, '0')}`);
    await awards.insertMany(
      ids.map((id, i) => ({ _id: id, dedupeKey: id, notification: i % 10 === 0 ? 'queued' : 'sent' }) as never),
    );
    await database.close();
    database = undefined;
    // No "USE TEMP B-TREE FOR ORDER BY": on the notification alone, each page sorted every
    // award still queued (25,000 after a burst of issuance made a start take seconds).
    expect(pagePlan(dataDir, awaitingMail('a050'), 500)).to.deep.equal([
      'SEARCH awards USING INDEX awards.notification_1__id_1 (<expr>=? AND id>?)',
    ]);
  });

  it('claims outgoing mail from an index, never a scan of every message ever sent', async () => {
    const dataDir = directory();
    database = await createSqliteDatabase({ dataDir });
    await database.collection(MAIL_COLLECTION);
    await database.close();
    database = undefined;
    const prefilter = createPrefilter(MAIL_COLLECTION);
    const db = new Sqlite(join(dataDir, STORE_FILE), { readonly: true });
    try {
      for (const filter of claimableMail('2026-12-07T09:00:00.000Z')) {
        const where = prefilter(filter);
        const plan = db
          .prepare(`EXPLAIN QUERY PLAN SELECT doc FROM "mail" WHERE ${where.sql}`)
          .all(...where.params) as { detail: string }[];
        const details = plan.map((step) => step.detail);
        expect(details, JSON.stringify(filter)).to.have.length(1);
        expect(details[0], JSON.stringify(filter)).to.match(/^SEARCH mail USING INDEX /);
      }
    } finally {
      db.close();
    }
  });

  it('refuses an array in an indexed field, which one index key per document cannot hold', async () => {
    database = await createSqliteDatabase({ dataDir: directory() });
    const people = await database.collection({ name: 'people', indexes: [{ fields: { 'profile.city': 1 } }] });
    await expectCode(() => people.insertOne({ _id: 'p', profile: { city: ['Paris'] } } as never), 'validation_failed');
    await people.insertOne({ _id: 'q', profile: { city: 'Lyon' } } as never);
    await expectCode(
      () => people.findOneAndUpdate({ _id: 'q' }, { $push: { 'profile.city': 'x' } }),
      'validation_failed',
    );
    expect(await people.count({})).to.equal(1);
  });

  it('pages through rows in _id order when the filter keeps few of them, in both directions', async () => {
    database = await createSqliteDatabase({ dataDir: directory() });
    const items = await database.collection<{ _id: string; n: number }>({ name: 'items', indexes: [] });
    await items.insertMany(Array.from({ length: 500 }, (_, n) => ({ _id: `i${String(n).padStart(3, '0')}`, n })));
    const tens = Array.from({ length: 50 }, (_, k) => `i${String(k * 10).padStart(3, '0')}`);
    const filter = { n: { $in: Array.from({ length: 50 }, (_, k) => k * 10) } };
    const ascending = await items.find(filter, { sort: { _id: 1 }, skip: 2, limit: 30 });
    expect(ascending.map((item) => item._id)).to.deep.equal(tens.slice(2, 32));
    const descending = await items.find(filter, { sort: { _id: -1 }, limit: 45 });
    expect(descending.map((item) => item._id)).to.deep.equal(tens.slice().reverse().slice(0, 45));
  });

  it('lists the distinct texts of an indexed field in code point order, a page at a time', async () => {
    database = await createSqliteDatabase({ dataDir: directory() });
    const rows = await database.collection<StoredDocument & { email?: unknown; note?: string }>({
      name: 'rows',
      indexes: [{ fields: { email: 1 } }],
    });
    await rows.insertMany([
      { _id: 'a', email: 'b@x' },
      { _id: 'b', email: 'a@x' },
      { _id: 'c', email: 'b@x' },
      { _id: 'd', email: '' },
      { _id: 'e', email: 7 },
      { _id: 'f', email: null },
      { _id: 'g', note: 'no email' },
      { _id: 'h', email: '😀@x' },
      { _id: 'i', email: '\uff21@x' },
    ]);
    expect(await rows.distinctTexts!('email', 10)).to.deep.equal(['', 'a@x', 'b@x', '\uff21@x', '😀@x']);
    expect(await rows.distinctTexts!('email', 2)).to.deep.equal(['', 'a@x']);
    expect(await rows.distinctTexts!('email', 2, 'a@x')).to.deep.equal(['b@x', '\uff21@x']);
    expect(await rows.distinctTexts!('email', 2, '😀@x')).to.deep.equal([]);
    expect(await rows.distinctTexts!('_id', 3, 'f')).to.deep.equal(['g', 'h', 'i']);
    await expectCode(() => rows.distinctTexts!('note', 10), 'validation_failed');
  });

  it('commits the writes of one turn together, rolling back only the one a unique index refuses', async () => {
    database = await createSqliteDatabase({ dataDir: directory() });
    const items = await database.collection<{ _id: string; key: string }>({
      name: 'items',
      indexes: [{ fields: { key: 1 }, unique: true }],
    });
    const writes = Array.from({ length: 20 }, (_, n) =>
      items.insertOne({ _id: `i${n}`, key: n === 7 ? 'k3' : `k${n}` }),
    );
    const outcomes = await Promise.allSettled(writes);
    const refused = outcomes.flatMap((outcome, n) => (outcome.status === 'rejected' ? [[n, outcome.reason.code]] : []));
    expect(refused).to.deep.equal([[7, 'conflict']]);
    expect(await items.count({})).to.equal(19);
  });
  it('finds one document by an indexed text from the first row, and reads on when that row only looks like it', async () => {
    database = await createSqliteDatabase({ dataDir: directory() });
    const people = await database.collection<{ _id: string; email: unknown }>({
      name: 'people',
      indexes: [{ fields: { email: 1 } }],
    });
    // The index key of a document-valued field is its JSON text: the first row SQLite finds for
    // that text is not a match, the second is.
    await people.insertOne({ _id: 'a', email: { at: 'x' } });
    await people.insertOne({ _id: 'b', email: '{"at":"x"}' });
    await people.insertOne({ _id: 'c', email: 'c@example.org' });
    expect((await people.findOne({ email: '{"at":"x"}' }))?._id).to.equal('b');
    expect((await people.findOne({ email: 'c@example.org' }))?._id).to.equal('c');
    expect(await people.findOne({ email: 'nobody@example.org' })).to.equal(null);
    expect((await people.findOne({ _id: 'a' }))?.email).to.deep.equal({ at: 'x' });
    const where = createPrefilter({ name: 'people', indexes: [{ fields: { email: 1 } }] });
    expect(where({ email: 'c@example.org' }).exact).to.equal(true);
    expect(where({ _id: 'c' }).exact).to.equal(true);
    expect(where({ email: 1 }).exact).to.equal(false);
    expect(where({ email: 'c@example.org', _id: 'c' }).exact).to.equal(false);
    expect(where({ name: 'c' }).exact).to.equal(false);
  });

  it('stores what a document held when it was inserted, whatever the caller changes afterwards', async () => {
    database = await createSqliteDatabase({ dataDir: directory() });
    const items = await database.collection<{ _id: string; tags: string[]; at?: Date; gone?: undefined }>({
      name: 'items',
      indexes: [],
    });
    const item = { _id: 'i', tags: ['a'], at: new Date('2030-01-02T03:04:05.000Z'), gone: undefined };
    const written = items.insertOne(item);
    item.tags.push('b');
    item.at.setUTCFullYear(2040);
    await written;
    const stored = await items.findOne({ _id: 'i' });
    expect(stored).to.deep.equal({ _id: 'i', tags: ['a'], at: new Date('2030-01-02T03:04:05.000Z') });
    expect(stored?.at).to.be.instanceOf(Date);
  });
});
