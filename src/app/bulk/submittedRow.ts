import { AccoladeError } from '../../errors.js';
import type { RowError } from './bulkRecords.js';

/** One row as submitted: something to validate as an award request, or why it could not be read. */
export type SubmittedRow = { readonly candidate: unknown } | { readonly error: RowError };

export function rowErrorOf(error: AccoladeError): RowError {
  return {
    code: error.code,
    message: error.message,
    ...(error.details === undefined ? {} : { details: error.details }),
  };
}

/** Refused before anything is stored: the whole submission is answered 413 (issue text: up to 100,000 rows). */
export function tooManyRows(maxRows: number): AccoladeError {
  return new AccoladeError('bulk_too_large', `A bulk job holds at most ${maxRows} rows`, { maxRows });
}

export function emptySubmission(): AccoladeError {
  return new AccoladeError('validation_failed', 'A bulk job needs at least one row', {
    errors: [{ path: '/', message: 'must hold at least one row' }],
  });
}
