import { expect } from 'chai';
import type { AwardView } from '../../../src/app/awards/awardView.js';
import type { TestService } from '../../support/testService.js';
import type { AwardRequestBody } from './awardRequests.js';

/** The award resource as `POST /api/v1/awards` answers it. */
export interface IssuedAward extends AwardView {
  readonly duplicate?: true;
  readonly alsoAwarded?: readonly AwardView[];
}

export interface ErrorAnswer {
  readonly error: { readonly code: string; readonly message: string; readonly details?: Record<string, unknown> };
}

export interface Answer<T> {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly body: T;
}

/** Sends a request and reads the whole body; `body` is the parsed JSON when there is any. */
export async function call<T = unknown>(
  service: TestService,
  method: string,
  path: string,
  options: Parameters<TestService['request']>[2] = {},
): Promise<Answer<T>> {
  const response = await service.request(method, path, options);
  const text = await response.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, text, body: body as T };
}

export function postAward(
  service: TestService,
  body: AwardRequestBody,
  options: { headers?: Record<string, string>; token?: string | null } = {},
): Promise<Answer<IssuedAward>> {
  return call<IssuedAward>(service, 'POST', '/api/v1/awards', { body, ...options });
}

/** Issues an award that must be created (201), and returns it. */
export async function issueNew(service: TestService, body: AwardRequestBody): Promise<IssuedAward> {
  const answer = await postAward(service, body);
  expect(answer.status, answer.text).to.equal(201);
  return answer.body;
}

/** Asserts a refusal: the status, the stable code, and the `{ error: { code, message } }` shape. */
export function expectError(answer: Answer<unknown>, status: number, code: string): ErrorAnswer['error'] {
  expect(answer.status, answer.text).to.equal(status);
  const body = answer.body as ErrorAnswer;
  expect(body.error.code).to.equal(code);
  return body.error;
}

/** The JSON paths a 400 validation_failed answer names in `details.errors`. */
export function problemPaths(answer: Answer<unknown>): string[] {
  const error = expectError(answer, 400, 'validation_failed');
  const problems = (error.details?.['errors'] ?? []) as readonly { path: string }[];
  return problems.map((problem) => problem.path);
}

export interface AwardPage {
  readonly items: readonly AwardView[];
  readonly nextCursor?: string;
}

/** One page of `GET /api/v1/awards` with the given query. */
export async function listPage(service: TestService, query: Record<string, string>): Promise<Answer<AwardPage>> {
  return call<AwardPage>(service, 'GET', `/api/v1/awards?${new URLSearchParams(query)}`);
}

/** Every award matching the query, following `nextCursor` to the last page. */
export async function listAll(service: TestService, query: Record<string, string> = {}): Promise<AwardView[]> {
  const all: AwardView[] = [];
  let cursor: string | undefined;
  do {
    const page = await listPage(service, { ...query, ...(cursor === undefined ? {} : { cursor }) });
    expect(page.status, page.text).to.equal(200);
    all.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor !== undefined);
  return all;
}

/** A public document as served: status, Content-Type and exact bytes. */
export interface Fetched {
  readonly status: number;
  readonly contentType: string;
  readonly bytes: Buffer;
  readonly text: string;
  readonly headers: Headers;
}

export async function fetchPublic(url: string, headers: Record<string, string> = {}): Promise<Fetched> {
  const response = await fetch(url, { headers, redirect: 'manual' });
  const bytes = Buffer.from(await response.arrayBuffer());
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    bytes,
    text: bytes.toString('utf8'),
    headers: response.headers,
  };
}

/** Fetches JSON that must answer 200 with the given media type. */
export async function fetchJson<T = Record<string, unknown>>(
  url: string,
  mediaType: string,
  accept?: string,
): Promise<T> {
  const fetched = await fetchPublic(url, accept === undefined ? {} : { accept });
  expect(fetched.status, `${url}: ${fetched.text}`).to.equal(200);
  expect(mediaTypeOf(fetched.contentType)).to.equal(mediaType);
  return JSON.parse(fetched.text) as T;
}

/** `application/ld+json; charset=utf-8` → `application/ld+json`. */
export function mediaTypeOf(contentType: string): string {
  return contentType.split(';')[0]!.trim().toLowerCase();
}

/** Revokes an award with `reason`, which must succeed (200). */
export async function revokeAward(service: TestService, id: string, reason: string): Promise<void> {
  const answer = await call(service, 'POST', `/api/v1/awards/${id}/revoke`, { body: { reason } });
  expect(answer.status, answer.text).to.equal(200);
}
