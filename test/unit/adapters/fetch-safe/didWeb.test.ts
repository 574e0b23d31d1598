import { expect } from 'chai';
import { didWebDocumentUrl } from '../../../../src/adapters/fetch-safe/didWeb.js';
import { parseHostAllowance } from '../../../../src/adapters/fetch-safe/hostAllowance.js';
import { AccoladeError } from '../../../../src/errors.js';

describe('did:web document URLs', () => {
  const none = parseHostAllowance([]);

  it('maps a bare domain to its well-known DID document over https', () => {
    expect(didWebDocumentUrl('did:web:issuer.example', none).href).to.equal(
      'https://issuer.example/.well-known/did.json',
    );
  });

  it('maps path segments to a path ending in did.json', () => {
    expect(didWebDocumentUrl('did:web:issuer.example:issuers:42', none).href).to.equal(
      'https://issuer.example/issuers/42/did.json',
    );
  });

  it('decodes a percent-encoded port and ignores a fragment', () => {
    expect(didWebDocumentUrl('did:web:issuer.example%3A8443#key-0', none).href).to.equal(
      'https://issuer.example:8443/.well-known/did.json',
    );
  });

  it('uses plain http for a host the operator allowed', () => {
    const allowance = parseHostAllowance(['127.0.0.1:8080']);
    expect(didWebDocumentUrl('did:web:127.0.0.1%3A8080:org', allowance).href).to.equal(
      'http://127.0.0.1:8080/org/did.json',
    );
  });

  for (const did of ['did:web:', 'did:web:issuer.example::x', 'did:web:evil%2Fpath', 'did:web:a%40b']) {
    it(`refuses the malformed identifier ${did}`, () => {
      try {
        didWebDocumentUrl(did, none);
        expect.fail('expected the identifier to be refused');
      } catch (error) {
        expect(error).to.be.instanceOf(AccoladeError);
        expect((error as AccoladeError).details).to.include({ reason: 'invalid_url' });
      }
    });
  }
});
