import type { TranscriptLine, TranscriptPdfRequest } from '../../ports/recordPdfs.js';
import { BOLD, newPdf, pdfBytes, REGULAR } from './pdfDocument.js';
import { PDF_TEXTS, type PdfTexts, pdfDate } from './pdfTexts.js';

const INK = '#1f2933';
const MUTED = '#52606d';
const RULE = '#cbd2d9';

/** Column left edges and widths across the A4 page's 483-point text width. */
const COLUMNS = {
  achievement: { x: 0, width: 190 },
  kind: { x: 196, width: 64 },
  earned: { x: 264, width: 66 },
  expires: { x: 334, width: 66 },
  status: { x: 404, width: 79 },
} as const;

function header(doc: PDFKit.PDFDocument, left: number, texts: PdfTexts): void {
  const y = doc.y;
  doc.font(BOLD).fontSize(8.5).fillColor(MUTED);
  doc.text(texts.achievement, left + COLUMNS.achievement.x, y, { width: COLUMNS.achievement.width });
  doc.text(texts.kind, left + COLUMNS.kind.x, y, { width: COLUMNS.kind.width });
  doc.text(texts.earned, left + COLUMNS.earned.x, y, { width: COLUMNS.earned.width });
  doc.text(texts.expires, left + COLUMNS.expires.x, y, { width: COLUMNS.expires.width });
  doc.text(texts.status, left + COLUMNS.status.x, y, { width: COLUMNS.status.width });
  const below = y + 14;
  doc
    .moveTo(left, below)
    .lineTo(left + 483, below)
    .lineWidth(0.75)
    .strokeColor(RULE)
    .stroke();
  doc.y = below + 6;
}

/** The height a line of the table needs: the achievement's name may wrap. */
function lineHeight(doc: PDFKit.PDFDocument, line: TranscriptLine): number {
  doc.font(BOLD).fontSize(9.5);
  const name = doc.heightOfString(line.name, { width: COLUMNS.achievement.width });
  return name + 12 + 8;
}

function row(doc: PDFKit.PDFDocument, left: number, line: TranscriptLine, request: TranscriptPdfRequest): void {
  const texts = PDF_TEXTS[request.lang];
  const y = doc.y;
  doc.font(BOLD).fontSize(9.5).fillColor(INK);
  doc.text(line.name, left, y, { width: COLUMNS.achievement.width });
  doc.font(REGULAR).fontSize(8).fillColor(MUTED);
  doc.text(line.achievement, left, doc.y + 1, { width: COLUMNS.achievement.width });
  const bottom = doc.y;
  doc.font(REGULAR).fontSize(8.5).fillColor(INK);
  doc.text(texts[line.kind], left + COLUMNS.kind.x, y, { width: COLUMNS.kind.width });
  doc.text(pdfDate(line.earnedOn, request.lang, 'short'), left + COLUMNS.earned.x, y, { width: COLUMNS.earned.width });
  doc.text(line.expires ? pdfDate(line.expires, request.lang, 'short') : '—', left + COLUMNS.expires.x, y, {
    width: COLUMNS.expires.width,
  });
  doc.text(texts.statuses[line.status] ?? line.status, left + COLUMNS.status.x, y, { width: COLUMNS.status.width });
  doc.y = Math.max(bottom, doc.y) + 8;
}

function title(doc: PDFKit.PDFDocument, request: TranscriptPdfRequest): void {
  const texts = PDF_TEXTS[request.lang];
  const left = doc.page.margins.left;
  doc.font(BOLD).fontSize(10).fillColor(MUTED).text(request.issuerName, left, doc.page.margins.top);
  doc.moveDown(0.3);
  doc.font(BOLD).fontSize(22).fillColor(INK).text(texts.transcriptTitle);
  doc.moveDown(0.8);
  const facts: [string, string][] = [
    [texts.name, request.profile.name],
    [texts.profileId, request.profile.id],
    [texts.generatedOn, pdfDate(request.generatedAt, request.lang)],
  ];
  for (const [label, value] of facts) {
    const y = doc.y;
    doc.font(REGULAR).fontSize(9.5).fillColor(MUTED).text(label, left, y, { width: 110 });
    doc
      .font(BOLD)
      .fontSize(10.5)
      .fillColor(INK)
      .text(value, left + 115, y, { width: 368 });
    doc.moveDown(0.35);
  }
  doc.moveDown(1);
}

/** "Page n of m" and where to verify, on every page once all pages exist. */
function footers(doc: PDFKit.PDFDocument, request: TranscriptPdfRequest): void {
  const texts = PDF_TEXTS[request.lang];
  const range = doc.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index += 1) {
    doc.switchToPage(index);
    const { left } = doc.page.margins;
    const y = doc.page.height - doc.page.margins.bottom + 14;
    // Below the bottom margin: lifted for the footer so pdfkit does not start a new page.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font(REGULAR).fontSize(7.5).fillColor(MUTED);
    // Every page names whose transcript it is, so a loose page still says so.
    const whose = `${request.profile.name} · ${texts.profileId} ${request.profile.id}`;
    doc.text(whose, left, y - 11, { width: 360, lineBreak: false });
    doc.text(`${texts.verifyAt} ${request.verifyUrl}`, left, y, { width: 360, lineBreak: false });
    doc.text(texts.page(index + 1, range.count), left + 363, y, { width: 120, align: 'right', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
}

/**
 * The printable transcript: issuer, profile name and id, then every achievement with its kind,
 * dates and status, in the order given, over as many A4 pages as it takes (the table header
 * repeated on each), numbered at the foot.
 */
export async function renderTranscriptPdf(fontsDir: string, request: TranscriptPdfRequest): Promise<Buffer> {
  const texts = PDF_TEXTS[request.lang];
  const doc = newPdf({
    fontsDir,
    size: 'A4',
    layout: 'portrait',
    title: `${texts.transcriptTitle} — ${request.profile.name} (${request.profile.id})`,
    author: request.issuerName,
    createdAt: request.generatedAt,
  });
  const left = doc.page.margins.left;
  title(doc, request);
  if (request.lines.length === 0) {
    doc.font(REGULAR).fontSize(10).fillColor(INK).text(texts.none, left, doc.y);
  } else {
    header(doc, left, texts);
    const limit = doc.page.height - doc.page.margins.bottom;
    for (const line of request.lines) {
      if (doc.y + lineHeight(doc, line) > limit) {
        doc.addPage();
        doc.y = doc.page.margins.top;
        header(doc, left, texts);
      }
      row(doc, left, line, request);
    }
  }
  footers(doc, request);
  return pdfBytes(doc);
}
