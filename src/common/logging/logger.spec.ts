import { redactUrl } from './logger';

describe('redactUrl', () => {
  it.each([
    ['/welcome?token=inv_abc123', '/welcome?token=[redacted]'],
    ['/department/1/files/2/proofs?_csrf=xyz&x=1', '/department/1/files/2/proofs?_csrf=[redacted]&x=1'],
    ['/admin/manuals/import?replace=true&_csrf=abc', '/admin/manuals/import?replace=true&_csrf=[redacted]'],
    ['/calendar/cal_secret-token.ics', '/calendar/[redacted].ics'],
    ['/department/1?chapter=2', '/department/1?chapter=2'],
    ['/api/reports?tokens=3', '/api/reports?tokens=3'],
  ])('%s → %s', (url, expected) => expect(redactUrl(url)).toBe(expected));
});
