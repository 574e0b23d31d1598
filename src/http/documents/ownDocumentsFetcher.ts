import accepts from 'accepts';
import type { UrlLayout } from '../../badges/urls.js';
import { AccoladeError, isAccoladeError } from '../../errors.js';
import type { FetchedResponse, Fetcher } from '../../ports/fetcher.js';
import type { DocumentRequest, DocumentResponse, DocumentRoute } from './documentTable.js';
import { routePath } from './documentTable.js';
import { compilePattern } from './urlPattern.js';

const NOT_FOUND: DocumentResponse = { status: 404, contentType: 'application/json', body: '{}' };

/**
 * The verifier's fetcher, with our own badges answered in-process: a URL whose scheme, host and
 * port are PUBLIC_URL's (or our did:web DID) is read from the store through the same table the
 * HTTP routes serve, so verifying one of ours makes no HTTP round-trip and gives exactly the
 * report a stranger's fetch would. Everything else goes to the outbound (safe) fetcher.
 */
export function createOwnDocumentsFetcher(deps: {
  urls: UrlLayout;
  routes: readonly DocumentRoute[];
  outbound: Fetcher;
}): Fetcher {
  const { urls, routes } = deps;
  const origin = new URL(urls.base).origin;
  const pagePattern = compilePattern(urls, routePath(urls, urls.page(':id')));
  const compiled = routes.map((route) => ({ route, pattern: compilePattern(urls, route.path) }));
  const assertionRoute = routes.find((route) => route.name === 'assertion');

  function toResponse(url: string, document: DocumentResponse): FetchedResponse {
    return {
      url,
      status: document.status,
      contentType: document.contentType,
      headers: { 'content-type': document.contentType },
      body: Buffer.isBuffer(document.body) ? document.body : Buffer.from(document.body, 'utf8'),
    };
  }

  async function serve(url: string, accept: string): Promise<FetchedResponse> {
    const target = new URL(url);
    const query: Record<string, string> = Object.fromEntries(target.searchParams);
    // The same negotiation as Express's req.accepts(), on the Accept the verifier sends.
    const negotiator = accepts({ headers: { accept } } as Parameters<typeof accepts>[0]);
    const request = (params: Record<string, string>): DocumentRequest => ({
      params,
      query,
      accepts: (types) => negotiator.types(types) as string | false,
    });
    try {
      // A badge page asked for by a machine answers with its hosted assertion (the HTTP route
      // does it with a 303), so the final URL is the assertion's.
      const page = pagePattern.match(target);
      if (page !== undefined && assertionRoute !== undefined) {
        return toResponse(urls.assertion(page['id']!), await assertionRoute.serve(request(page)));
      }
      for (const { route, pattern } of compiled) {
        const params = pattern.match(target);
        if (params !== undefined) return toResponse(url, await route.serve(request(params)));
      }
    } catch (error) {
      if (isAccoladeError(error) && error.code === 'not_found') return toResponse(url, NOT_FOUND);
      throw error;
    }
    return toResponse(url, NOT_FOUND);
  }

  return async (url, init) => {
    const accept = init?.accept ?? 'application/ld+json, application/json;q=0.9, */*;q=0.1';
    if (url === urls.did || url.startsWith(`${urls.did}#`)) return serve(urls.didDocument, accept);
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new AccoladeError('fetch_blocked', `Not a URL: ${url}`, { reason: 'invalid_url', url });
    }
    if (parsed.origin === origin) return serve(url, accept);
    return deps.outbound(url, init);
  };
}
