import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { hashIdentity, identityMatches, newSalt } from '../../../src/badges/identity.js';

describe('recipient identity hashes', () => {
  it('hashes nobody@example.org salted with deadsea to the value the 1EdTech validator fixture uses', () => {
    expect(hashIdentity('nobody@example.org', 'deadsea')).to.equal(
      'sha256$ecf5409f3f4b91ab60cc5ef4c02aef7032354375e70cf4d8e43f6a1d29891942',
    );
  });

  it('hashes a@example.com salted with Kosher to the OB 3.0 IdentityHash example', () => {
    expect(hashIdentity('a@example.com', 'Kosher')).to.equal(
      'sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399',
    );
  });

  it('makes a new 128-bit hex salt every time', () => {
    const salts = new Set(Array.from({ length: 50 }, () => newSalt()));
    expect(salts.size).to.equal(50);
    for (const salt of salts) expect(salt).to.match(/^[0-9a-f]{32}$/);
  });

  describe('matching a candidate email', () => {
    const hashed = hashIdentity('nobody@example.org', 'deadsea');

    it('accepts the email that was hashed', () => {
      expect(identityMatches(hashed, true, 'deadsea', 'nobody@example.org')).to.equal(true);
    });

    it('accepts the hash written in uppercase hex', () => {
      const upper = `sha256$${hashed.slice('sha256$'.length).toUpperCase()}`;
      expect(identityMatches(upper, true, 'deadsea', 'nobody@example.org')).to.equal(true);
    });

    it('accepts an md5 identity hash', () => {
      const md5 = `md5$${createHash('md5').update('nobody@example.orgdeadsea').digest('hex')}`;
      expect(identityMatches(md5, true, 'deadsea', 'nobody@example.org')).to.equal(true);
    });

    it('accepts an unsalted hash when no salt is given', () => {
      const unsalted = `sha256$${createHash('sha256').update('nobody@example.org').digest('hex')}`;
      expect(identityMatches(unsalted, true, undefined, 'nobody@example.org')).to.equal(true);
    });

    it('accepts the candidate typed with other case and spaces, since issuers hash normalised emails', () => {
      expect(identityMatches(hashed, true, 'deadsea', '  Nobody@Example.ORG ')).to.equal(true);
    });

    it('rejects another email, another salt and a malformed hash', () => {
      expect(identityMatches(hashed, true, 'deadsea', 'somebody@example.org')).to.equal(false);
      expect(identityMatches(hashed, true, 'dead', 'nobody@example.org')).to.equal(false);
      expect(identityMatches('sha1$abcdef', true, 'deadsea', 'nobody@example.org')).to.equal(false);
      expect(identityMatches('sha256$zz', true, 'deadsea', 'nobody@example.org')).to.equal(false);
    });

    it('compares an unhashed identity as plain text, ignoring case', () => {
      expect(identityMatches('Nobody@Example.org', false, undefined, 'nobody@example.org')).to.equal(true);
      expect(identityMatches('nobody@example.org', false, undefined, 'other@example.org')).to.equal(false);
    });
  });
});
