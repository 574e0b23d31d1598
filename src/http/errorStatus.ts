import type { ErrorCode } from '../errors.js';

/**
 * The only place where error codes meet HTTP statuses. `Record<ErrorCode, number>` makes the
 * compiler refuse a code without a status; a test checks the README lists every code.
 */
export const ERROR_STATUS: Readonly<Record<ErrorCode, number>> = {
  validation_failed: 400,
  malformed_json: 400,
  malformed_url: 400,
  payload_too_large: 413,
  unsupported_media_type: 415,
  invalid_email: 400,
  invalid_date: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  not_eligible: 422,
  idempotency_conflict: 409,
  conflict: 409,
  rules_invalid: 422,
  invalid_csv: 400,
  bulk_too_large: 413,
  rate_limited: 429,
  fetch_blocked: 400,
  fetch_failed: 502,
  store_unavailable: 503,
  config_invalid: 500,
  internal_error: 500,
};
