import { v7 as uuidv7 } from 'uuid';
import type { ErrorCode, ErrorDetails } from '../../errors.js';
import { yieldToEventLoop } from '../../eventLoop.js';
import type { Collection, CollectionDefinition, Database, Filter } from '../../ports/store.js';
import type { AwardRequest } from '../awards/awardRequest.js';
import type { IssueWarning } from '../awards/awardView.js';

/**
 * A bulk job is stored as one small document (status, counts, lease), its rows to apply in
 * chunks of up to INPUT_CHUNK_ROWS rows, and its row results in chunks, one per batch written.
 * A store write costs about the same for one row as for a thousand (the embedded store appends a
 * line per document, MongoDB takes a round trip), so one document per row would cost the job
 * two writes per row besides its award; in chunks a 100,000-row job is a few hundred documents,
 * none of them large, and a page of results is a few reads.
 */

/** `receiving` while the rows are being stored: such a job was never accepted and is never shown. */
export type BulkJobStatus = 'receiving' | 'queued' | 'running' | 'completed';

export type BulkSource = 'json' | 'csv';

export interface BulkCounts {
  readonly total: number;
  readonly processed: number;
  /** Rows whose award exists for them: created now, or replayed from an earlier submission. */
  readonly succeeded: number;
  /** Rows for a badge the recipient already held: nothing was issued. */
  readonly duplicates: number;
  readonly failed: number;
}

export interface BulkJobRecord {
  /** UUIDv7. */
  readonly _id: string;
  readonly status: BulkJobStatus;
  readonly source: BulkSource;
  /** The API key (id) that submitted the job. */
  readonly submittedBy: string;
  readonly createdAt: string;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  readonly counts: BulkCounts;
  /** The service instance working on the job, and until when its claim holds unless renewed. */
  readonly owner?: string;
  readonly leaseExpiresAt?: string;
}

export interface RowError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly details?: ErrorDetails;
}

export type RowOutcome = 'created' | 'duplicate' | 'replayed' | 'failed';

export interface RowResult {
  readonly status: RowOutcome;
  readonly awardId?: string;
  readonly alsoAwarded?: readonly string[];
  /** `expired_on_issue` when an award of the row had expired before it was issued. */
  readonly warnings?: readonly IssueWarning[];
  readonly error?: RowError;
}

/** Rows per input document: about 300 KB of award requests, far under MongoDB's 16 MB. */
export const INPUT_CHUNK_ROWS = 1000;

/** A row to apply. */
export interface BulkRowInput {
  /** 0-based position in the submitted array or among the CSV's data rows. */
  readonly index: number;
  readonly input: AwardRequest;
}

/**
 * Up to INPUT_CHUNK_ROWS consecutive submitted rows (those refused at submission left out),
 * stored at submission, never changed, and removed once the job is completed.
 */
export interface BulkInputChunk {
  /** `<jobId>:<chunk>`. */
  readonly _id: string;
  readonly jobId: string;
  readonly rows: readonly BulkRowInput[];
}

export type IndexedRowResult = RowResult & { readonly index: number };

/**
 * Results of a batch of rows, inserted once and never changed: updating a document per row in
 * place, or writing one per row, would cost a store write per row on top of its award. A row that
 * has a result is never applied again; a row refused at submission has a result and no input.
 * A batch is stored as one chunk per RESULT_BUCKET_ROWS of row indexes it touches, under an id
 * that starts with the bucket (`<jobId>:s:<bucket>:<UUIDv7>`): a page of results is then an `_id`
 * range read of one or two buckets, whatever the job's size, and a row's results all sort by when
 * they were written. `lo` and `hi` bound the chunk's indexes.
 *
 * Earlier versions wrote every batch as one chunk `<jobId>:r:<UUIDv7>`, found by `lo` and `hi`
 * among all the job's chunks; such chunks are still read, before the bucketed ones (written later).
 */
export interface BulkResultChunk {
  readonly _id: string;
  readonly jobId: string;
  readonly lo: number;
  readonly hi: number;
  readonly results: readonly IndexedRowResult[];
}

/** Row indexes per bucket of result chunks: a page of results (at most 1000) spans one or two. */
export const RESULT_BUCKET_ROWS = 1000;

function bucketPrefix(jobId: string, index: number): string {
  return `${jobId}:s:${String(Math.floor(index / RESULT_BUCKET_ROWS)).padStart(7, '0')}:`;
}

export function inputChunkId(jobId: string, chunk: number): string {
  return `${jobId}:${chunk}`;
}

/** A chunk of results for `batch` (not empty, its indexes in one bucket), under an id of its own. */
export function resultChunk(jobId: string, batch: readonly IndexedRowResult[]): BulkResultChunk {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const { index } of batch) {
    lo = Math.min(lo, index);
    hi = Math.max(hi, index);
  }
  return { _id: `${bucketPrefix(jobId, lo)}${uuidv7()}`, jobId, lo, hi, results: batch };
}

