/**
 * Every kind of mail the service sends, with what its templates (templates/mail/<kind>.txt.eta and
 * <kind>.html.eta) are given and its subject line. Dates are ISO strings (an instant) or YYYY-MM-DD
 * days; the templates print them in REPORT_TIME_ZONE with it.h.moment and it.h.day. Links are
 * absolute, built from PUBLIC_BASE_URL.
 */
export interface MailData {
  invitation: { name: string; link: string; expiresAt: string; resent: boolean };
  'assessor-invitation': { name: string; link: string; expiresAt: string; departments: string[]; startsOn: string; endsOn: string; resent: boolean };
  'invitation-revoked': { name: string };
  'password-reset': { name: string; link: string; expiresAt: string };
  'proof-returned': { name: string; proofName: string; standardNumber: string; departmentName: string; reason: string; returnedBy: string; link: string };
  /** One file assigned (chapter null), or every in-scope file of a chapter at once. */
  'file-assigned': { name: string; departmentName: string; assignedBy: string; chapter: number | null; files: { number: string; title: string | null; link: string }[] };
  'sign-off': { name: string; departmentName: string; signedBy: string; ready: boolean; note: string | null; link: string };
  'grant-opened': { name: string; departments: string[]; startsOn: string; endsOn: string; link: string };
  /** An assessor's access ends soon: the last day, and the departments. */
  'grant-ending': { name: string; departments: string[]; endsOn: string; daysLeft: number; link: string };
  /** A person's deadlines: those of the files assigned to them, and for managers each department's open ones. */
  'deadline-digest': {
    name: string;
    frequency: 'daily' | 'weekly';
    overdue: number;
    dueSoon: number;
    yours: DigestItem[];
    managed: { departmentName: string; link: string; items: DigestItem[]; more: number }[];
    settingsLink: string;
    unsubscribeLink: string;
  };
}

export interface DigestItem {
  departmentName: string;
  /** "1.2.3 Title: Q2 activity" or a milestone's title. */
  what: string;
  dueOn: string;
  state: 'overdue' | 'due_soon';
  link: string;
}

export type MailKind = keyof MailData;

export const MAIL_KINDS = [
  'invitation',
  'assessor-invitation',
  'invitation-revoked',
  'password-reset',
  'proof-returned',
  'file-assigned',
  'sign-off',
  'grant-opened',
  'grant-ending',
  'deadline-digest',
] as const satisfies readonly MailKind[];

const PRODUCT = 'CALEA accreditation tracker';

/** The subject line of each kind of mail. */
export const MAIL_SUBJECTS: { [K in MailKind]: (data: MailData[K]) => string } = {
  invitation: (d) => (d.resent ? `Your new invitation to the ${PRODUCT}` : `You are invited to the ${PRODUCT}`),
  'assessor-invitation': (d) => `Assessor access to ${listOf(d.departments)}${d.resent ? ': your new invitation' : ''}`,
  'invitation-revoked': () => `Your invitation to the ${PRODUCT} was withdrawn`,
  'password-reset': () => `Reset your password for the ${PRODUCT}`,
  'proof-returned': (d) => `Proof returned: ${d.standardNumber}, ${d.departmentName}`,
  'file-assigned': (d) =>
    d.chapter === null && d.files.length === 1
      ? `Assigned to you: ${d.files[0].number} ${d.files[0].title ?? ''}, ${d.departmentName}`
      : `Assigned to you: ${filesOf(d.files.length)} of chapter ${d.chapter ?? ''}, ${d.departmentName}`,
  'sign-off': (d) => `${d.departmentName}: readiness signed off by ${d.signedBy}`,
  'grant-opened': (d) => `Assessor access to ${listOf(d.departments)}`,
  'grant-ending': (d) => `Your assessor access to ${listOf(d.departments)} ends ${d.daysLeft === 0 ? 'today' : d.daysLeft === 1 ? 'tomorrow' : `in ${d.daysLeft} days`}`,
  'deadline-digest': (d) => `Accreditation deadlines: ${d.overdue} overdue, ${d.dueSoon} due soon`,
};

/** "1 file", "12 files". */
export const filesOf = (count: number): string => `${count} file${count === 1 ? '' : 's'}`;

/** "A", "A and B", "A, B and C". */
export function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Subjects are one line: what a template or a name brings in is flattened, and kept to a readable length. */
export function subjectLine(text: string): string {
  const line = text.replace(/[\r\n\t]+/g, ' ').replace(/\s{2,}/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}
