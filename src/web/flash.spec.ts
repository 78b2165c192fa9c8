import type { Request } from 'express';
import { localReturnPath, safeNextPath } from './flash';

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
    ['not a url', '/'],
    [undefined, '/'],
  ])('referer %p → %p', (referer, expected) => {
    expect(localReturnPath(requestWith(referer))).toBe(expected);
  });

  it('uses the fallback when there is no usable referer', () => {
    expect(localReturnPath(requestWith(undefined), '/account')).toBe('/account');
  });
});
