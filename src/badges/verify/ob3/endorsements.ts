import type { VerifyEnv } from '../env.js';
import type { Payload } from '../input/payload.js';
import { isJsonObject, type JsonObject } from '../json/safeJson.js';
import { LIMITS } from '../limits.js';
import { type CheckLog, type FailureCategory, indeterminate } from '../report.js';
import type { NestedVerifier } from '../status/nested.js';

/**
 * Every `endorsement` (embedded credential) and `endorsementJwt` (compact JWS) anywhere in the
 * document (`$..endorsement`, docs/open-badges.md B8 step 10). An endorsement's own endorsements are
 * left to its own verification.
 */
function findEndorsements(document: JsonObject): Payload[] {
  const found: Payload[] = [];
  const stack: unknown[] = [document];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      stack.push(...node);
      continue;
    }
    if (!isJsonObject(node)) continue;
    for (const [key, value] of Object.entries(node)) {
      const items = Array.isArray(value) ? value : [value];
      if (key === 'endorsement') {
        for (const item of items) if (isJsonObject(item)) found.push({ kind: 'json', value: item });
      } else if (key === 'endorsementJwt') {
        for (const item of items) if (typeof item === 'string') found.push({ kind: 'jws', token: item.trim() });
      } else {
        stack.push(value);
      }
    }
  }
  return found;
}

/**
 * An endorsement that fails makes the `endorsement` check fail: invalid when it is invalid,
 * revoked or expired (the badge carries a claim that does not hold, as VAL3 reports it), and
 * could-not-run when only the network stood in the way.
 */
function categoryFor(status: FailureCategory): FailureCategory {
  return status === 'indeterminate' ? 'indeterminate' : 'invalid';
}

export async function checkEndorsements(
  log: CheckLog,
  credential: JsonObject,
  env: VerifyEnv,
  verifyNested: NestedVerifier,
): Promise<void> {
  const endorsements = findEndorsements(credential);
  if (endorsements.length === 0) return;
  if (endorsements.length > LIMITS.maxEndorsements) {
    log.fail(
      'endorsement',
      indeterminate(`${endorsements.length} endorsements; at most ${LIMITS.maxEndorsements} are verified`),
    );
    return;
  }
  if (env.nesting >= LIMITS.maxNesting) {
    log.fail('endorsement', indeterminate('endorsements are nested too deep to verify'));
    return;
  }
  for (const [index, payload] of endorsements.entries()) {
    const refused = env.budget.nestedProblem(`endorsement #${index + 1}`);
    if (refused) {
      log.fail('endorsement', refused);
      return;
    }
    const nested = await verifyNested(payload, 'endorsement', {
      ...env,
      nesting: env.nesting + 1,
      recipient: undefined,
    });
    const problem = nested.log.worst();
    const name = typeof nested.credential?.['id'] === 'string' ? nested.credential['id'] : `#${index + 1}`;
    if (problem) {
      log.fail('endorsement', {
        category: categoryFor(problem.category),
        message: `endorsement ${name} is ${problem.category}: ${problem.message}`,
      });
    } else {
      log.pass('endorsement', `${endorsements.length} endorsement(s) verified`);
    }
  }
}
