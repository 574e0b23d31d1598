import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { v7 as uuidv7 } from 'uuid';
import { createSqliteDatabase } from '../src/adapters/store-sqlite/createSqliteDatabase.js';
import { AWARDS_COLLECTION, type AwardRecord } from '../src/app/awards/awardRecord.js';
import { projectPath } from '../src/paths.js';
import { IN_FLIGHT, type ReminderRunResult, RUN_AT } from './bench-reminders-run.js';
import { formatMegabytes, formatNumber, markdownTable } from './bench-support/report.js';

/**
 * The reminder job over a large pending queue (issue 13): the SQLite store filled with `pending`
 * awards, one in ten due its first reminder, then the job run once in a fresh process of its own
 * per size (`bench-reminders-run.ts`), with the real mail queue, composer (tokens minted, texts
 * rendered) and pooled SMTP transport, sending to a local smtp-server that accepts every message.
 * Reported per size, as soon as it is done: reminders per second; the same number of messages
 * (a reminder as the job composed it) sent through the same transport alone, as many in flight as
 * the queue keeps (what SMTP allows), both after the same warm-up (the job run over a store of
 * 10,000 pending awards of its own, then 1,000 messages through the transport alone); the processor
 * time of each (per reminder, per message), steadier than rates on a busy machine; the bytes the
 * job process wrote per reminder (the store's log and checkpoints, and the sockets), which shows
 * what a change to the store's writes does; and the job process's memory: resident size after
 * start-up, its peak during the run, and the peak of the JavaScript heap.
 */
export interface ReminderPhase {
  readonly pending: number;
  readonly due: number;
  readonly sent: number;
  readonly runSeconds: number;
  readonly remindersPerSecond: number;
  readonly smtpOnlyPerSecond: number;
  /** Processor time of the job process per reminder sent, and per message through the transport alone. */
  readonly cpuMsPerReminder: number;
  readonly smtpOnlyCpuMsPerMessage: number;
  /** Bytes the job process wrote per reminder (store log, checkpoints, sockets); undefined off Linux. */
  readonly bytesWrittenPerReminder: number | undefined;
  readonly rssBeforeBytes: number;
  readonly peakRssBytes: number;
  readonly peakHeapBytes: number;
}

export interface ReminderFigures {
  readonly phases: readonly ReminderPhase[];
}

const ISSUED = '2025-03-01T09:00:00.000Z';
const DUE_EVERY = 10;
const FILL_BATCH = 5_000;
/** Pending awards of the store the job warms up on before anything is measured (a tenth due). */
const WARM_UP_PENDING = 10_000;

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

