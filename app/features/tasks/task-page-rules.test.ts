import { describe, expect, it } from "vitest";
import type { Actor } from "~/utils/permissions";
import {
  doneLocation,
  doneMessage,
  earliestRequestableDeadline,
  excerpt,
  lateAgainst,
  periodChoices,
  progressPermission,
  registerExportSearch,
  registerHrefWith,
  registerIsFiltered,
  registerPageHref,
  replyFor,
  taskPageAbilities,
  type TaskOnPage,
} from "./task-page-rules";
import { TASK_INTENTS } from "./tasks-schemas";

const LEAD = 10;
const COORDINATOR = 20;
const SERIES = 1;
const today = "2023-05-10";

const agencyUser = (agencyId: number, role: "agency_head" | "agency_staff" = "agency_head"): Actor => ({
  id: 100 + agencyId,
  role,
  agencyId,
  active: true,
  seriesRoles: [],
});
const chair: Actor = { id: 2, role: "chair", agencyId: null, active: true, seriesRoles: [{ seriesId: SERIES, role: "chair" }] };
const observer: Actor = { id: 3, role: "observer", agencyId: null, active: true, seriesRoles: [] };

const task = (over: Partial<TaskOnPage> = {}): TaskOnPage => ({
  status: "in_progress",
  deadline: "2023-05-31",
  completedOn: null,
  leadAgencyId: LEAD,
  resource: { seriesId: SERIES, agencyId: LEAD, coordinatingAgencyIds: [COORDINATOR], published: true },
  ...over,
});

const offered = (abilities: ReturnType<typeof taskPageAbilities>) =>
  Object.entries(abilities)
    .filter(([k, v]) => v && k !== "asCoordinator" && k !== "extensionPossible")
    .map(([k]) => k)
    .sort();

describe("the forms a task's page offers", () => {
  it("the lead agency's head reports progress, asks for more time and reports completion; nothing of the chair's", () => {
    const may = taskPageAbilities(agencyUser(LEAD), task(), false, today);
    expect(offered(may)).toEqual(["reportCompletion", "reportProgress", "requestExtension"]);
    expect(may.asCoordinator).toBe(false);
    expect(may.extensionPossible).toBe(true);
  });

  it("the lead agency's staff reports progress only", () => {
    expect(offered(taskPageAbilities(agencyUser(LEAD, "agency_staff"), task(), false, today))).toEqual(["reportProgress"]);
  });

  it("a coordinating agency contributes to the progress and nothing else", () => {
    const may = taskPageAbilities(agencyUser(COORDINATOR), task(), false, today);
    expect(offered(may)).toEqual(["reportProgress"]);
    expect(may.asCoordinator).toBe(true);
  });

  it("an agency with no part in the task and an observer get no form", () => {
    expect(offered(taskPageAbilities(agencyUser(99), task(), false, today))).toEqual([]);
    expect(offered(taskPageAbilities(observer, task(), false, today))).toEqual([]);
  });

  it("the chair cancels an open task, and decides an extension only while one is pending", () => {
    expect(offered(taskPageAbilities(chair, task(), false, today))).toEqual(["cancel"]);
    expect(offered(taskPageAbilities(chair, task(), true, today))).toEqual(["cancel", "decideExtension"]);
  });

  it("while an extension is pending the lead still sees the request section, but cannot ask again", () => {
    const may = taskPageAbilities(agencyUser(LEAD), task(), true, today);
    expect(may.requestExtension).toBe(true);
    expect(may.extensionPossible).toBe(false);
  });

  it("a task awaiting acceptance: the chair decides the completion; the lead can no longer report", () => {
    const awaiting = task({ status: "awaiting_acceptance" });
    expect(offered(taskPageAbilities(chair, awaiting, false, today))).toEqual(["cancel", "decideCompletion"]);
    expect(offered(taskPageAbilities(agencyUser(LEAD), awaiting, false, today))).toEqual([]);
  });

  it("a task without a deadline cannot be extended", () => {
    expect(taskPageAbilities(agencyUser(LEAD), task({ deadline: null }), false, today).requestExtension).toBe(false);
  });

  it("a completed or cancelled task offers no form to anyone", () => {
    for (const status of ["completed", "cancelled"] as const) {
      const closed = task({ status, completedOn: status === "completed" ? "2023-05-01" : null });
      for (const who of [chair, agencyUser(LEAD), agencyUser(COORDINATOR)]) expect(offered(taskPageAbilities(who, closed, true, today))).toEqual([]);
    }
  });

  it("the permission a progress report is checked against follows the reader's part in the task", () => {
    expect(progressPermission(agencyUser(LEAD), task())).toBe("task:report-progress");
    expect(progressPermission(agencyUser(COORDINATOR), task())).toBe("task:contribute");
    expect(progressPermission(chair, task())).toBe("task:contribute");
  });
});

