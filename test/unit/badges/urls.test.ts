import { expect } from 'chai';
import { createUrlLayout, didWebFromUrl } from '../../../src/badges/urls.js';

describe('published URLs', () => {
  it('derives a did:web DID with the port percent-encoded and path segments after colons', () => {
    expect(didWebFromUrl('https://badges.example')).to.equal('did:web:badges.example');
    expect(didWebFromUrl('http://localhost:3000')).to.equal('did:web:localhost%3A3000');
    expect(didWebFromUrl('https://example.org/issuers/accolade')).to.equal('did:web:example.org:issuers:accolade');
  });

  it('serves the DID document at /.well-known/did.json without a path, and at <path>/did.json with one', () => {
    expect(createUrlLayout('https://badges.example').didDocument).to.equal(
      'https://badges.example/.well-known/did.json',
    );
    expect(createUrlLayout('https://example.org/issuers/accolade/').didDocument).to.equal(
      'https://example.org/issuers/accolade/did.json',
    );
  });

  it('publishes every award URL under PUBLIC_URL, without a query string', () => {
    const urls = createUrlLayout('https://example.org/base');
    for (const url of [
      urls.assertion('a'),
      urls.credential('a'),
      urls.credentialJwt('a'),
      urls.png('a'),
      urls.page('a'),
    ]) {
      expect(url.startsWith('https://example.org/base/')).to.equal(true);
      expect(new URL(url).search).to.equal('');
    }
  });

  it('names the BadgeClass in the award language: bare for English, ?lang=fr for French', () => {
    const urls = createUrlLayout('https://badges.example');
    expect(urls.badgeClass('AZ-900')).to.equal('https://badges.example/ob2/badges/AZ-900');
    expect(urls.badgeClass('AZ-900', 'en')).to.equal('https://badges.example/ob2/badges/AZ-900');
    expect(urls.badgeClass('AZ-900', 'fr')).to.equal('https://badges.example/ob2/badges/AZ-900?lang=fr');
  });

  it('gives each key set an absolute verification method under the DID', () => {
    const urls = createUrlLayout('http://localhost:3000');
    expect(urls.verificationMethod('ks-1')).to.equal('did:web:localhost%3A3000#key-ks-1');
  });
});
