import type { JsonObject } from '../json/safeJson.js';

/**
 * What a badge boils down to once read: a URL still to fetch, a compact JWS (OB 2.0 signed or
 * OB 3.0 VC-JWT) or a JSON document (OB 2.0 assertion or OB 3.0 credential with embedded proof).
 */
export type Payload =
  | { readonly kind: 'url'; readonly url: string }
  | { readonly kind: 'jws'; readonly token: string }
  | { readonly kind: 'json'; readonly value: JsonObject };
