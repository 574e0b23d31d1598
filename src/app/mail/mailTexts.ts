import type { Lang } from '../awards/awardRecord.js';

/** Every text of the emails, in English and French (the recipient's language). */
const TEXTS = {
  en: {
    awardSubject: 'Your badge is waiting: {badge}',
    awardIntro: 'Congratulations, {name}! You have earned the badge "{badge}" from {issuer}.',
    awardAction: 'Claim your badge',
    awardHelp:
      'Open the link to accept or decline it. Until you accept it, nobody sees your name on it. You can also claim it later from your account.',
    newBadgeSubject: 'You have a new badge: {badge}',
    newBadgeIntro:
      'Congratulations, {name}! You have earned the badge "{badge}" from {issuer}. It was added to your account, as you asked.',
    newBadgeAction: 'See your badges',
    signInSubject: 'Your sign-in link',
    signInIntro: 'Open this link to sign in to your badges. It works once, for 30 minutes.',
    signInAction: 'Sign in',
    signInIgnore: 'If you did not ask for it, ignore this email.',
    reminderSubject: 'Reminder: your badge "{badge}" is waiting',
    reminderIntro: 'Hello {name}, your badge "{badge}" from {issuer} is still waiting for you.',
    optOut: 'No more reminders',
    optOutHelp: 'You receive this email because {issuer} issued you a badge.',
  },
  fr: {
    awardSubject: 'Votre badge vous attend : {badge}',
    awardIntro: 'Félicitations, {name} ! Vous avez obtenu le badge « {badge} » de {issuer}.',
    awardAction: 'Réclamer votre badge',
    awardHelp:
      'Ouvrez le lien pour l’accepter ou le refuser. Tant que vous ne l’avez pas accepté, personne ne voit votre nom dessus. Vous pouvez aussi le réclamer plus tard depuis votre compte.',
    newBadgeSubject: 'Vous avez un nouveau badge : {badge}',
    newBadgeIntro:
      'Félicitations, {name} ! Vous avez obtenu le badge « {badge} » de {issuer}. Il a été ajouté à votre compte, comme vous l’avez demandé.',
    newBadgeAction: 'Voir vos badges',
    signInSubject: 'Votre lien de connexion',
    signInIntro: 'Ouvrez ce lien pour accéder à vos badges. Il ne sert qu’une fois, pendant 30 minutes.',
    signInAction: 'Se connecter',
    signInIgnore: 'Si vous ne l’avez pas demandé, ignorez ce message.',
    reminderSubject: 'Rappel : votre badge « {badge} » vous attend',
    reminderIntro: 'Bonjour {name}, votre badge « {badge} » de {issuer} vous attend toujours.',
    optOut: 'Ne plus recevoir de rappels',
    optOutHelp: 'Vous recevez ce message parce que {issuer} vous a décerné un badge.',
  },
} as const satisfies Record<Lang, Record<string, string>>;

export type MailTexts = { readonly [K in keyof (typeof TEXTS)['en']]: string };

/** The texts in `lang` with `{name}`-style placeholders filled (values are plain text; templates escape them). */
export function mailTexts(lang: Lang, values: Readonly<Record<string, string>>): MailTexts {
  const filled: Record<string, string> = {};
  for (const [key, text] of Object.entries(TEXTS[lang])) {
    filled[key] = text.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
  }
  return filled as MailTexts;
}
