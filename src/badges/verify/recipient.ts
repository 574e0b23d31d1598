import { identityMatches } from '../identity.js';
import { isJsonObject, type JsonObject } from './json/safeJson.js';
import { asArray, objectOf, stringOf } from './json/values.js';
import { type CheckLog, invalid } from './report.js';

function identityObjectMatches(identity: unknown, hashed: unknown, salt: unknown, email: string): boolean {
  return typeof identity === 'string' && identityMatches(identity, hashed === true, stringOf(salt), email);
}

/** OB 2.0 IdentityObject (docs/open-badges.md A2): only the `email` type can match an email. */
export function ob2RecipientMatches(recipient: JsonObject, email: string): boolean {
  return (
    recipient['type'] === 'email' &&
    identityObjectMatches(recipient['identity'], recipient['hashed'], recipient['salt'], email)
  );
}

/**
 * OB 3.0 (SPEC verification.md §Verify the Recipient Using an Identifier): each `identifier`
 * of type emailAddress, hashed with its salt or in plain, or a `mailto:` subject id.
 */
export function ob3RecipientMatches(credential: JsonObject, email: string): boolean {
  const subject = objectOf(credential['credentialSubject']);
  if (!subject) return false;
  const id = stringOf(subject['id']);
  if (id?.toLowerCase().startsWith('mailto:') && identityMatches(id.slice('mailto:'.length), false, undefined, email)) {
    return true;
  }
  return asArray(subject['identifier']).some(
    (entry) =>
      isJsonObject(entry) &&
      entry['identityType'] === 'emailAddress' &&
      identityObjectMatches(entry['identityHash'], entry['hashed'], entry['salt'], email),
  );
}

/** Records the `recipient` check when an email was given; answers the match for the summary. */
export function checkRecipient(
  log: CheckLog,
  email: string | undefined,
  matches: (email: string) => boolean,
): boolean | undefined {
  if (email === undefined) return undefined;
  const matched = matches(email);
  log.outcome(
    'recipient',
    matched ? undefined : invalid('the badge was not issued to the given email'),
    'the badge was issued to the given email',
  );
  return matched;
}
