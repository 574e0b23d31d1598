import { v4 as uuidv4, v7 as uuidv7 } from 'uuid';
import { AccoladeError } from '../../errors.js';
import { yieldToEventLoop } from '../../eventLoop.js';
import type { Clock } from '../../ports/clock.js';
import { type Logger, silentLogger } from '../../ports/logger.js';
import type { Database } from '../../ports/store.js';
import type { IssueAward } from '../awards/issueAward.js';
import type { PrepareReads } from '../awards/preparedReads.js';
import type { BulkBody } from './bulkBody.js';
import { type BulkJobView, bulkJobView, bulkRowView } from './bulkJobView.js';
import {
  type BulkCollections,
  type BulkJobRecord,
  type BulkRowInput,
  deleteJobDocuments,
  INPUT_CHUNK_ROWS,
  type IndexedRowResult,
  inputChunkId,
  openBulkCollections,
  resultChunks,
  resultChunksOfRows,
  resultsByIndex,
} from './bulkRecords.js';
import { leaseUntil } from './jobProgress.js';
import { prepareRow, type ValidateRow } from './prepareRows.js';
import { readCsvRows } from './readCsvRows.js';
import { readJsonRows } from './readJsonRows.js';
import { runBulkJob } from './runBulkJob.js';
import { emptySubmission, type SubmittedRow, tooManyRows } from './submittedRow.js';

/**
 * A submission: JSON rows already parsed, or a JSON or CSV body read as it streams (see BulkBody).
 */
export type BulkInput =
  | { readonly kind: 'json'; readonly rows: unknown }
  | { readonly kind: 'json'; readonly body: BulkBody }
  | { readonly kind: 'csv'; readonly text: BulkBody };

export interface RowPage {
  readonly offset?: number;
  readonly limit?: number;
}

export interface BulkJobServiceDeps {
  readonly database: Database;
  readonly issueAward: IssueAward;
  /**
   * Reads what a slice of rows needs in one query per kind (createPreparedReads, whose reads
   * `issueAward` makes); without it, each row reads its own.
   */
  readonly prepareReads?: PrepareReads;
  /** Checks a row against award-request.schema.json; the HTTP layer's validator (see bulkRoutes). */
  readonly validateRow: ValidateRow;
  readonly clock: Clock;
  readonly logger?: Logger;
  /** Default 100,000 (the issue's figure). */
  readonly maxRows?: number;
  /**
   * Recipients worked on at once; default 64. A row waits for the store over a few turns of the
   * event loop, so this many rows in flight keep the turn gate fed.
   */
  readonly concurrency?: number;
  /** Most rows started per turn of the event loop, so other requests run between them; default 32. */
  readonly maxRowsPerTurn?: number;
  /** How long a turn of the event loop may last while a job runs (see createTurnGate); default 5 ms. */
  readonly targetTurnMs?: number;
  /** How long an instance's claim on a job holds without renewal (MongoDB, several instances); default 60 s. */
  readonly leaseMs?: number;
  /** Counts are written every this many rows, and every `flushIntervalMs`; defaults 500 and 1 s. */
  readonly flushEvery?: number;
  readonly flushIntervalMs?: number;
}

export interface BulkJobService {
  /** Validates and stores the job and its rows, and returns at once; the rows are applied in the background. */
  submit(input: BulkInput, submittedBy: string): Promise<BulkJobView>;
  /** The job with a page of row results (default offset 0, limit 100, at most 1000). */
  get(id: string, page?: RowPage): Promise<BulkJobView>;
  /** At start-up: continues the jobs a stopped process left unfinished, and drops half-stored submissions. */
  resumeUnfinished(): Promise<{ resumed: number; discarded: number }>;
  /** Resolves once no job is queued or running in this process. */
  waitForIdle(): Promise<void>;
  /** Lets rows in flight finish and record, starts no new row; unfinished jobs are resumed later. */
  close(): Promise<void>;
}

export const DEFAULT_MAX_ROWS = 100_000;
export const MAX_PAGE_LIMIT = 1000;
/** Rows read and checked at submission between two turns of the event loop. */
const SUBMIT_SLICE_ROWS = 50;
const DEFAULT_PAGE_LIMIT = 100;

function parsedJsonRows(rows: unknown): SubmittedRow[] {
  if (!Array.isArray(rows)) {
    throw new AccoladeError('validation_failed', 'A JSON bulk job is an array of award requests', {
      errors: [{ path: '/', message: 'must be array' }],
    });
  }
  return rows.map((candidate: unknown) => ({ candidate }));
}

