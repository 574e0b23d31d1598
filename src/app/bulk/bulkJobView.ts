import type { IssueWarning } from '../awards/awardView.js';
import type { BulkJobRecord, RowError, RowOutcome, RowResult } from './bulkRecords.js';

/** The bulk job resource of the API (`POST /api/v1/bulk-jobs`, `GET /api/v1/bulk-jobs/:id`). */
export interface BulkJobView
  extends Pick<BulkJobRecord, 'source' | 'submittedBy' | 'createdAt' | 'startedAt' | 'finishedAt' | 'counts'> {
  readonly id: string;
  readonly status: 'queued' | 'running' | 'completed';
  /** A page of row results, in submitted order (only on GET). */
  readonly rows?: { readonly offset: number; readonly limit: number; readonly items: readonly BulkRowView[] };
}

export interface BulkRowView {
  readonly index: number;
  /** `pending` until the row has been applied. */
  readonly status: RowOutcome | 'pending';
  readonly awardId?: string;
  readonly alsoAwarded?: readonly string[];
  readonly warnings?: readonly IssueWarning[];
  readonly error?: RowError;
}

export function bulkJobView(job: BulkJobRecord): BulkJobView {
  return {
    id: job._id,
    // `receiving` jobs are never shown (see BulkJobStatus).
    status: job.status === 'receiving' ? 'queued' : job.status,
    source: job.source,
    submittedBy: job.submittedBy,
    createdAt: job.createdAt,
    ...(job.startedAt === undefined ? {} : { startedAt: job.startedAt }),
    ...(job.finishedAt === undefined ? {} : { finishedAt: job.finishedAt }),
    counts: job.counts,
  };
}

export function bulkRowView(index: number, result: RowResult | undefined): BulkRowView {
  if (result === undefined) return { index, status: 'pending' };
  return {
    index,
    status: result.status,
    ...(result.awardId === undefined ? {} : { awardId: result.awardId }),
    ...(result.alsoAwarded === undefined || result.alsoAwarded.length === 0 ? {} : { alsoAwarded: result.alsoAwarded }),
    ...(result.warnings === undefined ? {} : { warnings: result.warnings }),
    ...(result.error === undefined ? {} : { error: result.error }),
  };
}
