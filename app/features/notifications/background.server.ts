/**
 * The server's own background work, started once per process when the
 * server build loads (entry.server.tsx):
 *
 * - the e-mail sender: every 30 s, one pass over the due outbox messages
 *   (while SMTP_URL is set), and right after a change that notified someone;
 * - the reminder scan: daily at REMINDER_TIME, Vietnam time (default 07:00),
 *   followed at once by a sender pass.
 *
 * Both are safe to run in several processes at once (see outbox.server.ts
 * and reminders.server.ts). A scan missed while the server was down is made
 * up by the next day's scan (the rules look at what was last sent). Never
 * under NODE_ENV=test: the tests call the sender and the scan themselves.
 * The timers are unref'd, so they never keep a process alive on their own.
 */
import { env } from "~/utils/env.server";
import { onCommit } from "~/utils/write.server";
import { ruleFor } from "./notify-rules";
import { smtpUrl } from "./email.server";
import { sendDueMessages } from "./outbox.server";
import { runReminderScan } from "./reminders.server";
import { nextRunAt } from "./reminders-rules";

export const SEND_INTERVAL_MS = 30_000;

declare global {
  // One set of timers per process, even when the dev server reloads the build.
  var __giaobanBackground: { stop: () => void } | undefined;
}

export function startBackground(): void {
  if (process.env.NODE_ENV === "test" || process.env.VITEST) return;
  if (globalThis.__giaobanBackground) return;

  let sending = false;
  const sendPass = async () => {
    if (sending || !smtpUrl()) return;
    sending = true;
    try {
      const r = await sendDueMessages();
      if (r.failed > 0) console.error(`E-mail: ${r.failed} message(s) failed for good; see Administration → E-mail.`);
    } catch (e) {
      console.error("E-mail sender:", e instanceof Error ? e.message : e);
    } finally {
      sending = false;
    }
  };

  const time = env().REMINDER_TIME;
  let scanTimer: NodeJS.Timeout | undefined;
  const scheduleScan = () => {
    const delay = Math.max(1_000, nextRunAt(new Date(), time).getTime() - Date.now());
    scanTimer = setTimeout(async () => {
      try {
        const r = await runReminderScan();
        const made = Object.values(r.reminders).reduce((a, b) => a + b, 0);
        console.log(`Reminders for ${r.day}: ${made} reminder(s), ${r.notifications} notification(s).`);
      } catch (e) {
        console.error("Reminder scan:", e instanceof Error ? e.message : e);
      }
      await sendPass();
      scheduleScan();
    }, delay);
    scanTimer.unref();
  };

  const first = setTimeout(sendPass, 5_000);
  first.unref();
  const sender = setInterval(sendPass, SEND_INTERVAL_MS);
  sender.unref();
  scheduleScan();
  // A change that notified someone sends its e-mails right after its commit, not at the next round.
  const stopListening = onCommit((events) => {
    if (events.some((e) => ruleFor(e.action, e.after))) void sendPass();
  });

  globalThis.__giaobanBackground = {
    stop: () => {
      clearTimeout(first);
      clearInterval(sender);
      stopListening();
      if (scanTimer) clearTimeout(scanTimer);
      globalThis.__giaobanBackground = undefined;
    },
  };
}
