import type { AwardDocumentInput, IssuerProfileInput } from '../../../../src/badges/documentInput.js';
import { hashIdentity } from '../../../../src/badges/identity.js';
import { createUrlLayout, type UrlLayout } from '../../../../src/badges/urls.js';

export const RECIPIENT_EMAIL = 'candidate@example.com';
export const RECIPIENT_SALT = 'c0ffee0123456789c0ffee0123456789';

export function publicSiteUrls(): UrlLayout {
  return createUrlLayout('https://badges.example.org');
}

/** A deployment on a port and a path, as on a test issuer or behind a reverse proxy prefix. */
export function portAndPathUrls(): UrlLayout {
  return createUrlLayout('http://127.0.0.1:8080/accolade/');
}

export function programmeIssuer(overrides: Partial<IssuerProfileInput> = {}): IssuerProfileInput {
  return {
    name: 'Accolade Certification Programme',
    url: 'https://programme.example.org',
    email: 'badges@programme.example.org',
    description: 'Exams and certifications of the programme.',
    imageUrl: 'https://badges.example.org/images/issuer.png',
    ...overrides,
  };
}

/** A certification earned by passing an exam, with an expiry and two pieces of evidence. */
export function certificationAward(overrides: Partial<AwardDocumentInput> = {}): AwardDocumentInput {
  return {
    awardId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
    subjectId: '0190a1b2-0000-7000-8000-00000000abcd',
    recipient: { identityHash: hashIdentity(RECIPIENT_EMAIL, RECIPIENT_SALT), salt: RECIPIENT_SALT, name: 'Ada L.' },
    achievement: {
      id: 'azure-administrator',
      kind: 'certification',
      name: 'Azure Administrator Associate',
      description: 'Implements, manages and monitors an Azure environment.',
      criteriaNarrative: 'Pass exam AZ-104.',
      criteriaUrl: 'https://programme.example.org/certifications/azure-administrator',
      tags: ['azure', 'administration'],
    },
    issuedOn: '2025-03-04T10:20:30Z',
    earnedOn: '2025-03-01T09:00:00Z',
    expires: '2026-03-04T10:20:30Z',
    evidence: [
      { id: 'https://programme.example.org/transcripts/42', name: 'Transcript', genre: 'Transcript' },
      { narrative: 'Passed AZ-104 with 850/1000.', audience: 'Employers' },
    ],
    issuer: programmeIssuer({ linkedInOrganizationId: '1234567' }),
    keySetId: 'ks-2025-1',
    lang: 'en',
    ...overrides,
  };
}

/** An exam badge with nothing optional: no expiry, no evidence, no criteria URL, no tags, no LinkedIn. */
export function bareExamAward(overrides: Partial<AwardDocumentInput> = {}): AwardDocumentInput {
  return {
    awardId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a6c',
    subjectId: '0190a1b2-0000-7000-8000-00000000ef01',
    recipient: { identityHash: hashIdentity(RECIPIENT_EMAIL, 'salt-2'), salt: 'salt-2' },
    achievement: {
      id: 'AZ-900',
      kind: 'exam',
      name: 'Notions fondamentales de Microsoft Azure',
      description: 'Examen AZ-900 réussi.',
      criteriaNarrative: 'Réussir l’examen AZ-900.',
    },
    issuedOn: '2024-11-30T23:59:59Z',
    earnedOn: '2024-11-30T23:59:59Z',
    issuer: { name: 'Programme', url: 'https://programme.example.org', email: 'badges@programme.example.org' },
    keySetId: 'ks-2025-1',
    lang: 'fr',
    ...overrides,
  };
}
