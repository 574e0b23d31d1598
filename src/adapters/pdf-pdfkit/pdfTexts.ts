import type { PdfLang } from '../../ports/recordPdfs.js';

/** The words printed on transcripts and certificates, in each language the programme speaks. */
export const PDF_TEXTS = {
  en: {
    transcriptTitle: 'Transcript',
    certificateTitle: 'Certificate',
    name: 'Name',
    profileId: 'Profile ID',
    generatedOn: 'Issued on',
    achievement: 'Achievement',
    kind: 'Kind',
    earned: 'Earned',
    expires: 'Expires',
    status: 'Status',
    exam: 'Exam',
    certification: 'Certification',
    none: 'No achievement on record yet.',
    page: (page: number, pages: number) => `Page ${page} of ${pages}`,
    verifyAt: 'Verify any badge at',
    certifies: 'This certifies that',
    hasEarned: { exam: 'has passed the exam', certification: 'has earned the certification' },
    earnedOn: 'Earned on',
    validUntil: 'Valid until',
    credentialId: 'Credential ID',
    scanToVerify: 'Scan to verify',
    statuses: {
      pending: 'Not yet claimed',
      accepted: 'Accepted',
      declined: 'Declined',
      revoked: 'Revoked',
      expired: 'Expired',
    } as Record<string, string>,
  },
  fr: {
    transcriptTitle: 'Relevé des réussites',
    certificateTitle: 'Certificat',
    name: 'Nom',
    profileId: 'Identifiant de profil',
    generatedOn: 'Établi le',
    achievement: 'Réussite',
    kind: 'Type',
    earned: 'Obtenu le',
    expires: 'Expire le',
    status: 'Statut',
    exam: 'Examen',
    certification: 'Certification',
    none: 'Aucune réussite enregistrée pour l’instant.',
    page: (page: number, pages: number) => `Page ${page} sur ${pages}`,
    verifyAt: 'Vérifiez tout badge sur',
    certifies: 'Nous certifions que',
    hasEarned: { exam: 'a réussi l’examen', certification: 'a obtenu la certification' },
    earnedOn: 'Obtenu le',
    validUntil: 'Valable jusqu’au',
    credentialId: 'Identifiant de l’attestation',
    scanToVerify: 'Scanner pour vérifier',
    statuses: {
      pending: 'Pas encore réclamé',
      accepted: 'Accepté',
      declined: 'Refusé',
      revoked: 'Révoqué',
      expired: 'Expiré',
    } as Record<string, string>,
  },
} as const;

export type PdfTexts = (typeof PDF_TEXTS)[PdfLang];

/**
 * A calendar day in UTC, in the language: written out (`4 March 2025`, `4 mars 2025`), or
 * `short` for table cells (`4 Mar 2025`, `4 mars 2025`). The month is always a word, so no reader
 * mistakes day for month.
 */
export function pdfDate(iso: string, lang: PdfLang, style: 'long' | 'short' = 'long'): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', {
    dateStyle: style === 'long' ? 'long' : 'medium',
    timeZone: 'UTC',
  }).format(at);
}
