import { LRUCache } from 'lru-cache';

/** A remembered computation: the promise of its result for a key, made on first request. */
export type PromiseLru<V> = ((key: string, make: () => Promise<V>) => Promise<V>) & {
  /** How many results are held. */
  readonly size: number;
};

/**
 * A bounded, least-recently-used memory of asynchronous results. It holds promises, so
 * concurrent requests for one key share one computation, and a computation that fails is
 * forgotten, so the next request tries again rather than being answered with the old failure.
 */
export function promiseLru<V>(capacity: number): PromiseLru<V> {
  const entries = new LRUCache<string, Promise<V>>({ max: capacity });
  const remembered = (key: string, make: () => Promise<V>): Promise<V> => {
    const found = entries.get(key);
    if (found !== undefined) return found;
    const made = make();
    entries.set(key, made);
    made.catch(() => {
      if (entries.peek(key) === made) entries.delete(key);
    });
    return made;
  };
  return Object.defineProperty(remembered, 'size', { get: () => entries.size }) as PromiseLru<V>;
}
