import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { SMTPServer } from 'smtp-server';
import { createSmtpMailer } from '../src/adapters/mail-smtp/smtpMailer.js';
import { createSqliteDatabase } from '../src/adapters/store-sqlite/createSqliteDatabase.js';
import { AWARDS_COLLECTION, type AwardRecord } from '../src/app/awards/awardRecord.js';
import { ACCOUNTS_COLLECTION, type AccountRecord, createAccounts } from '../src/app/candidates/accounts.js';
import { createCandidateUrls } from '../src/app/candidates/candidateUrls.js';
import { createTokens, TOKENS_COLLECTION, type TokenRecord } from '../src/app/candidates/tokens.js';
import { createComposer } from '../src/app/mail/composeMail.js';
import { type ComposedMail, createMailQueue } from '../src/app/mail/mailQueue.js';
import { MAIL_COLLECTION, type MailRecord } from '../src/app/mail/mailRecord.js';
import { createJobLeases, LEASES_COLLECTION, type LeaseRecord } from '../src/app/reminders/jobLease.js';
import { createReminderJob } from '../src/app/reminders/reminderJob.js';
import { parseReminderSchedule } from '../src/app/reminders/reminderSchedule.js';
import { createUrlLayout } from '../src/badges/urls.js';
import type { Clock } from '../src/ports/clock.js';
import { silentLogger } from '../src/ports/logger.js';
import type { Mailer } from '../src/ports/mailer.js';

/**
 * One size of the reminder benchmark, in a process of its own (started by `bench-reminders.ts`
 * on a store it filled), so that each size's memory is measured from the same start: the job
 * runs once with the real mail queue, composer and pooled SMTP transport, sending to an
 * smtp-server in this process that accepts every message; then the same number of messages,
 * a reminder as the job composed it, goes through the same transport alone, as many in flight
 * as the queue keeps, which is what SMTP allows here.
 */
export interface ReminderRunResult {
  readonly due: number;
  readonly sent: number;
  readonly runSeconds: number;
  readonly smtpOnlySeconds: number;
  /** Processor time (user and system) of the run and of the transport alone: less noisy than wall time on a busy machine. */
  readonly runCpuSeconds: number;
  readonly smtpOnlyCpuSeconds: number;
  /** Bytes the job process wrote during the run (see `bytesWritten`); undefined off Linux. */
  readonly runWriteBytes: number | undefined;
  readonly baselineRssBytes: number;
  readonly peakRssBytes: number;
  readonly peakHeapBytes: number;
}

export const RUN_AT = '2025-03-04T09:00:00.000Z';
/** Messages in flight at once: as many as the pooled transport's connections (nodemailer's default 5). */
export const IN_FLIGHT = 5;
/** Messages sent through the transport before anything is measured. */
const WARM_UP = 1000;

function reminderRecord(award: AwardRecord): MailRecord {
  return {
    _id: `warm-up.${award._id}`,
    template: 'reminder',
    lang: award.recipientLocale,
    to: award.recipientEmail,
    data: { n: 1 },
    awardId: award._id,
    status: 'sending',
    attempts: 1,
    createdAt: RUN_AT,
    nextAttemptAt: RUN_AT,
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
    reset: () => {
      count = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Linux keeps the peak resident size of a process (VmHWM); writing 5 to clear_refs resets it to
 * the current size, so the peak read after the run is the run's own, not that of the start-up.
 */
function resetPeakRss(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

/**
 * Bytes this process has handed to write(2) and its kin so far (`wchar` in /proc/self/io): the
 * store's write-ahead log and checkpoints (its checkpointing thread included) and the messages on
 * their sockets, whether or not they reach a disk. What the store writes for each reminder is
 * steadier than its processor time on a busy machine.
 */
function bytesWritten(): number | undefined {
  try {
    const match = /^wchar: (\d+)$/m.exec(readFileSync('/proc/self/io', 'utf8'));
    return match === null ? undefined : Number(match[1]);
  } catch {
    return undefined;
  }
}

function peakRssSinceReset(): number | undefined {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    return match === null ? undefined : Number(match[1]) * 1024;
  } catch {
    return undefined;
  }
}

/** `count` copies of `message` through the transport, as many in flight as the queue keeps. */
async function sendAlone(mailer: Mailer, message: ComposedMail, count: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < count) {
        const i = next++;
        const outcome = await mailer.send({
          messageId: `<raw-${i}@badges.example.org>`,
          to: `candidate-${i}@example.org`,
          subject: message.subject,
          text: message.text,
          html: message.html,
          headers: message.headers ?? {},
        });
        if (!outcome.ok) throw new Error(outcome.reason);
      }
    }),
  );
}

/**
 * Time moving on from `at`, as the service's does: the messages marked sent in one write share
 * their `sentAt`, and those of other writes do not (with time standing still, every award of a
 * batch would be written alike, in one store write).
 */
function clockFrom(at: string): Clock {
  const start = Date.parse(at) - Date.now();
  return { now: () => new Date(start + Date.now()) };
}

