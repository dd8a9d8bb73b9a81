/**
 * "What to do next" for the home page: a handful of indexed counts, each
 * pointing to the page where the work is done.
 */
import { sql } from "kysely";
import type { SessionUser } from "~/utils/auth.server";
import { addDaysToDay, vnToday } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import { UPCOMING_STATUSES } from "~/features/meetings/meetings.server";

export interface NextMeeting {
  id: number;
  title: string;
  startsAt: string;
  cutoffAt: string;
  status: string;
}

export interface HomeFacts {
  nextMeeting: NextMeeting | null;
  /** For the series office. */
  awaitingTriage: number;
  pendingExtensions: number;
  pendingCompletions: number;
  /** For an agency. */
  myOpen: number;
  myOverdue: number;
  myDueSoon: number;
  myDrafts: number;
  myReturned: number;
}

export async function homeFacts(user: SessionUser, today: string = vnToday()): Promise<HomeFacts> {
  const db = getDb();
  const seriesIds = user.seriesRoles.map((r) => r.seriesId);
  const next = await db
    .selectFrom("meetings")
    .where("status", "in", UPCOMING_STATUSES)
    .orderBy("starts_at")
    .select(["id", "title", "starts_at", "cutoff_at", "status"])
    .executeTakeFirst();
  const facts: HomeFacts = {
    nextMeeting: next ? { id: next.id, title: next.title, startsAt: next.starts_at, cutoffAt: next.cutoff_at, status: next.status } : null,
    awaitingTriage: 0,
    pendingExtensions: 0,
    pendingCompletions: 0,
    myOpen: 0,
    myOverdue: 0,
    myDueSoon: 0,
    myDrafts: 0,
    myReturned: 0,
  };
  if (seriesIds.length) {
    const n = (q: { executeTakeFirstOrThrow(): Promise<{ n: number | string }> }) => q.executeTakeFirstOrThrow().then((r) => Number(r.n));
    facts.awaitingTriage = await n(
      db
        .selectFrom("blockers")
        .where("series_id", "in", seriesIds)
        .where("status", "=", "submitted")
        .select((eb) => eb.fn.countAll<number>().as("n")),
    );
    facts.pendingExtensions = await n(
      db
        .selectFrom("extension_requests")
        .innerJoin("tasks", "tasks.id", "extension_requests.task_id")
        .where("tasks.series_id", "in", seriesIds)
        .where("extension_requests.status", "=", "pending")
        .select((eb) => eb.fn.countAll<number>().as("n")),
    );
    facts.pendingCompletions = await n(
      db
        .selectFrom("tasks")
        .where("series_id", "in", seriesIds)
        .where("status", "=", "awaiting_acceptance")
        .select((eb) => eb.fn.countAll<number>().as("n")),
    );
  }
  if (user.agencyId !== null && (user.role === "agency_head" || user.role === "agency_staff")) {
    const soon = addDaysToDay(today, 3);
    const row = await db
      .selectFrom("tasks")
      .where("lead_agency_id", "=", user.agencyId)
      .where("status", "=", "in_progress")
      .select([
        sql<number>`count(*)`.as("open"),
        sql<number>`sum(case when deadline < ${today} then 1 else 0 end)`.as("overdue"),
        sql<number>`sum(case when deadline between ${today} and ${soon} then 1 else 0 end)`.as("soon"),
      ])
      .executeTakeFirstOrThrow();
    facts.myOpen = Number(row.open ?? 0);
    facts.myOverdue = Number(row.overdue ?? 0);
    facts.myDueSoon = Number(row.soon ?? 0);
    const blockers = await db
      .selectFrom("blockers")
      .where("agency_id", "=", user.agencyId)
      .where("status", "in", ["draft", "returned"])
      .select(["status", (eb) => eb.fn.countAll<number>().as("n")])
      .groupBy("status")
      .execute();
    facts.myDrafts = Number(blockers.find((b) => b.status === "draft")?.n ?? 0);
    facts.myReturned = Number(blockers.find((b) => b.status === "returned")?.n ?? 0);
  }
  return facts;
}
