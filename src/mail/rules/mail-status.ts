/** pending: waiting to be sent (again); sent; failed: every attempt refused; kept: no SMTP server, read in the outbox. */
export const MAIL_STATUSES = ['pending', 'sent', 'failed', 'kept'] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];
