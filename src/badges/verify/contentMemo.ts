import { createHash } from 'node:crypto';

/**
 * Remembers the results of the verifier's costly pure steps (JSON-LD safe-mode expansion, a Data
 * Integrity proof's canonicalisation and signature check) by a SHA-256 digest of every input
 * they depend on, so a badge verified again (a popular badge, an employer re-checking) skips
 * them. Only pure steps go through it: fetching, revocation, dates and recipient are judged
 * afresh on every verification, so a revoked or expired badge is never answered from memory.
 * Results are kept per context loader (`scope`), since another loader may define other terms.
 * Concurrent identical steps share one computation; a step that throws is not remembered.
 */
export function contentMemo<T>(capacity: number) {
  const scopes = new WeakMap<object, Map<string, Promise<T>>>();
  return (scope: object, inputs: unknown, compute: () => Promise<T>): Promise<T> => {
    let entries = scopes.get(scope);
    if (entries === undefined) {
      entries = new Map();
      scopes.set(scope, entries);
    }
    const key = createHash('sha256').update(JSON.stringify(inputs)).digest('base64');
    const known = entries.get(key);
    if (known !== undefined) {
      // A Map keeps insertion order: re-inserting a hit makes the first key the least recently used.
      entries.delete(key);
      entries.set(key, known);
      return known;
    }
    const pending = compute();
    const kept = entries;
    kept.set(key, pending);
    pending.catch(() => kept.delete(key));
    if (kept.size > capacity) kept.delete(kept.keys().next().value as string);
    return pending;
  };
}
