import type { ErrorCode, ErrorDetails } from '../../errors.js';
import type { Collection, CollectionDefinition, Database, Filter } from '../../ports/store.js';
import type { AwardRequest } from '../awards/awardRequest.js';

/**
 * A bulk job is stored as one small document (status, counts, lease), one document per row to
 * apply and one per row result, so a 100,000-row job never becomes one giant document and a page
 * of results is a few reads.
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
  readonly error?: RowError;
}

/** A row to apply, stored at submission, never changed, and removed once the job is completed. */
export interface BulkRowRecord {
  /** `<jobId>:<index>`, as is its result's: a page of results is read by computed ids, on any store. */
  readonly _id: string;
  readonly jobId: string;
  /** 0-based position in the submitted array or among the CSV's data rows. */
  readonly index: number;
  readonly input: AwardRequest;
}

/**
 * What became of a row. Results are a collection of their own, written in batches with
 * insertMany: updating each row document in place would cost one store write per row on top of
 * its award (the embedded store appends a line per write), halving the rate. A row that has a
 * result is never applied again; a row refused at submission has a result and no row document.
 */
export type BulkResultRecord = RowResult & {
  readonly _id: string;
  readonly jobId: string;
  readonly index: number;
};

export function rowId(jobId: string, index: number): string {
  return `${jobId}:${index}`;
}

export const BULK_JOBS_COLLECTION: CollectionDefinition = {
  name: 'bulkJobs',
  indexes: [{ fields: { status: 1 } }],
};

/**
 * Every row (or result) id of a job: from `<jobId>:` up to, not including, `<jobId>;` (`;`
 * follows `:` in code-unit order). Per-job scans (pending rows, recounts, clean-up) are range
 * reads on `_id`, which both stores index, so rows and results need no index of their own: each
 * secondary index costs the embedded store work on every write, and one on `jobId` alone would
 * make removing a job's rows cost time in proportion to the job's size, per row.
 */
export function ofJob(jobId: string): Filter {
  return { _id: { $gte: `${jobId}:`, $lt: `${jobId};` } };
}

export const BULK_ROWS_COLLECTION: CollectionDefinition = { name: 'bulkRows', indexes: [] };

export const BULK_RESULTS_COLLECTION: CollectionDefinition = { name: 'bulkResults', indexes: [] };

export interface BulkCollections {
  readonly jobs: Collection<BulkJobRecord>;
  readonly rows: Collection<BulkRowRecord>;
  readonly results: Collection<BulkResultRecord>;
}

export async function openBulkCollections(database: Database): Promise<BulkCollections> {
  return {
    jobs: await database.collection<BulkJobRecord>(BULK_JOBS_COLLECTION),
    rows: await database.collection<BulkRowRecord>(BULK_ROWS_COLLECTION),
    results: await database.collection<BulkResultRecord>(BULK_RESULTS_COLLECTION),
  };
}
