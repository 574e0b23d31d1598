import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { AccoladeError } from '../../errors.js';

/**
 * Private signing keys are stored encrypted with AES-256-GCM under a key derived (HKDF-SHA256)
 * from KEY_ENCRYPTION_SECRET, so every instance sharing the store signs alike while a copy of the
 * database alone cannot sign. The secret is high-entropy, so HKDF (not a slow password KDF) fits.
 */
export interface SecretBox {
  seal(plaintext: string): string;
  open(sealed: string): string;
}

const VERSION = 'v1';

export function createSecretBox(secret: string): SecretBox {
  const key = Buffer.from(hkdfSync('sha256', secret, 'accolade-key-encryption', 'signing-keys', 32));
  return {
    seal(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [VERSION, iv, tag, ciphertext]
        .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
        .join('.');
    },
    open(sealed) {
      const [version, iv, tag, ciphertext] = sealed.split('.');
      if (version !== VERSION || iv === undefined || tag === undefined || ciphertext === undefined) {
        throw new AccoladeError('config_invalid', 'A stored signing key is in an unknown format');
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString(
          'utf8',
        );
      } catch (error) {
        throw new AccoladeError(
          'config_invalid',
          'KEY_ENCRYPTION_SECRET does not decrypt the stored signing keys (was it changed?)',
          { variable: 'KEY_ENCRYPTION_SECRET' },
          { cause: error },
        );
      }
    },
  };
}
