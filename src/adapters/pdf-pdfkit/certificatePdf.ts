import type { CertificatePdfRequest } from '../../ports/recordPdfs.js';
import { BOLD, newPdf, pdfBytes, REGULAR } from './pdfDocument.js';
import { PDF_TEXTS, pdfDate } from './pdfTexts.js';
import { drawQrCode } from './qrCode.js';

const INK = '#1f2933';
const MUTED = '#52606d';
const ACCENT = '#0b5394';
const QR_SIZE = 118;

/** Centred text across the page's width between its margins. */
function centred(doc: PDFKit.PDFDocument, text: string, font: string, size: number, color: string): void {
  const { left, right } = doc.page.margins;
  doc
    .font(font)
    .fontSize(size)
    .fillColor(color)
    .text(text, left, doc.y, { width: doc.page.width - left - right, align: 'center' });
}

/**
 * One badge as a printable certificate (A4 landscape): who earned what and when, until when it
 * is valid, the profile id and the credential id to quote, and a QR code leading to the verify
 * page for this very badge, so whoever holds the paper can check it is genuine and not revoked.
 */
export async function renderCertificatePdf(fontsDir: string, request: CertificatePdfRequest): Promise<Buffer> {
  const texts = PDF_TEXTS[request.lang];
  const doc = newPdf({
    fontsDir,
    size: 'A4',
    layout: 'landscape',
    title: `${texts.certificateTitle} — ${request.achievementName} — ${request.recipientName}`,
    author: request.issuerName,
    createdAt: request.issuedOn,
  });
  const { width, height } = doc.page;
  doc
    .rect(20, 20, width - 40, height - 40)
    .lineWidth(3)
    .strokeColor(ACCENT)
    .stroke();
  doc
    .rect(28, 28, width - 56, height - 56)
    .lineWidth(0.75)
    .strokeColor(ACCENT)
    .stroke();

  doc.y = 70;
  centred(doc, request.issuerName.toUpperCase(), BOLD, 12, MUTED);
  doc.moveDown(0.6);
  centred(doc, texts.certificateTitle, BOLD, 34, ACCENT);
  doc.moveDown(0.9);
  centred(doc, texts.certifies, REGULAR, 13, MUTED);
  doc.moveDown(0.4);
  centred(doc, request.recipientName, BOLD, 28, INK);
  doc.moveDown(0.4);
  centred(doc, texts.hasEarned[request.kind], REGULAR, 13, MUTED);
  doc.moveDown(0.4);
  centred(doc, request.achievementName, BOLD, 22, INK);
  doc.moveDown(1.2);
  const dates = [`${texts.earnedOn} ${pdfDate(request.earnedOn, request.lang)}`];
  if (request.expires) dates.push(`${texts.validUntil} ${pdfDate(request.expires, request.lang)}`);
  centred(doc, dates.join('   ·   '), REGULAR, 12, INK);

  const { left, bottom } = doc.page.margins;
  const qrX = width - left - QR_SIZE;
  const qrY = height - bottom - QR_SIZE - 10;
  drawQrCode(doc, request.verifyUrl, qrX, qrY, QR_SIZE);
  doc
    .font(REGULAR)
    .fontSize(7.5)
    .fillColor(MUTED)
    .text(texts.scanToVerify, qrX, qrY + QR_SIZE + 1, { width: QR_SIZE, align: 'center', lineBreak: false });

  const factsY = qrY + 20;
  const facts: [string, string][] = [
    [texts.profileId, request.profileId],
    [texts.credentialId, request.awardId],
  ];
  doc.y = factsY;
  for (const [label, value] of facts) {
    const y = doc.y;
    doc
      .font(REGULAR)
      .fontSize(9)
      .fillColor(MUTED)
      .text(label, left + 20, y, { width: 160 });
    doc
      .font(BOLD)
      .fontSize(10)
      .fillColor(INK)
      .text(value, left + 185, y, { width: qrX - left - 205 });
    doc.moveDown(0.5);
  }
  doc
    .font(REGULAR)
    .fontSize(7.5)
    .fillColor(MUTED)
    .text(request.verifyUrl, left + 20, doc.y + 6, { width: qrX - left - 40, lineBreak: true });
  return pdfBytes(doc);
}
