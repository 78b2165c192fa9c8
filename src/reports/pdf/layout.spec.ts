import type { CoverageCell } from '../../compliance/rules/coverage-grid';
import { barBand, barThickness } from './bar-chart';
import {
  BreakDecision,
  ColumnWidth,
  compliancePercent,
  contentFrame,
  formatPercent,
  heatMapColour,
  HeatMapGeometry,
  HeatMapSlice,
  heatMapSlices,
  luminance,
  pageBreakDecision,
  paginate,
  resolveColumnWidths,
  rowsThatFit,
  scaleBar,
  textOn,
  tint,
  truncateMiddle,
  truncateToWidth,
} from './layout';

// Every character 5 points wide: easy to reason about.
const mono = (s: string) => [...s].length * 5;

describe('contentFrame', () => {
  it('is the page inside the margins', () => {
    expect(contentFrame({ width: 612, height: 792, margins: { top: 58, right: 54, bottom: 54, left: 54 } })).toEqual({
      left: 54,
      top: 58,
      right: 558,
      bottom: 738,
      width: 504,
      height: 680,
    });
  });

  it('refuses margins that leave nothing', () => {
    expect(() => contentFrame({ width: 100, height: 100, margins: { top: 50, right: 50, bottom: 50, left: 50 } })).toThrow(RangeError);
  });
});

describe('pageBreakDecision', () => {
  const frame = { top: 50, bottom: 750 };
  it.each<[number, number, BreakDecision]>([
    [50, 100, 'fits'],
    [700, 50, 'fits'], // ends exactly at the bottom
    [700, 50.005, 'fits'], // floating-point slack
    [700, 51, 'new_page'],
    [740, 20, 'new_page'],
    [50, 700, 'fits'], // a full page at the top
    [50, 701, 'oversize'],
    [400, 701, 'oversize'],
    [749, 0, 'fits'],
  ])('cursor %d, block %d -> %s', (y, height, expected) => {
    expect(pageBreakDecision(y, height, frame)).toBe(expected);
  });

  it.each([[-1], [Number.NaN]])('refuses height %d', (height) => {
    expect(() => pageBreakDecision(50, height, frame)).toThrow(RangeError);
  });
});

describe('resolveColumnWidths', () => {
  it.each<[ColumnWidth[], number, number[]]>([
    [[100, { flex: 1 }], 500, [100, 400]],
    [[{ flex: 1 }, { flex: 3 }], 400, [100, 300]],
    [[50, { flex: 2 }, 50, { flex: 1 }], 350, [50, 166.66666666666666, 50, 83.33333333333333]],
    // fixed columns only: scaled to span the frame
    [[100, 100], 300, [150, 150]],
    [[100, 300], 400, [100, 300]],
  ])('%j in %d -> %j', (widths, total, expected) => {
    const resolved = resolveColumnWidths(widths, total);
    expect(resolved).toEqual(expected);
    expect(resolved.reduce((a, b) => a + b, 0)).toBeCloseTo(total, 6);
  });

  it.each<[ColumnWidth[], number]>([
    [[300, { flex: 1 }], 300], // nothing left for the flexible column
    [[400, 200], 500], // fixed columns wider than the table
    [[0, { flex: 1 }], 100],
    [[{ flex: 0 }], 100],
    [[-10, { flex: 1 }], 100],
  ])('refuses %j in %d', (widths, total) => {
    expect(() => resolveColumnWidths(widths, total)).toThrow(RangeError);
  });
});

describe('truncateToWidth', () => {
  it.each<[string, number, string]>([
    ['Oath of Office', 70, 'Oath of Office'], // 14 chars = 70: fits exactly
    ['Oath of Office', 69, 'Oath of Offi…'],
    ['Oath of Office', 40, 'Oath of…'], // 8 characters = 40pt: fits exactly
    ['Oath of Office', 39, 'Oath o…'],
    ['Oath of Office', 30, 'Oath…'], // trailing space trimmed before the ellipsis
    ['Oath of Office', 5, '…'],
    ['Oath of Office', 4, ''],
    ['', 10, ''],
    ['Überprüfung', 30, 'Überp…'], // counted in characters, not UTF-16 units
  ])('%j in %d -> %j', (text, width, expected) => {
    const result = truncateToWidth(text, width, mono);
    expect(result).toBe(expected);
    expect(mono(result)).toBeLessThanOrEqual(width);
  });
});

describe('truncateMiddle', () => {
  it.each<[string, number, string]>([
    ['use-of-force-analysis-2024.pdf', 150, 'use-of-force-analysis-2024.pdf'],
    ['use-of-force-analysis-2024.pdf', 100, 'use-of-for…-2024.pdf'], // 20 characters = 100pt
    ['use-of-force-analysis-2024.pdf', 99, 'use-of-fo…-2024.pdf'],
    ['use-of-force-analysis-2024.pdf', 60, 'use-of…4.pdf'],
    ['use-of-force-analysis-2024.pdf', 5, '…'],
    ['use-of-force-analysis-2024.pdf', 3, ''],
  ])('%j in %d -> %j', (text, width, expected) => {
    const result = truncateMiddle(text, width, mono);
    expect(result).toBe(expected);
    expect(mono(result)).toBeLessThanOrEqual(width);
  });

  it('keeps the extension whenever a few characters fit', () => {
    for (let width = 40; width < 150; width += 5) {
      const result = truncateMiddle('use-of-force-analysis-2024-final.pdf', width, mono);
      expect(result.endsWith('.pdf') || result === 'use-of-force-analysis-2024-final.pdf').toBe(true);
    }
  });
});

