/**
 * Each user's choice of which kinds of notification also come by e-mail
 * (notification_prefs; no row means yes). In-app notifications always stay.
 */
import { recordAudit } from "~/utils/audit.server";
import { getDb } from "~/utils/db.server";
import { write, type Outcome, type WriteOptions } from "~/utils/write.server";
import { NOTIFICATION_KINDS, type NotificationKind } from "./notify-rules";

export const NOTIFICATION_PREFS_INTENT = "notification-prefs";

export type EmailChoices = Record<NotificationKind, boolean>;

export async function emailChoices(userId: number): Promise<EmailChoices> {
  const rows = await getDb().selectFrom("notification_prefs").where("user_id", "=", userId).select(["kind", "email"]).execute();
  const off = new Set(rows.filter((r) => r.email === 0).map((r) => r.kind));
  return Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, !off.has(k)])) as EmailChoices;
}

/** The kinds ticked on the form; anything that is not a kind is ignored. */
export function ticked(values: readonly unknown[]): Set<NotificationKind> {
  const kinds = new Set<string>(NOTIFICATION_KINDS);
  return new Set(values.filter((v): v is NotificationKind => typeof v === "string" && kinds.has(v)));
}

/** Saves the user's choices (every kind: ticked = e-mail on); audited when anything changed. */
export async function saveEmailChoices(
  user: { id: number },
  on: ReadonlySet<NotificationKind>,
  options: WriteOptions = {},
): Promise<Outcome<{ changed: boolean }>> {
  return write(
    user,
    async (trx) => {
      const rows = await trx.selectFrom("notification_prefs").where("user_id", "=", user.id).select(["kind", "email"]).execute();
      const offBefore = NOTIFICATION_KINDS.filter((k) => rows.some((r) => r.kind === k && r.email === 0));
      const offAfter = NOTIFICATION_KINDS.filter((k) => !on.has(k));
      if (offBefore.join() === offAfter.join()) return { changed: false };
      await trx
        .insertInto("notification_prefs")
        .values(NOTIFICATION_KINDS.map((kind) => ({ user_id: user.id, kind, email: on.has(kind) ? 1 : 0 })))
        .onConflict((oc) => oc.columns(["user_id", "kind"]).doUpdateSet((eb) => ({ email: eb.ref("excluded.email") })))
        .execute();
      await recordAudit(trx, {
        actorUserId: user.id,
        action: "user.notification_prefs_changed",
        entityType: "user",
        entityId: user.id,
        before: { email_off: offBefore.join(", ") },
        after: { email_off: offAfter.join(", ") },
      });
      return { changed: true };
    },
    options,
  );
}
