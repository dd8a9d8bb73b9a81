/**
 * The e-mail sender. Messages are written to email_outbox in the
 * transaction of the change that caused them (notifications.server.ts);
 * this delivers them, one at a time:
 *
 *   1. claim: one statement moves a due 'pending' row to 'sending' with a
 *      lease (next_attempt_at = now + LEASE_MS) and counts the attempt, so
 *      two senders (two server processes, or the server and
 *      `npm run reminders`) never take the same row;
 *   2. send it over SMTP with its stored Message-ID;
 *   3. mark it 'sent', or put it back to 'pending' with a back-off, or
 *      'failed' after MAX_ATTEMPTS or a permanent refusal.
 *
 * A sender that dies between 1 and 3 leaves the row 'sending'; once the
 * lease has expired the next pass puts it back to 'pending' and sends it
 * again, with the same Message-ID. Nothing is lost. SMTP has no two-phase
 * commit, so a crash after the server accepted the message but before
 * step 3 means it is sent twice: delivery is at least once, and the
 * stable Message-ID lets mail systems (and readers) recognise the copy.
 */
import { sql } from "kysely";
import type { Selectable } from "kysely";
import type { Transporter } from "nodemailer";
import type { EmailOutboxTable } from "../../../db/schema";
import { recordAudit } from "~/utils/audit.server";
import { getDb } from "~/utils/db.server";
import { write, type Outcome, type WriteOptions } from "~/utils/write.server";
import { getTransport, sendStoredMessage } from "./email.server";
import { afterFailure, errorText, isPermanentFailure, LEASE_MS, MAX_ATTEMPTS, type SmtpFailure } from "./outbox-rules";

export type OutboxRow = Selectable<EmailOutboxTable>;

export interface SendPassOptions {
  /** The pass's clock (tests move it forward; the server uses the real one). */
  now?: Date;
  /** At most this many messages in one pass. */
  limit?: number;
  leaseMs?: number;
  transport?: Transporter | null;
  /** For crash drills and tests: runs after the claim, and after the SMTP server accepted the message. */
  hooks?: { afterClaim?: (row: OutboxRow) => Promise<void> | void; afterSend?: (row: OutboxRow) => Promise<void> | void };
}

export interface SendPassResult {
  sent: number;
  retrying: number;
  failed: number;
  recovered: number;
}

/**
 * Rows left 'sending' by a sender that stopped, whose lease has expired, go
 * back to 'pending' to be sent again now (or to 'failed' if they have had
 * all their attempts).
 */
