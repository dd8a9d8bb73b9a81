/**
 * Who listens to changes (see utils/write.server.ts). Imported once by the
 * server build (entry.server.tsx), by the scripts that write (seeding,
 * reminders) and by the tests' setup: `write` refuses to run until this
 * module has been loaded, so no change can skip its notifications.
 */
import { notifyForAudit } from "./features/notifications/notifications.server";
import { markSubscribersWired, onAudit } from "./utils/write.server";

// Whoever a change concerns is told in its transaction, with the e-mail in the outbox (written, not yet sent).
onAudit(notifyForAudit);
markSubscribersWired();
