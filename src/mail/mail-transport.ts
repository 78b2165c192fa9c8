import { createTransport, Transporter } from 'nodemailer';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Hands a mail to the next server; rejects with the server's reason when it is refused. */
export abstract class MailTransport {
  /** Whether mail leaves the service at all (false: it is kept in the outbox). */
  abstract readonly delivers: boolean;
  abstract send(mail: OutgoingMail): Promise<void>;
  abstract close(): void;
}

/** No SMTP server configured: nothing is sent, mail stays in the outbox for administrators to read. */
export class OutboxOnlyTransport extends MailTransport {
  readonly delivers = false;
  send(): Promise<void> {
    return Promise.reject(new Error('No SMTP server is configured (SMTP_URL); mail is kept in the outbox.'));
  }
  close(): void {}
}

/**
 * SMTP through nodemailer, from an smtp:// or smtps:// URL (user:password@ for auth; smtp:// upgrades
 * with STARTTLS when the server offers it, smtps:// is TLS from the first byte). Timeouts keep a
 * stalled server from holding a worker (and its row lock) for long.
 */
export class SmtpMailTransport extends MailTransport {
  readonly delivers = true;
  private readonly transporter: Transporter;

  constructor(
    url: string,
    private readonly from: string,
  ) {
    super();
    this.transporter = createTransport({ url, connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 30_000 });
  }

  async send(mail: OutgoingMail): Promise<void> {
    await this.transporter.sendMail({ from: this.from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
  }

  close(): void {
    this.transporter.close();
  }
}
