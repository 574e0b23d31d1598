import { generateKeySet, type KeySetMaterial } from '../../../../src/badges/keys/keySetMaterial.js';

const generated = new Map<string, Promise<KeySetMaterial>>();

/**
 * A key set per id, generated once per test run: RSA-2048 generation takes a noticeable moment
 * and the keys' content does not matter to the tests, only that they are real and distinct.
 */
export function keySetFixture(id = 'ks-2025-1', createdAt = '2025-01-01T00:00:00.000Z'): Promise<KeySetMaterial> {
  let keySet = generated.get(id);
  if (keySet === undefined) {
    keySet = generateKeySet(id, new Date(createdAt));
    generated.set(id, keySet);
  }
  return keySet;
}
