import { randomBytes } from 'node:crypto';

/**
 * Profile ids are read aloud on the phone and typed from a printed certificate, like a
 * certification number: `ACC-` and eight characters of Crockford's base32 in two groups of four
 * (`ACC-7K3M-9QXP`). The alphabet has no I, L, O or U, so nothing reads as another character;
 * 40 random bits leave a collision to the store's unique `_id`, which the caller retries.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const PREFIX = 'ACC';
export const PROFILE_ID_PATTERN = /^ACC-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

export type RandomBytes = (size: number) => Buffer;

export function newProfileId(random: RandomBytes = randomBytes): string {
  const bytes = random(5);
  let bits = 0n;
  for (const byte of bytes) bits = (bits << 8n) | BigInt(byte);
  let text = '';
  for (let index = 7; index >= 0; index -= 1) text += ALPHABET[Number((bits >> BigInt(index * 5)) & 31n)];
  return `${PREFIX}-${text.slice(0, 4)}-${text.slice(4)}`;
}

/**
 * A profile id as someone typed it, in its one spelling, or undefined when it cannot be one:
 * case, spaces and dashes do not matter, and the look-alikes Crockford's base32 folds
 * (O for 0, I and L for 1) are read as what was meant.
 */
export function parseProfileId(input: string): string | undefined {
  const compact = input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/^ACC/, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (compact.length !== 8) return undefined;
  const id = `${PREFIX}-${compact.slice(0, 4)}-${compact.slice(4)}`;
  return PROFILE_ID_PATTERN.test(id) ? id : undefined;
}
