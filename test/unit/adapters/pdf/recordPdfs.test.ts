import { expect } from 'chai';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { pdfBytes } from '../../../../src/adapters/pdf-pdfkit/pdfDocument.js';
import { createPdfkitRecordPdfs } from '../../../../src/adapters/pdf-pdfkit/pdfkitRecordPdfs.js';
import { drawQrCode } from '../../../../src/adapters/pdf-pdfkit/qrCode.js';
import { projectPath } from '../../../../src/paths.js';
import type { CertificatePdfRequest, TranscriptLine, TranscriptPdfRequest } from '../../../../src/ports/recordPdfs.js';
import { pageText, readPdf } from '../../../support/pdfText.js';

const pdfs = createPdfkitRecordPdfs({ fontsDir: projectPath('assets', 'fonts') });
const VERIFY_URL = 'https://badges.example.org/verify?url=https%3A%2F%2Fbadges.example.org%2Fbadges%2F0190a1b2';

function line(index: number, overrides: Partial<TranscriptLine> = {}): TranscriptLine {
  return {
    awardId: `0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f${String(index).padStart(4, '0')}`,
    achievement: `AZ-${100 + index}`,
    name: `Azure exam number ${index}`,
    kind: 'exam',
    earnedOn: '2024-11-30T00:00:00Z',
    issuedOn: '2024-11-30T00:00:00Z',
    status: 'accepted',
    ...overrides,
  };
}

function transcriptOf(lines: readonly TranscriptLine[], overrides: Partial<TranscriptPdfRequest> = {}) {
  return {
    lang: 'en',
    issuerName: 'Accolade Certification Programme',
    profile: { id: 'ACC-7K3M-9QXP', name: 'Zoë Ångström-Nuñez' },
    generatedAt: '2025-06-01T12:00:00Z',
    lines,
    verifyUrl: 'https://badges.example.org/verify',
    ...overrides,
  } satisfies TranscriptPdfRequest;
}

function certificateOf(overrides: Partial<CertificatePdfRequest> = {}): CertificatePdfRequest {
  return {
    lang: 'en',
    issuerName: 'Accolade Certification Programme',
    recipientName: 'Zoë Ångström-Nuñez',
    profileId: 'ACC-7K3M-9QXP',
    awardId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
    achievementName: 'Azure Solutions Architect Expert',
    kind: 'certification',
    earnedOn: '2025-03-01T09:00:00Z',
    expires: '2026-03-04T10:20:30Z',
    verifyUrl: VERIFY_URL,
    issuedOn: '2025-03-01T09:00:00Z',
    ...overrides,
  };
}

describe('the printable transcript (PDF)', () => {
  it('names the issuer, the candidate and their profile id, and every achievement with its dates and status', async () => {
    const pdf = await pdfs.transcript(
      transcriptOf([
        line(4, { achievement: 'AZ-104', name: 'Azure Administrator exam', expires: '2026-03-04T10:20:30Z' }),
        line(5, {
          achievement: 'azure-solutions-architect-expert',
          name: 'Azure Solutions Architect Expert',
          kind: 'certification',
          earnedOn: '2025-03-01T09:00:00Z',
          status: 'pending',
        }),
        line(6, { status: 'revoked' }),
      ]),
    );
    expect(pdf.subarray(0, 5).toString('latin1')).to.equal('%PDF-');
    const content = readPdf(pdf);
    expect(content.pages).to.have.length(1);
    const text = pageText(content, 0);
    for (const expected of [
      'Accolade Certification Programme',
      'Transcript',
      'Zoë Ångström-Nuñez',
      'ACC-7K3M-9QXP',
      '1 June 2025',
      'Azure Administrator exam AZ-104 Exam 30 Nov 2024 4 Mar 2026 Accepted',
      'Azure Solutions Architect Expert azure-solutions-architect-expert Certification 1 Mar 2025 — Not yet claimed',
      'Azure exam number 6 AZ-106 Exam 30 Nov 2024 — Revoked',
      'Page 1 of 1',
    ]) {
      expect(text).to.include(expected);
    }
  });

  it('runs over as many pages as it takes, each with the table header, whose it is and its number', async () => {
    const lines = Array.from({ length: 40 }, (_, index) => line(index));
    const pdf = await pdfs.transcript(transcriptOf(lines));
    const content = readPdf(pdf);
    expect(content.pages.length).to.be.within(2, 4);
    const pages = content.pages.map((_, index) => pageText(content, index));
    for (const [index, text] of pages.entries()) {
      expect(text).to.include('Achievement Kind Earned Expires Status');
      expect(text).to.include('Zoë Ångström-Nuñez · Profile ID ACC-7K3M-9QXP');
      expect(text).to.include(`Page ${index + 1} of ${pages.length}`);
    }
    const all = pages.join(' ');
    for (const expected of lines) expect(all).to.include(`${expected.name} ${expected.achievement} Exam`);
    // Fonts are embedded as subsets of the glyphs used: size grows with content, not with the fonts.
    expect(pdf.length).to.be.below(120_000);
  });

  it('says so when there is nothing on record yet', async () => {
    const content = readPdf(await pdfs.transcript(transcriptOf([])));
    expect(content.pages).to.have.length(1);
    expect(pageText(content, 0)).to.include('No achievement on record yet.');
  });

  it('speaks French when asked to', async () => {
    const content = readPdf(await pdfs.transcript(transcriptOf([line(1, { status: 'declined' })], { lang: 'fr' })));
    const text = pageText(content, 0);
    expect(text).to.include('Relevé des réussites');
    expect(text).to.include('Identifiant de profil');
    expect(text).to.include('Azure exam number 1 AZ-101 Examen 30 nov. 2024 — Refusé');
    expect(text).to.include('Page 1 sur 1');
  });
});

