import { layoutPage, layoutText, PdfChar, PdfRun } from './pdf-layout';

/**
 * A run of `text` from `left` on baseline `y`: each letter `width` wide, a drawn space a little
 * narrower (as in DejaVu Sans), every character followed by `tracking` (letter spacing).
 */
function run(text: string, left: number, y: number, options: { size?: number; width?: number; tracking?: number } = {}): PdfRun {
  const { size = 10, width = 5, tracking = 0 } = options;
  let at = left;
  const chars: PdfChar[] = [...text].map((c) => {
    const w = c === ' ' ? width * 0.6 : width;
    const char: PdfChar = [c, at, at + w];
    at += w + tracking;
    return char;
  });
  return { wmode: 0, y, size, chars };
}

describe('layoutPage', () => {
  it('keeps one space between the words of a run, and ends the page with a form feed', () => {
    expect(layoutPage([run('Readiness verdict', 50, 100)])).toBe('Readiness verdict\n\f');
  });

  it('puts runs on one baseline on one line, left to right, columns two spaces apart or more', () => {
    const text = layoutPage([run('12', 300, 100), run('Synthetic chapter 12', 50, 100), run('Contents', 50, 80)]);
    // 'Synthetic chapter 12' ends at 146: 154 points to '12', 31 character widths (rounded).
    expect(text).toBe(`Contents\nSynthetic chapter 12${' '.repeat(31)}12\n\f`);
    expect(text.split('\n')[1]).toMatch(/^Synthetic chapter 12\s{2,}12$/);
  });

  it('turns a gap into spaces in proportion to the average character width', () => {
    // 'ab' ends at 60; 'cd' starts 20 points (four characters) later.
    expect(layoutPage([run('ab', 50, 100), run('cd', 80, 100)])).toBe('ab    cd\n\f');
  });

  it('indents a line by its distance from the page’s leftmost text', () => {
    expect(layoutPage([run('Title', 50, 80), run('item', 70, 100)])).toBe('Title\n    item\n\f');
  });

  it('takes runs whose baselines differ by a little (mixed sizes on one row) as one line', () => {
    expect(layoutPage([run('Accepted:', 50, 100), run('J. Alvarez', 110, 101.5, { size: 8 })])).toBe('Accepted:   J. Alvarez\n\f');
  });

  it('keeps letter-spaced capitals one word, and their drawn spaces one space', () => {
    expect(layoutPage([run('NOT READY', 50, 100, { tracking: 1.4 })])).toBe('NOT READY\n\f');
    expect(layoutPage([run('CALEA  ACCREDITATION', 50, 100, { tracking: 1.4 })])).toBe('CALEA  ACCREDITATION\n\f');
  });

  it('breaks words where the PDF draws no space but leaves room for one', () => {
    expect(layoutPage([run('Page', 50, 100), run('2', 74, 100)])).toBe('Page 2\n\f');
  });

  it('leaves out runs that draw only spaces, and vertical text', () => {
    expect(layoutPage([run('   ', 50, 90), run('x', 50, 100), { ...run('vertical', 200, 120), wmode: 1 }])).toBe('x\n\f');
  });

  it('gives an empty page a form feed alone', () => {
    expect(layoutPage([])).toBe('\f');
  });
});

describe('layoutText', () => {
  it('closes every page with a form feed, so split("\\f") gives the pages', () => {
    const text = layoutText([[run('Page 1 of 2', 50, 700)], [], [run('Page 2 of 2', 50, 700)]]);
    expect(text.split('\f')).toEqual(['Page 1 of 2\n', '', 'Page 2 of 2\n', '']);
  });
});
