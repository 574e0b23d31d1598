/**
 * JSON-LD contexts are served from the service's own copies under `schemas/contexts/` (read at
 * start by the composition root and passed in, so this layer does no I/O), never fetched: a remote context can change the canonical RDF under a signature (docs/open-badges.md C10,
 * C11) and fetching one would let a stranger's credential make us call arbitrary URLs.
 * Every published version is kept, because a signature only verifies under the context version
 * it was made with.
 */
export const CONTEXT_FILES: Readonly<Record<string, string>> = {
  'https://www.w3.org/ns/credentials/v2': 'w3c/credentials-v2.jsonld',
  'https://www.w3.org/2018/credentials/v1': 'w3c/credentials-v1.jsonld',
  'https://w3id.org/security/data-integrity/v2': 'w3c/data-integrity-v2.jsonld',
  'https://w3id.org/security/data-integrity/v1': 'w3c/data-integrity-v1.jsonld',
  'https://w3id.org/security/multikey/v1': 'w3c/multikey-v1.jsonld',
  'https://w3id.org/security/suites/ed25519-2020/v1': 'w3c/ed25519-2020-v1.jsonld',
  'https://www.w3.org/ns/did/v1': 'w3c/did-v1.jsonld',
  'https://w3id.org/did/v1': 'w3c/did-v1.jsonld',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json': 'ob3/context-3.0.3.json',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json': 'ob3/context-3.0.2.json',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json': 'ob3/context-3.0.1.json',
  'https://purl.imsglobal.org/spec/ob/v3p0/context.json': 'ob3/context.json',
  'https://purl.imsglobal.org/spec/ob/v3p0/context/ob_v3p0.jsonld': 'ob3/context.json',
  'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json': 'ob3/extensions.json',
  'https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json': 'clr/context-2.0.1.json',
  'https://purl.imsglobal.org/spec/clr/v2p0/context.json': 'clr/context.json',
  'https://w3id.org/openbadges/v2': 'ob2/v2-context.json',
  'https://openbadgespec.org/v2/context.json': 'ob2/v2-context.json',
  'https://w3id.org/openbadges/v1': 'ob2/v1-context.json',
};

export interface RemoteDocument {
  readonly contextUrl: null;
  readonly documentUrl: string;
  readonly document: unknown;
  /**
   * `'static'` tells jsonld.js the document never changes, so it keeps the context resolved (and
   * processed) across operations instead of resolving it again on every expansion.
   */
  readonly tag?: 'static';
}

/** The carried contexts' JSON, by their file under `schemas/contexts/` (the values of CONTEXT_FILES). */
export type ContextDocuments = Readonly<Record<string, unknown>>;

/** Serves JSON-LD contexts, as jsonld.js and jsonld-signatures call a document loader. */
export type ContextLoader = (url: string) => Promise<RemoteDocument>;

/** The files a ContextDocuments must hold, each once. */
export const CONTEXT_FILE_NAMES: readonly string[] = [...new Set(Object.values(CONTEXT_FILES))];

export class UnknownContextError extends Error {
  readonly url: string;
  constructor(url: string) {
    super(`JSON-LD document ${url} is not one of the contexts this service carries; it is never fetched`);
    this.name = 'UnknownContextError';
    this.url = url;
  }
}

/** A trailing slash some documents add to a context URL names the same context. */
function canonicalUrl(url: string): string {
  return url.endsWith('/') && !(url in CONTEXT_FILES) ? url.slice(0, -1) : url;
}

/** A jsonld.js / jsonld-signatures document loader over the carried contexts only. */
export function createContextLoader(contexts: ContextDocuments): ContextLoader {
  return async (url: string) => {
    const key = canonicalUrl(url);
    const file = CONTEXT_FILES[key];
    const document = file === undefined ? undefined : contexts[file];
    if (document === undefined) throw new UnknownContextError(key);
    return { contextUrl: null, documentUrl: url, document, tag: 'static' };
  };
}

/**
 * Builds a loader that first asks `extra` (e.g. DID documents and keys the caller already holds
 * in memory) and falls back to the carried contexts.
 */
export function documentLoaderWith(
  extra: (url: string) => unknown | undefined,
  contexts: ContextLoader,
): ContextLoader {
  return async (url: string) => {
    const found = extra(url);
    if (found !== undefined) return { contextUrl: null, documentUrl: url, document: found };
    return contexts(url);
  };
}
