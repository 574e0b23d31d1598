import type { Lang } from '../../app/awards/awardRecord.js';

/** Texts of the candidate's pages (claim, sign-in, account, opt-out, profile), in English and French. */
const MESSAGES = {
  en: {
    unsubscribeTitle: 'Stop reminders',
    unsubscribeText: 'Stop the reminder emails about badges waiting for you?',
    unsubscribeButton: 'Stop reminders',
    unsubscribedTitle: 'Reminders stopped',
    unsubscribedText: 'You will not receive reminders any more. You can turn them on again in your account.',
    linkNotFoundTitle: 'This link does not work',
    linkNotFoundText:
      'The link is unknown, was already used, or has expired. Your badges are still in your account: sign in with your email to see them.',
    signInLink: 'Sign in to your account',
  },
  fr: {
    unsubscribeTitle: 'Arrêter les rappels',
    unsubscribeText: 'Arrêter les rappels par e-mail des badges qui vous attendent ?',
    unsubscribeButton: 'Arrêter les rappels',
    unsubscribedTitle: 'Rappels arrêtés',
    unsubscribedText: 'Vous ne recevrez plus de rappels. Vous pouvez les réactiver dans votre compte.',
    linkNotFoundTitle: 'Ce lien ne fonctionne pas',
    linkNotFoundText:
      'Le lien est inconnu, a déjà servi ou a expiré. Vos badges sont toujours dans votre compte : connectez-vous avec votre adresse e-mail pour les voir.',
    signInLink: 'Se connecter à votre compte',
  },
} as const satisfies Record<Lang, Record<string, string>>;

export type CandidateMessages = { readonly [K in keyof (typeof MESSAGES)['en']]: string };

export function candidateMessagesFor(lang: Lang): CandidateMessages {
  return MESSAGES[lang];
}

export function fill(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}
