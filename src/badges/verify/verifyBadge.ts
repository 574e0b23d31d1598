import type { Clock } from '../../ports/clock.js';
import type { Fetcher } from '../../ports/fetcher.js';
import type { Standards } from '../standards.js';
import { verifyClr } from './clr/verifyClr.js';
import type { VerifyEnv } from './env.js';
import { formatOfJson, formatOfJwsPayload } from './input/detectFormat.js';
import { decodeCompactJws } from './input/jws.js';
import type { Payload } from './input/payload.js';
import { type BadgeInput, readInput } from './input/readInput.js';
import { payloadFromText } from './input/textPayload.js';
import { issuerIdentityProven } from './issuerIdentity.js';
import type { JsonObject } from './json/safeJson.js';
import { typesOf } from './json/values.js';
import { LIMITS, VerificationBudget } from './limits.js';
import { DocumentSource } from './net/documents.js';
import { revokedOb2Summary } from './ob2/revokedSummary.js';
import { verifyOb2Hosted } from './ob2/verifyHosted.js';
import { verifyOb2Signed } from './ob2/verifySigned.js';
import type { CredentialRole } from './ob3/role.js';
import { credentialFromJwt } from './ob3/vcJwt.js';
import { verifyOb3 } from './ob3/verifyOb3.js';
import {
  type BadgeFormat,
  type BadgeSummary,
  CheckLog,
  indeterminate,
  invalid,
  type VerificationCheck,
  type VerificationReport,
} from './report.js';
import { revocationDetailsOf } from './status/statusResult.js';

export type VerificationInput = BadgeInput & {
  /** An email to compare with the badge's recipient; a mismatch makes the badge invalid. */
  readonly recipient?: string;
};

export interface VerifyDependencies {
  /** The only way to the network; its adapter enforces address, redirect, size and time rules. */
  readonly fetcher: Fetcher;
  readonly clock: Clock;
  /** The carried JSON-LD contexts and official schemas (no context is ever fetched). */
  readonly standards: Standards;
  /**
   * Time budget for the whole verification in ms, nested ones included (LIMITS.totalMs by
   * default); once spent, fetches and proof checks fail as could-not-run (indeterminate).
   */
  readonly deadlineMs?: number;
}

interface Verdict {
  readonly format: BadgeFormat;
  readonly badge?: BadgeSummary;
}

const BADGE_ACCEPT =
  'application/ld+json, application/vc+ld+json, application/json, application/vc+jwt, text/plain;q=0.9';

/** A badge URL answers JSON (OB 2.0 hosted, OB 3.0 credential) or a compact JWS (.jws/.jwt). */
async function fetchBadgeUrl(log: CheckLog, url: string, env: VerifyEnv): Promise<Payload | Verdict> {
  const fetched = await env.documents.fetch(url, BADGE_ACCEPT);
  if (!fetched.ok) {
    // 410 Gone is how an OB 2.0 issuer revokes a hosted assertion (docs/open-badges.md A3).
    if (fetched.status === 410) {
      const details = revocationDetailsOf(fetched.gone);
      log.fail('status.revocation', {
        category: 'revoked',
        message: `${url} answered 410 Gone: the issuer has revoked it${details?.reason ? `: ${details.reason}` : ''}`,
      });
      log.noteRevocation(details);
      const badge = await revokedOb2Summary(url, fetched.gone, env);
      return { format: 'ob2-hosted', ...(badge === undefined ? {} : { badge }) };
    }
    log.fail('input.fetch', fetched.problem);
    return { format: 'unknown' };
  }
  const payload = payloadFromText(fetched.text, `the document at ${url}`, false);
  if (!payload.ok) {
    log.fail('input.fetch', payload.problem);
    return { format: 'unknown' };
  }
  log.pass('input.fetch', `${url} answered a badge`);
  return payload.payload;
}

function notABadge(log: CheckLog): Verdict {
  log.fail('input.parse', invalid('neither an Open Badges 2.0 assertion nor a verifiable credential'));
  return { format: 'unknown' };
}

/** A standalone EndorsementCredential is verified as one; any other credential as a badge. */
function roleOf(credential: JsonObject): CredentialRole {
  return typesOf(credential).includes('EndorsementCredential') ? 'endorsement' : 'achievement';
}

