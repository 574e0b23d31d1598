import type { VerifyEnv } from '../env.js';
import type { DecodedJws } from '../input/jws.js';
import { refusedAlgorithm } from '../input/jws.js';
import { isJsonObject, type JsonObject } from '../json/safeJson.js';
import { idOf, objectOf, stringOf } from '../json/values.js';
import { resolveJwtKey } from '../keys/jwtKey.js';
import { jwtKeyProvenance } from '../keys/jwtKeyProvenance.js';
import { jwsSignatureProblem } from '../keys/verifyJws.js';
import { type CheckLog, invalid } from '../report.js';
import type { Validity } from '../time/validity.js';
import type { ValidityWindow } from './vcVersion.js';

/**
 * RS256 is what every party must support; ES256 and EdDSA are allowed by the spec (SPEC
 * integrity.md §JOSE header), even though VAL3 only takes RS256 and ES256 (docs/open-badges.md C5).
 */
const JWT_ALGORITHMS = ['RS256', 'ES256', 'EdDSA', 'Ed25519'];

/** JWT registered claims: part of the JWS payload, not of the credential. */
const REGISTERED_CLAIMS = ['iss', 'sub', 'jti', 'nbf', 'exp', 'iat', 'aud'];

/**
 * The credential inside a VC-JWT: the `vc` claim (VCDM 1.1 style) or else the whole payload
 * (VCDM 2.0), minus the JWT claims (docs/open-badges.md B3; VAL3 JWT_ALLOW_WHOLE_PAYLOAD).
 */
export function credentialFromJwt(jws: DecodedJws): JsonObject {
  const vc = jws.payload['vc'];
  if (isJsonObject(vc)) return vc;
  const credential: JsonObject = {};
  for (const [key, value] of Object.entries(jws.payload)) {
    if (!REGISTERED_CLAIMS.includes(key)) credential[key] = value;
  }
  return credential;
}

/** Header screening, key discovery and signature (SPEC integrity.md §Verify a Credential steps 1-3). */
export async function verifyJwtProof(
  log: CheckLog,
  jws: DecodedJws,
  credential: JsonObject,
  env: VerifyEnv,
): Promise<void> {
  const alg = jws.header['alg'];
  const refused = refusedAlgorithm(alg, JWT_ALGORITHMS);
  if (refused) {
    log.fail('proof.signature', refused);
    return;
  }
  // Counted like every proof of this verification, nested ones included (LIMITS.maxProofChecks).
  const spent = env.budget.proofCheckProblem('the VC-JWT signature');
  if (spent) {
    log.fail('proof.key', spent);
    return;
  }
  const issuerId = idOf(credential['issuer']);
  const key = await resolveJwtKey(jws.header, issuerId, env.documents);
  if (!key.ok) {
    log.fail('proof.key', key.problem);
    return;
  }
  log.pass('proof.key', `key from ${key.value.source}`);
  // A signature proves nothing about the issuer until the key is shown to be the issuer's: a
  // forger re-signs with a key of their own and names it in the header (docs/open-badges.md B5, C8).
  const provenance = await jwtKeyProvenance(
    key.value,
    { issuerId, iss: jws.payload['iss'], kid: stringOf(jws.header['kid']) },
    env.documents,
  );
  if (!provenance.ok) {
    log.fail('proof.key_controller', provenance.problem);
    return;
  }
  log.pass('proof.key_controller', provenance.value);
  const problem = await jwsSignatureProblem(jws.token, { jwk: key.value.jwk }, alg as string);
  log.outcome('proof.signature', problem, `${alg as string} signature verified`);
}

function numericDate(iso: string | undefined): number | undefined {
  if (iso === undefined) return undefined;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}

function isoOf(seconds: unknown): string | undefined {
  return typeof seconds === 'number' && Number.isFinite(seconds) ? new Date(seconds * 1000).toISOString() : undefined;
}

/**
 * SPEC integrity.md §Verify a Credential step 5: iss = issuer.id, sub = credentialSubject.id,
 * jti = id, nbf = validFrom; exp is required with validUntil and must equal it (docs/open-badges.md C18).
 * A subject known only by `identifier` (which the schema allows) has no id for `sub` to carry, so
 * then a missing `sub` is no fault; a `sub` that is there must still agree.
 */
export function checkJwtClaims(
  log: CheckLog,
  claims: JsonObject,
  credential: JsonObject,
  window: ValidityWindow,
): void {
  const mismatches: string[] = [];
  const expect = (claim: string, actual: unknown, expected: unknown, what: string) => {
    if (actual === undefined) mismatches.push(`${claim} is missing`);
    else if (actual !== expected) mismatches.push(`${claim} does not equal ${what}`);
  };
  expect('iss', claims['iss'], idOf(credential['issuer']), 'issuer.id');
  expect('jti', claims['jti'], credential['id'], 'id');
  const subjectId = objectOf(credential['credentialSubject'])?.['id'];
  if (subjectId !== undefined || claims['sub'] !== undefined) {
    expect('sub', claims['sub'], subjectId, 'credentialSubject.id');
  }
  expect('nbf', claims['nbf'], numericDate(window.from), window.fromProperty);
  if (window.until !== undefined) {
    expect('exp', claims['exp'], numericDate(window.until), window.untilProperty);
  }
  log.outcome(
    'ob3.jwt_claims',
    mismatches.length > 0 ? invalid(mismatches.join('; ')) : undefined,
    'iss, sub, jti and nbf agree with the credential',
  );
}

/** `nbf`/`exp` stand in for the credential dates when it has none. */
export function jwtValidity(claims: JsonObject, window: ValidityWindow): Validity {
  const from = window.from ?? isoOf(claims['nbf']);
  const until = window.until ?? isoOf(claims['exp']);
  return {
    ...(from ? { from: { property: window.from ? window.fromProperty : 'nbf', value: from } } : {}),
    ...(until ? { until: { property: window.until ? window.untilProperty : 'exp', value: until } } : {}),
  };
}
