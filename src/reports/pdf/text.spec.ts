import PDFDocument from 'pdfkit';
import { generateSyntheticManual } from '../../standards/rules/synthetic-manual';
import { FONT } from './document';
import { truncateMiddle, truncateToWidth } from './layout';
import { estimateWidth, fitToWidth, fitsWidth, wrappedHeight } from './text';

/**
 * The fast measuring of text.ts against pdfkit's own (shaped) measure: the estimate never says a
 * text fits when it does not, a shortened text never spills, and heights match heightOfString.
 */

const doc = new PDFDocument({ font: FONT.regular });
const titles = generateSyntheticManual().map((s) => s.title);
const samples = [
  ...titles.slice(0, 120),
  'use-of-force-analysis-2024-final-signed-by-the-chief.pdf',
  'Résumé — oath roster 2026.pdf',
  'AVAVAV Tyrone WAVE Yoda',
  'office affluent fifty',
  '9584767284eb',
  'Accepted: Morgan Manager',
];

describe.each([
  [FONT.regular, 7],
  [FONT.bold, 10],
])('%s at %p pt', (font, size) => {
  beforeEach(() => {
    doc.font(font).fontSize(size);
  });

  it('estimates no text narrower than pdfkit measures it', () => {
    for (const text of samples) expect(estimateWidth(doc, text)).toBeGreaterThanOrEqual(doc.widthOfString(text) - 1e-9);
  });

  it('says a text fits exactly when pdfkit says so', () => {
    for (const text of samples) {
      const exact = doc.widthOfString(text);
      for (const room of [exact - 0.01, exact, exact + 0.01, exact * 1.2]) expect(fitsWidth(doc, text, room)).toBe(exact <= room);
    }
  });

  it('shortens to fit, end or middle, never wider than the room and close to the longest that fits', () => {
    for (const text of samples) {
      for (const room of [30, 60, 120]) {
        for (const mode of ['end', 'middle'] as const) {
          const shown = fitToWidth(doc, text, room, mode);
          expect(doc.widthOfString(shown)).toBeLessThanOrEqual(room + 1e-9);
          const best = (mode === 'end' ? truncateToWidth : truncateMiddle)(text, room, (s) => doc.widthOfString(s));
          expect([...shown].length).toBeGreaterThanOrEqual([...best].length - 2);
          if (doc.widthOfString(text) <= room) expect(shown).toBe(text);
        }
      }
    }
  });

  it('gives the height pdfkit gives, on one line or wrapped', () => {
    for (const text of [...samples, 'first line\nsecond line', titles.join(' ').slice(0, 400)]) {
      for (const width of [80, 200, 500]) {
        expect(wrappedHeight(doc, text, width, { size, bold: font === FONT.bold })).toBeCloseTo(doc.heightOfString(text, { width }), 6);
      }
    }
  });
});
