import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { REPORT_KINDS, ReportKind } from './view-models';

/**
 * Report layouts live in `templates/reports/<kind>.json`, so an agency changes the look (section
 * order and titles, colours, page, footer, logos) without touching code. A template is validated
 * once, at load, and every problem is reported at once with its JSON path.
 */

export const SECTION_IDS = {
  'department-readiness': [
    'cover',
    'contents',
    'verdict',
    'chapter-compliance',
    'deadlines',
    'blockers',
    'coverage-grid',
    'exclusions',
    'signature',
  ],
  'file-review': ['cover', 'contents', 'summary', 'standards', 'exclusions'],
  footprint: ['cover', 'contents', 'summary', 'departments'],
  assessment: ['cover', 'contents', 'progress', 'summary', 'statuses', 'findings'],
} as const satisfies Record<ReportKind, readonly string[]>;

export type SectionId<K extends ReportKind = ReportKind> = (typeof SECTION_IDS)[K][number];

/** The parts of a department's compact page in the footprint report (reused from the department report). */
export const FOOTPRINT_PART_IDS = ['verdict', 'chapter-compliance', 'deadlines', 'blockers'] as const;
export type FootprintPartId = (typeof FOOTPRINT_PART_IDS)[number];

const DEFAULT_TITLES: Record<ReportKind, Record<string, string>> = {
  'department-readiness': {
    cover: 'Cover',
    contents: 'Contents',
    verdict: 'Readiness verdict',
    'chapter-compliance': 'Compliance by chapter',
    deadlines: 'Deadlines',
    blockers: 'What blocks readiness',
    'coverage-grid': 'Proof coverage by cycle year',
    exclusions: 'Not applicable and waived standards',
    signature: 'Review and signature',
  },
  'file-review': { cover: 'Cover', contents: 'Contents', summary: 'Summary by chapter', standards: 'Standards', exclusions: 'Not applicable and waived standards' },
  footprint: { cover: 'Cover', contents: 'Contents', summary: 'Departments side by side', departments: 'Department readiness' },
  assessment: { cover: 'Cover', contents: 'Contents', progress: 'Progress', statuses: 'Statuses by standard', findings: 'Findings and answers', summary: "Assessor's summary" },
};

/** Sections that start a new page unless the template says otherwise. */
const NEW_PAGE_BY_DEFAULT = new Set(['contents', 'departments']);

export const PAGE_SIZES = { LETTER: [612, 792], LEGAL: [612, 1008], A4: [595.28, 841.89] } as const;
export type PageSizeName = keyof typeof PAGE_SIZES;

export interface Sides {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export interface TemplateColors {
  primary: string;
  accent: string;
  text: string;
  muted: string;
  rule: string;
  background: string;
  ok: string;
  warn: string;
  bad: string;
  heatMap: { present: string; missing: string; notRequired: string };
}

export interface TemplateSection<S extends string = string> {
  id: S;
  title: string;
  newPage: boolean;
}

export type DateStyle = 'medium' | 'iso';

export interface ReportTemplate<K extends ReportKind = ReportKind> {
  report: K;
  /** Where it was loaded from, for messages. */
  source: string;
  title: string;
  subtitle: string | null;
  /** PDF metadata Author. */
  author: string;
  page: { size: PageSizeName; orientation: 'portrait' | 'landscape'; width: number; height: number; margins: Sides };
  dateStyle: DateStyle;
  colors: TemplateColors;
  /** Footer text; tokens {department}, {shortName}, {report}, {generatedAt}. */
  footer: { text: string };
  /** Absolute paths of PNG or JPEG logos: the default, and per department id or short name. */
  logos: { default: string | null; departments: Record<string, string> };
  sections: TemplateSection<SectionId<K>>[];
  /** Footprint only: the parts of each department's page, in order. */
  departmentSections: FootprintPartId[];
  /** Footprint only: rows shown per department page. */
  compact: { deadlines: number; blockers: number };
}

export const FOOTER_TOKENS = ['department', 'shortName', 'report', 'generatedAt'] as const;
export type FooterToken = (typeof FOOTER_TOKENS)[number];

export class ReportTemplateError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`Report template ${source} is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ReportTemplateError';
  }
}

const HEX_COLOUR = /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;

export function isHexColour(value: unknown): value is string {
  return typeof value === 'string' && HEX_COLOUR.test(value);
}

/** '#abc' -> '#aabbcc', lower case. */
export function normalizeHexColour(value: string): string {
  const hex = value.slice(1).toLowerCase();
  return `#${hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex}`;
}