export async function recoverExpiredLeases(now: Date = new Date()): Promise<number> {
  const at = now.toISOString();
  const res = await getDb()
    .updateTable("email_outbox")
    .set({
      status: sql<"pending" | "failed">`CASE WHEN attempts >= ${MAX_ATTEMPTS} THEN 'failed' ELSE 'pending' END`,
      last_error: sql<string>`COALESCE(last_error, 'The sender stopped while sending; sent again')`,
      next_attempt_at: at,
    })
    .where("status", "=", "sending")
    .where("next_attempt_at", "<=", at)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

/** Takes the next due message: one statement, so no two senders take the same row. */
export async function claimNext(now: Date = new Date(), leaseMs = LEASE_MS): Promise<OutboxRow | null> {
  const at = now.toISOString();
  const row = await getDb()
    .updateTable("email_outbox")
    .set((eb) => ({
      status: "sending" as const,
      attempts: eb("attempts", "+", 1),
      next_attempt_at: new Date(now.getTime() + leaseMs).toISOString(),
    }))
    .where("id", "=", (eb) =>
      eb
        .selectFrom("email_outbox")
        .where("status", "=", "pending")
        .where("next_attempt_at", "<=", at)
        .orderBy("next_attempt_at")
        .orderBy("id")
        .limit(1)
        .select("id"),
    )
    .where("status", "=", "pending")
    .returningAll()
    .executeTakeFirst();
  return row ?? null;
}

async function markSent(row: OutboxRow, now: Date): Promise<void> {
  await getDb()
    .updateTable("email_outbox")
    .set({ status: "sent", sent_at: now.toISOString(), last_error: null })
    .where("id", "=", row.id)
    .where("status", "=", "sending")
    .execute();
}

async function markFailure(row: OutboxRow, err: unknown, now: Date): Promise<"pending" | "failed"> {
  const next = afterFailure(row.attempts, isPermanentFailure((err ?? {}) as SmtpFailure), now);
  await getDb()
    .updateTable("email_outbox")
    .set({
      status: next.status,
      last_error: errorText(err),
      next_attempt_at: next.status === "pending" ? next.nextAttemptAt : now.toISOString(),
    })
    .where("id", "=", row.id)
    .where("status", "=", "sending")
    .execute();
  return next.status;
}

/** One pass of the sender: every due message, one at a time. Does nothing while e-mail is off. */
export async function sendDueMessages(options: SendPassOptions = {}): Promise<SendPassResult> {
  const result: SendPassResult = { sent: 0, retrying: 0, failed: 0, recovered: 0 };
  const transport = options.transport === undefined ? await getTransport() : options.transport;
  if (!transport) return result;
  const clock = () => options.now ?? new Date();
  const limit = options.limit ?? 200;
  result.recovered = await recoverExpiredLeases(clock());
  for (let i = 0; i < limit; i++) {
    const row = await claimNext(clock(), options.leaseMs);
    if (!row) break;
    await options.hooks?.afterClaim?.(row);
    try {
      await sendStoredMessage(
        { messageId: row.message_id, to: row.to_address, subject: row.subject, text: row.text_body, html: row.html_body, createdAt: row.created_at },
        transport,
      );
    } catch (err) {
      const status = await markFailure(row, err, clock());
      if (status === "failed") result.failed++;
      else result.retrying++;
      continue;
    }
    await options.hooks?.afterSend?.(row);
    await markSent(row, clock());
    result.sent++;
  }
  return result;
}

// ---------------------------------------------------------------- the admin's view

export interface OutboxCounts {
  pending: number;
  sending: number;
  sent: number;
  failed: number;
}

export async function outboxCounts(): Promise<OutboxCounts> {
  const rows = await getDb()
    .selectFrom("email_outbox")
    .select((eb) => ["status", eb.fn.countAll<number>().as("n")])
    .groupBy("status")
    .execute();
  const counts: OutboxCounts = { pending: 0, sending: 0, sent: 0, failed: 0 };
  for (const r of rows) counts[r.status] = Number(r.n);
  return counts;
}

export const UNSENT_LIST_LIMIT = 200;

/** Messages not yet sent, failed ones first, newest first. */
export async function unsentMessages(limit = UNSENT_LIST_LIMIT) {
  return (
    getDb()
      .selectFrom("email_outbox")
      // Listed rather than `!= 'sent'`, so that the index on the status finds the few among every message ever sent.
      .where("status", "in", ["pending", "sending", "failed"])
      .orderBy(sql`CASE status WHEN 'failed' THEN 0 WHEN 'sending' THEN 1 ELSE 2 END`)
      .orderBy("id", "desc")
      .limit(limit)
      .select(["id", "to_address", "subject", "status", "attempts", "next_attempt_at", "last_error", "created_at"])
      .execute()
  );
}

/**
 * The admin's "try again": a failed message (or one waiting for its next
 * attempt) is due now, with a fresh set of attempts. Its Message-ID stays.
 * The value is how many messages were made due again.
 */
export async function retryMessages(actor: { id: number }, which: { id: number } | "all-failed", options: WriteOptions = {}): Promise<Outcome<number>> {
  const now = new Date();
  return write(
    actor,
    async (trx) => {
      let q = trx
        .updateTable("email_outbox")
        .set({ status: "pending", attempts: 0, next_attempt_at: now.toISOString() })
        .where("status", "in", which === "all-failed" ? ["failed"] : ["failed", "pending"]);
      if (which !== "all-failed") q = q.where("id", "=", which.id);
      const res = await q.executeTakeFirst();
      const n = Number(res.numUpdatedRows);
      if (n > 0) {
        await recordAudit(trx, {
          actorUserId: actor.id,
          action: "email.retry",
          entityType: "email_outbox",
          entityId: which === "all-failed" ? null : which.id,
          after: { retried: n },
        });
      }
      return n;
    },
    options,
  );
}
