import type { ClrSchemaValidator } from '../../schema/clrSchema.js';
import type { VerifyEnv } from '../env.js';
import type { Payload } from '../input/payload.js';
import { isJsonObject, type JsonObject } from '../json/safeJson.js';
import { asArray, definedOnly, idOf, objectOf, stringOf, typesOf } from '../json/values.js';
import { LIMITS } from '../limits.js';
import { verifyEmbeddedProofs } from '../ob3/dataIntegrity.js';
import { safeModeProblem } from '../ob3/safeMode.js';
import { ob3IssuerSummary } from '../ob3/summary.js';
import { validityWindow, vcVersionOf } from '../ob3/vcVersion.js';
import { checkRecipient, ob3RecipientMatches } from '../recipient.js';
import { type BadgeSummary, type CheckedCredential, CheckLog, invalid, type Problem } from '../report.js';
import { checkCredentialStatus } from '../status/credentialStatus.js';
import type { NestedVerification, NestedVerifier } from '../status/nested.js';
import { checkValidity, type Validity } from '../time/validity.js';

/** CLR 2.0 contexts: 2.0.1 (VCDM 2.0) or the first one (VCDM 1.1), docs/open-badges.md D1. */
const CLR_CONTEXT = /^https:\/\/purl\.imsglobal\.org\/spec\/clr\/v2p0\/context(-2\.\d\.\d)?\.json$/;

export interface ClrVerification {
  readonly log: CheckLog;
  readonly summary?: BadgeSummary;
}

function checkContext(log: CheckLog, credential: JsonObject): void {
  const contexts = credential['@context'];
  if (!Array.isArray(contexts) || vcVersionOf(credential) === undefined) {
    log.fail('clr.context', invalid('@context must be an array starting with the VC Data Model 2.0 or 1.1 context'));
    return;
  }
  const second = contexts[1];
  if (typeof second !== 'string' || !CLR_CONTEXT.test(second)) {
    log.fail('clr.context', invalid('@context[1] must be a Comprehensive Learner Record 2.0 context'));
    return;
  }
  log.pass('clr.context', `VC Data Model ${vcVersionOf(credential)} with ${second}`);
}

function checkType(log: CheckLog, credential: JsonObject): void {
  const types = typesOf(credential);
  log.outcome(
    'clr.type',
    types.includes('VerifiableCredential') && types.includes('ClrCredential')
      ? undefined
      : invalid('type must include VerifiableCredential and ClrCredential'),
    `type ${types.join(', ')}`,
  );
}

function checkSchema(log: CheckLog, credential: JsonObject, validate: ClrSchemaValidator): void {
  const result = validate(credential);
  const errors = result.errors.slice(0, 5).map((error) => `${error.path || '/'} ${error.message}`);
  log.outcome(
    'clr.schema',
    result.ok ? undefined : invalid(`not valid against the ClrCredential schema: ${errors.join('; ')}`),
    'valid against the official ClrCredential schema',
  );
}

/**
 * The wrapped credentials, or none when the subject is not a ClrSubject that holds some; `tooMany`
 * when there are more than the verifier takes on (nothing costly is then started).
 */
function wrappedCredentials(log: CheckLog, credential: JsonObject): { wrapped: unknown[]; tooMany: boolean } {
  const subject = objectOf(credential['credentialSubject']);
  const wrapped = asArray(subject?.['verifiableCredential']);
  const tooMany = wrapped.length > LIMITS.maxClrCredentials;
  let problem: Problem | undefined;
  if (!subject || !typesOf(subject).includes('ClrSubject')) problem = invalid('credentialSubject must be a ClrSubject');
  else if (wrapped.length === 0) problem = invalid('the ClrSubject wraps no credential');
  else if (tooMany) {
    problem = invalid(
      `the record wraps ${wrapped.length} credentials; at most ${LIMITS.maxClrCredentials} are verified`,
    );
  }
  log.outcome('clr.subject', problem, `a ClrSubject wrapping ${wrapped.length} credential(s)`);
  return { wrapped: problem ? [] : wrapped, tooMany };
}

/** A wrapped credential is a JSON object (embedded proof) or, as some issuers send, a VC-JWT. */
function payloadOf(item: unknown): Payload | undefined {
  if (isJsonObject(item)) return { kind: 'json', value: item };
  if (typeof item === 'string') return { kind: 'jws', token: item.trim() };
  return undefined;
}