describe('scaleBar', () => {
  it.each<[number, number, number, number]>([
    [0, 100, 300, 0],
    [50, 100, 300, 150],
    [80, 100, 250, 200],
    [100, 100, 300, 300],
    [120, 100, 300, 300], // clamped to the axis
    [-5, 100, 300, 0],
    [Number.NaN, 100, 300, 0],
    [3, 4, 100, 75],
    [50, 100, 0, 0],
  ])('%d of %d on %dpt -> %dpt', (value, max, length, expected) => {
    expect(scaleBar(value, max, length)).toBe(expected);
  });

  it.each([[0], [-1]])('refuses an axis with max %d', (max) => {
    expect(() => scaleBar(1, max, 100)).toThrow(RangeError);
  });
});

describe('compliancePercent and formatPercent', () => {
  it.each<[number, number, number | null, string]>([
    [0, 0, null, 'n/a'],
    [10, 10, 100, '100%'],
    [3, 4, 75, '75%'],
    [2, 3, 66.6, '66.6%'], // rounded down like readinessVerdict
    [1998, 2499, 79.9, '79.9%'], // never a misleading 80%
    [0, 7, 0, '0%'],
  ])('%d of %d -> %s (%s)', (compliant, applicable, percent, text) => {
    const p = compliancePercent({ applicable, compliant });
    expect(p).toBe(percent);
    expect(formatPercent(p)).toBe(text);
  });
});

describe('paginate', () => {
  it.each<[number, number, number, number[]]>([
    [0, 10, 20, []],
    [5, 10, 20, [5]],
    [10, 10, 20, [10]],
    [11, 10, 20, [10, 1]],
    [45, 10, 20, [10, 20, 15]],
    [45, 0, 20, [20, 20, 5]], // nothing fits on the first page
    [45, -3, 20, [20, 20, 5]],
    [7, 2.9, 3.7, [2, 3, 2]], // partial rows round down
  ])('%d items, %d first, %d per page -> %j', (count, first, perPage, expected) => {
    expect(paginate(count, first, perPage)).toEqual(expected);
  });

  it.each([[-1, 1, 1], [1.5, 1, 1], [5, 1, 0]])('refuses %d items, %d, %d', (count, first, perPage) => {
    expect(() => paginate(count, first, perPage)).toThrow(RangeError);
  });
});

describe('rowsThatFit', () => {
  it.each<[number, number, number]>([
    [100, 10, 10],
    [99.999, 10, 10], // slack
    [95, 10, 9],
    [0, 10, 0],
    [-20, 10, 0],
  ])('%d / %d -> %d', (available, row, expected) => {
    expect(rowsThatFit(available, row)).toBe(expected);
  });
});

describe('heatMapSlices', () => {
  const cover = (slices: HeatMapSlice[]) => slices.flatMap((s) => Array.from({ length: s.to - s.from }, (_, i) => s.from + i));

  it.each<[string, HeatMapGeometry, HeatMapSlice[]]>([
    [
      'a short list stays in one column',
      { rows: 10, firstRowsPerColumn: 60, rowsPerColumn: 75, columns: 4 },
      [{ page: 0, column: 0, from: 0, to: 10 }],
    ],
    [
      'the last page spreads rows over every column',
      { rows: 183, firstRowsPerColumn: 68, rowsPerColumn: 75, columns: 4 },
      [
        { page: 0, column: 0, from: 0, to: 46 },
        { page: 0, column: 1, from: 46, to: 92 },
        { page: 0, column: 2, from: 92, to: 138 },
        { page: 0, column: 3, from: 138, to: 183 },
      ],
    ],
    [
      'full pages first, then a balanced tail',
      { rows: 461, firstRowsPerColumn: 60, rowsPerColumn: 75, columns: 5 },
      [
        { page: 0, column: 0, from: 0, to: 60 },
        { page: 0, column: 1, from: 60, to: 120 },
        { page: 0, column: 2, from: 120, to: 180 },
        { page: 0, column: 3, from: 180, to: 240 },
        { page: 0, column: 4, from: 240, to: 300 },
        { page: 1, column: 0, from: 300, to: 333 },
        { page: 1, column: 1, from: 333, to: 366 },
        { page: 1, column: 2, from: 366, to: 399 },
        { page: 1, column: 3, from: 399, to: 432 },
        { page: 1, column: 4, from: 432, to: 461 },
      ],
    ],
    [
      'no room on the first page',
      { rows: 20, firstRowsPerColumn: 0, rowsPerColumn: 75, columns: 2 },
      [{ page: 1, column: 0, from: 0, to: 20 }],
    ],
    [
      'a list just past the minimum stays in one column, never 12 and 1',
      { rows: 13, firstRowsPerColumn: 60, rowsPerColumn: 75, columns: 9 },
      [{ page: 0, column: 0, from: 0, to: 13 }],
    ],
    [
      'the tail is spread over the columns that hold the minimum each',
      { rows: 30, firstRowsPerColumn: 60, rowsPerColumn: 75, columns: 4 },
      [
        { page: 0, column: 0, from: 0, to: 15 },
        { page: 0, column: 1, from: 15, to: 30 },
      ],
    ],
    [
      'short columns are filled before another starts',
      { rows: 30, firstRowsPerColumn: 10, rowsPerColumn: 75, columns: 4 },
      [
        { page: 0, column: 0, from: 0, to: 10 },
        { page: 0, column: 1, from: 10, to: 20 },
        { page: 0, column: 2, from: 20, to: 30 },
      ],
    ],
  ])('%s', (_name, geometry, expected) => {
    const slices = heatMapSlices(geometry);
    expect(slices).toEqual(expected);
    expect(cover(slices)).toEqual(Array.from({ length: geometry.rows }, (_, i) => i));
  });

  it('never puts more rows in a column than fit', () => {
    for (const rows of [1, 74, 75, 76, 299, 300, 301, 461, 1000]) {
      const geometry = { rows, firstRowsPerColumn: 50, rowsPerColumn: 75, columns: 4 };
      const slices = heatMapSlices(geometry);
      expect(cover(slices)).toHaveLength(rows);
      for (const s of slices) expect(s.to - s.from).toBeLessThanOrEqual(s.page === 0 ? 50 : 75);
    }
  });

  it('refuses a grid without columns', () => {
    expect(() => heatMapSlices({ rows: 5, firstRowsPerColumn: 5, rowsPerColumn: 5, columns: 0 })).toThrow(RangeError);
  });
});

