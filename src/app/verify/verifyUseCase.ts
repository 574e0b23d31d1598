import type { Standards } from '../../badges/standards.js';
import { type VerificationInput, type VerificationReport, verifyBadge } from '../../badges/verify/index.js';
import type { Clock } from '../../ports/clock.js';
import type { Fetcher } from '../../ports/fetcher.js';
import { type IssuerTrust, judgeIssuer } from './issuerTrust.js';

export interface VerifyUseCaseDeps {
  /**
   * The own-documents fetcher (http/documents/ownDocumentsFetcher.ts): our own URLs and DID are
   * answered in-process from the store, everything else goes through the safe outbound fetcher.
   */
  readonly fetcher: Fetcher;
  readonly clock: Clock;
  /** The carried JSON-LD contexts and official schemas. */
  readonly standards: Standards;
  /** Who we are and whom the operator knows: the report says whether the issuer is one of them. */
  readonly trust: IssuerTrust;
}

/** Verifies one badge, whoever issued it; never throws, whatever the input. */
export type VerifyBadgeUseCase = (input: VerificationInput) => Promise<VerificationReport>;

/**
 * Public verification (issue "Public verification"): a badge URL, a pasted credential (JSON or
 * compact JWS) or a baked image, with an optional recipient email, checked by the engine with
 * every check reported. Our own badges (a URL on PUBLIC_URL's origin, or a credential whose
 * issuer, keys and status lists are ours) are read through the same fetcher, so they need no
 * HTTP round-trip and give exactly the report a stranger's verifier would.
 */
export function createVerifyBadge(deps: VerifyUseCaseDeps): VerifyBadgeUseCase {
  return async (input) =>
    judgeIssuer(
      await verifyBadge(input, { fetcher: deps.fetcher, clock: deps.clock, standards: deps.standards }),
      deps.trust,
    );
}
