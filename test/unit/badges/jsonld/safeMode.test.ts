import { expect } from 'chai';
import { controllerDocumentResolver } from '../../../../src/badges/jsonld/controllerDocuments.js';
import { documentLoaderWith, UnknownContextError } from '../../../../src/badges/jsonld/documentLoader.js';
import { nonEmpty, omitUndefined } from '../../../../src/badges/jsonld/omitUndefined.js';
import { checkJsonLdSafeMode } from '../../../support/jsonldSafeMode.js';
import { localDocumentLoader } from '../../../support/standards.js';
import { rejectionOf } from '../ob3/rejection.js';

const OB3 = ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'];

describe('JSON-LD safe mode', () => {
  it('accepts a document whose every term is defined by its contexts', async () => {
    const result = await checkJsonLdSafeMode({ '@context': OB3, id: 'urn:uuid:1', type: ['VerifiableCredential'] });
    expect(result.ok).to.equal(true);
  });

  it('rejects a term no context defines instead of silently dropping it from the signed data', async () => {
    const result = await checkJsonLdSafeMode({
      '@context': OB3,
      id: 'urn:uuid:1',
      type: ['VerifiableCredential'],
      jti: 'x',
    });
    expect(result.ok).to.equal(false);
  });

  it('rejects 1EdTech status types when the extensions context is missing', async () => {
    const document = {
      '@context': OB3,
      id: 'urn:uuid:1',
      type: ['VerifiableCredential'],
      credentialStatus: { id: 'https://issuer.example/status', type: '1EdTechRevocationList' },
    };
    expect((await checkJsonLdSafeMode(document)).ok).to.equal(false);
    const withExtensions = {
      ...document,
      '@context': [...OB3, 'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json'],
    };
    expect((await checkJsonLdSafeMode(withExtensions)).ok).to.equal(true);
  });

  it('never fetches a context it does not carry', async () => {
    const result = await checkJsonLdSafeMode({ '@context': 'https://evil.example/context.json', name: 'x' });
    expect(result.ok).to.equal(false);
  });
});

describe('the in-memory controller document resolver', () => {
  const method = {
    id: 'did:web:issuer.example#key-1',
    type: 'Multikey' as const,
    controller: 'did:web:issuer.example',
    publicKeyMultibase: 'z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi',
  };
  const didDocument = {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
    id: 'did:web:issuer.example',
    verificationMethod: [method],
  };

  it('answers the controller document by its id and each key by its absolute id, with the Multikey context', async () => {
    const loader = documentLoaderWith(controllerDocumentResolver([didDocument]), localDocumentLoader);
    expect((await loader('did:web:issuer.example')).document).to.equal(didDocument);
    expect((await loader('did:web:issuer.example#key-1')).document).to.deep.equal({
      '@context': 'https://w3id.org/security/multikey/v1',
      ...method,
    });
  });

  it('falls back to the local contexts and refuses everything else', async () => {
    const loader = documentLoaderWith(controllerDocumentResolver([didDocument]), localDocumentLoader);
    expect((await loader('https://www.w3.org/ns/did/v1')).document).to.have.property('@context');
    const error = await rejectionOf(loader('did:web:other.example#key-1'));
    expect(error).to.be.instanceOf(UnknownContextError);
  });
});

describe('omitting absent values', () => {
  it('drops undefined properties and empty lists but keeps false, zero and empty strings', () => {
    expect(omitUndefined({ a: undefined, b: false, c: 0, d: '', e: nonEmpty([]), f: nonEmpty(['x']) })).to.deep.equal({
      b: false,
      c: 0,
      d: '',
      f: ['x'],
    });
  });
});
