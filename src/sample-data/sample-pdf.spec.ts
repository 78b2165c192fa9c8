import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pageCountOf, pdfText, qpdfCheck } from '../reports/testing/pdf-inspect';
import { sniffBlob } from '../proofs/upload/type-sniffing';
import { samplePdf } from './sample-pdf';

describe('samplePdf', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sample-pdf-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a valid one-page PDF that says it is sample data, with its title and lines', async () => {
    const path = join(dir, 'proof.pdf');
    writeFileSync(path, samplePdf('1.2.9 Annual review memo (2025)', ['Pagedale Police Department', 'Dated 2025-04-27 (a) \\ back']));
    await expect(qpdfCheck(path)).resolves.toMatch(/No syntax or stream encoding errors found/);
    expect(await pageCountOf(path)).toBe(1);
    const text = await pdfText(path, { layout: false });
    expect(text).toContain('SAMPLE DATA');
    expect(text).toContain('1.2.9 Annual review memo (2025)');
    expect(text).toContain('Dated 2025-04-27 (a) \\ back');
  });

  it('is sniffed as a PDF, and different text gives different bytes', async () => {
    const a = samplePdf('A', ['x']);
    expect(await sniffBlob(new Blob([new Uint8Array(a)]))).toBe('application/pdf');
    expect(a.equals(samplePdf('A', ['y']))).toBe(false);
    expect(a.equals(samplePdf('A', ['x']))).toBe(true);
    expect(samplePdf('Café – “quoted”', []).toString('latin1')).toContain('(Caf? ? ?quoted?) Tj');
  });
});
