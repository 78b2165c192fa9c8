import { ensureSpace, FONT, ReportLayout, TYPE } from './document';
import { drawLine, drawWrapped, wrappedHeight } from './text';

/** A signature block kept on one page: an attestation, then signature and date lines with their captions. */

export interface SignatureBlock {
  statement: string;
  /** Printed under the signature line, e.g. 'Jane Doe, Chief of Police'; blank to write by hand. */
  signer: string;
  /** Caption of the date line, e.g. 'Date'. */
  dateLabel: string;
  /** Printed on the date line when already known. */
  dateValue?: string | null;
}

export function signatureBlockHeight(doc: PDFKit.PDFDocument, layout: ReportLayout, block: SignatureBlock): number {
  return wrappedHeight(doc, block.statement, layout.frame.width, { size: TYPE.body, lineGap: 1.5 }) + 12 + 40 + 40;
}

export function drawSignatureBlock(doc: PDFKit.PDFDocument, layout: ReportLayout, block: SignatureBlock): void {
  const { frame, colors } = layout;
  ensureSpace(doc, layout, signatureBlockHeight(doc, layout, block));
  const statementHeight = drawWrapped(doc, block.statement, frame.left, doc.y, frame.width, { size: TYPE.body, color: colors.text, lineGap: 1.5 });
  const lineY = doc.y + statementHeight + 14 + 50;
  const signWidth = frame.width * 0.58;
  const dateX = frame.left + signWidth + frame.width * 0.08;
  const dateWidth = frame.right - 14 - dateX;

  doc.roundedRect(frame.left, lineY - 50, frame.width, 80, 5).fill(colors.background);
  doc.rect(frame.left, lineY - 50, 3, 80).fill(colors.accent);
  for (const [x, w] of [
    [frame.left + 14, signWidth - 14],
    [dateX, dateWidth],
  ] as const) {
    doc
      .moveTo(x, lineY)
      .lineTo(x + w, lineY)
      .lineWidth(0.9)
      .strokeColor(colors.text)
      .stroke();
  }
  if (block.dateValue) drawLine(doc, block.dateValue, dateX + 2, lineY - 13, dateWidth - 4, { size: TYPE.body + 1, color: colors.text });
  drawLine(doc, block.signer || 'Name and title', frame.left + 14, lineY + 5, signWidth - 14, { size: TYPE.body, bold: true, color: colors.text });
  drawLine(doc, 'Signature', frame.left + 14, lineY + 17, signWidth - 14, { size: TYPE.small, color: colors.muted });
  doc.font(FONT.bold);
  drawLine(doc, block.dateLabel, dateX, lineY + 5, dateWidth, { size: TYPE.body, bold: true, color: colors.text });
  doc.y = lineY + 36;
}
