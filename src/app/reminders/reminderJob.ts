import type { Clock } from '../../ports/clock.js';
import type { Logger } from '../../ports/logger.js';
import type { Collection } from '../../ports/store.js';
import type { AwardRecord } from '../awards/awardRecord.js';
import type { AccountRecord } from '../candidates/accounts.js';
import type { MailQueue } from '../mail/mailQueue.js';
import type { MailRecord, MailRequest } from '../mail/mailRecord.js';
import type { JobLeases } from './jobLease.js';
import { dueReminder, type IsoDuration } from './reminderSchedule.js';

/** What one run did: reminders due, delivered, not delivered (retried or failed for good), skipped. */
export interface ReminderRun {
  readonly due: number;
  readonly sent: number;
  readonly failed: number;
  readonly skipped: number;
}

export const REMINDER_LEASE = 'reminders';
const BATCH = 500;
const LEASE_MS = 10 * 60_000;

/** The queue key of reminder `n` of an award: at most one message each, whoever asks again. */
export function reminderMailKey(awardId: string, n: number): string {
  return `reminder.${awardId}.${n}`;
}

const REMINDER_KEY = /^reminder\.(.+)\.(\d+)$/;

export interface ReminderJobDeps {
  readonly awards: Collection<AwardRecord>;
  readonly accounts: Collection<AccountRecord>;
  readonly mail: Collection<MailRecord>;
  readonly queue: () => Pick<MailQueue, 'enqueueMany' | 'kick'>;
  readonly leases: JobLeases;
  readonly schedule: readonly IsoDuration[];
  readonly clock: Clock;
  readonly logger: Logger;
  readonly batchSize?: number;
  readonly leaseMs?: number;
}

/**
 * The reminder job: reminds recipients of badges still `pending`, on the schedule counted from
 * `issuedOn`. It reads the pending awards in `_id` batches (memory bounded by the batch, whatever
 * the queue), and for each award whose latest due reminder `n` is later than the last one
 * recorded (`reminded`), queues reminder `n` under its own key: the mail queue records the message
 * before sending and marks it after, so a run that stops half-way, or two runs, never send it
 * twice, and the next run finishes what a crash left. After downtime only the latest due reminder
 * goes. Opting out, accepting, declining and revoking are checked again when the message is
 * composed, so they stop a reminder already queued. A lease in the store lets one instance run.
 */
export function createReminderJob(deps: ReminderJobDeps) {
  const { awards, clock, logger } = deps;
  const batchSize = deps.batchSize ?? BATCH;
  const leaseMs = deps.leaseMs ?? LEASE_MS;

  async function optedOut(emails: readonly string[]): Promise<Set<string>> {
    const accounts = await deps.accounts.find({ email: { $in: [...new Set(emails)] }, reminders: false });
    return new Set(accounts.map((account) => account.email));
  }

  /**
   * One batch in a few store writes whatever its size: the batch's messages recorded in one
   * (`enqueueMany`), then its awards marked, one write per reminder number. Recorded before
   * marked, so a crash in between leaves messages the next run finds recorded (a no-op) and marks.
   */
  async function runBatch(batch: readonly AwardRecord[], now: Date, counts: Record<keyof ReminderRun, number>) {
    const due = batch
      .map((award) => ({ award, n: dueReminder(new Date(award.issuedOn), now, deps.schedule) }))
      .filter(({ award, n }) => n > (award.reminded ?? 0));
    if (due.length === 0) return;
    const stopped = await optedOut(due.map(({ award }) => award.recipientEmail));
    const requests: MailRequest[] = [];
    const byNumber = new Map<number, string[]>();
    for (const { award, n } of due) {
      counts.due++;
      if (stopped.has(award.recipientEmail)) {
        counts.skipped++;
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
      const ids = byNumber.get(n) ?? [];
      ids.push(award._id);
      byNumber.set(n, ids);
    }
    await deps.queue().enqueueMany(requests);
    for (const [n, ids] of byNumber) await awards.updateMany({ _id: { $in: ids } }, { $set: { reminded: n } });
    if (requests.length === 0) return;
    await deps.queue().kick();
    for (const message of await deps.mail.find({ _id: { $in: requests.map((request) => request.key) } })) {
      if (message.status === 'sent') counts.sent++;
      else if (message.status === 'cancelled') counts.skipped++;
      else counts.failed++;
    }
  }

  return {
    /** Runs the job now; null when another run holds the lease. */
    async run(): Promise<ReminderRun | null> {
      const lease = await deps.leases.take(REMINDER_LEASE, leaseMs);
      if (lease === null) {
        logger.info('the reminder job is running elsewhere');
        return null;
      }
      const counts = { due: 0, sent: 0, failed: 0, skipped: 0 };
      try {
        const now = clock.now();
        let after = '';
        for (;;) {
          const batch = await awards.find(
            { status: 'pending', _id: { $gt: after } },
            { sort: { _id: 1 }, limit: batchSize },
          );
          if (batch.length === 0) break;
          after = batch.at(-1)!._id;
          await runBatch(batch, now, counts);
          if (!(await lease.renew())) {
            logger.warn('the reminder job lost its lease; another instance goes on');
            break;
          }
        }
      } finally {
        await lease.release();
      }
      logger.info(counts, 'reminder job ran');
      return counts;
    },

    /** Writes a reminder's outcome on its award: sent ones listed, a permanent failure kept. */
    async settled(message: MailRecord): Promise<void> {
      const match = REMINDER_KEY.exec(message._id);
      if (match === null || message.template !== 'reminder') return;
      const [, awardId, n] = match;
      if (message.status === 'sent') {
        await awards.updateMany(
          { _id: awardId },
          { $push: { reminders: { n: Number(n), sentAt: message.sentAt ?? clock.now().toISOString() } } },
        );
      } else if (message.status === 'failed') {
        await awards.updateMany(
          { _id: awardId },
          { $set: { reminderError: { n: Number(n), error: message.lastError ?? 'unknown' } } },
        );
      }
    },
  };
}

export type ReminderJob = ReturnType<typeof createReminderJob>;
