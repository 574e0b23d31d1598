import { AccoladeError } from '../../errors.js';

/**
 * Why a target was refused (`fetch_blocked`): the caller asked for something this service never
 * fetches for strangers. Callers may branch on these, so the list is closed.
 */
export const FETCH_BLOCKED_REASONS = ['invalid_url', 'scheme', 'private_address', 'redirects', 'too_large'] as const;
export type FetchBlockedReason = (typeof FETCH_BLOCKED_REASONS)[number];

/** Why an allowed fetch did not complete (`fetch_failed`): the far side or the network failed. */
export const FETCH_FAILED_REASONS = ['timeout', 'dns', 'tls', 'network', 'decode'] as const;
export type FetchFailedReason = (typeof FETCH_FAILED_REASONS)[number];

export type FetchErrorReason = FetchBlockedReason | FetchFailedReason;

export function fetchBlocked(
  reason: FetchBlockedReason,
  url: string,
  message: string,
  extra: Readonly<Record<string, unknown>> = {},
): AccoladeError {
  return new AccoladeError('fetch_blocked', `Refusing to fetch ${url}: ${message}`, { ...extra, reason, url });
}

export function fetchFailed(reason: FetchFailedReason, url: string, message: string, cause?: unknown): AccoladeError {
  return new AccoladeError('fetch_failed', `Could not fetch ${url}: ${message}`, { reason, url }, { cause });
}

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA', 'EAI_NONAME', 'ENODATA']);

function errorCode(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return '';
}

/** Turns a socket, DNS or TLS error from node:http(s) into the service's error family. */
export function networkFailure(error: unknown, url: string): AccoladeError {
  if (error instanceof AccoladeError) return error;
  const code = errorCode(error);
  const detail = error instanceof Error ? error.message : String(error);
  if (DNS_CODES.has(code)) return fetchFailed('dns', url, `the host name did not resolve (${code})`, error);
  // OpenSSL verification codes (CERT_HAS_EXPIRED, DEPTH_ZERO_SELF_SIGNED_CERT, ...) and Node's own
  // TLS and SSL error codes.
  if (/^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH)/.test(code)) {
    return fetchFailed('tls', url, `the TLS connection failed (${code})`, error);
  }
  return fetchFailed('network', url, code ? `${detail} (${code})` : detail, error);
}
