import { expect } from 'chai';
import { parseHostAllowance } from '../../../../src/adapters/fetch-safe/hostAllowance.js';
import { AccoladeError } from '../../../../src/errors.js';

describe('operator host allowance (VERIFY_ALLOWED_HOSTS)', () => {
  const allows = (entries: string[], url: string) => parseHostAllowance(entries).allows(new URL(url));

  it('allows every port of a host given without a port', () => {
    expect(allows(['issuer.test'], 'http://issuer.test:8080/a')).to.equal(true);
    expect(allows(['issuer.test'], 'https://issuer.test/a')).to.equal(true);
  });

  it('allows only the given port of a host:port entry', () => {
    expect(allows(['127.0.0.1:8080'], 'http://127.0.0.1:8080/')).to.equal(true);
    expect(allows(['127.0.0.1:8080'], 'http://127.0.0.1:8081/')).to.equal(false);
    expect(allows(['127.0.0.1:8080'], 'http://127.0.0.1/')).to.equal(false);
  });

  it('compares the default port of the scheme when the URL has none', () => {
    expect(allows(['issuer.test:80'], 'http://issuer.test/')).to.equal(true);
    expect(allows(['issuer.test:443'], 'https://issuer.test/')).to.equal(true);
    expect(allows(['issuer.test:443'], 'http://issuer.test/')).to.equal(false);
  });

  it('compares host names case-insensitively', () => {
    expect(allows(['Issuer.TEST'], 'http://ISSUER.test/')).to.equal(true);
  });

  it('matches IPv6 hosts written in brackets', () => {
    expect(allows(['[::1]:8080'], 'http://[::1]:8080/')).to.equal(true);
    expect(allows(['[::1]'], 'http://[0:0::1]:9/')).to.equal(true);
  });

  it('matches every spelling of an allowed IPv4 address', () => {
    expect(allows(['127.0.0.1:8080'], 'http://2130706433:8080/')).to.equal(true);
    expect(allows(['127.1:8080'], 'http://127.0.0.1:8080/')).to.equal(true);
  });

  it('does not treat a suffix or prefix of an allowed host as allowed', () => {
    expect(allows(['issuer.test'], 'http://evil-issuer.test/')).to.equal(false);
    expect(allows(['issuer.test'], 'http://issuer.test.evil.example/')).to.equal(false);
  });

  it('allows nothing when the list is empty', () => {
    expect(allows([], 'http://127.0.0.1/')).to.equal(false);
  });

  for (const entry of ['http://issuer.test', 'issuer.test:99999', 'issuer.test:', 'a b']) {
    it(`rejects the malformed entry "${entry}" as invalid configuration`, () => {
      try {
        parseHostAllowance([entry]);
        expect.fail('expected the entry to be rejected');
      } catch (error) {
        expect(error).to.be.instanceOf(AccoladeError);
        expect((error as AccoladeError).code).to.equal('config_invalid');
      }
    });
  }
});
