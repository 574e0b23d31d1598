import type { Clock } from '../../ports/clock.js';
import type { Collection } from '../../ports/store.js';
import {
  type BulkCounts,
  type BulkJobRecord,
  type BulkResultChunk,
  forEachResult,
  type IndexedRowResult,
  type RowOutcome,
  type RowResult,
  resultChunks,
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

function tally(counts: Record<CountName, number>, result: RowResult): void {
  counts.processed += 1;
  counts[COUNTED_AS[result.status]] += 1;
}

export function leaseUntil(clock: Clock, leaseMs: number): string {
  return new Date(clock.now().getTime() + leaseMs).toISOString();
}

/**
 * A running job's results and counts, kept in memory and written in batches (every `flushEvery`
 * rows and on the runner's timer): the results as one chunk document, then the counts with `$inc`,
 * which also renews the worker's lease. A crash loses at most the unwritten batch; its rows are
 * applied again on resume and replay under their idempotency keys (see applyRow), so nothing is
 * issued twice. The result chunks are the truth: `recount` reads the counts from them.
 */
export function createJobProgress(options: {
  readonly jobs: Collection<BulkJobRecord>;
  readonly results: Collection<BulkResultChunk>;
  readonly jobId: string;
  readonly owner: string;
  readonly clock: Clock;
  readonly leaseMs: number;
  readonly flushEvery: number;
}) {
  const { jobs, results, jobId, owner, clock, leaseMs, flushEvery } = options;
  let buffered: IndexedRowResult[] = [];
  let counts = noCounts();
  let chain: Promise<void> = Promise.resolve();
  let leaseLost = false;
  let writing = false;

  async function write(): Promise<void> {
    const batch = buffered;
    const deltas = counts;
    buffered = [];
    counts = noCounts();
    try {
      // A retried batch gets a new chunk id: should its first insert have reached the store after
      // all, the second copy changes nothing (see resultsByIndex).
      if (batch.length > 0) await results.insertMany(resultChunks(jobId, batch));
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
      // Kept for the next write; the runner stops the job if the store stays away.
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
    record(row: { readonly index: number }, result: RowResult): void {
      buffered.push({ index: row.index, ...result });
      tally(counts, result);
      // One batch written at a time: rows recorded while it is written wait for the next one,
      // rather than each queueing a write of its own (chunks of a few rows).
      if (buffered.length >= flushEvery && !writing) {
        writing = true;
        void flush()
          .catch(() => undefined)
          .finally(() => {
            writing = false;
          });
      }
    },
    flush,
    get leaseLost() {
      return leaseLost;
    },
  };
}

/** The counts as the result chunks tell them, each row counted once (its first result, see resultsByIndex). */
export async function recount(results: Collection<BulkResultChunk>, jobId: string, total: number): Promise<BulkCounts> {
  const counts = noCounts();
  const seen = new Set<number>();
  await forEachResult(results, jobId, (result) => {
    if (seen.has(result.index)) return;
    seen.add(result.index);
    tally(counts, result);
  });
  return { total, ...counts };
}
