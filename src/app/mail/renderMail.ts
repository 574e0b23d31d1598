import { Eta } from 'eta';
import { projectPath } from '../../paths.js';
import type { Lang } from '../awards/awardRecord.js';
import { typeset } from '../pages/typeset.js';
import type { ComposedMail } from './mailQueue.js';

/**
 * Every email has one shape: an optional badge image, a few paragraphs, one action link, and a
 * footer with the one-click opt-out. The HTML part is an Eta template under `assets/mail/`
 * (auto-escaped: names and badge titles are never markup); the text part says the same.
 */
const eta = new Eta({ views: projectPath('assets', 'mail'), autoEscape: true, cache: true });

export interface MailContent {
  readonly lang: Lang;
  readonly subject: string;
  readonly image?: { readonly src: string; readonly alt: string };
  readonly paragraphs: readonly string[];
  readonly action: { readonly label: string; readonly url: string };
  readonly footer: string;
  readonly optOut: { readonly label: string; readonly url: string };
}

export function renderMail(given: MailContent): ComposedMail {
  // Subject and body are set as their language's typography does: a French subject keeps its
  // colon on the badge's line when a mail client wraps or cuts it.
  const content = {
    ...given,
    subject: typeset(given.subject, given.lang),
    paragraphs: given.paragraphs.map((paragraph) => typeset(paragraph, given.lang)),
  };
  const text = [
    ...content.paragraphs,
    `${content.action.label}: ${content.action.url}`,
    '--',
    content.footer,
    `${content.optOut.label}: ${content.optOut.url}`,
  ].join('\n\n');
  return {
    subject: content.subject,
    text: `${text}\n`,
    html: eta.render('message', content),
    // RFC 2369 List-Unsubscribe and RFC 8058 one-click: mail clients offer the opt-out themselves
    // and POST `List-Unsubscribe=One-Click` to the link.
    headers: {
      'List-Unsubscribe': `<${content.optOut.url}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  };
}
