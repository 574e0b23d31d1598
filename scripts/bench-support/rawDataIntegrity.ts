import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import type { ContextLoader } from '../../src/badges/jsonld/documentLoader.js';
import type { DataIntegrityKey } from '../../src/badges/ob3/dataIntegrity/key.js';

/**
 * The baseline our signer is compared with: `@digitalbazaar/vc` `issue()` used as its README
 * shows, with nothing of ours in the way: the library's own cryptosuite and Ed25519 signer (which
 * imports the key at every signature) and a deep copy of the credential. `documentLoader` is the
 * one our signer uses: a cached loader of the carried contexts that tags each one `static`, as
 * `jsonld-document-loader`'s `addStatic()` does (the cached loader the library's own examples
 * build), so jsonld.js keeps them resolved between operations: a baseline without the tag would be
 * handicapped.
 */
export async function rawDataIntegrityIssuer(
  key: DataIntegrityKey,
  documentLoader: ContextLoader,
): Promise<(credential: object) => Promise<object>> {
  const keyPair = await Ed25519Multikey.from({
    '@context': 'https://w3id.org/security/multikey/v1',
    type: 'Multikey',
    id: key.verificationMethod,
    controller: key.controller,
    publicKeyMultibase: key.publicKeyMultibase,
    secretKeyMultibase: key.secretKeyMultibase,
  });
  return (credential) => {
    const date = (credential as { validFrom: string }).validFrom;
    const suite = new DataIntegrityProof({ signer: keyPair.signer(), date, cryptosuite });
    return vc.issue({ credential: structuredClone(credential), suite, documentLoader, now: date });
  };
}
