import { expect } from 'chai';
import { hashIdentity } from '../../../../src/badges/identity.js';
import { buildHostedAssertion, buildSignedAssertion } from '../../../../src/badges/ob2/assertion.js';
import { buildBadgeClass } from '../../../../src/badges/ob2/badgeClass.js';
import { buildOb2IssuerProfile } from '../../../../src/badges/ob2/issuerProfile.js';
import { buildOb2RevocationList, buildRevokedAssertionBody } from '../../../../src/badges/ob2/revocationList.js';
import { publishedUuid } from '../../../../src/badges/publishedUuid.js';
import { checkJsonLdSafeMode } from '../../../support/jsonldSafeMode.js';
import {
  bareExamAward,
  certificationAward,
  portAndPathUrls,
  programmeIssuer,
  publicSiteUrls,
  RECIPIENT_EMAIL,
  RECIPIENT_SALT,
} from '../ob3/awardFixtures.js';

const OB2 = 'https://w3id.org/openbadges/v2';
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

describe('the OB 2.0 hosted assertion', () => {
  const urls = publicSiteUrls();

  it('has every required property, with its own URL as id and hosted verification', () => {
    const award = certificationAward();
    const assertion = buildHostedAssertion(award, urls);
    expect(assertion['@context']).to.equal(OB2);
    expect(assertion.type).to.equal('Assertion');
    expect(assertion.id).to.equal(urls.assertion(award.awardId));
    expect(assertion.badge).to.equal(urls.badgeClass('azure-administrator'));
    expect(assertion.verification).to.deep.equal({ type: 'HostedBadge' });
    expect(assertion.issuedOn).to.equal('2025-03-04T10:20:30Z').and.to.match(ISO_WITH_ZONE);
  });

  it('names the recipient only by a salted SHA-256 of the email', () => {
    const assertion = buildHostedAssertion(certificationAward(), urls);
    expect(assertion.recipient).to.deep.equal({
      type: 'email',
      hashed: true,
      salt: RECIPIENT_SALT,
      identity: hashIdentity(RECIPIENT_EMAIL, RECIPIENT_SALT),
    });
    expect(JSON.stringify(assertion)).to.not.include(RECIPIENT_EMAIL);
  });

  it('shows the baked PNG, the expiry and the evidence', () => {
    const award = certificationAward();
    const assertion = buildHostedAssertion(award, urls);
    expect(assertion.image).to.equal(urls.png(award.awardId));
    expect(assertion.expires).to.equal('2026-03-04T10:20:30Z');
    expect(assertion.evidence).to.deep.equal([
      { id: 'https://programme.example.org/transcripts/42', name: 'Transcript', genre: 'Transcript' },
      { narrative: 'Passed AZ-104 with 850/1000.', audience: 'Employers' },
    ]);
  });

  it('leaves out expiry and evidence when the award has none', () => {
    const assertion = buildHostedAssertion(bareExamAward(), urls);
    expect(assertion).to.not.have.property('expires');
    expect(assertion).to.not.have.property('evidence');
  });

  it('lies within the issuer Profile verification policy, also on a port and a path', () => {
    for (const layout of [urls, portAndPathUrls()]) {
      const profile = buildOb2IssuerProfile(programmeIssuer(), ['ks-2025-1'], layout);
      const assertion = buildHostedAssertion(certificationAward(), layout);
      expect(assertion.id.startsWith(profile.verification.startsWith)).to.equal(true);
    }
  });
});

describe('the OB 2.0 signed assertion payload', () => {
  const urls = publicSiteUrls();

  it('has a urn:uuid id and names its CryptographicKey as creator', () => {
    const award = certificationAward();
    const assertion = buildSignedAssertion(award, urls);
    expect(assertion.id).to.equal(`urn:uuid:${publishedUuid(award.awardId)}`);
    expect(assertion.verification).to.deep.equal({ type: 'SignedBadge', creator: urls.ob2Key('ks-2025-1') });
  });

  it('says the same as the hosted assertion apart from id and verification', () => {
    const award = certificationAward();
    const { id: _signedId, verification: _signed, ...signed } = buildSignedAssertion(award, urls);
    const { id: _hostedId, verification: _hosted, ...hosted } = buildHostedAssertion(award, urls);
    expect(signed).to.deep.equal(hosted);
  });

  it('keeps the BadgeClass as its hosted IRI, which validators dereference for the issuer key', () => {
    expect(buildSignedAssertion(certificationAward(), urls).badge).to.equal(urls.badgeClass('azure-administrator'));
  });
});