/** The chunks `batch` (not empty) is stored as: one per bucket, each keeping the batch's order. */
export function resultChunks(jobId: string, batch: readonly IndexedRowResult[]): BulkResultChunk[] {
  const buckets = new Map<number, IndexedRowResult[]>();
  for (const result of batch) {
    const bucket = Math.floor(result.index / RESULT_BUCKET_ROWS);
    const rows = buckets.get(bucket);
    if (rows === undefined) buckets.set(bucket, [result]);
    else rows.push(result);
  }
  return [...buckets.values()].map((rows) => resultChunk(jobId, rows));
}

/**
 * Each row's result from chunks read in `_id` order. A row can have two results only when two
 * instances applied it in a race for an expired lease; both came from the same idempotency key,
 * and the first written is kept, so every reader sees the same one.
 */
export function resultsByIndex(chunks: readonly BulkResultChunk[]): Map<number, IndexedRowResult> {
  const byIndex = new Map<number, IndexedRowResult>();
  for (const chunk of chunks) {
    for (const result of chunk.results) if (!byIndex.has(result.index)) byIndex.set(result.index, result);
  }
  return byIndex;
}

/** The chunks that may hold the results of rows `offset` to `end - 1` (`end > offset`), in `_id` order. */
export async function resultChunksOfRows(
  results: Collection<BulkResultChunk>,
  jobId: string,
  offset: number,
  end: number,
): Promise<BulkResultChunk[]> {
  const legacy = await results.find(
    { _id: { $gte: `${jobId}:r:`, $lt: `${jobId}:r;` }, lo: { $lt: end }, hi: { $gte: offset } },
    { sort: { _id: 1 } },
  );
  const bucketed = await results.find(
    { _id: { $gte: bucketPrefix(jobId, offset), $lt: `${bucketPrefix(jobId, end - 1).slice(0, -1)};` } },
    { sort: { _id: 1 } },
  );
  return [...legacy, ...bucketed];
}

/** Result chunks read per page by a scan of a whole job (about 500 results each). */
const RESULT_PAGE_CHUNKS = 16;

/**
 * Calls `each` with every result of a job, chunk by chunk in `_id` order, a page of chunks at a
 * time with a turn of the event loop between pages: a job of 100,000 rows holds a few hundred
 * chunks, and reading them in one go would hold every other request for the whole read.
 */
export async function forEachResult(
  results: Collection<BulkResultChunk>,
  jobId: string,
  each: (result: IndexedRowResult) => void,
): Promise<void> {
  const end = `${jobId};`;
  let after = `${jobId}:`;
  for (;;) {
    const page = await results.find({ _id: { $gt: after, $lt: end } }, { sort: { _id: 1 }, limit: RESULT_PAGE_CHUNKS });
    for (const chunk of page) for (const result of chunk.results) each(result);
    if (page.length < RESULT_PAGE_CHUNKS) return;
    after = page.at(-1)!._id;
    await yieldToEventLoop();
  }
}

/**
 * Removes every document of a job from `collection` (input or result chunks), a few at a time with
 * a turn of the event loop between them. Input chunks are read by their ids rather than by
 * pages: each is large, and a page read would load many at once.
 */
export async function deleteJobDocuments(
  collection: Collection<BulkInputChunk> | Collection<BulkResultChunk>,
  jobId: string,
  inputChunks?: number,
): Promise<void> {
  if (inputChunks !== undefined) {
    for (let chunk = 0; chunk < inputChunks; chunk += 1) {
      if (await collection.deleteOne({ _id: inputChunkId(jobId, chunk) })) await yieldToEventLoop();
    }
  }
  for (;;) {
    const page = await collection.find(ofJob(jobId), { sort: { _id: 1 }, limit: RESULT_PAGE_CHUNKS });
    if (page.length === 0) return;
    await collection.deleteMany({ _id: { $in: page.map((doc) => doc._id) } });
    await yieldToEventLoop();
  }
}

export const BULK_JOBS_COLLECTION: CollectionDefinition = {
  name: 'bulkJobs',
  indexes: [{ fields: { status: 1 } }],
};

/**
 * Every input (or result) chunk id of a job: from `<jobId>:` up to, not including, `<jobId>;` (`;`
 * follows `:` in code-unit order). Per-job scans (pending rows, recounts, clean-up) are range
 * reads on `_id`, which both stores index, so rows and results need no index of their own: each
 * secondary index costs the embedded store work on every write, and one on `jobId` alone would
 * make removing a job's inputs cost time in proportion to the job's size, per chunk.
 */
export function ofJob(jobId: string): Filter {
  return { _id: { $gte: `${jobId}:`, $lt: `${jobId};` } };
}

export const BULK_ROWS_COLLECTION: CollectionDefinition = { name: 'bulkRows', indexes: [] };

export const BULK_RESULTS_COLLECTION: CollectionDefinition = { name: 'bulkResults', indexes: [] };

export interface BulkCollections {
  readonly jobs: Collection<BulkJobRecord>;
  readonly rows: Collection<BulkInputChunk>;
  readonly results: Collection<BulkResultChunk>;
}

export async function openBulkCollections(database: Database): Promise<BulkCollections> {
  return {
    jobs: await database.collection<BulkJobRecord>(BULK_JOBS_COLLECTION),
    rows: await database.collection<BulkInputChunk>(BULK_ROWS_COLLECTION),
    results: await database.collection<BulkResultChunk>(BULK_RESULTS_COLLECTION),
  };
}
