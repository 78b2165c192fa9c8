import {
  crosswalkCellProblem,
  CrosswalkRow,
  KnownProgram,
  normalisePair,
  pairKey,
  readCrosswalkCsv,
  readCrosswalkRecord,
  resolveCrosswalkRows,
} from './crosswalk-csv';

const csv = (text: string): Buffer => Buffer.from(text, 'utf8');

describe('crosswalkCellProblem', () => {
  it.each([
    ['program', 'Law Enforcement', null],
    ['program', '  Law   Enforcement ', null],
    ['program', 'x'.repeat(100), null],
    ['program', 'x'.repeat(101), 'at most 100 characters; this one has 101'],
    ['program', '', "program's name is missing"],
    ['program', '   ', "program's name is missing"],
    ['program', 'Law\0Enforcement', 'NUL byte'],
    ['number', '1.2.9', null],
    ['number', ' 12.2.1 ', null],
    ['number', '123.45.67', null],
    ['number', '', 'standard number is missing'],
    ['number', '1.2.9.1.1.1.1', 'at most 12 characters'],
    ['number', '1.2', 'is not a standard number'],
    ['number', '01.2.9', 'is not a standard number'],
    ['number', 'one', 'is not a standard number'],
    ['number', '1.2.9\0', 'NUL byte'],
  ] as const)('%s %j -> %s', (kind, cell, problem) => {
    const found = crosswalkCellProblem(kind, cell);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toContain(problem);
  });
});

describe('readCrosswalkRecord', () => {
  it.each([
    ['a good row', ['Law Enforcement', '1.2.9', 'State', '3.1.1'], []],
    ['three columns', ['Law Enforcement', '1.2.9', 'State'], ['3 columns']],
    ['five columns', ['Law Enforcement', '1.2.9', 'State', '3.1.1', ''], ['5 columns']],
    ['one column', ['Law Enforcement'], ['1 column;']],
    ['a blank number', ['Law Enforcement', '', 'State', '3.1.1'], ['number (B): The standard number is missing.']],
    ['two blank cells', ['', '1.2.9', 'State', ' '], ['program (A)', 'number (D)']],
    ['a standard mapped to itself', ['State', '3.1.1', 'State', '3.1.1'], ['program (C): The row maps standard 3.1.1 of State to itself']],
    ['two standards of one program', ['State', '3.1.1', ' State ', '3.1.2'], ['program (C): Both sides are standards of State']],
  ])('%s', (_case, record, problems) => {
    const read = readCrosswalkRecord(record, 7);
    if (problems.length === 0) {
      expect(read).toEqual({ ok: true, value: { row: 7, from: { program: 'Law Enforcement', number: '1.2.9' }, to: { program: 'State', number: '3.1.1' } } });
      return;
    }
    expect(read.ok).toBe(false);
    const errors = read.ok ? [] : read.errors;
    expect(errors.every((e) => e.row === 7)).toBe(true);
    expect(errors).toHaveLength(problems.length);
    problems.forEach((p, i) => expect(`${errors[i].column}: ${errors[i].reason}`).toContain(p));
  });

  it('names columns by the header the file used', () => {
    const read = readCrosswalkRecord(['A', '1.1.1', 'B', 'x'], 3, ['from_program', 'from_number', 'to_program', 'to_number']);
    expect(read.ok ? [] : read.errors.map((e) => e.column)).toEqual(['to_number (D)']);
  });
});

