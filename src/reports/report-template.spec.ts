import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  defaultTemplatePath,
  fillFooter,
  footerTokens,
  imageType,
  loadReportTemplate,
  logoFor,
  parseReportTemplate,
  ReportTemplate,
  ReportTemplateError,
  SECTION_IDS,
} from './report-template';
import { TINY_PNG } from './testing/fixtures';
import { REPORT_KINDS, ReportKind } from './view-models';

// Templates are edited as free-form JSON in these tests.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

const shipped = (kind: ReportKind) => JSON.parse(readFileSync(defaultTemplatePath(kind), 'utf8')) as Record<string, unknown>;

function problems(raw: unknown, kind?: ReportKind): string[] {
  try {
    parseReportTemplate(raw, 'test.json', '/templates', kind);
  } catch (error) {
    if (error instanceof ReportTemplateError) return error.problems;
    throw error;
  }
  return [];
}

describe.each(REPORT_KINDS)('the shipped %s template', (kind) => {
  it('loads, with every section of the report in order', () => {
    const template = loadReportTemplate(defaultTemplatePath(kind), kind);
    expect(template.report).toBe(kind);
    expect(template.sections.map((s) => s.id)).toEqual(SECTION_IDS[kind]);
    expect(template.sections.every((s) => s.title.length > 0)).toBe(true);
    expect(template.page.size).toBe('LETTER');
    expect(Object.values(template.colors).every((c) => typeof c === 'object' || /^#[0-9a-f]{6}$/.test(c as string))).toBe(true);
  });
});

describe('parseReportTemplate', () => {
  const base = shipped('department-readiness');
  const withChange = (change: (t: Json) => void) => {
    const copy = structuredClone(base) as Json;
    change(copy);
    return copy;
  };

  it.each<[string, (t: Json) => void, RegExp[]]>([
    ['an unknown section', (t) => t.sections.push({ id: 'blokers' }), [/sections\[9\]\.id: unknown section "blokers" for a department-readiness report \(expected one of: cover, contents, verdict/]],
    ['a section of another report', (t) => t.sections.push('standards'), [/sections\[9\]\.id: unknown section "standards"/]],
    ['a section twice', (t) => t.sections.push('verdict'), [/sections\[9\]\.id: section "verdict" appears twice/]],
    ['no sections', (t) => (t.sections = []), [/^sections: must be a non-empty array/]],
    ['the cover not first', (t) => t.sections.reverse(), [/^sections: the cover must come first/]],
    ['a named colour', (t) => (t.colors.ok = 'green'), [/^colors\.ok: "green" is not a colour \(expected #rgb or #rrggbb/]],
    ['a five-digit colour', (t) => (t.colors.heatMap.missing = '#12345'), [/^colors\.heatMap\.missing: "#12345" is not a colour/]],
    ['a missing colour', (t) => delete t.colors.primary, [/^colors\.primary: is required/]],
    ['an unknown colour key', (t) => (t.colors.pink = '#ff00ff'), [/^colors\.pink: unknown key/]],
    ['an unknown top-level key', (t) => (t.colour = {}), [/^\(root\)\.colour: unknown key \(expected one of: /]],
    ['an unknown page size', (t) => (t.page.size = 'B5'), [/^page\.size: must be one of "LETTER", "LEGAL", "A4" \(got "B5"\)/]],
    ['a margin too small for the footer', (t) => (t.page.margins.bottom = 20), [/^page\.margins\.bottom: must be a number from 40 to 144 \(got 20\)/]],
    ['an unknown footer token', (t) => (t.footer.text = 'Page for {departement}'), [/^footer\.text: unknown token \{departement\}/]],
    ['a logo that is not an image', (t) => (t.logos.departments = { 'Normandy PD': 'logo.svg' }), [/^logos\.departments\["Normandy PD"\]: "logo\.svg" must be a PNG or JPEG/]],
    ['footprint-only keys', (t) => (t.compact = { blockers: 3 }), [/^compact: only applies to footprint templates/]],
    ['an unknown date style', (t) => (t.dateStyle = 'long'), [/^dateStyle: must be one of "medium", "iso"/]],
    [
      'several problems at once',
      (t) => {
        t.colors.bad = 'red';
        t.sections.push('nope');
        t.title = '';
      },
      [/^title: must be a non-empty string/, /^colors\.bad: "red" is not a colour/, /^sections\[9\]\.id: unknown section "nope"/],
    ],
  ])('reports %s', (_name, change, expected) => {
    const found = problems(withChange(change), 'department-readiness');
    expect(found).toHaveLength(expected.length);
    expected.forEach((pattern, i) => expect(found[i]).toMatch(pattern));
  });

  it('reports a template of another report once, validating its sections as its own', () => {
    expect(problems(shipped('file-review'), 'department-readiness')).toEqual([
      'report: is "file-review" but this renderer needs a "department-readiness" template',
    ]);
  });

  it('names the file in the error message', () => {
    expect(() => parseReportTemplate({ report: 'nope' }, 'templates/reports/x.json', '/')).toThrow(
      /^Report template templates\/reports\/x\.json is invalid:\n {2}- report: must be one of/,
    );
  });

  it('fills defaults: section titles, new pages, #rgb colours expanded, logo paths resolved', () => {
    const template = parseReportTemplate(
      withChange((t) => {
        t.sections = ['cover', { id: 'blockers' }, { id: 'verdict', title: 'Are we ready?', newPage: true }];
        t.colors.accent = '#AbC';
        t.logos = { default: 'logos/agency.png', departments: { 'Normandy PD': '/abs/normandy.jpg' } };
      }),
      'x.json',
      '/srv/templates',
    );
    expect(template.sections).toEqual([
      { id: 'cover', title: 'Cover', newPage: false },
      { id: 'blockers', title: 'What blocks readiness', newPage: false },
      { id: 'verdict', title: 'Are we ready?', newPage: true },
    ]);
    expect(template.colors.accent).toBe('#aabbcc');
    expect(template.logos).toEqual({ default: '/srv/templates/logos/agency.png', departments: { 'Normandy PD': '/abs/normandy.jpg' } });
  });

  it('validates the footprint parts and limits', () => {
    const footprint = shipped('footprint');
    expect(problems({ ...footprint, departmentSections: ['verdict', 'signature', 'verdict'], compact: { deadlines: -1 } }, 'footprint')).toEqual([
      expect.stringMatching(/^departmentSections\[1\]: unknown part "signature" \(expected one of: verdict, chapter-compliance, deadlines, blockers\)/),
      'departmentSections[2]: part "verdict" appears twice',
      'compact.deadlines: must be a whole number from 0 to 50 (got -1)',
    ]);
    const template = parseReportTemplate({ ...footprint, departmentSections: ['blockers', 'verdict'] }, 'x.json', '/', 'footprint');
    expect(template.departmentSections).toEqual(['blockers', 'verdict']);
  });

  it('swaps width and height in landscape', () => {
    const template = parseReportTemplate({ ...base, page: { size: 'A4', orientation: 'landscape' } }, 'x.json', '/');
    expect([template.page.width, template.page.height]).toEqual([841.89, 595.28]);
  });
});

describe('loadReportTemplate', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'report-template-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, content: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  };

  it('resolves logos next to the template and checks they are images', () => {
    writeFileSync(join(dir, 'normandy.png'), TINY_PNG);
    writeFileSync(join(dir, 'fake.png'), 'not an image');
    const ok = write('ok.json', { ...shipped('department-readiness'), logos: { departments: { 'Normandy PD': 'normandy.png' } } });
    expect(loadReportTemplate(ok).logos.departments['Normandy PD']).toBe(join(dir, 'normandy.png'));

    const bad = write('bad.json', { ...shipped('department-readiness'), logos: { default: 'missing.png', departments: { x: 'fake.png' } } });
    expect(() => loadReportTemplate(bad)).toThrow(ReportTemplateError);
    try {
      loadReportTemplate(bad);
    } catch (error) {
      expect((error as ReportTemplateError).problems).toEqual([
        `logos.default: ${join(dir, 'missing.png')} does not exist`,
        `logos.departments["x"]: ${join(dir, 'fake.png')} is not a PNG or JPEG image`,
      ]);
    }
  });

  it('says when the file is missing or not JSON', () => {
    expect(() => loadReportTemplate(join(dir, 'nope.json'))).toThrow(/nope\.json is invalid:\n {2}- cannot be read \(ENOENT\)/);
    expect(() => loadReportTemplate(write('broken.json', '{"report": '))).toThrow(/broken\.json is invalid:\n {2}- is not valid JSON/);
  });
});

describe('logoFor', () => {
  const template = {
    logos: { default: '/logos/default.png', departments: { 'dept-1': '/logos/by-id.png', 'Normandy PD': '/logos/by-name.png' } },
  } as unknown as ReportTemplate;
  it.each<[{ id: string; shortName: string; logoPath?: string | null }, string | null]>([
    [{ id: 'dept-1', shortName: 'Normandy PD' }, '/logos/by-id.png'],
    [{ id: 'dept-2', shortName: 'Normandy PD', logoPath: '/vm.png' }, '/logos/by-name.png'],
    [{ id: 'dept-3', shortName: 'NCPC', logoPath: '/vm.png' }, '/vm.png'],
    [{ id: 'dept-3', shortName: 'NCPC' }, '/logos/default.png'],
  ])('%j -> %s', (department, expected) => {
    expect(logoFor(template, department)).toBe(expected);
  });

  it('is null with no logo anywhere', () => {
    expect(logoFor({ logos: { default: null, departments: {} } } as unknown as ReportTemplate, { id: 'x', shortName: 'X' })).toBeNull();
  });
});

describe('footer tokens', () => {
  it('lists and fills the tokens, leaving unknown ones as written', () => {
    expect(footerTokens('{shortName} · {report} · {generatedAt}')).toEqual(['shortName', 'report', 'generatedAt']);
    expect(
      fillFooter('{department} ({shortName}) · {report} · {generatedAt} · {other}', {
        department: 'Normandy Police Department',
        shortName: 'Normandy PD',
        report: 'Readiness',
        generatedAt: 'Mar 12, 2026',
      }),
    ).toBe('Normandy Police Department (Normandy PD) · Readiness · Mar 12, 2026 · {other}');
  });
});

describe('imageType', () => {
  it.each<[Uint8Array, 'png' | 'jpeg' | null]>([
    [TINY_PNG, 'png'],
    [Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), 'jpeg'],
    [Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), null],
    [Buffer.alloc(0), null],
  ])('%#', (bytes, expected) => {
    expect(imageType(bytes)).toBe(expected);
  });
});
