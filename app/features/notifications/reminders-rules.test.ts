import { describe, expect, it } from "vitest";
import { parseEnv } from "~/utils/env.server";
import { afterFailure, BACKOFF_MS, errorText, isPermanentFailure, MAX_ATTEMPTS } from "./outbox-rules";
import { meetingReminder, nextRunAt, remindersDue, scanHorizon, taskReminder, type LastSent, type ReminderKind } from "./reminders-rules";

/** reminder_log as a list of [entity, id, kind, day]. */
const log =
  (rows: Array<[string, number, ReminderKind, string]>): LastSent =>
  (type, id, kind) =>
    rows
      .filter(([t, i, k]) => t === type && i === id && k === kind)
      .map((r) => r[3])
      .sort()
      .at(-1) ?? null;
const none = log([]);
const task = (deadline: string | null, status: "in_progress" | "awaiting_acceptance" | "draft" | "completed" | "cancelled" = "in_progress") => ({
  id: 1,
  status,
  deadline,
});

describe("task reminders", () => {
  it("due soon: 3 days before the deadline down to the day itself, once per deadline", () => {
    expect(taskReminder(task("2026-12-10"), "2026-12-06", none)).toBeNull();
    expect(taskReminder(task("2026-12-10"), "2026-12-07", none)).toBe("task_due_soon");
    expect(taskReminder(task("2026-12-10"), "2026-12-10", none)).toBe("task_due_soon");
    const sent = log([["task", 1, "task_due_soon", "2026-12-07"]]);
    expect(taskReminder(task("2026-12-10"), "2026-12-08", sent)).toBeNull();
    expect(taskReminder(task("2026-12-10"), "2026-12-10", sent)).toBeNull();
  });

  it("due soon is made up the next day when the scan did not run", () => {
    expect(taskReminder(task("2026-12-10"), "2026-12-09", none)).toBe("task_due_soon");
  });

  it("an extended deadline gets its own due-soon reminder", () => {
    const sentForOld = log([["task", 1, "task_due_soon", "2026-12-07"]]);
    expect(taskReminder(task("2026-12-31"), "2026-12-28", sentForOld)).toBe("task_due_soon");
  });

  it("overdue: on the day after the deadline, then every 7 days while it stays overdue", () => {
    const days: string[] = [];
    const sent: Array<[string, number, ReminderKind, string]> = [];
    for (let d = 11; d <= 31; d++) {
      const today = `2026-12-${String(d).padStart(2, "0")}`;
      if (taskReminder(task("2026-12-10"), today, log(sent)) === "task_overdue") {
        days.push(today);
        sent.push(["task", 1, "task_overdue", today]);
      }
    }
    expect(days).toEqual(["2026-12-11", "2026-12-18", "2026-12-25"]);
  });

  it("overdue across a month and a year boundary", () => {
    const sent = log([["task", 1, "task_overdue", "2026-12-29"]]);
    expect(taskReminder(task("2026-12-28"), "2027-01-04", sent)).toBeNull();
    expect(taskReminder(task("2026-12-28"), "2027-01-05", sent)).toBe("task_overdue");
  });

  it("the week is 7 calendar days even across a daylight-saving change where the server is (US: 14 March 2027)", () => {
    const sent = log([["task", 1, "task_overdue", "2027-03-10"]]);
    expect(taskReminder(task("2027-03-09"), "2027-03-16", sent)).toBeNull();
    expect(taskReminder(task("2027-03-09"), "2027-03-17", sent)).toBe("task_overdue");
  });

  it("a missed weekly scan is made up the next day, and the week counts from then", () => {
    const sent = log([["task", 1, "task_overdue", "2026-12-11"]]);
    expect(taskReminder(task("2026-12-10"), "2026-12-19", sent)).toBe("task_overdue");
    const later = log([
      ["task", 1, "task_overdue", "2026-12-11"],
      ["task", 1, "task_overdue", "2026-12-19"],
    ]);
    expect(taskReminder(task("2026-12-10"), "2026-12-25", later)).toBeNull();
    expect(taskReminder(task("2026-12-10"), "2026-12-26", later)).toBe("task_overdue");
  });

  it("a reminder sent before an extension does not hold back the new deadline's overdue reminder", () => {
    const sent = log([["task", 1, "task_overdue", "2026-12-11"]]);
    expect(taskReminder(task("2026-12-14"), "2026-12-15", sent)).toBe("task_overdue");
  });

  it("only tasks in progress with a deadline are reminded", () => {
    for (const status of ["awaiting_acceptance", "draft", "completed", "cancelled"] as const) {
      expect(taskReminder(task("2026-12-10", status), "2026-12-09", none), status).toBeNull();
      expect(taskReminder(task("2026-12-10", status), "2026-12-11", none), status).toBeNull();
    }
    expect(taskReminder(task(null), "2026-12-11", none)).toBeNull();
  });
});

