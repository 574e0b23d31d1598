import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { createSmtpMailer } from '../../src/adapters/mail-smtp/smtpMailer.js';
import { createSqliteDatabase } from '../../src/adapters/store-sqlite/createSqliteDatabase.js';
import type { AwardRecord } from '../../src/app/awards/awardRecord.js';
import { AWARDS_COLLECTION } from '../../src/app/awards/awardRecord.js';
import { awardMailKey, createAwardNotifications } from '../../src/app/mail/awardNotifications.js';
import { createMailQueue } from '../../src/app/mail/mailQueue.js';
import { MAIL_COLLECTION, type MailRecord } from '../../src/app/mail/mailRecord.js';
import { fixedClock } from '../../src/ports/clock.js';
import { type Logger, silentLogger } from '../../src/ports/logger.js';
import type { Mailer, SendOutcome } from '../../src/ports/mailer.js';
import type { Database } from '../../src/ports/store.js';
import { insertAwardsLeftWithoutMail } from '../support/awardsWithoutMail.js';
import { isSettled, waitForMail } from '../support/mailWait.js';
import { type SmtpSink, startSmtpSink } from '../support/smtpSink.js';
import { startTestService } from '../support/testService.js';
import { issueNew } from './support/api.js';
import { azureFundamentalsPass } from './support/awardRequests.js';

const NOW = '2024-06-01T12:00:00Z';

