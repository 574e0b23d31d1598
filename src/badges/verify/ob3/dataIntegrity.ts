import type { VerifyEnv } from '../env.js';
import { isJsonObject, type JsonObject } from '../json/safeJson.js';
import { asArray, idOf, stringOf } from '../json/values.js';
import { assertionMethodIds } from '../keys/didDocument.js';
import { resolveVerificationMethod } from '../keys/verificationMethod.js';
import { CheckLog, invalid } from '../report.js';
import { isSupportedProof, verifyLinkedDataProof } from './linkedDataProof.js';

/** One proof: key discovery, controller = issuer and listed under assertionMethod, then signature. */
async function verifyOneProof(credential: JsonObject, proof: JsonObject, env: VerifyEnv): Promise<CheckLog> {
  const log = new CheckLog();
  const methodId = idOf(proof['verificationMethod']);
  if (!methodId) {
    log.fail('proof.key', invalid('the proof names no verificationMethod'));
    return log;
  }
  const resolved = await resolveVerificationMethod(methodId, env.documents);
  if (!resolved.ok) {
    log.fail('proof.key', resolved.problem);
    return log;
  }
  log.pass('proof.key', `verification method ${methodId}`);
  const issuerId = idOf(credential['issuer']);
  const controllerId = stringOf(resolved.value.controller['id']) ?? '';
  const assertionMethod = assertionMethodIds(resolved.value.controller);
  // C8: a key controlled by anyone but the issuer proves nothing about the issuer.
  if (controllerId !== issuerId || stringOf(resolved.value.method['controller']) !== controllerId) {
    log.fail(
      'proof.key_controller',
      invalid(`the key is controlled by ${controllerId}, not by the issuer ${issuerId ?? '(none)'}`),
    );
    return log;
  }
  if (!assertionMethod.includes(methodId)) {
    log.fail('proof.key_controller', invalid(`${controllerId} does not list ${methodId} under assertionMethod`));
    return log;
  }
  log.pass('proof.key_controller', `the issuer ${controllerId} lists the key under assertionMethod`);
  const result = await verifyLinkedDataProof({
    credential,
    proof,
    method: resolved.value.method,
    controller: { id: controllerId, assertionMethod },
    contexts: env.contexts,
  });
  const suite = String(proof['type'] === 'DataIntegrityProof' ? proof['cryptosuite'] : proof['type']);
  log.outcome(
    'proof.signature',
    result.verified ? undefined : invalid(`${suite}: ${result.error}`),
    `${suite} proof verified`,
  );
  return log;
}

/**
 * Embedded proofs (docs/open-badges.md B4): any one valid proof is enough (SPEC integrity.md note);
 * when none verifies, every attempt is reported.
 */
export async function verifyEmbeddedProofs(log: CheckLog, credential: JsonObject, env: VerifyEnv): Promise<void> {
  const proofs = asArray(credential['proof']).filter(isJsonObject);
  if (proofs.length === 0) {
    log.fail('proof.signature', invalid('the credential carries no proof'));
    return;
  }
  const usable = proofs.filter((proof) => isSupportedProof(proof) && proof['proofPurpose'] === 'assertionMethod');
  if (usable.length === 0) {
    const kinds = proofs.map((proof) => [proof['type'], proof['cryptosuite']].filter(Boolean).join('/')).join(', ');
    log.fail(
      'proof.signature',
      invalid(`no supported assertionMethod proof (eddsa-rdfc-2022, Ed25519Signature2020); found ${kinds}`),
    );
    return;
  }
  const attempts: CheckLog[] = [];
  for (const proof of usable) {
    const { proof: _others, ...unsigned } = credential;
    const attempt = await verifyOneProof(unsigned, proof, env);
    if (attempt.status() === 'valid') {
      log.merge(attempt);
      return;
    }
    attempts.push(attempt);
  }
  for (const attempt of attempts) log.merge(attempt);
}
