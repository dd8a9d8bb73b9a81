import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { TaskStatus } from "../../../db/schema";
import { addDaysToDay } from "~/utils/dates";
import {
  applyTaskMove,
  countTracking,
  daysReadLive,
  monthsAround,
  trackingStatus,
  trackingStatusOfMonth,
  TRACKING_STATUSES,
  type DayTally,
  type MonthTally,
  type TaskFacts,
} from "./tasks-rules";

const open = (deadline: string | null): TaskFacts => ({ status: "in_progress", deadline, completedOn: null });

describe("tracking status", () => {
  const cases: Array<[string, TaskFacts, string, string]> = [
    ["well before the deadline", open("2023-04-30"), "2023-04-20", "in_progress"],
    ["4 days left", open("2023-04-30"), "2023-04-26", "in_progress"],
    ["3 days left", open("2023-04-30"), "2023-04-27", "due_soon"],
    ["due today", open("2023-04-30"), "2023-04-30", "due_soon"],
    ["the day after the deadline", open("2023-04-30"), "2023-05-01", "overdue"],
    ["no deadline", open(null), "2023-05-01", "no_deadline"],
    ["not yet issued", { status: "draft", deadline: "2023-04-30", completedOn: null }, "2023-04-01", "not_issued"],
    [
      "awaiting acceptance past the deadline",
      { status: "awaiting_acceptance", deadline: "2023-04-30", completedOn: null },
      "2023-05-10",
      "awaiting_acceptance",
    ],
    ["completed on the deadline", { status: "completed", deadline: "2023-04-30", completedOn: "2023-04-30" }, "2023-06-01", "completed_on_time"],
    ["completed a day late", { status: "completed", deadline: "2023-04-30", completedOn: "2023-05-01" }, "2023-06-01", "completed_late"],
    [
      "completed, deadline extended past completion",
      { status: "completed", deadline: "2023-05-15", completedOn: "2023-05-10" },
      "2023-06-01",
      "completed_on_time",
    ],
    ["cancelled", { status: "cancelled", deadline: "2023-04-30", completedOn: null }, "2023-06-01", "cancelled"],
  ];
  for (const [name, task, today, expected] of cases) {
    it(name, () => expect(trackingStatus(task, today)).toBe(expected));
  }
});

describe("task moves", () => {
  const today = "2023-04-20";

  it("an extension must move the deadline later, one request at a time", () => {
    expect(applyTaskMove(open("2023-04-30"), { kind: "request_extension", requestedDeadline: "2023-05-15", hasPendingExtension: false }, today)).toEqual({
      ok: true,
      status: "in_progress",
    });
    expect(applyTaskMove(open("2023-04-30"), { kind: "request_extension", requestedDeadline: "2023-04-30", hasPendingExtension: false }, today)).toEqual({
      ok: false,
      reason: "deadline_not_later",
    });
    expect(applyTaskMove(open("2023-04-30"), { kind: "request_extension", requestedDeadline: "2023-05-15", hasPendingExtension: true }, today)).toEqual({
      ok: false,
      reason: "extension_pending",
    });
    expect(applyTaskMove(open(null), { kind: "request_extension", requestedDeadline: "2023-05-15", hasPendingExtension: false }, today)).toEqual({
      ok: false,
      reason: "no_deadline",
    });
  });

  it("completion is reported, then accepted or returned", () => {
    const reported = applyTaskMove(open("2023-04-30"), { kind: "report_completion", completedOn: "2023-04-19" }, today);
    expect(reported).toEqual({ ok: true, status: "awaiting_acceptance" });
    const awaiting: TaskFacts = { status: "awaiting_acceptance", deadline: "2023-04-30", completedOn: null };
    expect(applyTaskMove(awaiting, { kind: "accept_completion" }, today)).toEqual({ ok: true, status: "completed" });
    expect(applyTaskMove(awaiting, { kind: "return_completion" }, today)).toEqual({ ok: true, status: "in_progress" });
    expect(applyTaskMove(awaiting, { kind: "report_completion", completedOn: today }, today)).toEqual({ ok: false, reason: "wrong_state" });
  });

  it("a completion waits while an extension is undecided: on time is judged against the approved deadline", () => {
    const awaiting: TaskFacts = { status: "awaiting_acceptance", deadline: "2023-04-30", completedOn: null };
    expect(applyTaskMove(awaiting, { kind: "accept_completion", hasPendingExtension: true }, today)).toEqual({ ok: false, reason: "extension_pending" });
    expect(applyTaskMove(awaiting, { kind: "accept_completion", hasPendingExtension: false }, today)).toEqual({ ok: true, status: "completed" });
    expect(applyTaskMove(awaiting, { kind: "decide_extension", approve: true }, today)).toEqual({ ok: true, status: "awaiting_acceptance" });
  });

  it("completion cannot be dated in the future", () => {
    expect(applyTaskMove(open("2023-04-30"), { kind: "report_completion", completedOn: "2023-04-21" }, today)).toEqual({
      ok: false,
      reason: "completed_in_future",
    });
  });

  it("a completed or cancelled task takes no more moves", () => {
    for (const status of ["completed", "cancelled"] as const) {
      const t: TaskFacts = { status, deadline: "2023-04-30", completedOn: "2023-04-10" };
      for (const move of [{ kind: "report_progress" }, { kind: "accept_completion" }, { kind: "cancel" }] as const) {
        expect(applyTaskMove(t, move, today).ok).toBe(false);
      }
    }
  });
});

