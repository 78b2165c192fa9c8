import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IMPORT_COLUMNS, parseManualCsv } from './manual-import';

const TEMPLATE = join(__dirname, '..', '..', '..', 'templates', 'standards-import-template.csv');

describe('templates/standards-import-template.csv', () => {
  const buffer = readFileSync(TEMPLATE);

  it('has every import column in its header row', () => {
    expect(buffer.toString('utf8').split(/\r?\n/)[0].split(',')).toEqual([...IMPORT_COLUMNS]);
  });

  it('imports cleanly with the two example standards', () => {
    const result = parseManualCsv(buffer);
    if (!result.ok) throw new Error(JSON.stringify(result.errors, null, 2));
    expect(result.manual.standards).toEqual([
      expect.objectContaining({
        number: '1.1.1', title: 'Oath of Office', kinds: ['written_directive'], frequency: null, bullets: [],
      }),
      expect.objectContaining({
        number: '1.2.9',
        title: 'Biased Policing',
        section: '1.2',
        sectionTitle: 'Limits of Authority',
        kinds: ['written_directive', 'bulleted', 'time_sensitive'],
        frequency: 'annual',
        activities: [
          { key: 'administrative-review', name: 'Administrative review', frequency: 'annual', reminderDays: null, bullets: ['a'] },
          { key: 'refresher-training', name: 'Refresher training', frequency: 'annual', reminderDays: null, bullets: ['b'] },
        ],
        bullets: [
          { letter: 'a', label: 'Annual administrative review' },
          { letter: 'b', label: 'Initial and annual refresher training' },
        ],
      }),
    ]);
  });
});
