import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { createSmtpMailer } from '../../../../src/adapters/mail-smtp/smtpMailer.js';
import { createSqliteDatabase } from '../../../../src/adapters/store-sqlite/createSqliteDatabase.js';
import { AWARDS_COLLECTION, type AwardRecord } from '../../../../src/app/awards/awardRecord.js';
import { ACCOUNTS_COLLECTION, type AccountRecord } from '../../../../src/app/candidates/accounts.js';
import { createMailQueue, type MailQueue } from '../../../../src/app/mail/mailQueue.js';
import { MAIL_COLLECTION, type MailRecord } from '../../../../src/app/mail/mailRecord.js';
import { createJobLeases, LEASES_COLLECTION, type LeaseRecord } from '../../../../src/app/reminders/jobLease.js';
import {
  createReminderJob,
  REMINDER_LEASE,
  type ReminderJob,
  reminderMailKey,
} from '../../../../src/app/reminders/reminderJob.js';
import { parseReminderSchedule } from '../../../../src/app/reminders/reminderSchedule.js';
import { fixedClock } from '../../../../src/ports/clock.js';
import { silentLogger } from '../../../../src/ports/logger.js';
import type { Collection, Database } from '../../../../src/ports/store.js';
import { type SmtpSink, startSmtpSink } from '../../../support/smtpSink.js';

const ISSUED = '2024-06-01T12:00:00Z';
const DAY = 86_400_000;
const LEASE_MS = 60_000;

function award(id: string, status: AwardRecord['status'] = 'pending', issuedOn = ISSUED): AwardRecord {
  return {
    _id: id,
    recipientEmail: `${id}@example.org`,
    recipientLocale: 'en',
    status,
    issuedOn,
    notification: 'sent',
    dedupeKey: id,
  } as unknown as AwardRecord;
}

