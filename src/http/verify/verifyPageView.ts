import type { Lang } from '../../app/awards/awardRecord.js';
import { badgeImageSource, httpLink } from '../../app/verify/reportView.js';
import { type FormProblem, MAX_RECIPIENT_LENGTH, type VerifyForm } from '../../app/verify/verifyInput.js';
import { issuerIdentityProven, type VerificationReport } from '../../badges/verify/index.js';
import { checkExplanation } from '../pages/checkExplanations.js';
import { formatDate, messagesFor } from '../pages/i18n.js';
import {
  checkTitle,
  formatDateTime,
  formatLabel,
  type VerifyPageMessages,
  verdictText,
  verifyMessagesFor,
} from '../pages/verifyMessages.js';

/** What the verify page shows: the form as given, and a report or the problem that stopped it. */
export interface PageState {
  readonly form?: VerifyForm;
  readonly report?: VerificationReport;
  readonly upload?: Buffer;
  readonly problem?: FormProblem | 'tooLarge' | 'rateLimited' | 'unreadable';
}

const PROBLEM_TEXT = {
  empty: 'problemEmpty',
  several: 'problemSeveral',
  notUrl: 'problemNotUrl',
  tooLarge: 'problemTooLarge',
  rateLimited: 'problemRateLimited',
  unreadable: 'problemUnreadable',
} as const satisfies Record<NonNullable<PageState['problem']>, keyof VerifyPageMessages>;

/** A date from a badge, formatted for the reader; a badge's malformed date is shown as it is. */
function shownDate(value: string | undefined, lang: Lang): string | undefined {
  if (value === undefined) return undefined;
  return Number.isNaN(Date.parse(value)) ? value : formatDate(value, lang);
}

type IssuerKind = 'own' | 'listed' | 'unlisted' | 'noDomain' | 'unproven';

/**
 * Who the issuer really is, the page's lead: us, an issuer on the operator's list, a domain, or a
 * bare key. Never the name the badge gives itself: anyone can sign a badge that claims our name.
 */
function issuerLine(report: VerificationReport, v: VerifyPageMessages): { kind: IssuerKind; text: string } | undefined {
  const issuer = report.badge?.issuer;
  if (issuer === undefined) return undefined;
  const fill = (template: string) =>
    template.replace('{domain}', issuer.domain ?? '').replace('{name}', issuer.knownAs ?? '');
  if (!issuerIdentityProven(report.checks)) return { kind: 'unproven', text: v.issuerUnproven };
  if (issuer.own) return { kind: 'own', text: v.issuerOwn };
  if (issuer.known) return { kind: 'listed', text: fill(issuer.domain === null ? v.issuerListedKey : v.issuerListed) };
  if (issuer.domain !== null) return { kind: 'unlisted', text: fill(v.issuerUnlisted) };
  return { kind: 'noDomain', text: v.issuerNoDomain };
}

/** The report as the page template shows it, in the reader's language. */
function reportView(report: VerificationReport, lang: Lang, v: VerifyPageMessages, upload?: Buffer) {
  const badge = report.badge;
  const expired =
    badge?.expires !== undefined && Date.parse(badge.expires) <= Date.parse(report.verifiedAt || badge.expires);
  return {
    status: report.status,
    verdict: verdictText(lang, report.status),
    format: formatLabel(lang, report.format),
    verifiedAt: report.verifiedAt === '' ? undefined : formatDateTime(report.verifiedAt, lang),
    checks: report.checks.map((check) => ({
      ...check,
      title: checkTitle(lang, check.id),
      explanation: checkExplanation(lang, check.id, check.ok),
    })),
    revocation:
      report.revocation === undefined
        ? undefined
        : { reason: report.revocation.reason, revokedOn: shownDate(report.revocation.revokedOn, lang) },
    imageSource: badgeImageSource(report, upload),
    issuer: issuerLine(report, v),
    badge:
      badge === undefined
        ? undefined
        : {
            name: badge.name ?? v.unnamed,
            description: badge.description,
            issuerName: badge.issuer.name ?? badge.issuer.url,
            issuerUrl: httpLink(badge.issuer.url),
            earnerName: badge.earnerName,
            earnedOn: shownDate(badge.earnedOn, lang),
            issuedOn: shownDate(badge.issuedOn, lang),
            expiresLabel: expired ? v.expired : v.expires,
            expires: shownDate(badge.expires, lang) ?? v.neverExpires,
            recipientMatch: badge.recipientMatch === undefined ? undefined : badge.recipientMatch ? v.yes : v.no,
          },
  };
}

/** The verify template's data, in the reader's language, for a service mounted at `mount`. */
export function verifyPageView(lang: Lang, mount: string, state: PageState) {
  const v = verifyMessagesFor(lang);
  return {
    lang,
    t: messagesFor(lang),
    v,
    base: mount,
    title: state.report?.badge?.name ?? v.title,
    action: `${mount}/verify?lang=${lang}`,
    // The language switch keeps a verified URL, so the result shows again in the other language.
    otherLangQuery: new URLSearchParams({
      lang: lang === 'fr' ? 'en' : 'fr',
      ...(state.form?.url ? { url: state.form.url } : {}),
    }).toString(),
    form: {
      url: state.form?.url ?? '',
      credential: state.form?.credential ?? '',
      recipient: state.form?.recipient ?? '',
    },
    maxRecipientLength: MAX_RECIPIENT_LENGTH,
    problem: state.problem === undefined ? undefined : { kind: state.problem, text: v[PROBLEM_TEXT[state.problem]] },
    report: state.report === undefined ? undefined : reportView(state.report, lang, v, state.upload),
  };
}
