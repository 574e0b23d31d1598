import type { Clock } from '../../ports/clock.js';
import type { Logger } from '../../ports/logger.js';
import type { Collection, Update } from '../../ports/store.js';
import type { AwardRecord } from '../awards/awardRecord.js';
import type { AccountRecord } from '../candidates/accounts.js';
import type { MailQueue } from '../mail/mailQueue.js';
import type { MailRecord, MailRequest, MailStatus } from '../mail/mailRecord.js';
import type { JobLeases } from './jobLease.js';
import { dueReminder, type IsoDuration, latestIssuedOnText } from './reminderSchedule.js';

/**
 * What one run did, each reminder it found due counted once by its outcome in the run:
 * `due = sent + failed + skipped + retrying`. `sent` delivered; `failed` refused for good (kept
 * on the award); `skipped` not sent (opted out, or the badge claimed, declined or revoked before
 * sending); `retrying` still with the mail queue when the run ended (a transient refusal waiting
 * for its retry, or a message another instance's sender took over). A message recorded by an
 * earlier run is not this run's, whatever happens to it meanwhile.
 */
export interface ReminderRun {
  readonly due: number;
  readonly sent: number;
  readonly failed: number;
  readonly skipped: number;
  readonly retrying: number;
}

type Counts = { -readonly [K in keyof ReminderRun]: number };

/** The run's messages whose outcome is still to be heard of (see `outcomes`). */
interface Outcomes {
  /** Keys about to be recorded: an outcome heard before `recorded` is kept until then. */
  expect(keys: readonly string[]): void;
  /** Which of the keys expected were recorded before (`known`): those are not this run's. */
  recorded(known: readonly string[]): void;
  atMost(size: number): Promise<void>;
  stop(): void;
}

/** Award writes of one turn, by what they write: the reminder's number, the update, the awards. */
type SettleGroup = Map<string, { readonly n: number; readonly update: Update; readonly ids: string[] }>;

/** A run's messages not over yet (`keys`), and those over whose award it is still to write. */
interface OwnMessages {
  readonly keys: Set<string>;
  over: MailRecord[];
}

export const REMINDER_LEASE = 'reminders';
const BATCH = 500;
const LEASE_MS = 10 * 60_000;

/** The queue key of reminder `n` of an award: at most one message each, whoever asks again. */
export function reminderMailKey(awardId: string, n: number): string {
  return `reminder.${awardId}.${n}`;
}

const REMINDER_KEY = /^reminder\.(.+)\.(\d+)$/;
const SETTLED: ReadonlySet<MailStatus> = new Set(['sent', 'failed', 'cancelled']);

export interface ReminderJobDeps {
  readonly awards: Collection<AwardRecord>;
  readonly accounts: Collection<AccountRecord>;
  readonly mail: Collection<MailRecord>;
  readonly queue: () => Pick<MailQueue, 'enqueueMany' | 'kick' | 'events'>;
  readonly leases: JobLeases;
  readonly schedule: readonly IsoDuration[];
  readonly clock: Clock;
  readonly logger: Logger;
  readonly batchSize?: number;
  readonly leaseMs?: number;
}

/**
 * The reminder job: reminds recipients of badges still `pending`, on the schedule counted from
 * `issuedOn`. It reads only the awards due, in `_id` batches (memory bounded by the batch,
 * whatever the queue): for each reminder number, the pending awards whose last reminder settled
 * (`reminded`) is the one before and that were issued early enough for it, from one index. For
 * each award whose latest due reminder `n` is later than `reminded`, it queues reminder `n` under
 * its own key: the mail queue records the message before
 * sending and marks it after, so a run that stops half-way, or two runs, never send it twice, and
 * a message recorded before (sending, waiting for a retry, or left by a crash) is left to the
 * queue. The award is written once per reminder, when its message is over (`settled`): listed
 * when delivered, the error kept when it failed for good, and `reminded` set in the same write;
 * the run writes those of its own messages a batch at a time.
 * After downtime only the latest due reminder goes. Opting out, accepting, declining and revoking
 * are checked again when the message is composed, so they stop a reminder already queued. A
 * lease in the store lets one instance run.
 */
