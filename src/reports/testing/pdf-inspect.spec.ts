import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import { FONT } from '../pdf/document';
import { TINY_PNG } from './fixtures';
import { flatText, fontsOf, imageCount, outlineOf, pageCountOf, pageToPng, pdfInfo, pdfText, qpdfCheck } from './pdf-inspect';

/**
 * The PDF helpers on a small document made here with pdfkit: two pages, bookmarks with a child,
 * DejaVu embedded next to a standard font that is not, an image drawn twice.
 */

let dir: string;
let path: string;

async function writePdf(file: string): Promise<void> {
  const doc = new PDFDocument({ autoFirstPage: false, info: { Title: 'Helper check', Author: 'pdf-inspect spec', CreationDate: new Date('2026-03-12T19:05:00Z') } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on('end', resolve));
  doc.addPage({ size: 'LETTER', margin: 50 });
  doc.font(FONT.bold).fontSize(17).text('Readiness verdict', 50, 60);
  doc.font(FONT.regular).fontSize(10).text('Synthetic chapter 12', 50, 120, { lineBreak: false });
  doc.text('13', 400, 120, { lineBreak: false });
  doc.image(TINY_PNG, 50, 200, { width: 20 });
  doc.image(TINY_PNG, 80, 200, { width: 20 });
  const chapter = doc.outline.addItem('Chapter one');
  doc.addPage({ size: 'LETTER', margin: 50 });
  doc.font('Helvetica').fontSize(10).text('Second page in Helvetica', 50, 60, { lineBreak: false });
  chapter.addItem('Section on page two');
  doc.outline.addItem('Page two');
  doc.end();
  await done;
  writeFileSync(file, Buffer.concat(chunks));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'calea-pdf-inspect-'));
  path = join(dir, 'check.pdf');
  await writePdf(path);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('qpdfCheck', () => {
  it('passes a sound PDF with qpdf’s own words', async () => {
    await expect(qpdfCheck(path)).resolves.toMatch(/No syntax or stream encoding errors found/);
  });

  it('rejects a PDF with a damaged object, and one that is not a PDF', async () => {
    const bytes = readFileSync(path);
    const broken = Buffer.from(bytes);
    const at = bytes.indexOf(' 0 obj', Math.floor(bytes.length / 3));
    broken.write(' 0 XXX', at, 'latin1');
    writeFileSync(join(dir, 'broken.pdf'), broken);
    await expect(qpdfCheck(join(dir, 'broken.pdf'))).rejects.toThrow(/broken\.pdf \(object \d+ 0, offset \d+\): expected n n obj/);
    writeFileSync(join(dir, 'not.pdf'), 'hello');
    await expect(qpdfCheck(join(dir, 'not.pdf'))).rejects.toThrow(/not\.pdf: can't find PDF header/);
  });
});

describe('MuPDF readers', () => {
  it('counts the pages', async () => {
    await expect(pageCountOf(path)).resolves.toBe(2);
  });

  it('gives each page’s text, closed by a form feed, in layout mode with columns apart', async () => {
    const text = await pdfText(path);
    const pages = text.split('\f');
    expect(pages).toHaveLength(3);
    expect(pages[0]).toContain('Readiness verdict\n');
    expect(pages[0]).toMatch(/^Synthetic chapter 12\s{2,}13$/m);
    expect(pages[1]).toBe('Second page in Helvetica\n');
  });

  it('gives a page range, and the reading order when asked', async () => {
    await expect(pdfText(path, { first: 2 })).resolves.toBe('Second page in Helvetica\n\f');
    await expect(pdfText(path, { first: 1, last: 1 })).resolves.not.toContain('Helvetica');
    expect(flatText(await pdfText(path, { layout: false }))).toContain('Synthetic chapter 12');
  });

  it('reads the bookmarks with 1-based pages and children', async () => {
    await expect(outlineOf(path)).resolves.toEqual([
      { title: 'Chapter one', page: 1, kids: [{ title: 'Section on page two', page: 2, kids: [] }] },
      { title: 'Page two', page: 2, kids: [] },
    ]);
  });

  it('reads the document information with pdfinfo’s keys', async () => {
    const info = await pdfInfo(path);
    expect(info).toMatchObject({ Title: 'Helper check', Author: 'pdf-inspect spec', Pages: '2', CreationDate: '2026-03-12T19:05:00Z', Encrypted: 'no' });
  });

  it('lists each font once: embedded with a Unicode map, or a standard font that is neither', async () => {
    const fonts = await fontsOf(path);
    expect(fonts.map((f) => ({ ...f, name: f.name.replace(/^[A-Z]{6}\+/, '') })).sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { name: 'DejaVuSans', type: 'CID TrueType', embedded: true, unicode: true },
      { name: 'DejaVuSans-Bold', type: 'CID TrueType', embedded: true, unicode: true },
      { name: 'Helvetica', type: 'Type 1', embedded: false, unicode: false },
    ]);
  });

  it('counts every drawing of an image, not its soft mask', async () => {
    await expect(imageCount(path)).resolves.toBe(2);
  });

  it('renders a page to a PNG', async () => {
    const png = join(dir, 'page-1.png');
    await pageToPng(path, 1, 30, png);
    const bytes = readFileSync(png);
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    // Letter at 30 dpi: 255 x 330 pixels.
    expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([255, 330]);
  });
});