/** The tokens a footer text uses, in order. */
export function footerTokens(text: string): string[] {
  return [...text.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1]);
}

export function fillFooter(text: string, values: Record<FooterToken, string>): string {
  return text.replace(/\{([^{}]*)\}/g, (whole, name: string) =>
    (FOOTER_TOKENS as readonly string[]).includes(name) ? values[name as FooterToken] : whole,
  );
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Collects every problem with its JSON path instead of stopping at the first. */
class Checker {
  readonly problems: string[] = [];

  fail(path: string, message: string): void {
    this.problems.push(`${path}: ${message}`);
  }

  object(parent: Json, key: string, path: string, allowed: readonly string[], required = true): Json | undefined {
    const value = parent[key];
    if (value === undefined && !required) return undefined;
    if (!isObject(value)) {
      this.fail(path, value === undefined ? 'is required' : 'must be an object');
      return undefined;
    }
    this.onlyKeys(value, path, allowed);
    return value;
  }

  onlyKeys(value: Json, path: string, allowed: readonly string[]): void {
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) this.fail(`${path}.${key}`, `unknown key (expected one of: ${allowed.join(', ')})`);
    }
  }

  string(parent: Json, key: string, path: string, options: { required?: boolean; max?: number } = {}): string | undefined {
    const value = parent[key];
    if (value === undefined || value === null) {
      if (options.required ?? true) this.fail(path, 'is required');
      return undefined;
    }
    if (typeof value !== 'string' || value.trim() === '') {
      this.fail(path, `must be a non-empty string (got ${JSON.stringify(value)})`);
      return undefined;
    }
    if (options.max !== undefined && value.length > options.max) {
      this.fail(path, `must be at most ${options.max} characters (got ${value.length})`);
      return undefined;
    }
    return value;
  }

  number(parent: Json, key: string, path: string, min: number, max: number, integer = false): number | undefined {
    const value = parent[key];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
      this.fail(path, `must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max} (got ${JSON.stringify(value)})`);
      return undefined;
    }
    return value;
  }

  oneOf<T extends string>(parent: Json, key: string, path: string, allowed: readonly T[], fallback?: T): T | undefined {
    const value = parent[key];
    if (value === undefined && fallback !== undefined) return fallback;
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      this.fail(path, `must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')} (got ${JSON.stringify(value)})`);
      return undefined;
    }
    return value as T;
  }

  colour(parent: Json, key: string, path: string): string {
    const value = parent[key];
    if (!isHexColour(value)) {
      this.fail(path, `${value === undefined ? 'is required' : `${JSON.stringify(value)} is not a colour`} (expected #rgb or #rrggbb, e.g. "#1f3a5f")`);
      return '#000000';
    }
    return normalizeHexColour(value);
  }
}

const COLOUR_KEYS = ['primary', 'accent', 'text', 'muted', 'rule', 'background', 'ok', 'warn', 'bad'] as const;
const TOP_KEYS = [
  '$comment',
  'report',
  'title',
  'subtitle',
  'author',
  'page',
  'dateStyle',
  'colors',
  'footer',
  'logos',
  'sections',
  'departmentSections',
  'compact',
];

/**
 * Validates a parsed template. Logo paths are resolved against `baseDir` (the template's folder)
 * but not opened: loadReportTemplate() checks the files.
 */
