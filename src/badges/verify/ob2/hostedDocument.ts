import type { VerifyEnv } from '../env.js';
import { isJsonObject, type JsonObject } from '../json/safeJson.js';
import { isHttpUrl } from '../json/values.js';
import type { Resolution } from '../keys/didDocument.js';
import { invalid, type Problem } from '../report.js';

const OB2_ACCEPT = 'application/ld+json, application/json';

/**
 * An OB 2.0 document fetched from its own id (docs/open-badges.md A3: the verifier trusts only the
 * fetched copy). It must be a JSON object that calls itself by the id it was fetched from.
 */
export async function fetchHostedDocument(
  id: string | undefined,
  what: string,
  env: VerifyEnv,
): Promise<Resolution<JsonObject> & { readonly status?: number; readonly gone?: JsonObject }> {
  if (id === undefined || !isHttpUrl(id)) {
    return { ok: false, problem: invalid(`the ${what} id ${id ?? '(none)'} is not an HTTP(S) URL to fetch it from`) };
  }
  const fetched = await env.documents.json(id, what, OB2_ACCEPT);
  if (!fetched.ok) return fetched;
  if (!isJsonObject(fetched.value)) return { ok: false, problem: invalid(`the ${what} at ${id} is not a JSON object`) };
  return { ok: true, value: fetched.value };
}

/** The fetched document must be about the id it was fetched from. */
export function sameIdProblem(document: JsonObject, id: string, what: string): Problem | undefined {
  return document['id'] === id
    ? undefined
    : invalid(`the ${what} fetched from ${id} calls itself ${String(document['id'])}`);
}
