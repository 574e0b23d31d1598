import { buildClrCredential, type ClrCredential } from '../../../../src/badges/clr/clrCredential.js';
import { hashIdentity } from '../../../../src/badges/identity.js';
import { buildDidDocument } from '../../../../src/badges/keys/didDocument.js';
import { buildOpenBadgeCredential } from '../../../../src/badges/ob3/credential.js';
import { dataIntegrityKey } from '../../../../src/badges/ob3/dataIntegrity/key.js';
import {
  signDataIntegrity,
  type WithDataIntegrityProof,
} from '../../../../src/badges/ob3/dataIntegrity/signCredential.js';
import { localDocumentLoader } from '../../../support/standards.js';
import { keySetFixture } from '../keys/keySetFixtures.js';
import {
  bareExamAward,
  certificationAward,
  programmeIssuer,
  publicSiteUrls,
  RECIPIENT_EMAIL,
} from '../ob3/awardFixtures.js';

export const CLR_MADE_AT = '2025-06-01T12:00:00Z';

/**
 * A candidate's record as the service makes it: an AZ-900 exam badge and an Azure Administrator
 * certification badge, each signed on its own, wrapped with the AZ-104 exam that earned the
 * certification (named without a badge of its own) as part of it.
 */
export async function signedCandidateRecord() {
  const urls = publicSiteUrls();
  const keySet = await keySetFixture();
  const key = dataIntegrityKey(keySet, urls);
  const exam = await signDataIntegrity(buildOpenBadgeCredential(bareExamAward(), urls), key, localDocumentLoader);
  const certification = await signDataIntegrity(
    buildOpenBadgeCredential(certificationAward(), urls),
    key,
    localDocumentLoader,
  );
  const az104 = urls.badgeClass('AZ-104', 'en');
  const certificationId = urls.badgeClass('azure-administrator', 'en');
  const unsigned: ClrCredential = buildClrCredential(
    {
      id: 'urn:uuid:5b0c7a9e-3f0e-4d8a-9c61-2f7d1e4b8a10',
      name: 'Transcript of Ada L.',
      validFrom: CLR_MADE_AT,
      issuer: programmeIssuer(),
      subject: {
        id: 'urn:uuid:0f3c9d1e-7a4b-4c2d-8e5f-6a7b8c9d0e1f',
        identifier: [
          {
            type: 'IdentityObject',
            identityHash: hashIdentity(RECIPIENT_EMAIL, 'clr-salt'),
            identityType: 'emailAddress',
            hashed: true,
            salt: 'clr-salt',
          },
        ],
      },
      credentials: [exam, certification],
      achievements: [
        {
          id: az104,
          type: ['Achievement'],
          achievementType: 'Assessment',
          name: 'Microsoft Azure Administrator',
          description: 'Exam AZ-104.',
          criteria: { narrative: 'Pass exam AZ-104.' },
        },
      ],
      associations: [{ type: 'Association', associationType: 'isPartOf', sourceId: az104, targetId: certificationId }],
    },
    urls,
  );
  const signed: WithDataIntegrityProof<ClrCredential> = await signDataIntegrity(unsigned, key, localDocumentLoader);
  return { urls, keySet, exam, certification, unsigned, signed, didDocument: buildDidDocument([keySet], urls) };
}
