import type { Lang } from '../../app/awards/awardRecord.js';
import type { BadgeFormat, CheckId, VerificationStatus } from '../../badges/verify/index.js';

/**
 * Texts of the public verify page, in English and French. The check titles are keyed by the
 * engine's stable check ids (`satisfies Record<CheckId, …>`), so a new check cannot reach the
 * page without a title in both languages; the engine's own message is shown under each title.
 */
const MESSAGES = {
  en: {
    title: 'Verify a badge',
    intro:
      'Check any Open Badge (2.0 or 3.0), from any issuer: give its address, paste it, or upload the image it is baked into. You get a verdict and the result of every check.',
    urlLabel: 'Badge URL',
    urlHelp: 'A badge page, a hosted assertion or a credential URL.',
    credentialLabel: 'Or paste the badge',
    credentialHelp: 'Open Badges JSON, or a compact JWS / VC-JWT.',
    imageLabel: 'Or upload a baked image',
    imageHelp: 'PNG or SVG, up to 5 MB.',
    recipientLabel: 'Recipient email (optional)',
    recipientHelp: 'To check that the badge was issued to this address.',
    submit: 'Verify',
    result: 'Result',
    verdictLabel: 'Verdict',
    format: 'Format',
    issuedBy: 'Name the badge gives its issuer',
    issuerOwn: 'Issued by us',
    issuerListed: 'Issued by {domain}, on your list of known issuers as “{name}”',
    issuerListedKey: 'Issued by a key on your list of known issuers as “{name}”',
    issuerUnlisted: 'Issued by {domain} — not on your list of known issuers',
    issuerNoDomain: 'Issued by a key not tied to any domain',
    issuerUnproven: 'The issuer could not be confirmed: the signing key is not tied to the issuer the badge names',
    issuedOn: 'Issued on',
    earnedOn: 'Earned on',
    awardedTo: 'Awarded to',
    revokedOn: 'Revoked on',
    revokedBecause: 'Reason for revocation',
    technicalDetail: 'Technical detail (in English)',
    problemNotUrl: 'This is not a web address. Give the full address of the badge, starting with https://',
    expires: 'Expires on',
    expired: 'Expired on',
    neverExpires: 'Does not expire',
    recipient: 'Issued to the given email',
    yes: 'Yes',
    no: 'No',
    checks: 'Checks',
    checkPassed: 'passed',
    checkFailed: 'failed',
    verifiedAt: 'Verified on',
    unnamed: 'Unnamed badge',
    problemEmpty: 'Give a badge URL, paste a badge or upload an image.',
    problemSeveral: 'Use only one of the three: URL, pasted badge or image.',
    problemTooLarge: 'This is too large: an image may be 5 MB at most, a pasted badge 1 MB.',
    problemRateLimited: 'Too many verifications from your address. Please try again in a minute.',
    problemUnreadable: 'The form could not be read. Please try again.',
  },
  fr: {
    title: 'Vérifier un badge',
    intro:
      'Vérifiez n’importe quel Open Badge (2.0 ou 3.0), de n’importe quel émetteur : donnez son adresse, collez-le ou déposez l’image qui le contient. Vous obtenez un verdict et le résultat de chaque vérification.',
    urlLabel: 'URL du badge',
    urlHelp: 'Une page de badge, une assertion hébergée ou l’URL d’une attestation.',
    credentialLabel: 'Ou collez le badge',
    credentialHelp: 'Le JSON Open Badges, ou un JWS compact / VC-JWT.',
    imageLabel: 'Ou déposez l’image du badge',
    imageHelp: 'PNG ou SVG, 5 Mo au plus.',
    recipientLabel: 'Adresse e-mail du titulaire (facultatif)',
    recipientHelp: 'Pour vérifier que le badge a été décerné à cette adresse.',
    submit: 'Vérifier',
    result: 'Résultat',
    verdictLabel: 'Verdict',
    format: 'Format',
    issuedBy: 'Nom que le badge donne à son émetteur',
    issuerOwn: 'Émis par nous',
    issuerListed: 'Émis par {domain}, dans votre liste d’émetteurs connus sous le nom « {name} »',
    issuerListedKey: 'Émis par une clé de votre liste d’émetteurs connus, sous le nom « {name} »',
    issuerUnlisted: 'Émis par {domain} — absent de votre liste d’émetteurs connus',
    issuerNoDomain: 'Émis par une clé liée à aucun domaine',
    issuerUnproven:
      'L’émetteur n’a pas pu être confirmé : la clé de signature n’est pas liée à l’émetteur que nomme le badge',
    issuedOn: 'Émis le',
    earnedOn: 'Obtenu le',
    awardedTo: 'Décerné à',
    revokedOn: 'Révoqué le',
    revokedBecause: 'Motif de la révocation',
    technicalDetail: 'Détail technique (en anglais)',
    problemNotUrl: 'Ce n’est pas une adresse web. Donnez l’adresse complète du badge, commençant par https://',
    expires: 'Expire le',
    expired: 'Expiré le',
    neverExpires: 'N’expire pas',
    recipient: 'Décerné à l’adresse indiquée',
    yes: 'Oui',
    no: 'Non',
    checks: 'Vérifications',
    checkPassed: 'réussie',
    checkFailed: 'échouée',
    verifiedAt: 'Vérifié le',
    unnamed: 'Badge sans nom',
    problemEmpty: 'Donnez l’URL d’un badge, collez un badge ou déposez une image.',
    problemSeveral: 'N’utilisez qu’un seul des trois : URL, badge collé ou image.',
    problemTooLarge: 'C’est trop volumineux : une image fait 5 Mo au plus, un badge collé 1 Mo.',
    problemRateLimited: 'Trop de vérifications depuis votre adresse. Réessayez dans une minute.',
    problemUnreadable: 'Le formulaire n’a pas pu être lu. Veuillez réessayer.',
  },
} as const satisfies Record<Lang, Record<string, string>>;