describe('readCrosswalkCsv', () => {
  it('reads either header, skips blank rows and counts rows as a spreadsheet does', () => {
    const read = readCrosswalkCsv(csv('\uFEFFprogram,number,program,number\r\nLaw Enforcement,1.2.9,State,3.1.1\r\n,,,\r\n\r\n"Law Enforcement",1.1.1,State,3.1.2\r\n'));
    expect(read).toEqual({
      ok: true,
      header: ['program', 'number', 'program', 'number'],
      rowErrors: [],
      rows: [
        { row: 2, from: { program: 'Law Enforcement', number: '1.2.9' }, to: { program: 'State', number: '3.1.1' } },
        { row: 5, from: { program: 'Law Enforcement', number: '1.1.1' }, to: { program: 'State', number: '3.1.2' } },
      ],
    });
    const named = readCrosswalkCsv(csv('From Program,From-Number,to_program,TO_NUMBER\nState,3.1.1,Law Enforcement,1.2.9\n'));
    expect(named.ok && named.rows).toEqual([{ row: 2, from: { program: 'State', number: '3.1.1' }, to: { program: 'Law Enforcement', number: '1.2.9' } }]);
  });

  it.each([
    ['an empty file', '', 0, 'The file is empty.'],
    ['blank lines only', '\n\n , \n', 0, 'The file is empty.'],
    ['a header and no rows', 'program,number,program,number\n', 0, 'no pairs'],
    ['another header', 'program,standard,program,standard\nA,1.1.1,B,1.1.1\n', 1, 'The header row must be "program,number,program,number" or "from_program,from_number,to_program,to_number"'],
    ['a header of three columns', 'program,number,program\n', 1, 'The header row must be'],
    ['no header', 'Law Enforcement,1.2.9,State,3.1.1\n', 1, 'The header row must be'],
    ['an unclosed quote', 'program,number,program,number\n"Law Enforcement,1.2.9,State,3.1.1\n', 2, 'could not be read as CSV'],
  ])('refuses %s', (_case, text, row, reason) => {
    const read = readCrosswalkCsv(csv(text));
    expect(read.ok).toBe(false);
    expect(read.ok ? [] : read.errors).toEqual([expect.objectContaining({ row, reason: expect.stringContaining(reason) })]);
  });

  it('refuses a workbook and text that is not UTF-8', () => {
    const workbook = readCrosswalkCsv(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0]));
    expect(workbook.ok ? '' : workbook.errors[0].reason).toContain('Excel workbook');
    const latin1 = readCrosswalkCsv(Buffer.from('program,number,program,number\nS\xe9curit\xe9,1.1.1,B,1.1.1\n', 'latin1'));
    expect(latin1.ok ? '' : latin1.errors[0].reason).toContain('not UTF-8');
  });

  it('lists every broken row at once, by line, beside the rows that pass', () => {
    const read = readCrosswalkCsv(
      csv(
        [
          'program,number,program,number',
          'Law Enforcement,1.2.9,State,3.1.1',
          'Law Enforcement,1.2.9,State',
          'Law Enforcement,,State,3.1.1',
          'Law Enforcement,1.2.9,State,3.1.1\0',
          `Law Enforcement,1.2.9,${'S'.repeat(101)},3.1.1`,
          'State,3.1.1,State,3.1.1',
          'Law Enforcement,1.2.9,State,3.1.1',
        ].join('\n'),
      ),
    );
    expect(read.ok && read.rows.map((r) => r.row)).toEqual([2, 8]);
    const errors = read.ok ? read.rowErrors : [];
    expect(errors.map((e) => [e.row, e.column])).toEqual([
      [3, ''],
      [4, 'number (B)'],
      [5, 'number (D)'],
      [6, 'program (C)'],
      [7, 'program (C)'],
    ]);
    expect(errors[2]).toMatchObject({ value: '3.1.1\\0', reason: expect.stringContaining('NUL') });
    expect(Array.from(errors[3].value)).toHaveLength(101);
  });
});

describe('normalisePair and pairKey', () => {
  const le = { programId: '11111111-0000-4000-8000-000000000000', number: '1.2.9' };
  const state = { programId: '22222222-0000-4000-8000-000000000000', number: '3.1.1' };
  it('stores a pair in one order whichever way it was written', () => {
    expect(normalisePair(le, state)).toEqual({ a: le, b: state });
    expect(normalisePair(state, le)).toEqual({ a: le, b: state });
    expect(pairKey(normalisePair(state, le))).toBe(pairKey(normalisePair(le, state)));
    expect(pairKey(normalisePair(le, { ...state, number: '3.1.2' }))).not.toBe(pairKey(normalisePair(le, state)));
  });
});

