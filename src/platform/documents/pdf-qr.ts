/**
 * A QR code drawn as vector squares (package `qrcode` computes the modules): sharp at any print size, and no image
 * to encode. Error correction M, the four-module quiet zone the standard asks for inside the given size.
 */
import { create } from 'qrcode';

const QUIET = 4;

export function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number): void {
  const { modules } = create(text, { errorCorrectionLevel: 'M' });
  const n = modules.size;
  const unit = size / (n + 2 * QUIET);
  doc.save().rect(x, y, size, size).fill('#ffffff');
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) {
      // A hair wider than a module, so that neighbouring squares print without seams.
      if (modules.data[row * n + col]) doc.rect(x + (QUIET + col) * unit, y + (QUIET + row) * unit, unit + 0.05, unit + 0.05);
    }
  }
  doc.fill('#000000').restore();
}
