/**
 * Printable records of a candidate: the transcript of everything on their profile and one
 * certificate per badge. The pdfkit adapter draws them; use cases and routes see this port only.
 * Every date is an ISO 8601 string, shown as a calendar day in UTC.
 */
export type PdfLang = 'en' | 'fr';

export interface TranscriptLine {
  readonly awardId: string;
  /** Catalog id, e.g. `AZ-104` or `azure-administrator`. */
  readonly achievement: string;
  readonly name: string;
  readonly kind: 'exam' | 'certification';
  readonly earnedOn: string;
  readonly issuedOn: string;
  readonly expires?: string;
  /** As the transcript's JSON says it: `pending`, `accepted`, `declined`, `revoked`, `expired`. */
  readonly status: string;
}

export interface TranscriptPdfRequest {
  readonly lang: PdfLang;
  readonly issuerName: string;
  readonly profile: { readonly id: string; readonly name: string };
  /** When the transcript was made (the clock's now): printed, and the PDF's creation date. */
  readonly generatedAt: string;
  readonly lines: readonly TranscriptLine[];
  /** The public verify page, printed at the foot of each page. */
  readonly verifyUrl: string;
}

export interface CertificatePdfRequest {
  readonly lang: PdfLang;
  readonly issuerName: string;
  readonly recipientName: string;
  readonly profileId: string;
  readonly awardId: string;
  readonly achievementName: string;
  readonly kind: 'exam' | 'certification';
  readonly earnedOn: string;
  readonly expires?: string;
  /** Where the QR code leads: the verify page, checking this badge. */
  readonly verifyUrl: string;
  /** The PDF's creation date: the award's issue date, so a certificate is the same each time. */
  readonly issuedOn: string;
}

export interface RecordPdfs {
  transcript(request: TranscriptPdfRequest): Promise<Buffer>;
  certificate(request: CertificatePdfRequest): Promise<Buffer>;
}
