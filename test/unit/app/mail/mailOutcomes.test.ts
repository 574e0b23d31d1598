import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { createSqliteDatabase } from '../../../../src/adapters/store-sqlite/createSqliteDatabase.js';
import { createMailQueue } from '../../../../src/app/mail/mailQueue.js';
import { MAIL_COLLECTION, type MailRecord } from '../../../../src/app/mail/mailRecord.js';
import { fixedClock } from '../../../../src/ports/clock.js';
import { silentLogger } from '../../../../src/ports/logger.js';
import type { Mailer, SendOutcome } from '../../../../src/ports/mailer.js';
import type { Collection, Database } from '../../../../src/ports/store.js';

const NOW = '2024-06-01T12:00:00Z';

/** Resolves after `turns` turns of the event loop. */
async function turns(count: number): Promise<void> {
  for (let i = 0; i < count; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

describe('the mail queue writes the outcomes of senders finishing close together at once', () => {
  let dataDir: string;
  let database: Database;
  let collection: Collection<MailRecord>;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'accolade-mail-outcomes-'));
    database = await createSqliteDatabase({ dataDir });
    collection = await database.collection<MailRecord>(MAIL_COLLECTION);
  });
  afterEach(async () => {
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** The queue over the store, sending through `mailer`, its marks (store writes) counted. */
  function queueOver(mailer: Mailer) {
    const marks: number[] = [];
    const counted: Collection<MailRecord> = {
      ...collection,
      updateMany: async (filter, update) => {
        const ids = (filter as { _id?: { $in?: unknown[] } })._id?.$in;
        if (ids !== undefined) marks.push(ids.length);
        return collection.updateMany(filter, update);
      },
    };
    const queue = createMailQueue({
      collection: counted,
      mailer,
      compose: async () => ({ subject: 'Hello', text: 'Hello', html: '<p>Hello</p>' }),
      clock: fixedClock(NOW),
      logger: silentLogger,
      messageIdDomain: 'example.org',
      exclusive: true,
      concurrency: 5,
    });
    return { queue, marks };
  }

  const requests = (count: number) =>
    Array.from({ length: count }, (_, n) => ({
      key: `m${n}`,
      template: 'signIn' as const,
      lang: 'en' as const,
      to: `m${n}@example.org`,
    }));

  it('marks four messages whose sends end a turn apart in one write', async () => {
    let started = 0;
    const mailer: Mailer = {
      kind: 'smtp',
      async send() {
        // The n-th send ends n turns after it started: one turn apart, each alone in its turn, the
        // last a turn before the queue's limit of four, so that one more turn taken elsewhere in
        // the queue's path does not change the outcome.
        await turns(started++);
        return { ok: true };
      },
      close: async () => undefined,
    };
    const { queue, marks } = queueOver(mailer);
    await queue.enqueueMany(requests(4));
    await queue.kick();
    await queue.close();
    expect(await collection.count({ status: 'sent' })).to.equal(4);
    // Written as each turn ended, they were several writes.
    expect(marks).to.deep.equal([4]);
  });

  it('does not hold a sender’s mark for one whose send does not end: it is written a few turns later', async () => {
    let release!: (outcome: SendOutcome) => void;
    const stuck = new Promise<SendOutcome>((resolve) => {
      release = resolve;
    });
    const mailer: Mailer = {
      kind: 'smtp',
      send: async (message) => (message.to === 'm1@example.org' ? stuck : { ok: true }),
      close: async () => undefined,
    };
    const { queue, marks } = queueOver(mailer);
    await queue.enqueueMany(requests(2));
    const running = queue.kick();
    // The first message's mark is written while the second's send is still going.
    let sent: MailRecord | null = null;
    for (let turn = 0; turn < 50 && sent?.status !== 'sent'; turn++) {
      await turns(1);
      sent = await collection.findOne({ _id: 'm0' });
    }
    expect(sent?.status).to.equal('sent');
    expect((await collection.findOne({ _id: 'm1' }))?.status).to.equal('sending');
    release({ ok: true });
    await running;
    await queue.close();
    expect(marks).to.deep.equal([1, 1]);
    expect(await collection.count({ status: 'sent' })).to.equal(2);
  });
});