/** The job as the service wires it, on the store in `dataDir`, sending through `mailer`. */
async function openJob(dataDir: string, mailer: Mailer) {
  const database = await createSqliteDatabase({ dataDir });
  const clock = clockFrom(RUN_AT);
  const awards = await database.collection<AwardRecord>(AWARDS_COLLECTION);
  const mail = await database.collection<MailRecord>(MAIL_COLLECTION);
  const accountCollection = await database.collection<AccountRecord>(ACCOUNTS_COLLECTION);
  const tokens = createTokens({ collection: await database.collection<TokenRecord>(TOKENS_COLLECTION), clock });
  const leases = createJobLeases({ collection: await database.collection<LeaseRecord>(LEASES_COLLECTION), clock });
  const publicUrl = 'https://badges.example.org';
  const compose = createComposer({
    findAwards: (ids) => awards.find({ _id: { $in: [...ids] } }),
    accounts: createAccounts({ collection: accountCollection, clock }),
    tokens,
    urls: createUrlLayout(publicUrl),
    candidateUrls: createCandidateUrls(publicUrl),
    issuerName: 'Accolade Certification Programme',
  });
  const queue = createMailQueue({
    collection: mail,
    mailer,
    compose,
    clock,
    logger: silentLogger,
    exclusive: true,
    messageIdDomain: 'badges.example.org',
    concurrency: IN_FLIGHT,
    // As the service does: each reminder delivered is listed on its award.
    onSettled: (message) => job.settled(message),
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
  return { database, awards, mail, compose, queue, job };
}

async function run(dataDir: string, warmUpDir: string): Promise<ReminderRunResult> {
  const smtp = await startCountingSmtp();
  const mailer = createSmtpMailer({ url: smtp.url, from: 'badges@example.org', maxConnections: IN_FLIGHT });
  const { database, awards, mail, compose, queue, job } = await openJob(dataDir, mailer);
  try {
    // Warm-up, not measured, the same before both measured phases: the job runs once over a
    // store of its own (`warmUpDir`), then a reminder as the job composes it goes through the
    // transport alone, so that neither measured phase pays alone for compiling its code.
    const warmUp = await openJob(warmUpDir, mailer);
    const warmed = await warmUp.job.run();
    await warmUp.queue.close();
    await warmUp.database.close();
    if (warmed === null || warmed.sent === 0) throw new Error('the warm-up run of the job sent nothing');
    const [first] = await awards.find({ status: 'pending' }, { limit: 1 });
    const warm = first === undefined ? null : await compose(reminderRecord(first));
    if (warm === null) throw new Error('no pending award to compose a reminder for');
    await sendAlone(mailer, warm, WARM_UP);
    smtp.reset();

    global.gc?.();
    const baseline = process.memoryUsage.rss();
    const exact = resetPeakRss();
    let sampledPeak = baseline;
    let peakHeap = process.memoryUsage().heapUsed;
    const sampler = setInterval(() => {
      const usage = process.memoryUsage();
      sampledPeak = Math.max(sampledPeak, usage.rss);
      peakHeap = Math.max(peakHeap, usage.heapUsed);
    }, 20);
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const writtenBefore = bytesWritten();
    const ran = await job.run();
    const writtenAfter = bytesWritten();
    const runSeconds = (performance.now() - started) / 1000;
    const runCpu = process.cpuUsage(cpuBefore);
    clearInterval(sampler);
    const peakRss = (exact ? peakRssSinceReset() : undefined) ?? Math.max(sampledPeak, process.memoryUsage.rss());
    await queue.close();
    if (ran === null) throw new Error('the reminder job found its lease taken');
    if (smtp.count() !== ran.sent) throw new Error(`${smtp.count()} messages reached SMTP for ${ran.sent} sent`);

    // The transport alone, sending a reminder as the job composed it.
    const [sample] = await mail.find({ status: 'sent' }, { limit: 1 });
    const message = sample === undefined ? null : await compose(sample);
    if (message === null) throw new Error('no reminder to send through the transport alone');
    const smtpStarted = performance.now();
    const smtpCpuBefore = process.cpuUsage();
    await sendAlone(mailer, message, ran.sent);
    const smtpOnlySeconds = (performance.now() - smtpStarted) / 1000;
    const smtpCpu = process.cpuUsage(smtpCpuBefore);
    await mailer.close();
    return {
      due: ran.due,
      sent: ran.sent,
      runSeconds,
      smtpOnlySeconds,
      runCpuSeconds: (runCpu.user + runCpu.system) / 1e6,
      runWriteBytes:
        writtenBefore === undefined || writtenAfter === undefined ? undefined : writtenAfter - writtenBefore,
      smtpOnlyCpuSeconds: (smtpCpu.user + smtpCpu.system) / 1e6,
      baselineRssBytes: baseline,
      peakRssBytes: peakRss,
      peakHeapBytes: peakHeap,
    };
  } finally {
    await database.close();
    await smtp.close();
  }
}

if (process.send !== undefined) {
  const [dataDir, warmUpDir] = process.argv.slice(2);
  if (dataDir === undefined || warmUpDir === undefined) {
    throw new Error('usage: bench-reminders-run.ts <data directory> <warm-up data directory>');
  }
  run(dataDir, warmUpDir).then(
    (result) => process.send!({ result }, () => process.exit(0)),
    (error: unknown) =>
      process.send!({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) }, () =>
        process.exit(1),
      ),
  );
}