describe("cut-off reminders", () => {
  // Cut-off 17:00 on 10 December in Vietnam = 10:00 UTC.
  const meeting = (status: "scheduled" | "open" | "agenda_published" = "open") => ({ id: 7, status, cutoffAt: "2026-12-10T10:00:00.000Z" });
  const at = (iso: string) => new Date(iso);

  it("cut-off soon from 2 days before, until the cut-off passes", () => {
    expect(meetingReminder(meeting(), at("2026-12-07T00:00:00Z"), none)).toBeNull();
    expect(meetingReminder(meeting(), at("2026-12-08T00:00:00Z"), none)).toBe("cutoff_soon");
    expect(meetingReminder(meeting(), at("2026-12-10T00:00:00Z"), none)).toBe("cutoff_soon");
    const sent = log([["meeting", 7, "cutoff_soon", "2026-12-08"]]);
    expect(meetingReminder(meeting(), at("2026-12-09T00:00:00Z"), sent)).toBeNull();
  });

  it("cut-off passed: once, once the instant has passed, while the agenda is not published", () => {
    expect(meetingReminder(meeting(), at("2026-12-10T09:59:59Z"), log([["meeting", 7, "cutoff_soon", "2026-12-08"]]))).toBeNull();
    expect(meetingReminder(meeting(), at("2026-12-10T10:00:00Z"), none)).toBe("cutoff_passed");
    expect(meetingReminder(meeting(), at("2026-12-11T00:00:00Z"), none)).toBe("cutoff_passed");
    expect(meetingReminder(meeting("scheduled"), at("2026-12-11T00:00:00Z"), none)).toBe("cutoff_passed");
    const sent = log([["meeting", 7, "cutoff_passed", "2026-12-11"]]);
    expect(meetingReminder(meeting(), at("2026-12-12T00:00:00Z"), sent)).toBeNull();
    expect(meetingReminder(meeting("agenda_published"), at("2026-12-11T00:00:00Z"), none)).toBeNull();
    expect(meetingReminder(meeting("agenda_published"), at("2026-12-09T00:00:00Z"), none)).toBeNull();
  });

  it("a cut-off moved later gets its own reminders", () => {
    const sent = log([
      ["meeting", 7, "cutoff_passed", "2026-12-03"],
      ["meeting", 7, "cutoff_soon", "2026-12-01"],
    ]);
    expect(meetingReminder(meeting(), at("2026-12-08T00:00:00Z"), sent)).toBe("cutoff_soon");
    expect(meetingReminder(meeting(), at("2026-12-11T00:00:00Z"), sent)).toBe("cutoff_passed");
  });
});

