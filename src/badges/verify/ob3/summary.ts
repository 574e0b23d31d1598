import type { JsonObject } from '../json/safeJson.js';
import { definedOnly, idOf, isHttpUrl, objectOf, stringOf } from '../json/values.js';
import type { BadgeSummary } from '../report.js';
import type { Validity } from '../time/validity.js';

/**
 * What a displayer shows (SPEC ob_v3p0/cert/displayer.md): the achievement's name, description
 * and image (falling back to the credential's), issuer name and URL, issue and expiry dates.
 */
export function ob3Summary(
  credential: JsonObject,
  validity: Validity,
  recipientMatch: boolean | undefined,
): BadgeSummary {
  const achievement = objectOf(objectOf(credential['credentialSubject'])?.['achievement']);
  const issuer = objectOf(credential['issuer']);
  const issuerId = idOf(credential['issuer']);
  const url = stringOf(issuer?.['url']) ?? (issuerId && isHttpUrl(issuerId) ? issuerId : undefined);
  return {
    ...definedOnly({
      name: stringOf(achievement?.['name']) ?? stringOf(credential['name']),
      description: stringOf(achievement?.['description']) ?? stringOf(credential['description']),
      image: idOf(achievement?.['image']) ?? idOf(credential['image']),
      issuedOn: stringOf(credential['awardedDate']) ?? validity.from?.value,
      expires: validity.until?.value,
      recipientMatch,
    }),
    issuer: definedOnly({ name: stringOf(issuer?.['name']), url }),
  };
}
