/**
 * Which reminders are due on a day in Vietnam. Pure: the scan
 * (reminders.server.ts) gives it the open tasks, the meetings taking
 * submissions, and the last day each reminder was sent (from reminder_log),
 * and writes what it returns.
 *
 * Every rule looks at what was last sent, not only at today's date, so a
 * day the scan did not run (the server was down at REMINDER_TIME) is made
 * up by the next scan instead of being lost:
 *
 * - task_due_soon: a task in progress whose deadline is 0–3 days away, once
 *   per deadline (an extended deadline gets its own reminder);
 * - task_overdue: a task in progress past its deadline, on the day it
 *   becomes overdue and every 7 days after while it stays overdue;
 * - cutoff_soon: a meeting taking submissions whose cut-off is 0–2 days
 *   away and not yet passed, once per cut-off;
 * - cutoff_passed: a meeting still taking submissions (its agenda not yet
 *   published) whose cut-off has passed, once per cut-off.
 */
import type { MeetingStatus, TaskStatus } from "../../../db/schema";
import { addDaysToDay, daysUntil, vnDayOf, vnLocalToIso, vnToday } from "~/utils/dates";
import { acceptsSubmissions } from "~/features/meetings/meetings-rules";
import { DUE_SOON_DAYS } from "~/features/tasks/tasks-rules";

export const REMINDER_KINDS = ["task_due_soon", "task_overdue", "cutoff_soon", "cutoff_passed"] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

export const OVERDUE_REPEAT_DAYS = 7;
export const CUTOFF_SOON_DAYS = 2;

export interface ReminderTask {
  id: number;
  status: TaskStatus;
  /** The approved deadline, `YYYY-MM-DD`. */
  deadline: string | null;
}

export interface ReminderMeeting {
  id: number;
  status: MeetingStatus;
  /** The submission cut-off, an ISO instant. */
  cutoffAt: string;
}

export interface Reminder {
  entityType: "task" | "meeting";
  entityId: number;
  kind: ReminderKind;
  /** The Vietnam day it is sent on: the reminder_log key with the three above. */
  day: string;
}

/** The last day a reminder of this kind was sent for this task or meeting, or null. */
export type LastSent = (entityType: "task" | "meeting", entityId: number, kind: ReminderKind) => string | null;

/** The reminder a task gets today, if any. */
export function taskReminder(task: ReminderTask, today: string, last: LastSent): ReminderKind | null {
  if (task.status !== "in_progress" || !task.deadline) return null;
  const left = daysUntil(task.deadline, today);
  if (left < 0) {
    const overdueSince = addDaysToDay(task.deadline, 1);
    const prev = last("task", task.id, "task_overdue");
    if (prev === null || prev < overdueSince || daysUntil(today, prev) >= OVERDUE_REPEAT_DAYS) return "task_overdue";
    return null;
  }
  if (left <= DUE_SOON_DAYS) {
    const windowStart = addDaysToDay(task.deadline, -DUE_SOON_DAYS);
    const prev = last("task", task.id, "task_due_soon");
    return prev === null || prev < windowStart ? "task_due_soon" : null;
  }
  return null;
}

/** The reminder a meeting's submissions get at `now`, if any. */
export function meetingReminder(meeting: ReminderMeeting, now: Date, last: LastSent): ReminderKind | null {
  if (!acceptsSubmissions(meeting.status)) return null;
  const today = vnToday(now);
  const cutoffDay = vnDayOf(meeting.cutoffAt);
  if (now.toISOString() >= meeting.cutoffAt) {
    const prev = last("meeting", meeting.id, "cutoff_passed");
    return prev === null || prev < cutoffDay ? "cutoff_passed" : null;
  }
  const left = daysUntil(cutoffDay, today);
  if (left >= 0 && left <= CUTOFF_SOON_DAYS) {
    const prev = last("meeting", meeting.id, "cutoff_soon");
    return prev === null || prev < addDaysToDay(cutoffDay, -CUTOFF_SOON_DAYS) ? "cutoff_soon" : null;
  }
  return null;
}

/** Every reminder due at `now`, tasks first, each with the Vietnam day it counts for. */
export function remindersDue(input: { now: Date; tasks: readonly ReminderTask[]; meetings: readonly ReminderMeeting[]; last: LastSent }): Reminder[] {
  const day = vnToday(input.now);
  const out: Reminder[] = [];
  for (const t of input.tasks) {
    const kind = taskReminder(t, day, input.last);
    if (kind) out.push({ entityType: "task", entityId: t.id, kind, day });
  }
  for (const m of input.meetings) {
    const kind = meetingReminder(m, input.now, input.last);
    if (kind) out.push({ entityType: "meeting", entityId: m.id, kind, day });
  }
  return out;
}

/**
 * The latest deadline and cut-off a scan at `now` needs to look at: a task
 * due after the first is not due soon, a meeting cut off after the second
 * is not near its cut-off.
 */
export function scanHorizon(now: Date): { lastDeadline: string; cutoffBefore: string } {
  const today = vnToday(now);
  return {
    lastDeadline: addDaysToDay(today, DUE_SOON_DAYS),
    cutoffBefore: vnLocalToIso(addDaysToDay(today, CUTOFF_SOON_DAYS + 1), "00:00"),
  };
}

/** The next instant after `now` at which the clock in Vietnam shows `time` (HH:MM): when the daily scan runs next. */
export function nextRunAt(now: Date, time: string): Date {
  const today = vnToday(now);
  const todays = new Date(vnLocalToIso(today, time));
  return todays.getTime() > now.getTime() ? todays : new Date(vnLocalToIso(addDaysToDay(today, 1), time));
}
