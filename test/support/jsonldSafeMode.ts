// Safe-mode check of the documents our builders produce (the verifier has its own, reported as a check).
import jsonld from 'jsonld';
import type { RemoteDocument } from '../../src/badges/jsonld/documentLoader.js';
import { localDocumentLoader } from '../support/standards.js';

export type JsonLdSafeModeResult = { readonly ok: true } | { readonly ok: false; readonly message: string };

/**
 * Converts a document to RDF in JSON-LD safe mode, which fails on any term its contexts do not
 * define, or any value that would be dropped, instead of silently leaving it out of the
 * signed data (VC Data Integrity §4.1 "safe mode"; docs/open-badges.md B1, C1). Contexts come from
 * the local loader only.
 */
export async function checkJsonLdSafeMode(
  document: object,
  documentLoader: (url: string) => Promise<RemoteDocument> = localDocumentLoader,
): Promise<JsonLdSafeModeResult> {
  try {
    await jsonld.toRDF(document, { documentLoader, safe: true, base: null });
    return { ok: true };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}
