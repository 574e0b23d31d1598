import type { AwardDocumentInput, EvidenceInput } from '../documentInput.js';
import { nonEmpty, omitUndefined } from '../jsonld/omitUndefined.js';
import type { UrlLayout } from '../urls.js';
import { OB2_CONTEXT } from './context.js';

export interface Ob2IdentityObject {
  readonly type: 'email';
  readonly hashed: true;
  readonly salt: string;
  readonly identity: string;
}

/** OB 2.0 §Evidence: the same optional fields the award input carries. */
export type Ob2Evidence = EvidenceInput;

export type Ob2Verification =
  | { readonly type: 'HostedBadge' }
  | { readonly type: 'SignedBadge'; readonly creator: string };

export interface Ob2Assertion {
  readonly '@context': typeof OB2_CONTEXT;
  readonly type: 'Assertion';
  readonly id: string;
  readonly recipient: Ob2IdentityObject;
  /** The hosted BadgeClass IRI. */
  readonly badge: string;
  readonly verification: Ob2Verification;
  readonly issuedOn: string;
  readonly expires?: string;
  readonly image: string;
  readonly evidence?: readonly Ob2Evidence[];
}

function ob2Evidence(evidence: EvidenceInput): Ob2Evidence {
  return omitUndefined({ ...evidence });
}

/**
 * The assertion body shared by both verification methods (OB 2.0 §Assertion, docs/open-badges.md A1):
 * the recipient as a salted SHA-256 (docs/open-badges.md A2), the BadgeClass as its hosted IRI, the baked PNG as
 * the image. `badge` stays an IRI in the signed form as well: the 1EdTech validator reads
 * `badge` and the BadgeClass `issuer` as IRIs when it checks a JWS (docs/open-badges.md A4, C14).
 */
function assertionBody(
  award: AwardDocumentInput,
  urls: UrlLayout,
  id: string,
  verification: Ob2Verification,
): Ob2Assertion {
  return omitUndefined({
    '@context': OB2_CONTEXT,
    type: 'Assertion',
    id,
    recipient: { type: 'email', hashed: true, salt: award.recipient.salt, identity: award.recipient.identityHash },
    badge: urls.badgeClass(award.achievement.id, award.lang),
    verification,
    issuedOn: award.issuedOn,
    expires: award.expires,
    image: urls.png(award.awardId),
    evidence: nonEmpty(award.evidence?.map(ob2Evidence)),
  } as const);
}

/** The hosted assertion, served at its own `id` (OB 2.0 §HostedBadge Verification, docs/open-badges.md A3). */
export function buildHostedAssertion(award: AwardDocumentInput, urls: UrlLayout): Ob2Assertion {
  return assertionBody(award, urls, urls.assertion(award.awardId), { type: 'HostedBadge' });
}

/**
 * The payload of the signed assertion: a `urn:uuid:` id and `verification.creator` naming the
 * key set's CryptographicKey, which the issuer Profile lists in `publicKey` (A4: without
 * `creator` neither validator can check the JWS).
 */
export function buildSignedAssertion(award: AwardDocumentInput, urls: UrlLayout): Ob2Assertion {
  return assertionBody(award, urls, urls.signedAssertionId(award.awardId), {
    type: 'SignedBadge',
    creator: urls.ob2Key(award.keySetId),
  });
}
