import { completeGroupTitles, NO_KNOWN_TITLES } from './group-titles';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { manualContentSha256, readManualFile, sniffManualFormat } from './manual-file';
import { generateSyntheticManual, syntheticManualCsv } from './synthetic-manual';

const SAMPLE = readFileSync(join(__dirname, '__fixtures__', 'sample-standards.csv'));

describe('sniffManualFormat', () => {
  it.each([
    ['a JSON list', Buffer.from('  [{"number": "1.1.1"}]'), 'json'],
    ['a JSON object after a byte order mark', Buffer.from('\uFEFF\n{"standards": []}'), 'json'],
    ['CSV', Buffer.from('number,title\n1.1.1,Oath\n'), 'csv'],
    ['a zip (left to the CSV parser)', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 1]), 'csv'],
  ])('reads %s', (_name, buffer, format) => {
    expect(sniffManualFormat(buffer)).toEqual({ ok: true, value: format });
  });

  it.each([
    ['an empty file', Buffer.alloc(0), /empty/],
    ['whitespace only', Buffer.from(' \r\n\t'), /empty/],
    ['UTF-16', Buffer.from('\uFEFFnumber,title', 'utf16le'), /UTF-16/],
    ['a PDF', Buffer.from('%PDF-1.7\n...'), /PDF/],
    ['a binary file', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0]), /binary/],
  ])('refuses %s', (_name, buffer, reason) => {
    const result = sniffManualFormat(buffer);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
});

describe('readManualFile', () => {
  it('reads the sample CSV', () => {
    const result = readManualFile(SAMPLE);
    expect(result).toMatchObject({ ok: true, format: 'csv' });
  });

  it('reports a non-UTF-8 file as a whole-file error', () => {
    const result = readManualFile(Buffer.from([0x6e, 0x75, 0x6d, 0x62, 0x65, 0x72, 0x0a, 0xff, 0xfe, 0xfd, 0x0a]));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors).toEqual([expect.objectContaining({ row: 0, reason: expect.stringMatching(/UTF-8/) })]);
  });
});

describe('manualContentSha256', () => {
  it('is the same for the same standards as CSV and as JSON, whatever the order', () => {
    const standards = generateSyntheticManual();
    const csv = readManualFile(Buffer.from(syntheticManualCsv(standards)));
    const json = readManualFile(Buffer.from(JSON.stringify([...standards].reverse().map((s) => ({
      chapter_title: s.chapterTitle,
      section_title: s.sectionTitle,
      number: s.number,
      title: s.title,
      levels: s.levels,
      tier1: s.tier1,
      kinds: s.kinds,
      linked: s.linkedNumbers,
      frequency: s.frequency,
      bullets: s.bullets,
      text: s.text,
      commentary: s.commentary,
    })))));
    if (!csv.ok || !json.ok) throw new Error('the synthetic manual should import');
    expect(json.format).toBe('json');
    const complete = (read: typeof csv.manual.standards) => completeGroupTitles(read, NO_KNOWN_TITLES).standards;
    expect(manualContentSha256(complete(json.manual.standards))).toBe(manualContentSha256(complete(csv.manual.standards)));
    expect(manualContentSha256(complete(csv.manual.standards))).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes when one title changes', () => {
    const standards = generateSyntheticManual();
    const changed = standards.map((s, i) => (i === 7 ? { ...s, title: `${s.title}!` } : s));
    expect(manualContentSha256(changed)).not.toBe(manualContentSha256(standards));
  });
});
