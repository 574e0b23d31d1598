import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isDidWeb } from '../../badges/didWeb.js';
import { AccoladeError } from '../../errors.js';
import type { FetchedResponse, Fetcher, FetcherInit } from '../../ports/fetcher.js';
import { didWebDocumentUrl } from './didWeb.js';
import { fetchBlocked, fetchFailed, networkFailure } from './fetchErrors.js';
import { guardedLookup, type ResolveHost, systemResolve } from './guardedLookup.js';
import { type HostAllowance, parseHostAllowance } from './hostAllowance.js';
import { readCappedBody } from './readBody.js';
import { type CheckedTarget, checkTarget, parseTargetUrl } from './targetCheck.js';

export interface SafeFetcherOptions {
  /** VERIFY_ALLOWED_HOSTS: `host` (every port) or `host:port` entries exempt from the address rules. */
  readonly allowedHosts?: readonly string[];
  /** Budget for the whole fetch: every redirect hop, connection, headers and body. */
  readonly timeoutMs: number;
  /** Largest body read, after content decoding. */
  readonly maxBytes: number;
  readonly maxRedirects?: number;
  readonly userAgent?: string;
  /** Host name resolution; defaults to the system resolver. Tests inject one. */
  readonly lookup?: ResolveHost;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const DEFAULT_ACCEPT = 'application/ld+json, application/json;q=0.9, */*;q=0.1';

interface FetchContext {
  readonly allowance: HostAllowance;
  readonly resolve: ResolveHost;
  readonly headers: Readonly<Record<string, string>>;
  readonly maxBytes: number;
  readonly maxRedirects: number;
  readonly signal: AbortSignal;
  /** The hop in progress, so a timeout names the URL that was slow. */
  current: string;
}

function flattenHeaders(response: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

function requestOnce(target: CheckedTarget, context: FetchContext): Promise<IncomingMessage> {
  const href = target.url.href;
  const client = target.url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    try {
      const request = client.request(
        target.url,
        {
          method: 'GET',
          headers: context.headers,
          // A fresh connection per hop: a pooled socket would skip the lookup that checks addresses.
          agent: false,
          lookup: guardedLookup(context.resolve, href, !target.operatorAllowed),
          signal: context.signal,
        },
        resolve,
      );
      request.on('error', (error) => reject(networkFailure(error, href)));
      request.end();
    } catch (error) {
      reject(networkFailure(error, href));
    }
  });
}

function startUrl(input: string, allowance: HostAllowance): URL {
  return isDidWeb(input) ? didWebDocumentUrl(input, allowance) : parseTargetUrl(input);
}

async function fetchFollowingRedirects(input: string, context: FetchContext): Promise<FetchedResponse> {
  let url = startUrl(input, context.allowance);
  for (let redirects = 0; ; redirects += 1) {
    context.current = url.href;
    // Every hop is checked afresh: a public host may redirect to a private one.
    const target = checkTarget(url, context.allowance);
    const response = await requestOnce(target, context);
    const status = response.statusCode ?? 0;
    const location = response.headers.location;
    if (REDIRECT_STATUSES.has(status) && location !== undefined) {
      response.destroy();
      if (redirects >= context.maxRedirects) {
        throw fetchBlocked('redirects', url.href, `more than ${context.maxRedirects} redirects`, {
          maxRedirects: context.maxRedirects,
        });
      }
      url = parseTargetUrl(new URL(location, url).href);
      continue;
    }
    const body = await readCappedBody(response, context.maxBytes, url.href);
    const headers = flattenHeaders(response);
    return { url: url.href, status, contentType: headers['content-type'] ?? '', headers, body };
  }
}

/**
 * The Fetcher the public verifier uses for URLs that strangers give it. Only https (plain http
 * for operator-allowed hosts); only public addresses, checked after DNS resolution and on every
 * redirect; at most `maxRedirects` redirects; one deadline for the whole fetch; bodies capped
 * after decompression. Non-2xx responses are returned, not thrown (a 410 means "revoked" to an
 * Open Badges 2.0 verifier). A `did:web:` identifier is accepted in place of a URL and fetched
 * from its DID document URL (see didWeb.ts). Built on node:http(s), so nock intercepts it in tests.
 * Errors: AccoladeError `fetch_blocked` or `fetch_failed` with `details.reason` and `details.url`.
 */
export function createSafeFetcher(options: SafeFetcherOptions): Fetcher {
  const allowance = parseHostAllowance(options.allowedHosts ?? []);
  const resolve = options.lookup ?? systemResolve;
  const maxRedirects = options.maxRedirects ?? 5;
  return async (input: string, init: FetcherInit = {}) => {
    const controller = new AbortController();
    const context: FetchContext = {
      allowance,
      resolve,
      headers: {
        accept: init.accept ?? DEFAULT_ACCEPT,
        'accept-encoding': 'gzip, deflate, br',
        ...(options.userAgent === undefined ? {} : { 'user-agent': options.userAgent }),
      },
      maxBytes: options.maxBytes,
      maxRedirects,
      signal: controller.signal,
      current: input,
    };
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        reject(fetchFailed('timeout', context.current, `no complete answer within ${options.timeoutMs} ms`));
        // Aborting destroys the socket of the hop in progress, whatever stage it is in.
        controller.abort();
      }, options.timeoutMs);
    });
    try {
      return await Promise.race([fetchFollowingRedirects(input, context), deadline]);
    } catch (error) {
      throw error instanceof AccoladeError ? error : networkFailure(error, context.current);
    } finally {
      clearTimeout(timer);
    }
  };
}
