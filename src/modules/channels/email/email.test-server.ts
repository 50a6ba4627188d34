/**
 * A real SMTP server for tests (smtp-server), on a free local port: every message it receives is
 * parsed with mailparser and kept, with its envelope, so tests read what a mailbox would get.
 */
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import type { Config } from '../../../config.ts';

export interface ReceivedMail {
  to: string[];
  from: string;
  raw: string;
  parsed: ParsedMail;
}

export class LocalSmtpServer {
  readonly received: ReceivedMail[] = [];
  /** Answer the next N messages with this SMTP error (e.g. 550 for a dead mailbox, 451 to retry). */
  failNext: { code: number; count: number } | null = null;
  private server: SMTPServer | null = null;
  port = 0;

  constructor(private readonly auth?: { user: string; password: string }) {}

  async start(): Promise<void> {
    const auth = this.auth;
    this.server = new SMTPServer({
      secure: false,
      disabledCommands: auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
      authOptional: !auth,
      allowInsecureAuth: true,
      logger: false,
      onAuth(a, _session, cb) {
        if (auth && a.username === auth.user && a.password === auth.password) cb(null, { user: a.username });
        else cb(new Error('invalid login'));
      },
      onData: (stream, session, cb) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          if (this.failNext && this.failNext.count > 0) {
            this.failNext.count--;
            const err = new Error('refused by the test server') as Error & { responseCode: number };
            err.responseCode = this.failNext.code;
            return cb(err);
          }
          const raw = Buffer.concat(chunks).toString('utf8');
          simpleParser(raw)
            .then((parsed) => {
              this.received.push({
                to: session.envelope.rcptTo.map((r) => r.address),
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
                raw,
                parsed,
              });
              cb();
            })
            .catch((e: Error) => cb(e));
        });
      },
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    this.port = (this.server.server.address() as AddressInfo).port;
  }

  /** The app's mail configuration pointing at this server. */
  mailConfig(extra: Partial<NonNullable<Config['mail']>> = {}): NonNullable<Config['mail']> {
    return {
      host: '127.0.0.1',
      port: this.port,
      tls: 'none',
      from: 'Ishenim <noreply@ishenim.test>',
      ...(this.auth ? { user: this.auth.user, password: this.auth.password } : {}),
      ...extra,
    };
  }

  /** Messages received for one address (newest last). */
  to(address: string): ReceivedMail[] {
    const a = address.toLowerCase();
    return this.received.filter((m) => m.to.some((t) => t.toLowerCase() === a));
  }

  /** The first link in a message's text part that starts with `prefix`. */
  static link(mail: ReceivedMail, prefix: string): string {
    const text = mail.parsed.text ?? '';
    const at = text.indexOf(prefix);
    if (at < 0) throw new Error(`no link starting with ${prefix} in: ${text}`);
    return text.slice(at).split(/\s/)[0]!;
  }

  async stop(): Promise<void> {
    if (this.server) await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = null;
  }
}
