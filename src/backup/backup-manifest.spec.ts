import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, BackupRefusedError, formatBytes, loadOrder, migrationsToRestore, parseManifest } from './backup-manifest';

describe('loadOrder', () => {
  it.each([
    ['no keys: name order', ['b', 'a', 'c'], [], ['a', 'b', 'c']],
    ['a chain', ['proof_link', 'proof', 'standard_file'], [{ from: 'proof_link', to: 'proof' }, { from: 'proof_link', to: 'standard_file' }], ['proof', 'standard_file', 'proof_link']],
    ['a table pointing to itself', ['proof', 'app_user'], [{ from: 'proof', to: 'proof' }, { from: 'proof', to: 'app_user' }], ['app_user', 'proof']],
    ['keys to tables not dumped are ignored', ['a'], [{ from: 'a', to: 'typeorm_migrations' }], ['a']],
    ['a diamond', ['d', 'c', 'b', 'a'], [{ from: 'b', to: 'a' }, { from: 'c', to: 'a' }, { from: 'd', to: 'b' }, { from: 'd', to: 'c' }], ['a', 'b', 'c', 'd']],
  ])('%s', (_name, tables, keys, expected) => {
    expect(loadOrder(tables, keys)).toEqual(expected);
  });

  it('names the tables of a cycle', () => {
    expect(() => loadOrder(['a', 'b', 'c'], [{ from: 'a', to: 'b' }, { from: 'b', to: 'a' }])).toThrow('a, b form a cycle');
  });
});

describe('migrationsToRestore', () => {
  const known = ['Initial1', 'Audit2', 'Proofs3', 'Reports4'];
  it.each([
    ['the same version', known, known],
    ['an older version: its leading run', ['Initial1', 'Audit2'], ['Initial1', 'Audit2']],
    ['an empty database backup', [], []],
  ])('%s', (_name, backup, expected) => {
    expect(migrationsToRestore(backup, known)).toEqual(expected);
  });

  it.each([
    ['a newer version', [...known, 'Mail5'], /migrations this version does not have \(Mail5\)/],
    ['a diverging version', ['Initial1', 'Proofs3'], /not a leading run/],
  ])('refuses %s', (_name, backup, message) => {
    expect(() => migrationsToRestore(backup, known)).toThrow(BackupRefusedError);
    expect(() => migrationsToRestore(backup, known)).toThrow(message);
  });
});

describe('parseManifest', () => {
  const valid = { format: BACKUP_FORMAT, formatVersion: BACKUP_FORMAT_VERSION, createdAt: '2026-12-05T00:00:00Z', migrations: [], postgresVersion: '18.4', tables: [{ name: 'app_user', columns: ['id', 'email'], rows: 1, entry: 'database/app_user.copy.gz', size: 10, sha256: 'x' }], sequences: [{ name: 'audit_event_id_seq', lastValue: '12', isCalled: true }], objects: [] };
  const bytes = (value: unknown): Buffer => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));

  it('accepts a manifest the backup wrote', () => {
    expect(parseManifest(bytes(valid)).tables[0].name).toBe('app_user');
  });

  it.each([
    ['not JSON', '{"format":', /is not JSON/],
    ['another format', { ...valid, format: 'zip' }, /not a backup of the tracker/],
    ['a later format version', { ...valid, formatVersion: 2 }, /format version 2 is not one this version reads/],
    ['no tables', { ...valid, tables: undefined }, /incomplete/],
    ['a table name that is SQL', { ...valid, tables: [{ ...valid.tables[0], name: 'x"; DROP TABLE app_user; --' }] }, /not a plain identifier/],
    ['a column name that is SQL', { ...valid, tables: [{ ...valid.tables[0], columns: ['id) TO PROGRAM'] }] }, /not a plain identifier/],
    ['a sequence value that is not a number', { ...valid, sequences: [{ name: 's', lastValue: '1; SELECT', isCalled: true }] }, /malformed sequence/],
  ])('refuses %s', (_name, value, message) => {
    expect(() => parseManifest(bytes(value))).toThrow(message);
  });
});

describe('formatBytes', () => {
  it.each([
    [0, '0 bytes'],
    [1023, '1023 bytes'],
    [1536, '1.5 KB'],
    [200 * 1024 * 1024, '200.0 MB'],
  ])('%d -> %s', (value, expected) => {
    expect(formatBytes(value)).toBe(expected);
  });
});
