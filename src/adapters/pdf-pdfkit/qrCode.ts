import QRCode from 'qrcode';

/**
 * Draws `text` as a QR code of `size` points with its top-left corner at (x, y), as vector
 * squares: sharp at any print size, and no image to encode. Error correction M (15 %) survives a
 * crease or a smudge on paper. The quiet zone the standard asks for (4 modules) is left around it.
 */
export function drawQrCode(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number): void {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const count = modules.size + 8;
  const cell = size / count;
  doc.save();
  doc.rect(x, y, size, size).fill('#ffffff');
  // One rectangle per run of dark modules in a row: fewer operators, no hairlines between them.
  for (let row = 0; row < modules.size; row += 1) {
    let column = 0;
    while (column < modules.size) {
      if (!modules.get(row, column)) {
        column += 1;
        continue;
      }
      const start = column;
      while (column < modules.size && modules.get(row, column)) column += 1;
      doc.rect(x + (start + 4) * cell, y + (row + 4) * cell, (column - start) * cell, cell);
    }
  }
  doc.fill('#000000');
  doc.restore();
}
