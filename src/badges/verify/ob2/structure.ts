import { isJsonObject, type JsonObject } from '../json/safeJson.js';
import { asArray, idOf, typesOf } from '../json/values.js';
import { isDateTimeWithZone } from '../time/dates.js';

const OB2_CONTEXTS = ['https://w3id.org/openbadges/v2', 'https://openbadgespec.org/v2/context.json'];

function requireString(node: JsonObject, property: string, what: string, problems: string[]): void {
  if (typeof node[property] !== 'string' || node[property] === '') problems.push(`${what} has no ${property}`);
}

function requireType(node: JsonObject, accepted: readonly string[], what: string, problems: string[]): void {
  if (!typesOf(node).some((type) => accepted.includes(type)))
    problems.push(`${what} type must be ${accepted.join(' or ')}`);
}

function requireRef(node: JsonObject, property: string, what: string, problems: string[]): void {
  if (idOf(node[property]) === undefined) problems.push(`${what} has no ${property} (IRI or object with id)`);
}

function checkDate(node: JsonObject, property: string, what: string, required: boolean, problems: string[]): void {
  const value = node[property];
  if (value === undefined && !required) return;
  if (!isDateTimeWithZone(value)) problems.push(`${what} ${property} must be an ISO 8601 date-time with a time zone`);
}

/** IdentityObject (docs/open-badges.md A1, A2). */
function recipientProblems(recipient: unknown, problems: string[]): void {
  if (!isJsonObject(recipient)) {
    problems.push('Assertion recipient must be an identity object');
    return;
  }
  requireString(recipient, 'type', 'recipient', problems);
  requireString(recipient, 'identity', 'recipient', problems);
  if (typeof recipient['hashed'] !== 'boolean') problems.push('recipient hashed must be true or false');
  if (recipient['hashed'] === true && !/^(sha256|md5)\$[0-9a-f]+$/i.test(String(recipient['identity']))) {
    problems.push('recipient identity must be sha256$<hex> or md5$<hex> when hashed');
  }
}

/** Assertion (docs/open-badges.md A1): the `@context`, required properties and dates. */
export function assertionProblems(assertion: JsonObject): string[] {
  const problems: string[] = [];
  if (
    !asArray(assertion['@context']).some((context) => typeof context === 'string' && OB2_CONTEXTS.includes(context))
  ) {
    problems.push('@context must include the Open Badges 2.0 context');
  }
  requireString(assertion, 'id', 'Assertion', problems);
  requireType(assertion, ['Assertion'], 'Assertion', problems);
  recipientProblems(assertion['recipient'], problems);
  requireRef(assertion, 'badge', 'Assertion', problems);
  const verification = assertion['verification'] ?? assertion['verify'];
  if (!isJsonObject(verification) || typeof verification['type'] !== 'string') {
    problems.push('Assertion verification must be an object with a type');
  }
  checkDate(assertion, 'issuedOn', 'Assertion', true, problems);
  checkDate(assertion, 'expires', 'Assertion', false, problems);
  // A5: VAL3 fails an assertion that expires before it was issued. It is not refused here as
  // malformed: the validity check always fails it already (now is past `expires`, or before
  // `issuedOn`), as `expired`, which is what it is: a certification backfilled after it lapsed.
  return problems;
}

/** BadgeClass (docs/open-badges.md A1). */
export function badgeClassProblems(badge: JsonObject): string[] {
  const problems: string[] = [];
  requireString(badge, 'id', 'BadgeClass', problems);
  requireType(badge, ['BadgeClass'], 'BadgeClass', problems);
  requireString(badge, 'name', 'BadgeClass', problems);
  requireString(badge, 'description', 'BadgeClass', problems);
  requireRef(badge, 'image', 'BadgeClass', problems);
  if (badge['criteria'] === undefined) problems.push('BadgeClass has no criteria');
  requireRef(badge, 'issuer', 'BadgeClass', problems);
  return problems;
}

/** Issuer Profile (docs/open-badges.md A1): acting as an issuer it needs id, type, name, url, email. */
export function profileProblems(profile: JsonObject): string[] {
  const problems: string[] = [];
  requireString(profile, 'id', 'issuer Profile', problems);
  requireType(profile, ['Issuer', 'Profile'], 'issuer Profile', problems);
  for (const property of ['name', 'url', 'email']) requireString(profile, property, 'issuer Profile', problems);
  return problems;
}

/** `SignedBadge`/`signed` or `HostedBadge`/`hosted` (docs/open-badges.md A1 VerificationObject). */
export function verificationKind(assertion: JsonObject): 'hosted' | 'signed' | undefined {
  const verification = assertion['verification'] ?? assertion['verify'];
  const type = isJsonObject(verification) ? verification['type'] : undefined;
  if (type === 'SignedBadge' || type === 'signed') return 'signed';
  if (type === 'HostedBadge' || type === 'hosted') return 'hosted';
  return undefined;
}