function submittedRows(input: BulkInput): Iterable<SubmittedRow> | AsyncIterable<SubmittedRow> {
  if (input.kind === 'csv') return readCsvRows(input.text);
  return 'body' in input ? readJsonRows(input.body) : parsedJsonRows(input.rows);
}

function pageOf(page: RowPage): { offset: number; limit: number } {
  const offset = page.offset ?? 0;
  const limit = page.limit ?? DEFAULT_PAGE_LIMIT;
  const errors = [
    ...(Number.isInteger(offset) && offset >= 0 ? [] : [{ path: '/offset', message: 'must be an integer from 0' }]),
    ...(Number.isInteger(limit) && limit >= 1 && limit <= MAX_PAGE_LIMIT
      ? []
      : [{ path: '/limit', message: `must be an integer from 1 to ${MAX_PAGE_LIMIT}` }]),
  ];
  if (errors.length > 0) throw new AccoladeError('validation_failed', 'The page of rows is not valid', { errors });
  return { offset, limit };
}

/**
 * Bulk issuance (issue text: "POST /api/v1/bulk-jobs takes a JSON array or CSV (up to 100,000
 * rows), answers 202 with a job"). Each row goes through issueAward, so a bulk row and a single
 * POST /api/v1/awards follow the same rules and answer the same error codes; emails are queued in
 * the award records by issueAward, never sent from here. Re-submitting a job issues nothing
 * twice: rows with an externalId replay, rows without one meet issueAward's duplicate rule.
 */
