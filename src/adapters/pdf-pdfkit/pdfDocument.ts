import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';

export const REGULAR = 'DejaVuSans';
export const BOLD = 'DejaVuSans-Bold';

export interface PdfOptions {
  readonly fontsDir: string;
  readonly size: 'A4';
  readonly layout: 'portrait' | 'landscape';
  readonly title: string;
  readonly author: string;
  /** The document's creation date, from the request (never the wall clock). */
  readonly createdAt: string;
}

/** The font files, read once: each is about 700 KB and every PDF needs both. */
const fontFiles = new Map<string, Buffer>();

function fontFile(fontsDir: string, name: string): Buffer {
  const path = join(fontsDir, name);
  let bytes = fontFiles.get(path);
  if (bytes === undefined) {
    bytes = readFileSync(path);
    fontFiles.set(path, bytes);
  }
  return bytes;
}

/**
 * A pdfkit document that writes with the fonts the service ships (assets/fonts, DejaVu Sans),
 * embedded as subsets, so a PDF prints the same on any machine and every accented name keeps its
 * glyphs; the standard PDF fonts cover Latin-1 only. Nothing in it depends on the hour it is made.
 */
export function newPdf(options: PdfOptions): PDFKit.PDFDocument {
  const doc = new PDFDocument({
    size: options.size,
    layout: options.layout,
    margin: 56,
    bufferPages: true,
    autoFirstPage: true,
    info: {
      Title: options.title,
      Author: options.author,
      Creator: options.author,
      Producer: options.author,
      CreationDate: new Date(options.createdAt),
      ModDate: new Date(options.createdAt),
    },
    lang: undefined,
  });
  doc.registerFont(REGULAR, fontFile(options.fontsDir, 'DejaVuSans.ttf'));
  doc.registerFont(BOLD, fontFile(options.fontsDir, 'DejaVuSans-Bold.ttf'));
  doc.font(REGULAR);
  return doc;
}

/** Ends the document and answers its bytes. */
export function pdfBytes(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}
