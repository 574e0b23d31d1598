import { yieldToEventLoop } from '../../eventLoop.js';
import type { Collection, Filter } from '../../ports/store.js';
import type { AwardRecord } from '../awards/awardRecord.js';
import type { MailQueue } from './mailQueue.js';
import type { MailRecord, MailRequest } from './mailRecord.js';

const SWEEP_BATCH = 500;

/**
 * What one pass of the sweep did: the emails it queued (an award issued while it runs may be
 * counted here rather than by its own request, whichever queued it first), whether it stopped for
 * a close, and the store's failure that ended it early, if one did.
 */
export interface SweepPass {
  readonly queued: number;
  readonly stopped: boolean;
  readonly failure?: unknown;
}

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
     * before the next award; what it left is swept at the next start. A failing store ends the
     * pass with what it queued and the failure, for the caller to try again.
     */
    async sweep(stopping: () => boolean = () => false): Promise<SweepPass> {
      let after = '';
      let queued = 0;
      try {
        for (;;) {
          await yieldToEventLoop();
          if (stopping()) return { queued, stopped: true };
          const batch = await deps.awards.find(awaitingMail(after), { sort: { _id: 1 }, limit: SWEEP_BATCH });
          if (batch.length === 0) return { queued, stopped: false };
          after = batch.at(-1)!._id;
          const keys = batch.map((award) => awardMailKey(award._id));
          const present = new Set((await deps.mail.find({ _id: { $in: keys } })).map((message) => message._id));
          for (const award of batch) {
            if (stopping()) return { queued, stopped: true };
            if (present.has(awardMailKey(award._id))) continue;
            if (await deps.queue().enqueue(awardMailRequest(award))) queued++;
          }
        }
      } catch (failure) {
        return { queued, stopped: false, failure };
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
