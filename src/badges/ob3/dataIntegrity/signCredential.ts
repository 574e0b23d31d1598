// Typed wrapper over the untyped @digitalbazaar/vc + data-integrity + eddsa-rdfc-2022 stack.
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import type { ContextLoader } from '../../jsonld/documentLoader.js';
import { installSharedActiveContexts, SHARED_PROCESSING_MODE } from '../../jsonld/sharedActiveContexts.js';
import { type Ed25519Signer, ed25519Signer } from '../../keys/ed25519Multikey.js';
import type { DataIntegrityKey } from './key.js';

/** The proof `eddsa-rdfc-2022` produces (vc-di-eddsa §3.1; OB 3.0 §Linked Data Proof Format). */
export interface DataIntegrityProofValue {
  readonly type: 'DataIntegrityProof';
  readonly created: string;
  readonly verificationMethod: string;
  readonly cryptosuite: 'eddsa-rdfc-2022';
  readonly proofPurpose: 'assertionMethod';
  readonly proofValue: string;
}

export type WithDataIntegrityProof<T> = T & { readonly proof: readonly DataIntegrityProofValue[] };

export interface DataIntegritySignOptions {
  /** `proof.created`; defaults to the credential's `validFrom`, so signing never reads a clock. */
  readonly created?: string;
}

function proofCreated(credential: object, options: DataIntegritySignOptions): string {
  const created = options.created ?? (credential as { validFrom?: unknown }).validFrom;
  if (typeof created !== 'string') throw new TypeError('proof.created needs options.created or a validFrom');
  return created;
}

/**
 * The library's `eddsa-rdfc-2022` cryptosuite, canonicalizing with jsonld.js active contexts that
 * share rather than copy (see `installSharedActiveContexts`): the same RDFC-1.0 N-Quads, at a
 * third of the cost. Only the `processingMode` passed on differs, and it names the mode jsonld.js
 * assumes anyway.
 */
const sharingCryptosuite = {
  ...cryptosuite,
  canonize: (input: object, options: object) =>
    cryptosuite.canonize(input, { ...options, processingMode: SHARED_PROCESSING_MODE }),
};

/**
 * Signers by key, kept for the life of the thread: a service holds a handful of key sets (one
 * more per rotation), and importing a key for every signature would cost as much as signing.
 */
const signers = new Map<string, Promise<Ed25519Signer>>();

function signerFor(key: DataIntegrityKey): Promise<Ed25519Signer> {
  const cacheKey = `${key.verificationMethod} ${key.secretKeyMultibase}`;
  let signer = signers.get(cacheKey);
  if (signer === undefined) {
    signer = ed25519Signer(key, key.verificationMethod, key.controller);
    signer.catch(() => signers.delete(cacheKey));
    signers.set(cacheKey, signer);
  }
  return signer;
}

/**
 * Makes the `eddsa-rdfc-2022` DataIntegrityProof for `assertionMethod` (docs/open-badges.md B4)
 * of `credential`, which is left as it is. The JSON-LD loader `contexts` must know only the local
 * contexts, so signing never fetches (docs/open-badges.md C10, C11).
 */
export async function dataIntegrityProof(
  credential: object,
  key: DataIntegrityKey,
  contexts: ContextLoader,
  options: DataIntegritySignOptions = {},
): Promise<DataIntegrityProofValue> {
  const created = proofCreated(credential, options);
  installSharedActiveContexts();
  const suite = new DataIntegrityProof({
    signer: await signerFor(key),
    date: created,
    cryptosuite: sharingCryptosuite,
  });
  // Making a proof never dereferences the verification method (only checking one does), so the
  // local contexts are all the loader needs. vc.issue() writes at most a top-level
  // `issuanceDate` (VCDM 1.1 only) into the object it is given and jsonld-signatures copies it
  // before adding the proof, so a shallow copy keeps the caller's credential untouched without
  // the cost of a deep clone.
  const signed = await vc.issue({ credential: { ...credential }, suite, documentLoader: contexts, now: created });
  const { proof } = signed as { proof: DataIntegrityProofValue | DataIntegrityProofValue[] };
  // jsonld-signatures appends the new proof after any the credential already carried.
  return Array.isArray(proof) ? proof[proof.length - 1]! : proof;
}

/**
 * `credential` with its Data Integrity proof (see `dataIntegrityProof`). The library returns one
 * proof object; OB 3.0's JSON Schema wants `proof` to be an array, so it is wrapped
 * (docs/open-badges.md C22): the RDF, and so the signature, is the same.
 */
export function withProof<T extends object>(credential: T, proof: DataIntegrityProofValue): WithDataIntegrityProof<T> {
  const earlier = (credential as { proof?: DataIntegrityProofValue | DataIntegrityProofValue[] }).proof;
  return { ...credential, proof: earlier === undefined ? [proof] : [...[earlier].flat(), proof] };
}

export async function signDataIntegrity<T extends object>(
  credential: T,
  key: DataIntegrityKey,
  contexts: ContextLoader,
  options: DataIntegritySignOptions = {},
): Promise<WithDataIntegrityProof<T>> {
  return withProof(credential, await dataIntegrityProof(credential, key, contexts, options));
}
