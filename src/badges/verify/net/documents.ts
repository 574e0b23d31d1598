import { isAccoladeError } from '../../../errors.js';
import type { FetchedResponse, Fetcher } from '../../../ports/fetcher.js';
import { isJsonObject, type JsonObject, parseUntrustedJson } from '../json/safeJson.js';
import { LIMITS, type VerificationBudget } from '../limits.js';
import { indeterminate, invalid, type Problem } from '../report.js';

export type Fetched =
  | { readonly ok: true; readonly response: FetchedResponse; readonly text: string }
  | { readonly ok: false; readonly problem: Problem; readonly status?: number; readonly gone?: JsonObject };

export type FetchedJson =
  | { readonly ok: true; readonly value: unknown; readonly response: FetchedResponse }
  | { readonly ok: false; readonly problem: Problem; readonly status?: number; readonly gone?: JsonObject };

export const JSON_ACCEPT = 'application/ld+json, application/json;q=0.9, */*;q=0.1';

/**
 * The verifier's only way out to the network: every document is read through the injected
 * Fetcher, once per URL per verification (a DID document serves both key and controller), and
 * at most LIMITS.maxFetches times, so a badge cannot make us call an unbounded list of URLs.
 * It also carries the verification's budget: once its time is spent, no fetch starts and a
 * fetch still waiting is given up (could not run), however slowly the other server answers.
 */
export class DocumentSource {
  readonly #fetcher: Fetcher;
  readonly #cache = new Map<string, Promise<Fetched>>();
  /** Time and proof checks left for this verification, nested ones included. */
  readonly budget: VerificationBudget;

  constructor(fetcher: Fetcher, budget: VerificationBudget) {
    this.#fetcher = fetcher;
    this.budget = budget;
  }

  fetch(url: string, accept: string = JSON_ACCEPT): Promise<Fetched> {
    const cached = this.#cache.get(url);
    if (cached) return cached;
    const late = this.budget.timeProblem(`${url} was fetched`);
    if (late) return Promise.resolve({ ok: false, problem: late });
    if (this.#cache.size >= LIMITS.maxFetches) {
      return Promise.resolve({
        ok: false,
        problem: invalid(`verifying this badge needs more than ${LIMITS.maxFetches} documents; ${url} was not fetched`),
      });
    }
    const pending = Promise.race([
      this.#load(url, accept),
      this.budget.whenTimeIsUp(`${url} answered`).then((problem): Fetched => ({ ok: false, problem })),
    ]);
    this.#cache.set(url, pending);
    return pending;
  }

  /**
   * DID documents, keys, JWKS and status lists are read as plain JSON whatever their content
   * type: issuers serve them as application/json, application/did+json, jwk-set+json, text/plain.
   */
  async json(url: string, what: string, accept?: string): Promise<FetchedJson> {
    const fetched = await this.fetch(url, accept);
    if (!fetched.ok) return fetched;
    const parsed = parseUntrustedJson(fetched.text, `${what} at ${url}`);
    if (!parsed.ok) return { ok: false, problem: parsed.problem };
    return { ok: true, value: parsed.value, response: fetched.response };
  }

  async #load(url: string, accept: string): Promise<Fetched> {
    let response: FetchedResponse;
    try {
      response = await this.#fetcher(url, { accept });
    } catch (error) {
      return { ok: false, problem: fetchErrorProblem(url, error) };
    }
    if (response.status < 200 || response.status >= 300) {
      return {
        ok: false,
        status: response.status,
        problem: statusProblem(url, response.status),
        ...goneBody(response),
      };
    }
    if (response.body.length > LIMITS.maxTextBytes) {
      return { ok: false, problem: invalid(`${url} answered more than ${LIMITS.maxTextBytes} bytes`) };
    }
    return { ok: true, response, text: response.body.toString('utf8') };
  }
}

/**
 * The JSON body of a 410 Gone, which an OB 2.0 issuer may give to say why and when it revoked
 * the assertion (docs/open-badges.md A3); anything else about the answer is left unread.
 */
function goneBody(response: FetchedResponse): { gone?: JsonObject } {
  if (response.status !== 410 || response.body.length > LIMITS.maxTextBytes) return {};
  const parsed = parseUntrustedJson(response.body.toString('utf8'), 'the 410 answer');
  return parsed.ok && isJsonObject(parsed.value) ? { gone: parsed.value } : {};
}

/**
 * For documents that only support a check (status lists): an HTTP error answer means the check
 * could not run, whatever the status; a blocked target stays invalid.
 */
export function couldNotRun(failure: { readonly problem: Problem; readonly status?: number }): Problem {
  return failure.status === undefined ? failure.problem : indeterminate(failure.problem.message);
}

/**
 * A blocked target (private address, bad scheme, redirect to one) is the badge's fault: invalid.
 * Anything else going wrong on the way (refused, timed out, reset) says nothing about the badge:
 * the check could not run.
 */
function fetchErrorProblem(url: string, error: unknown): Problem {
  if (isAccoladeError(error) && error.code === 'fetch_blocked') {
    return invalid(`${url} may not be fetched: ${error.message}`);
  }
  const reason = error instanceof Error ? error.message : 'unknown error';
  return indeterminate(`${url} could not be fetched: ${reason}`);
}

/** 5xx and 429 are the server's trouble (try again later); other answers are the issuer's word. */
function statusProblem(url: string, status: number): Problem {
  if (status >= 500 || status === 429 || status === 408) {
    return indeterminate(`${url} answered HTTP ${status}; try again later`);
  }
  return invalid(`${url} answered HTTP ${status}`);
}
