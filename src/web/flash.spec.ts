import type { Request } from 'express';
import { fittedFlash, localReturnPath, safeNextPath } from './flash';

describe('safeNextPath', () => {
  it.each([
    ['/department/1', '/department/1'],
    ['/reports?department=2', '/reports?department=2'],
    ['/', '/'],
    ['//evil.example/x', '/'],
    ['/\\evil.example', '/'],
    ['https://evil.example/', '/'],
    ['javascript:alert(1)', '/'],
    ['', '/'],
    [undefined, '/'],
    [42, '/'],
  ])('%p → %p', (next, expected) => {
    expect(safeNextPath(next)).toBe(expected);
  });
});

describe('localReturnPath', () => {
  const requestWith = (referer: string | undefined, host = 'calea.test'): Request =>
    ({ header: (name: string) => (name.toLowerCase() === 'referer' ? referer : name.toLowerCase() === 'host' ? host : undefined) }) as unknown as Request;

  it.each([
    ['https://calea.test/department/1?chapter=2', '/department/1?chapter=2'],
    ['http://calea.test/admin/users', '/admin/users'],
    ['https://evil.example/department/1', '/'],
    ['http://calea.test//evil.example/x', '/'],
    ['http://calea.test/\\evil.example/x', '/'],
    ['not a url', '/'],
    [undefined, '/'],
  ])('referer %p → %p', (referer, expected) => {
    expect(localReturnPath(requestWith(referer))).toBe(expected);
  });

  it('uses the fallback when there is no usable referer', () => {
    expect(localReturnPath(requestWith(undefined), '/account')).toBe('/account');
  });
});

describe('fittedFlash', () => {
  const size = (flash: object): number => Buffer.from(JSON.stringify(flash)).toString('base64url').length;

  it('leaves a small message as it is', () => {
    const flash = { kind: 'error' as const, message: 'Nope', status: 400, errors: [{ field: 'name', message: 'name is too short' }] };
    expect(fittedFlash(flash)).toEqual(flash);
  });

  it('cuts a long list of reasons so the cookie stays under 4 KB, saying how many were left out', () => {
    const errors = Array.from({ length: 40 }, (_, i) => ({ field: `contacts[${i}].email`, message: `contacts[${i}].email must be an email address` }));
    const fitted = fittedFlash({ kind: 'error', message: 'x'.repeat(5000), status: 400, errors });
    expect(size(fitted)).toBeLessThanOrEqual(3000);
    expect(fitted.message).toHaveLength(600);
    const last = fitted.errors![fitted.errors!.length - 1];
    expect(last.message).toMatch(/^and \d+ more$/);
    expect(fitted.errors!.length - 1 + Number(/\d+/.exec(last.message)![0])).toBe(40);
  });
});
