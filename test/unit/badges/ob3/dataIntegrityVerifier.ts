// An independent check of Data Integrity proofs: @digitalbazaar/vc's own verifier, fed our DID
// document from memory and the local contexts, never the network.
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import {
  type ControllerDocument,
  controllerDocumentResolver,
} from '../../../../src/badges/jsonld/controllerDocuments.js';
import { documentLoaderWith } from '../../../../src/badges/jsonld/documentLoader.js';
import { localDocumentLoader } from '../../../support/standards.js';

export interface VerificationOutcome {
  readonly verified: boolean;
  readonly error?: string;
}

export async function verifyWithDigitalBazaar(
  credential: object,
  controllers: readonly ControllerDocument[],
  now: string,
): Promise<VerificationOutcome> {
  const result = await vc.verifyCredential({
    credential,
    suite: new DataIntegrityProof({ cryptosuite }),
    documentLoader: documentLoaderWith(controllerDocumentResolver(controllers), localDocumentLoader),
    checkStatus: async () => ({ verified: true }),
    now,
  });
  const firstError = result.error?.errors?.[0] ?? result.error ?? result.results?.[0]?.error;
  return result.verified ? { verified: true } : { verified: false, error: String(firstError?.message ?? firstError) };
}

/** The controller document of a single-key issuer, listing its Multikey under assertionMethod. */
export function singleKeyController(key: {
  readonly controller: string;
  readonly verificationMethod: string;
  readonly publicKeyMultibase: string;
}): ControllerDocument {
  return {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
    id: key.controller,
    verificationMethod: [
      {
        id: key.verificationMethod,
        type: 'Multikey',
        controller: key.controller,
        publicKeyMultibase: key.publicKeyMultibase,
      },
    ],
    assertionMethod: [key.verificationMethod],
  };
}
