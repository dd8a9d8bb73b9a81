import { describe, expect, it } from "vitest";
import type { Actor } from "~/utils/permissions";
import { readableHistory, relationTo, stateReadable, type AuditEventLike, type Relation } from "./history-rules";

const ev = (
  entityType: string,
  action: string,
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
  entityId = 1,
): AuditEventLike => ({
  entityType,
  entityId,
  action,
  before,
  after,
});

const draft = { status: "draft", title: "Nháp riêng", proposal: "Đề xuất nháp" };
const submitted = { ...draft, status: "submitted" };
const returned = { ...submitted, status: "returned", outcome_reason: "Bổ sung số liệu" };
const rewritten = { ...returned, title: "Bản cuối", proposal: "Đề xuất cuối" };
const resubmitted = { ...rewritten, status: "submitted", outcome_reason: null };
const accepted = { ...resubmitted, status: "on_agenda" };

/** A blocker drafted, sent, returned through a proposal, rewritten, sent again and accepted. */
const BLOCKER = [
  ev("blocker", "blocker.created", null, draft),
  ev("blocker", "blocker.submitted", draft, submitted),
  ev("blocker", "blocker.triage_proposed", null, { status: "pending", decision: "return", reason: "Bổ sung số liệu" }),
  ev("blocker", "blocker.returned", submitted, returned),
  ev("blocker", "blocker.triage_approved", { status: "pending" }, { status: "approved", reason: "Bổ sung số liệu" }),
  ev("blocker", "blocker.updated", returned, rewritten),
  ev("blocker", "blocker.submitted", rewritten, resubmitted),
  ev("blocker", "blocker.triage_proposed", null, { status: "pending", decision: "decline", reason: "Trùng" }),
  ev("blocker", "blocker.triage_rejected", { status: "pending" }, { status: "rejected", reason: "Trùng" }),
  ev("blocker", "blocker.accepted", resubmitted, accepted),
  ev("blocker", "blocker.resolved", { status: "on_agenda" }, { status: "resolved" }),
];

const seen = (events: AuditEventLike[], relation: Relation, now = {}) => readableHistory(events, relation, now).map((e) => e.action);

describe("relationTo", () => {
  const actor = (over: Partial<Actor>): Actor => ({ id: 1, role: "observer", agencyId: null, active: true, seriesRoles: [], ...over });
  const record = { seriesId: 5, agencyId: 7 };
  it("the series' chair or secretary is the office, whatever else they are", () => {
    expect(relationTo(actor({ role: "chair", seriesRoles: [{ seriesId: 5, role: "chair" }] }), record)).toBe("office");
    expect(relationTo(actor({ role: "secretary", seriesRoles: [{ seriesId: 5, role: "secretary" }] }), record)).toBe("office");
    expect(relationTo(actor({ role: "agency_head", agencyId: 7, seriesRoles: [{ seriesId: 5, role: "secretary" }] }), record)).toBe("office");
  });
  it("the record's own agency heads and staff", () => {
    expect(relationTo(actor({ role: "agency_head", agencyId: 7 }), record)).toBe("agency");
    expect(relationTo(actor({ role: "agency_staff", agencyId: 7 }), record)).toBe("agency");
  });
  it("everyone else: another agency, another series' office, an observer, an admin", () => {
    expect(relationTo(actor({ role: "agency_head", agencyId: 8 }), record)).toBe("outsider");
    expect(relationTo(actor({ role: "chair", seriesRoles: [{ seriesId: 6, role: "chair" }] }), record)).toBe("outsider");
    expect(relationTo(actor({ role: "observer" }), record)).toBe("outsider");
    expect(relationTo(actor({ role: "admin", agencyId: 7 }), record)).toBe("outsider");
    expect(relationTo(actor({ role: "agency_head", agencyId: 7 }), { seriesId: 5, agencyId: null })).toBe("outsider");
  });
});