export function parseReportTemplate<K extends ReportKind>(raw: unknown, source: string, baseDir: string, expected?: K): ReportTemplate<K> {
  const c = new Checker();
  if (!isObject(raw)) throw new ReportTemplateError(source, ['(root): must be a JSON object']);
  c.onlyKeys(raw, '(root)', TOP_KEYS);

  const report = c.oneOf(raw, 'report', 'report', REPORT_KINDS);
  if (report && expected && report !== expected) c.fail('report', `is "${report}" but this renderer needs a "${expected}" template`);
  const kind = (report ?? expected ?? 'department-readiness') as K;

  const title = c.string(raw, 'title', 'title', { max: 120 }) ?? '';
  const subtitle = c.string(raw, 'subtitle', 'subtitle', { required: false, max: 160 }) ?? null;
  const author = c.string(raw, 'author', 'author', { required: false, max: 120 }) ?? 'CALEA accreditation tracker';
  const dateStyle = c.oneOf<DateStyle>(raw, 'dateStyle', 'dateStyle', ['medium', 'iso'], 'medium') ?? 'medium';

  // page
  const pageRaw = c.object(raw, 'page', 'page', ['size', 'orientation', 'margins']);
  const size = pageRaw ? c.oneOf(pageRaw, 'size', 'page.size', Object.keys(PAGE_SIZES) as PageSizeName[], 'LETTER') : undefined;
  const orientation = pageRaw ? c.oneOf(pageRaw, 'orientation', 'page.orientation', ['portrait', 'landscape'] as const, 'portrait') : undefined;
  const margins: Sides = { top: 54, right: 54, bottom: 54, left: 54 };
  const marginsRaw = pageRaw ? c.object(pageRaw, 'margins', 'page.margins', ['top', 'right', 'bottom', 'left'], false) : undefined;
  if (marginsRaw) {
    for (const side of ['top', 'right', 'bottom', 'left'] as const) {
      // The running header and the footer sit in the top and bottom margins.
      const min = side === 'top' || side === 'bottom' ? 40 : 24;
      if (marginsRaw[side] !== undefined) margins[side] = c.number(marginsRaw, side, `page.margins.${side}`, min, 144) ?? margins[side];
    }
  }
  const [w, h] = PAGE_SIZES[size ?? 'LETTER'];
  const [width, height] = orientation === 'landscape' ? [h, w] : [w, h];

  // colours
  const colours = c.object(raw, 'colors', 'colors', [...COLOUR_KEYS, 'heatMap']);
  const colors = {} as TemplateColors;
  for (const key of COLOUR_KEYS) colors[key] = colours ? c.colour(colours, key, `colors.${key}`) : '#000000';
  const heat = colours ? c.object(colours, 'heatMap', 'colors.heatMap', ['present', 'missing', 'notRequired']) : undefined;
  colors.heatMap = {
    present: heat ? c.colour(heat, 'present', 'colors.heatMap.present') : '#000000',
    missing: heat ? c.colour(heat, 'missing', 'colors.heatMap.missing') : '#000000',
    notRequired: heat ? c.colour(heat, 'notRequired', 'colors.heatMap.notRequired') : '#000000',
  };

  // footer
  const footerRaw = c.object(raw, 'footer', 'footer', ['text']);
  const footerText = footerRaw ? (c.string(footerRaw, 'text', 'footer.text', { max: 200 }) ?? '') : '';
  for (const token of footerTokens(footerText)) {
    if (!(FOOTER_TOKENS as readonly string[]).includes(token)) {
      c.fail('footer.text', `unknown token {${token}} (expected ${FOOTER_TOKENS.map((t) => `{${t}}`).join(', ')})`);
    }
  }

  // logos
  const logos: ReportTemplate['logos'] = { default: null, departments: {} };
  const logosRaw = c.object(raw, 'logos', 'logos', ['default', 'departments'], false);
  if (logosRaw) {
    if (logosRaw.default !== null && logosRaw.default !== undefined) {
      const p = c.string(logosRaw, 'default', 'logos.default');
      if (p) logos.default = resolveLogo(c, p, 'logos.default', baseDir);
    }
    const byDepartment = logosRaw.departments;
    if (byDepartment !== undefined) {
      if (!isObject(byDepartment)) c.fail('logos.departments', 'must be an object of department id or short name -> image path');
      else {
        for (const [key, value] of Object.entries(byDepartment)) {
          const path = `logos.departments[${JSON.stringify(key)}]`;
          if (typeof value !== 'string' || value.trim() === '') c.fail(path, 'must be an image path');
          else {
            const resolved = resolveLogo(c, value, path, baseDir);
            if (resolved) logos.departments[key] = resolved;
          }
        }
      }
    }
  }

  // sections
  const allowed: readonly string[] = SECTION_IDS[kind];
  const sections: TemplateSection<SectionId<K>>[] = [];
  if (!Array.isArray(raw.sections) || raw.sections.length === 0) {
    c.fail('sections', `must be a non-empty array of sections (ids: ${allowed.join(', ')})`);
  } else {
    const seen = new Set<string>();
    raw.sections.forEach((s: unknown, i) => {
      const path = `sections[${i}]`;
      const entry: Json | undefined = typeof s === 'string' ? { id: s } : isObject(s) ? s : undefined;
      if (!entry) return c.fail(path, 'must be a section id or an object {"id", "title", "newPage"}');
      c.onlyKeys(entry, path, ['id', 'title', 'newPage']);
      const id = entry.id;
      if (typeof id !== 'string' || !allowed.includes(id)) {
        return c.fail(`${path}.id`, `unknown section ${JSON.stringify(id)} for a ${kind} report (expected one of: ${allowed.join(', ')})`);
      }
      if (seen.has(id)) return c.fail(`${path}.id`, `section "${id}" appears twice`);
      seen.add(id);
      if (entry.newPage !== undefined && typeof entry.newPage !== 'boolean') c.fail(`${path}.newPage`, 'must be true or false');
      sections.push({
        id: id as SectionId<K>,
        title: c.string(entry, 'title', `${path}.title`, { required: false, max: 80 }) ?? DEFAULT_TITLES[kind][id],
        newPage: typeof entry.newPage === 'boolean' ? entry.newPage : NEW_PAGE_BY_DEFAULT.has(id),
      });
    });
    if (seen.has('cover') && sections[0]?.id !== 'cover') c.fail('sections', 'the cover must come first when present');
  }

  // footprint-only parts
  let departmentSections: FootprintPartId[] = [];
  const compact = { deadlines: 6, blockers: 8 };
  if (kind === 'footprint') {
    departmentSections = [...FOOTPRINT_PART_IDS];
    if (raw.departmentSections !== undefined) {
      if (!Array.isArray(raw.departmentSections)) c.fail('departmentSections', 'must be an array');
      else {
        departmentSections = [];
        raw.departmentSections.forEach((p: unknown, i) => {
          if (typeof p !== 'string' || !(FOOTPRINT_PART_IDS as readonly string[]).includes(p)) {
            c.fail(`departmentSections[${i}]`, `unknown part ${JSON.stringify(p)} (expected one of: ${FOOTPRINT_PART_IDS.join(', ')})`);
          } else if (departmentSections.includes(p as FootprintPartId)) c.fail(`departmentSections[${i}]`, `part "${p}" appears twice`);
          else departmentSections.push(p as FootprintPartId);
        });
      }
    }
    const compactRaw = c.object(raw, 'compact', 'compact', ['deadlines', 'blockers'], false);
    if (compactRaw) {
      if (compactRaw.deadlines !== undefined) compact.deadlines = c.number(compactRaw, 'deadlines', 'compact.deadlines', 0, 50, true) ?? 6;
      if (compactRaw.blockers !== undefined) compact.blockers = c.number(compactRaw, 'blockers', 'compact.blockers', 0, 50, true) ?? 8;
    }
  } else {
    if (raw.departmentSections !== undefined) c.fail('departmentSections', 'only applies to footprint templates');
    if (raw.compact !== undefined) c.fail('compact', 'only applies to footprint templates');
  }

  if (c.problems.length > 0) throw new ReportTemplateError(source, c.problems);
  return {
    report: kind,
    source,
    title,
    subtitle,
    author,
    page: { size: size ?? 'LETTER', orientation: orientation ?? 'portrait', width, height, margins },
    dateStyle,
    colors,
    footer: { text: footerText },
    logos,
    sections,
    departmentSections,
    compact,
  };
}

