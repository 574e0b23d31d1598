import type { JsonObject } from '../json/safeJson.js';
import { asArray, stringOf } from '../json/values.js';

export const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const VC_V1_CONTEXT = 'https://www.w3.org/2018/credentials/v1';

/** VCDM 2.0, or 1.1 for older OB 3.0 credentials still in circulation (docs/open-badges.md B2). */
export type VcVersion = '2.0' | '1.1';

/** Detected from `@context[0]`, as VAL3 does (VerifiableCredential.java VCVersion.of). */
export function vcVersionOf(credential: JsonObject): VcVersion | undefined {
  const first = asArray(credential['@context'])[0];
  if (first === VC_V2_CONTEXT) return '2.0';
  if (first === VC_V1_CONTEXT) return '1.1';
  return undefined;
}

export interface ValidityWindow {
  readonly fromProperty: string;
  readonly untilProperty: string;
  readonly from?: string;
  readonly until?: string;
}

/** `validFrom`/`validUntil` in VCDM 2.0, `issuanceDate`/`expirationDate` in 1.1. */
export function validityWindow(credential: JsonObject, version: VcVersion): ValidityWindow {
  const fromProperty = version === '2.0' ? 'validFrom' : 'issuanceDate';
  const untilProperty = version === '2.0' ? 'validUntil' : 'expirationDate';
  const from = stringOf(credential[fromProperty]);
  const until = stringOf(credential[untilProperty]);
  return { fromProperty, untilProperty, ...(from ? { from } : {}), ...(until ? { until } : {}) };
}
