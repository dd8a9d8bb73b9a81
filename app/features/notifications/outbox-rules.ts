/**
 * When the e-mail sender tries a message again, and when it gives up.
 * Pure: the sender (outbox.server.ts) applies these to the outbox rows.
 */

/** The waits after the 1st, 2nd, … failed attempt: 1 min, 5 min, 30 min, 2 h, 12 h. */
export const BACKOFF_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000, 12 * 3_600_000] as const;

/** A message is tried this many times (the first try and one per back-off step), then it is 'failed'. */
export const MAX_ATTEMPTS = BACKOFF_MS.length + 1;

/**
 * How long a claimed message stays 'sending' before another sender (or the
 * same one after a restart) may take it again. Longer than the longest send
 * the transport's timeouts allow.
 */
export const LEASE_MS = 10 * 60_000;

export interface SmtpFailure {
  message?: string;
  code?: string;
  responseCode?: number;
}

/**
 * A refusal that trying again will not change: the server rejected the
 * recipient or the message itself with a 5xx reply. Anything else (the
 * server is down, busy, greylisting with 4xx, a login problem the operator
 * will fix) is worth another try.
 */
export function isPermanentFailure(err: SmtpFailure): boolean {
  if (err.code !== "EENVELOPE" && err.code !== "EMESSAGE") return false;
  return err.responseCode === undefined ? err.code === "EENVELOPE" : err.responseCode >= 500;
}

export type AfterFailure = { status: "pending"; nextAttemptAt: string } | { status: "failed" };

/** What becomes of a message whose attempt number `attempts` (1-based) just failed at `now`. */
export function afterFailure(attempts: number, permanent: boolean, now: Date): AfterFailure {
  if (permanent || attempts >= MAX_ATTEMPTS) return { status: "failed" };
  const wait = BACKOFF_MS[Math.max(0, Math.min(attempts - 1, BACKOFF_MS.length - 1))];
  return { status: "pending", nextAttemptAt: new Date(now.getTime() + wait).toISOString() };
}

/** The error as kept on the row: one line, short, never the SMTP password. */
export function errorText(err: unknown): string {
  const e = (err ?? {}) as SmtpFailure;
  const base = typeof e.message === "string" && e.message ? e.message : String(err);
  const code = e.code ? `${e.code}: ` : "";
  return (code + base)
    .replace(/\/\/[^@\s/]*@/g, "//***@")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 500);
}
