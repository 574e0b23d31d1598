export { CHECK_DESCRIPTIONS, CHECK_IDS, type CheckId } from './checks.js';
export type { ContextLoader } from './env.js';
export type { BadgeInput } from './input/readInput.js';
export { issuerDomain, issuerIdentityProven } from './issuerIdentity.js';
export { LIMITS as VERIFY_LIMITS } from './limits.js';
export type {
  BadgeFormat,
  BadgeSummary,
  IssuerSummary,
  VerificationCheck,
  VerificationReport,
  VerificationStatus,
} from './report.js';
export { type VerificationInput, type VerifyDependencies, verifyBadge } from './verifyBadge.js';
