/**
 * Task status as Vietnamese government tracking reports it, and the moves
 * an agency and the chair can make. Every date is a `YYYY-MM-DD` day in
 * Asia/Ho_Chi_Minh; `today` comes from `vnToday()`.
 */
import type { TaskStatus } from "../../../db/schema";
import { daysUntil } from "~/utils/dates";

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