export type VerifyPageMessages = { readonly [K in keyof (typeof MESSAGES)['en']]: string };

export interface VerdictText {
  /** One or two words, shown big. */
  readonly label: string;
  /** What it means for the person reading. */
  readonly explanation: string;
}

const VERDICTS = {
  en: {
    valid: { label: 'Valid', explanation: 'Every check passed: this badge is authentic, in force and unaltered.' },
    invalid: {
      label: 'Invalid',
      explanation: 'This badge cannot be trusted: at least one check failed. See the failed checks below.',
    },
    revoked: { label: 'Revoked', explanation: 'The issuer has revoked this badge: it is no longer valid.' },
    expired: { label: 'Expired', explanation: 'This badge has expired, or its validity has not begun yet.' },
    indeterminate: {
      label: 'Indeterminate',
      explanation:
        'The badge could not be checked completely: a server it depends on did not answer. Please try again later.',
    },
  },
  fr: {
    valid: {
      label: 'Valide',
      explanation: 'Toutes les vérifications ont réussi : ce badge est authentique, en vigueur et non modifié.',
    },
    invalid: {
      label: 'Non valide',
      explanation:
        'Ce badge n’est pas fiable : au moins une vérification a échoué. Voyez les vérifications échouées ci-dessous.',
    },
    revoked: { label: 'Révoqué', explanation: 'L’émetteur a révoqué ce badge : il n’est plus valide.' },
    expired: { label: 'Expiré', explanation: 'Ce badge a expiré, ou sa période de validité n’a pas encore commencé.' },
    indeterminate: {
      label: 'Indéterminé',
      explanation:
        'Le badge n’a pas pu être entièrement vérifié : un serveur dont il dépend n’a pas répondu. Réessayez plus tard.',
    },
  },
} as const satisfies Record<Lang, Record<VerificationStatus, VerdictText>>;

const FORMATS = {
  en: {
    'ob2-hosted': 'Open Badges 2.0, hosted assertion',
    'ob2-signed': 'Open Badges 2.0, signed assertion (JWS)',
    'ob3-jwt': 'Open Badges 3.0, VC-JWT',
    'ob3-data-integrity': 'Open Badges 3.0, Data Integrity proof',
    'clr-data-integrity': 'Comprehensive Learner Record 2.0, Data Integrity proof',
    unknown: 'Not recognised',
  },
  fr: {
    'ob2-hosted': 'Open Badges 2.0, assertion hébergée',
    'ob2-signed': 'Open Badges 2.0, assertion signée (JWS)',
    'ob3-jwt': 'Open Badges 3.0, VC-JWT',
    'ob3-data-integrity': 'Open Badges 3.0, preuve Data Integrity',
    'clr-data-integrity': 'Relevé complet (CLR 2.0), preuve Data Integrity',
    unknown: 'Non reconnu',
  },
} as const satisfies Record<Lang, Record<BadgeFormat, string>>;

