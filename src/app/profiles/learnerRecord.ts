import { createHash, randomUUID } from 'node:crypto';
import { v4 as uuidv4 } from 'uuid';
import {
  buildClrCredential,
  type ClrAchievement,
  type ClrAssociation,
  type ClrCredential,
} from '../../badges/clr/clrCredential.js';
import type { IssuerProfileInput } from '../../badges/documentInput.js';
import { hashIdentity, newSalt } from '../../badges/identity.js';
import type { Ob3IdentityObject } from '../../badges/ob3/credential.js';
import type { UrlLayout } from '../../badges/urls.js';
import { findAchievement } from '../../domain/catalog/findAchievement.js';
import { requirementReferences } from '../../domain/catalog/requirements.js';
import type { Catalog } from '../../domain/catalog/types.js';
import { AccoladeError } from '../../errors.js';
import type { Clock } from '../../ports/clock.js';
import type { AwardDocuments } from '../awards/awardDocuments.js';
import type { AwardRecord } from '../awards/awardRecord.js';
import type { CatalogSource } from '../awards/issueAward.js';
import type { ProfileRecord } from './profileRecord.js';

export interface LearnerRecordDeps {
  readonly urls: UrlLayout;
  readonly issuer: IssuerProfileInput;
  readonly documents: Pick<AwardDocuments, 'credential'>;
  readonly catalog: CatalogSource;
  readonly clock: Clock;
  /** Adds the `eddsa-rdfc-2022` proof, by the key OpenBadgeCredentials are signed with now. */
  readonly signRecord: (record: ClrCredential, created: string) => Promise<object>;
}

/** What a signed OpenBadgeCredential says its achievement's id is. */
function achievementIdOf(credential: object): string | undefined {
  const subject = (credential as { credentialSubject?: { achievement?: { id?: unknown } } }).credentialSubject;
  return typeof subject?.achievement?.id === 'string' ? subject.achievement.id : undefined;
}

/**
 * The record's subject id: a `urn:uuid:` (version 4, docs/open-badges.md A4) derived from the
 * profile id, the same in every record of one profile and telling nothing the profile id does not.
 */
function subjectIdOf(profileId: string): string {
  const digest = createHash('sha256').update(`accolade:clr-subject:${profileId}`, 'utf8').digest();
  return `urn:uuid:${uuidv4({ random: digest.subarray(0, 16) })}`;
}

function identifiersOf(profile: ProfileRecord): Ob3IdentityObject[] {
  return profile.emails.map((email) => {
    const salt = newSalt();
    return {
      type: 'IdentityObject',
      identityHash: hashIdentity(email, salt),
      identityType: 'emailAddress',
      hashed: true,
      salt,
    };
  });
}

/** An exam the record names without a badge of its own (the certification's badge replaced it). */
function examAchievement(catalog: Catalog, examId: string, id: string, award: AwardRecord): ClrAchievement | undefined {
  const exam = findAchievement(catalog, examId);
  if (exam === undefined) return undefined;
  const lang = award.recipientLocale;
  return {
    id,
    type: ['Achievement'],
    achievementType: exam.kind === 'exam' ? 'Assessment' : 'Certification',
    name: exam.title[lang],
    description: exam.description[lang],
    criteria: { narrative: exam.criteria.narrative[lang] },
  };
}

/**
 * The exam → certification relations (docs/open-badges.md D1): each certification in the record
 * is the target of the exams it requires that the record holds (`isPartOf`), of the exam whose
 * pass earned it even without a badge of its own (named in the record's achievements), and of the
 * prerequisite certifications it holds (`precedes`).
 */
function relations(
  catalog: Catalog,
  included: readonly AwardRecord[],
  heldIds: ReadonlyMap<string, string>,
  urls: UrlLayout,
): { associations: ClrAssociation[]; achievements: ClrAchievement[] } {
  const associations: ClrAssociation[] = [];
  const achievements = new Map<string, ClrAchievement>();
  for (const award of included) {
    const certification = findAchievement(catalog, award.achievementId);
    const targetId = heldIds.get(award.achievementId);
    if (certification?.kind !== 'certification' || targetId === undefined) continue;
    for (const reference of requirementReferences(certification)) {
      let sourceId = heldIds.get(reference.id);
      if (sourceId === undefined && reference.id === award.earnedBy) {
        sourceId = urls.badgeClass(reference.id, award.recipientLocale);
        const named = examAchievement(catalog, reference.id, sourceId, award);
        if (named === undefined) continue;
        achievements.set(sourceId, named);
      }
      if (sourceId === undefined) continue;
      const associationType = reference.kind === 'exam' ? 'isPartOf' : 'precedes';
      associations.push({ type: 'Association', associationType, sourceId, targetId });
    }
  }
  return { associations, achievements: [...achievements.values()] };
}

/**
 * A profile's Comprehensive Learner Record (CLR 2.0), signed: every badge the candidate accepted,
 * each as its own signed OpenBadgeCredential, with the relations between them. `partial` says
 * when badges not yet accepted (or declined) are left out. Made afresh on each request; refused
 * (`conflict`) when nothing has been accepted, since a record must hold at least one credential.
 */
export function createLearnerRecord(deps: LearnerRecordDeps) {
  return async function learnerRecord(profile: ProfileRecord, awards: readonly AwardRecord[]): Promise<object> {
    const included = awards.filter((award) => award.status === 'accepted');
    if (included.length === 0) {
      throw new AccoladeError('conflict', `Profile ${profile._id} has no accepted badge to put in a learner record`, {
        profile: profile._id,
      });
    }
    const credentials = await Promise.all(included.map((award) => deps.documents.credential(award)));
    const heldIds = new Map<string, string>();
    included.forEach((award, index) => {
      const id = achievementIdOf(credentials[index]!);
      if (id !== undefined) heldIds.set(award.achievementId, id);
    });
    const { associations, achievements } = relations(deps.catalog.current().catalog, included, heldIds, deps.urls);
    const created = deps.clock.now().toISOString();
    const record = buildClrCredential(
      {
        id: `urn:uuid:${randomUUID()}`,
        name: `Transcript of ${profile.name} (${profile._id})`,
        description: `The badges ${profile.name} accepted from ${deps.issuer.name}, each verifiable on its own.`,
        validFrom: created,
        issuer: deps.issuer,
        subject: { id: subjectIdOf(profile._id), identifier: identifiersOf(profile) },
        credentials,
        achievements,
        associations,
        partial: included.length < awards.filter((award) => award.status !== 'revoked').length,
      },
      deps.urls,
    );
    return deps.signRecord(record, created);
  };
}

export type LearnerRecord = ReturnType<typeof createLearnerRecord>;
