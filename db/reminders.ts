/**
 * `npm run reminders`: the reminder scan once against DATABASE_PATH, then
 * one pass of the e-mail sender over the due outbox messages (when SMTP_URL
 * is set), for operators and cron. As idempotent as the server's own daily
 * scan: run it twice, or beside a running server, and each reminder is still
 * written once (see app/features/notifications/reminders.server.ts).
 *
 *   npm run reminders [-- --now 2026-12-01T00:00:00Z]
 *
 * `--now` runs the scan as of another instant (drills and tests).
 * Exits non-zero, with the reason, when anything fails.
 */
import { sql } from "kysely";
import { closeTransport, smtpServerLabel, smtpUrl } from "../app/features/notifications/email.server";
import { sendDueMessages } from "../app/features/notifications/outbox.server";
import { runReminderScan } from "../app/features/notifications/reminders.server";
import "../app/subscribers.server";
import { getDb } from "../app/utils/db.server";
import { parseEnv } from "../app/utils/env.server";
import { migrations } from "./migrations/index";

const USAGE = "Usage: npm run reminders [-- --now <ISO instant>]";

const args = process.argv.slice(2);
if (args.includes("--help") || args.includes("-h")) {
  console.log(USAGE);
  process.exit(0);
}
let now = new Date();
if (args.length > 0) {
  const at = args[0] === "--now" && args.length === 2 ? new Date(args[1]) : null;
  if (!at || Number.isNaN(at.getTime())) {
    console.error(USAGE);
    process.exit(2);
  }
  now = at;
}

try {
  parseEnv();
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}

let failed = false;
try {
  const db = getDb();
  const applied = await sql<{ name: string }>`SELECT name FROM kysely_migration`.execute(db).then(
    (r) => new Set(r.rows.map((m) => m.name)),
    () => new Set<string>(),
  );
  const missing = Object.keys(migrations).filter((m) => !applied.has(m));
  if (missing.length) throw new Error(`The database is not up to date (${missing.length} migration(s) to apply): run npm run db:migrate first.`);

  const scan = await runReminderScan(now);
  const kinds = Object.entries(scan.reminders)
    .map(([k, n]) => `${k} ${n}`)
    .join(", ");
  console.log(`Reminders for ${scan.day}: ${kinds}; ${scan.notifications} notification(s) written.`);

  if (smtpUrl()) {
    const sent = await sendDueMessages();
    console.log(
      `E-mail through ${smtpServerLabel()}: ${sent.sent} sent, ${sent.retrying} to retry later, ${sent.failed} failed` +
        (sent.recovered ? `, ${sent.recovered} taken back from a stopped sender` : "") +
        ".",
    );
    if (sent.failed > 0) failed = true;
  } else {
    console.log("E-mail is off (SMTP_URL is not set): notifications are in the app only.");
  }
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  failed = true;
} finally {
  closeTransport();
  await globalThis.__giaobanDb?.destroy();
}
process.exit(failed ? 1 : 0);