const CHECK_TITLES = {
  en: {
    'input.parse': 'Input read',
    'input.fetch': 'Badge URL answered',
    'image.unbake': 'Badge found in the image',
    'jsonld.safe_mode': 'Every JSON-LD term defined',
    'ob2.structure': 'Open Badges 2.0 structure',
    'ob2.hosted_fetch': 'Hosted documents fetched',
    'ob2.origin': 'Assertion hosted by its issuer',
    'ob2.signature': 'Open Badges 2.0 signature',
    'ob2.key_ownership': 'Signing key owned by the issuer',
    'ob3.context': 'Open Badges 3.0 contexts',
    'ob3.type': 'Credential type',
    'ob3.schema': 'Official JSON Schema',
    'ob3.subject': 'Recipient identified',
    'ob3.jwt_claims': 'JWT claims agree with the credential',
    'proof.key': 'Verification key found',
    'proof.signature': 'Signature verified',
    'proof.key_controller': 'Key controlled by the issuer',
    'status.revocation': 'Not revoked',
    'time.expiry': 'Not expired',
    'time.not_before': 'Already valid',
    recipient: 'Issued to the given email',
    endorsement: 'Endorsements verified',
    'clr.context': 'Learner record contexts',
    'clr.type': 'Learner record type',
    'clr.schema': 'Official learner record schema',
    'clr.subject': 'Credentials in the record',
    'clr.credential': 'Credential in the record verified',
    'verifier.error': 'Verifier ran to the end',
  },
  fr: {
    'input.parse': 'Entrée lue',
    'input.fetch': 'Réponse de l’URL du badge',
    'image.unbake': 'Badge trouvé dans l’image',
    'jsonld.safe_mode': 'Tous les termes JSON-LD définis',
    'ob2.structure': 'Structure Open Badges 2.0',
    'ob2.hosted_fetch': 'Documents hébergés récupérés',
    'ob2.origin': 'Assertion hébergée par son émetteur',
    'ob2.signature': 'Signature Open Badges 2.0',
    'ob2.key_ownership': 'Clé de signature détenue par l’émetteur',
    'ob3.context': 'Contextes Open Badges 3.0',
    'ob3.type': 'Type d’attestation',
    'ob3.schema': 'Schéma JSON officiel',
    'ob3.subject': 'Titulaire identifié',
    'ob3.jwt_claims': 'Revendications JWT conformes à l’attestation',
    'proof.key': 'Clé de vérification trouvée',
    'proof.signature': 'Signature vérifiée',
    'proof.key_controller': 'Clé contrôlée par l’émetteur',
    'status.revocation': 'Non révoqué',
    'time.expiry': 'Non expiré',
    'time.not_before': 'Déjà valide',
    recipient: 'Décerné à l’adresse indiquée',
    endorsement: 'Recommandations vérifiées',
    'clr.context': 'Contextes du relevé',
    'clr.type': 'Type du relevé',
    'clr.schema': 'Schéma officiel du relevé',
    'clr.subject': 'Attestations du relevé',
    'clr.credential': 'Attestation du relevé vérifiée',
    'verifier.error': 'Vérification menée à son terme',
  },
} as const satisfies Record<Lang, Record<CheckId, string>>;

export function verifyMessagesFor(lang: Lang): VerifyPageMessages {
  return MESSAGES[lang];
}

export function verdictText(lang: Lang, status: VerificationStatus): VerdictText {
  return VERDICTS[lang][status];
}

export function formatLabel(lang: Lang, format: BadgeFormat): string {
  return FORMATS[lang][format];
}

export function checkTitle(lang: Lang, id: CheckId): string {
  return CHECK_TITLES[lang][id];
}

/** The moment of a verification, to the minute, in UTC so every reader sees the same time. */
export function formatDateTime(iso: string, lang: Lang): string {
  const time = new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'UTC',
  }).format(new Date(iso));
  return `${time} UTC`;
}
