import { contentDispositionAttachment, fileExtension, MAX_FILE_NAME_BYTES, safeFileName } from './file-name';

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

describe('safeFileName', () => {
  it.each<[string, string | undefined, string]>([
    // ordinary names
    ['Use of Force Analysis 2023.pdf', undefined, 'Use of Force Analysis 2023.pdf'],
    ['SCAN0001.PDF', undefined, 'SCAN0001.pdf'],
    ['photo.JPeG', undefined, 'photo.jpeg'],
    ['archive.tar.gz', undefined, 'archive.tar.gz'],
    ['Évaluation annuelle.docx', undefined, 'Évaluation annuelle.docx'],
    ['E\u0301valuation.docx', undefined, 'Évaluation.docx'],
    ['报告.pdf', undefined, '报告.pdf'],
    ['📄 memo 🚓.pdf', undefined, '📄 memo 🚓.pdf'],
    ['👨‍👩‍👧 family day.png', undefined, '👨‍👩‍👧 family day.png'],
    // paths of every kind
    ['../../etc/passwd', undefined, 'passwd'],
    ['../../etc/passwd', 'pdf', 'passwd.pdf'],
    ['/etc/shadow', undefined, 'shadow'],
    ['C:\\Windows\\system32\\cmd.exe', undefined, 'cmd.exe'],
    ['..\\..\\boot.ini', undefined, 'boot.ini'],
    ['\\\\server\\share\\evidence.pdf', undefined, 'evidence.pdf'],
    ['a/b\\c/d.pdf', undefined, 'd.pdf'],
    ['C:evidence.pdf', undefined, 'C_evidence.pdf'],
    ['evidence.pdf:hidden.exe', undefined, 'evidence.pdf_hidden.exe'],
    ['uploads/', undefined, 'proof'],
    ['..', undefined, 'proof'],
    ['../', 'pdf', 'proof.pdf'],
    // control, invisible and bidirectional characters
    ['report\0.pdf', undefined, 'report.pdf'],
    ['report.pdf\0.exe', undefined, 'report.pdf.exe'],
    ['evil\0/../passwd', undefined, 'passwd'],
    ['line one\nline two.pdf', undefined, 'line one line two.pdf'],
    ['header\r\nX-Injected: yes.pdf', undefined, 'header X-Injected_ yes.pdf'],
    ['tab\there.pdf', undefined, 'tab here.pdf'],
    ['bell\x07\x1b[31mred.pdf', undefined, 'bell[31mred.pdf'],
    ['del\x7f\x85\x9f.pdf', undefined, 'del.pdf'],
    ['invoice\u202Egpj.exe', undefined, 'invoicegpj.exe'],
    ['\u202Bright\u202C\u2066to\u2069left\u200F.pdf', undefined, 'righttoleft.pdf'],
    ['\uFEFFbom\u200B.pdf', undefined, 'bom.pdf'],
    ['lone\uD800surrogate.pdf', undefined, 'lonesurrogate.pdf'],
    // quotes and other characters Windows refuses
    ['say "cheese" <now>?|*.png', undefined, 'say _cheese_ _now____.png'],
    // whitespace
    ['   lots    of \u00a0\u3000 space   .pdf  ', undefined, 'lots of space.pdf'],
    ['\u2028\u2029.pdf', undefined, 'pdf'],
    // leading and trailing dots
    ['.htaccess', undefined, 'htaccess'],
    ['...hidden.pdf', undefined, 'hidden.pdf'],
    ['. . .dots.png', undefined, 'dots.png'],
    ['report.pdf.', undefined, 'report.pdf'],
    ['report....pdf', undefined, 'report.pdf'],
    ['report .pdf', undefined, 'report.pdf'],
    ['report.pdf. .', 'docx', 'report.pdf'],
    // names Windows reserves
    ['CON', undefined, '_CON'],
    ['con.txt', undefined, '_con.txt'],
    ['NUL.tar.gz', undefined, '_NUL.tar.gz'],
    ['Aux .pdf', undefined, '_Aux.pdf'],
    ['com1.pdf', undefined, '_com1.pdf'],
    ['LPT9', 'pdf', '_LPT9.pdf'],
    ['COM¹.png', undefined, '_COM¹.png'],
    ['CONIN$', undefined, '_CONIN$'],
    ['console.pdf', undefined, 'console.pdf'],
    ['com10.pdf', undefined, 'com10.pdf'],
    // extensions: kept when they look like one, otherwise the fallback
    ['notes', undefined, 'notes'],
    ['notes', 'PDF', 'notes.pdf'],
    ['notes', '.docx', 'notes.docx'],
    ['scan.pdf', 'jpg', 'scan.pdf'],
    ['report.final version', 'pdf', 'report.final version.pdf'],
    ['weird.ext-with-dash', undefined, 'weird.ext-with-dash'],
    ['long.extensionthatistoolong', undefined, 'long.extensionthatistoolong'],
    // never empty
    ['', undefined, 'proof'],
    ['', 'pdf', 'proof.pdf'],
    ['   ', undefined, 'proof'],
    ['\0\0\0', undefined, 'proof'],
    ['.pdf', undefined, 'pdf'],
    ['\u202E', 'png', 'proof.png'],
  ])('%j (fallback %s) -> %j', (original, fallback, expected) => {
    const safe = safeFileName(original, fallback);
    expect(safe).toBe(expected);
    expect(safeFileName(safe, fallback)).toBe(safe);
  });

  it.each<[string, string, number]>([
    ['1000 ASCII letters', `${'a'.repeat(1000)}.pdf`, 120],
    ['1000 ASCII letters, no extension', 'a'.repeat(1000), 120],
    ['two-byte letters', `${'é'.repeat(100)}.pdf`, 120],
    ['two-byte letters after an odd byte', `a${'é'.repeat(100)}.pdf`, 119],
    ['three-byte characters', `${'报'.repeat(100)}.docx`, 119],
    ['four-byte emoji', `${'📄'.repeat(100)}.pdf`, 120],
    ['flags are never split into their two halves', `${'🇺🇸'.repeat(50)}.pdf`, 116],
    ['a letter under 200 combining accents', `a${'\u0301'.repeat(200)}.pdf`, 120],
    ['a path of 1000 characters', `${'../'.repeat(333)}x.pdf`, 5],
    ['a long name truncated at a space', `${'a'.repeat(115)} bcdef.pdf`, 119],
    ['a long reserved name', `CON.${'a'.repeat(1000)}.pdf`, 120],
  ])('%s: fits in 120 bytes of UTF-8 (%#)', (_label, original, expectedBytes) => {
    const safe = safeFileName(original);
    expect(bytes(safe)).toBe(expectedBytes);
    expect(bytes(safe)).toBeLessThanOrEqual(MAX_FILE_NAME_BYTES);
    expect(safe).not.toContain('\uFFFD');
    expect(Buffer.from(safe, 'utf8').toString('utf8')).toBe(safe);
    expect(safe.endsWith('.pdf') || safe.endsWith('.docx') || !safe.includes('.')).toBe(true);
    expect(safeFileName(safe)).toBe(safe);
  });

  it('keeps flags whole', () => {
    expect(safeFileName(`${'🇺🇸'.repeat(50)}.pdf`)).toBe(`${'🇺🇸'.repeat(14)}.pdf`);
  });

  it.each([['p d f'], ['.'], [''], ['toolongextension'], ['pd/f']])('refuses the fallback extension %j', (ext) => {
    expect(() => safeFileName('x', ext)).toThrow(RangeError);
  });
});

