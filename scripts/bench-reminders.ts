import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { SMTPServer } from 'smtp-server';
import { v7 as uuidv7 } from 'uuid';
import { createSmtpMailer } from '../src/adapters/mail-smtp/smtpMailer.js';
import { createSqliteDatabase } from '../src/adapters/store-sqlite/createSqliteDatabase.js';
import { AWARDS_COLLECTION, type AwardRecord } from '../src/app/awards/awardRecord.js';
import { ACCOUNTS_COLLECTION, type AccountRecord, createAccounts } from '../src/app/candidates/accounts.js';
import { createCandidateUrls } from '../src/app/candidates/candidateUrls.js';
import { createTokens, TOKENS_COLLECTION, type TokenRecord } from '../src/app/candidates/tokens.js';
import { createComposer } from '../src/app/mail/composeMail.js';
import { createMailQueue } from '../src/app/mail/mailQueue.js';
import { MAIL_COLLECTION, type MailRecord } from '../src/app/mail/mailRecord.js';
import { createJobLeases, LEASES_COLLECTION, type LeaseRecord } from '../src/app/reminders/jobLease.js';
import { createReminderJob } from '../src/app/reminders/reminderJob.js';
import { parseReminderSchedule } from '../src/app/reminders/reminderSchedule.js';
import { createUrlLayout } from '../src/badges/urls.js';
import { fixedClock } from '../src/ports/clock.js';
import { silentLogger } from '../src/ports/logger.js';
import { formatMegabytes, formatNumber, markdownTable } from './bench-support/report.js';

/**
 * The reminder job over a large pending queue (issue 13): the SQLite store filled with `pending`
 * awards, one in ten due its first reminder, and the job run once in this process with the real
 * mail queue, composer (tokens minted, texts rendered) and pooled SMTP transport, sending to a
 * local smtp-server that accepts every message. Reported per size: reminders per second, the
 * same number of messages sent straight through the same transport at the queue's concurrency
 * (what SMTP alone allows), and the peak resident memory during the run.
 */
export interface ReminderPhase {
  readonly pending: number;
  readonly due: number;
  readonly sent: number;
  readonly runSeconds: number;
  readonly remindersPerSecond: number;
  readonly smtpOnlyPerSecond: number;
  readonly rssBeforeBytes: number;
  readonly peakRssBytes: number;
}

export interface ReminderFigures {
  readonly phases: readonly ReminderPhase[];
}

const ISSUED = '2025-03-01T09:00:00.000Z';
const RUN_AT = '2025-03-04T09:00:00.000Z';
const DUE_EVERY = 10;
const FILL_BATCH = 5_000;
const QUEUE_CONCURRENCY = 2;

function pendingAward(index: number): AwardRecord {
  const id = uuidv7();
  return {
    _id: id,
    subjectId: id,
    recipientEmail: `candidate-${index}@example.org`,
    recipientName: `Candidate ${index}`,
    recipientLocale: index % 2 === 0 ? 'fr' : 'en',
    salt: 'salt',
    identityHash: 'sha256$0',
    achievementId: 'az-900',
    achievement: {
      kind: 'exam',
      title: {
        en: 'Microsoft Certified: Azure Fundamentals',
        fr: "Microsoft Certified : Notions fondamentales d'Azure",
      },
      description: { en: 'Azure basics.', fr: 'Les bases d’Azure.' },
      criteria: { en: 'Pass AZ-900.', fr: 'Réussir AZ-900.' },
    },
    earnedOn: ISSUED,
    // One in ten was issued three days before the run: its first reminder is due.
    issuedOn: index % DUE_EVERY === 0 ? ISSUED : RUN_AT,
    status: 'pending',
    keySetId: 'bench',
    requestFingerprint: 'bench',
    dedupeKey: id,
    notification: 'sent',
  };
}

