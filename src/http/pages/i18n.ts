import type { Request } from 'express';
import type { Lang } from '../../app/awards/awardRecord.js';

/**
 * Page texts in English and French. The language is the `?lang=` the visitor chose, else the
 * browser's Accept-Language, else the fallback the caller gives (the recipient's locale).
 */
const MESSAGES = {
  en: {
    siteName: 'Accolade',
    badgeTitle: 'Digital badge',
    issuedTo: 'Awarded to',
    issuedBy: 'Issued by',
    issuedOn: 'Issued on',
    earnedOn: 'Earned on',
    expires: 'Expires on',
    expired: 'Expired on',
    neverExpires: 'Does not expire',
    validity: 'Validity',
    earnedBy: 'Earned by passing',
    criteria: 'Criteria',
    status: 'Status',
    statusValid: 'Valid',
    statusPending: 'Valid — not yet claimed by its recipient',
    statusRevoked: 'Revoked',
    statusExpired: 'Expired',
    revokedBecause: 'Reason',
    verify: 'Verify this badge',
    download: 'Download',
    downloadPng: 'Image (PNG, Open Badges 2.0)',
    downloadSvg: 'Image (SVG, Open Badges 2.0)',
    downloadPng3: 'Image (PNG, Open Badges 3.0)',
    downloadSvg3: 'Image (SVG, Open Badges 3.0)',
    formats: 'Machine-readable formats',
    assertion: 'Open Badges 2.0 assertion (JSON-LD)',
    signedAssertion: 'Open Badges 2.0 signed assertion (JWS)',
    credential: 'Open Badges 3.0 credential (Data Integrity)',
    credentialJwt: 'Open Badges 3.0 credential (VC-JWT)',
    share: 'Share',
    addToLinkedIn: 'Add to LinkedIn profile',
    shareOnX: 'Share on X',
    shareOnFacebook: 'Share on Facebook',
    embed: 'Embed this badge',
    embedHelp: 'Copy this HTML into a web page.',
    language: 'Français',
    notFoundTitle: 'Badge not found',
    notFoundText: 'There is no badge at this address.',
    kindExam: 'Exam',
    kindCertification: 'Certification',
    siteNav: 'Site',
    verifyNav: 'Verify a badge',
    withheldBanner: 'This badge has not been made public by its earner',
    withheldExplanation:
      'It was issued by the issuer below. This page shows only that it exists and whether it is valid; its earner decides whether to show it.',
    revokedBanner: 'This badge has been revoked',
    revokedExplanation: 'Its issuer has withdrawn it: it is no longer valid and must not be relied on.',
    revokedOn: 'Revoked on',
    expiredBanner: 'This badge expired on',
    expiredExplanation: 'It records an achievement that was valid until that day; it is no longer current.',
    verifiedJustNow: 'Verified just now',
    checkedJustNow: 'checked just now',
    fullReport: 'See the full report',
    criteriaLink: 'Full criteria on the programme’s site',
    skills: 'Skills',
    shareByEmail: 'Share by email',
    emailShareBody: 'Here is my badge:',
    developers: 'For developers',
    developersHelp: 'The same badge in the Open Badges formats, for software that reads them.',
    homeKind: 'Digital badge issuer',
    homeContact: 'Contact:',
    homeVerifyTitle: 'Verify a badge',
    homeVerifyHelp: 'Paste the address of a badge to check that it is authentic and valid.',
    homeVerifyLabel: 'Badge URL',
    homeVerifySubmit: 'Verify',
    homeActive: 'Badges we issue',
    homeActiveHelp: 'Passing one of these exams or earning one of these certifications earns its badge.',
    criteriaMore: 'Details',
    homeRetired: 'Retired, badges still valid',
    homeRetiredHelp: 'These exams and certifications are retired: no new passes, but every badge earned stays valid.',
    homeExcluded: 'No badge',
    homeExcludedHelp: 'The programme awards no badge for these exams and certifications.',
    homeColumnName: 'Name',
    homeColumnId: 'Code',
    homeColumnRetired: 'Retired on',
    homeColumnWhy: 'Why',
    homeLegacy: 'Older than the badges',
    homeExcludedReason: 'Excluded by the programme',
  },
  fr: {
    siteName: 'Accolade',
    badgeTitle: 'Badge numérique',
    issuedTo: 'Décerné à',
    issuedBy: 'Émis par',
    issuedOn: 'Émis le',
    earnedOn: 'Obtenu le',
    expires: 'Expire le',
    expired: 'Expiré le',
    neverExpires: 'N’expire pas',
    validity: 'Validité',
    earnedBy: 'Obtenu en réussissant',
    criteria: 'Critères',
    status: 'Statut',
    statusValid: 'Valide',
    statusPending: 'Valide — pas encore réclamé par son titulaire',
    statusRevoked: 'Révoqué',
    statusExpired: 'Expiré',
    revokedBecause: 'Motif',
    verify: 'Vérifier ce badge',
    download: 'Télécharger',
    downloadPng: 'Image (PNG, Open Badges 2.0)',
    downloadSvg: 'Image (SVG, Open Badges 2.0)',
    downloadPng3: 'Image (PNG, Open Badges 3.0)',
    downloadSvg3: 'Image (SVG, Open Badges 3.0)',
    formats: 'Formats lisibles par machine',
    assertion: 'Assertion Open Badges 2.0 (JSON-LD)',
    signedAssertion: 'Assertion signée Open Badges 2.0 (JWS)',
    credential: 'Attestation Open Badges 3.0 (Data Integrity)',
    credentialJwt: 'Attestation Open Badges 3.0 (VC-JWT)',
    share: 'Partager',
    addToLinkedIn: 'Ajouter au profil LinkedIn',
    shareOnX: 'Partager sur X',
    shareOnFacebook: 'Partager sur Facebook',
    embed: 'Intégrer ce badge',
    embedHelp: 'Copiez ce HTML dans une page web.',
    language: 'English',
    notFoundTitle: 'Badge introuvable',
    notFoundText: 'Il n’y a pas de badge à cette adresse.',
    kindExam: 'Examen',
    kindCertification: 'Certification',
    siteNav: 'Site',
    verifyNav: 'Vérifier un badge',
    withheldBanner: 'Ce badge n’a pas été rendu public par son titulaire',
    withheldExplanation:
      'Il a été émis par l’émetteur ci-dessous. Cette page indique seulement qu’il existe et s’il est valide ; son titulaire décide de le montrer ou non.',
    revokedBanner: 'Ce badge a été révoqué',
    revokedExplanation: 'Son émetteur l’a retiré : il n’est plus valide et ne doit plus être pris en compte.',
    revokedOn: 'Révoqué le',
    expiredBanner: 'Ce badge a expiré le',
    expiredExplanation: 'Il atteste une réussite valable jusqu’à ce jour ; il n’est plus en cours de validité.',
    verifiedJustNow: 'Vérifié à l’instant',
    checkedJustNow: 'vérifié à l’instant',
    fullReport: 'Voir le rapport complet',
    criteriaLink: 'Critères complets sur le site du programme',
    skills: 'Compétences',
    shareByEmail: 'Partager par e-mail',
    emailShareBody: 'Voici mon badge :',
    developers: 'Pour les développeurs',
    developersHelp: 'Le même badge dans les formats Open Badges, pour les logiciels qui les lisent.',
    homeKind: 'Émetteur de badges numériques',
    homeContact: 'Contact :',
    homeVerifyTitle: 'Vérifier un badge',
    homeVerifyHelp: 'Collez l’adresse d’un badge pour vérifier qu’il est authentique et valide.',
    homeVerifyLabel: 'URL du badge',
    homeVerifySubmit: 'Vérifier',
    homeActive: 'Les badges que nous décernons',
    homeActiveHelp: 'Réussir l’un de ces examens ou obtenir l’une de ces certifications donne droit à son badge.',
    criteriaMore: 'Détails',
    homeRetired: 'Retirés, badges toujours valides',
    homeRetiredHelp:
      'Ces examens et certifications sont retirés : plus de nouvelles réussites, mais chaque badge obtenu reste valide.',
    homeExcluded: 'Sans badge',
    homeExcludedHelp: 'Le programme ne décerne aucun badge pour ces examens et certifications.',
    homeColumnName: 'Nom',
    homeColumnId: 'Code',
    homeColumnRetired: 'Retiré le',
    homeColumnWhy: 'Pourquoi',
    homeLegacy: 'Antérieur aux badges',
    homeExcludedReason: 'Exclu par le programme',
  },
} as const satisfies Record<Lang, Record<string, string>>;