function resolveLogo(c: Checker, path: string, jsonPath: string, baseDir: string): string | null {
  if (!/\.(png|jpe?g)$/i.test(path)) {
    c.fail(jsonPath, `"${path}" must be a PNG or JPEG image (.png, .jpg, .jpeg)`);
    return null;
  }
  return isAbsolute(path) ? path : resolve(baseDir, path);
}

/** PNG or JPEG by their first bytes; anything else would make pdfkit throw mid-report. */
export function imageType(bytes: Uint8Array): 'png' | 'jpeg' | null {
  if (bytes.length >= 8 && [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((b, i) => bytes[i] === b)) return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  return null;
}

/** Guards a renderer against a template of another report. */
export function assertTemplateKind(template: ReportTemplate, kind: ReportKind): void {
  if (template.report !== kind) {
    throw new Error(`The ${kind} renderer was given a "${template.report}" template (${template.source}).`);
  }
}

/** Reads, validates and resolves a template file; logos must exist and be PNG or JPEG. */
export function loadReportTemplate<K extends ReportKind>(path: string, expected?: K): ReportTemplate<K> {
  const source = resolve(path);
  let text: string;
  try {
    text = readFileSync(source, 'utf8');
  } catch (error) {
    throw new ReportTemplateError(source, [`cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ReportTemplateError(source, [`is not valid JSON (${(error as Error).message})`]);
  }
  const template = parseReportTemplate(raw, source, dirname(source), expected);
  const problems: string[] = [];
  const check = (file: string, jsonPath: string) => {
    if (!existsSync(file)) return problems.push(`${jsonPath}: ${file} does not exist`);
    if (!imageType(readFileSync(file).subarray(0, 8))) problems.push(`${jsonPath}: ${file} is not a PNG or JPEG image`);
  };
  if (template.logos.default) check(template.logos.default, 'logos.default');
  for (const [key, file] of Object.entries(template.logos.departments)) check(file, `logos.departments[${JSON.stringify(key)}]`);
  if (problems.length > 0) throw new ReportTemplateError(source, problems);
  return template;
}

/**
 * The logo for a department: the template's slot for its id, then for its short name, then the
 * view model's own logo, then the template's default; null for none.
 */
export function logoFor(template: ReportTemplate, department: { id: string; shortName: string; logoPath?: string | null }): string | null {
  return template.logos.departments[department.id] ?? template.logos.departments[department.shortName] ?? department.logoPath ?? template.logos.default;
}

/**
 * The `templates/reports` folder of this project: the nearest one above `from`, so it is found
 * from src/reports (ts, jest) and from dist/src/reports (compiled) alike.
 */
export function reportTemplatesDir(from: string = __dirname): string {
  let dir = from;
  for (;;) {
    const candidate = join(dir, 'templates', 'reports');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No templates/reports folder above ${from}`);
    dir = parent;
  }
}

/** templates/reports/<kind>.json of this project. */
export function defaultTemplatePath(kind: ReportKind): string {
  return join(reportTemplatesDir(), `${kind}.json`);
}
