import type { VerifyEnv } from '../env.js';
import type { Payload } from '../input/payload.js';
import type { JsonObject } from '../json/safeJson.js';
import type { CredentialRole } from '../ob3/role.js';
import type { CheckLog } from '../report.js';

export interface NestedVerification {
  readonly log: CheckLog;
  readonly credential?: JsonObject;
}

/**
 * Verifies a credential found inside another (a status list, an endorsement) with the same
 * engine. Passed in rather than imported, so the OB 3.0 verifier and the modules it calls do
 * not import each other.
 */
export type NestedVerifier = (payload: Payload, role: CredentialRole, env: VerifyEnv) => Promise<NestedVerification>;
