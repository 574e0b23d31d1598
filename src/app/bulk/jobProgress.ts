import type { Clock } from '../../ports/clock.js';
import type { Collection } from '../../ports/store.js';
import type { BulkCounts, BulkJobRecord, BulkRowRecord, RowOutcome } from './bulkRecords.js';

type CountName = keyof Omit<BulkCounts, 'total'>;

const COUNTED_AS: Readonly<Record<RowOutcome, CountName>> = {
  created: 'succeeded',
  replayed: 'succeeded',
  duplicate: 'duplicates',
  failed: 'failed',
};

export function leaseUntil(clock: Clock, leaseMs: number): string {
  return new Date(clock.now().getTime() + leaseMs).toISOString();
}

/**
 * A job's counts, kept in memory and written with `$inc` in batches (every `flushEvery` rows and
 * on a timer), each write also renewing the worker's lease. The row documents are the truth; a
 * crash between two writes leaves the counts behind, and `recount` puts them right on resume.
 */
export function createJobProgress(options: {
  readonly jobs: Collection<BulkJobRecord>;
  readonly jobId: string;
  readonly owner: string;
  readonly clock: Clock;
  readonly leaseMs: number;
  readonly flushEvery: number;
}) {
  const { jobs, jobId, owner, clock, leaseMs, flushEvery } = options;
  let pending: Record<CountName, number> = { processed: 0, succeeded: 0, duplicates: 0, failed: 0 };
  let unflushed = 0;
  let chain: Promise<void> = Promise.resolve();
  let leaseLost = false;

  async function write(): Promise<void> {
    const deltas = pending;
    pending = { processed: 0, succeeded: 0, duplicates: 0, failed: 0 };
    unflushed = 0;
    const $inc = Object.fromEntries(
      Object.entries(deltas)
        .filter(([, n]) => n !== 0)
        .map(([name, n]) => [`counts.${name}`, n]),
    );
    let renewed: BulkJobRecord | null;
    try {
      renewed = await jobs.findOneAndUpdate(
        { _id: jobId, owner },
        { ...(Object.keys($inc).length === 0 ? {} : { $inc }), $set: { leaseExpiresAt: leaseUntil(clock, leaseMs) } },
      );
    } catch (error) {
      // Kept for the next write; the runner stops the job if the store stays away.
      for (const name of Object.keys(deltas) as CountName[]) pending[name] += deltas[name];
      throw error;
    }
    // Another instance took the job over (our lease ran out): it recounts from the rows.
    if (renewed === null) leaseLost = true;
  }

  function flush(): Promise<void> {
    chain = chain.catch(() => undefined).then(write);
    return chain;
  }

  return {
    count(outcome: RowOutcome): void {
      pending.processed += 1;
      pending[COUNTED_AS[outcome]] += 1;
      unflushed += 1;
      if (unflushed >= flushEvery) void flush().catch(() => undefined);
    },
    flush,
    get leaseLost() {
      return leaseLost;
    },
  };
}

/** The counts as the row documents tell them: for a job resumed after a crash. */
export async function recount(rows: Collection<BulkRowRecord>, jobId: string, total: number): Promise<BulkCounts> {
  const countOf = (status: RowOutcome) => rows.count({ jobId, 'result.status': status });
  const [created, replayed, duplicates, failed] = await Promise.all([
    countOf('created'),
    countOf('replayed'),
    countOf('duplicate'),
    countOf('failed'),
  ]);
  const succeeded = created + replayed;
  return { total, processed: succeeded + duplicates + failed, succeeded, duplicates, failed };
}
