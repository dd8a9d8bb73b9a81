/**
 * Task status as Vietnamese government tracking reports it, and the moves
 * an agency and the chair can make. Every date is a `YYYY-MM-DD` day in
 * Asia/Ho_Chi_Minh; `today` comes from `vnToday()`.
 */
import type { TaskCountState, TaskStatus } from "../../../db/schema";
import { addDaysToDay, daysUntil } from "~/utils/dates";

export const DUE_SOON_DAYS = 3;

export const TRACKING_STATUSES = [
  "not_issued",
  "no_deadline",
  "in_progress",
  "due_soon",
  "overdue",
  "awaiting_acceptance",
  "completed_on_time",
  "completed_late",
  "cancelled",
] as const;
export type TrackingStatus = (typeof TRACKING_STATUSES)[number];

export interface TaskFacts {
  status: TaskStatus;
  /** The approved deadline (after any extension). */
  deadline: string | null;
  completedOn: string | null;
}

/**
 * in progress within deadline · due within 3 days · overdue · awaiting
 * confirmation · completed on time · completed late · cancelled. On time or
 * late is judged against the approved deadline.
 */
export function trackingStatus(task: TaskFacts, today: string): TrackingStatus {
  switch (task.status) {
    case "draft":
      return "not_issued";
    case "cancelled":
      return "cancelled";
    case "completed":
      return task.deadline && task.completedOn && task.completedOn > task.deadline ? "completed_late" : "completed_on_time";
    case "awaiting_acceptance":
      return "awaiting_acceptance";
    case "in_progress": {
      if (!task.deadline) return "no_deadline";
      const left = daysUntil(task.deadline, today);
      if (left < 0) return "overdue";
      if (left <= DUE_SOON_DAYS) return "due_soon";
      return "in_progress";
    }
  }
}

// ---------------------------------------------------------------------------
// Counting from the summary (the table task_counts)

/**
 * Tasks as the summary keeps them: by state (the status, with "completed"
 * split on time / late, which never changes once judged) and by the month
 * of their deadline (null when they have none). What today makes of an
 * in-progress task (overdue, due soon, in progress) is worked out here, at
 * read time, so that no stored figure goes stale at midnight.
 */
export interface MonthTally {
  state: TaskCountState;
  deadlineMonth: string | null;
  tasks: number;
}

/** In-progress tasks due on one day, read from the tasks themselves (see `daysReadLive`). */
export interface DayTally {
  deadline: string;
  tasks: number;
}

const monthStart = (month: string) => `${month}-01`;
const monthEnd = (month: string) => addDaysToDay(monthStart(addDaysToDay(`${month}-28`, 5).slice(0, 7)), -1);

/**
 * The tracking status of tasks known only by their state and deadline
 * month: `trackingStatus` of the month's first and of its last day when the
 * two agree (the statuses only move one way as the deadline grows); null when
 * they do not, i.e. for in-progress tasks due in a month that holds today or
 * the end of the due-soon window. Those are counted by day (`daysReadLive`).
 */
export function trackingStatusOfMonth(state: TaskCountState, deadlineMonth: string | null, today: string): TrackingStatus | null {
  switch (state) {
    case "completed_on_time":
    case "completed_late":
      return state;
    case "draft":
    case "cancelled":
    case "awaiting_acceptance":
    case "in_progress": {
      if (deadlineMonth === null) return trackingStatus({ status: state, deadline: null, completedOn: null }, today);
      const first = trackingStatus({ status: state, deadline: monthStart(deadlineMonth), completedOn: null }, today);
      const last = trackingStatus({ status: state, deadline: monthEnd(deadlineMonth), completedOn: null }, today);
      return first === last ? first : null;
    }
  }
}

/**
 * The days whose in-progress tasks have to be read one by one on `today`:
 * from the first day of today's month to the last day of the month in which
 * the due-soon window ends. About one month of deadlines, whatever the size
 * of the history.
 */
export function daysReadLive(today: string): { from: string; to: string } {
  return { from: monthStart(today.slice(0, 7)), to: monthEnd(addDaysToDay(today, DUE_SOON_DAYS).slice(0, 7)) };
}

/**
 * Deadline months seen from `today`, in the four groups a summary can be
 * summed in: before the live days (every such month has the status of
 * `before`, its last), the live days' months (`first`…`last`), and after
 * them (every such month has the status of `after`, its first). Rows
 * summed per group count as one row of the group's month.
 */
