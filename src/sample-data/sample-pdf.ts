/**
 * A small, valid one-page PDF (Letter, Helvetica) with a title and a few lines: the bytes of a
 * sample proof, so the first start's proofs open, download and go into the binder like real ones.
 * Written by hand (no layout engine): a first start files a few hundred of them in well under a
 * second. Text is limited to printable ASCII; anything else becomes "?".
 */
export function samplePdf(title: string, lines: readonly string[]): Buffer {
  const text = (value: string): string =>
    value
      .replace(/[^\x20-\x7e]/g, '?')
      .replace(/[\\()]/g, (c) => `\\${c}`);
  const content = [
    'BT',
    '/F1 9 Tf 72 740 Td (SAMPLE DATA - synthetic, for the demo of the CALEA tracker) Tj',
    '/F1 16 Tf 0 -30 Td',
    `(${text(title)}) Tj`,
    '/F1 11 Tf',
    ...lines.map((line) => `0 -20 Td (${text(line)}) Tj`),
    'ET',
  ].join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
  ];
  let body = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}