export function createReminderJob(deps: ReminderJobDeps) {
  const { awards, clock, logger } = deps;
  const batchSize = deps.batchSize ?? BATCH;
  const leaseMs = deps.leaseMs ?? LEASE_MS;

  async function optedOut(emails: readonly string[]): Promise<Set<string>> {
    const accounts = await deps.accounts.find({ email: { $in: [...new Set(emails)] }, reminders: false });
    return new Set(accounts.map((account) => account.email));
  }

  /** Adds a message's outcome to the run's counts: over, or still with the queue. */
  function count(message: MailRecord | undefined, counts: Counts): void {
    if (message?.status === 'sent') counts.sent++;
    else if (message?.status === 'cancelled') counts.skipped++;
    else if (message?.status === 'failed') counts.failed++;
    else counts.retrying++;
  }

  /** Award writes asked for in the current turn, by what they write (see `settled`). */
  let settling: SettleGroup | undefined;
  let settlingDone: Promise<void> = Promise.resolve();
  /**
   * Each running run's messages, whose awards it writes itself once they are over, a batch's at
   * a time (see `settled`): `keys` recorded by the run and not over yet, `over` those over whose
   * award is still to be written. Usually one run; two overlap when a run outlives its lease
   * (a stalled SMTP server) and the next one starts, so each keeps its own.
   */
  const runsOwn = new Set<OwnMessages>();

  async function writeSettled(group: SettleGroup): Promise<void> {
    await Promise.all(
      [...group.values()].map(({ n, update, ids }) =>
        awards.updateMany(
          { _id: { $in: ids }, $or: [{ reminded: { $exists: false } }, { reminded: { $lt: n } }] },
          update,
        ),
      ),
    );
  }

  /** What a reminder's outcome writes on its award; undefined for any other message, or one that may still go. */
  function outcomeOf(message: MailRecord): { awardId: string; n: number; update: Update } | undefined {
    const match = REMINDER_KEY.exec(message._id);
    if (match === null || message.template !== 'reminder' || !SETTLED.has(message.status)) return undefined;
    const [, awardId, digits] = match;
    const n = Number(digits);
    const update: Update =
      message.status === 'sent'
        ? { $set: { reminded: n }, $push: { reminders: { n, sentAt: message.sentAt ?? clock.now().toISOString() } } }
        : message.status === 'failed'
          ? { $set: { reminded: n, reminderError: { n, error: message.lastError ?? 'unknown' } } }
          : { $set: { reminded: n } };
    return { awardId: awardId!, n, update };
  }

  /** Adds an outcome to a group of award writes, with the others that write the same. */
  function addTo(group: SettleGroup, { awardId, n, update }: { awardId: string; n: number; update: Update }): void {
    const key = JSON.stringify(update);
    const same = group.get(key);
    if (same === undefined) group.set(key, { n, update, ids: [awardId] });
    else same.ids.push(awardId);
  }

  /** Writes the awards of the run's messages over so far: one store write per distinct update, one commit. */
  async function writeOwn(over: readonly MailRecord[]): Promise<void> {
    const group: SettleGroup = new Map();
    for (const message of over) {
      const outcome = outcomeOf(message);
      if (outcome !== undefined) addTo(group, outcome);
    }
    if (group.size > 0) await writeSettled(group);
  }

  /**
   * Writes a reminder's outcome on its award, in one write: `reminded` (so later runs pass it
   * by), and the delivery listed or the permanent failure kept. Nothing while it may still go.
   * Once only: an award whose `reminded` has reached `n` is left as it is. A message the running
   * run recorded is written by the run, with the rest of its batch, once the batch is over (far
   * fewer commits than one per delivery): should the process stop before, the next run finds
   * the message over and writes its award then. Any other (a retry, a message recorded by a run
   * that stopped) is written at once; the outcomes reported in one turn that write the same are
   * one store write.
   */
  function settled(message: MailRecord): Promise<void> {
    const outcome = outcomeOf(message);
    if (outcome === undefined) return Promise.resolve();
    for (const own of runsOwn) {
      if (own.keys.delete(message._id)) {
        own.over.push(message);
        return Promise.resolve();
      }
    }
    if (settling === undefined) {
      const group: SettleGroup = new Map();
      settling = group;
      settlingDone = new Promise<void>((resolve) => queueMicrotask(resolve)).then(() => {
        settling = undefined;
        return writeSettled(group);
      });
    }
    addTo(settling, outcome);
    return settlingDone;
  }

  /**
   * One batch in a few store reads and one write whatever its size: the batch's messages
   * recorded at once (`enqueueMany`); the awards are written when their messages are over. The
   * awards of recipients who opted out are marked at once (one write per reminder number).
   * Messages recorded before are not this run's: the queue has them, and one over whose award
   * was not written (a crash in between) is written now. The messages recorded are counted as
   * the queue's events report their outcome; returns how many they are.
   */
  async function runBatch(
    batch: readonly AwardRecord[],
    now: Date,
    counts: Counts,
    pending: Outcomes,
    own: OwnMessages,
  ): Promise<number> {
    const due = batch
      .map((award) => ({ award, n: dueReminder(new Date(award.issuedOn), now, deps.schedule) }))
      .filter(({ award, n }) => n > (award.reminded ?? 0));
    if (due.length === 0) return 0;
    const stopped = await optedOut(due.map(({ award }) => award.recipientEmail));
    const requests: MailRequest[] = [];
    const skipped = new Map<number, string[]>();
    for (const { award, n } of due) {
      if (stopped.has(award.recipientEmail)) {
        counts.due++;
        counts.skipped++;
        skipped.set(n, [...(skipped.get(n) ?? []), award._id]);
      } else {
        requests.push({
          key: reminderMailKey(award._id, n),
          template: 'reminder',
          lang: award.recipientLocale,
          to: award.recipientEmail,
          awardId: award._id,
          data: { n },
        });
      }
    }
    for (const [n, ids] of skipped) await awards.updateMany({ _id: { $in: ids } }, { $set: { reminded: n } });
    // Heard of from now on: a message may be over before enqueueMany returns.
    pending.expect(requests.map((request) => request.key));
    for (const request of requests) own.keys.add(request.key);
    const known = await deps.queue().enqueueMany(requests);
    // Recorded before: not this run's (one over is written below, as any other).
    for (const message of known) own.keys.delete(message._id);
    pending.recorded(known.map((message) => message._id));
    counts.due += requests.length - known.length;
    for (const message of known) if (SETTLED.has(message.status)) await settled(message);
    return requests.length - known.length;
  }

  /**
   * The run's messages still to be heard of: each one's first outcome (sent, cancelled, failed,
   * or waiting for its retry), as the queue's `updated` event reports it, is counted, once, and
   * only for the messages this run recorded. Should the queue fall idle with some unheard of
   * (another sender took one over), they are read instead.
   */
  function outcomes(queue: Pick<MailQueue, 'events' | 'kick'>, counts: Counts): Outcomes {
    const waiting = new Set<string>();
    /** Keys being recorded, with any outcome heard meanwhile. */
    let expected = new Map<string, MailRecord | undefined>();
    let wake: { size: number; resolve: () => void } | undefined;
    const heard = (message: MailRecord) => {
      if (expected.has(message._id)) {
        if (expected.get(message._id) === undefined) expected.set(message._id, message);
        return;
      }
      if (!waiting.delete(message._id)) return;
      count(message, counts);
      if (wake !== undefined && waiting.size <= wake.size) {
        wake.resolve();
        wake = undefined;
      }
    };
    queue.events.on('updated', heard);
    const atMost = (size: number) =>
      new Promise<void>((resolve) => {
        if (waiting.size <= size) resolve();
        else wake = { size, resolve };
      });
    return {
      expect(keys: readonly string[]) {
        expected = new Map(keys.map((key) => [key, undefined]));
      },
      recorded(known: readonly string[]) {
        const before = new Set(known);
        for (const [key, outcome] of expected) {
          if (before.has(key)) continue;
          if (outcome === undefined) waiting.add(key);
          else count(outcome, counts);
        }
        expected = new Map();
      },
      /** Resolves once at most `size` are still to be heard of. */
      async atMost(size: number): Promise<void> {
        await Promise.race([atMost(size), queue.kick()]);
        if (waiting.size <= size) return;
        const read = new Map((await deps.mail.find({ _id: { $in: [...waiting] } })).map((m) => [m._id, m]));
        for (const key of waiting) count(read.get(key), counts);
        waiting.clear();
      },
      stop() {
        queue.events.off('updated', heard);
      },
    };
  }

  return {
    /**
     * Runs the job now; null when another run holds the lease. The next batch is read and
     * recorded while the queue sends the one before, so sending never waits for the store: at
     * most two batches' messages are outstanding, and memory stays bounded by the batch size.
     */
    async run(): Promise<ReminderRun | null> {
      const lease = await deps.leases.take(REMINDER_LEASE, leaseMs);
      if (lease === null) {
        logger.info('the reminder job is running elsewhere');
        return null;
      }
      const counts = { due: 0, sent: 0, failed: 0, skipped: 0, retrying: 0 };
      const pending = outcomes(deps.queue(), counts);
      const own: OwnMessages = { keys: new Set(), over: [] };
      runsOwn.add(own);
      const writeOver = () => {
        const over = own.over;
        own.over = [];
        return writeOwn(over);
      };
      try {
        const now = clock.now();
        let leased = true;
        for (const [settledUpTo, next] of deps.schedule.entries()) {
          if (!leased) break;
          // The awards whose last reminder settled is the `settledUpTo`-th, issued early enough
          // for the next to be due: a range of the index, read in `_id` pages.
          const issuedBy = latestIssuedOnText(now, next);
          for (let after = ''; ; ) {
            const batch = await awards.find(
              {
                status: 'pending',
                reminded: settledUpTo === 0 ? null : settledUpTo,
                issuedOn: { $lte: issuedBy },
                _id: { $gt: after },
              },
              { sort: { _id: 1 }, limit: batchSize },
            );
            if (batch.length === 0) break;
            after = batch.at(-1)!._id;
            const recorded = await runBatch(batch, now, counts, pending, own);
            // The batch before is over before the next is read; its awards are written meanwhile.
            await pending.atMost(recorded);
            await writeOver();
            leased = await lease.renew();
            if (!leased) {
              logger.warn('the reminder job lost its lease; another instance goes on');
              break;
            }
            if (batch.length < batchSize) break;
          }
        }
        await pending.atMost(0);
      } finally {
        pending.stop();
        // Outcomes heard from now on (messages left with the queue) are written as they come.
        runsOwn.delete(own);
        try {
          await writeOwn(own.over);
        } finally {
          await lease.release();
        }
      }
      logger.info(counts, 'reminder job ran');
      return counts;
    },

    settled,
  };
}

export type ReminderJob = ReturnType<typeof createReminderJob>;
