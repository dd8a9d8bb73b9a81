/**
 * A real SMTP server on loopback for the e-mail tests (the `smtp-server`
 * package), keeping every message it accepts, decoded with `mailparser`.
 * It can refuse: a reply code for the next n messages, or for one
 * recipient. `unique()` is what a mailbox that drops a second copy with the
 * same Message-ID keeps.
 */
import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface Received {
  messageId: string;
  envelopeTo: string[];
  raw: string;
  parsed: ParsedMail;
}

export interface Refusal {
  code: number;
  message: string;
  /** Refuse this many messages (at DATA), then accept; unlimited if not given. */
  times?: number;
  /** Refuse only this recipient (at RCPT TO). */
  rcpt?: string;
}

export interface SmtpSink {
  url: string;
  /** Every message accepted, in order (a message sent twice is here twice). */
  received: Received[];
  /** How many DATA commands were answered, accepted or refused. */
  attempts: () => number;
  unique: () => Map<string, Received>;
  refuse: (r: Refusal | null) => void;
  reset: () => void;
  close: () => Promise<void>;
}

const smtpError = (code: number, message: string) => Object.assign(new Error(message), { responseCode: code });

export async function startSmtpSink(): Promise<SmtpSink> {
  const received: Received[] = [];
  let refusal: Refusal | null = null;
  let attempts = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (refusal?.rcpt && address.address === refusal.rcpt) return callback(smtpError(refusal.code, refusal.message));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", async () => {
        attempts++;
        if (refusal && !refusal.rcpt && (refusal.times === undefined || refusal.times > 0)) {
          if (refusal.times !== undefined) refusal.times--;
          return callback(smtpError(refusal.code, refusal.message));
        }
        const raw = Buffer.concat(chunks).toString("latin1");
        const parsed = await simpleParser(Buffer.concat(chunks));
        received.push({ messageId: parsed.messageId ?? "", envelopeTo: session.envelope.rcptTo.map((r) => r.address), raw, parsed });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    attempts: () => attempts,
    unique: () => new Map(received.map((r) => [r.messageId, r])),
    refuse: (r) => {
      refusal = r;
    },
    reset: () => {
      received.length = 0;
      refusal = null;
      attempts = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
