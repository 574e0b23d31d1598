import type { VerifyEnv } from '../env.js';
import { type DecodedJws, decodeCompactJws } from '../input/jws.js';
import type { Payload } from '../input/payload.js';
import type { JsonObject } from '../json/safeJson.js';
import { checkRecipient, ob3RecipientMatches } from '../recipient.js';
import { type BadgeSummary, CheckLog, invalid } from '../report.js';
import { checkCredentialStatus } from '../status/credentialStatus.js';
import type { NestedVerification } from '../status/nested.js';
import { checkValidity, type Validity } from '../time/validity.js';
import { verifyEmbeddedProofs } from './dataIntegrity.js';
import { checkEndorsements } from './endorsements.js';
import type { CredentialRole } from './role.js';
import { safeModeProblem } from './safeMode.js';
import { checkContext, checkSchema, checkSubject, checkType } from './shape.js';
import { ob3Summary } from './summary.js';
import { checkJwtClaims, credentialFromJwt, jwtValidity, verifyJwtProof } from './vcJwt.js';
import { type VcVersion, validityWindow, vcVersionOf } from './vcVersion.js';

export interface Ob3Verification extends NestedVerification {
  readonly summary?: BadgeSummary;
}

function validityOf(window: ReturnType<typeof validityWindow>): Validity {
  return {
    ...(window.from ? { from: { property: window.fromProperty, value: window.from } } : {}),
    ...(window.until ? { until: { property: window.untilProperty, value: window.until } } : {}),
  };
}

/** VCDM version from @context[0] (docs/open-badges.md B8 step 2); an unknown one is reported, 2.0 assumed. */
function versionOf(log: CheckLog, credential: JsonObject): VcVersion {
  const version = vcVersionOf(credential);
  if (version) return version;
  log.fail('ob3.context', invalid('@context[0] must be the VC Data Model 2.0 or 1.1 context'));
  return '2.0';
}

/** A time as ISO 8601, or undefined when it is out of the range a Date can hold. */
function safeIsoDate(ms: number): string | undefined {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/**
 * Open Badges 3.0 in the order of SPEC verification.md and VAL3 OB30Inspector (docs/open-badges.md
 * B8): JSON-LD safe mode, context, type, schema, subject, proof (VC-JWT or embedded), status,
 * validity dates, recipient, endorsements. Also verifies endorsements and status list
 * credentials, by `role`, with the checks that apply to them.
 */
export async function verifyOb3(payload: Payload, role: CredentialRole, env: VerifyEnv): Promise<Ob3Verification> {
  const log = new CheckLog();
  let jws: DecodedJws | undefined;
  let credential: JsonObject;
  if (payload.kind === 'jws') {
    const decoded = decodeCompactJws(payload.token);
    if (!decoded.ok) {
      log.fail('input.parse', decoded.problem);
      return { log };
    }
    jws = decoded.jws;
    credential = credentialFromJwt(jws);
  } else if (payload.kind === 'json') {
    credential = payload.value;
  } else {
    log.fail('input.parse', invalid('a credential was expected, not a URL'));
    return { log };
  }
  const version = versionOf(log, credential);
  log.outcome(
    'jsonld.safe_mode',
    await safeModeProblem(credential, env.contexts),
    'every term is defined by a known context',
  );
  if (!log.failed('ob3.context')) checkContext(log, credential, version, role);
  checkType(log, credential, role);
  checkSchema(log, credential, version, role, env.schemas.ob3);
  checkSubject(log, credential, role);

  const window = validityWindow(credential, version);
  let validity = validityOf(window);
  if (jws) {
    await verifyJwtProof(log, jws, credential, env);
    checkJwtClaims(log, jws.payload, credential, window);
    validity = jwtValidity(jws.payload, window);
  } else {
    await verifyEmbeddedProofs(log, credential, env);
  }
  if (role !== 'statusList') await checkCredentialStatus(log, credential, env, verifyOb3);
  checkValidity(log, env.now, validity);
  if (role === 'statusList') return { log, credential };

  const recipientMatch =
    role === 'achievement'
      ? checkRecipient(log, env.recipient, (email) => ob3RecipientMatches(credential, email))
      : undefined;
  await checkEndorsements(log, credential, env, verifyOb3);
  const iat = jws?.payload['iat'];
  const issuedAt = typeof iat === 'number' && Number.isFinite(iat) ? safeIsoDate(iat * 1000) : undefined;
  return { log, credential, summary: ob3Summary(credential, validity, recipientMatch, issuedAt) };
}
