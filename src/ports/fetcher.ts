/**
 * Network access is injected. The verifier only ever sees this function type; the HTTP adapter
 * behind it enforces the safety rules (schemes, addresses, redirects, sizes, timeouts).
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
