import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  subject: string;
  /** Headers and body, transfer encoding undone: what a mail reader shows. */
  text: string;
  raw: string;
}

/** A mail held at its DATA reply: `arrived` once the whole mail is in, `release()` sends the 250. */
export interface HeldMail {
  arrived: Promise<void>;
  release: () => void;
}

/**
 * A real SMTP server on a loopback port that keeps every mail; `down()` refuses every mail until `up()`, and
 * `holdNext()` keeps the sender waiting for the next mail's reply until the test releases it.
 */
export class MailServer {
  readonly mails: ReceivedMail[] = [];
  private refusing = false;
  private held?: { arrived: () => void; released: Promise<void> };
  private waiters: (() => void)[] = [];
  private readonly server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData: (stream, session, done) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (this.refusing) return done(Object.assign(new Error('Service not available'), { responseCode: 421 }));
        const raw = Buffer.concat(chunks).toString('utf8');
        this.mails.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          subject: /^Subject: (.*)$/m.exec(raw)?.[1] ?? '',
          text: decode(raw),
          raw,
        });
        const held = this.held;
        this.held = undefined;
        const reply = () => {
          done();
          for (const w of this.waiters.splice(0)) w();
        };
        if (!held) return reply();
        held.arrived();
        void held.released.then(reply);
      });
    },
  });

  async start(): Promise<string> {
    await new Promise<void>((ok) => this.server.listen(0, '127.0.0.1', ok));
    return `smtp://127.0.0.1:${(this.server.server.address() as AddressInfo).port}`;
  }

  holdNext(): HeldMail {
    let arrived!: () => void;
    let release!: () => void;
    const hold: HeldMail = { arrived: new Promise<void>((ok) => (arrived = ok)), release: () => release() };
    this.held = { arrived, released: new Promise<void>((ok) => (release = ok)) };
    return hold;
  }

  down(): void {
    this.refusing = true;
  }

  up(): void {
    this.refusing = false;
  }

  to(address: string): ReceivedMail[] {
    return this.mails.filter((m) => m.to.includes(address));
  }

  stop(): Promise<void> {
    return new Promise((ok) => this.server.close(() => ok()));
  }
}

/** Undoes quoted-printable and base64 bodies, so a planted word cannot hide behind the transfer encoding. */
function decode(raw: string): string {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const body = rest.join('\n\n');
  if (/content-transfer-encoding: base64/i.test(head))
    return `${head}\n\n${Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')}`;
  if (/content-transfer-encoding: quoted-printable/i.test(head)) {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
    return `${head}\n\n${Buffer.from(bytes, 'latin1').toString('utf8')}`;
  }
  return raw;
}
