import { AccoladeError, isAccoladeError } from '../../errors.js';
import type { Logger } from '../../ports/logger.js';
import { issueWarnings } from '../awards/awardView.js';
import type { IssueAward } from '../awards/issueAward.js';
import type { RowResult } from './bulkRecords.js';
import type { PendingRow } from './orderRows.js';
import { rowErrorOf } from './submittedRow.js';

/**
 * Each row is issued under an idempotency key of its own. If the process dies after a row's award
 * was stored but before its result was, the row is applied again on resume, and the key makes
 * that a replay of the same award: nothing is issued twice, and the row still reads `created`.
 */
export function rowIdempotencyKey(jobId: string, index: number): string {
  return `bulk:${jobId}:${index}`;
}

/** The store going away is not the row's fault: the job stops and is resumed later. */
export function stopsTheJob(error: unknown): boolean {
  return isAccoladeError(error) && error.code === 'store_unavailable';
}

export async function applyRow(
  issueAward: IssueAward,
  logger: Logger,
  jobId: string,
  row: PendingRow,
): Promise<RowResult> {
  const key = rowIdempotencyKey(jobId, row.index);
  try {
    const { award, outcome, alsoAwarded } = await issueAward(row.input, { idempotencyKey: key });
    const warnings = [...new Set([award, ...alsoAwarded].flatMap(issueWarnings))];
    return {
      status: outcome === 'replayed' && award.idempotencyKey === key ? 'created' : outcome,
      awardId: award._id,
      ...(alsoAwarded.length === 0 ? {} : { alsoAwarded: alsoAwarded.map((also) => also._id) }),
      ...(warnings.length === 0 ? {} : { warnings }),
    };
  } catch (error) {
    if (stopsTheJob(error)) throw error;
    if (isAccoladeError(error) && error.code !== 'internal_error') {
      return { status: 'failed', error: rowErrorOf(error) };
    }
    logger.error({ err: error, jobId, index: row.index }, 'bulk row failed unexpectedly');
    return {
      status: 'failed',
      error: rowErrorOf(new AccoladeError('internal_error', 'Something went wrong on our side with this row')),
    };
  }
}