async function verifyPayload(log: CheckLog, payload: Payload, env: VerifyEnv): Promise<Verdict> {
  // Between steps: a badge URL that took the whole budget to answer leaves none to check it.
  const late = env.budget.timeProblem('the badge itself was checked');
  if (late) {
    log.fail('verifier.error', late);
    return { format: 'unknown' };
  }
  if (payload.kind === 'url') {
    const fetched = await fetchBadgeUrl(log, payload.url, env);
    return 'kind' in fetched ? verifyPayload(log, fetched, env) : fetched;
  }
  let credential: JsonObject;
  if (payload.kind === 'jws') {
    const decoded = decodeCompactJws(payload.token);
    if (!decoded.ok) {
      log.fail('input.parse', decoded.problem);
      return { format: 'unknown' };
    }
    const format = formatOfJwsPayload(decoded.jws.payload);
    if (format === 'unknown') return notABadge(log);
    if (format === 'ob2-signed') return { format, badge: await verifyOb2Signed(log, decoded.jws, env) };
    credential = credentialFromJwt(decoded.jws);
  } else {
    const format = formatOfJson(payload.value);
    if (format === 'unknown') return notABadge(log);
    if (format === 'ob2-hosted') return { format, badge: await verifyOb2Hosted(log, payload.value, env) };
    if (format === 'clr-data-integrity') {
      const record = await verifyClr(payload.value, env, verifyOb3);
      log.merge(record.log);
      return { format, ...(record.summary ? { badge: record.summary } : {}) };
    }
    if (format === 'ob2-signed') {
      log.fail('ob2.signature', invalid('a signed assertion must be verified from its JWS, not from its JSON payload'));
      return { format };
    }
    credential = payload.value;
  }
  const result = await verifyOb3(payload, roleOf(credential), env);
  log.merge(result.log);
  return {
    format: payload.kind === 'jws' ? 'ob3-jwt' : 'ob3-data-integrity',
    ...(result.summary ? { badge: result.summary } : {}),
  };
}

/**
 * A domain vouches for the issuer only once the key (or the hosted documents) is tied to the
 * issuer id; a badge that merely names a did:web or https issuer is tied to no domain.
 */
function withProvenDomain(badge: BadgeSummary, checks: readonly VerificationCheck[]): BadgeSummary {
  if (badge.issuer.domain === null || issuerIdentityProven(checks)) return badge;
  return { ...badge, issuer: { ...badge.issuer, domain: null } };
}

/**
 * Verifies any Open Badge (OB 2.0 hosted or signed, OB 3.0 VC-JWT or Data Integrity, VCDM 2.0
 * or 1.1) or CLR 2.0 learner record from any issuer and reports every check. Never throws: whatever goes wrong becomes a
 * failed check. `verified` is true only when `status` is `valid`; otherwise the status is the
 * first that applies of invalid, revoked, expired (also not yet valid), indeterminate.
 */
export async function verifyBadge(input: VerificationInput, deps: VerifyDependencies): Promise<VerificationReport> {
  const log = new CheckLog();
  let now = new Date(Number.NaN);
  let verdict: Verdict = { format: 'unknown' };
  const budget = new VerificationBudget(deps.deadlineMs ?? LIMITS.totalMs);
  try {
    now = deps.clock.now();
    const env: VerifyEnv = {
      documents: new DocumentSource(deps.fetcher, budget),
      contexts: deps.standards.contexts,
      schemas: { ob3: deps.standards.ob3Schemas, clr: deps.standards.clrSchema },
      now,
      nesting: 0,
      budget,
      ...(typeof input.recipient === 'string' ? { recipient: input.recipient } : {}),
    };
    const payload = readInput(log, input);
    if (payload) verdict = await verifyPayload(log, payload, env);
  } catch (error) {
    log.fail(
      'verifier.error',
      indeterminate(`the verifier failed: ${error instanceof Error ? error.message : String(error)}`),
    );
  } finally {
    budget.close();
  }
  const status = log.status();
  const checks = log.checks();
  return {
    verified: status === 'valid',
    status,
    format: verdict.format,
    checks,
    ...(verdict.badge ? { badge: withProvenDomain(verdict.badge, checks) } : {}),
    ...(status === 'revoked' && log.revocation() ? { revocation: log.revocation() } : {}),
    verifiedAt: Number.isNaN(now.getTime()) ? '' : now.toISOString(),
  };
}