export function monthsAround(today: string): { before: string; first: string; last: string; after: string } {
  const live = daysReadLive(today);
  return {
    before: addDaysToDay(live.from, -1).slice(0, 7),
    first: live.from.slice(0, 7),
    last: live.to.slice(0, 7),
    after: addDaysToDay(live.to, 1).slice(0, 7),
  };
}

/**
 * Counts per tracking status on `today`, from summary rows and, for the
 * in-progress tasks due within `daysReadLive(today)`, from their days. The
 * summary's in-progress rows for those months are left out (the days count
 * them instead); every other row has one status whatever its day. A
 * dashboard tallies thousands of rows over some hundred months, so each
 * month's status is worked out once.
 */
export function trackingCounter(today: string) {
  const ofMonth = new Map<string, TrackingStatus | null>();
  const ofDay = new Map<string, TrackingStatus>();
  return (months: readonly MonthTally[], days: readonly DayTally[]): Record<TrackingStatus, number> => {
    const counts = Object.fromEntries(TRACKING_STATUSES.map((s) => [s, 0])) as Record<TrackingStatus, number>;
    for (const row of months) {
      const k = `${row.state}|${row.deadlineMonth}`;
      let status = ofMonth.get(k);
      if (status === undefined) ofMonth.set(k, (status = trackingStatusOfMonth(row.state, row.deadlineMonth, today)));
      if (status !== null) counts[status] += row.tasks;
    }
    for (const row of days) {
      let status = ofDay.get(row.deadline);
      if (status === undefined) ofDay.set(row.deadline, (status = trackingStatus({ status: "in_progress", deadline: row.deadline, completedOn: null }, today)));
      counts[status] += row.tasks;
    }
    return counts;
  };
}

/** `trackingCounter(today)` for one set of rows. */
export function countTracking(months: readonly MonthTally[], days: readonly DayTally[], today: string): Record<TrackingStatus, number> {
  return trackingCounter(today)(months, days);
}

/** Open = still owed: issued and neither completed nor cancelled. */
export function isOpen(status: TaskStatus): boolean {
  return status === "in_progress" || status === "awaiting_acceptance";
}

export type TaskMove =
  | { kind: "report_progress" }
  | { kind: "request_extension"; requestedDeadline: string; hasPendingExtension: boolean }
  | { kind: "decide_extension"; approve: boolean }
  | { kind: "report_completion"; completedOn: string }
  /**
   * On time or late is judged against the approved deadline, so a pending
   * extension must be decided before the completion is accepted.
   */
  | { kind: "accept_completion"; hasPendingExtension?: boolean }
  | { kind: "return_completion" }
  | { kind: "cancel" };

export type MoveResult =
  { ok: true; status: TaskStatus } | { ok: false; reason: "wrong_state" | "extension_pending" | "deadline_not_later" | "completed_in_future" | "no_deadline" };

/** Decides whether a move is allowed in the task's state, and the status it leads to. */
export function applyTaskMove(task: TaskFacts, move: TaskMove, today: string): MoveResult {
  switch (move.kind) {
    case "report_progress":
      return task.status === "in_progress" ? { ok: true, status: "in_progress" } : { ok: false, reason: "wrong_state" };
    case "request_extension":
      if (task.status !== "in_progress") return { ok: false, reason: "wrong_state" };
      if (move.hasPendingExtension) return { ok: false, reason: "extension_pending" };
      if (!task.deadline) return { ok: false, reason: "no_deadline" };
      if (move.requestedDeadline <= task.deadline) return { ok: false, reason: "deadline_not_later" };
      return { ok: true, status: "in_progress" };
    case "decide_extension":
      return task.status === "in_progress" || task.status === "awaiting_acceptance" ? { ok: true, status: task.status } : { ok: false, reason: "wrong_state" };
    case "report_completion":
      if (task.status !== "in_progress") return { ok: false, reason: "wrong_state" };
      if (move.completedOn > today) return { ok: false, reason: "completed_in_future" };
      return { ok: true, status: "awaiting_acceptance" };
    case "accept_completion":
      if (task.status !== "awaiting_acceptance") return { ok: false, reason: "wrong_state" };
      if (move.hasPendingExtension) return { ok: false, reason: "extension_pending" };
      return { ok: true, status: "completed" };
    case "return_completion":
      return task.status === "awaiting_acceptance" ? { ok: true, status: "in_progress" } : { ok: false, reason: "wrong_state" };
    case "cancel":
      return task.status === "draft" || task.status === "in_progress" || task.status === "awaiting_acceptance"
        ? { ok: true, status: "cancelled" }
        : { ok: false, reason: "wrong_state" };
  }
}
