import type { Clock } from '../../ports/clock.js';
import type { FetchedResponse, Fetcher, FetcherInit } from '../../ports/fetcher.js';
import { type CacheLifetimeLimits, cacheLifetimeMs } from './cacheLifetime.js';

export interface ResponseCacheOptions extends Partial<CacheLifetimeLimits> {
  readonly clock: Clock;
  /** Most responses kept; the least recently used goes first. */
  readonly maxEntries?: number;
  /** Most body bytes kept in all, whatever the entry count. */
  readonly maxTotalBytes?: number;
}

interface Entry {
  readonly response: FetchedResponse;
  readonly expiresAt: number;
}

function copy(response: FetchedResponse): FetchedResponse {
  // Callers get their own Buffer, so one caller cannot alter what the next one reads.
  return { ...response, body: Buffer.from(response.body) };
}

/**
 * Keeps fetched documents (issuer profiles, keys, DID documents, status lists) for a short while,
 * so verifying many badges of one issuer does not hit that issuer for each, and concurrent
 * identical fetches share one request. Only 200 responses are kept, per (URL, Accept), for the
 * lifetime their Cache-Control allows (cacheLifetime.ts); errors are never kept.
 */
export function withCache(fetcher: Fetcher, options: ResponseCacheOptions): Fetcher {
  const limits: CacheLifetimeLimits = {
    defaultTtlMs: options.defaultTtlMs ?? 60_000,
    maxTtlMs: options.maxTtlMs ?? 600_000,
  };
  const maxEntries = options.maxEntries ?? 500;
  const maxTotalBytes = options.maxTotalBytes ?? 32 * 1024 * 1024;
  // A Map iterates in insertion order; re-inserting on each hit makes the first key the least
  // recently used.
  const entries = new Map<string, Entry>();
  const inFlight = new Map<string, Promise<FetchedResponse>>();
  let totalBytes = 0;

  function remove(key: string): void {
    const entry = entries.get(key);
    if (entry === undefined) return;
    entries.delete(key);
    totalBytes -= entry.response.body.length;
  }

  function store(key: string, response: FetchedResponse): void {
    const lifetime = response.status === 200 ? cacheLifetimeMs(response.headers, limits) : 0;
    if (lifetime <= 0 || response.body.length > maxTotalBytes) return;
    remove(key);
    entries.set(key, { response, expiresAt: options.clock.now().getTime() + lifetime });
    totalBytes += response.body.length;
    for (const oldest of entries.keys()) {
      if (entries.size <= maxEntries && totalBytes <= maxTotalBytes) break;
      remove(oldest);
    }
  }

  function fresh(key: string): FetchedResponse | undefined {
    const entry = entries.get(key);
    if (entry === undefined) return undefined;
    remove(key);
    if (entry.expiresAt <= options.clock.now().getTime()) return undefined;
    entries.set(key, entry);
    totalBytes += entry.response.body.length;
    return entry.response;
  }

  return async (url: string, init: FetcherInit = {}) => {
    const key = `${init.accept ?? ''}\n${url}`;
    const cached = fresh(key);
    if (cached !== undefined) return copy(cached);
    let pending = inFlight.get(key);
    if (pending === undefined) {
      pending = fetcher(url, init).then(
        (response) => {
          inFlight.delete(key);
          store(key, response);
          return response;
        },
        (error: unknown) => {
          inFlight.delete(key);
          throw error;
        },
      );
      inFlight.set(key, pending);
    }
    return copy(await pending);
  };
}
