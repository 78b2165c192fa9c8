// The module boundaries of src/, checked by parsing the sources with the TypeScript compiler API
// (test/boundaries/source-boundaries.spec.ts runs it over src/ in `npm test`). See README.md
// ("Module boundaries") for the rules in words.
import { builtinModules } from 'node:module';
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import ts from 'typescript';

/**
 * The allowed layering, top to bottom: a folder may import the folders listed after it, never one
 * listed before it. Folders not listed (config, database, idempotency, health, backup, sample-data,
 * tooling, the files at the root of src/) are held only by the cycle check and their own rules.
 */
export const LAYERS: readonly (readonly string[])[] = [
  ['web'],
  ['reports'],
  ['assessments'],
  ['readiness'],
  ['deadlines'],
  ['compliance'],
  ['proofs'],
  ['files'],
  ['departments'],
  ['standards'],
  ['identity'],
  ['mail'],
  ['audit'],
  ['common', 'kernel'],
];

export type BoundaryCheck =
  | 'sql-outside-repository'
  | 'exported-sql'
  | 'data-source-in-web'
  | 'foreign-repository-import'
  | 'kernel-imports-outside'
  | 'config-imports-feature'
  | 'layering'
  | 'folder-cycle';

export interface SourceFile {
  /** Path relative to src/, with forward slashes: `files/file-work.service.ts`. */
  path: string;
  text: string;
}

export interface Violation {
  check: BoundaryCheck;
  /** The file at fault (for a folder cycle: the first file of the first import of the cycle). */
  path: string;
  message: string;
}

export interface AllowedViolation {
  check: BoundaryCheck;
  path: string;
  reason: string;
}

/**
 * Lasting exceptions: infrastructure that works on the database as a whole (connection, database
 * creation, advisory locks, dump and restore of every table) and owns no feature tables.
 */
const INFRASTRUCTURE: readonly AllowedViolation[] = [
  { check: 'sql-outside-repository', path: 'database/embedded-postgres.ts', reason: 'creates the database on the embedded server' },
  { check: 'sql-outside-repository', path: 'database/job-lock.ts', reason: 'the advisory locks every scheduled job and every migration run take' },
  { check: 'sql-outside-repository', path: 'backup/database-dump.ts', reason: 'dumps and restores every table with COPY' },
  { check: 'sql-outside-repository', path: 'backup/backup.ts', reason: 'reads the stored objects and checks a restore, across modules' },
];

/**
 * Temporary exceptions, each naming its file and why (none left). An entry that no longer matches a
 * violation fails the spec, so an entry is deleted as soon as its file is fixed.
 */
const TEMPORARY: readonly AllowedViolation[] = [];

export const ALLOWED_VIOLATIONS: readonly AllowedViolation[] = [...INFRASTRUCTURE, ...TEMPORARY];

/** The folder a file belongs to: its first path segment, or `(src)` for the files at the root of src/. */
export function topFolderOf(path: string): string {
  const slash = path.indexOf('/');
  return slash === -1 ? '(src)' : path.slice(0, slash);
}

const SQL_START =
  /^\s*(SELECT\s|INSERT\s+INTO\s|UPDATE\s+\S+\s+SET\s|DELETE\s+FROM\s|WITH\s+(RECURSIVE\s+)?\w+(\s*\([^)]*\))?\s+AS\s*\(|CREATE\s|ALTER\s|DROP\s|TRUNCATE\s|COPY\s|LOCK\s+TABLE|MERGE\s+INTO\s)/;

/** A literal whose text starts like a SQL statement (keywords in capitals, as this codebase writes SQL). */
export function looksLikeSql(text: string): boolean {
  return SQL_START.test(text);
}

const SQL_FRAGMENT_KEYWORDS = /\b(SELECT|FROM|JOIN|WHERE|AND|OR|IN|IS|NOT|NULL|AS|ON|EXISTS|ORDER BY|GROUP BY)\b/g;

/** A SQL statement, or a fragment of one (a condition, a column list, joins): two or more distinct SQL keywords in capitals. */
export function looksLikeSqlFragment(text: string): boolean {
  return looksLikeSql(text) || new Set(text.match(SQL_FRAGMENT_KEYWORDS) ?? []).size >= 2;
}

function literalHead(node: ts.Node): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return node.head.text;
  return undefined;
}

interface ImportRef {
  specifier: string;
  /** The target relative to src/ when the specifier is relative; undefined for packages. */
  target?: string;
  names: string[];
  node: ts.Node;
}

