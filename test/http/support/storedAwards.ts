import { openDatabase } from '../../../src/adapters/store/openDatabase.js';
import { AWARDS_COLLECTION, type AwardRecord, type AwardStatus } from '../../../src/app/awards/awardRecord.js';

/**
 * Sets an award's status straight in a stopped service's embedded store, for statuses no API of
 * this service sets yet (a recipient declining). The store has one owner at a time, so the
 * service must be closed (with `keepData`) before and started again on `dataDir` after.
 */
export async function setStoredAwardStatus(dataDir: string, awardId: string, status: AwardStatus): Promise<void> {
  const database = await openDatabase({ dataDir });
  try {
    const awards = await database.collection<AwardRecord>(AWARDS_COLLECTION);
    const updated = await awards.findOneAndUpdate({ _id: awardId }, { $set: { status } });
    if (updated === null) throw new Error(`No award ${awardId} in ${dataDir}`);
  } finally {
    await database.close();
  }
}
