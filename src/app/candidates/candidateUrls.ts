import type { Lang } from '../awards/awardRecord.js';

/** The candidate-facing addresses, under PUBLIC_URL (its path included). */
export interface CandidateUrls {
  readonly claim: (token: string) => string;
  /** The emailed sign-in link; its page speaks the language the link was asked for in. */
  readonly signInLink: (token: string, lang: Lang) => string;
  readonly unsubscribe: (token: string) => string;
  /** The link that proves an address the candidate is adding to their profile. */
  readonly proveEmail: (token: string) => string;
  readonly signIn: string;
  readonly account: string;
  readonly profile: (accountId: string) => string;
}

export function createCandidateUrls(publicUrl: string): CandidateUrls {
  const base = publicUrl.replace(/\/+$/, '');
  return {
    claim: (token) => `${base}/claim/${token}`,
    signInLink: (token, lang) => `${base}/sign-in/${token}?lang=${lang}`,
    unsubscribe: (token) => `${base}/unsubscribe/${token}`,
    proveEmail: (token) => `${base}/confirm-email/${token}`,
    signIn: `${base}/sign-in`,
    account: `${base}/account`,
    profile: (accountId) => `${base}/profiles/${encodeURIComponent(accountId)}`,
  };
}
