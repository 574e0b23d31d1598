import type { AchievementInput, AwardDocumentInput, EvidenceInput } from '../documentInput.js';
import { nonEmpty, omitUndefined } from '../jsonld/omitUndefined.js';
import type { UrlLayout } from '../urls.js';
import { OB3_ACHIEVEMENT_CREDENTIAL_SCHEMA_URL, OB3_CREDENTIAL_CONTEXTS } from './context.js';
import { buildOb3IssuerProfile, type Ob3Image, type Ob3Profile, ob3Image } from './issuerProfile.js';

export interface Ob3IdentityObject {
  readonly type: 'IdentityObject';
  readonly identityHash: string;
  readonly identityType: 'emailAddress';
  readonly hashed: true;
  readonly salt: string;
}

export interface Ob3Achievement {
  readonly id: string;
  readonly type: readonly ['Achievement'];
  readonly achievementType: 'Certification' | 'Assessment';
  readonly name: string;
  readonly description: string;
  readonly criteria: { readonly id?: string; readonly narrative: string };
  readonly image: Ob3Image;
  readonly creator: Pick<Ob3Profile, 'id' | 'type' | 'name'>;
  readonly inLanguage: string;
  readonly tag?: readonly string[];
}

/** OB 3.0 §Evidence: the award input's fields, with the required `type`. */
export interface Ob3Evidence extends EvidenceInput {
  readonly type: readonly ['Evidence'];
}

export interface OpenBadgeCredential {
  readonly '@context': readonly string[];
  readonly id: string;
  readonly type: readonly ['VerifiableCredential', 'OpenBadgeCredential'];
  readonly issuer: Ob3Profile;
  readonly validFrom: string;
  readonly validUntil?: string;
  readonly awardedDate: string;
  readonly name: string;
  readonly credentialSubject: {
    readonly id: string;
    readonly type: readonly ['AchievementSubject'];
    readonly identifier: readonly Ob3IdentityObject[];
    readonly achievement: Ob3Achievement;
  };
  readonly evidence?: readonly Ob3Evidence[];
  readonly credentialSchema: readonly [{ readonly id: string; readonly type: '1EdTechJsonSchemaValidator2019' }];
  readonly credentialStatus: { readonly id: string; readonly type: '1EdTechRevocationList' };
}

/**
 * AchievementTypeEnum (OB 3.0 §AchievementType): a certification is `Certification`; an exam
 * badge records a passed exam, which the vocabulary calls an `Assessment`.
 */
function achievementType(kind: AchievementInput['kind']): Ob3Achievement['achievementType'] {
  return kind === 'certification' ? 'Certification' : 'Assessment';
}

function buildAchievement(award: AwardDocumentInput, urls: UrlLayout): Ob3Achievement {
  const { achievement, lang } = award;
  return omitUndefined({
    id: urls.badgeClass(achievement.id, lang),
    type: ['Achievement'],
    achievementType: achievementType(achievement.kind),
    name: achievement.name,
    description: achievement.description,
    criteria: omitUndefined({ id: achievement.criteriaUrl, narrative: achievement.criteriaNarrative }),
    image: ob3Image(urls.achievementImage(achievement.id, lang)),
    creator: { id: urls.did, type: ['Profile'], name: award.issuer.name },
    inLanguage: lang,
    tag: nonEmpty(achievement.tags),
  } as const);
}

function ob3Evidence(evidence: EvidenceInput): Ob3Evidence {
  return omitUndefined({ type: ['Evidence'] as const, ...evidence });
}

/**
 * The OpenBadgeCredential of one award (OB 3.0 §AchievementCredential on VCDM 2.0,
 * docs/open-badges.md B1), unsigned. Every property is a term of the pinned contexts, so JSON-LD
 * safe mode accepts it; multi-valued properties are always arrays and complex values always
 * objects, as the canonical JSON Schema requires (docs/open-badges.md C2). `credentialSubject.id` is a `urn:uuid:`
 * so a VC-JWT can carry `sub` (docs/open-badges.md C18); the email is only ever present as a salted hash.
 */
export function buildOpenBadgeCredential(award: AwardDocumentInput, urls: UrlLayout): OpenBadgeCredential {
  return omitUndefined({
    '@context': OB3_CREDENTIAL_CONTEXTS,
    id: urls.credential(award.awardId),
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: buildOb3IssuerProfile(award.issuer, urls),
    validFrom: award.issuedOn,
    validUntil: award.expires,
    awardedDate: award.earnedOn,
    name: award.achievement.name,
    credentialSubject: {
      id: `urn:uuid:${award.subjectId}`,
      type: ['AchievementSubject'],
      identifier: [
        {
          type: 'IdentityObject',
          identityHash: award.recipient.identityHash,
          identityType: 'emailAddress',
          hashed: true,
          salt: award.recipient.salt,
        },
      ],
      achievement: buildAchievement(award, urls),
    },
    evidence: nonEmpty(award.evidence?.map(ob3Evidence)),
    credentialSchema: [{ id: OB3_ACHIEVEMENT_CREDENTIAL_SCHEMA_URL, type: '1EdTechJsonSchemaValidator2019' }],
    credentialStatus: { id: urls.ob3RevocationList, type: '1EdTechRevocationList' },
  } as const);
}
