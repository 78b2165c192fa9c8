import { listOf, MAIL_SUBJECTS, subjectLine } from './mail-messages';

describe('listOf', () => {
  it.each([
    [[], ''],
    [['Normandy PD'], 'Normandy PD'],
    [['Normandy PD', 'NCPC'], 'Normandy PD and NCPC'],
    [['Normandy PD', 'NCPC', 'Pagedale PD'], 'Normandy PD, NCPC and Pagedale PD'],
  ])('%j -> %s', (items, expected) => expect(listOf(items)).toBe(expected));
});

describe('subjectLine', () => {
  it.each([
    ['Plain', 'Plain'],
    ['Two\r\nlines', 'Two lines'],
    ['  spaced   out\t', 'spaced out'],
    ['x'.repeat(250), `${'x'.repeat(199)}…`],
  ])('%j -> %j', (text, expected) => expect(subjectLine(text)).toBe(expected));
});

describe('MAIL_SUBJECTS', () => {
  it.each([
    ['invitation', { name: 'A', link: 'l', expiresAt: 'e', resent: false }, 'You are invited to the CALEA accreditation tracker'],
    ['invitation', { name: 'A', link: 'l', expiresAt: 'e', resent: true }, 'Your new invitation to the CALEA accreditation tracker'],
    [
      'assessor-invitation',
      { name: 'A', link: 'l', expiresAt: 'e', departments: ['Normandy PD', 'NCPC'], startsOn: '2026-06-01', endsOn: '2026-06-30', resent: false },
      'Assessor access to Normandy PD and NCPC',
    ],
    ['password-reset', { name: 'A', link: 'l', expiresAt: 'e' }, 'Reset your password for the CALEA accreditation tracker'],
    [
      'proof-returned',
      { name: 'A', proofName: 'p.pdf', standardNumber: '1.2.3', departmentName: 'Normandy PD', reason: 'r', returnedBy: 'M', link: 'l' },
      'Proof returned: 1.2.3, Normandy PD',
    ],
    [
      'file-assigned',
      { name: 'A', departmentName: 'Normandy PD', assignedBy: 'M', chapter: null, files: [{ number: '1.2.3', title: 'Oath of Office', link: 'l' }] },
      'Assigned to you: 1.2.3 Oath of Office, Normandy PD',
    ],
    [
      'file-assigned',
      { name: 'A', departmentName: 'Normandy PD', assignedBy: 'M', chapter: 4, files: [{ number: '4.1.1', title: null, link: 'l' }, { number: '4.1.2', title: null, link: 'l' }] },
      'Assigned to you: 2 files of chapter 4, Normandy PD',
    ],
    [
      'file-assigned',
      { name: 'A', departmentName: 'Normandy PD', assignedBy: 'M', chapter: 4, files: [{ number: '4.1.1', title: null, link: 'l' }] },
      'Assigned to you: 1 file of chapter 4, Normandy PD',
    ],
    ['sign-off', { name: 'A', departmentName: 'Normandy PD', signedBy: 'Chief C', ready: true, note: null, link: 'l' }, 'Normandy PD: readiness signed off by Chief C'],
  ] as const)('%s', (kind, data, expected) => {
    expect((MAIL_SUBJECTS[kind] as (d: typeof data) => string)(data)).toBe(expected);
  });
});
