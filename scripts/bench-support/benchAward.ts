import { v4 as uuidv4, v7 as uuidv7 } from 'uuid';
import type { AwardDocumentInput } from '../../src/badges/documentInput.js';
import { hashIdentity, newSalt } from '../../src/badges/identity.js';

export const BENCH_PUBLIC_URL = 'https://badges.example.org';

/**
 * A certification award as the service issues it (expiry, evidence, tags), with fresh ids,
 * salt and recipient each time, so no cache anywhere can answer for the previous one.
 */
export function freshCertificationAward(keySetId: string, index: number): AwardDocumentInput {
  const salt = newSalt();
  return {
    awardId: uuidv7(),
    subjectId: uuidv4(),
    recipient: {
      identityHash: hashIdentity(`candidate-${index}@example.org`, salt),
      salt,
      name: `Candidate ${index}`,
    },
    achievement: {
      id: 'azure-administrator',
      kind: 'certification',
      name: 'Microsoft Certified: Azure Administrator Associate',
      description: 'Implements, manages and monitors an Azure environment.',
      criteriaNarrative: 'Pass exam AZ-104.',
      criteriaUrl: 'https://learn.microsoft.com/credentials/certifications/azure-administrator/',
      tags: ['Azure', 'Administration'],
    },
    issuedOn: '2025-03-04T10:20:30Z',
    earnedOn: '2025-03-01T09:00:00Z',
    expires: '2026-03-04T10:20:30Z',
    evidence: [{ id: 'https://programme.example.org/transcripts/42', name: 'Transcript', genre: 'Transcript' }],
    issuer: {
      name: 'Accolade Certification Programme',
      url: BENCH_PUBLIC_URL,
      email: 'badges@example.org',
      description: 'Exams and certifications of the programme.',
      imageUrl: `${BENCH_PUBLIC_URL}/images/issuer.png`,
    },
    keySetId,
    lang: index % 2 === 0 ? 'fr' : 'en',
  };
}