function importsOf(file: SourceFile, source: ts.SourceFile): ImportRef[] {
  const refs: ImportRef[] = [];
  const add = (specifierNode: ts.Expression, names: string[], node: ts.Node) => {
    if (!ts.isStringLiteral(specifierNode)) return;
    const specifier = specifierNode.text;
    const target = specifier.startsWith('.') ? posix.normalize(posix.join(posix.dirname(file.path), specifier)) : undefined;
    refs.push({ specifier, target, names, node });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node)) {
      const names: string[] = [];
      const clause = node.importClause;
      if (clause?.name) names.push(clause.name.text);
      if (clause?.namedBindings && ts.isNamedImports(clause.namedBindings)) {
        for (const element of clause.namedBindings.elements) names.push((element.propertyName ?? element.name).text);
      }
      add(node.moduleSpecifier, names, node);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier) {
      const names = node.exportClause && ts.isNamedExports(node.exportClause) ? node.exportClause.elements.map((e) => (e.propertyName ?? e.name).text) : [];
      add(node.moduleSpecifier, names, node);
    } else if (ts.isCallExpression(node) && node.arguments.length > 0) {
      const isDynamicImport = node.expression.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(node.expression) && node.expression.text === 'require';
      if (isDynamicImport || isRequire) add(node.arguments[0], [], node);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return refs;
}

const NODE_BUILTINS = new Set(builtinModules);
const DATABASE_HANDLES = new Set(['DataSource', 'EntityManager', 'InjectDataSource', 'InjectEntityManager', 'QueryRunner']);

function lineOf(source: ts.SourceFile, node: ts.Node): number {
  return source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
}

function layerIndex(folder: string): number {
  return LAYERS.findIndex((layer) => layer.includes(folder));
}

interface FolderEdge {
  from: string;
  to: string;
  /** The first import seen for this edge, e.g. `audit/audit.controller.ts:3 imports ../identity/access/actor`. */
  example: string;
  examplePath: string;
}