describe('the printable certificate (PDF)', () => {
  it('is one page naming the candidate, the achievement, its dates, the profile id and the credential id', async () => {
    const pdf = await pdfs.certificate(certificateOf());
    const content = readPdf(pdf);
    expect(content.pages).to.have.length(1);
    const text = pageText(content, 0);
    for (const expected of [
      'ACCOLADE CERTIFICATION PROGRAMME',
      'Certificate',
      'Zoë Ångström-Nuñez',
      'has earned the certification',
      'Azure Solutions Architect Expert',
      'Earned on 1 March 2025',
      'Valid until 4 March 2026',
      'Profile ID ACC-7K3M-9QXP',
      'Credential ID 0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
      'Scan to verify',
      VERIFY_URL,
    ]) {
      expect(text).to.include(expected);
    }
    expect(pdf.length).to.be.below(80_000);
  });

  it('says an exam was passed, and leaves out an expiry there is none of, in French too', async () => {
    const text = pageText(
      readPdf(await pdfs.certificate(certificateOf({ lang: 'fr', kind: 'exam', expires: undefined }))),
      0,
    );
    expect(text).to.include('a réussi l’examen');
    expect(text).to.include('Obtenu le 1 mars 2025');
    expect(text).not.to.include('Valable jusqu’au');
  });
});

describe('the QR code on a certificate', () => {
  it('draws exactly the modules of the QR code for the verify URL', async () => {
    const doc = new PDFDocument({ size: [400, 400], margin: 0 });
    const size = 370;
    drawQrCode(doc, VERIFY_URL, 0, 0, size);
    const drawing = readPdf(await pdfBytes(doc)).drawings[0]!;
    const { modules } = QRCode.create(VERIFY_URL, { errorCorrectionLevel: 'M' });
    const cell = size / (modules.size + 8);
    const drawn = Array.from({ length: modules.size }, () => Array<boolean>(modules.size).fill(false));
    for (const [, x, y, width] of drawing.matchAll(/([\d.]+) ([\d.]+) ([\d.]+) [\d.]+ re/g)) {
      if (Number(width) >= size) continue; // the white quiet zone behind the code
      const row = Math.round(Number(y) / cell) - 4;
      const first = Math.round(Number(x) / cell) - 4;
      for (let column = first; column < first + Math.round(Number(width) / cell); column += 1) {
        drawn[row]![column] = true;
      }
    }
    const expected = Array.from({ length: modules.size }, (_, row) =>
      Array.from({ length: modules.size }, (_, column) => Boolean(modules.get(row, column))),
    );
    expect(drawn).to.deep.equal(expected);
  });
});