describe('heatMapColour', () => {
  const palette = { present: '#00aa00', missing: '#aa0000', notRequired: '#eeeeee' };
  it.each<[CoverageCell, string]>([
    ['present', '#00aa00'],
    ['missing', '#aa0000'],
    ['not_required', '#eeeeee'],
  ])('%s -> %s', (cell, colour) => {
    expect(heatMapColour(cell, palette)).toBe(colour);
  });
});

describe('colours', () => {
  it.each<[string, number, string]>([
    ['#1f3a5f', 0, '#1f3a5f'],
    ['#1f3a5f', 1, '#ffffff'],
    ['#000000', 0.5, '#808080'],
    ['#b3261e', 0.9, '#f7e9e9'],
  ])('tint(%s, %d) -> %s', (hex, amount, expected) => {
    expect(tint(hex, amount)).toBe(expected);
  });

  it.each([['#12345', 0.5], ['#1f3a5f', 1.5], ['#1f3a5f', -0.1]])('tint refuses %s, %d', (hex, amount) => {
    expect(() => tint(hex, amount)).toThrow(RangeError);
  });

  it.each<[string, string]>([
    ['#1f3a5f', '#ffffff'], // navy: white text
    ['#b3261e', '#ffffff'],
    ['#e3e7ec', '#1f2933'], // light grey: dark text
    ['#ffffff', '#1f2933'],
  ])('textOn(%s) -> %s', (fill, expected) => {
    expect(textOn(fill)).toBe(expected);
  });

  it('orders luminance from black to white', () => {
    expect(luminance('#000000')).toBe(0);
    expect(luminance('#ffffff')).toBeCloseTo(1, 6);
    expect(luminance('#1f3a5f')).toBeLessThan(luminance('#b8892b'));
  });
});

describe('barBand', () => {
  it.each<[number, number, number, { band: number; startOnNewPage: boolean }]>([
    // roomy bars when there is space
    [10, 600, 640, { band: 18.5, startOnNewPage: false }],
    // shrunk to stay on this page
    [40, 600, 640, { band: 15, startOnNewPage: false }],
    // does not fit here even at the smallest bars, but does on a fresh page
    [43, 300, 640, { band: 640 / 43, startOnNewPage: true }],
    // too many for any page: roomy bars, split over pages
    [80, 600, 640, { band: 18.5, startOnNewPage: false }],
    [80, 100, 640, { band: 18.5, startOnNewPage: true }],
    [0, 600, 640, { band: 18.5, startOnNewPage: false }],
  ])('%d groups, %d here, %d a page -> %j', (groups, here, page, expected) => {
    const result = barBand(groups, 2, here, page);
    expect(result.startOnNewPage).toBe(expected.startOnNewPage);
    expect(result.band).toBeCloseTo(expected.band, 6);
  });

  it('gives bars between the minimum and the maximum thickness', () => {
    for (const groups of [1, 10, 40, 43, 100]) {
      const { band } = barBand(groups, 2, 640, 640);
      const thickness = barThickness(band, 2);
      expect(thickness).toBeGreaterThanOrEqual(3 - 1e-9);
      expect(thickness).toBeLessThanOrEqual(6 + 1e-9);
    }
  });
});
