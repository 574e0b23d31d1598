// Typed wrapper over the untyped @digitalbazaar/vc + data-integrity + eddsa-rdfc-2022 stack.
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { controllerDocumentResolver } from '../../jsonld/controllerDocuments.js';
import { documentLoaderWith } from '../../jsonld/documentLoader.js';
import { ed25519Signer } from '../../keys/ed25519Multikey.js';
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
 * Adds an `eddsa-rdfc-2022` DataIntegrityProof for `assertionMethod` (open-badges.md B4). The
 * JSON-LD loader knows only the local contexts and the signing key's own controller document, so
 * signing never fetches (C10, C11). The library returns one proof object; OB 3.0's JSON Schema
 * wants `proof` to be an array, so it is wrapped (C22): the RDF, and so the signature, is the same.
 */
export async function signDataIntegrity<T extends object>(
  credential: T,
  key: DataIntegrityKey,
  options: DataIntegritySignOptions = {},
): Promise<WithDataIntegrityProof<T>> {
  const created = proofCreated(credential, options);
  const signer = await ed25519Signer(key, key.verificationMethod, key.controller);
  const suite = new DataIntegrityProof({ signer, date: created, cryptosuite });
  const verificationMethod = {
    id: key.verificationMethod,
    type: 'Multikey' as const,
    controller: key.controller,
    publicKeyMultibase: key.publicKeyMultibase,
  };
  const documentLoader = documentLoaderWith(
    controllerDocumentResolver([
      { '@context': 'https://www.w3.org/ns/did/v1', id: key.controller, verificationMethod: [verificationMethod] },
    ]),
  );
  const signed = await vc.issue({ credential: structuredClone(credential), suite, documentLoader, now: created });
  const { proof, ...rest } = signed as { proof: DataIntegrityProofValue | DataIntegrityProofValue[] };
  return { ...rest, proof: Array.isArray(proof) ? proof : [proof] } as unknown as WithDataIntegrityProof<T>;
}
