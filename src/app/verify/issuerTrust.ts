import { issuerIdentityProven, type VerificationReport } from '../../badges/verify/index.js';
import type { TrustedIssuer } from './trustedIssuers.js';

export interface IssuerTrust {
  /** Our own issuer ids: the did:web DID and the OB 2.0 issuer Profile URL. */
  readonly ownIssuerIds: readonly string[];
  /** PUBLIC_URL's host, with its port when not the default, whatever the scheme. */
  readonly ownDomain: string;
  /** How the page names us. */
  readonly ownName: string;
  /** The operator's list (VERIFY_TRUSTED_ISSUERS). */
  readonly trusted: readonly TrustedIssuer[];
}

/**
 * Says in the report whether the issuer is known: us, or an issuer or domain on the operator's
 * list. Only an issuer the checks tied to the key counts: a badge that names our DID but is
 * signed by someone else's key is not ours.
 */
export function judgeIssuer(report: VerificationReport, trust: IssuerTrust): VerificationReport {
  const issuer = report.badge?.issuer;
  if (report.badge === undefined || issuer === undefined || issuer.id === undefined) return report;
  if (!issuerIdentityProven(report.checks)) return report;
  const id = issuer.id;
  if (trust.ownIssuerIds.includes(id)) {
    const own = { ...issuer, domain: trust.ownDomain, known: true, own: true, knownAs: trust.ownName };
    return { ...report, badge: { ...report.badge, issuer: own } };
  }
  const listed = trust.trusted.find((entry) =>
    'id' in entry ? entry.id === id : issuer.domain !== null && entry.domain === issuer.domain,
  );
  if (listed === undefined) return report;
  return { ...report, badge: { ...report.badge, issuer: { ...issuer, known: true, knownAs: listed.name } } };
}
