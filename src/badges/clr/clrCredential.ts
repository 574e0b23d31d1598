import type { IssuerProfileInput } from '../documentInput.js';
import { nonEmpty, omitUndefined } from '../jsonld/omitUndefined.js';
import type { Ob3IdentityObject } from '../ob3/credential.js';
import { buildOb3IssuerProfile, type Ob3Profile } from '../ob3/issuerProfile.js';
import type { UrlLayout } from '../urls.js';
import { CLR_CREDENTIAL_CONTEXTS, CLR_CREDENTIAL_SCHEMA_URL, type ClrAssociationType } from './context.js';

/** CLR 2.0 §Association: `sourceId` relates to `targetId` as `associationType` says. */
export interface ClrAssociation {
  readonly type: 'Association';
  readonly associationType: ClrAssociationType;
  readonly sourceId: string;
  readonly targetId: string;
}

/** An achievement the record names without a credential of its own (CLR 2.0 §ClrSubject). */
export interface ClrAchievement {
  readonly id: string;
  readonly type: readonly ['Achievement'];
  readonly achievementType?: string;
  readonly name: string;
  readonly description: string;
  readonly criteria: { readonly id?: string; readonly narrative: string };
}

export interface ClrCredential {
  readonly '@context': readonly string[];
  readonly id: string;
  readonly type: readonly ['VerifiableCredential', 'ClrCredential'];
  readonly issuer: Ob3Profile;
  readonly validFrom: string;
  readonly name: string;
  readonly description?: string;
  readonly partial?: boolean;
  readonly credentialSubject: {
    readonly id: string;
    readonly type: readonly ['ClrSubject'];
    readonly identifier?: readonly Ob3IdentityObject[];
    readonly verifiableCredential: readonly object[];
    readonly achievement?: readonly ClrAchievement[];
    readonly association?: readonly ClrAssociation[];
  };
  readonly credentialSchema: readonly [{ readonly id: string; readonly type: '1EdTechJsonSchemaValidator2019' }];
}

export interface ClrInput {
  /** The record's own id: a `urn:uuid:` (a record is a snapshot, made anew on each request). */
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  /** When the record was made (ISO 8601 with a zone); also its proof's `created`. */
  readonly validFrom: string;
  readonly issuer: IssuerProfileInput;
  /** The learner: an id of the record's own, with the hashed emails they are known by. */
  readonly subject: { readonly id: string; readonly identifier?: readonly Ob3IdentityObject[] };
  /** Signed OpenBadgeCredentials, each embedded whole, so each still verifies on its own. */
  readonly credentials: readonly object[];
  readonly achievements?: readonly ClrAchievement[];
  readonly associations?: readonly ClrAssociation[];
  /** True when the record leaves out achievements the issuer knows of (CLR 2.0 §ClrCredential). */
  readonly partial?: boolean;
}

/**
 * A ClrCredential (CLR 2.0 §ClrCredential, docs/open-badges.md D1), unsigned: the issuer is our
 * did:web Profile, as on every OpenBadgeCredential, so one signing path and one key serve both.
 * The wrapped credentials are embedded as they were signed (their own `@context` and proofs
 * kept), so the outer proof covers them and each one's own proof still verifies alone.
 */
export function buildClrCredential(input: ClrInput, urls: UrlLayout): ClrCredential {
  return omitUndefined({
    '@context': CLR_CREDENTIAL_CONTEXTS,
    id: input.id,
    type: ['VerifiableCredential', 'ClrCredential'],
    issuer: buildOb3IssuerProfile(input.issuer, urls),
    validFrom: input.validFrom,
    name: input.name,
    description: input.description,
    partial: input.partial,
    credentialSubject: omitUndefined({
      id: input.subject.id,
      type: ['ClrSubject'],
      identifier: nonEmpty(input.subject.identifier),
      verifiableCredential: input.credentials,
      achievement: nonEmpty(input.achievements),
      association: nonEmpty(input.associations),
    } as const),
    credentialSchema: [{ id: CLR_CREDENTIAL_SCHEMA_URL, type: '1EdTechJsonSchemaValidator2019' }],
  } as const);
}