async function startCountingSmtp() {
  let count = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        count++;
        callback();
      });
    },
  });
  server.listen(0, '127.0.0.1');
  await once(server.server, 'listening');
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    count: () => count,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Messages through the transport alone, `concurrency` in flight: what the SMTP side allows. */
async function smtpOnlyPerSecond(url: string, messages: number): Promise<number> {
  const mailer = createSmtpMailer({ url, from: 'badges@example.org' });
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: QUEUE_CONCURRENCY }, async () => {
      while (next < messages) {
        const i = next++;
        await mailer.send({
          messageId: `<raw-${i}@example.org>`,
          to: `candidate-${i}@example.org`,
          subject: 'Reminder',
          text: 'Your badge is waiting.',
          html: '<p>Your badge is waiting.</p>',
          headers: {},
        });
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await mailer.close();
  return messages / seconds;
}

async function phase(pending: number, log: (line: string) => void): Promise<ReminderPhase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'accolade-bench-reminders-'));
  const smtp = await startCountingSmtp();
  const database = await createSqliteDatabase({ dataDir });
  try {
    const clock = fixedClock(RUN_AT);
    const awards = await database.collection<AwardRecord>(AWARDS_COLLECTION);
    const mail = await database.collection<MailRecord>(MAIL_COLLECTION);
    const accountCollection = await database.collection<AccountRecord>(ACCOUNTS_COLLECTION);
    const tokens = createTokens({ collection: await database.collection<TokenRecord>(TOKENS_COLLECTION), clock });
    const leases = createJobLeases({ collection: await database.collection<LeaseRecord>(LEASES_COLLECTION), clock });
    const filling = performance.now();
    for (let start = 0; start < pending; start += FILL_BATCH) {
      const batch = Array.from({ length: Math.min(FILL_BATCH, pending - start) }, (_, i) => pendingAward(start + i));
      await awards.insertMany(batch);
    }
    log(`  ${formatNumber(pending)} pending awards stored in ${formatNumber((performance.now() - filling) / 1000)} s`);

    const publicUrl = 'https://badges.example.org';
    const mailer = createSmtpMailer({ url: smtp.url, from: 'badges@example.org' });
    const queue = createMailQueue({
      collection: mail,
      mailer,
      compose: createComposer({
        findAward: (id) => awards.findOne({ _id: id }),
        accounts: createAccounts({ collection: accountCollection, clock }),
        tokens,
        urls: createUrlLayout(publicUrl),
        candidateUrls: createCandidateUrls(publicUrl),
        issuerName: 'Accolade Certification Programme',
      }),
      clock,
      logger: silentLogger,
      exclusive: true,
      messageIdDomain: 'badges.example.org',
      concurrency: QUEUE_CONCURRENCY,
    });
    const job = createReminderJob({
      awards,
      accounts: accountCollection,
      mail,
      queue: () => queue,
      leases,
      schedule: parseReminderSchedule('P3D,P10D,P30D,P90D'),
      clock,
      logger: silentLogger,
    });

    global.gc?.();
    const rssBefore = process.memoryUsage.rss();
    let peak = rssBefore;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage.rss());
    }, 50);
    const started = performance.now();
    const run = await job.run();
    const runSeconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage.rss());
    await queue.close();
    await mailer.close();
    if (run === null) throw new Error('the reminder job found its lease taken');
    if (smtp.count() !== run.sent) throw new Error(`${smtp.count()} messages reached SMTP for ${run.sent} sent`);
    const smtpOnly = await smtpOnlyPerSecond(smtp.url, run.sent);
    return {
      pending,
      due: run.due,
      sent: run.sent,
      runSeconds,
      remindersPerSecond: run.sent / runSeconds,
      smtpOnlyPerSecond: smtpOnly,
      rssBeforeBytes: rssBefore,
      peakRssBytes: peak,
    };
  } finally {
    await database.close();
    await smtp.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function benchReminders(options: {
  readonly sizes: readonly number[];
  readonly log: (line: string) => void;
}): Promise<ReminderFigures> {
  const phases: ReminderPhase[] = [];
  for (const size of options.sizes) phases.push(await phase(size, options.log));
  return { phases };
}

export function remindersTable(figures: ReminderFigures): string {
  return markdownTable(
    ['pending awards', 'due', 'sent', 'run s', 'reminders/s', 'SMTP alone msg/s', 'RSS before', 'peak RSS'],
    figures.phases.map((p) => [
      formatNumber(p.pending),
      formatNumber(p.due),
      formatNumber(p.sent),
      formatNumber(p.runSeconds),
      formatNumber(p.remindersPerSecond),
      formatNumber(p.smtpOnlyPerSecond),
      formatMegabytes(p.rssBeforeBytes),
      formatMegabytes(p.peakRssBytes),
    ]),
  );
}
