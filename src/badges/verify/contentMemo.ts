import { createHash } from 'node:crypto';
import { type PromiseLru, promiseLru } from '../../lru.js';

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
  const scopes = new WeakMap<object, PromiseLru<T>>();
  return (scope: object, inputs: unknown, compute: () => Promise<T>): Promise<T> => {
    let remembered = scopes.get(scope);
    if (remembered === undefined) {
      remembered = promiseLru<T>(capacity);
      scopes.set(scope, remembered);
    }
    return remembered(createHash('sha256').update(JSON.stringify(inputs)).digest('base64'), compute);
  };
}
