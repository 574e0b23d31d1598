import { isAccoladeError } from '../../errors.js';
import type { Clock } from '../../ports/clock.js';
import type { Collection } from '../../ports/store.js';
import {
  type BulkCounts,
  type BulkJobRecord,
  type BulkResultRecord,
  ofJob,
  type RowOutcome,
  type RowResult,
} from './bulkRecords.js';

type CountName = keyof Omit<BulkCounts, 'total'>;

const COUNTED_AS: Readonly<Record<RowOutcome, CountName>> = {
  created: 'succeeded',
  replayed: 'succeeded',
  duplicate: 'duplicates',
  failed: 'failed',
};

function noCounts(): Record<CountName, number> {
  return { processed: 0, succeeded: 0, duplicates: 0, failed: 0 };
}

export function leaseUntil(clock: Clock, leaseMs: number): string {
  return new Date(clock.now().getTime() + leaseMs).toISOString();
}

/** Inserts results in order; one already there (written by another instance) keeps its first value. */
export async function insertResults(
  results: Collection<BulkResultRecord>,
  batch: readonly BulkResultRecord[],
): Promise<void> {
  try {
    await results.insertMany(batch);
  } catch (error) {
    if (!isAccoladeError(error) || error.code !== 'conflict') throw error;
    for (const result of batch) {
      await results.insertOne(result).catch((conflict: unknown) => {
        if (!isAccoladeError(conflict) || conflict.code !== 'conflict') throw conflict;
      });
    }
  }
}

/**
 * A running job's results and counts, kept in memory and written in batches (every `flushEvery`
 * rows and on the runner's timer): the results with one insertMany, then the counts with `$inc`,
 * which also renews the worker's lease. A crash loses at most the unwritten batch; its rows are
 * applied again on resume and replay under their idempotency keys (see applyRow), so nothing is
 * issued twice. The result documents are the truth: `recount` reads the counts from them.
 */
export function createJobProgress(options: {
  readonly jobs: Collection<BulkJobRecord>;
  readonly results: Collection<BulkResultRecord>;
  readonly jobId: string;
  readonly owner: string;
  readonly clock: Clock;
  readonly leaseMs: number;
  readonly flushEvery: number;
}) {
  const { jobs, results, jobId, owner, clock, leaseMs, flushEvery } = options;
  let buffered: BulkResultRecord[] = [];
  let counts = noCounts();
  let chain: Promise<void> = Promise.resolve();
  let leaseLost = false;

  async function write(): Promise<void> {
    const batch = buffered;
    const deltas = counts;
    buffered = [];
    counts = noCounts();
    try {
      if (batch.length > 0) await insertResults(results, batch);
      const $inc = Object.fromEntries(
        Object.entries(deltas)
          .filter(([, n]) => n !== 0)
          .map(([name, n]) => [`counts.${name}`, n]),
      );
      const renewed = await jobs.findOneAndUpdate(
        { _id: jobId, owner },
        { ...(Object.keys($inc).length === 0 ? {} : { $inc }), $set: { leaseExpiresAt: leaseUntil(clock, leaseMs) } },
      );
      // Another instance took the job over (our lease ran out); it recounts from the results.
      if (renewed === null) leaseLost = true;
    } catch (error) {
      // Kept for the next write (a result already stored is skipped then); the runner stops the
      // job if the store stays away.
      buffered = [...batch, ...buffered];
      for (const name of Object.keys(deltas) as CountName[]) counts[name] += deltas[name];
      throw error;
    }
  }

  function flush(): Promise<void> {
    chain = chain.catch(() => undefined).then(write);
    return chain;
  }

  return {
    record(row: { readonly _id: string; readonly index: number }, result: RowResult): void {
      buffered.push({ _id: row._id, jobId, index: row.index, ...result });
      counts.processed += 1;
      counts[COUNTED_AS[result.status]] += 1;
      if (buffered.length >= flushEvery) void flush().catch(() => undefined);
    },
    flush,
    get leaseLost() {
      return leaseLost;
    },
  };
}

/** The counts as the result documents tell them. */
export async function recount(
  results: Collection<BulkResultRecord>,
  jobId: string,
  total: number,
): Promise<BulkCounts> {
  const countOf = (status: RowOutcome) => results.count({ ...ofJob(jobId), status });
  const [created, replayed, duplicates, failed] = await Promise.all([
    countOf('created'),
    countOf('replayed'),
    countOf('duplicate'),
    countOf('failed'),
  ]);
  const succeeded = created + replayed;
  return { total, processed: succeeded + duplicates + failed, succeeded, duplicates, failed };
}