describe('the OB 2.0 BadgeClass', () => {
  const urls = publicSiteUrls();

  it('has every required property, in the award language, with the issuer as the hosted Profile IRI', () => {
    const badgeClass = buildBadgeClass(certificationAward(), urls);
    expect(badgeClass).to.deep.equal({
      '@context': OB2,
      type: 'BadgeClass',
      id: urls.badgeClass('azure-administrator'),
      name: 'Azure Administrator Associate',
      description: 'Implements, manages and monitors an Azure environment.',
      image: urls.achievementImage('azure-administrator', 'en'),
      criteria: {
        id: 'https://programme.example.org/certifications/azure-administrator',
        narrative: 'Pass exam AZ-104.',
      },
      issuer: urls.ob2Issuer,
      tags: ['azure', 'administration'],
    });
  });

  it('has a criteria narrative without an id, and no tags, when the catalog gives none', () => {
    const badgeClass = buildBadgeClass(bareExamAward(), urls);
    expect(badgeClass.criteria).to.deep.equal({ narrative: 'Réussir l’examen AZ-900.' });
    expect(badgeClass.image).to.equal(urls.achievementImage('AZ-900', 'fr'));
    expect(badgeClass).to.not.have.property('tags');
  });
});

describe('the OB 2.0 issuer Profile', () => {
  it('has the properties an issuing Profile requires and lists every key set in publicKey', () => {
    const urls = publicSiteUrls();
    const profile = buildOb2IssuerProfile(programmeIssuer(), ['ks-old', 'ks-new'], urls);
    expect(profile).to.deep.equal({
      '@context': OB2,
      type: 'Issuer',
      id: urls.ob2Issuer,
      name: 'Accolade Certification Programme',
      url: 'https://programme.example.org',
      email: 'badges@programme.example.org',
      description: 'Exams and certifications of the programme.',
      image: 'https://badges.example.org/images/issuer.png',
      publicKey: [urls.ob2Key('ks-old'), urls.ob2Key('ks-new')],
      revocationList: urls.ob2RevocationList,
      verification: { type: 'VerificationObject', startsWith: 'https://badges.example.org/' },
    });
  });

  it('scopes hosted assertions with startsWith the base URL and a slash, never allowedOrigins', () => {
    const profile = buildOb2IssuerProfile(programmeIssuer(), ['ks-2025-1'], portAndPathUrls());
    expect(profile.verification).to.deep.equal({
      type: 'VerificationObject',
      startsWith: 'http://127.0.0.1:8080/accolade/',
    });
    expect(JSON.stringify(profile)).to.not.include('allowedOrigins');
  });

  it('leaves out the optional description and image when not configured', () => {
    const profile = buildOb2IssuerProfile(bareExamAward().issuer, ['ks-2025-1'], publicSiteUrls());
    expect(profile).to.not.have.property('description');
    expect(profile).to.not.have.property('image');
  });
});

describe('the OB 2.0 revocation documents', () => {
  const urls = publicSiteUrls();

  it('list each revoked award under both its hosted URL and its signed urn:uuid id', () => {
    const list = buildOb2RevocationList([{ awardId: 'a-1', reason: 'Exam result annulled' }, { awardId: 'a-2' }], urls);
    expect(list).to.deep.equal({
      '@context': OB2,
      id: urls.ob2RevocationList,
      type: 'RevocationList',
      issuer: urls.ob2Issuer,
      revokedAssertions: [
        { id: urls.assertion('a-1'), revocationReason: 'Exam result annulled' },
        { id: urls.signedAssertionId('a-1'), revocationReason: 'Exam result annulled' },
        { id: urls.assertion('a-2') },
        { id: urls.signedAssertionId('a-2') },
      ],
    });
  });

  it('answer a revoked hosted assertion with its id, revoked true and the reason', () => {
    expect(buildRevokedAssertionBody({ awardId: 'a-1', reason: 'Fraud' }, urls)).to.deep.equal({
      '@context': OB2,
      id: urls.assertion('a-1'),
      revoked: true,
      revocationReason: 'Fraud',
    });
  });
});

describe('every OB 2.0 document', () => {
  it('uses only terms of the OB 2.0 context', async () => {
    const urls = publicSiteUrls();
    const award = certificationAward();
    const documents = [
      buildHostedAssertion(award, urls),
      buildSignedAssertion(award, urls),
      buildBadgeClass(award, urls),
      buildOb2IssuerProfile(award.issuer, ['ks-2025-1'], urls),
      buildOb2RevocationList([{ awardId: award.awardId, reason: 'x' }], urls),
      buildRevokedAssertionBody({ awardId: award.awardId, reason: 'x' }, urls),
    ];
    for (const document of documents) expect(await checkJsonLdSafeMode(document)).to.deep.equal({ ok: true });
  });
});
