import type { JWK } from 'jose';
import { isJsonObject, type JsonObject } from '../json/safeJson.js';
import { stringOf } from '../json/values.js';
import { invalid } from '../report.js';
import type { Resolution } from './didDocument.js';
import { multikeyToJwk } from './multikey.js';

/** A public JWK only: a JWK with `d` is a private key and must never be used (SPEC integrity.md §JOSE header). */
export function publicJwk(value: unknown, where: string): Resolution<JWK> {
  if (!isJsonObject(value) || typeof value['kty'] !== 'string') {
    return { ok: false, problem: invalid(`${where} is not a JWK`) };
  }
  if ('d' in value) return { ok: false, problem: invalid(`${where} contains a private key ("d"); refused`) };
  return { ok: true, value: value as JWK };
}

/** The public key of a verification method: `publicKeyJwk`, or a Multikey `publicKeyMultibase`. */
export function methodJwk(method: JsonObject, where: string): Resolution<JWK> {
  if (method['publicKeyJwk'] !== undefined) return publicJwk(method['publicKeyJwk'], where);
  const multibase = stringOf(method['publicKeyMultibase']);
  const jwk = multibase ? multikeyToJwk(multibase) : undefined;
  return jwk ? { ok: true, value: jwk as JWK } : { ok: false, problem: invalid(`${where} has no usable public key`) };
}
