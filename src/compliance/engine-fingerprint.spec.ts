import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { engineFingerprint } from './engine-fingerprint';

describe('engineFingerprint', () => {
  let root: string;
  let engine: string;
  const write = (path: string, text: string) => writeFileSync(join(root, path), text);

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'engine-fingerprint-'));
    engine = join(root, 'compliance');
    for (const dir of ['compliance', 'compliance/rules', 'kernel']) mkdirSync(join(root, dir));
    write('compliance/compliance.service.js', 'service');
    write('compliance/rules/readiness.js', 'rule');
    write('kernel/calendar.js', 'calendar');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it.each([
    ['a rule changes', 'compliance/rules/readiness.js', 'rule, changed', true],
    ['the service changes', 'compliance/compliance.service.js', 'service, changed', true],
    ['a kernel helper changes', 'kernel/calendar.js', 'calendar, changed', true],
    ['a rule is added', 'compliance/rules/new-rule.js', 'new', true],
    ['a test changes', 'compliance/rules/readiness.spec.ts', 'test', false],
    ['a declaration file changes', 'kernel/calendar.d.ts', 'types', false],
    ['something that is not code changes', 'compliance/notes.md', 'notes', false],
  ])('when %s: changes %s', (_case, path, text, changes) => {
    const before = engineFingerprint(engine);
    write(path, text);
    expect(engineFingerprint(engine) !== before).toBe(changes);
  });

  it('is the same for the same code', () => {
    expect(engineFingerprint(engine)).toBe(engineFingerprint(engine));
    expect(engineFingerprint(engine)).toMatch(/^[0-9a-f]{16}$/);
  });
});