/** Runs one size in a fresh process (`--expose-gc`, so that its start-up size is measured after a collection). */
function runInChild(dataDir: string, warmUpDir: string): Promise<ReminderRunResult> {
  return new Promise((resolve, reject) => {
    const child = fork(projectPath('scripts', 'bench-reminders-run.ts'), [dataDir, warmUpDir], {
      execArgv: ['--import', 'tsx', '--expose-gc'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.once('message', (message: { result?: ReminderRunResult; error?: string }) => {
      if (message.result !== undefined) resolve(message.result);
      else reject(new Error(`the reminder run failed: ${message.error}`));
    });
    child.once('exit', (code) => reject(new Error(`the reminder run exited with ${code}`)));
    child.once('error', reject);
  });
}

export async function fillPendingAwards(dataDir: string, pending: number): Promise<void> {
  const database = await createSqliteDatabase({ dataDir });
  try {
    const awards = await database.collection<AwardRecord>(AWARDS_COLLECTION);
    for (let start = 0; start < pending; start += FILL_BATCH) {
      await awards.insertMany(
        Array.from({ length: Math.min(FILL_BATCH, pending - start) }, (_, i) => pendingAward(start + i)),
      );
    }
  } finally {
    await database.close();
  }
}

function kilobytes(bytes: number | undefined): string {
  return bytes === undefined ? 'n/a' : `${formatNumber(bytes / 1024)} KB`;
}

async function phase(pending: number, log: (line: string) => void): Promise<ReminderPhase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'accolade-bench-reminders-'));
  const warmUpDir = mkdtempSync(join(tmpdir(), 'accolade-bench-reminders-warm-up-'));
  try {
    const filling = performance.now();
    await fillPendingAwards(dataDir, pending);
    log(`  ${formatNumber(pending)} pending awards stored in ${formatNumber((performance.now() - filling) / 1000)} s`);
    await fillPendingAwards(warmUpDir, WARM_UP_PENDING);
    const run = await runInChild(dataDir, warmUpDir);
    const figures: ReminderPhase = {
      pending,
      due: run.due,
      sent: run.sent,
      runSeconds: run.runSeconds,
      remindersPerSecond: run.sent / run.runSeconds,
      smtpOnlyPerSecond: run.sent / run.smtpOnlySeconds,
      cpuMsPerReminder: (run.runCpuSeconds * 1000) / run.sent,
      bytesWrittenPerReminder: run.runWriteBytes === undefined ? undefined : run.runWriteBytes / run.sent,
      smtpOnlyCpuMsPerMessage: (run.smtpOnlyCpuSeconds * 1000) / run.sent,
      rssBeforeBytes: run.baselineRssBytes,
      peakRssBytes: run.peakRssBytes,
      peakHeapBytes: run.peakHeapBytes,
    };
    log(
      `  ${formatNumber(pending)} pending: ${formatNumber(figures.sent)} of ${formatNumber(figures.due)} due reminders sent ` +
        `in ${formatNumber(figures.runSeconds)} s, ${formatNumber(figures.remindersPerSecond)}/s against ` +
        `${formatNumber(figures.smtpOnlyPerSecond)}/s through the transport alone ` +
        `(${formatNumber(figures.remindersPerSecond / figures.smtpOnlyPerSecond)} of it; goal at least 0.8); ` +
        `processor time ${formatNumber(figures.cpuMsPerReminder)} ms a reminder, ${formatNumber(figures.smtpOnlyCpuMsPerMessage)} ms a message alone; ` +
        `${kilobytes(figures.bytesWrittenPerReminder)} written a reminder (store log, checkpoints, sockets); ` +
        `job process RSS ${formatMegabytes(figures.rssBeforeBytes)} at start, peak ${formatMegabytes(figures.peakRssBytes)}, ` +
        `heap peak ${formatMegabytes(figures.peakHeapBytes)}`,
    );
    return figures;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(warmUpDir, { recursive: true, force: true });
  }
}

export async function benchReminders(options: {
  readonly sizes: readonly number[];
  readonly log: (line: string) => void;
}): Promise<ReminderFigures> {
  const phases: ReminderPhase[] = [];
  options.log(`  ${IN_FLIGHT} messages in flight on a pool of ${IN_FLIGHT} SMTP connections`);
  for (const size of options.sizes) phases.push(await phase(size, options.log));
  const [small, large] = phases;
  if (small !== undefined && large !== undefined) {
    options.log(
      `  peak RSS of the job process with ${formatNumber(large.pending)} pending ${formatNumber(large.peakRssBytes / small.peakRssBytes)} x ` +
        `that with ${formatNumber(small.pending)} (goal at most 1.3)`,
    );
  }
  return { phases };
}

export function remindersTable(figures: ReminderFigures): string {
  return markdownTable(
    [
      'pending awards',
      'due',
      'sent',
      'run s',
      'reminders/s',
      'SMTP alone msg/s',
      'CPU ms/reminder',
      'CPU ms/msg alone',
      'written/reminder',
      'RSS at start',
      'peak RSS',
      'peak heap',
    ],
    figures.phases.map((p) => [
      formatNumber(p.pending),
      formatNumber(p.due),
      formatNumber(p.sent),
      formatNumber(p.runSeconds),
      formatNumber(p.remindersPerSecond),
      formatNumber(p.smtpOnlyPerSecond),
      formatNumber(p.cpuMsPerReminder),
      formatNumber(p.smtpOnlyCpuMsPerMessage),
      kilobytes(p.bytesWrittenPerReminder),
      formatMegabytes(p.rssBeforeBytes),
      formatMegabytes(p.peakRssBytes),
      formatMegabytes(p.peakHeapBytes),
    ]),
  );
}