/** The job over a real SQLite store and a real mail queue sending to a real SMTP server. */
describe('the reminder job over the store', () => {
  let dataDir: string;
  let database: Database;
  let sink: SmtpSink;
  let awards: Collection<AwardRecord>;
  let mail: Collection<MailRecord>;
  let accounts: Collection<AccountRecord>;
  let leaseCollection: Collection<LeaseRecord>;
  const clock = fixedClock(ISSUED);
  const closers: Array<() => Promise<void>> = [];

  beforeEach(async () => {
    clock.set(ISSUED);
    dataDir = mkdtempSync(join(tmpdir(), 'accolade-reminders-'));
    database = await createSqliteDatabase({ dataDir });
    sink = await startSmtpSink();
    awards = await database.collection<AwardRecord>(AWARDS_COLLECTION);
    mail = await database.collection<MailRecord>(MAIL_COLLECTION);
    accounts = await database.collection<AccountRecord>(ACCOUNTS_COLLECTION);
    leaseCollection = await database.collection<LeaseRecord>(LEASES_COLLECTION);
  });
  afterEach(async () => {
    settlers.clear();
    for (const close of closers.splice(0).reverse()) await close();
    await database.close();
    await sink.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** A mail queue as the service builds it: composing checks the award is still pending. */
  function queue(
    options: {
      exclusive?: boolean;
      concurrency?: number;
      mailOf?: Collection<MailRecord>;
      settledOn?: Collection<AwardRecord>;
    } = {},
  ): MailQueue {
    const smtp = createSmtpMailer({ url: sink.url, from: 'badges@example.org' });
    let fallback: ReminderJob | undefined;
    const built = createMailQueue({
      collection: options.mailOf ?? mail,
      mailer: smtp,
      compose: async (record) => {
        const current = await awards.findOne({ _id: record.awardId });
        return current?.status === 'pending'
          ? { subject: 'Reminder', text: 'Still waiting', html: '<p>Still waiting</p>' }
          : null;
      },
      clock,
      logger: silentLogger,
      exclusive: options.exclusive ?? true,
      messageIdDomain: 'example.org',
      leaseMs: LEASE_MS,
      ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
      // As in the service, the job that runs over this queue hears every outcome (a run writes
      // the awards of its own messages); before any, one that does not run.
      onSettled: (message) => {
        fallback ??= jobOver(undefined, { awardsOf: options.settledOn ?? awards });
        const settler = settlers.get(built) ?? fallback;
        return settler.settled(message);
      },
    });
    closers.push(async () => {
      await built.close();
      await smtp.close();
    });
    return built;
  }

  /** The job each queue reports its outcomes to: the first built over it. */
  const settlers = new Map<object, ReminderJob>();

  function jobOver(
    mailQueue: Pick<MailQueue, 'enqueueMany' | 'kick' | 'events'> | undefined,
    options: { batchSize?: number; awardsOf?: Collection<AwardRecord> } = {},
  ): ReminderJob {
    const job = createReminderJob({
      awards: options.awardsOf ?? awards,
      accounts,
      mail,
      queue: () => {
        if (mailQueue === undefined) throw new Error('this job only hears outcomes');
        return mailQueue;
      },
      leases: createJobLeases({ collection: leaseCollection, clock }),
      schedule: parseReminderSchedule('P3D,P10D,P30D,P90D'),
      clock,
      logger: silentLogger,
      leaseMs: LEASE_MS,
      ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
    });
    if (mailQueue !== undefined && !settlers.has(mailQueue)) settlers.set(mailQueue, job);
    return job;
  }

  it('reminds only pending awards: accepted, declined and revoked ones get none', async () => {
    await awards.insertMany([award('a1'), award('a2', 'accepted'), award('a3', 'declined'), award('a4', 'revoked')]);
    clock.advance(3 * DAY);
    expect(await jobOver(queue()).run()).to.deep.equal({ due: 1, sent: 1, failed: 0, skipped: 0, retrying: 0 });
    expect(sink.received.map((received) => received.to)).to.deep.equal([['a1@example.org']]);
  });

  it('a crash between recording a reminder and sending it neither sends it twice nor skips it', async () => {
    await awards.insertOne(award('a1'));
    clock.advance(3 * DAY);
    // The first process records the message, then dies before sending it or marking the award.
    const dying = queue({ concurrency: 0 });
    const crashed = jobOver({
      enqueueMany: async (requests) => {
        await dying.enqueueMany(requests);
        throw new Error('process killed');
      },
      kick: () => dying.kick(),
      events: dying.events,
    });
    let failure: unknown;
    await crashed.run().catch((error: unknown) => {
      failure = error;
    });
    expect(String(failure)).to.match(/process killed/);
    expect((await mail.findOne({ _id: reminderMailKey('a1', 1) }))?.status).to.equal('sending');
    expect((await awards.findOne({ _id: 'a1' }))?.reminded).to.equal(undefined);
    expect(sink.received).to.have.length(0);

    // The next start sends what was recorded and writes the award; the next run has nothing to do.
    const restarted = queue();
    await restarted.start();
    await restarted.kick();
    expect(sink.received).to.have.length(1);
    expect(await jobOver(restarted).run()).to.deep.equal({ due: 0, sent: 0, failed: 0, skipped: 0, retrying: 0 });
    expect(sink.received).to.have.length(1);
    expect(sink.received[0]!.parsed.messageId).to.equal(`<${reminderMailKey('a1', 1)}@example.org>`);
    const stored = await awards.findOne({ _id: 'a1' });
    expect(stored?.reminded).to.equal(1);
    expect(stored?.reminders).to.deep.equal([{ n: 1, sentAt: clock.now().toISOString() }]);
  });

  it('a crash after recording a batch, before sending it, neither doubles nor skips any of it', async () => {
    const ids = Array.from({ length: 12 }, (_, i) => `b${String(i).padStart(2, '0')}`);
    await awards.insertMany(ids.map((id) => award(id)));
    clock.advance(3 * DAY);
    // Batches of 5: the first two are recorded, then the process dies before sending any.
    const dying = queue({ concurrency: 0 });
    let batches = 0;
    const crashed = jobOver(
      {
        enqueueMany: async (requests) => {
          const known = await dying.enqueueMany(requests);
          if (++batches === 2) throw new Error('process killed');
          return known;
        },
        kick: async () => undefined,
        events: dying.events,
      },
      { batchSize: 5 },
    );
    expect(String(await crashed.run().catch((error: unknown) => error))).to.match(/process killed/);
    const recorded = await mail.find({ status: 'sending' });
    expect(recorded.map((message) => message._id).sort()).to.deep.equal(
      ids.slice(0, 10).map((id) => reminderMailKey(id, 1)),
    );
    // An award is written once its reminder is over: none yet.
    expect(await awards.find({ reminded: 1 })).to.have.length(0);

    // The restart sends the ten recorded; the next run records and sends the last two, once each.
    const restarted = queue();
    await restarted.start();
    await restarted.kick();
    expect(sink.received).to.have.length(10);
    expect(await awards.find({ reminded: 1 })).to.have.length(10);
    expect(await jobOver(restarted, { batchSize: 5 }).run()).to.deep.equal({
      due: 2,
      sent: 2,
      failed: 0,
      skipped: 0,
      retrying: 0,
    });
    expect(await jobOver(restarted, { batchSize: 5 }).run()).to.deep.equal({
      due: 0,
      sent: 0,
      failed: 0,
      skipped: 0,
      retrying: 0,
    });
    const messageIds = sink.received.map((received) => received.parsed.messageId);
    expect(messageIds).to.have.length(12);
    expect(new Set(messageIds).size).to.equal(12);
    for (const stored of await awards.find({})) {
      expect(stored.reminded, stored._id).to.equal(1);
      expect(stored.reminders, stored._id).to.deep.equal([{ n: 1, sentAt: clock.now().toISOString() }]);
    }
  });

  it('two runners on one store: one runs, the other stands aside, and every reminder goes once', async () => {
    await awards.insertMany(Array.from({ length: 20 }, (_, i) => award(`a${String(i).padStart(2, '0')}`)));
    clock.advance(3 * DAY);
    const first = jobOver(queue({ exclusive: false }));
    const second = jobOver(queue({ exclusive: false }));
    const runs = await Promise.all([first.run(), second.run()]);
    expect(runs.filter((run) => run === null)).to.have.length(1);
    expect(runs.find((run) => run !== null)).to.deep.equal({ due: 20, sent: 20, failed: 0, skipped: 0, retrying: 0 });
    expect(await second.run()).to.deep.equal({ due: 0, sent: 0, failed: 0, skipped: 0, retrying: 0 });
    expect(new Set(sink.received.map((received) => received.parsed.messageId)).size).to.equal(20);
    expect(sink.received).to.have.length(20);
  });

  it('a run that outlives its lease and the run started after it each finish with their own counts', async () => {
    await awards.insertMany(['a1', 'a2', 'a3'].map((id) => award(id)));
    clock.advance(3 * DAY);
    const real = queue();
    // Each call to enqueueMany says it has come, then waits until the test opens its gate.
    const gates = [0, 1].map(() => {
      const gate = { came: () => {}, open: () => {}, reached: Promise.resolve(), opened: Promise.resolve() };
      gate.reached = new Promise<void>((resolve) => (gate.came = resolve));
      gate.opened = new Promise<void>((resolve) => (gate.open = resolve));
      return gate;
    });
    let calls = 0;
    const gated: Pick<MailQueue, 'enqueueMany' | 'kick' | 'events'> = {
      events: real.events,
      kick: () => real.kick(),
      enqueueMany: async (requests) => {
        const gate = gates[calls++]!;
        gate.came();
        await gate.opened;
        return real.enqueueMany(requests);
      },
    };
    const job = jobOver(gated);
    settlers.set(real, job);
    const first = job.run();
    await gates[0]!.reached;
    clock.advance(LEASE_MS);
    const second = job.run();
    await gates[1]!.reached;
    gates[0]!.open();
    const nothing = { due: 0, sent: 0, failed: 0, skipped: 0, retrying: 0 };
    expect(await first, 'the first run sent them, then found its lease taken').to.deep.equal({
      ...nothing,
      due: 3,
      sent: 3,
    });
    gates[1]!.open();
    expect(await second, 'the second found them recorded already').to.deep.equal(nothing);
    expect(sink.received).to.have.length(3);
    for (const stored of await awards.find({})) expect(stored.reminded, stored._id).to.equal(1);
    expect(await job.run(), 'the lease was released').to.deep.equal(nothing);
  });

  it('a crashed holder’s lease lapses: the job runs again once it has run out', async () => {
    await awards.insertOne(award('a1'));
    clock.advance(3 * DAY);
    const held = await createJobLeases({ collection: leaseCollection, clock }).take(REMINDER_LEASE, LEASE_MS);
    expect(held).not.to.equal(null);
    const job = jobOver(queue());
    expect(await job.run()).to.equal(null);
    clock.advance(LEASE_MS - 1);
    expect(await job.run()).to.equal(null);
    clock.advance(1);
    expect(await job.run()).to.deep.equal({ due: 1, sent: 1, failed: 0, skipped: 0, retrying: 0 });
    expect(await held!.renew(), 'the stale holder knows it lost the lease').to.equal(false);
  });

  it('skips recipients who opted out, and reads only the awards due, in batches of the size given', async () => {
    const many = Array.from({ length: 250 }, (_, i) =>
      award(`a${String(i).padStart(3, '0')}`, 'pending', i % 5 === 0 ? ISSUED : '2024-06-04T00:00:00Z'),
    );
    await awards.insertMany(many);
    await accounts.insertOne({
      _id: 'acc',
      email: 'a000@example.org',
      createdAt: ISSUED,
      autoAccept: false,
      reminders: false,
      profilePublic: false,
    });
    const reads: number[] = [];
    const counted: Collection<AwardRecord> = {
      ...awards,
      find: async (filter, options) => {
        const found = await awards.find(filter, options);
        reads.push(found.length);
        return found;
      },
    };
    clock.set('2024-06-04T12:00:00Z');
    expect(await jobOver(queue(), { batchSize: 40, awardsOf: counted }).run()).to.deep.equal({
      due: 50,
      sent: 49,
      failed: 0,
      skipped: 1,
      retrying: 0,
    });
    expect(Math.max(...reads)).to.equal(40);
    // The 200 issued later, not due, are never read.
    expect(reads.reduce((sum, read) => sum + read, 0)).to.equal(50);
    expect(sink.received).to.have.length(49);
  });

  it('reads only the awards due: not those waiting for their next reminder nor those past the last', async () => {
    const daysBefore = (days: number) => new Date(Date.parse(ISSUED) - days * DAY).toISOString();
    const stage = (id: string, issuedOn: string, reminded?: number) =>
      ({ ...award(id, 'pending', issuedOn), ...(reminded === undefined ? {} : { reminded }) }) as AwardRecord;
    await awards.insertMany([
      stage('first-due', ISSUED),
      stage('waits-for-second', ISSUED, 1),
      stage('second-due', daysBefore(7), 1),
      stage('past-the-last', daysBefore(100), 4),
      stage('catches-up', daysBefore(100)),
      stage('a-second-late', '2024-06-01T12:00:01Z'),
      // Due a millisecond after the run: it may be read (the store compares to the second), never reminded.
      stage('a-millisecond-late', '2024-06-01T12:00:00.001Z'),
      stage('just-due', '2024-06-01T12:00:00.000Z'),
    ]);
    const read: string[] = [];
    const counted: Collection<AwardRecord> = {
      ...awards,
      find: async (filter, options) => {
        const found = await awards.find(filter, options);
        read.push(...found.map((found) => found._id));
        return found;
      },
    };
    clock.advance(3 * DAY);
    const run = await jobOver(queue(), { awardsOf: counted }).run();
    expect(run).to.deep.equal({ due: 4, sent: 4, failed: 0, skipped: 0, retrying: 0 });
    expect(read.filter((id) => id !== 'a-millisecond-late').sort()).to.deep.equal([
      'catches-up',
      'first-due',
      'just-due',
      'second-due',
    ]);
    expect((await mail.find({})).map((message) => message._id).sort()).to.deep.equal([
      reminderMailKey('catches-up', 4),
      reminderMailKey('first-due', 1),
      reminderMailKey('just-due', 1),
      reminderMailKey('second-due', 2),
    ]);
  });

  it('counts each reminder due once, by its outcome: a message an earlier run recorded is not this run’s', async () => {
    await awards.insertMany([award('a1'), award('a2')]);
    clock.advance(3 * DAY);
    // An earlier run recorded a1's reminder and died; this run finds it recorded, and the queue
    // reports it sent while this run is recording its own (as a sender on another instance may).
    const earlier = queue({ concurrency: 0 });
    await earlier.enqueueMany([
      {
        key: reminderMailKey('a1', 1),
        template: 'reminder',
        lang: 'en',
        to: 'a1@example.org',
        awardId: 'a1',
        data: { n: 1 },
      },
    ]);
    const built = queue();
    const job = jobOver({
      enqueueMany: async (requests) => {
        const known = await built.enqueueMany(requests);
        for (const message of known) built.events.emit('updated', { ...message, status: 'sent' });
        return known;
      },
      kick: () => built.kick(),
      events: built.events,
    });
    const run = await job.run();
    expect(run).to.deep.equal({ due: 1, sent: 1, failed: 0, skipped: 0, retrying: 0 });
    expect(run!.sent + run!.failed + run!.skipped + run!.retrying).to.equal(run!.due);
  });

  it('costs the store one write per batch to record its reminders, at most one per message to mark them, and one per batch for their awards: none to claim', async () => {
    const ids = Array.from({ length: 30 }, (_, i) => `c${String(i).padStart(2, '0')}`);
    await awards.insertMany(ids.map((id) => award(id)));
    clock.advance(3 * DAY);
    const calls: Record<string, number> = {};
    const counting = <T extends { _id: string }>(name: string, collection: Collection<T>): Collection<T> => {
      const counted = { ...collection };
      for (const method of ['insertOne', 'insertMany', 'findOneAndUpdate', 'updateMany'] as const) {
        const original = collection[method] as (...args: unknown[]) => Promise<unknown>;
        (counted as Record<string, unknown>)[method] = (...args: unknown[]) => {
          // A sender marking its message names itself (`owner`); a look for more to take does not.
          const kind = method === 'findOneAndUpdate' ? ('owner' in (args[0] as object) ? '.mark' : '.look') : '';
          calls[`${name}.${method}${kind}`] = (calls[`${name}.${method}${kind}`] ?? 0) + 1;
          return original(...args);
        };
      }
      return counted;
    };
    const countedAwards = counting('awards', awards);
    const built = queue({ mailOf: counting('mail', mail), settledOn: countedAwards });
    const job = jobOver(built, { awardsOf: countedAwards });
    expect(await job.run()).to.deep.equal({ due: 30, sent: 30, failed: 0, skipped: 0, retrying: 0 });
    // Recorded already taken (no claim each); the messages sent in one turn marked in one write
    // (each sender waits for its mark before its next message, so never more writes than
    // messages); the awards written by the run once the batch is over, one write for those that
    // write the same (here all: the clock stands still); the senders look for more to take only
    // once the batch is done, whatever its size.
    const { 'mail.findOneAndUpdate.look': looks = 0, ...rest } = calls;
    expect(rest['mail.insertMany']).to.equal(1);
    expect(rest['mail.findOneAndUpdate.mark']).to.equal(undefined);
    expect(rest['mail.updateMany']).to.be.within(1, ids.length);
    // One write after the batch, or two should a delivery end before the run's first look.
    expect(rest['awards.updateMany']).to.be.within(1, 2);
    expect(looks).to.be.at.most(4 * 5);
    expect(sink.received).to.have.length(30);
    for (const stored of await awards.find({})) {
      expect(stored.reminded).to.equal(1);
      expect(stored.reminders).to.have.length(1);
    }
  });

  it('a crash after sending, before the run writes the awards, sends nothing again: the next run writes them', async () => {
    await awards.insertMany([award('a1'), award('a2')]);
    clock.advance(3 * DAY);
    const dying: Collection<AwardRecord> = {
      ...awards,
      updateMany: async () => {
        throw new Error('process killed');
      },
    };
    const built = queue();
    const crashed = jobOver(built, { awardsOf: dying });
    expect(String(await crashed.run().catch((error: unknown) => error))).to.match(/process killed/);
    expect(sink.received).to.have.length(2);
    expect((await mail.find({ status: 'sent' })).map((message) => message._id).sort()).to.deep.equal([
      reminderMailKey('a1', 1),
      reminderMailKey('a2', 1),
    ]);
    expect(await awards.find({ reminded: 1 }), 'the awards were to be written after the batch').to.have.length(0);

    // The next run finds both messages over: not its own, sent nothing, their awards written.
    expect(await jobOver(queue()).run()).to.deep.equal({ due: 0, sent: 0, failed: 0, skipped: 0, retrying: 0 });
    expect(sink.received).to.have.length(2);
    for (const stored of await awards.find({})) {
      expect(stored.reminded, stored._id).to.equal(1);
      expect(stored.reminders, stored._id).to.deep.equal([{ n: 1, sentAt: clock.now().toISOString() }]);
    }
  });

  it('writes a reminder on its award once, however often its outcome is reported', async () => {
    await awards.insertOne(award('a1'));
    clock.advance(3 * DAY);
    const job = jobOver(queue());
    expect(await job.run()).to.deep.equal({ due: 1, sent: 1, failed: 0, skipped: 0, retrying: 0 });
    const message = await mail.findOne({ _id: reminderMailKey('a1', 1) });
    await job.settled(message!);
    expect((await awards.findOne({ _id: 'a1' }))?.reminders).to.have.length(1);
  });
});
