import { compactVerify, errors, importJWK, importSPKI, type JWK } from 'jose';
import { contentMemo } from '../contentMemo.js';
import { invalid, type Problem } from '../report.js';

export type VerificationKey = { readonly jwk: JWK } | { readonly spkiPem: string };

/**
 * Verifies a compact JWS signature only (RFC 7515 §5.2), with exactly the algorithm the header
 * named and was already screened for. Claims and dates are checked by the caller, so a library
 * never turns a past `exp` into a signature failure.
 */
export function jwsSignatureProblem(token: string, key: VerificationKey, alg: string): Promise<Problem | undefined> {
  // A pure function of the token, the key and the algorithm: a JWS checked before is answered
  // from memory (contentMemo.ts); its key is still resolved afresh on every verification.
  return signatureResults(SCOPE, { token, key, alg }, () => checkSignature(token, key, alg));
}

const SCOPE = {};
const signatureResults = contentMemo<Problem | undefined>(2_000);

async function checkSignature(token: string, key: VerificationKey, alg: string): Promise<Problem | undefined> {
  let imported: Awaited<ReturnType<typeof importJWK>>;
  try {
    imported = 'jwk' in key ? await importJWK(key.jwk, alg) : await importSPKI(key.spkiPem, alg);
  } catch (error) {
    return invalid(`the key cannot verify ${alg}: ${error instanceof Error ? error.message : 'unusable key'}`);
  }
  try {
    await compactVerify(token, imported, { algorithms: [alg] });
    return undefined;
  } catch (error) {
    if (error instanceof errors.JWSSignatureVerificationFailed)
      return invalid('the signature does not match the signed content');
    return invalid(`the JWS does not verify: ${error instanceof Error ? error.message : 'unknown error'}`);
  }
}
