import { expect } from 'chai';
import { createUrlLayout } from '../../../../src/badges/urls.js';
import { routePath } from '../../../../src/http/documents/documentTable.js';
import { compilePattern } from '../../../../src/http/documents/urlPattern.js';

describe('URL patterns of the public documents', () => {
  const urls = createUrlLayout('https://badges.example/base');
  const patternOf = (url: string) => compilePattern(urls, routePath(urls, url));

  it('captures the :id segment of a matching URL, decoded', () => {
    const pattern = patternOf(urls.assertion(':id'));
    expect(pattern.match(new URL('https://badges.example/base/ob2/assertions/abc%20d'))).to.deep.equal({ id: 'abc d' });
  });

  it('matches on the path alone, ignoring the query', () => {
    const pattern = patternOf(urls.badgeClass(':id'));
    expect(pattern.match(new URL('https://badges.example/base/ob2/badges/AZ-900?lang=fr'))).to.deep.equal({
      id: 'AZ-900',
    });
  });

  it('refuses another origin, another length, a different literal segment or an empty capture', () => {
    const pattern = patternOf(urls.credentialJwt(':id'));
    expect(pattern.match(new URL('https://other.example/base/ob3/credentials/x/jwt'))).to.equal(undefined);
    expect(pattern.match(new URL('http://badges.example/base/ob3/credentials/x/jwt'))).to.equal(undefined);
    expect(pattern.match(new URL('https://badges.example/base/ob3/credentials/x'))).to.equal(undefined);
    expect(pattern.match(new URL('https://badges.example/base/ob3/credentials/x/jws'))).to.equal(undefined);
    expect(pattern.match(new URL('https://badges.example/base/ob3/credentials//jwt'))).to.equal(undefined);
  });

  it('refuses a URL outside the mount path', () => {
    const pattern = patternOf(urls.credentialJwt(':id'));
    expect(pattern.match(new URL('https://badges.example/ob3/credentials/x/jwt'))).to.equal(undefined);
  });
});
