import { AccoladeError } from '../errors.js';

/**
 * One spelling per address, so the same person is found whatever case or surrounding spaces a
 * source used. The whole address is lowercased: RFC 5321 §2.4 lets a host treat the local part
 * case-sensitively, but no mailbox provider does, and two awards to `Ana@x` and `ana@x` must
 * land in one account. The address is also what the Open Badges identity hash is taken over.
 */
const MAX_ADDRESS = 254; // RFC 5321 §4.5.3.1.3 path limit, less the angle brackets
const MAX_LOCAL_PART = 64; // RFC 5321 §4.5.3.1.1

// RFC 5322 §3.2.3 dot-atom text, widened to Unicode letters and digits (RFC 6531).
const LOCAL_PART = /^[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+(?:\.[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+)*$/u;
// RFC 1035 §2.3.1 labels (letters, digits, inner hyphens), at least two of them, the last not all digits.
const DOMAIN_LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u;

/**
 * The same two rules for an address in printable ASCII, which almost every address is: there NFC
 * changes nothing, lowercasing leaves no capital, and the only letters and digits are a-z and 0-9,
 * so these match exactly what the Unicode ones match, at less cost (a bulk job checks each row's
 * address several times).
 */
const PRINTABLE_ASCII = /^[!-~]*$/;
const ASCII_LOCAL_PART = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const ASCII_DOMAIN_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export function normalizeEmail(input: string): string {
  if (typeof input !== 'string') throw invalid('The email address must be a string');
  const trimmed = input.trim();
  const ascii = PRINTABLE_ASCII.test(trimmed);
  const email = (ascii ? trimmed : trimmed.normalize('NFC')).toLowerCase();
  if (email.length === 0 || email.length > MAX_ADDRESS) throw invalid('The email address has an impossible length');
  const at = email.lastIndexOf('@');
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  if (at <= 0 || local.length > MAX_LOCAL_PART || !(ascii ? ASCII_LOCAL_PART : LOCAL_PART).test(local)) {
    throw invalid('The part of the email address before @ is not valid');
  }
  const labels = domain.split('.');
  const label = ascii ? ASCII_DOMAIN_LABEL : DOMAIN_LABEL;
  if (labels.length < 2 || !labels.every((each) => label.test(each)) || /^\d+$/.test(labels.at(-1)!)) {
    throw invalid('The domain of the email address is not valid');
  }
  return email;
}

/** Whether the input is an address normalizeEmail accepts: the one rule for every email the service reads. */
export function isEmailAddress(input: string): boolean {
  try {
    normalizeEmail(input);
    return true;
  } catch {
    return false;
  }
}

function invalid(message: string): AccoladeError {
  return new AccoladeError('invalid_email', message);
}
