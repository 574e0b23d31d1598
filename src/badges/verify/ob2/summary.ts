import { issuerDomain } from '../issuerIdentity.js';
import type { JsonObject } from '../json/safeJson.js';
import { definedOnly, idOf, stringOf } from '../json/values.js';
import type { BadgeSummary } from '../report.js';

/** What a displayer shows (docs/open-badges.md A7): BadgeClass image, name, description, issuer, the date. */
export function ob2Summary(
  assertion: JsonObject,
  badge: JsonObject | undefined,
  profile: JsonObject | undefined,
  recipientMatch: boolean | undefined,
): BadgeSummary {
  const image = idOf(assertion['image']) ?? idOf(badge?.['image']);
  const fields = {
    name: stringOf(badge?.['name']),
    description: stringOf(badge?.['description']),
    image,
    // OB 2.0 has one date, `issuedOn`: the day the achievement was awarded, so it is the earned date.
    earnedOn: stringOf(assertion['issuedOn']),
    expires: stringOf(assertion['expires']),
    recipientMatch,
  };
  const id = idOf(profile?.['id']);
  const issuer = { id, name: stringOf(profile?.['name']), url: stringOf(profile?.['url']) };
  return {
    ...definedOnly(fields),
    issuer: { ...definedOnly(issuer), domain: issuerDomain(id), known: false, own: false },
  };
}
