import { expect } from 'chai';
import { linkedInAddToProfileUrl } from '../../../src/badges/linkedin.js';

describe('LinkedIn add-to-profile link', () => {
  it('encodes every value and counts months from 1', () => {
    const url = new URL(
      linkedInAddToProfileUrl({
        name: 'Azure Administrator & Associate',
        organizationId: '1234',
        organizationName: 'Ignored when an id is known',
        issuedOn: '2025-01-31T23:00:00Z',
        expires: '2026-12-01T00:00:00Z',
        certUrl: 'https://badges.example/badges/abc?x=1',
        certId: 'abc',
      }),
    );
    expect(url.origin + url.pathname).to.equal('https://www.linkedin.com/profile/add');
    expect(url.searchParams.get('startTask')).to.equal('CERTIFICATION_NAME');
    expect(url.searchParams.get('name')).to.equal('Azure Administrator & Associate');
    expect(url.searchParams.get('organizationId')).to.equal('1234');
    expect(url.searchParams.has('organizationName')).to.equal(false);
    expect(url.searchParams.get('issueYear')).to.equal('2025');
    expect(url.searchParams.get('issueMonth')).to.equal('1');
    expect(url.searchParams.get('expirationYear')).to.equal('2026');
    expect(url.searchParams.get('expirationMonth')).to.equal('12');
    expect(url.searchParams.get('certUrl')).to.equal('https://badges.example/badges/abc?x=1');
    expect(url.search).to.include('name=Azure+Administrator+%26+Associate');
  });

  it('names the organisation when no LinkedIn id is configured and omits expiry when there is none', () => {
    const url = new URL(
      linkedInAddToProfileUrl({
        name: 'Exam',
        organizationName: 'Accolade Programme',
        issuedOn: '2024-06-15T00:00:00Z',
        certUrl: 'https://badges.example/b/1',
        certId: '1',
      }),
    );
    expect(url.searchParams.get('organizationName')).to.equal('Accolade Programme');
    expect(url.searchParams.has('organizationId')).to.equal(false);
    expect(url.searchParams.has('expirationYear')).to.equal(false);
    expect(url.searchParams.get('issueMonth')).to.equal('6');
  });
});
