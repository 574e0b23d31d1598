/**
 * One error family for the whole service. Every failure a caller can see carries a stable,
 * machine-readable code from this closed list; HTTP statuses live only in `http/errorStatus.ts`.
 * Tests assert codes, never message text.
 */
export const ERROR_CODES = [
  'validation_failed',
  'malformed_json',
  'malformed_url',
  'payload_too_large',
  'unsupported_media_type',
  'invalid_email',
  'invalid_date',
  'unauthorized',
  'forbidden',
  'not_found',
  'not_eligible',
  'idempotency_conflict',
  'conflict',
  'rules_invalid',
  'invalid_csv',
  'bulk_too_large',
  'rate_limited',
  'fetch_blocked',
  'fetch_failed',
  'store_unavailable',
  'config_invalid',
  'internal_error',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorDetails {
  readonly [key: string]: unknown;
}

export class AccoladeError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails | undefined;

  constructor(code: ErrorCode, message: string, details?: ErrorDetails, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AccoladeError';
    this.code = code;
    this.details = details;
  }
}

export function isAccoladeError(value: unknown): value is AccoladeError {
  return value instanceof AccoladeError;
}
