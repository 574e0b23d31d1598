import { type AwardDates, awardDates } from '../awards/awardDates.js';
import type { AwardRecord } from '../awards/awardRecord.js';

/**
 * What a badge's public page tells a visitor first. The first that applies wins: revoked, then
 * withheld (not accepted yet, declined, or made private: one state, so the page does not tell
 * which), then expired, then valid. Only the earner decides when their badge is public: until
 * then its page says that the badge exists and whether it is valid, and nothing of who earned it.
 */
export type BadgePageState = 'revoked' | 'withheld' | 'expired' | 'valid';

/**
 * What the page offers in a state. Every switch is independent, so a state that hides the earner
 * may still offer downloads. Document and image URLs answer whatever the state: these switches
 * are only about what the page shows and links to.
 */
export interface BadgePageOffers {
  /** The earner's name (never the email, in any state). */
  readonly showEarner: boolean;
  /** X, Facebook and email share links. */
  readonly offerSharing: boolean;
  /** LinkedIn's add-to-profile link. */
  readonly offerAddToProfile: boolean;
  /** The HTML snippet to embed the badge in another page. */
  readonly offerEmbed: boolean;
  /** The baked PNG and SVG downloads. */
  readonly offerDownloads: boolean;
}

const NOTHING: BadgePageOffers = {
  showEarner: false,
  offerSharing: false,
  offerAddToProfile: false,
  offerEmbed: false,
  offerDownloads: false,
};

/**
 * The rules, one row per state. Revoked: nothing to share, embed or download, and no name (the
 * revocation reason and date are public in the revocation lists, the earner is not). Expired: it
 * is history, so the earner and the downloads stay, but nothing invites anyone to show it as
 * current (no add-to-profile, no sharing, no embed).
 */
export const PAGE_RULES: Readonly<Record<BadgePageState, BadgePageOffers>> = {
  revoked: NOTHING,
  // Not (yet) made public by its earner: no name, nothing to share, embed or download.
  withheld: NOTHING,
  expired: { ...NOTHING, showEarner: true, offerDownloads: true },
  valid: {
    showEarner: true,
    offerSharing: true,
    offerAddToProfile: true,
    offerEmbed: true,
    offerDownloads: true,
  },
};

export interface BadgePageModel extends BadgePageOffers {
  readonly state: BadgePageState;
  readonly dates: AwardDates;
  /** The earner's name, only when `showEarner`. */
  readonly earnerName?: string;
  /** Present only in the revoked state: what the revocation lists publish. */
  readonly revocation?: { readonly reason?: string; readonly revokedOn?: string };
  /** The day it expired, only in the expired state. */
  readonly expiredOn?: string;
  /** Whether the badge is past its expiry, in any state (a withheld page still says if it is valid). */
  readonly expired: boolean;
}

function isExpired(award: AwardRecord, now: Date): boolean {
  return award.expires !== undefined && Date.parse(award.expires) <= now.getTime();
}

export function badgePageState(award: AwardRecord, now: Date): BadgePageState {
  if (award.status === 'revoked') return 'revoked';
  if (award.status !== 'accepted' || award.visibility === 'private') return 'withheld';
  if (isExpired(award, now)) return 'expired';
  return 'valid';
}

/** The one place that decides, from the award's state at `now`, what its public page shows. */
export function badgePageModel(award: AwardRecord, now: Date): BadgePageModel {
  const state = badgePageState(award, now);
  const offers = PAGE_RULES[state];
  const dates = awardDates(award);
  return {
    state,
    ...offers,
    dates,
    expired: isExpired(award, now),
    ...(offers.showEarner ? { earnerName: award.recipientName } : {}),
    ...(state === 'revoked'
      ? {
          revocation: {
            ...(award.revocationReason === undefined ? {} : { reason: award.revocationReason }),
            ...(award.revokedAt === undefined ? {} : { revokedOn: award.revokedAt }),
          },
        }
      : {}),
    ...(state === 'expired' && dates.expires !== undefined ? { expiredOn: dates.expires } : {}),
  };
}
