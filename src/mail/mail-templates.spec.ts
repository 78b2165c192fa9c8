import type { AppConfig } from '../config/app-config';
import { MAIL_KINDS, MailData, MailKind } from './mail-messages';
import { mailDateHelpers, MailTemplates } from './mail-templates';

const NAME = 'Pat <b>Jones</b> & Co';
const LINK = 'https://calea.example.org/welcome?token=inv_abc';

/** Sample data of every kind, each with a name that needs escaping in HTML. */
const SAMPLES: { [K in MailKind]: MailData[K] } = {
  invitation: { name: NAME, link: LINK, expiresAt: '2026-06-17T15:00:00.000Z', resent: false },
  'assessor-invitation': { name: NAME, link: LINK, expiresAt: '2026-06-17T15:00:00.000Z', departments: ['Normandy PD', 'NCPC'], startsOn: '2026-06-15', endsOn: '2026-07-15', resent: true },
  'invitation-revoked': { name: NAME },
  'password-reset': { name: NAME, link: LINK, expiresAt: '2026-06-10T16:00:00.000Z' },
  'proof-returned': { name: NAME, proofName: 'roster.pdf', standardNumber: '1.2.3', departmentName: 'Normandy PD', reason: 'Unsigned', returnedBy: 'Morgan', link: LINK },
  'file-assigned': { name: NAME, departmentName: 'Normandy PD', assignedBy: 'Morgan', chapter: 1, files: [{ number: '1.1.1', title: null, link: LINK }] },
  'sign-off': { name: NAME, departmentName: 'Normandy PD', signedBy: 'Chief Carter', ready: false, note: 'For the mock', link: LINK },
  'grant-opened': { name: NAME, departments: ['Normandy PD'], startsOn: '2026-06-15', endsOn: '2026-07-15', link: LINK },
  'grant-ending': { name: NAME, departments: ['Normandy PD', 'NCPC'], endsOn: '2026-07-15', daysLeft: 7, link: LINK },
  'deadline-digest': {
    name: NAME,
    frequency: 'daily',
    overdue: 1,
    dueSoon: 1,
    yours: [{ departmentName: 'Normandy PD', what: '1.1.1 Oath: 2026 activity', dueOn: '2026-06-01', state: 'overdue', link: LINK }],
    managed: [{ departmentName: 'Normandy PD', link: LINK, items: [{ departmentName: 'Normandy PD', what: 'Annual review', dueOn: '2026-06-20', state: 'due_soon', link: LINK }], more: 0 }],
    settingsLink: 'https://calea.example.org/account/mail',
    unsubscribeLink: 'https://calea.example.org/unsubscribe?token=uns_x',
  },
};

describe('MailTemplates', () => {
  const config = { reports: { timeZone: 'America/Chicago' } };
  const templates = new MailTemplates(config as unknown as AppConfig);

  it.each(MAIL_KINDS.map((kind) => [kind] as const))('renders %s in both parts, the link in each, the name escaped in HTML only', (kind) => {
    const mail = templates.render(kind, SAMPLES[kind]);
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.text).toContain(`Hello ${NAME},`);
    expect(mail.html).toContain('Hello Pat &lt;b&gt;Jones&lt;/b&gt; &amp; Co,');
    expect(mail.html).not.toContain('<b>Jones</b>');
    expect(mail.html).toMatch(/^<!doctype html>/);
    if (kind !== 'invitation-revoked') {
      expect(mail.text).toContain(LINK);
      expect(mail.html).toContain(LINK);
    }
    expect(mail.text).toMatch(/you cannot reply to it\.\n$/);
  });
});

describe('mailDateHelpers', () => {
  const h = mailDateHelpers('America/Chicago');
  it.each([
    ['2026-06-15', 'Jun 15, 2026'],
    ['2026-12-31', 'Dec 31, 2026'],
    ['not a day', 'not a day'],
  ])('day(%s) -> %s', (value, expected) => expect(h.day(value)).toBe(expected));
  it.each([
    ['2026-06-17T15:00:00.000Z', 'Jun 17, 2026, 10:00 AM CDT'],
    ['2026-12-01T06:30:00.000Z', 'Dec 1, 2026, 12:30 AM CST'],
    ['garbage', 'garbage'],
  ])('moment(%s) -> %s', (value, expected) => expect(h.moment(value)).toBe(expected));
});