describe("stateReadable", () => {
  it("the office reads every state of every record", () => {
    for (const [kind, status] of [
      ["blocker", "draft"],
      ["task", "draft"],
      ["notice", "draft"],
      ["conclusion", "in_session"],
      ["blocker", null],
    ] as const) {
      expect(stateReadable(kind, status, "office")).toBe(true);
    }
  });
  it("a blocker: its agency in every state, others once it reached an agenda", () => {
    expect(stateReadable("blocker", "returned", "agency")).toBe(true);
    for (const s of ["draft", "submitted", "returned", "withdrawn", "merged", "referred", "declined", null])
      expect(stateReadable("blocker", s, "outsider")).toBe(false);
    for (const s of ["on_agenda", "resolved"]) expect(stateReadable("blocker", s, "outsider")).toBe(true);
  });
  it("a task: nobody but the office while it is a draft, not even its lead agency", () => {
    expect(stateReadable("task", "draft", "agency")).toBe(false);
    expect(stateReadable("task", "in_progress", "outsider")).toBe(true);
    expect(stateReadable("task", "cancelled", "agency")).toBe(true);
  });
  it("a notice once issued; a meeting's items and conclusions once its notice is issued; the meeting always", () => {
    expect(stateReadable("notice", "approved", "outsider")).toBe(false);
    expect(stateReadable("notice", "issued", "outsider")).toBe(true);
    expect(stateReadable("conclusion", "concluded", "outsider")).toBe(false);
    expect(stateReadable("agenda_item", "agenda_published", "outsider")).toBe(false);
    expect(stateReadable("conclusion", "notice_issued", "outsider")).toBe(true);
    expect(stateReadable("meeting", "scheduled", "outsider")).toBe(true);
  });
  it("records read only under /admin are never readable here", () => {
    expect(stateReadable("user", null, "outsider")).toBe(false);
  });
});

describe("readableHistory: a blocker", () => {
  it("the office sees every event as recorded", () => {
    const out = readableHistory(BLOCKER, "office");
    expect(out.map((e) => e.action)).toEqual(BLOCKER.map((e) => e.action));
    expect(out.every((e, i) => e.before === BLOCKER[i].before && !e.beforeWithheld)).toBe(true);
  });

  it("its agency sees its drafts and returns, and the approved decision, but not the office's proposals", () => {
    expect(seen(BLOCKER, "agency")).toEqual([
      "blocker.created",
      "blocker.submitted",
      "blocker.returned",
      "blocker.triage_approved",
      "blocker.updated",
      "blocker.submitted",
      "blocker.accepted",
      "blocker.resolved",
    ]);
  });

  it("outsiders see it from its acceptance on, and the acceptance without what it said before", () => {
    const out = readableHistory(BLOCKER, "outsider");
    expect(out.map((e) => e.action)).toEqual(["blocker.accepted", "blocker.resolved"]);
    expect(out[0]).toMatchObject({ before: null, beforeWithheld: true, after: accepted });
    expect(out[1]).toMatchObject({ before: { status: "on_agenda" }, beforeWithheld: false });
    const text = JSON.stringify(out);
    for (const secret of ["Nháp riêng", "Đề xuất nháp", "Bổ sung số liệu", "Trùng"]) expect(text).not.toContain(secret);
  });

  it("a triage proposal approved after the blocker reached the agenda is still the office's paper to outsiders", () => {
    const events = [
      ev("blocker", "blocker.accepted", submitted, accepted),
      ev("blocker", "blocker.triage_approved", { status: "pending" }, { status: "approved" }),
    ];
    expect(seen(events, "outsider")).toEqual(["blocker.accepted"]);
  });
});

