import type { Collection, Filter } from '../../ports/store.js';
import type { AwardRecord } from '../awards/awardRecord.js';
import { yieldToEventLoop } from '../bulk/bulkBody.js';
import type { MailQueue } from './mailQueue.js';
import type { MailRecord, MailRequest } from './mailRecord.js';

const SWEEP_BATCH = 500;

/** The queue key of an award's own email: one per award, whoever asks for it. */
export function awardMailKey(awardId: string): string {
  return `award.${awardId}`;
}

function awardMailRequest(award: AwardRecord): MailRequest {
  return {
    key: awardMailKey(award._id),
    template: award.status === 'accepted' ? 'newBadge' : 'award',
    lang: award.recipientLocale,
    to: award.recipientEmail,
    awardId: award._id,
  };
}

/**
 * The awards whose email may be missing, after `after` in `_id` order: those still `queued` (a
 * crash may have come between the award's write and its message's). Read a page at a time from
 * the awards' (notification, _id) index, which gives them in order.
 */
export function awaitingMail(after: string): Filter {
  return { notification: 'queued', _id: { $gt: after } };
}

/**
 * The email every new award gets: queued right after the award is stored, and, for an award a
 * crash left without its message, at the next start (awards still `notification: queued` whose
 * message is missing). When the message is over, its outcome is written on the award, where the
 * admin API shows it.
 */
export function createAwardNotifications(deps: {
  readonly awards: Collection<AwardRecord>;
  readonly mail: Collection<MailRecord>;
  readonly queue: () => Pick<MailQueue, 'enqueue'>;
}) {
  return {
    async issued(award: AwardRecord): Promise<void> {
      await deps.queue().enqueue(awardMailRequest(award));
    },

    /**
     * Queues the email of every award still waiting for one that has no message yet, a page at a
     * time with a turn of the event loop before each, so that it runs beside the requests (after a
     * burst of issuance tens of thousands of awards may wait, each read here). `stopping` ends it
     * before the next page; what it left is swept at the next start.
     */
    async sweep(stopping: () => boolean = () => false): Promise<number> {
      let after = '';
      let added = 0;
      for (;;) {
        await yieldToEventLoop();
        if (stopping()) return added;
        const batch = await deps.awards.find(awaitingMail(after), { sort: { _id: 1 }, limit: SWEEP_BATCH });
        if (batch.length === 0) return added;
        after = batch.at(-1)!._id;
        const keys = batch.map((award) => awardMailKey(award._id));
        const present = new Set((await deps.mail.find({ _id: { $in: keys } })).map((message) => message._id));
        for (const award of batch) {
          if (present.has(awardMailKey(award._id))) continue;
          if (await deps.queue().enqueue(awardMailRequest(award))) added++;
        }
      }
    },

    async settled(message: MailRecord): Promise<void> {
      if (message.awardId === undefined || message._id !== awardMailKey(message.awardId)) return;
      const status = message.status === 'sent' || message.status === 'cancelled' ? message.status : 'failed';
      await deps.awards.updateMany(
        { _id: message.awardId },
        status === 'failed'
          ? { $set: { notification: status, notificationError: message.lastError ?? 'unknown' } }
          : { $set: { notification: status } },
      );
    },
  };
}

export type AwardNotifications = ReturnType<typeof createAwardNotifications>;