describe("counting from the summary (deadline months)", () => {
  const months = (from: string, n: number) => Array.from({ length: n }, (_, i) => addDaysToDay(`${from}-15`, Math.round(30.44 * i)).slice(0, 7));
  const everyDay = (from: string, to: string) => {
    const out: string[] = [];
    for (let d = from; d <= to; d = addDaysToDay(d, 1)) out.push(d);
    return out;
  };

  it("leaves to the days exactly the in-progress months that straddle today or the due-soon window", () => {
    // Every day of two years, a leap February and year ends included.
    for (const today of everyDay("2023-12-01", "2025-01-31")) {
      const live = daysReadLive(today);
      for (const month of months("2022-11", 40)) {
        const straddles = `${month}-01` <= live.to && month >= live.from.slice(0, 7);
        expect(trackingStatusOfMonth("in_progress", month, today) === null, `${month} on ${today}`).toBe(straddles);
      }
    }
  });

  it("gives the status of each day of a month wherever the month has one status", () => {
    for (const today of ["2024-02-27", "2024-02-29", "2024-03-01", "2024-12-30", "2024-06-15"]) {
      for (const month of months("2023-12", 16)) {
        const status = trackingStatusOfMonth("in_progress", month, today);
        if (status === null) continue;
        for (const day of everyDay(`${month}-01`, addDaysToDay(`${addDaysToDay(`${month}-28`, 5).slice(0, 7)}-01`, -1))) {
          expect(trackingStatus(open(day), today)).toBe(status);
        }
      }
    }
  });

  it("reads the live days as about a month: today's month, and the next one when the due-soon window reaches it", () => {
    expect(daysReadLive("2024-06-15")).toEqual({ from: "2024-06-01", to: "2024-06-30" });
    expect(daysReadLive("2024-06-28")).toEqual({ from: "2024-06-01", to: "2024-07-31" });
    expect(daysReadLive("2024-02-26")).toEqual({ from: "2024-02-01", to: "2024-02-29" });
    expect(daysReadLive("2024-12-30")).toEqual({ from: "2024-12-01", to: "2025-01-31" });
  });

  const task = fc.record({
    status: fc.constantFrom<TaskStatus>("draft", "in_progress", "awaiting_acceptance", "completed", "cancelled"),
    deadline: fc.option(
      fc.integer({ min: -500, max: 500 }).map((n) => addDaysToDay("2024-06-15", n)),
      { nil: null },
    ),
    late: fc.integer({ min: -40, max: 40 }),
  });

  it("counts what trackingStatus says of each task, summed by state and month (property)", () => {
    fc.assert(
      fc.property(fc.array(task, { maxLength: 60 }), fc.integer({ min: -400, max: 400 }), (tasks, shift) => {
        const today = addDaysToDay("2024-06-15", shift);
        const facts: TaskFacts[] = tasks.map((t) => ({
          status: t.status,
          deadline: t.deadline,
          completedOn: t.status === "completed" ? addDaysToDay(t.deadline ?? "2024-06-15", t.late) : null,
        }));
        // What the summary table holds, and what the live read finds.
        const summary = new Map<string, MonthTally>();
        const days: DayTally[] = [];
        const live = daysReadLive(today);
        for (const f of facts) {
          const late = f.status === "completed" && f.deadline !== null && f.completedOn! > f.deadline;
          const state = f.status === "completed" ? (late ? "completed_late" : "completed_on_time") : f.status;
          const deadlineMonth = f.deadline?.slice(0, 7) ?? null;
          const k = `${state}|${deadlineMonth}`;
          const row = summary.get(k) ?? { state, deadlineMonth, tasks: 0 };
          row.tasks++;
          summary.set(k, row);
          if (f.status === "in_progress" && f.deadline !== null && f.deadline >= live.from && f.deadline <= live.to)
            days.push({ deadline: f.deadline, tasks: 1 });
        }
        const expected = Object.fromEntries(TRACKING_STATUSES.map((s) => [s, 0]));
        for (const f of facts) expected[trackingStatus(f, today)]++;
        expect(countTracking([...summary.values()], days, today)).toEqual(expected);
      }),
    );
  });
});

describe("months around today", () => {
  it("every month before the live days has the status of the one just before them, every month after of the one just after", () => {
    for (let shift = -40; shift <= 400; shift += 3) {
      const today = addDaysToDay("2024-01-01", shift);
      const around = monthsAround(today);
      expect(around.first).toBe(daysReadLive(today).from.slice(0, 7));
      for (const state of ["draft", "in_progress", "awaiting_acceptance", "completed_on_time", "completed_late", "cancelled"] as const) {
        const before = trackingStatusOfMonth(state, around.before, today);
        const after = trackingStatusOfMonth(state, around.after, today);
        expect(before).not.toBeNull();
        expect(after).not.toBeNull();
        for (let k = 1; k <= 30; k++) {
          const earlier = addDaysToDay(`${around.before}-15`, -30 * k).slice(0, 7);
          const later = addDaysToDay(`${around.after}-15`, 30 * k).slice(0, 7);
          expect(trackingStatusOfMonth(state, earlier, today)).toBe(before);
          expect(trackingStatusOfMonth(state, later, today)).toBe(after);
        }
      }
    }
  });
});
