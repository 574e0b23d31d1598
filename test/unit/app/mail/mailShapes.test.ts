import { expect } from 'chai';
import type { Lang } from '../../../../src/app/awards/awardRecord.js';
import { createMailShapes, type RecipientParts } from '../../../../src/app/mail/mailShapes.js';
import { mailTexts } from '../../../../src/app/mail/mailTexts.js';
import type { MailContent } from '../../../../src/app/mail/renderMail.js';
import { renderMail } from '../../../../src/app/mail/renderMail.js';

function reminderContent(lang: Lang, badge: string, parts: RecipientParts): MailContent {
  const texts = mailTexts(lang, { badge, name: parts.name, issuer: 'Accolade & Co' });
  return {
    lang,
    subject: texts.reminderSubject,
    image: { src: parts.image, alt: badge },
    paragraphs: [texts.reminderIntro, texts.awardHelp],
    action: { label: texts.awardAction, url: parts.action },
    footer: texts.optOutHelp,
    optOut: { label: texts.optOut, url: parts.optOut },
  };
}

describe('emails rendered once per shape and filled per recipient', () => {
  const recipients: RecipientParts[] = [
    {
      name: 'Zoë <b>"O\'Brien"</b> & Søn',
      image: 'https://badges.example.org/badges/a1/image.png?x=1&y=2',
      action: 'https://badges.example.org/claim/tok-1',
      optOut: 'https://badges.example.org/unsubscribe/tok-2',
    },
    {
      name: 'Jean : le « grand » !',
      image: 'https://badges.example.org/badges/a2/image.png',
      action: 'https://badges.example.org/claim/tok-3',
      optOut: 'https://badges.example.org/unsubscribe/tok-4',
    },
  ];

  for (const lang of ['en', 'fr'] as const) {
    it(`gives each recipient, in ${lang}, the email rendering it alone gives`, () => {
      const shapes = createMailShapes();
      let rendered = 0;
      const badge = 'Microsoft Certified : Azure <Fundamentals>';
      for (const parts of recipients) {
        const filled = shapes.fill(
          `reminder-${lang}`,
          lang,
          (slots) => {
            rendered++;
            return reminderContent(lang, badge, slots);
          },
          parts,
        );
        expect(filled).to.deep.equal(renderMail(reminderContent(lang, badge, parts)));
      }
      expect(rendered, 'rendered once for both').to.equal(1);
    });
  }
});
