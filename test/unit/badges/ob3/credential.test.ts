import { expect } from 'chai';
import { buildOpenBadgeCredential } from '../../../../src/badges/ob3/credential.js';
import { buildOb3RevocationList } from '../../../../src/badges/ob3/revocationList.js';
import { checkJsonLdSafeMode } from '../../../support/jsonldSafeMode.js';
import { validateOb3Credential } from '../../../support/standards.js';
import {
  bareExamAward,
  certificationAward,
  programmeIssuer,
  publicSiteUrls,
  RECIPIENT_EMAIL,
} from './awardFixtures.js';

describe('the OB 3.0 OpenBadgeCredential', () => {
  const urls = publicSiteUrls();

  it('is valid against the official AchievementCredential JSON Schema, with and without optional fields', () => {
    for (const award of [certificationAward(), bareExamAward()]) {
      const result = validateOb3Credential(buildOpenBadgeCredential(award, urls));
      expect(result.errors).to.deep.equal([]);
      expect(result.ok).to.equal(true);
    }
  });

  it('uses only terms its contexts define, so JSON-LD safe mode accepts it', async () => {
    for (const award of [certificationAward(), bareExamAward()]) {
      expect(await checkJsonLdSafeMode(buildOpenBadgeCredential(award, urls))).to.deep.equal({ ok: true });
    }
  });

  it('puts the VC v2 context first, the pinned OB 3.0.3 context second and the 1EdTech extensions third', () => {
    expect(buildOpenBadgeCredential(certificationAward(), urls)['@context']).to.deep.equal([
      'https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
      'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json',
    ]);
  });

  it('carries the award dates, its own URL as id and both types as an array', () => {
    const award = certificationAward();
    const credential = buildOpenBadgeCredential(award, urls);
    expect(credential.id).to.equal(urls.credential(award.awardId));
    expect(credential.type).to.deep.equal(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(credential.validFrom).to.equal(award.issuedOn);
    expect(credential.validUntil).to.equal(award.expires);
    expect(credential.awardedDate).to.equal(award.earnedOn);
    expect(credential.name).to.equal(award.achievement.name);
    expect(buildOpenBadgeCredential(bareExamAward(), urls)).to.not.have.property('validUntil');
  });

  it('embeds the issuer as a Profile identified by the did:web DID', () => {
    const credential = buildOpenBadgeCredential(certificationAward(), urls);
    expect(credential.issuer).to.deep.equal({
      id: 'did:web:badges.example.org',
      type: ['Profile'],
      name: 'Accolade Certification Programme',
      url: 'https://programme.example.org',
      email: 'badges@programme.example.org',
      description: 'Exams and certifications of the programme.',
      image: { id: 'https://badges.example.org/images/issuer.png', type: 'Image' },
      otherIdentifier: [
        { type: 'IdentifierEntry', identifier: '1234567', identifierType: 'ext:LinkedInOrganizationId' },
      ],
    });
  });

  it('names the LinkedIn organisation only when one is configured', () => {
    const credential = buildOpenBadgeCredential(certificationAward({ issuer: programmeIssuer() }), urls);
    expect(credential.issuer).to.not.have.property('otherIdentifier');
  });

  it('identifies the subject by a urn:uuid and the email only by a salted hash', () => {
    const award = certificationAward();
    const credential = buildOpenBadgeCredential(award, urls);
    expect(credential.credentialSubject.id).to.equal(`urn:uuid:${award.subjectId}`);
    expect(credential.credentialSubject.type).to.deep.equal(['AchievementSubject']);
    expect(credential.credentialSubject.identifier).to.deep.equal([
      {
        type: 'IdentityObject',
        identityHash: award.recipient.identityHash,
        identityType: 'emailAddress',
        hashed: true,
        salt: award.recipient.salt,
      },
    ]);
    expect(JSON.stringify(credential)).to.not.include(RECIPIENT_EMAIL);
  });

  it('describes the achievement as the BadgeClass does, typed Certification for a certification', () => {
    const credential = buildOpenBadgeCredential(certificationAward(), urls);
    expect(credential.credentialSubject.achievement).to.deep.equal({
      id: urls.badgeClass('azure-administrator'),
      type: ['Achievement'],
      achievementType: 'Certification',
      name: 'Azure Administrator Associate',
      description: 'Implements, manages and monitors an Azure environment.',
      criteria: {
        id: 'https://programme.example.org/certifications/azure-administrator',
        narrative: 'Pass exam AZ-104.',
      },
      image: { id: urls.achievementImage('azure-administrator', 'en'), type: 'Image' },
      creator: { id: 'did:web:badges.example.org', type: ['Profile'], name: 'Accolade Certification Programme' },
      inLanguage: 'en',
      tag: ['azure', 'administration'],
    });
  });

  it('types an exam badge as an Assessment in the award language', () => {
    const achievement = buildOpenBadgeCredential(bareExamAward(), urls).credentialSubject.achievement;
    expect(achievement.achievementType).to.equal('Assessment');
    expect(achievement.inLanguage).to.equal('fr');
    expect(achievement.criteria).to.deep.equal({ narrative: 'Réussir l’examen AZ-900.' });
    expect(achievement).to.not.have.property('tag');
  });

  it('lists evidence as typed objects, and none when there is none', () => {
    expect(buildOpenBadgeCredential(certificationAward(), urls).evidence).to.deep.equal([
      {
        type: ['Evidence'],
        id: 'https://programme.example.org/transcripts/42',
        name: 'Transcript',
        genre: 'Transcript',
      },
      { type: ['Evidence'], narrative: 'Passed AZ-104 with 850/1000.', audience: 'Employers' },
    ]);
    expect(buildOpenBadgeCredential(bareExamAward(), urls)).to.not.have.property('evidence');
  });

  it('names the official schema in an array and one 1EdTech revocation list as its status', () => {
    const credential = buildOpenBadgeCredential(certificationAward(), urls);
    expect(credential.credentialSchema).to.deep.equal([
      {
        id: 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json',
        type: '1EdTechJsonSchemaValidator2019',
      },
    ]);
    expect(credential.credentialStatus).to.deep.equal({ id: urls.ob3RevocationList, type: '1EdTechRevocationList' });
  });
});

describe('the OB 3.0 revocation list', () => {
  it('lists each revoked credential by id with revoked true and the reason', () => {
    const urls = publicSiteUrls();
    expect(buildOb3RevocationList([{ awardId: 'a-1', reason: 'Fraud' }, { awardId: 'a-2' }], urls)).to.deep.equal({
      id: urls.ob3RevocationList,
      issuer: urls.did,
      revokedCredential: [
        { id: urls.credential('a-1'), revoked: true, revocationReason: 'Fraud' },
        { id: urls.credential('a-2'), revoked: true },
      ],
    });
  });
});