export type PageMessages = { readonly [K in keyof (typeof MESSAGES)['en']]: string };

export function messagesFor(lang: Lang): PageMessages {
  return MESSAGES[lang];
}

export function pageLang(req: Request, fallback: Lang = 'en'): Lang {
  const chosen = req.query['lang'];
  if (chosen === 'en' || chosen === 'fr') return chosen;
  // The fallback is offered first, so it wins a tie and a bare `*` (which HTTP clients such as
  // fetch send by default), while a browser's stated preference still wins (RFC 9110 §12.5.4).
  const preferred = req.acceptsLanguages(fallback, fallback === 'fr' ? 'en' : 'fr');
  return preferred === 'fr' ? 'fr' : preferred === 'en' ? 'en' : fallback;
}

export function formatDate(iso: string, lang: Lang): string {
  return new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(iso),
  );
}

/**
 * A text as French typography sets it on a page: the space before `: ; ! ? »` and after `«`
 * becomes a no-break space, so a title never wraps with its colon at the start of a line
 * ("Microsoft Certified : Administrateur"). English texts are left as they are.
 */
export function typeset(text: string, lang: Lang): string {
  if (lang !== 'fr') return text;
  return text.replace(/ ([:;!?»])/g, '\u00a0$1').replace(/« /g, '«\u00a0');
}