describe("after a write", () => {
  it("the reader lands on the part of the page the write changed", () => {
    expect(doneLocation(7, "report-progress")).toBe("/tasks/7?done=report-progress#progress");
    expect(doneLocation(7, "reject-extension")).toBe("/tasks/7?done=reject-extension#extensions");
    expect(doneLocation(7, "accept-completion")).toBe("/tasks/7?done=accept-completion#completion");
    expect(doneLocation(7, "cancel")).toBe("/tasks/7?done=cancel#top");
  });

  it("the page confirms a known intent and ignores anything else in the URL", () => {
    expect(doneMessage("request-extension")).toBe("tasks.done.requestExtension");
    expect(doneMessage("cancel")).toBe("tasks.done.cancel");
    expect(doneMessage("drop-table")).toBeNull();
    expect(doneMessage("")).toBeNull();
    expect(doneMessage(null)).toBeNull();
  });

  it("a refused submission's reply goes to the form of its own intent only", () => {
    const reply = { intent: "approve-extension", errors: {}, values: {} };
    expect(replyFor(reply, ["approve-extension", "reject-extension"])).toBe(reply);
    expect(replyFor(reply, ["request-extension"])).toBeUndefined();
    expect(replyFor({ intent: null, formError: "tasks.error.unknownIntent", values: {} }, ["cancel"])).toBeUndefined();
    // A refused form carries the intent it was sent with, whatever it was: one this page has no form for goes to none.
    expect(replyFor({ intent: "drop-table", errors: {}, values: {} }, [...TASK_INTENTS])).toBeUndefined();
    expect(replyFor(undefined, ["cancel"])).toBeUndefined();
  });
});

describe("the forms' limits", () => {
  it("an extension asks for a day after the deadline, and never for a day already past", () => {
    expect(earliestRequestableDeadline("2023-05-31", today)).toBe("2023-06-01");
    expect(earliestRequestableDeadline("2023-04-30", today)).toBe(today);
    expect(earliestRequestableDeadline("2023-05-09", today)).toBe(today);
    expect(earliestRequestableDeadline(null, today)).toBe(today);
  });

  it("the chair is warned when accepting would record the task as late", () => {
    expect(lateAgainst("2023-06-01", "2023-05-31")).toBe("2023-05-31");
    expect(lateAgainst("2023-05-31", "2023-05-31")).toBeNull();
    expect(lateAgainst("2023-06-01", null)).toBeNull();
    expect(lateAgainst(undefined, "2023-05-31")).toBeNull();
  });

  it("a long conclusion is cut at 140 characters in the task's origin", () => {
    expect(excerpt("ngắn")).toBe("ngắn");
    expect(excerpt("x".repeat(140))).toBe("x".repeat(140));
    expect(excerpt("x".repeat(141))).toBe(`${"x".repeat(140)}…`);
  });
});

describe("the register's links", () => {
  it("changing a filter keeps the others, drops the page and empty parameters", () => {
    expect(registerHrefWith("?agency=all&page=3&q=", { status: "overdue" })).toBe("/tasks?agency=all&status=overdue");
    expect(registerHrefWith("?status=overdue&owed=1", { owed: null })).toBe("/tasks?status=overdue");
    expect(registerHrefWith("?page=2", { status: null })).toBe("/tasks");
  });

  it("the exports take every page of the same filters", () => {
    expect(registerExportSearch("?agency=all&page=2")).toBe("?agency=all");
    expect(registerExportSearch("?page=2")).toBe("");
  });

  it("page 1 is the bare register; other pages keep the filters", () => {
    expect(registerPageHref("?agency=all&page=3", 1)).toBe("/tasks?agency=all");
    expect(registerPageHref("?agency=all", 2)).toBe("/tasks?agency=all&page=2");
    expect(registerPageHref("", 1)).toBe("/tasks");
  });

  it("the register counts as filtered as soon as it has any parameter", () => {
    expect(registerIsFiltered("")).toBe(false);
    expect(registerIsFiltered("?")).toBe(false);
    expect(registerIsFiltered("?agency=all")).toBe(true);
  });

  it("a period from a shared link stays selectable, first, even when no task has it", () => {
    expect(periodChoices("2099-01", ["2023-05", "2023-04"])).toEqual(["2099-01", "2023-05", "2023-04"]);
    expect(periodChoices("2023-04", ["2023-05", "2023-04"])).toEqual(["2023-05", "2023-04"]);
    expect(periodChoices(null, ["2023-05"])).toEqual(["2023-05"]);
  });
});
