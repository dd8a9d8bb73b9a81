/**
 * The pieces of SQL the task reads share — and the dashboard, which counts
 * the same tasks: a task line's columns, "an extension waits", one tracking
 * status as a condition, the series whose office the viewer is in.
 */
import { expressionBuilder, sql, type Expression, type SqlBool } from "kysely";
import type { Database, Locale } from "../../../db/schema";
import { addDaysToDay } from "~/utils/dates";
import type { Actor } from "~/utils/permissions";
import { DUE_SOON_DAYS, type TrackingStatus } from "./tasks-rules";

/** A name in the reader's language. */
export const localName = (locale: Locale, vi: string, en: string) => (locale === "vi" ? vi : en);

/** The series in which the actor holds one of these roles: whose drafts they see, whose decisions wait for them. */
export const officeSeries = (actor: Actor, roles: ReadonlyArray<"chair" | "secretary">) => [
  ...new Set(actor.seriesRoles.filter((r) => roles.includes(r.role)).map((r) => r.seriesId)),
];

// ---------------------------------------------------------------------------
// Tracking status in SQL, the same partition as `trackingStatus()`

/** A task's columns as the lists of tasks show them (the register, an agency's dashboard). */
export const TASK_LINE_COLUMNS = [
  "tasks.id",
  "tasks.title",
  "tasks.series_id",
  "tasks.status",
  "tasks.deadline",
  "tasks.original_deadline",
  "tasks.completed_on",
  "tasks.lead_agency_id",
] as const;

/** Whether the task has an extension request waiting for the chair's decision. */
export function pendingExtension() {
  const eb = expressionBuilder<Database, "tasks">();
  return eb.exists(
    eb
      .selectFrom("extension_requests")
      .whereRef("extension_requests.task_id", "=", "tasks.id")
      .where("extension_requests.status", "=", "pending")
      .select(sql.lit(1).as("one")),
  );
}

/** The SQL condition for one tracking status on a given day. */
export function trackingCondition(status: TrackingStatus, today: string): Expression<SqlBool> {
  const eb = expressionBuilder<Database, "tasks">();
  const soon = addDaysToDay(today, DUE_SOON_DAYS);
  const inProgress = eb("tasks.status", "=", "in_progress");
  switch (status) {
    case "not_issued":
      return eb("tasks.status", "=", "draft");
    case "cancelled":
      return eb("tasks.status", "=", "cancelled");
    case "awaiting_acceptance":
      return eb("tasks.status", "=", "awaiting_acceptance");
    case "completed_on_time":
      return eb.and([
        eb("tasks.status", "=", "completed"),
        eb.or([eb("tasks.deadline", "is", null), eb("tasks.completed_on", "<=", eb.ref("tasks.deadline"))]),
      ]);
    case "completed_late":
      return eb.and([eb("tasks.status", "=", "completed"), eb("tasks.deadline", "is not", null), eb("tasks.completed_on", ">", eb.ref("tasks.deadline"))]);
    case "no_deadline":
      return eb.and([inProgress, eb("tasks.deadline", "is", null)]);
    case "overdue":
      return eb.and([inProgress, eb("tasks.deadline", "<", today)]);
    case "due_soon":
      return eb.and([inProgress, eb("tasks.deadline", ">=", today), eb("tasks.deadline", "<=", soon)]);
    case "in_progress":
      return eb.and([inProgress, eb("tasks.deadline", ">", soon)]);
  }
}
