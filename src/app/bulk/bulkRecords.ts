import type { ErrorCode, ErrorDetails } from '../../errors.js';
import type { Collection, CollectionDefinition, Database } from '../../ports/store.js';
import type { AwardRequest } from '../awards/awardRequest.js';

/**
 * A bulk job is stored as one small document (status, counts, lease) plus one document per row,
 * so a 100,000-row job never becomes one giant document and a page of results is a few reads.
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

export interface BulkRowRecord {
  /** `<jobId>:<index>`: a page of rows is read by computed ids, on any store. */
  readonly _id: string;
  readonly jobId: string;
  /** 0-based position in the submitted array or among the CSV's data rows. */
  readonly index: number;
  /** The validated request; absent when the row was refused before processing (its result says why). */
  readonly input?: AwardRequest;
  /** Absent until the row has been applied; once present, the row is never applied again. */
  readonly result?: RowResult;
}

export function rowId(jobId: string, index: number): string {
  return `${jobId}:${index}`;
}

export const BULK_JOBS_COLLECTION: CollectionDefinition = {
  name: 'bulkJobs',
  indexes: [{ fields: { status: 1 } }],
};

export const BULK_ROWS_COLLECTION: CollectionDefinition = {
  name: 'bulkRows',
  // Rows are looked up by `_id` for pages; this index serves the per-job scans (pending rows,
  // recounts, clean-up).
  indexes: [{ fields: { jobId: 1 } }],
};

export interface BulkCollections {
  readonly jobs: Collection<BulkJobRecord>;
  readonly rows: Collection<BulkRowRecord>;
}

export async function openBulkCollections(database: Database): Promise<BulkCollections> {
  return {
    jobs: await database.collection<BulkJobRecord>(BULK_JOBS_COLLECTION),
    rows: await database.collection<BulkRowRecord>(BULK_ROWS_COLLECTION),
  };
}
