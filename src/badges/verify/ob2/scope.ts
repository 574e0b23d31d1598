import { isJsonObject, type JsonObject } from '../json/safeJson.js';
import { asArray, stringOf } from '../json/values.js';
import { invalid, type Problem } from '../report.js';

function strings(value: unknown): string[] {
  return asArray(value).filter((entry): entry is string => typeof entry === 'string');
}

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/**
 * Hosted verification scope (docs/open-badges.md A3; VAL2 hosted_id_in_verification_scope): the
 * assertion id must satisfy the issuer Profile's `verification` policy: `startsWith` prefixes
 * and `allowedOrigins` host names when given, else the issuer id's own scheme, host and port.
 */
export function scopeProblem(assertionId: string, profile: JsonObject): Problem | undefined {
  const assertionUrl = parse(assertionId);
  if (!assertionUrl) return invalid(`the assertion id ${assertionId} is not a URL`);
  const policy = isJsonObject(profile['verification']) ? profile['verification'] : {};
  const property = stringOf(policy['verificationProperty']) ?? 'id';
  if (property !== 'id') return invalid(`verification policy property ${property} is not supported (only id)`);
  const startsWith = strings(policy['startsWith']);
  const allowedOrigins = strings(policy['allowedOrigins']);
  if (startsWith.length > 0 && !startsWith.some((prefix) => assertionId.startsWith(prefix))) {
    return invalid(`the assertion id does not start with ${startsWith.join(' or ')}`);
  }
  if (allowedOrigins.length > 0) {
    // Bare DNS names (docs/open-badges.md C13, C24): the assertion must be on the default port of one of them.
    const allowed =
      assertionUrl.port === '' && allowedOrigins.some((origin) => origin.toLowerCase() === assertionUrl.hostname);
    return allowed
      ? undefined
      : invalid(`the assertion host ${assertionUrl.host} is not among ${allowedOrigins.join(', ')}`);
  }
  if (startsWith.length > 0) return undefined;
  const issuerUrl = parse(stringOf(profile['id']) ?? '');
  if (issuerUrl?.origin !== assertionUrl.origin) {
    return invalid(
      `the assertion origin ${assertionUrl.origin} is not the issuer's origin ${issuerUrl?.origin ?? '(none)'}`,
    );
  }
  return undefined;
}
