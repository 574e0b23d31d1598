import busboy from 'busboy';
import type { Request } from 'express';
import { MAX_UPLOAD_BYTES, type VerifyForm } from '../../app/verify/verifyInput.js';
import { VERIFY_LIMITS } from '../../badges/verify/index.js';
import { AccoladeError } from '../../errors.js';

/** The form's text fields; anything else is ignored. */
const FORM_FIELDS = new Set(['url', 'credential', 'recipient']);

function tooLarge(): AccoladeError {
  return new AccoladeError('payload_too_large', 'The request body is too large', {
    limitBytes: MAX_UPLOAD_BYTES,
  });
}

/**
 * Reads the verify page's multipart form with busboy, every part capped: the image at
 * MAX_UPLOAD_BYTES, each text field at the verifier's text limit. A capped part ends the read
 * at once with payload_too_large rather than reading the rest of an oversize upload.
 */
export function readVerifyForm(req: Request): Promise<VerifyForm> {
  const declared = Number(req.get('content-length') ?? '0');
  if (declared > MAX_UPLOAD_BYTES + 2 * VERIFY_LIMITS.maxTextBytes) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const fields: Record<string, string> = {};
    let image: Buffer | undefined;
    let settled = false;
    const fail = (error: AccoladeError) => {
      if (settled) return;
      settled = true;
      req.unpipe();
      req.resume();
      reject(error);
    };
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        limits: { fileSize: MAX_UPLOAD_BYTES, fieldSize: VERIFY_LIMITS.maxTextBytes, files: 1, fields: 8, parts: 10 },
      });
    } catch {
      reject(new AccoladeError('unsupported_media_type', 'Send the form as multipart/form-data'));
      return;
    }
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) fail(tooLarge());
      else if (FORM_FIELDS.has(name)) fields[name] = value;
    });
    parser.on('file', (name, stream) => {
      if (name !== 'image') {
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => fail(tooLarge()));
      stream.on('end', () => {
        image = Buffer.concat(chunks);
      });
    });
    for (const event of ['partsLimit', 'filesLimit', 'fieldsLimit'] as const) {
      parser.on(event, () => fail(new AccoladeError('validation_failed', 'The form has too many parts')));
    }
    parser.on('error', () => fail(new AccoladeError('validation_failed', 'The form could not be read')));
    parser.on('close', () => {
      if (settled) return;
      settled = true;
      resolve({
        ...(fields['url'] === undefined ? {} : { url: fields['url'] }),
        ...(fields['credential'] === undefined ? {} : { credential: fields['credential'] }),
        ...(fields['recipient'] === undefined ? {} : { recipient: fields['recipient'] }),
        ...(image === undefined ? {} : { image }),
      });
    });
    req.pipe(parser);
  });
}
