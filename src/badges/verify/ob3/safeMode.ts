import jsonld from 'jsonld';
import { UnknownContextError } from '../../jsonld/documentLoader.js';
import { contentMemo } from '../contentMemo.js';
import type { ContextLoader } from '../env.js';
import { isJsonObject, type JsonObject } from '../json/safeJson.js';
import { invalid, type Problem } from '../report.js';

/**
 * `endorsementJwt` is an OB 3.0 property (docs/open-badges.md B1) that the published 3.0.3 context
 * does not define (spec/SOURCES.md: VAL3 patched it into its own copy). It is verified on its
 * own as compact JWS, so it is left out of the JSON-LD check rather than failing every
 * credential that carries one.
 */
function withoutEndorsementJwt(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutEndorsementJwt);
  if (!isJsonObject(value)) return value;
  const copy: JsonObject = {};
  for (const [key, child] of Object.entries(value)) {
    if (key !== 'endorsementJwt') copy[key] = withoutEndorsementJwt(child);
  }
  return copy;
}

interface JsonLdFailure {
  readonly name?: string;
  readonly message?: string;
  readonly details?: {
    readonly cause?: unknown;
    readonly event?: { readonly message?: string; readonly details?: { readonly property?: string } };
  };
}

function describe(error: unknown): Problem {
  const failure = (error ?? {}) as JsonLdFailure;
  const cause = failure.details?.cause;
  if (cause instanceof UnknownContextError || error instanceof UnknownContextError) {
    const url = cause instanceof UnknownContextError ? cause.url : (error as UnknownContextError).url;
    return invalid(
      `@context ${url} is not one of the contexts this verifier carries; remote contexts are never fetched`,
    );
  }
  const event = failure.details?.event;
  if (event) {
    const property = event.details?.property;
    return invalid(`${event.message ?? 'JSON-LD safe mode failed'}${property ? ` (${property})` : ''}`);
  }
  return invalid(`JSON-LD expansion failed: ${failure.message ?? 'unknown error'}`);
}

/**
 * JSON-LD safe mode (docs/open-badges.md B8 step 1; 1EdTech treats a failure as invalid, PR #611):
 * every term must be defined, with contexts from the local copies only.
 */
export function safeModeProblem(document: JsonObject, contexts: ContextLoader): Promise<Problem | undefined> {
  // Expansion is a pure function of the document and the contexts, and the slowest step of a
  // VC-JWT's verification: a document checked before is answered from memory (contentMemo.ts).
  return safeModeResults(contexts, document, async () => {
    try {
      await jsonld.expand(withoutEndorsementJwt(document), { documentLoader: contexts, safe: true });
      return undefined;
    } catch (error) {
      return describe(error);
    }
  });
}

const safeModeResults = contentMemo<Problem | undefined>(2_000);