describe('fileExtension', () => {
  it.each<[string, string | undefined]>([
    ['scan.PDF', 'pdf'],
    ['a/b/c.tif', 'tif'],
    ['C:\\x\\y.TIFF', 'tiff'],
    ['archive.tar.gz', 'gz'],
    ['report.pdf.', 'pdf'],
    ['report.pdf\0', 'pdf'],
    ['invoice\u202Egpj.exe', 'exe'],
    ['notes', undefined],
    ['.htaccess', undefined],
    ['report.final version', undefined],
    ['', undefined],
  ])('%j -> %s', (name, expected) => {
    expect(fileExtension(name)).toBe(expected);
  });
});

describe('contentDispositionAttachment', () => {
  it.each<[string, string]>([
    ['report.pdf', `attachment; filename="report.pdf"; filename*=UTF-8''report.pdf`],
    ['Use of Force 2023.pdf', `attachment; filename="Use of Force 2023.pdf"; filename*=UTF-8''Use%20of%20Force%202023.pdf`],
    ['Évaluation.docx', `attachment; filename="_valuation.docx"; filename*=UTF-8''%C3%89valuation.docx`],
    ['📄 memo.pdf', `attachment; filename="_ memo.pdf"; filename*=UTF-8''%F0%9F%93%84%20memo.pdf`],
    ['报告.pdf', `attachment; filename="__.pdf"; filename*=UTF-8''%E6%8A%A5%E5%91%8A.pdf`],
    ['say "hi".pdf', `attachment; filename="say \\"hi\\".pdf"; filename*=UTF-8''say%20%22hi%22.pdf`],
    ['back\\slash.pdf', `attachment; filename="back\\\\slash.pdf"; filename*=UTF-8''back%5Cslash.pdf`],
    ["it's (final)*.pdf", `attachment; filename="it's (final)*.pdf"; filename*=UTF-8''it%27s%20%28final%29%2A.pdf`],
    ['100% done.pdf', `attachment; filename="100_ done.pdf"; filename*=UTF-8''100%25%20done.pdf`],
    ['a;b=c,d.pdf', `attachment; filename="a;b=c,d.pdf"; filename*=UTF-8''a%3Bb%3Dc%2Cd.pdf`],
    // not from safeFileName: still no way out of the header
    ['x\r\nSet-Cookie: a=b.pdf', `attachment; filename="x__Set-Cookie: a=b.pdf"; filename*=UTF-8''x%0D%0ASet-Cookie%3A%20a%3Db.pdf`],
    ['\0\x7f.pdf', `attachment; filename="__.pdf"; filename*=UTF-8''%00%7F.pdf`],
    ['lone\uD800.pdf', `attachment; filename="lone_.pdf"; filename*=UTF-8''lone%EF%BF%BD.pdf`],
    ['', `attachment; filename=""; filename*=UTF-8''`],
  ])('%j', (name, expected) => {
    const header = contentDispositionAttachment(name);
    expect(header).toBe(expected);
    expect(header).toMatch(/^[\x20-\x7e]*$/);
  });

  it.each([['📄 memo.pdf'], ['报告.pdf'], ["it's (final)*.pdf"], ['100% done.pdf']])('round-trips %j through filename*', (name) => {
    const encoded = /filename\*=UTF-8''(.*)$/.exec(contentDispositionAttachment(name))?.[1] ?? '';
    expect(encoded).toMatch(/^[A-Za-z0-9!#$&+\-.^_`|~%]*$/);
    expect(decodeURIComponent(encoded)).toBe(name);
  });
});