/** Every check but the allow-list. Files are production sources only (the caller leaves out specs). */
export function findViolations(files: readonly SourceFile[]): Violation[] {
  const violations: Violation[] = [];
  const edges = new Map<string, FolderEdge>();

  for (const file of files) {
    const source = ts.createSourceFile(file.path, file.text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const folder = topFolderOf(file.path);
    const isRepository = file.path.endsWith('.repository.ts');
    const at = (node: ts.Node) => `${file.path}:${lineOf(source, node)}`;

    const visit = (node: ts.Node) => {
      const head = literalHead(node);
      if (head !== undefined && !isRepository && looksLikeSql(head)) {
        violations.push({ check: 'sql-outside-repository', path: file.path, message: `${at(node)} has SQL text outside a *.repository.ts file: ${head.trim().slice(0, 60)}` });
      }
      if (
        ts.isCallExpression(node) &&
        ts.isPropertyAccessExpression(node.expression) &&
        node.expression.name.text === 'query' &&
        !isRepository
      ) {
        violations.push({ check: 'sql-outside-repository', path: file.path, message: `${at(node)} runs .query(…) outside a *.repository.ts file` });
      }
      if (ts.isVariableStatement(node) && node.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) {
        for (const declaration of node.declarationList.declarations) {
          const initializer = declaration.initializer;
          const text = initializer && (ts.isTemplateExpression(initializer) ? initializer.getText(source) : literalHead(initializer));
          // Whatever string a repository exports is SQL text; elsewhere, text that reads as SQL.
          if (text !== undefined && (isRepository || looksLikeSqlFragment(text))) {
            violations.push({ check: 'exported-sql', path: file.path, message: `${at(declaration)} exports SQL text (${declaration.name.getText(source)}); keep SQL private to its repository` });
          }
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);

    for (const ref of importsOf(file, source)) {
      const targetFolder = ref.target !== undefined ? topFolderOf(ref.target) : undefined;
      if (folder === 'web' && (ref.specifier === 'typeorm' || ref.specifier === '@nestjs/typeorm')) {
        for (const name of ref.names.filter((n) => DATABASE_HANDLES.has(n))) {
          violations.push({ check: 'data-source-in-web', path: file.path, message: `${at(ref.node)} imports ${name} from ${ref.specifier}: pages call domain services, never the database` });
        }
      }
      // An entity is a table's mapping: a page that imports one is a step from querying it.
      if (folder === 'web' && ref.target !== undefined && /\.entity(\.ts)?$/.test(ref.target)) {
        violations.push({ check: 'data-source-in-web', path: file.path, message: `${at(ref.node)} imports ${ref.specifier}, a database entity: pages call domain services, never the database (shared values live in kernel/)` });
      }
      if (ref.target !== undefined && targetFolder !== folder && /\.repository(\.ts)?$/.test(ref.target)) {
        violations.push({ check: 'foreign-repository-import', path: file.path, message: `${at(ref.node)} imports ${ref.specifier}, a repository of ${targetFolder}: go through that module's service` });
      }
      if (folder === 'kernel') {
        const inKernel = targetFolder === 'kernel';
        const builtin = ref.target === undefined && (ref.specifier.startsWith('node:') || NODE_BUILTINS.has(ref.specifier));
        if (!inKernel && !builtin) {
          violations.push({ check: 'kernel-imports-outside', path: file.path, message: `${at(ref.node)} imports ${ref.specifier}: kernel imports only kernel files and node built-ins` });
        }
      }
      if (folder === 'config' && targetFolder !== undefined && targetFolder !== 'config' && targetFolder !== 'kernel') {
        violations.push({ check: 'config-imports-feature', path: file.path, message: `${at(ref.node)} imports ${ref.specifier}: config imports only config and kernel` });
      }
      if (targetFolder !== undefined && targetFolder !== folder) {
        const from = layerIndex(folder);
        const to = layerIndex(targetFolder);
        if (from !== -1 && to !== -1 && to < from) {
          violations.push({ check: 'layering', path: file.path, message: `${at(ref.node)} imports ${ref.specifier}: ${folder} sits below ${targetFolder} in the layering (${LAYERS.map((l) => l.join('/')).join(' -> ')})` });
        }
        const key = `${folder}\0${targetFolder}`;
        if (!edges.has(key)) edges.set(key, { from: folder, to: targetFolder, example: `${at(ref.node)} imports ${ref.specifier}`, examplePath: file.path });
      }
    }
  }

  for (const { group, cycle } of folderCycles([...edges.values()])) {
    const path = cycle.map((e) => e.from).concat(cycle[0].from).join(' -> ');
    const steps = cycle.map((e) => `  ${e.from} -> ${e.to}: ${e.example}`).join('\n');
    violations.push({
      check: 'folder-cycle',
      path: folderLoopName(group),
      message: `import cycle between folders of src/: ${path}\n${steps}\n  (the folders tied into this loop: ${group.join(', ')})`,
    });
  }
  // A `.query(` call and the SQL literal it runs are one finding, not two.
  const seen = new Set<string>();
  return violations.filter((v) => {
    const key = v.check === 'sql-outside-repository' ? `${v.check} ${v.message.split(' ')[0]}` : `${v.check} ${v.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** How a folder-cycle violation names its loop (its `path`): every folder in it, sorted. */
export function folderLoopName(folders: readonly string[]): string {
  return `folders ${[...folders].sort().join(' + ')}`;
}

/** Per strongly connected group of folders (Tarjan): its members and one shortest cycle, as edges in order. */
function folderCycles(edges: readonly FolderEdge[]): { group: string[]; cycle: FolderEdge[] }[] {
  const out = new Map<string, FolderEdge[]>();
  for (const edge of edges) out.set(edge.from, [...(out.get(edge.from) ?? []), edge]);
  const nodes = [...new Set(edges.flatMap((e) => [e.from, e.to]))].sort();

  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const connect = (node: string) => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const edge of out.get(node) ?? []) {
      if (!index.has(edge.to)) {
        connect(edge.to);
        low.set(node, Math.min(low.get(node)!, low.get(edge.to)!));
      } else if (onStack.has(edge.to)) {
        low.set(node, Math.min(low.get(node)!, index.get(edge.to)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const group: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        group.push(member);
      } while (member !== node);
      if (group.length > 1) groups.push(group.sort());
    }
  };
  for (const node of nodes) if (!index.has(node)) connect(node);

  return groups.map((group) => {
    const members = new Set(group);
    const start = group[0];
    // Breadth-first inside the group from `start` back to itself: the shortest cycle through it.
    const cameBy = new Map<string, FolderEdge>();
    const queue = [start];
    while (queue.length > 0) {
      const node = queue.shift()!;
      for (const edge of out.get(node) ?? []) {
        if (!members.has(edge.to)) continue;
        if (edge.to === start) {
          const cycle = [edge];
          for (let at = node; at !== start; at = cameBy.get(at)!.from) cycle.unshift(cameBy.get(at)!);
          return { group, cycle };
        }
        if (!cameBy.has(edge.to)) {
          cameBy.set(edge.to, edge);
          queue.push(edge.to);
        }
      }
    }
    throw new Error(`no cycle found in the strongly connected group ${group.join(', ')}`);
  });
}

export function isAllowed(violation: Violation, allowed: readonly AllowedViolation[] = ALLOWED_VIOLATIONS): boolean {
  return allowed.some((entry) => entry.check === violation.check && entry.path === violation.path);
}

/** The production sources under `srcDir` (specs left out: they may hold SQL and test helpers). */
export function readSourceTree(srcDir: string): SourceFile[] {
  return readdirSync(srcDir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.d.ts'))
    .map((entry) => join(entry.parentPath, entry.name))
    .map((full) => ({ path: relative(srcDir, full).split(sep).join('/'), text: readFileSync(full, 'utf8') }))
    .sort((a, b) => a.path.localeCompare(b.path));
}
