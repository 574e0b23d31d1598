/**
 * Network access is injected. The verifier only ever sees this function type; the HTTP adapter
 * behind it enforces the safety rules (schemes, addresses, redirects, sizes, timeouts).
 */
/**
 * `url` is an http(s) URL, or a `did:web:` DID whose document is wanted: the adapter decides
 * where that document lives (https; plain http for an operator-allowed host; our own DID from
 * the store), which the verifier cannot know.
 */
export type Fetcher = (url: string, init?: FetcherInit) => Promise<FetchedResponse>;

export interface FetcherInit {
  readonly accept?: string;
}

export interface FetchedResponse {
  /** The URL finally answered, after redirects. */
  readonly url: string;
  readonly status: number;
  readonly contentType: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}
