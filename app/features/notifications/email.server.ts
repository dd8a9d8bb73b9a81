/**
 * The SMTP side: one nodemailer transport made from SMTP_URL (e-mail is off
 * without it), and the one way a stored outbox message is handed to it.
 * Subjects and bodies are plain strings here; nodemailer encodes them
 * (RFC 2047 encoded words for the subject and the names, UTF-8
 * quoted-printable or base64 for the text and HTML parts).
 */
import type { Transporter } from "nodemailer";

export const DEFAULT_MAIL_FROM = "Giao ban <no-reply@localhost>";

/** A send may not take longer than this, so a claimed message's lease can be shorter than forever. */
export const SMTP_TIMEOUTS = { connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 } as const;

export function smtpUrl(): string | null {
  return process.env.SMTP_URL || null;
}

export function mailFrom(): string {
  return process.env.MAIL_FROM || DEFAULT_MAIL_FROM;
}

/** The SMTP server's address for the admin page, without the user name and password. */
export function smtpServerLabel(url: string | null = smtpUrl()): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.hostname}${u.port ? `:${u.port}` : ""}`;
  } catch {
    return "(SMTP_URL)";
  }
}

let cached: { url: string; transport: Transporter } | null = null;

/**
 * The transport for the current SMTP_URL, made once (and made again if
 * SMTP_URL changes). nodemailer is loaded on first use: a server with e-mail
 * off never carries it (about 12 MB).
 */
export async function getTransport(): Promise<Transporter | null> {
  const url = smtpUrl();
  if (!url) return null;
  if (cached?.url !== url) {
    const { default: nodemailer } = await import("nodemailer");
    cached?.transport.close();
    cached = { url, transport: nodemailer.createTransport({ url, ...SMTP_TIMEOUTS }) };
  }
  return cached.transport;
}

export function closeTransport(): void {
  cached?.transport.close();
  cached = null;
}

export interface StoredMessage {
  messageId: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  createdAt: string;
}

/**
 * Sends one stored message with its own Message-ID and Date, so a message
 * sent again after a crash is the same message to the receiving side.
 */
export async function sendStoredMessage(message: StoredMessage, given?: Transporter | null): Promise<void> {
  const transport = given === undefined ? await getTransport() : given;
  if (!transport) throw new Error("E-mail is off: SMTP_URL is not set");
  await transport.sendMail({
    from: mailFrom(),
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html,
    messageId: message.messageId,
    date: new Date(message.createdAt),
    headers: { "Auto-Submitted": "auto-generated" },
  });
}