export async function createBulkJobService(deps: BulkJobServiceDeps): Promise<BulkJobService> {
  const collections: BulkCollections = await openBulkCollections(deps.database);
  const { jobs, rows, results } = collections;
  const { clock } = deps;
  const logger = deps.logger ?? silentLogger;
  const maxRows = deps.maxRows ?? DEFAULT_MAX_ROWS;
  const leaseMs = deps.leaseMs ?? 60_000;
  const owner = uuidv4();
  const exclusive = deps.database.kind === 'embedded';
  let closing = false;
  let chain: Promise<void> = Promise.resolve();
  /** Jobs queued or running here, and submissions being stored here. */
  const scheduled = new Set<string>();
  const receiving = new Set<string>();

  const runDeps = {
    collections,
    issueAward: deps.issueAward,
    ...(deps.prepareReads === undefined ? {} : { prepareReads: deps.prepareReads }),
    clock,
    logger,
    concurrency: deps.concurrency ?? 64,
    maxRowsPerTurn: deps.maxRowsPerTurn ?? 32,
    targetTurnMs: deps.targetTurnMs ?? 5,
    owner,
    leaseMs,
    flushEvery: deps.flushEvery ?? 500,
    flushIntervalMs: deps.flushIntervalMs ?? 1000,
    exclusive,
    stopping: () => closing,
  };

  function schedule(jobId: string): void {
    scheduled.add(jobId);
    chain = chain.then(async () => {
      try {
        if (!closing) await runBulkJob(jobId, runDeps);
      } catch (error) {
        logger.error({ err: error, jobId }, 'bulk job stopped on an error; it resumes at the next start');
      } finally {
        scheduled.delete(jobId);
      }
    });
  }

  /** Removes every trace of a submission that was not fully stored. */
  async function discard(jobId: string): Promise<void> {
    await deleteJobDocuments(rows, jobId, Math.ceil(maxRows / INPUT_CHUNK_ROWS));
    await deleteJobDocuments(results, jobId);
    await jobs.deleteOne({ _id: jobId });
  }

  /**
   * Reads, checks and stores the rows as they arrive, INPUT_CHUNK_ROWS to a document, counting
   * them: row maxRows + 1 refuses the whole submission (bulk_too_large) without reading further.
   * Every SUBMIT_SLICE_ROWS rows it lets other requests run. On any failure every trace of the
   * submission is removed: a job is there only once it is whole.
   */
  async function receive(
    job: BulkJobRecord,
    rowsIn: Iterable<SubmittedRow> | AsyncIterable<SubmittedRow>,
  ): Promise<BulkJobRecord> {
    receiving.add(job._id);
    try {
      await jobs.insertOne(job);
      let total = 0;
      let refusedCount = 0;
      let toApply: BulkRowInput[] = [];
      let refused: IndexedRowResult[] = [];
      const writeChunk = async () => {
        const chunk = Math.floor((total - 1) / INPUT_CHUNK_ROWS);
        if (toApply.length > 0)
          await rows.insertOne({ _id: inputChunkId(job._id, chunk), jobId: job._id, rows: toApply });
        if (refused.length > 0) await results.insertMany(resultChunks(job._id, refused));
        toApply = [];
        refused = [];
      };
      for await (const submitted of rowsIn) {
        if (total === maxRows) throw tooManyRows(maxRows);
        const index = total;
        total += 1;
        const row = prepareRow(submitted, deps.validateRow);
        if ('input' in row) toApply.push({ index, input: row.input });
        else {
          refused.push({ index, ...row.result });
          refusedCount += 1;
        }
        if (total % INPUT_CHUNK_ROWS === 0) await writeChunk();
        if (total % SUBMIT_SLICE_ROWS === 0) await yieldToEventLoop();
      }
      if (total === 0) throw emptySubmission();
      await writeChunk();
      const queued = await jobs.findOneAndUpdate(
        { _id: job._id, status: 'receiving', owner },
        {
          $set: {
            status: 'queued',
            counts: { total, processed: refusedCount, succeeded: 0, duplicates: 0, failed: refusedCount },
          },
          $unset: { owner: '', leaseExpiresAt: '' },
        },
      );
      if (queued === null) {
        throw new AccoladeError('store_unavailable', 'Storing the bulk job took too long; submit it again', {
          jobId: job._id,
        });
      }
      return queued;
    } catch (error) {
      await discard(job._id).catch((cleanup: unknown) => {
        logger.error({ err: cleanup, jobId: job._id }, 'a half-stored bulk job is left for resumeUnfinished');
      });
      throw error;
    } finally {
      receiving.delete(job._id);
    }
  }

  async function submit(input: BulkInput, submittedBy: string): Promise<BulkJobView> {
    if (closing) throw new AccoladeError('store_unavailable', 'The service is shutting down');
    const rowsIn = submittedRows(input);
    const job: BulkJobRecord = {
      _id: uuidv7(),
      status: 'receiving',
      source: input.kind,
      submittedBy,
      createdAt: clock.now().toISOString(),
      counts: { total: 0, processed: 0, succeeded: 0, duplicates: 0, failed: 0 },
      owner,
      leaseExpiresAt: leaseUntil(clock, leaseMs),
    };
    const queued = await receive(job, rowsIn);
    const { total, failed } = queued.counts;
    logger.info({ jobId: job._id, rows: total, refused: failed, source: input.kind }, 'bulk job accepted');
    schedule(job._id);
    return bulkJobView(queued);
  }

  async function get(id: string, page: RowPage = {}): Promise<BulkJobView> {
    const { offset, limit } = pageOf(page);
    const job = await jobs.findOne({ _id: id });
    if (job === null || job.status === 'receiving') throw new AccoladeError('not_found', `No bulk job ${id}`);
    const end = Math.min(job.counts.total, offset + limit);
    const length = Math.max(0, end - offset);
    // Only the chunks that may hold the page's rows.
    const chunks = length === 0 ? [] : await resultChunksOfRows(results, id, offset, end);
    const byIndex = resultsByIndex(chunks);
    const items = Array.from({ length }, (_, i) => bulkRowView(offset + i, byIndex.get(offset + i)));
    return { ...bulkJobView(job), rows: { offset, limit, items } };
  }

  async function resumeUnfinished(): Promise<{ resumed: number; discarded: number }> {
    const now = clock.now().toISOString();
    const unfinished = await jobs.find({ status: { $in: ['receiving', 'queued', 'running'] } }, { sort: { _id: 1 } });
    let resumed = 0;
    let discarded = 0;
    for (const job of unfinished) {
      if (scheduled.has(job._id) || receiving.has(job._id)) continue;
      // Queued jobs hold no lease; a running one is free once its worker stopped renewing it.
      const free = exclusive || job.leaseExpiresAt === undefined || job.leaseExpiresAt <= now;
      if (job.status === 'receiving') {
        // The client never had its 202: the submission did not happen.
        if (free) {
          await discard(job._id);
          discarded += 1;
        }
      } else if (free) {
        schedule(job._id);
        resumed += 1;
      }
    }
    if (resumed + discarded > 0) logger.info({ resumed, discarded }, 'unfinished bulk jobs taken up');
    return { resumed, discarded };
  }

  async function waitForIdle(): Promise<void> {
    for (let current = chain; ; current = chain) {
      await current;
      if (current === chain) return;
    }
  }

  return {
    submit,
    get,
    resumeUnfinished,
    waitForIdle,
    async close() {
      closing = true;
      await waitForIdle();
    },
  };
}