/**
 * What one wrapped credential's verification means for the record: it must be authentic and
 * not revoked. Having expired since is history the record keeps (a transcript lists expired
 * certifications), so it is said, not failed; not being valid yet is a fault.
 */
function credentialOutcome(nested: NestedVerification, name: string): Problem | { readonly note: string } {
  const status = nested.log.status();
  if (status === 'valid') return { note: `${name} verified` };
  if (status === 'expired' && !nested.log.failed('time.not_before')) {
    return { note: `${name} verified; it has expired since (${nested.log.worst()?.message ?? 'expired'})` };
  }
  const worst = nested.log.worst()!;
  return { category: worst.category, message: `${name} is ${worst.category}: ${worst.message}` };
}

async function checkWrappedCredentials(
  log: CheckLog,
  wrapped: readonly unknown[],
  env: VerifyEnv,
  verifyNested: NestedVerifier,
): Promise<boolean> {
  env.budget.allowWrappedCredentials(wrapped.length);
  let recipientFound = false;
  for (const [index, item] of wrapped.entries()) {
    const id = isJsonObject(item) ? stringOf(item['id']) : undefined;
    const about: CheckedCredential = id === undefined ? { index } : { index, id };
    const name = `credential #${index}${id ? ` (${id})` : ''}`;
    const payload = payloadOf(item);
    if (!payload) {
      log.fail('clr.credential', invalid(`${name} is neither a credential object nor a VC-JWT`), about);
      continue;
    }
    const refused = env.budget.nestedProblem(name);
    if (refused) {
      log.fail('clr.credential', refused, about);
      continue;
    }
    const nested = await verifyNested(payload, 'achievement', {
      ...env,
      nesting: env.nesting + 1,
      recipient: undefined,
    });
    if (env.recipient !== undefined && nested.credential && ob3RecipientMatches(nested.credential, env.recipient)) {
      recipientFound = true;
    }
    const outcome = credentialOutcome(nested, name);
    if ('note' in outcome) log.pass('clr.credential', outcome.note, about);
    else log.fail('clr.credential', outcome, about);
  }
  return recipientFound;
}

function validityOf(credential: JsonObject): Validity {
  const window = validityWindow(credential, vcVersionOf(credential) ?? '2.0');
  return {
    ...(window.from ? { from: { property: window.fromProperty, value: window.from } } : {}),
    ...(window.until ? { until: { property: window.untilProperty, value: window.until } } : {}),
  };
}

function clrSummary(credential: JsonObject, validity: Validity, recipientMatch: boolean | undefined): BadgeSummary {
  return {
    ...definedOnly({
      name: stringOf(credential['name']),
      description: stringOf(credential['description']),
      image: idOf(credential['image']),
      issuedOn: validity.from?.value,
      expires: validity.until?.value,
      recipientMatch,
    }),
    issuer: ob3IssuerSummary(credential),
  };
}

/**
 * A Comprehensive Learner Record (CLR 2.0 ClrCredential, docs/open-badges.md D3): context, type,
 * the subject (its size first), JSON-LD safe mode, the official schema; the record's own proof, status and
 * dates; then every credential it wraps, each verified on its own by the OB 3.0 verifier and
 * reported as one `clr.credential` check. The recipient, when given, must be the learner the
 * record names or the recipient of one of the credentials it wraps.
 */
export async function verifyClr(
  credential: JsonObject,
  env: VerifyEnv,
  verifyNested: NestedVerifier,
): Promise<ClrVerification> {
  const log = new CheckLog();
  checkContext(log, credential);
  checkType(log, credential);
  // Counted first: a record over the limit is refused before any costly step (expansion,
  // schema, canonicalisation) runs over all it wraps.
  const { wrapped, tooMany } = wrappedCredentials(log, credential);
  if (tooMany) return { log };
  log.outcome(
    'jsonld.safe_mode',
    await safeModeProblem(credential, env.contexts),
    'every term is defined by a known context',
  );
  checkSchema(log, credential, env.schemas.clr);
  await verifyEmbeddedProofs(log, credential, env);
  await checkCredentialStatus(log, credential, env, verifyNested);
  const validity = validityOf(credential);
  checkValidity(log, env.now, validity);
  const recipientInWrapped = await checkWrappedCredentials(log, wrapped, env, verifyNested);
  const recipientMatch = checkRecipient(
    log,
    env.recipient,
    (email) => recipientInWrapped || ob3RecipientMatches(credential, email),
  );
  return { log, summary: clrSummary(credential, validity, recipientMatch) };
}
