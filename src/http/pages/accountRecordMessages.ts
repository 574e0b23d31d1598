import type { Lang } from '../../app/awards/awardRecord.js';

/**
 * Texts of the account's records (profile id, transcript and certificate downloads, name change,
 * emails, merging), in English and French. Kept apart from the claim and sign-in texts.
 */
const MESSAGES = {
  en: {
    profileHeading: 'Your profile',
    profileIdLabel: 'Profile ID',
    profileIdHelp: 'Quote it to support. It is printed on your transcript and certificates.',
    profileNameLabel: 'Name on your badges',
    transcriptHeading: 'Transcript',
    transcriptHelp: 'Every achievement on your profile, with its dates and status.',
    transcriptPdf: 'Transcript (PDF)',
    transcriptCsv: 'Transcript (CSV spreadsheet)',
    transcriptJson: 'Transcript (JSON)',
    transcriptClr: 'Comprehensive Learner Record (CLR 2.0, signed)',
    transcriptClrHelp: 'The learner record holds the badges you accepted.',
    certificate: 'Certificate (PDF)',
  },
  fr: {
    profileHeading: 'Votre profil',
    profileIdLabel: 'Identifiant de profil',
    profileIdHelp: 'Indiquez-le au support. Il figure sur votre relevé et vos certificats.',
    profileNameLabel: 'Nom sur vos badges',
    transcriptHeading: 'Relevé',
    transcriptHelp: 'Toutes les réussites de votre profil, avec leurs dates et leur statut.',
    transcriptPdf: 'Relevé (PDF)',
    transcriptCsv: 'Relevé (tableur CSV)',
    transcriptJson: 'Relevé (JSON)',
    transcriptClr: 'Dossier complet de l’apprenant (CLR 2.0, signé)',
    transcriptClrHelp: 'Le dossier de l’apprenant contient les badges que vous avez acceptés.',
    certificate: 'Certificat (PDF)',
  },
} as const satisfies Record<Lang, Record<string, string>>;

export type AccountRecordMessages = { readonly [K in keyof (typeof MESSAGES)['en']]: string };

export function accountRecordMessagesFor(lang: Lang): AccountRecordMessages {
  return MESSAGES[lang];
}
