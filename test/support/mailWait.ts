import { once } from 'node:events';
import type { MailQueue } from '../../src/app/mail/mailQueue.js';
import type { MailRecord } from '../../src/app/mail/mailRecord.js';

/**
 * Waits until the queued message `key` satisfies `done`, looking again after each outcome the
 * queue records (an event, never a timer). Bounded by a count of outcomes, not by time.
 */
export async function waitForMail(
  queue: Pick<MailQueue, 'events' | 'find'>,
  key: string,
  done: (record: MailRecord) => boolean,
  maxOutcomes = 10_000,
): Promise<MailRecord> {
  for (let seen = 0; seen <= maxOutcomes; seen++) {
    const next = once(queue.events, 'updated');
    const record = await queue.find(key);
    if (record !== null && done(record)) return record;
    await next;
  }
  throw new Error(`The message ${key} did not reach the awaited state within ${maxOutcomes} outcomes`);
}

export const isSettled = (record: MailRecord): boolean =>
  record.status === 'sent' || record.status === 'failed' || record.status === 'cancelled';
