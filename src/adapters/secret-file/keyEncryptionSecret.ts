import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../../ports/logger.js';

/**
 * KEY_ENCRYPTION_SECRET, or one generated once under DATA_DIR (with a warning: production must
 * set it, and every instance sharing a store must use the same one).
 */
export function keyEncryptionSecret(options: {
  readonly configured: string | undefined;
  readonly dataDir: string;
  readonly logger: Logger;
}): string {
  if (options.configured !== undefined) return options.configured;
  const file = join(options.dataDir, 'key-encryption-secret');
  if (!existsSync(file)) {
    mkdirSync(options.dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
  }
  options.logger.warn(
    { file },
    'KEY_ENCRYPTION_SECRET is not set: signing keys are encrypted with a generated secret kept in DATA_DIR. Production must set KEY_ENCRYPTION_SECRET.',
  );
  return readFileSync(file, 'utf8').trim();
}
