import { LRUCache } from 'lru-cache';
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
  // Bounded by count and by body bytes: the least recently used response goes first.
  const entries = new LRUCache<string, Entry>({
    max: maxEntries,
    maxSize: maxTotalBytes,
    sizeCalculation: (entry) => Math.max(1, entry.response.body.length),
  });
  const inFlight = new Map<string, Promise<FetchedResponse>>();

  function store(key: string, response: FetchedResponse): void {
    const lifetime = response.status === 200 ? cacheLifetimeMs(response.headers, limits) : 0;
    if (lifetime <= 0 || response.body.length > maxTotalBytes) return;
    entries.set(key, { response, expiresAt: options.clock.now().getTime() + lifetime });
  }

  function fresh(key: string): FetchedResponse | undefined {
    const entry = entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt > options.clock.now().getTime()) return entry.response;
    entries.delete(key);
    return undefined;
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
