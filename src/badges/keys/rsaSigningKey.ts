import { importPKCS8 } from 'jose';
import type { KeySetMaterial } from './keySetMaterial.js';

type RsaPrivateKey = Awaited<ReturnType<typeof importPKCS8>>;

// Parsing a PKCS#8 PEM costs more than an RS256 signature; the few live key sets are kept parsed.
const MAX_CACHED = 16;
const parsedKeys = new Map<string, Promise<RsaPrivateKey>>();

/** The key set's RSA private key, ready for jose's RS256 signers (OB 2.0 JWS and OB 3.0 VC-JWT). */
export function rsaSigningKey(keySet: KeySetMaterial): Promise<RsaPrivateKey> {
  const pem = keySet.rsa.privateKeyPem;
  let key = parsedKeys.get(pem);
  if (key === undefined) {
    if (parsedKeys.size >= MAX_CACHED) parsedKeys.delete(parsedKeys.keys().next().value!);
    key = importPKCS8(pem, 'RS256');
    parsedKeys.set(pem, key);
    key.catch(() => parsedKeys.delete(pem));
  }
  return key;
}
