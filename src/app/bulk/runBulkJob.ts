import { yieldToEventLoop } from '../../eventLoop.js';
import type { Clock } from '../../ports/clock.js';
import type { Logger } from '../../ports/logger.js';
import type { Filter } from '../../ports/store.js';
import type { IssueAward } from '../awards/issueAward.js';
import type { PrepareReads } from '../awards/preparedReads.js';
import { applyRow, stopsTheJob } from './applyRow.js';
import {
  type BulkCollections,
  type BulkJobRecord,
  deleteJobDocuments,
  forEachResult,
  INPUT_CHUNK_ROWS,
  inputChunkId,
} from './bulkRecords.js';
import { createJobProgress, leaseUntil, recount } from './jobProgress.js';
import { createRecipientGroups, type PendingRow } from './orderRows.js';
import { createRowSlices } from './rowSlices.js';
import { createTurnGate } from './turnGate.js';

export interface RunBulkJobDeps {
  readonly collections: BulkCollections;
  readonly issueAward: IssueAward;
  /**
   * Reads what a slice of rows needs in one query per kind before they are issued (see
   * createRowSlices); without it, each row reads its own.
   */
  readonly prepareReads?: PrepareReads;
  readonly clock: Clock;
  readonly logger: Logger;
  /** How many recipients are worked on at once; each recipient's rows run one after another. */
  readonly concurrency: number;
  /** Most rows started per turn of the event loop, all workers together (see createTurnGate). */
  readonly maxRowsPerTurn: number;
  /** How long a turn of the event loop may last while the job runs; fewer rows start per turn when turns last longer. */
  readonly targetTurnMs: number;
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

/** Rows grouped between two turns of the event loop when a job starts (each date is parsed). */
const GROUPED_PER_TURN = 200;

/** The input chunks a job of `total` rows may have (a chunk whose rows were all refused has none). */
function inputChunksOf(total: number): number {
  return Math.ceil(total / INPUT_CHUNK_ROWS);
}

/**
 * The rows of a job without a result yet, grouped by recipient (see createRecipientGroups). Read
 * an input chunk at a time and grouped GROUPED_PER_TURN rows at a time, with turns of the event
 * loop between, so that starting a job of 100,000 rows never holds other requests for long.
 */
async function pendingGroups(collections: BulkCollections, jobId: string, total: number): Promise<PendingRow[][]> {
  const done = new Set<number>();
  await forEachResult(collections.results, jobId, (result) => done.add(result.index));
  const groups = createRecipientGroups();
  for (let chunk = 0; chunk < inputChunksOf(total); chunk += 1) {
    const rows = await collections.rows.findOne({ _id: inputChunkId(jobId, chunk) });
    for (const [at, row] of (rows?.rows ?? []).entries()) {
      if (!done.has(row.index)) groups.add(row);
      if ((at + 1) % GROUPED_PER_TURN === 0) await yieldToEventLoop();
    }
    await yieldToEventLoop();
  }
  return groups.inOrder();
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
  const groups = await pendingGroups(collections, jobId, job.counts.total);
  let remaining = groups.reduce((sum, group) => sum + group.length, 0);
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

  const nextTurn = createTurnGate({ maxPerTurn: deps.maxRowsPerTurn, targetTurnMs: deps.targetTurnMs });
  const slices = createRowSlices(jobId, groups, deps.prepareReads, logger);
  let next = 0;
  async function worker(): Promise<void> {
    while (!halted()) {
      const at = next++;
      const group = groups[at];
      if (group === undefined) return;
      const leave = await slices.enter(at);
      try {
        for (const row of group) {
          if (halted()) return;
          // A store that answers without I/O (the embedded one) would let the workers run row after
          // row in one turn of the event loop, and every other request wait for the whole job.
          await nextTurn();
          if (halted()) return;
          progress.record(row, await applyRow(deps.issueAward, logger, jobId, row));
          remaining -= 1;
        }
      } finally {
        leave();
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
    slices.close();
  }
  if (failure !== undefined && !stopsTheJob(failure)) logger.error({ err: failure, jobId }, 'bulk job failed');
  try {
    await progress.flush();
    if (remaining === 0 && failure === undefined && !progress.leaseLost) {
      const finishedAt = deps.clock.now().toISOString();
      // Every row has its result: the inputs are no longer needed (the awards carry them), and
      // the embedded store would otherwise hold them in memory for good.
      await deleteJobDocuments(collections.rows, jobId, inputChunksOf(job.counts.total));
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
