import type { Lang } from '../awards/awardRecord.js';
import type { CandidateUrls } from '../candidates/candidateUrls.js';
import type { Tokens } from '../candidates/tokens.js';
import type { ComposedMail } from './mailQueue.js';
import type { MailRecord } from './mailRecord.js';
import { renderMail } from './renderMail.js';

/** A link proving an address works for a day: long enough to reach another mailbox. */
export const PROVE_EMAIL_LINK_TTL_MS = 24 * 3_600_000;

const TEXTS = {
  en: {
    subject: 'Confirm this email address for your badges',
    intro:
      'You asked to add this address to your profile {profile} at {issuer}. Open the link to confirm it: the badges issued to this address, now and later, will join that profile. If this address has a profile of its own, the two are merged.',
    ignore: 'If you did not ask for it, ignore this email: nothing changes. The link works once, for 24 hours.',
    action: 'Confirm this address',
    footer: 'You receive this email because someone asked to add this address to a profile at {issuer}.',
    optOut: 'No more reminders',
  },
  fr: {
    subject: 'Confirmez cette adresse e-mail pour vos badges',
    intro:
      'Vous avez demandé à ajouter cette adresse à votre profil {profile} chez {issuer}. Ouvrez le lien pour la confirmer : les badges décernés à cette adresse, aujourd’hui et plus tard, rejoindront ce profil. Si cette adresse a son propre profil, les deux sont fusionnés.',
    ignore:
      'Si vous ne l’avez pas demandé, ignorez ce message : rien ne change. Le lien ne sert qu’une fois, pendant 24 heures.',
    action: 'Confirmer cette adresse',
    footer: 'Vous recevez ce message parce que quelqu’un a demandé à ajouter cette adresse à un profil chez {issuer}.',
    optOut: 'Ne plus recevoir de rappels',
  },
} as const satisfies Record<Lang, Record<string, string>>;

/** What the queued message carries: the profile asking, and whether the address becomes its primary. */
export interface ProveEmailData {
  readonly profileId: string;
  readonly primary: boolean;
  /** The signed-in address that asked, for the merge record. */
  readonly requestedBy: string;
}

export function proveEmailData(record: MailRecord): ProveEmailData {
  return {
    profileId: String(record.data['profileId'] ?? ''),
    primary: record.data['primary'] === true,
    requestedBy: String(record.data['requestedBy'] ?? ''),
  };
}

/**
 * The mail that proves an address (adding one, changing the primary one, merging another
 * profile): its one-time link is minted as the message is composed, only its hash stored.
 */
export async function proveEmailMail(
  deps: {
    readonly tokens: Pick<Tokens, 'mint'>;
    readonly candidateUrls: CandidateUrls;
    readonly issuerName: string;
    readonly optOut: (record: MailRecord, label: string) => Promise<{ label: string; url: string }>;
  },
  record: MailRecord,
  lang: Lang,
): Promise<ComposedMail> {
  const data = proveEmailData(record);
  const fill = (text: string) =>
    text.replace(/\{(\w+)\}/g, (whole, name: string) =>
      name === 'profile' ? data.profileId : name === 'issuer' ? deps.issuerName : whole,
    );
  const t = TEXTS[lang];
  const token = await deps.tokens.mint('proveEmail', record.to, {
    ttlMs: PROVE_EMAIL_LINK_TTL_MS,
    profileId: data.profileId,
    primary: data.primary,
    requestedBy: data.requestedBy,
  });
  return renderMail({
    lang,
    subject: t.subject,
    paragraphs: [fill(t.intro), t.ignore],
    action: { label: t.action, url: deps.candidateUrls.proveEmail(token) },
    footer: fill(t.footer),
    optOut: await deps.optOut(record, t.optOut),
  });
}