describe("readableHistory: a task", () => {
  const created = ev("task", "task.created", null, { status: "draft", title: "Giao Sở" });
  const issued = ev("task", "task.issued", { status: "draft" }, { status: "in_progress", notice: 12 });
  const progress = ev("task", "task.progress_reported", null, { body: "Đang làm", percent: 30 });

  it("from its issue on for all but the office, the issue without its draft state", () => {
    const events = [created, issued, progress];
    for (const relation of ["agency", "outsider"] as const) {
      const out = readableHistory(events, relation);
      expect(out.map((e) => e.action)).toEqual(["task.issued", "task.progress_reported"]);
      expect(out[0]).toMatchObject({ before: null, beforeWithheld: true });
    }
    expect(seen(events, "office")).toEqual(["task.created", "task.issued", "task.progress_reported"]);
  });

  it("a draft deleted in the meeting is the office's alone", () => {
    const events = [created, ev("task", "task.deleted_draft", { status: "draft", title: "Giao Sở" }, null)];
    expect(seen(events, "outsider")).toEqual([]);
    expect(seen(events, "office")).toEqual(["task.created", "task.deleted_draft"]);
  });

  it("events that do not say the status take it from the events around them", () => {
    // A task born live (a referral): reports on it are public.
    expect(seen([ev("task", "task.created", null, { status: "in_progress" }), progress], "outsider")).toEqual(["task.created", "task.progress_reported"]);
    // No creation on record: the first event that says where it stood tells it.
    const approved = ev(
      "task",
      "task.extension_approved",
      { status: "in_progress", deadline: "2026-01-01" },
      { status: "in_progress", deadline: "2026-02-01" },
    );
    expect(seen([progress, approved], "outsider")).toEqual(["task.progress_reported", "task.extension_approved"]);
  });

  it("when no event says the status, the record's present status does; unknown is the office's", () => {
    expect(seen([progress], "outsider", { "task:1": "in_progress" })).toEqual(["task.progress_reported"]);
    expect(seen([progress], "outsider", { "task:1": "draft" })).toEqual([]);
    expect(seen([progress], "outsider")).toEqual([]);
    expect(seen([progress], "office")).toEqual(["task.progress_reported"]);
  });
});

describe("readableHistory: a meeting and its records", () => {
  const meeting = (action: string, from: string | null, to: string) => ev("meeting", action, from ? { status: from } : null, { status: to }, 9);
  const EVENTS = [
    meeting("meeting.scheduled", null, "scheduled"),
    ev("meeting", "agenda.built", null, { added: 2, dropped: 0 }, 9),
    ev("agenda_item", "agenda_item.added", null, { title: "Dự thảo nội dung" }, 1),
    ev("agenda_item", "agenda_item.removed", { removed: 0 }, { removed: 1, removed_reason: "Không cần" }, 1),
    meeting("meeting.publish_agenda", "scheduled", "agenda_published"),
    meeting("meeting.start_session", "agenda_published", "in_session"),
    ev("conclusion", "conclusion.recorded", null, { body: "Kết luận tạm" }, 4),
    ev("agenda_item", "agenda_item.concluded", { outcome: "pending" }, { outcome: "concluded" }, 2),
    meeting("meeting.conclude", "in_session", "concluded"),
    ev("notice", "notice.drafted", null, { status: "draft", summary: "Dự thảo thông báo" }, 3),
    ev("notice", "notice.edited", { status: "draft", summary: "Dự thảo thông báo" }, { status: "draft", summary: "Bản sửa" }, 3),
    ev("notice", "notice.issued", { status: "draft", summary: "Bản sửa" }, { status: "issued", summary: "Bản sửa", number: 45 }, 3),
    meeting("meeting.issue_notice", "concluded", "notice_issued"),
    ev("conclusion", "conclusion.amended", { body: "Kết luận tạm" }, { body: "Kết luận đã sửa" }, 4),
  ];

  it("the office sees it all", () => {
    expect(seen(EVENTS, "office")).toEqual(EVENTS.map((e) => e.action));
  });

  it("others see the meeting's moves, the issued notice and what changed after it, never a draft", () => {
    const out = readableHistory(EVENTS, "outsider");
    expect(out.map((e) => e.action)).toEqual([
      "meeting.scheduled",
      "agenda.built",
      "meeting.publish_agenda",
      "meeting.start_session",
      "meeting.conclude",
      "notice.issued",
      "meeting.issue_notice",
      "conclusion.amended",
    ]);
    expect(out.find((e) => e.action === "notice.issued")).toMatchObject({ before: null, beforeWithheld: true, after: { status: "issued" } });
    // The amended text replaced one the notice had published.
    expect(out.find((e) => e.action === "conclusion.amended")).toMatchObject({ before: { body: "Kết luận tạm" }, beforeWithheld: false });
    expect(seen(EVENTS, "agency")).toEqual(out.map((e) => e.action));
  });

  it("a meeting whose status no event tells: its records are the office's", () => {
    const parts = EVENTS.filter((e) => e.entityType !== "meeting");
    expect(seen(parts, "outsider").filter((a) => a.startsWith("conclusion."))).toEqual([]);
  });
});