describe('the mail queue across a restart', () => {
  let sink: SmtpSink;
  let dataDir: string;
  beforeEach(async () => {
    sink = await startSmtpSink();
    dataDir = mkdtempSync(join(tmpdir(), 'accolade-mail-'));
  });
  afterEach(async () => {
    await sink.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a stop while the SMTP server holds a message lets it finish: one email, recorded sent, not sent again', async () => {
    const env = { SMTP_URL: sink.url };
    const first = await startTestService({ dataDir, env, clock: fixedClock(NOW) });
    const hold = sink.holdNext();
    const award = await issueNew(first, azureFundamentalsPass());
    await hold.held;

    const stopping = first.close();
    hold.release();
    await stopping;

    const second = await startTestService({ dataDir, env, clock: fixedClock(NOW) });
    try {
      await second.service.mail.kick();
      const message = await second.service.mail.find(awardMailKey(award.id));
      expect(message?.status).to.equal('sent');
      expect(message?.attempts).to.equal(1);
      expect(sink.received.length).to.equal(1);
    } finally {
      await second.close();
    }
  });

  describe('a sender that stopped between taking a message and recording its send', () => {
    let database: Database;
    beforeEach(async () => {
      database = await createSqliteDatabase({ dataDir });
    });
    afterEach(() => database.close());

    /** A mailer that never answers until `answer` is called: the process "dies" mid-send. */
    function stalledMailer(): Mailer & { answer: (outcome: SendOutcome) => void; called: Promise<void> } {
      let answer!: (outcome: SendOutcome) => void;
      let called!: () => void;
      const calledPromise = new Promise<void>((resolve) => {
        called = resolve;
      });
      const outcome = new Promise<SendOutcome>((resolve) => {
        answer = resolve;
      });
      return {
        kind: 'smtp',
        send: () => {
          called();
          return outcome;
        },
        close: async () => undefined,
        answer,
        called: calledPromise,
      };
    }

    const composed = async () => ({ subject: 'Hello', text: 'Hello', html: '<p>Hello</p>' });

    async function queues(exclusive: boolean) {
      const collection = await database.collection<MailRecord>(MAIL_COLLECTION);
      const clock = fixedClock(NOW);
      const common = { collection, compose: composed, clock, logger: silentLogger, messageIdDomain: 'example.org' };
      const stalled = stalledMailer();
      const dead = createMailQueue({ ...common, mailer: stalled, exclusive, leaseMs: 60_000 });
      await dead.enqueue({ key: 'k1', template: 'signIn', lang: 'en', to: 'ana@example.org' });
      await stalled.called;
      const smtp = createSmtpMailer({ url: sink.url, from: 'badges@example.org' });
      const next = createMailQueue({ ...common, mailer: smtp, exclusive, leaseMs: 60_000 });
      return { dead, next, stalled, clock, smtp, collection };
    }

    it('sends it once its lease has run out (several instances), and the stale sender cannot overwrite that', async () => {
      const { next, stalled, clock, smtp, collection } = await queues(false);
      await next.start();
      await next.kick();
      expect((await next.find('k1'))?.status, 'leased to the stopped sender').to.equal('sending');
      expect(sink.received.length).to.equal(0);

      clock.advance(60_000);
      await next.kick();
      const sent = await waitForMail(next, 'k1', isSettled);
      expect(sent.status).to.equal('sent');
      expect(sent.attempts).to.equal(2);
      expect(sink.received.length).to.equal(1);
      expect(sink.received[0]!.parsed.messageId).to.equal('<k1@example.org>');

      stalled.answer({ ok: false, permanent: true, reason: 'late' });
      await next.close();
      await smtp.close();
      expect((await collection.findOne({ _id: 'k1' }))?.status).to.equal('sent');
    });

    it('holds at most one message per sender sent and not yet marked: a crash could send only those again', async () => {
      const collection = await database.collection<MailRecord>(MAIL_COLLECTION);
      const delivered = new Set<string>();
      const marked = new Set<string>();
      let mostUnmarked = 0;
      const mailer: Mailer = {
        kind: 'smtp',
        async send(message) {
          // What a crash now would send again: the messages delivered whose mark is not yet
          // written (the queue reports each outcome once its write has committed).
          mostUnmarked = Math.max(mostUnmarked, [...delivered].filter((key) => !marked.has(key)).length);
          delivered.add(message.messageId.slice(1, message.messageId.indexOf('@'))); // <key@domain>
          return { ok: true };
        },
        close: async () => undefined,
      };
      const concurrency = 5;
      const queue = createMailQueue({
        collection,
        mailer,
        compose: composed,
        clock: fixedClock(NOW),
        logger: silentLogger,
        messageIdDomain: 'example.org',
        exclusive: true,
        concurrency,
      });
      queue.events.on('updated', (message) => marked.add(message._id));
      const keys = Array.from({ length: 60 }, (_, n) => `m${String(n).padStart(2, '0')}`);
      await queue.enqueueMany(keys.map((key) => ({ key, template: 'signIn', lang: 'en', to: `${key}@example.org` })));
      await queue.kick();
      await queue.close();

      expect(delivered.size).to.equal(60);
      expect(await collection.count({ status: 'sent' })).to.equal(60);
      expect(mostUnmarked).to.be.at.most(concurrency);
      expect(mostUnmarked, 'senders overlap: some sends start while others are being marked').to.be.greaterThan(0);
    });

    it('on the embedded store (one process owns it) sends it again at the next start, once', async () => {
      const { next, smtp } = await queues(true);
      await next.start();
      await next.kick();
      const sent = await waitForMail(next, 'k1', isSettled);
      expect(sent.status).to.equal('sent');
      expect(sink.received.length).to.equal(1);
      await next.close();
      await smtp.close();
    });
  });

  it('queues at start the email of an award a crash left without its message', async () => {
    const database = await createSqliteDatabase({ dataDir });
    try {
      const awards = await database.collection<AwardRecord>(AWARDS_COLLECTION);
      const mail = await database.collection<MailRecord>(MAIL_COLLECTION);
      const enqueued: string[] = [];
      const notifications = createAwardNotifications({
        awards,
        mail,
        queue: () => ({
          enqueue: async (request) => {
            enqueued.push(request.key);
            return true;
          },
        }),
      });
      const award = (id: string, notification: AwardRecord['notification']) =>
        ({
          _id: id,
          recipientEmail: 'ana@example.org',
          recipientLocale: 'en',
          status: 'pending',
          notification,
          dedupeKey: id,
        }) as unknown as AwardRecord;
      await awards.insertMany([award('a1', 'queued'), award('a2', 'sent'), award('a3', 'queued')]);
      await mail.insertOne({
        _id: awardMailKey('a3'),
        template: 'award',
        lang: 'en',
        to: 'ana@example.org',
        data: {},
        awardId: 'a3',
        status: 'queued',
        attempts: 0,
        createdAt: NOW,
        nextAttemptAt: NOW,
      });
      expect(await notifications.sweep()).to.deep.equal({ queued: 1, stopped: false });
      expect(enqueued).to.deep.equal([awardMailKey('a1')]);
    } finally {
      await database.close();
    }
  });

  describe('the sweep at start of awards left without their email', () => {
    const AWARDS = 600; // two pages of the sweep's 500

    /** A store holding awards still waiting for their email, none of them queued. */
    async function storeWithAwardsWithoutMail(): Promise<string[]> {
      const database = await createSqliteDatabase({ dataDir });
      try {
        return await insertAwardsLeftWithoutMail(await database.collection<AwardRecord>(AWARDS_COLLECTION), AWARDS);
      } finally {
        await database.close();
      }
    }

    /** A logger that keeps the messages of the errors it is given. */
    function errorRecordingLogger(): { logger: Logger; errors: string[] } {
      const errors: string[] = [];
      const error = (first: object | string, message?: string): void => {
        errors.push(typeof first === 'string' ? first : (message ?? ''));
      };
      return { logger: { ...silentLogger, error }, errors };
    }

    async function awardMailCount(service: Awaited<ReturnType<typeof startTestService>>, ids: readonly string[]) {
      let found = 0;
      for (const id of ids) if ((await service.service.mail.find(awardMailKey(id))) !== null) found += 1;
      return found;
    }

    it('does not hold the start: no page is read before the service is up, then every email is queued', async () => {
      const ids = await storeWithAwardsWithoutMail();
      const { logger, errors } = errorRecordingLogger();
      const started = await startTestService({
        dataDir,
        clock: fixedClock(NOW),
        logger,
      });
      try {
        // Read in the same turn as the start resolved: had the start waited for the sweep, all
        // 600 would be queued by now.
        const queuedAtStart = await awardMailCount(started, ids.slice(0, 1));
        expect(queuedAtStart).to.equal(0);
        expect(await started.service.swept).to.equal(AWARDS);
        expect(await awardMailCount(started, ids)).to.equal(AWARDS);
        expect(errors).to.deep.equal([]);
      } finally {
        await started.close({ keepData: true });
      }
    });

    it('a reminder run asked for as the service starts waits until the sweep has queued those emails', async () => {
      const ids = await storeWithAwardsWithoutMail();
      const started = await startTestService({
        dataDir,
        clock: fixedClock(NOW),
        logger: errorRecordingLogger().logger,
      });
      try {
        const run = await started.service.reminders.run();
        expect(run).to.not.equal(null);
        // Without the wait, this run reads no history and ends in a few turns, long before the
        // sweep's two pages and 600 messages.
        expect(await awardMailCount(started, ids)).to.equal(AWARDS);
      } finally {
        await started.close({ keepData: true });
      }
    });

    it('stops when the service closes before it is over; the next start queues the rest', async () => {
      const ids = await storeWithAwardsWithoutMail();
      const { logger, errors } = errorRecordingLogger();
      const first = await startTestService({ dataDir, clock: fixedClock(NOW), logger });
      await first.close({ keepData: true });
      const firstSwept = await first.service.swept;
      expect(firstSwept).to.be.below(AWARDS);
      const second = await startTestService({ dataDir, clock: fixedClock(NOW), logger });
      try {
        expect(firstSwept + (await second.service.swept)).to.equal(AWARDS);
        expect(await awardMailCount(second, ids)).to.equal(AWARDS);
        expect(errors).to.deep.equal([]);
      } finally {
        await second.close({ keepData: true });
      }
    });
  });
});
