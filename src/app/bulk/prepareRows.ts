import { parseEarnedOn } from '../../domain/dates.js';
import { normalizeEmail } from '../../domain/email.js';
import { isAccoladeError } from '../../errors.js';
import type { AwardRequest } from '../awards/awardRequest.js';
import type { RowResult } from './bulkRecords.js';
import { rowErrorOf, type SubmittedRow } from './submittedRow.js';

/** Checks one row against `schemas/api/award-request.schema.json` (the HTTP layer's validator). */
export type ValidateRow = (row: unknown) => AwardRequest;

export type PreparedRow = { readonly input: AwardRequest } | { readonly result: RowResult };

/**
 * Everything that can be judged from the row alone is judged at submission, with the same codes
 * a single POST /api/v1/awards would answer: the shape (validation_failed with paths), the email
 * (invalid_email) and the date (invalid_date). Such a row fails on its own; the others run.
 * The address and date are checked here also because processing groups rows by address and
 * orders them by date.
 */
export function prepareRow(row: SubmittedRow, validateRow: ValidateRow): PreparedRow {
  if ('error' in row) return { result: { status: 'failed', error: row.error } };
  try {
    const input = validateRow(row.candidate);
    normalizeEmail(input.recipient.email);
    parseEarnedOn(input.earnedOn);
    return { input };
  } catch (error) {
    if (!isAccoladeError(error)) throw error;
    return { result: { status: 'failed', error: rowErrorOf(error) } };
  }
}