describe('resolveCrosswalkRows', () => {
  const LE = '11111111-0000-4000-8000-000000000000';
  const STATE = '22222222-0000-4000-8000-000000000000';
  const programs = new Map<string, KnownProgram>([
    ['Law Enforcement', { id: LE, name: 'Law Enforcement', published: new Set(['1.2.9', '1.1.1']), draftOnly: new Set(['9.9.9']) }],
    ['Sample State Program', { id: STATE, name: 'Sample State Program', published: new Set(['3.1.1', '3.1.2']), draftOnly: new Set() }],
  ]);
  const row = (n: number, from: [string, string], to: [string, string]): CrosswalkRow => ({
    row: n,
    from: { program: from[0], number: from[1] },
    to: { program: to[0], number: to[1] },
  });

  it('resolves names to ids, stores each pair once in its fixed order and counts duplicates either way round', () => {
    const resolved = resolveCrosswalkRows(
      [
        row(2, ['Sample State Program', '3.1.1'], ['Law Enforcement', '1.2.9']),
        row(3, ['Law Enforcement', '1.2.9'], ['Sample State Program', '3.1.1']),
        row(4, ['Law Enforcement', '1.1.1'], ['Sample State Program', '3.1.1']),
        row(5, ['Sample State Program', '3.1.1'], ['Law Enforcement', '1.2.9']),
      ],
      programs,
    );
    expect(resolved).toEqual({
      ok: true,
      duplicateRows: 2,
      pairs: [
        { a: { programId: LE, number: '1.2.9' }, b: { programId: STATE, number: '3.1.1' } },
        { a: { programId: LE, number: '1.1.1' }, b: { programId: STATE, number: '3.1.1' } },
      ],
    });
  });

  it.each([
    ['an unknown program', row(2, ['Law Enforcement', '1.2.9'], ['Missouri', '3.1.1']), 'program (C)', 'No program is named "Missouri". Programs: "Law Enforcement", "Sample State Program".'],
    ['a program spelt in another case', row(2, ['law enforcement', '1.2.9'], ['Sample State Program', '3.1.1']), 'program (A)', 'did you mean "Law Enforcement"?'],
    ['an unknown number', row(2, ['Law Enforcement', '4.4.4'], ['Sample State Program', '3.1.1']), 'number (B)', 'Law Enforcement has no standard 4.4.4 in any published manual version.'],
    ['a number in a draft only', row(2, ['Law Enforcement', '9.9.9'], ['Sample State Program', '3.1.1']), 'number (B)', 'only in a draft manual version; publish it first'],
    ['a number of the other program', row(2, ['Law Enforcement', '1.2.9'], ['Sample State Program', '1.2.9']), 'number (D)', 'Sample State Program has no standard 1.2.9'],
  ])('refuses %s', (_case, r, column, reason) => {
    const resolved = resolveCrosswalkRows([row(3, ['Law Enforcement', '1.2.9'], ['Sample State Program', '3.1.1']), r], programs);
    expect(resolved).toEqual({ ok: false, errors: [{ row: 2, column, value: expect.any(String), reason: expect.stringContaining(reason) }] });
  });

  it('lists the problems of both sides of a row', () => {
    const resolved = resolveCrosswalkRows([row(2, ['Nowhere', '1.2.9'], ['Sample State Program', '7.7.7'])], programs);
    expect(resolved.ok ? [] : resolved.errors.map((e) => e.column)).toEqual(['program (A)', 'number (D)']);
  });

  it('says so when no program exists yet', () => {
    const resolved = resolveCrosswalkRows([row(2, ['A', '1.1.1'], ['B', '1.1.1'])], new Map());
    expect(resolved.ok ? '' : resolved.errors[0].reason).toContain('none yet (import a manual first)');
  });
});
