import { describe, expect, it } from "vitest";
import { applyTaskMove, trackingStatus, type TaskFacts } from "./tasks-rules";

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
