import type { VerificationInput } from '../../badges/verify/index.js';

/** Longest recipient email accepted for comparison (RFC 5321 paths are shorter still). */
export const MAX_RECIPIENT_LENGTH = 320;

/** Largest baked image accepted over HTTP, body or form upload. */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** PNG by its 8-byte signature (PNG spec §5.2), whatever the upload claimed to be. */
export function isPng(bytes: Buffer): boolean {
  return bytes.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE);
}

function withRecipient(input: VerificationInput, recipient: string | undefined): VerificationInput {
  return recipient === undefined ? input : { ...input, recipient };
}

/**
 * A baked image. The engine sniffs the type again from the bytes; the label given here only
 * says which reader to try first, so a PNG sent as octet-stream is still read as a PNG.
 */
export function imageInput(bytes: Buffer, recipient?: string): VerificationInput {
  return withRecipient({ kind: 'image', contentType: isPng(bytes) ? 'image/png' : 'image/svg+xml', bytes }, recipient);
}

export function urlInput(url: string, recipient?: string): VerificationInput {
  return withRecipient({ kind: 'url', url }, recipient);
}

/** A credential: a JSON object, or text (a compact JWS / VC-JWT, or JSON still to parse). */
export function credentialInput(credential: unknown, recipient?: string): VerificationInput {
  return withRecipient({ kind: 'credential', credential }, recipient);
}

/** What a person filled in on the verify page's form. */
export interface VerifyForm {
  readonly url?: string;
  readonly credential?: string;
  readonly recipient?: string;
  readonly image?: Buffer;
}

export type FormProblem = 'empty' | 'several' | 'notUrl';

/**
 * A badge URL as given, without the whitespace a paste brings around it, or undefined when it is
 * not a URL at all (no scheme, spaces inside): that is the person's typo, not a badge to judge.
 * A URL the verifier may not fetch (another scheme, a private address) is still a URL: the
 * verdict says why it was refused.
 */
export function badgeUrlOf(value: string): string | undefined {
  const trimmed = value.trim();
  if (trimmed === '' || /\s/.test(trimmed)) return undefined;
  try {
    new URL(trimmed);
    return trimmed;
  } catch {
    return undefined;
  }
}

export type FormInput =
  | { readonly ok: true; readonly input: VerificationInput }
  | { readonly ok: false; readonly problem: FormProblem };

/** A blank field (spaces only) counts as not filled in. */
function filled(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

/**
 * The form offers three ways to give a badge; exactly one must be used, so the person knows
 * which one the verdict is about rather than the page guessing.
 */
export function inputFromForm(form: VerifyForm): FormInput {
  const recipient = filled(form.recipient);
  const url = filled(form.url);
  const credential = filled(form.credential);
  const image = form.image !== undefined && form.image.length > 0 ? form.image : undefined;
  const given = [url, credential, image].filter((value) => value !== undefined).length;
  if (given === 0) return { ok: false, problem: 'empty' };
  if (given > 1) return { ok: false, problem: 'several' };
  if (image !== undefined) return { ok: true, input: imageInput(image, recipient) };
  if (url !== undefined) {
    const badgeUrl = badgeUrlOf(url);
    return badgeUrl === undefined
      ? { ok: false, problem: 'notUrl' }
      : { ok: true, input: urlInput(badgeUrl, recipient) };
  }
  return { ok: true, input: credentialInput(credential, recipient) };
}
