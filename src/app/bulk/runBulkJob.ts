import type { Clock } from '../../ports/clock.js';
import type { Logger } from '../../ports/logger.js';
import type { Filter } from '../../ports/store.js';
import type { IssueAward } from '../awards/issueAward.js';
import { applyRow, stopsTheJob } from './applyRow.js';
import { createTurnGate } from './bulkBody.js';
import { type BulkCollections, type BulkJobRecord, ofJob, readResults, resultsByIndex } from './bulkRecords.js';
import { createJobProgress, leaseUntil, recount } from './jobProgress.js';
import { groupByRecipient, type PendingRow } from './orderRows.js';

export interface RunBulkJobDeps {
  readonly collections: BulkCollections;
  readonly issueAward: IssueAward;
  readonly clock: Clock;
  readonly logger: Logger;
  /** How many recipients are worked on at once; each recipient's rows run one after another. */
  readonly concurrency: number;
  /** Rows started per turn of the event loop, all workers together. */
  readonly rowsPerTurn: number;
  /** This service instance. */
  readonly owner: string;
  readonly leaseMs: number;
  readonly flushEvery: number;
  readonly flushIntervalMs: number;
  /** One process owns the store (embedded): a job marked running was left by a stopped process. */
  readonly exclusive: boolean;
  /** True once the service is closing: rows in flight finish, no new row starts. */
  readonly stopping: () => boolean;
}

export type RunOutcome = 'completed' | 'stopped' | 'not_claimed';

/** Unfinished jobs this instance may take: its lease (if any) has run out, or nobody else can hold one. */
export function claimableFilter(jobId: string, exclusive: boolean, nowIso: string): Filter {
  if (exclusive) return { _id: jobId, status: { $in: ['queued', 'running'] } };
  return {
    _id: jobId,
    $or: [{ status: 'queued' }, { status: 'running', leaseExpiresAt: { $lte: nowIso } }],
  };
}

async function claim(jobId: string, deps: RunBulkJobDeps): Promise<BulkJobRecord | null> {
  const { jobs, results } = deps.collections;
  const now = deps.clock.now().toISOString();
  const claimed = await jobs.findOneAndUpdate(claimableFilter(jobId, deps.exclusive, now), {
    $set: { status: 'running', owner: deps.owner, leaseExpiresAt: leaseUntil(deps.clock, deps.leaseMs) },
  });
  if (claimed === null) return null;
  if (claimed.startedAt === undefined) {
    return jobs.findOneAndUpdate({ _id: jobId, owner: deps.owner }, { $set: { startedAt: now } });
  }
  // Resumed: counts written in batches may lag the results, which are the truth.
  const counts = await recount(results, jobId, claimed.counts.total);
  return jobs.findOneAndUpdate({ _id: jobId, owner: deps.owner }, { $set: { counts } });
}

/** The rows of a job without a result yet. */
async function pendingRows(collections: BulkCollections, jobId: string): Promise<PendingRow[]> {
  const done = resultsByIndex(await readResults(collections.results, jobId));
  const pending: PendingRow[] = [];
  for (const chunk of await collections.rows.find(ofJob(jobId))) {
    for (const row of chunk.rows) if (!done.has(row.index)) pending.push(row);
  }
  return pending;
}

/**
 * Applies the rows of one job that have no result yet. Recipients are worked on `concurrency` at
 * a time, each recipient's rows in `earnedOn` order (see groupByRecipient). Results are written
 * in batches (see createJobProgress); a row that has a result is never applied again, whoever
 * resumes the job.
 */
export async function runBulkJob(jobId: string, deps: RunBulkJobDeps): Promise<RunOutcome> {
  const { collections, logger } = deps;
  const job = await claim(jobId, deps);
  if (job === null) return 'not_claimed';
  const pending = await pendingRows(collections, jobId);
  const groups = groupByRecipient(pending);
  let remaining = pending.length;
  pending.length = 0;
  logger.info({ jobId, pendingRows: remaining, processedBefore: job.counts.processed }, 'bulk job started');

  const progress = createJobProgress({
    jobs: collections.jobs,
    results: collections.results,
    jobId,
    owner: deps.owner,
    clock: deps.clock,
    leaseMs: deps.leaseMs,
    flushEvery: deps.flushEvery,
  });
  const timer = setInterval(() => void progress.flush().catch(() => undefined), deps.flushIntervalMs);
  timer.unref();
  let failure: unknown;
  const halted = () => deps.stopping() || progress.leaseLost || failure !== undefined;

  const nextTurn = createTurnGate(deps.rowsPerTurn);
  let next = 0;
  async function worker(): Promise<void> {
    while (!halted()) {
      const at = next++;
      const group = groups[at];
      if (group === undefined) return;
      for (const row of group) {
        if (halted()) return;
        // A store that answers without I/O (the embedded one) would let the workers run row after
        // row in one turn of the event loop, and every other request wait for the whole job.
        await nextTurn();
        if (halted()) return;
        progress.record(row, await applyRow(deps.issueAward, logger, jobId, row));
        remaining -= 1;
      }
      groups[at] = []; // done with: let its rows be collected
    }
  }

  try {
    await Promise.all(
      Array.from({ length: Math.max(1, deps.concurrency) }, () =>
        worker().catch((error: unknown) => {
          failure ??= error;
        }),
      ),
    );
  } finally {
    clearInterval(timer);
  }
  if (failure !== undefined && !stopsTheJob(failure)) logger.error({ err: failure, jobId }, 'bulk job failed');
  try {
    await progress.flush();
    if (remaining === 0 && failure === undefined && !progress.leaseLost) {
      const finishedAt = deps.clock.now().toISOString();
      // Every row has its result: the inputs are no longer needed (the awards carry them), and
      // the embedded store would otherwise hold them in memory for good.
      await collections.rows.deleteMany(ofJob(jobId));
      // The batched counts are exact unless another instance wrote results too: read them once more.
      const counts = await recount(collections.results, jobId, job.counts.total);
      const done = await collections.jobs.findOneAndUpdate(
        { _id: jobId, owner: deps.owner },
        { $set: { status: 'completed', finishedAt, counts }, $unset: { owner: '', leaseExpiresAt: '' } },
      );
      if (done !== null) {
        logger.info({ jobId, counts: done.counts }, 'bulk job completed');
        return 'completed';
      }
    } else if (!progress.leaseLost) {
      // Stopped on purpose or by the store: hand the job back at once rather than at lease expiry.
      await collections.jobs.findOneAndUpdate(
        { _id: jobId, owner: deps.owner },
        { $set: { leaseExpiresAt: deps.clock.now().toISOString() }, $unset: { owner: '' } },
      );
    }
  } catch (error) {
    logger.error({ err: error, jobId }, 'bulk job could not record its progress; it resumes at the next start');
  }
  logger.warn({ jobId, leaseLost: progress.leaseLost }, 'bulk job stopped before its end; it resumes later');
  return 'stopped';
}
