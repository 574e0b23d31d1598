import { importPKCS8 } from 'jose';
import { promiseLru } from '../../lru.js';
import type { KeySetMaterial } from './keySetMaterial.js';

type RsaPrivateKey = Awaited<ReturnType<typeof importPKCS8>>;

// Parsing a PKCS#8 PEM costs more than an RS256 signature; the few live key sets are kept parsed.
const parsedKeys = promiseLru<RsaPrivateKey>(16);

/** The key set's RSA private key, ready for jose's RS256 signers (OB 2.0 JWS and OB 3.0 VC-JWT). */
export function rsaSigningKey(keySet: KeySetMaterial): Promise<RsaPrivateKey> {
  const pem = keySet.rsa.privateKeyPem;
  return parsedKeys(pem, () => importPKCS8(pem, 'RS256'));
}
