import type { AwardRecord } from '../../src/app/awards/awardRecord.js';
import type { Collection } from '../../src/ports/store.js';

/**
 * Stores `count` pending awards still waiting for their email and with no message queued, as a
 * crash between an award's write and its message's leaves them; returns their ids, in order.
 */
export async function insertAwardsLeftWithoutMail(awards: Collection<AwardRecord>, count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, (_, n) => `left-${String(n).padStart(4, '0')}`);
  await awards.insertMany(
    ids.map(
      (id) =>
        ({
          _id: id,
          recipientEmail: `${id}@example.org`,
          recipientLocale: 'en',
          status: 'pending',
          notification: 'queued',
          dedupeKey: id,
        }) as unknown as AwardRecord,
    ),
  );
  return ids;
}
