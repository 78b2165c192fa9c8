import type { SignOffStampView } from '../view-models';
import { signOffStampLines } from './readiness-parts';

const stamp: SignOffStampView = {
  id: '11111111-1111-4111-8111-111111111111',
  departmentId: '22222222-2222-4222-8222-222222222222',
  signedAt: '2026-06-10T15:00:00.000Z',
  signedByName: 'Chief Ellis',
  meetsRule: true,
  acknowledgedNotReady: false,
  sha256: 'a'.repeat(64),
  snapshotFormat: 'rfc8785',
};

describe("signOffStampLines: the signature page's latest sign-off", () => {
  it.each<[string, SignOffStampView | null, RegExp[], string | null]>([
    ['none yet', null, [/^Not signed off in the tracker yet\./], null],
    [
      'ready, canonical',
      stamp,
      [/^Signed off by Chief Ellis on Jun 10, 2026, 10:00 AM CDT, meeting CALEA's rule\. This report/, /^Anyone can check it: .*\/api\/departments\/2{8}-.*\/readiness\/sign-offs\/1{8}-.*RFC 8785/],
      'a'.repeat(64),
    ],
    ['not ready, acknowledged', { ...stamp, meetsRule: false, acknowledgedNotReady: true }, [/not meeting CALEA's rule, with the acknowledgement that it was not ready\./, /RFC 8785/], 'a'.repeat(64)],
    ['legacy', { ...stamp, meetsRule: false, acknowledgedNotReady: null, snapshotFormat: 'legacy-pg-jsonb' }, [/not meeting CALEA's rule\. This report/, /^A sign-off in the legacy format: .*PostgreSQL's JSON text/], 'a'.repeat(64)],
  ])('%s', (_name, input, lines, hash) => {
    const printed = signOffStampLines(input, 'America/Chicago', 'medium');
    expect(printed.hash).toBe(hash);
    expect(printed.lines).toHaveLength(lines.length);
    lines.forEach((pattern, i) => expect(printed.lines[i]).toMatch(pattern));
  });
});
