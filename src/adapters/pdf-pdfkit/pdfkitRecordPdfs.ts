import type { RecordPdfs } from '../../ports/recordPdfs.js';
import { renderCertificatePdf } from './certificatePdf.js';
import { renderTranscriptPdf } from './transcriptPdf.js';

/** Transcripts and certificates drawn with pdfkit, in the fonts shipped under `fontsDir`. */
export function createPdfkitRecordPdfs(options: { readonly fontsDir: string }): RecordPdfs {
  return {
    transcript: (request) => renderTranscriptPdf(options.fontsDir, request),
    certificate: (request) => renderCertificatePdf(options.fontsDir, request),
  };
}
