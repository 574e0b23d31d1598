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
    certificate: 'Certificate (PDF)',
    nameChangeHeading: 'Change the name on your badges',
    nameChangeHelp:
      'Your badges must carry the name on your government ID. Staff check each request; badges issued after their approval carry the new name.',
    nameChangeLabel: 'Your name as on your government ID',
    nameChangeNoteLabel: 'Note for staff (optional)',
    nameChangeButton: 'Ask for this name',
    nameChangeAsked: 'Your request was sent. Staff will decide on it.',
    nameChangePending: 'Your request to change the name to “{name}” is waiting for a decision (asked on {date}).',
    nameChangeApproved: 'The name “{name}” was approved on {date}. Badges issued from now on carry it.',
    nameChangeRejected: 'Your request for the name “{name}” was not approved ({date}).',
    nameChangeReasonLabel: 'Reason given',
    nameChangeRefusedTitle: 'The request was not taken',
    nameInvalid: 'Give your full name as on your government ID (1 to 200 characters, different from the current one).',
    nameChangeWaiting: 'A request is already waiting for a decision. You can ask again once it is decided.',
    reissueOffer:
      '{count} of your badges still carry your former name. You can have them re-issued under “{name}”: the same dates, and each former badge is revoked and points to its new one.',
    reissueAll: 'Re-issue my badges under “{name}”',
    reissued: 'Your badges were re-issued under your new name. Each comes with its email.',
    emailsHeading: 'Your email addresses',
    emailsHelp:
      'Badges issued to any of these addresses are on this profile, and count together towards certifications.',
    primaryEmail: 'Primary address (mails go here first)',
    otherEmails: 'Other addresses',
    makePrimary: 'Make primary',
    addEmailLabel: 'Add an email address',
    addEmailPrimary: 'Make it my primary address',
    addEmailButton: 'Send a confirmation link',
    addEmailHelp: 'We send a link to the address; its badges join this profile once you open it.',
    mergeHeading: 'Badges under another address?',
    mergeHelp:
      'If you have a second profile (badges sent to another address, for example by a test centre), enter that address: once you confirm it from its mailbox, the two profiles are merged into this one. Duplicate badges are revoked, the earlier kept, and certifications your badges now complete are issued.',
    mergeLabel: 'Address of your other profile',
    mergeButton: 'Send a link to merge',
    emailSent: 'A confirmation link is on its way to that address. Open it to finish: until then, nothing changes.',
    emailKnown: 'This address is already on your profile.',
    emailPrimary: 'Your primary address was changed.',
    emailAdded: 'The address was confirmed and added to your profile.',
    emailMerged: 'The address was confirmed and its profile merged into yours.',
    emailRefusedTitle: 'The address was not taken',
    emailNotYours: 'Only an address already confirmed on your profile can become its primary address.',
    emailConfirmTitle: 'Confirm this email address',
    emailConfirmText:
      'Add {email} to the profile {profile} ({name})? Every badge issued to it will join that profile; if it has a profile of its own, the two are merged. If you did not ask for this, close this page.',
    emailConfirmButton: 'Confirm and add the address',
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
    certificate: 'Certificat (PDF)',
    nameChangeHeading: 'Changer le nom sur vos badges',
    nameChangeHelp:
      'Vos badges doivent porter le nom de votre pièce d’identité officielle. L’équipe vérifie chaque demande ; les badges décernés après son accord portent le nouveau nom.',
    nameChangeLabel: 'Votre nom tel que sur votre pièce d’identité',
    nameChangeNoteLabel: 'Message pour l’équipe (facultatif)',
    nameChangeButton: 'Demander ce nom',
    nameChangeAsked: 'Votre demande a été envoyée. L’équipe va l’examiner.',
    nameChangePending: 'Votre demande de changement de nom en « {name} » attend une décision (demandée le {date}).',
    nameChangeApproved: 'Le nom « {name} » a été accepté le {date}. Les badges décernés désormais le portent.',
    nameChangeRejected: 'Votre demande pour le nom « {name} » n’a pas été acceptée ({date}).',
    nameChangeReasonLabel: 'Motif donné',
    nameChangeRefusedTitle: 'La demande n’a pas été prise en compte',
    nameInvalid:
      'Indiquez votre nom complet tel que sur votre pièce d’identité (1 à 200 caractères, différent du nom actuel).',
    nameChangeWaiting: 'Une demande attend déjà une décision. Vous pourrez en faire une autre ensuite.',
    reissueOffer:
      '{count} de vos badges portent encore votre ancien nom. Vous pouvez les faire réémettre au nom de « {name} » : mêmes dates, et chaque ancien badge est révoqué et renvoie au nouveau.',
    reissueAll: 'Réémettre mes badges au nom de « {name} »',
    reissued: 'Vos badges ont été réémis à votre nouveau nom. Chacun arrive avec son e-mail.',
    emailsHeading: 'Vos adresses e-mail',
    emailsHelp:
      'Les badges décernés à l’une de ces adresses figurent sur ce profil et comptent ensemble pour les certifications.',
    primaryEmail: 'Adresse principale (les e-mails y sont envoyés en premier)',
    otherEmails: 'Autres adresses',
    makePrimary: 'Rendre principale',
    addEmailLabel: 'Ajouter une adresse e-mail',
    addEmailPrimary: 'En faire mon adresse principale',
    addEmailButton: 'Envoyer un lien de confirmation',
    addEmailHelp: 'Nous envoyons un lien à cette adresse ; ses badges rejoignent ce profil dès que vous l’ouvrez.',
    mergeHeading: 'Des badges sous une autre adresse ?',
    mergeHelp:
      'Si vous avez un second profil (des badges envoyés à une autre adresse, par exemple par un centre d’examen), saisissez cette adresse : dès que vous la confirmez depuis sa boîte, les deux profils sont fusionnés dans celui-ci. Les badges en double sont révoqués, le plus ancien conservé, et les certifications que vos badges complètent sont décernées.',
    mergeLabel: 'Adresse de votre autre profil',
    mergeButton: 'Envoyer un lien pour fusionner',
    emailSent: 'Un lien de confirmation part vers cette adresse. Ouvrez-le pour terminer : d’ici là, rien ne change.',
    emailKnown: 'Cette adresse figure déjà sur votre profil.',
    emailPrimary: 'Votre adresse principale a été changée.',
    emailAdded: 'L’adresse a été confirmée et ajoutée à votre profil.',
    emailMerged: 'L’adresse a été confirmée et son profil fusionné dans le vôtre.',
    emailRefusedTitle: 'L’adresse n’a pas été prise en compte',
    emailNotYours: 'Seule une adresse déjà confirmée sur votre profil peut en devenir l’adresse principale.',
    emailConfirmTitle: 'Confirmer cette adresse e-mail',
    emailConfirmText:
      'Ajouter {email} au profil {profile} ({name}) ? Chaque badge décerné à cette adresse rejoindra ce profil ; si elle a son propre profil, les deux sont fusionnés. Si vous ne l’avez pas demandé, fermez cette page.',
    emailConfirmButton: 'Confirmer et ajouter l’adresse',
  },
} as const satisfies Record<Lang, Record<string, string>>;

export type AccountRecordMessages = { readonly [K in keyof (typeof MESSAGES)['en']]: string };

export function accountRecordMessagesFor(lang: Lang): AccountRecordMessages {
  return MESSAGES[lang];
}
