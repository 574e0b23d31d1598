import { MULTIKEY_CONTEXT_V1 } from '../keys/didDocument.js';
import type { MultikeyVerificationMethod } from '../keys/publicKeys.js';

/** A controller (DID) document the resolver can answer for, with its Multikey methods. */
export interface ControllerDocument {
  readonly '@context': unknown;
  readonly id: string;
  readonly verificationMethod?: readonly MultikeyVerificationMethod[];
  readonly assertionMethod?: readonly string[];
}

/**
 * Resolves, from memory, a controller document by its id and each of its verification methods
 * by its absolute id (DID URL with fragment). jsonld-signatures dereferences both when it checks
 * a proof: the method for the public key, the controller for `assertionMethod` (Controlled
 * Identifiers §3.3). Pair with `documentLoaderWith` so nothing is ever fetched.
 */
export function controllerDocumentResolver(
  documents: readonly ControllerDocument[],
): (url: string) => object | undefined {
  const byId = new Map<string, object>();
  for (const document of documents) {
    byId.set(document.id, document);
    for (const method of document.verificationMethod ?? []) {
      byId.set(method.id, { '@context': MULTIKEY_CONTEXT_V1, ...method });
    }
  }
  return (url) => byId.get(url);
}
