/**
 * A sender that dies mid-send, for tests/integration/email.test.ts: a
 * separate process runs one pass of the real e-mail sender against the test
 * database (DATABASE_PATH) and the test's SMTP server (SMTP_URL), and stops
 * dead at STOP_AT — "claim" (the message is claimed, not yet sent) or
 * "send" (the SMTP server has accepted it, it is not yet marked sent) —
 * printing "STOPPED <id>", until the test kills it with SIGKILL.
 */
import { sendDueMessages, type OutboxRow } from "../../app/features/notifications/outbox.server";

const stopAt = process.env.STOP_AT;
if (stopAt !== "claim" && stopAt !== "send") throw new Error("STOP_AT must be claim or send");

setInterval(() => {}, 60_000);
const hang = (row: OutboxRow) => {
  process.stdout.write(`STOPPED ${row.id}\n`);
  return new Promise<void>(() => {});
};
await sendDueMessages({ limit: 1, hooks: stopAt === "claim" ? { afterClaim: hang } : { afterSend: hang } });
process.stdout.write("NOTHING TO SEND\n");
process.exit(3);
