import { simpleParser, ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer, SMTPServerAuthentication } from 'smtp-server';

export interface ReceivedMail {
  /** The envelope's recipients (RCPT TO). */
  envelopeTo: string[];
  /** Who the server saw sign in (AUTH). */
  user: string | undefined;
  parsed: ParsedMail;
}

/**
 * A real SMTP server (the smtp-server package) on a free loopback port, keeping what it accepts,
 * parsed with mailparser. `refuse` makes it refuse recipients with a temporary error, as a mail
 * server that is down or over quota does. It asks for a user name and password.
 */
export class SmtpSink {
  readonly received: ReceivedMail[] = [];
  refuse: string | null = null;
  private server: SMTPServer;
  private port = 0;

  constructor(
    readonly user = 'tracker',
    readonly password = 'smtp-secret',
  ) {
    this.server = new SMTPServer({
      // Plain TCP on loopback for the test; production uses smtps:// or STARTTLS.
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      authMethods: ['PLAIN', 'LOGIN'],
      logger: false,
      onAuth: (auth: SMTPServerAuthentication, _session, callback) => {
        if (auth.username === this.user && auth.password === this.password) callback(null, { user: auth.username });
        else callback(new Error('Invalid username or password'));
      },
      onRcptTo: (_address, _session, callback) => {
        if (this.refuse) {
          const error = new Error(this.refuse) as Error & { responseCode: number };
          error.responseCode = 451;
          callback(error);
          return;
        }
        callback();
      },
      onData: (stream, session, callback) => {
        simpleParser(stream)
          .then((parsed) => {
            this.received.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), user: session.user as string | undefined, parsed });
            callback();
          })
          .catch((error: Error) => callback(error));
      },
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.server.address() as AddressInfo).port;
    return this;
  }

  get url(): string {
    return `smtp://${this.user}:${this.password}@127.0.0.1:${this.port}`;
  }

  to(address: string): ReceivedMail[] {
    return this.received.filter((m) => m.envelopeTo.includes(address));
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
