import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { CredentialIssuancePurpose } from '@digitalbazaar/vc';
import jsigs from 'jsonld-signatures';
import { contentMemo } from '../contentMemo.js';
import type { ContextLoader } from '../env.js';
import type { JsonObject } from '../json/safeJson.js';

/** The proof types this verifier checks (docs/open-badges.md B4; older Ed25519Signature2020 kept). */
export function isSupportedProof(proof: JsonObject): boolean {
  return (
    (proof['type'] === 'DataIntegrityProof' && proof['cryptosuite'] === 'eddsa-rdfc-2022') ||
    proof['type'] === 'Ed25519Signature2020'
  );
}

export interface LinkedDataProofInput {
  /** The credential carrying exactly the one proof to check. */
  readonly credential: JsonObject;
  readonly proof: JsonObject;
  /** The resolved verification method, served to the suite instead of being fetched. */
  readonly method: JsonObject;
  /** The resolved controller: its id and the methods it lists under assertionMethod. */
  readonly controller: { readonly id: string; readonly assertionMethod: readonly string[] };
  readonly contexts: ContextLoader;
}

function messagesOf(error: unknown): string {
  const list: unknown[] = Array.isArray(error) ? error : [error];
  return list
    .flatMap((entry) => {
      const nested = (entry as { errors?: unknown[] } | undefined)?.errors;
      return Array.isArray(nested) ? nested : [entry];
    })
    .map((entry) => (entry instanceof Error ? entry.message : String(entry)))
    .join('; ');
}

/**
 * Checks one Data Integrity proof with the Digital Bazaar suites. The document loader serves
 * the already-resolved verification method and otherwise only local contexts, so canonicalising
 * a stranger's credential can never reach the network. The controller is handed over resolved,
 * so CredentialIssuancePurpose checks assertionMethod and controller = issuer on it.
 */
export function verifyLinkedDataProof(input: LinkedDataProofInput): Promise<ProofResult> {
  // Canonicalisation and the signature check depend on nothing but these inputs (no clock: the
  // purpose has no maxTimestampDelta), so a proof checked before is answered from memory
  // (contentMemo.ts); the key is still resolved and its controller checked on every verification.
  const { contexts, ...inputs } = input;
  return proofResults(contexts, inputs, () => checkProof(input));
}

type ProofResult = { verified: boolean; error?: string };

const proofResults = contentMemo<ProofResult>(2_000);

async function checkProof(input: LinkedDataProofInput): Promise<ProofResult> {
  // biome-ignore lint/suspicious/noExplicitAny: the vendor suites are untyped (src/types/vendor.d.ts)
  const suite: any =
    input.proof['type'] === 'Ed25519Signature2020'
      ? new Ed25519Signature2020()
      : new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 });
  const methodId = input.method['id'];
  const documentLoader = async (url: string) =>
    url === methodId ? { contextUrl: null, documentUrl: url, document: input.method } : input.contexts(url);
  const purpose = new CredentialIssuancePurpose({ controller: input.controller });
  const result = await jsigs.verify({ ...input.credential, proof: input.proof }, { suite, purpose, documentLoader });
  if (result.verified === true) return { verified: true };
  return { verified: false, error: messagesOf(result.error) || 'the proof does not verify' };
}
