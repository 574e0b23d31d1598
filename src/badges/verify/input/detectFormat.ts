import { isJsonObject, type JsonObject } from '../json/safeJson.js';
import { asArray, typesOf } from '../json/values.js';
import { verificationKind } from '../ob2/structure.js';
import { VC_V1_CONTEXT, VC_V2_CONTEXT } from '../ob3/vcVersion.js';
import type { BadgeFormat } from '../report.js';

/** A VC by its context or type: OB 3.0 (docs/open-badges.md B1, B2). */
function isVerifiableCredential(document: JsonObject): boolean {
  const contexts = asArray(document['@context']);
  return (
    contexts.includes(VC_V2_CONTEXT) ||
    contexts.includes(VC_V1_CONTEXT) ||
    typesOf(document).includes('VerifiableCredential')
  );
}

/** An OB 2.0 assertion by its context or type, or the shape of one (docs/open-badges.md A1). */
function isOb2Assertion(document: JsonObject): boolean {
  const contexts = asArray(document['@context']);
  return (
    contexts.some((context) => typeof context === 'string' && context.startsWith('https://w3id.org/openbadges')) ||
    typesOf(document).includes('Assertion') ||
    (document['badge'] !== undefined && document['recipient'] !== undefined)
  );
}

/** The format of a JWS from its (unverified) payload: a VC-JWT, or an OB 2.0 signed assertion. */
export function formatOfJwsPayload(payload: JsonObject): BadgeFormat {
  if (isJsonObject(payload['vc']) || isVerifiableCredential(payload)) return 'ob3-jwt';
  return isOb2Assertion(payload) ? 'ob2-signed' : 'unknown';
}

/**
 * The format of a JSON badge: an OB 3.0 credential or a CLR 2.0 record (proof embedded), or an OB 2.0
 * assertion, hosted, or signed but handed over without its JWS.
 */
export function formatOfJson(document: JsonObject): BadgeFormat {
  if (isVerifiableCredential(document)) {
    // A Comprehensive Learner Record wraps OB 3.0 credentials (docs/open-badges.md D3).
    return typesOf(document).includes('ClrCredential') ? 'clr-data-integrity' : 'ob3-data-integrity';
  }
  if (!isOb2Assertion(document)) return 'unknown';
  return verificationKind(document) === 'signed' ? 'ob2-signed' : 'ob2-hosted';
}
