/**
 * The reminder scan: run daily at REMINDER_TIME by the server
 * (background.server.ts) and by `npm run reminders`. It may run any number
 * of times, in any number of processes: each reminder is written in one
 * transaction that first claims its reminder_log row (task or meeting,
 * kind, Vietnam day) with INSERT … ON CONFLICT DO NOTHING, and writes the
 * notifications and their e-mails only if that insert added the row. A
 * second scan, or a second process, finds the row and adds nothing.
 *
 * Who is reminded: a task's lead agency (its heads and staff) — the agency
 * answerable for the deadline; coordinating agencies are told when the task
 * is assigned. A cut-off soon goes to the people of the series' member
 * agencies; a cut-off passed to the series' chair and secretaries, with the
 * number of blockers received by the cut-off.
 */
import type { Transaction } from "kysely";
import type { Database } from "../../../db/schema";
import { formatDateTime, formatShortDate, vnToday } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import { deliver } from "./notifications.server";
import { linkFor, type NotificationParams } from "./notify-rules";
import { remindersDue, scanHorizon, type Reminder, type ReminderKind } from "./reminders-rules";

type Trx = Transaction<Database>;

export interface ScanResult {
  day: string;
  /** Reminders written by this scan, by kind. */
  reminders: Record<ReminderKind, number>;
  /** Notifications written (one per recipient). */
  notifications: number;
}

const AGENCY_ROLES = ["agency_head", "agency_staff"] as const;

async function agencyPeople(trx: Trx, agencyIds: number[]): Promise<number[]> {
  if (agencyIds.length === 0) return [];
  const rows = await trx
    .selectFrom("users")
    .innerJoin("agencies", "agencies.id", "users.agency_id")
    .where("users.agency_id", "in", agencyIds)
    .where("users.role", "in", AGENCY_ROLES)
    .where("users.active", "=", 1)
    .where("agencies.active", "=", 1)
    .select("users.id")
    .orderBy("users.id")
    .execute();
  return rows.map((r) => r.id);
}

interface Letter {
  userIds: number[];
  params: NotificationParams;
}

/** Recipients and message of one reminder, read inside its transaction; null if the record is gone. */
async function letterFor(trx: Trx, r: Reminder): Promise<Letter | null> {
  if (r.entityType === "task") {
    const t = await trx.selectFrom("tasks").where("id", "=", r.entityId).select(["title", "deadline", "lead_agency_id"]).executeTakeFirst();
    if (!t || !t.deadline) return null;
    return { userIds: await agencyPeople(trx, [t.lead_agency_id]), params: { title: t.title, deadline: formatShortDate(t.deadline) } };
  }
  const m = await trx.selectFrom("meetings").where("id", "=", r.entityId).select(["series_id", "title", "cutoff_at"]).executeTakeFirst();
  if (!m) return null;
  if (r.kind === "cutoff_soon") {
    const agencies = await trx.selectFrom("series_agencies").where("series_id", "=", m.series_id).select("agency_id").execute();
    return {
      userIds: await agencyPeople(
        trx,
        agencies.map((a) => a.agency_id),
      ),
      params: { title: m.title, cutoff: formatDateTime(m.cutoff_at) },
    };
  }
  const office = await trx
    .selectFrom("series_members")
    .innerJoin("users", "users.id", "series_members.user_id")
    .where("series_members.series_id", "=", m.series_id)
    .where("series_members.role", "in", ["chair", "secretary"])
    .where("users.active", "=", 1)
    .select("users.id")
    .orderBy("users.id")
    .execute();
  const received = await trx
    .selectFrom("blockers")
    .where("meeting_id", "=", r.entityId)
    .where("submitted_at", "is not", null)
    .where("submitted_at", "<=", m.cutoff_at)
    .where("status", "not in", ["draft", "withdrawn"])
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return { userIds: [...new Set(office.map((u) => u.id))], params: { title: m.title, count: Number(received.n) } };
}

/** Writes one reminder, unless this scan or another already has: returns the notifications written, or null if it was there. */
async function writeReminder(r: Reminder): Promise<number | null> {
  return getDb()
    .transaction()
    .execute(async (trx) => {
      // The first statement writes, so the transaction takes SQLite's write lock
      // before it reads anything: a second process waits here, then finds the row.
      const claimed = await trx
        .insertInto("reminder_log")
        .values({ entity_type: r.entityType, entity_id: r.entityId, kind: r.kind, day: r.day })
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      if (Number(claimed.numInsertedOrUpdatedRows ?? 0n) === 0) return null;
      const letter = await letterFor(trx, r);
      if (!letter) return 0;
      return deliver(trx, letter.userIds, {
        kind: r.kind,
        entityType: r.entityType,
        entityId: r.entityId,
        params: letter.params,
        link: linkFor(r.entityType, r.entityId),
      });
    });
}

/** The day's reminders at `now`: which are due, then each written once. */
export async function runReminderScan(now: Date = new Date()): Promise<ScanResult> {
  const db = getDb();
  const horizon = scanHorizon(now);
  const tasks = await db
    .selectFrom("tasks")
    .where("status", "=", "in_progress")
    .where("deadline", "is not", null)
    .where("deadline", "<=", horizon.lastDeadline)
    .select(["id", "status", "deadline"])
    .orderBy("id")
    .execute();
  const meetings = await db
    .selectFrom("meetings")
    .where("status", "in", ["scheduled", "open"])
    .where("cutoff_at", "<", horizon.cutoffBefore)
    .select(["id", "status", "cutoff_at"])
    .orderBy("id")
    .execute();

  const last = new Map<string, string>();
  const key = (type: string, id: number, kind: string) => `${type}:${id}:${kind}`;
  const lastOf = async (type: "task" | "meeting", ids: number[]) => {
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await db
        .selectFrom("reminder_log")
        .where("entity_type", "=", type)
        .where("entity_id", "in", ids.slice(i, i + 500))
        .select((eb) => ["entity_id", "kind", eb.fn.max("day").as("day")])
        .groupBy(["entity_id", "kind"])
        .execute();
      for (const r of rows) last.set(key(type, r.entity_id, r.kind), String(r.day));
    }
  };
  await lastOf(
    "task",
    tasks.map((t) => t.id),
  );
  await lastOf(
    "meeting",
    meetings.map((m) => m.id),
  );

  const due = remindersDue({
    now,
    tasks: tasks.map((t) => ({ id: t.id, status: t.status, deadline: t.deadline })),
    meetings: meetings.map((m) => ({ id: m.id, status: m.status, cutoffAt: m.cutoff_at })),
    last: (type, id, kind) => last.get(key(type, id, kind)) ?? null,
  });

  const result: ScanResult = {
    day: vnToday(now),
    reminders: { task_due_soon: 0, task_overdue: 0, cutoff_soon: 0, cutoff_passed: 0 },
    notifications: 0,
  };
  for (const r of due) {
    const written = await writeReminder(r);
    if (written === null) continue;
    result.reminders[r.kind]++;
    result.notifications += written;
  }
  return result;
}
