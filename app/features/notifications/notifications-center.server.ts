import type { Locale } from "../../../db/schema";
import { translate, type MessageKey } from "~/i18n";
import { nowIso } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import { messageOf, type NotificationKind, type NotificationParams } from "./notify-rules";

export const PAGE_SIZE = 30;

export async function unreadCount(userId: number): Promise<number> {
  const row = await getDb()
    .selectFrom("notifications")
    .where("user_id", "=", userId)
    .where("read_at", "is", null)
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A user's notifications, newest first, with their message in the user's language. */
export async function listNotifications(userId: number, locale: Locale, page: number) {
  const db = getDb();
  const total = Number(
    (
      await db
        .selectFrom("notifications")
        .where("user_id", "=", userId)
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const current = Math.min(Math.max(1, page), pages);
  const rows = await db
    .selectFrom("notifications")
    .where("user_id", "=", userId)
    .orderBy("id", "desc")
    .limit(PAGE_SIZE)
    .offset((current - 1) * PAGE_SIZE)
    .select(["id", "kind", "params_json", "link", "created_at", "read_at"])
    .execute();
  const t = (key: string, params?: Record<string, string | number>) => translate(locale, key as MessageKey, params);
  return {
    total,
    page: current,
    pages,
    items: rows.map((r) => ({
      id: r.id,
      message: messageOf(t, r.kind as NotificationKind, JSON.parse(r.params_json) as NotificationParams),
      link: r.link,
      createdAt: r.created_at,
      read: r.read_at !== null,
    })),
  };
}

/** Marks one of the user's notifications read; another user's id simply matches nothing. */
export async function markRead(userId: number, id: number): Promise<boolean> {
  const res = await getDb()
    .updateTable("notifications")
    .set({ read_at: nowIso() })
    .where("id", "=", id)
    .where("user_id", "=", userId)
    .where("read_at", "is", null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

export async function markAllRead(userId: number): Promise<number> {
  const res = await getDb()
    .updateTable("notifications")
    .set({ read_at: nowIso() })
    .where("user_id", "=", userId)
    .where("read_at", "is", null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}
