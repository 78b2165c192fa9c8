import { passwordProblems, PasswordService } from './password.service';
import { adminPasswordProblems } from './rules/password-rule';

describe('passwordProblems', () => {
  it.each([
    ['correct horse battery', 'chief@normandy.example', []],
    ['short', 'chief@normandy.example', ['must be at least 12 characters long']],
    ['x'.repeat(257), 'a@b.example', ['must be at most 256 characters long', 'must use more than three different characters']],
    ['my chief@normandy.example pw', 'chief@normandy.example', ['must not contain your email address']],
    ['CHIEF@NORMANDY.EXAMPLE!', 'chief@normandy.example', ['must not contain your email address']],
    ['jsmith-2026-password', 'jsmith@normandy.example', ['must not contain "jsmith", the part of your email address before the @']],
    ['Admin-Pass-2026!', 'admin@calea.example', ['must not contain "admin", the part of your email address before the @']],
    ['aaaaaaaaaaaaaaaa', 'a@b.example', ['must use more than three different characters']],
    ['abababababababab', 'zz@b.example', ['must use more than three different characters']],
  ])('%j for %s -> %j', (password, email, expected) => {
    expect(passwordProblems(password, email)).toEqual(expected);
  });
});

describe('PasswordService', () => {
  const service = new PasswordService();

  it('hashes with argon2id and verifies only the right password', async () => {
    const hash = await service.hash('correct horse battery');
    expect(hash).toMatch(/^\$argon2id\$/);
    await expect(service.verify(hash, 'correct horse battery')).resolves.toBe(true);
    await expect(service.verify(hash, 'wrong horse battery')).resolves.toBe(false);
  });

  it('keeps verifying hashes made by the node-argon2 package the service used before', async () => {
    // Made by argon2@0.45 (argon2.hash(..., { type: argon2id })) before the switch to @node-rs/argon2.
    const legacy = '$argon2id$v=19$m=65536,p=4,t=3$x+7CqwCCwhjYERhbhL+czQ$EypmwVhoMvjETsu051jlGyR/yYjY+W/X/xehi7zsfuE';
    await expect(service.verify(legacy, 'correct horse battery staple')).resolves.toBe(true);
    await expect(service.verify(legacy, 'correct horse battery stapler')).resolves.toBe(false);
  });

  it('hashes with the same parameters as before (64 MiB, 3 passes, 4 lanes)', async () => {
    expect(await service.hash('correct horse battery')).toMatch(/^\$argon2id\$v=19\$m=65536,t=3,p=4\$/);
  });

  it('treats a malformed stored hash as no match', async () => {
    await expect(service.verify('not-a-hash', 'correct horse battery')).resolves.toBe(false);
  });

  it('never matches when there is no hash (unknown or invited user)', async () => {
    await expect(service.verify(null, 'decoy password that never matches')).resolves.toBe(false);
  });
});

describe('adminPasswordProblems', () => {
  it('names the variable, the address and the rule', () => {
    expect(adminPasswordProblems('Admin-Pass-2026!', 'admin@calea.example')).toEqual([
      'ADMIN_PASSWORD (for admin@calea.example) must not contain "admin", the part of your email address before the @',
    ]);
    expect(adminPasswordProblems(undefined, 'admin@calea.example')).toEqual([]);
    expect(adminPasswordProblems('correct horse battery', 'admin@calea.example')).toEqual([]);
  });
});
