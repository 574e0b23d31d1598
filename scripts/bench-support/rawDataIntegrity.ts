import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { readStandardDocuments } from '../../src/adapters/standards-files/readStandardDocuments.js';
import { createContextLoader } from '../../src/badges/jsonld/documentLoader.js';
import type { DataIntegrityKey } from '../../src/badges/ob3/dataIntegrity/key.js';

/**
 * The baseline our signer is compared with: `@digitalbazaar/vc` `issue()` used as its README
 * shows, with nothing of ours in the way: the library's own Ed25519 signer (which imports the key
 * at every signature), a deep copy of the credential, and a cached document loader of the same
 * local context copies. That loader answers as `jsonld-document-loader`'s `addStatic()` does (the
 * cached loader the library's own examples build), tagging each context `static` so jsonld.js
 * keeps it resolved between operations: a baseline without the tag would be handicapped.
 */
export async function rawDataIntegrityIssuer(key: DataIntegrityKey): Promise<(credential: object) => Promise<object>> {
  const keyPair = await Ed25519Multikey.from({
    '@context': 'https://w3id.org/security/multikey/v1',
    type: 'Multikey',
    id: key.verificationMethod,
    controller: key.controller,
    publicKeyMultibase: key.publicKeyMultibase,
    secretKeyMultibase: key.secretKeyMultibase,
  });
  const localDocumentLoader = createContextLoader(readStandardDocuments().contexts);
  const documentLoader = async (url: string) => {
    const { document } = await localDocumentLoader(url);
    return { contextUrl: null, documentUrl: url, document, tag: 'static' };
  };
  return (credential) => {
    const date = (credential as { validFrom: string }).validFrom;
    const suite = new DataIntegrityProof({ signer: keyPair.signer(), date, cryptosuite });
    return vc.issue({ credential: structuredClone(credential), suite, documentLoader, now: date });
  };
}
