import { isJsonObject, type JsonObject } from '../json/safeJson.js';
import { isHttpUrl, stringOf } from '../json/values.js';
import type { DocumentSource } from '../net/documents.js';
import { invalid } from '../report.js';
import { didOf, findVerificationMethod, type Resolution, resolveDid } from './didDocument.js';

export interface ResolvedMethod {
  /** The verification method, with an absolute `id`. */
  readonly method: JsonObject;
  /** The document of the method's controller (a DID document or a controller document). */
  readonly controller: JsonObject;
}

function withoutFragment(url: string): string {
  return url.replace(/#.*$/, '');
}

/** Any document a verification method or its controller can live in: DID or http(s) URL. */
async function loadDocument(id: string, documents: DocumentSource): Promise<Resolution<JsonObject>> {
  if (id.startsWith('did:')) return resolveDid(didOf(id), documents);
  if (!isHttpUrl(id)) return { ok: false, problem: invalid(`${id} is neither a DID nor an http(s) URL`) };
  const fetched = await documents.json(withoutFragment(id), 'controller document');
  if (!fetched.ok) return fetched;
  if (!isJsonObject(fetched.value)) return { ok: false, problem: invalid(`${id} does not answer a JSON object`) };
  return { ok: true, value: fetched.value };
}

function hasKeyMaterial(node: JsonObject): boolean {
  return typeof node['publicKeyMultibase'] === 'string' || isJsonObject(node['publicKeyJwk']);
}

/**
 * Dereferences a Data Integrity `verificationMethod` (docs/open-badges.md B4, B5): inside a did:key,
 * did:web or http(s) controller document, or an http(s) URL answering the key itself, whose
 * `controller` is then fetched too so its `assertionMethod` can be checked.
 */
export async function resolveVerificationMethod(
  id: string,
  documents: DocumentSource,
): Promise<Resolution<ResolvedMethod>> {
  // Every proof a verification checks, nested ones included, passes here before it is
  // canonicalised: the one place to count them (LIMITS.maxProofChecks).
  const spent = documents.budget.proofCheckProblem(`the proof by ${id}`);
  if (spent) return { ok: false, problem: spent };
  const loaded = await loadDocument(id, documents);
  if (!loaded.ok) return loaded;
  const document = loaded.value;
  let method = findVerificationMethod(document, id);
  if (!method && document['id'] === id && hasKeyMaterial(document)) method = document;
  if (!method) {
    return {
      ok: false,
      problem: invalid(`verification method ${id} is not in its document (key removed or rotated?)`),
    };
  }
  if (!hasKeyMaterial(method)) return { ok: false, problem: invalid(`verification method ${id} has no public key`) };
  const controllerId = stringOf(method['controller']);
  if (!controllerId) return { ok: false, problem: invalid(`verification method ${id} names no controller`) };
  if (controllerId === document['id'] && method !== document)
    return { ok: true, value: { method, controller: document } };
  const controller = await loadDocument(controllerId, documents);
  if (!controller.ok) return controller;
  if (controller.value['id'] !== controllerId) {
    return { ok: false, problem: invalid(`the controller document at ${controllerId} is about another id`) };
  }
  return { ok: true, value: { method, controller: controller.value } };
}
