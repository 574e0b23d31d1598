import { linkedInAddToProfileUrl } from '../../badges/linkedin.js';
import type { UrlLayout } from '../../badges/urls.js';
import type { AwardRecord, AwardReminder, Lang } from './awardRecord.js';

/** The award resource of the API (`GET /api/v1/awards/:id` and the 201 body of an issue). */
export interface AwardView {
  readonly id: string;
  readonly status: AwardRecord['status'];
  readonly recipient: { readonly email: string; readonly name: string; readonly locale: string };
  readonly achievement: { readonly id: string; readonly kind: 'exam' | 'certification'; readonly name: string };
  readonly earnedBy?: string;
  readonly earnedOn: string;
  readonly issuedOn: string;
  readonly expires?: string;
  readonly externalId?: string;
  readonly revokedAt?: string;
  readonly revocationReason?: string;
  /** Re-issued under the profile's approved name: the award that replaces this one, or the one it replaces. */
  readonly supersededBy?: string;
  readonly reissueOf?: string;
  /** The award email: `queued`, `sent`, `cancelled`, or `failed` with the last error. */
  readonly notification: { readonly status: AwardRecord['notification']; readonly error?: string };
  /** The reminders of an unclaimed badge delivered so far, and the last that failed for good. */
  readonly reminders: readonly AwardReminder[];
  readonly reminderError?: { readonly n: number; readonly error: string };
  readonly links: Readonly<Record<AwardLinkName, string>>;
}

export type AwardLinkName =
  | 'assertion'
  | 'page'
  | 'signedAssertion'
  | 'credentialJwt'
  | 'credential'
  | 'png'
  | 'svg'
  | 'linkedin';

export function awardView(
  award: AwardRecord,
  urls: UrlLayout,
  issuer: { readonly name: string; readonly linkedInOrganizationId?: string | undefined },
): AwardView {
  const name = award.achievement.title[award.recipientLocale];
  return {
    id: award._id,
    status: award.status,
    recipient: { email: award.recipientEmail, name: award.recipientName, locale: award.recipientLocale },
    achievement: { id: award.achievementId, kind: award.achievement.kind, name },
    ...(award.earnedBy === undefined ? {} : { earnedBy: award.earnedBy }),
    earnedOn: award.earnedOn,
    issuedOn: award.issuedOn,
    ...(award.expires === undefined ? {} : { expires: award.expires }),
    ...(award.externalId === undefined ? {} : { externalId: award.externalId }),
    ...(award.revokedAt === undefined ? {} : { revokedAt: award.revokedAt }),
    ...(award.revocationReason === undefined ? {} : { revocationReason: award.revocationReason }),
    ...(award.supersededBy === undefined ? {} : { supersededBy: award.supersededBy }),
    ...(award.reissueOf === undefined ? {} : { reissueOf: award.reissueOf }),
    notification: {
      status: award.notification,
      ...(award.notification === 'failed' && award.notificationError !== undefined
        ? { error: award.notificationError }
        : {}),
    },
    reminders: (award.reminders ?? []).map(({ n, sentAt }) => ({ n, sentAt })),
    ...(award.reminderError === undefined ? {} : { reminderError: award.reminderError }),
    links: {
      assertion: urls.assertion(award._id),
      page: urls.page(award._id),
      signedAssertion: urls.signedAssertion(award._id),
      credentialJwt: urls.credentialJwt(award._id),
      credential: urls.credential(award._id),
      png: urls.png(award._id),
      svg: urls.svg(award._id),
      linkedin: linkedInLinkOf(award, urls, issuer, award.recipientLocale),
    },
  };
}

/**
 * What the issuing answer flags about an award: `expired_on_issue` when it expired before it was
 * issued (a pass on record from long ago: it is history, issued all the same).
 */
export type IssueWarning = 'expired_on_issue';

export function issueWarnings(award: AwardRecord): IssueWarning[] {
  return award.expires !== undefined && Date.parse(award.expires) < Date.parse(award.issuedOn)
    ? ['expired_on_issue']
    : [];
}

/** LinkedIn's add-to-profile link for an award, with the badge name in `lang`. */
export function linkedInLinkOf(
  award: AwardRecord,
  urls: UrlLayout,
  issuer: { readonly name: string; readonly linkedInOrganizationId?: string | undefined },
  lang: Lang,
): string {
  return linkedInAddToProfileUrl({
    name: award.achievement.title[lang],
    ...(issuer.linkedInOrganizationId === undefined ? {} : { organizationId: issuer.linkedInOrganizationId }),
    organizationName: issuer.name,
    // LinkedIn's issue date is when the certification was earned, not when the badge was made.
    issuedOn: award.earnedOn,
    ...(award.expires === undefined ? {} : { expires: award.expires }),
    certUrl: urls.page(award._id),
    certId: award._id,
  });
}
