import { issuerDomain } from '../issuerIdentity.js';
import type { JsonObject } from '../json/safeJson.js';
import { asArray, definedOnly, idOf, isHttpUrl, objectOf, stringOf } from '../json/values.js';
import type { BadgeSummary, IssuerSummary } from '../report.js';
import type { Validity } from '../time/validity.js';

/** A name the subject carries in clear: an identifier of type `name` that is not hashed. */
function earnerNameOf(subject: JsonObject | undefined): string | undefined {
  for (const entry of asArray(subject?.['identifier'])) {
    const identifier = objectOf(entry);
    if (identifier?.['identityType'] === 'name' && identifier['hashed'] === false) {
      return stringOf(identifier['identityHash']);
    }
  }
  return undefined;
}

/** The first embedded proof's `created`: when the issuer signed, i.e. made, the credential. */
function proofCreated(credential: JsonObject): string | undefined {
  return stringOf(objectOf(asArray(credential['proof'])[0])?.['created']);
}

/**
 * The issuer as the credential names it (VC `issuer`, an id or a Profile): id, the name and URL
 * it gives itself, and the domain its id would be vouched for by; whether the key ties them is
 * decided once every check has run (verifyBadge).
 */
export function ob3IssuerSummary(credential: JsonObject): IssuerSummary {
  const issuer = objectOf(credential['issuer']);
  const issuerId = idOf(credential['issuer']);
  const url = stringOf(issuer?.['url']) ?? (issuerId && isHttpUrl(issuerId) ? issuerId : undefined);
  return {
    ...definedOnly({ id: issuerId, name: stringOf(issuer?.['name']), url }),
    domain: issuerDomain(issuerId),
    known: false,
    own: false,
  };
}

/**
 * What a displayer shows (SPEC ob_v3p0/cert/displayer.md): the achievement's name, description
 * and image (falling back to the credential's), issuer name and URL, and the dates, each with one
 * meaning: earned is `awardedDate`, else the credential's one date (`validFrom`); issued is when
 * the issuer made the credential, given only when the credential says it apart from earned (a
 * proof's `created`, the VC-JWT's `iat`, or `validFrom` beside an `awardedDate`).
 */
export function ob3Summary(
  credential: JsonObject,
  validity: Validity,
  recipientMatch: boolean | undefined,
  jwtIssuedAt?: string,
): BadgeSummary {
  const subject = objectOf(credential['credentialSubject']);
  const achievement = objectOf(subject?.['achievement']);
  const awarded = stringOf(credential['awardedDate']);
  const from = validity.from?.value;
  return {
    ...definedOnly({
      name: stringOf(achievement?.['name']) ?? stringOf(credential['name']),
      description: stringOf(achievement?.['description']) ?? stringOf(credential['description']),
      image: idOf(achievement?.['image']) ?? idOf(credential['image']),
      earnedOn: awarded ?? from,
      issuedOn: proofCreated(credential) ?? jwtIssuedAt ?? (awarded === undefined ? undefined : from),
      expires: validity.until?.value,
      earnerName: earnerNameOf(subject),
      recipientMatch,
    }),
    issuer: ob3IssuerSummary(credential),
  };
}
