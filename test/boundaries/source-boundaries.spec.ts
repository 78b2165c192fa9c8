import { join } from 'node:path';
import { ALLOWED_VIOLATIONS, findViolations, isAllowed, readSourceTree, type SourceFile, type Violation } from './source-boundaries';

const checksOf = (files: SourceFile[]) => findViolations(files).map((v) => v.check);
const file = (path: string, text: string): SourceFile => ({ path, text });

describe('module boundaries of src/', () => {
  const violations = findViolations(readSourceTree(join(__dirname, '..', '..', 'src')));

  it('hold everywhere but in the allow-listed files', () => {
    const unexpected = violations.filter((v) => !isAllowed(v));
    expect(unexpected.map((v: Violation) => `[${v.check}] ${v.message}`)).toEqual([]);
  });

  it('allow-list only files that still break a rule (delete an entry once its file is fixed)', () => {
    const stale = ALLOWED_VIOLATIONS.filter((entry) => !violations.some((v) => v.check === entry.check && v.path === entry.path));
    expect(stale).toEqual([]);
  });
});

describe('the boundary checker fails on', () => {
  it('SQL text or a .query() call outside a *.repository.ts file', () => {
    expect(checksOf([file('files/files.service.ts', "const rows = await ds.query('SELECT 1 FROM standard_file WHERE id = $1', [id]);")])).toEqual(['sql-outside-repository']);
    expect(checksOf([file('audit/audit.service.ts', 'const sql = `\n  INSERT INTO audit_event (action) VALUES ($1)`;')])).toEqual(['sql-outside-repository']);
    expect(checksOf([file('audit/audit.service.ts', 'const sql = `WITH gone AS (DELETE FROM x RETURNING 1) SELECT count(*) FROM gone`;')])).toEqual(['sql-outside-repository']);
    expect(checksOf([file('audit/audit.service.ts', 'await runner.query(text);')])).toEqual(['sql-outside-repository']);
    expect(checksOf([file('files/files.repository.ts', "const rows = await ds.query('SELECT 1 FROM standard_file WHERE id = $1', [id]);")])).toEqual([]);
    // Prose that happens to start with a capitalised word is not SQL.
    expect(checksOf([file('web/view.ts', "const hint = 'Update the file, then select a proof';")])).toEqual([]);
  });

  it('SQL text exported from a module, even from its repository', () => {
    expect(checksOf([file('files/files.repository.ts', "export const ASSIGNABLE = `SELECT 1 FROM membership m WHERE m.role = 'member'`;")])).toEqual(['exported-sql']);
    // Fragments too: a condition, a column list, joins.
    expect(checksOf([file('files/file-work.service.ts', "export const ASSIGNABLE_MEMBER = `m.role IN ('manager', 'member') AND u.disabled_at IS NULL`;")])).toEqual(['exported-sql']);
    expect(checksOf([file('deadlines/deadlines.repository.ts', "export const COLUMNS = `d.id, to_char(d.award_date, 'YYYY-MM-DD') AS award_date`;")])).toEqual(['exported-sql']);
    expect(checksOf([file('files/files.repository.ts', "const ASSIGNABLE = `SELECT 1 FROM membership`;\nexport const LIMIT = 10;")])).toEqual([]);
    expect(checksOf([file('common/errors.ts', "export const NOT_FOUND = 'The file is not in this department';")])).toEqual([]);
  });

  it('DataSource or EntityManager in src/web', () => {
    const page = "import { InjectDataSource } from '@nestjs/typeorm';\nimport { DataSource, EntityManager } from 'typeorm';\n";
    expect(checksOf([file('web/file/file-page.service.ts', page)])).toEqual(['data-source-in-web', 'data-source-in-web', 'data-source-in-web']);
    expect(checksOf([file('files/files.service.ts', page)])).toEqual([]);
  });

  it('a database entity imported in src/web', () => {
    const entity = "import { RESULTS } from '../../files/entities/standard-file.entity';\n";
    expect(checksOf([file('web/file/file-page.service.ts', entity)])).toEqual(['data-source-in-web']);
    expect(checksOf([file('web/file/file-page.service.ts', "import { RESULTS } from '../../kernel/file-values';\n")])).toEqual([]);
    expect(checksOf([file('files/file-work.service.ts', "import { RESULTS } from './entities/standard-file.entity';\n")])).toEqual([]);
  });

  it("a module importing another module's repository file", () => {
    expect(checksOf([file('reports/report-data.service.ts', "import { ProofsRepository } from '../proofs/proofs.repository';")])).toEqual(['foreign-repository-import']);
    expect(checksOf([file('proofs/proofs.service.ts', "import { ProofsRepository } from './proofs.repository';")])).toEqual([]);
  });

  it('the kernel importing anything but kernel files and node built-ins', () => {
    expect(checksOf([file('kernel/calendar.ts', "import { Clock } from '../common/clock';")])).toEqual(['kernel-imports-outside']);
    expect(checksOf([file('kernel/calendar.ts', "import { Injectable } from '@nestjs/common';")])).toEqual(['kernel-imports-outside']);
    expect(checksOf([file('kernel/cycle.ts', "import { dayOf } from './calendar';\nimport { createHash } from 'node:crypto';\nimport { join } from 'path';")])).toEqual([]);
  });

  it('config importing a feature module', () => {
    expect(checksOf([file('config/app-config.ts', "import { SIZE_CLASSES } from '../standards/rules/size-class';")])).toEqual(['config-imports-feature']);
    expect(checksOf([file('config/app-config.ts', "import { SIZE_CLASSES } from '../kernel/size-class';")])).toEqual([]);
  });

  it('an import against the layering', () => {
    expect(checksOf([file('audit/audit.controller.ts', "import { Access } from '../identity/access/access.decorator';")])).toEqual(['layering']);
    expect(checksOf([file('identity/users.service.ts', "import { AuditService } from '../audit/audit.service';")])).toEqual([]);
  });

  it('any import cycle between top-level folders, naming its path and imports', () => {
    const cycle = findViolations([
      file('config/app-config.ts', "import { HOSTS } from '../database/hosts';"),
      file('database/hosts.ts', "import { STORAGE } from '../sample-data/storage';"),
      file('sample-data/storage.ts', "import { AppConfig } from '../config/app-config';"),
      file('health/health.ts', "import { AppConfig } from '../config/app-config';"),
    ]).filter((v) => v.check === 'folder-cycle');
    expect(cycle).toHaveLength(1);
    expect(cycle[0].message).toContain('config -> database -> sample-data -> config');
    expect(cycle[0].message).toContain('sample-data/storage.ts:1 imports ../config/app-config');
    // Type-only imports and re-exports count too: they tie the folders together all the same.
    const typeOnly = findViolations([
      file('backup/a.ts', "import type { B } from '../health/b';"),
      file('health/b.ts', "export { A } from '../backup/a';"),
    ]).filter((v) => v.check === 'folder-cycle');
    expect(typeOnly.map((v) => v.message.split('\n')[0])).toEqual(['import cycle between folders of src/: backup -> health -> backup']);
    expect(checksOf([file('backup/a.ts', "import { B } from '../health/b';"), file('health/b.ts', "import { C } from './c';")])).toEqual([]);
  });
});