describe("the day is Vietnam's, whatever the server's time zone", () => {
  it("a task due on the 10th is overdue from 00:00 on the 11th in Vietnam (17:00 UTC on the 10th)", () => {
    const t = [{ id: 1, status: "in_progress" as const, deadline: "2026-12-10" }];
    const before = remindersDue({ now: new Date("2026-12-10T16:59:59Z"), tasks: t, meetings: [], last: none });
    expect(before).toEqual([{ entityType: "task", entityId: 1, kind: "task_due_soon", day: "2026-12-10" }]);
    const after = remindersDue({ now: new Date("2026-12-10T17:00:00Z"), tasks: t, meetings: [], last: none });
    expect(after).toEqual([{ entityType: "task", entityId: 1, kind: "task_overdue", day: "2026-12-11" }]);
  });

  it("the cut-off's day is its day in Vietnam: 23:30 on the 9th in UTC is the 10th", () => {
    const m = { id: 7, status: "open" as const, cutoffAt: "2026-12-09T23:30:00.000Z" };
    // 17:01 UTC on the 7th is 00:01 on the 8th in Vietnam: two days before the 10th.
    expect(meetingReminder(m, new Date("2026-12-07T17:01:00Z"), none)).toBe("cutoff_soon");
    expect(meetingReminder(m, new Date("2026-12-07T16:59:00Z"), none)).toBeNull();
  });

  it("the scan looks at deadlines up to 3 days ahead and cut-offs before the start of the third day", () => {
    expect(scanHorizon(new Date("2026-12-07T00:00:00Z"))).toEqual({ lastDeadline: "2026-12-10", cutoffBefore: "2026-12-09T17:00:00.000Z" });
  });

  it("the daily scan runs next at REMINDER_TIME in Vietnam", () => {
    // 06:59 in Vietnam → 07:00 the same day; 07:00 exactly → tomorrow.
    expect(nextRunAt(new Date("2026-12-06T23:59:00Z"), "07:00").toISOString()).toBe("2026-12-07T00:00:00.000Z");
    expect(nextRunAt(new Date("2026-12-07T00:00:00Z"), "07:00").toISOString()).toBe("2026-12-08T00:00:00.000Z");
    // 23:30 in Vietnam on 31 December: 18:00 the next day, in the new year.
    expect(nextRunAt(new Date("2026-12-31T16:30:00Z"), "18:00").toISOString()).toBe("2027-01-01T11:00:00.000Z");
  });
});

describe("e-mail retries", () => {
  const now = new Date("2026-12-07T00:00:00Z");
  it("back off 1 min, 5 min, 30 min, 2 h, 12 h, then fail", () => {
    const waits = [];
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
      const next = afterFailure(attempt, false, now);
      expect(next.status).toBe("pending");
      if (next.status === "pending") waits.push(new Date(next.nextAttemptAt).getTime() - now.getTime());
    }
    expect(waits).toEqual([...BACKOFF_MS]);
    expect(afterFailure(MAX_ATTEMPTS, false, now)).toEqual({ status: "failed" });
  });

  it("a 5xx refusal of the recipient or the message is final; a 4xx, a lost connection or a bad login is not", () => {
    expect(isPermanentFailure({ code: "EENVELOPE", responseCode: 550 })).toBe(true);
    expect(isPermanentFailure({ code: "EMESSAGE", responseCode: 554 })).toBe(true);
    expect(isPermanentFailure({ code: "EENVELOPE" })).toBe(true);
    expect(isPermanentFailure({ code: "EENVELOPE", responseCode: 450 })).toBe(false);
    expect(isPermanentFailure({ code: "EMESSAGE", responseCode: 451 })).toBe(false);
    expect(isPermanentFailure({ code: "ECONNECTION" })).toBe(false);
    expect(isPermanentFailure({ code: "EAUTH", responseCode: 535 })).toBe(false);
    expect(afterFailure(1, true, now)).toEqual({ status: "failed" });
  });

  it("keeps the error short and without a password", () => {
    const text = errorText(Object.assign(new Error("connect ECONNREFUSED smtp://user:secret@mail.example:587\n  at x"), { code: "ECONNECTION" }));
    expect(text).toBe("ECONNECTION: connect ECONNREFUSED smtp://***@mail.example:587 at x");
    expect(errorText("x".repeat(2000)).length).toBe(500);
  });
});

describe("configuration", () => {
  it("REMINDER_TIME is HH:MM, 07:00 by default; SMTP_URL must be an smtp:// or smtps:// URL", () => {
    expect(parseEnv({ DATABASE_PATH: ":memory:" }).REMINDER_TIME).toBe("07:00");
    expect(parseEnv({ DATABASE_PATH: ":memory:", REMINDER_TIME: "18:30" }).REMINDER_TIME).toBe("18:30");
    for (const bad of ["7:00", "24:00", "07:60", "0700", "07:00:00"]) {
      expect(() => parseEnv({ DATABASE_PATH: ":memory:", REMINDER_TIME: bad }), bad).toThrowError(/REMINDER_TIME must be HH:MM/);
    }
    expect(parseEnv({ DATABASE_PATH: ":memory:", SMTP_URL: "smtps://u:p@mail.example.gov.vn:465" }).SMTP_URL).toBe("smtps://u:p@mail.example.gov.vn:465");
    expect(() => parseEnv({ DATABASE_PATH: ":memory:", SMTP_URL: "mail.example.gov.vn" })).toThrowError(/SMTP_URL must look like/);
  });
});
