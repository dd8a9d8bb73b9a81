/**
 * Follow-up of a task through its page: progress, contributions,
 * extensions, completion and acceptance, cancellation — who may do each,
 * what the database holds afterwards, and what a refused request leaves
 * behind (nothing).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { action, loader } from "../../app/routes/tasks.$taskId";
import { loader as registerLoader } from "../../app/routes/tasks._index";
import { getDb } from "../../app/utils/db.server";
import { addDaysToDay, vnToday } from "../../app/utils/dates";
import type { TaskStatus } from "../../db/schema";
import { cheapHash, seedFixture, type Fixture } from "../helpers/fixtures";
import { call, getRequest, postRequest } from "../helpers/requests";

let fx: Fixture;
let agencyC: number;
let headC: number;
const today = vnToday();
const day = (offset: number) => addDaysToDay(today, offset);

beforeAll(async () => {
  fx = await seedFixture();
  const db = getDb();
  const at = new Date().toISOString();
  agencyC = (
    await db
      .insertInto("agencies")
      .values({
        code: "SC",
        name_vi: "Sở Xây dựng",
        name_en: "Department of Construction",
        kind: "department",
        parent_id: null,
        updated_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  headC = (
    await db
      .insertInto("users")
      .values({
        username: "head.c",
        email: null,
        full_name: "Lãnh đạo Sở Xây dựng",
        title: null,
        password_hash: await cheapHash(),
        role: "agency_head",
        agency_id: agencyC,
        updated_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
});

interface NewTask {
  title?: string;
  lead?: number;
  coordinators?: number[];
  deadline?: string | null;
  status?: TaskStatus;
  completedOn?: string | null;
}

async function insertTask(t: NewTask = {}): Promise<number> {
  const db = getDb();
  const deadline = t.deadline === undefined ? day(10) : t.deadline;
  const id = (
    await db
      .insertInto("tasks")
      .values({
        series_id: fx.seriesId,
        meeting_id: null,
        conclusion_id: null,
        blocker_id: null,
        title: t.title ?? "Hoàn thành cơ sở dữ liệu đất đai",
        description: "",
        expected_result: "Cơ sở dữ liệu vận hành",
        pillar: "digital_data",
        lead_agency_id: t.lead ?? fx.agencyA,
        original_deadline: deadline,
        deadline,
        status: t.status ?? "in_progress",
        completed_on: t.completedOn ?? null,
        created_by: fx.users.secretary,
        updated_at: new Date().toISOString(),
      })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  for (const agency_id of t.coordinators ?? []) {
    await db.insertInto("task_coordinators").values({ task_id: id, agency_id }).execute();
  }
  return id;
}

const taskRow = (id: number) => getDb().selectFrom("tasks").where("id", "=", id).selectAll().executeTakeFirstOrThrow();

const auditActions = async (id: number) =>
  (await getDb().selectFrom("audit_events").where("entity_type", "=", "task").where("entity_id", "=", id).orderBy("id").select("action").execute()).map(
    (r) => r.action,
  );

/** Everything a refused request must leave untouched. */
async function snapshot(id: number) {
  const db = getDb();
  const count = async (table: "progress_reports" | "extension_requests" | "completion_reports" | "audit_events") =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    task: await taskRow(id),
    progress: await count("progress_reports"),
    extensions: await count("extension_requests"),
    completions: await count("completion_reports"),
    audit: await count("audit_events"),
    decisions: await db.selectFrom("extension_requests").where("task_id", "=", id).select(["id", "status"]).execute(),
  };
}

const post = async (id: number, fields: Record<string, string>, userId: number) =>
  call(action, await postRequest(`/tasks/${id}`, fields, userId), { taskId: String(id) });
const view = async (id: number, userId: number) => call(loader, await getRequest(`/tasks/${id}`, userId), { taskId: String(id) });

describe("who sees a task", () => {
  it("a draft (not yet issued by the notice) is a 404 for agencies and observers, visible to the series' office", async () => {
    const id = await insertTask({ status: "draft" });
    for (const user of [fx.users.headA, fx.users.staffA, fx.users.headB, fx.users.observer, fx.users.admin]) {
      expect((await view(id, user)).status, `user ${user}`).toBe(404);
    }
    for (const user of [fx.users.chair, fx.users.secretary]) {
      const res = await view(id, user);
      expect(res.status).toBe(200);
      expect(res.data.tracking).toBe("not_issued");
    }
    // Its own lead agency cannot write to it either: it does not exist for them yet.
    const before = await snapshot(id);
    expect((await post(id, { intent: "report-progress", body: "Đã triển khai" }, fx.users.headA)).status).toBe(404);
    expect(await snapshot(id)).toEqual(before);
  });

  it("an issued task is readable by every signed-in user; an unknown id is a 404", async () => {
    const id = await insertTask();
    for (const user of [fx.users.headA, fx.users.headB, headC, fx.users.observer, fx.users.admin]) {
      expect((await view(id, user)).status).toBe(200);
    }
    expect((await call(loader, await getRequest("/tasks/999999", fx.users.observer), { taskId: "999999" })).status).toBe(404);
    expect((await call(loader, await getRequest("/tasks/abc", fx.users.observer), { taskId: "abc" })).status).toBe(404);
  });

  it("offers each user only the forms their role allows", async () => {
    const id = await insertTask({ coordinators: [fx.agencyB] });
    const may = async (user: number) => (await view(id, user)).data.may;
    expect(await may(fx.users.headA)).toMatchObject({
      reportProgress: true,
      requestExtension: true,
      reportCompletion: true,
      decideCompletion: false,
      cancel: false,
    });
    expect(await may(fx.users.staffA)).toMatchObject({ reportProgress: true, requestExtension: false, reportCompletion: false });
    expect(await may(fx.users.headB)).toMatchObject({ reportProgress: true, asCoordinator: true, requestExtension: false });
    expect(await may(headC)).toMatchObject({ reportProgress: false, requestExtension: false, reportCompletion: false });
    expect(await may(fx.users.chair)).toMatchObject({ reportProgress: false, cancel: true });
    expect(await may(fx.users.secretary)).toMatchObject({ cancel: false, decideCompletion: false });
  });
});

describe("progress reports", () => {
  it("the lead agency reports progress; the report and its audit event are stored together", async () => {
    const id = await insertTask({ coordinators: [fx.agencyB] });
    const res = await post(id, { intent: "report-progress", body: "Đã số hóa 60% hồ sơ địa chính", percent: "60", reportDate: day(-1) }, fx.users.headA);
    expect(res.status).toBe(302);
    expect(res.location).toBe(`/tasks/${id}?done=report-progress#progress`);
    const rows = await getDb().selectFrom("progress_reports").where("task_id", "=", id).selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      agency_id: fx.agencyA,
      percent: 60,
      report_date: day(-1),
      body: "Đã số hóa 60% hồ sơ địa chính",
      created_by: fx.users.headA,
    });
    expect(await auditActions(id)).toEqual(["task.progress_reported"]);
  });

  it("agency staff may report for their agency; the report date defaults to today in Vietnam", async () => {
    const id = await insertTask();
    expect((await post(id, { intent: "report-progress", body: "Đang rà soát", reportDate: "" }, fx.users.staffA)).status).toBe(302);
    const row = await getDb().selectFrom("progress_reports").where("task_id", "=", id).selectAll().executeTakeFirstOrThrow();
    expect(row.report_date).toBe(today);
    expect(row.percent).toBeNull();
  });

  it("a coordinating agency posts its contribution under its own agency", async () => {
    const id = await insertTask({ coordinators: [fx.agencyB] });
    expect((await post(id, { intent: "report-progress", body: "Đã cung cấp số liệu", percent: "100" }, fx.users.staffB)).status).toBe(302);
    const row = await getDb().selectFrom("progress_reports").where("task_id", "=", id).selectAll().executeTakeFirstOrThrow();
    expect(row.agency_id).toBe(fx.agencyB);
    expect(await auditActions(id)).toEqual(["task.contribution_reported"]);
    // Shown newest first, with the agency's role in the task.
    await post(id, { intent: "report-progress", body: "Báo cáo mới hơn", reportDate: today }, fx.users.headA);
    const page = await view(id, fx.users.observer);
    expect(page.data.detail.progress.map((p: { body: string; isLead: boolean }) => [p.body, p.isLead])).toEqual([
      ["Báo cáo mới hơn", true],
      ["Đã cung cấp số liệu", false],
    ]);
  });

  it("an agency with no part in the task, an observer and the chair are refused with 403, and nothing is written", async () => {
    const id = await insertTask({ coordinators: [fx.agencyB] });
    const before = await snapshot(id);
    for (const user of [headC, fx.users.observer, fx.users.chair, fx.users.admin]) {
      expect((await post(id, { intent: "report-progress", body: "Không liên quan" }, user)).status, `user ${user}`).toBe(403);
    }
    expect(await snapshot(id)).toEqual(before);
  });

  it("no progress on a task that is completed or cancelled: 409 with a readable message", async () => {
    const id = await insertTask({ status: "completed", completedOn: day(-1) });
    const res = await post(id, { intent: "report-progress", body: "Muộn" }, fx.users.headA);
    expect(res.status).toBe(409);
    expect(res.data.formError).toBe("tasks.error.wrongState");
  });
});

describe("extensions", () => {
  it("the lead agency head asks; the chair approves: the deadline moves, the original stays, both are shown", async () => {
    const original = day(5);
    const id = await insertTask({ deadline: original });
    const requested = day(30);
    const asked = await post(id, { intent: "request-extension", requestedDeadline: requested, reason: "Chờ kết quả đo đạc bổ sung" }, fx.users.headA);
    expect(asked.status).toBe(302);
    expect((await taskRow(id)).deadline).toBe(original);

    const pending = await getDb().selectFrom("extension_requests").where("task_id", "=", id).selectAll().executeTakeFirstOrThrow();
    expect(pending).toMatchObject({ status: "pending", previous_deadline: original, requested_deadline: requested });

    // It waits in the chair's list.
    const register = await call(registerLoader, await getRequest("/tasks", fx.users.chair));
    expect(register.data.pending.items).toContainEqual(expect.objectContaining({ kind: "extension", taskId: id, day: requested }));

    const versionBefore = (await taskRow(id)).version;
    const approved = await post(id, { intent: "approve-extension", extensionId: String(pending.id), decisionReason: "" }, fx.users.chair);
    expect(approved.status).toBe(302);
    const task = await taskRow(id);
    expect(task).toMatchObject({ deadline: requested, original_deadline: original, status: "in_progress", version: versionBefore + 1 });
    const decided = await getDb().selectFrom("extension_requests").where("id", "=", pending.id).selectAll().executeTakeFirstOrThrow();
    expect(decided).toMatchObject({ status: "approved", previous_deadline: original, decided_by: fx.users.chair });
    expect(await auditActions(id)).toEqual(["task.extension_requested", "task.extension_approved"]);
    // Decided, it leaves the chair's list at once (the list is kept until the next write).
    const after = await call(registerLoader, await getRequest("/tasks", fx.users.chair));
    expect(after.data.pending.items).not.toContainEqual(expect.objectContaining({ taskId: id }));
    expect(after.data.pending.total).toBe(register.data.pending.total - 1);

    const page = await view(id, fx.users.observer);
    expect(page.data.detail.task).toMatchObject({ deadline: requested, originalDeadline: original });
    const listed = await call(registerLoader, await getRequest("/tasks?agency=all&sort=newest", fx.users.observer));
    expect(listed.data.register.rows.find((r: { id: number }) => r.id === id)).toMatchObject({
      deadline: requested,
      originalDeadline: original,
    });
  });

  it("the chair may reject, but only with a reason; the deadline stays", async () => {
    const id = await insertTask({ deadline: day(3) });
    await post(id, { intent: "request-extension", requestedDeadline: day(20), reason: "Thiếu kinh phí" }, fx.users.headA);
    const ext = await getDb().selectFrom("extension_requests").where("task_id", "=", id).selectAll().executeTakeFirstOrThrow();

    const before = await snapshot(id);
    const noReason = await post(id, { intent: "reject-extension", extensionId: String(ext.id), decisionReason: "  " }, fx.users.chair);
    expect(noReason.status).toBe(400);
    expect(noReason.data.errors.decisionReason.key).toBe("validation.required");
    expect(await snapshot(id)).toEqual(before);

    const rejected = await post(
      id,
      { intent: "reject-extension", extensionId: String(ext.id), decisionReason: "Đề nghị bố trí nguồn lực để hoàn thành đúng hạn" },
      fx.users.chair,
    );
    expect(rejected.status).toBe(302);
    expect((await taskRow(id)).deadline).toBe(day(3));
    const decided = await getDb().selectFrom("extension_requests").where("id", "=", ext.id).selectAll().executeTakeFirstOrThrow();
    expect(decided).toMatchObject({ status: "rejected", decision_reason: "Đề nghị bố trí nguồn lực để hoàn thành đúng hạn" });
    expect(await auditActions(id)).toEqual(["task.extension_requested", "task.extension_rejected"]);

    // Deciding the same request again is a conflict, not a second decision.
    const again = await post(id, { intent: "approve-extension", extensionId: String(ext.id) }, fx.users.chair);
    expect(again.status).toBe(409);
    expect(again.data.formError).toBe("tasks.error.notPending");
  });

  it("one pending request at a time: the second is a 409 and is not stored", async () => {
    const id = await insertTask({ deadline: day(3) });
    expect((await post(id, { intent: "request-extension", requestedDeadline: day(20), reason: "Lý do một" }, fx.users.headA)).status).toBe(302);
    const before = await snapshot(id);
    const second = await post(id, { intent: "request-extension", requestedDeadline: day(25), reason: "Lý do hai" }, fx.users.headA);
    expect(second.status).toBe(409);
    expect(second.data.formError).toBe("tasks.error.extensionPending");
    expect(await snapshot(id)).toEqual(before);
  });

  it("the new deadline must be later than the current one", async () => {
    const id = await insertTask({ deadline: day(10) });
    const before = await snapshot(id);
    const res = await post(id, { intent: "request-extension", requestedDeadline: day(10), reason: "Không đổi" }, fx.users.headA);
    expect(res.status).toBe(400);
    expect(res.data.errors.requestedDeadline.key).toBe("tasks.validation.notLater");
    expect(await snapshot(id)).toEqual(before);
  });

  it("only the lead agency's head asks, and only the series' chair decides", async () => {
    const id = await insertTask({ coordinators: [fx.agencyB] });
    for (const user of [fx.users.staffA, fx.users.headB, fx.users.chair]) {
      expect((await post(id, { intent: "request-extension", requestedDeadline: day(40), reason: "Thử" }, user)).status).toBe(403);
    }
    await post(id, { intent: "request-extension", requestedDeadline: day(40), reason: "Cần thêm thời gian" }, fx.users.headA);
    const ext = await getDb().selectFrom("extension_requests").where("task_id", "=", id).selectAll().executeTakeFirstOrThrow();
    const before = await snapshot(id);
    for (const user of [fx.users.secretary, fx.users.headA, fx.users.admin, fx.users.observer]) {
      expect((await post(id, { intent: "approve-extension", extensionId: String(ext.id) }, user)).status, `user ${user}`).toBe(403);
    }
    expect(await snapshot(id)).toEqual(before);
  });
});

describe("completion", () => {
  it("reported by the lead agency head, accepted by the chair: completed on the reported day, on time", async () => {
    const id = await insertTask({ deadline: day(5) });
    const reported = await post(
      id,
      { intent: "report-completion", result: "Đã vận hành", evidence: "Văn bản số 12/STNMT", completedOn: day(-1) },
      fx.users.headA,
    );
    expect(reported.status).toBe(302);
    expect((await taskRow(id)).status).toBe("awaiting_acceptance");
    expect((await view(id, fx.users.observer)).data.tracking).toBe("awaiting_acceptance");

    const report = await getDb().selectFrom("completion_reports").where("task_id", "=", id).selectAll().executeTakeFirstOrThrow();
    const accepted = await post(id, { intent: "accept-completion", completionId: String(report.id) }, fx.users.chair);
    expect(accepted.status).toBe(302);
    expect(await taskRow(id)).toMatchObject({ status: "completed", completed_on: day(-1) });
    expect((await view(id, fx.users.observer)).data.tracking).toBe("completed_on_time");
    expect(await auditActions(id)).toEqual(["task.completion_reported", "task.completion_accepted"]);
  });

  it("on time or late is judged against the approved deadline, not the original one", async () => {
    // Both were due 10 days ago and finished 2 days ago; only one had its deadline extended.
    const extended = await insertTask({ deadline: day(-10) });
    const notExtended = await insertTask({ deadline: day(-10) });
    await post(extended, { intent: "request-extension", requestedDeadline: day(5), reason: "Điều chỉnh quy hoạch" }, fx.users.headA);
    const ext = await getDb().selectFrom("extension_requests").where("task_id", "=", extended).selectAll().executeTakeFirstOrThrow();
    expect((await post(extended, { intent: "approve-extension", extensionId: String(ext.id) }, fx.users.chair)).status).toBe(302);

    for (const id of [extended, notExtended]) {
      expect(
        (await post(id, { intent: "report-completion", result: "Xong", evidence: "Biên bản nghiệm thu", completedOn: day(-2) }, fx.users.headA)).status,
      ).toBe(302);
      const report = await getDb().selectFrom("completion_reports").where("task_id", "=", id).selectAll().executeTakeFirstOrThrow();
      expect((await post(id, { intent: "accept-completion", completionId: String(report.id) }, fx.users.chair)).status).toBe(302);
    }
    expect((await view(extended, fx.users.observer)).data.tracking).toBe("completed_on_time");
    expect((await view(notExtended, fx.users.observer)).data.tracking).toBe("completed_late");
    expect((await taskRow(extended)).original_deadline).toBe(day(-10));
  });

  it("the chair returns it for more work with a required reason: back in progress", async () => {
    const id = await insertTask();
    await post(id, { intent: "report-completion", result: "Xong", evidence: "Báo cáo", completedOn: today }, fx.users.headA);
    const report = await getDb().selectFrom("completion_reports").where("task_id", "=", id).selectAll().executeTakeFirstOrThrow();

    const before = await snapshot(id);
    const empty = await post(id, { intent: "return-completion", completionId: String(report.id), returnReason: "" }, fx.users.chair);
    expect(empty.status).toBe(400);
    expect(empty.data.errors.returnReason).toBeDefined();
    expect(await snapshot(id)).toEqual(before);

    const returned = await post(
      id,
      { intent: "return-completion", completionId: String(report.id), returnReason: "Chưa có biên bản nghiệm thu" },
      fx.users.chair,
    );
    expect(returned.status).toBe(302);
    expect(await taskRow(id)).toMatchObject({ status: "in_progress", completed_on: null });
    const decided = await getDb().selectFrom("completion_reports").where("id", "=", report.id).selectAll().executeTakeFirstOrThrow();
    expect(decided).toMatchObject({ status: "rejected", decision_reason: "Chưa có biên bản nghiệm thu", decided_by: fx.users.chair });
    expect(await auditActions(id)).toEqual(["task.completion_reported", "task.completion_returned"]);
    // The agency can report again.
    expect((await post(id, { intent: "report-completion", result: "Đã bổ sung", evidence: "Biên bản", completedOn: today }, fx.users.headA)).status).toBe(302);
  });

  it("the secretary, the lead agency and others cannot decide: 403", async () => {
    const id = await insertTask();
    await post(id, { intent: "report-completion", result: "Xong", evidence: "Báo cáo", completedOn: today }, fx.users.headA);
    const report = await getDb().selectFrom("completion_reports").where("task_id", "=", id).selectAll().executeTakeFirstOrThrow();
    const before = await snapshot(id);
    for (const user of [fx.users.secretary, fx.users.headA, fx.users.observer]) {
      expect((await post(id, { intent: "accept-completion", completionId: String(report.id) }, user)).status).toBe(403);
      expect((await post(id, { intent: "return-completion", completionId: String(report.id), returnReason: "Không" }, user)).status).toBe(403);
    }
    expect(await snapshot(id)).toEqual(before);
  });

  it("a completion is not accepted while an extension is undecided (409); staff cannot report completion (403)", async () => {
    const id = await insertTask({ deadline: day(2) });
    expect((await post(id, { intent: "report-completion", result: "Xong", evidence: "Báo cáo", completedOn: today }, fx.users.staffA)).status).toBe(403);
    await post(id, { intent: "request-extension", requestedDeadline: day(9), reason: "Dự phòng" }, fx.users.headA);
    await post(id, { intent: "report-completion", result: "Xong", evidence: "Báo cáo", completedOn: today }, fx.users.headA);
    const report = await getDb().selectFrom("completion_reports").where("task_id", "=", id).selectAll().executeTakeFirstOrThrow();
    const res = await post(id, { intent: "accept-completion", completionId: String(report.id) }, fx.users.chair);
    expect(res.status).toBe(409);
    expect(res.data.formError).toBe("tasks.error.decideExtensionFirst");
    expect((await taskRow(id)).status).toBe("awaiting_acceptance");
  });

  it("a form that saw an older version of the task is refused with 409", async () => {
    const id = await insertTask();
    const seen = (await taskRow(id)).version;
    await post(id, { intent: "report-completion", result: "Xong", evidence: "Báo cáo", completedOn: today, version: String(seen) }, fx.users.headA);
    const report = await getDb().selectFrom("completion_reports").where("task_id", "=", id).selectAll().executeTakeFirstOrThrow();
    const res = await post(id, { intent: "accept-completion", completionId: String(report.id), version: String(seen) }, fx.users.chair);
    expect(res.status).toBe(409);
    expect(res.data.formError).toBe("tasks.error.stale");
  });
});

describe("cancellation", () => {
  it("the chair cancels with a reason; pending requests are closed with it", async () => {
    const id = await insertTask();
    await post(id, { intent: "request-extension", requestedDeadline: day(40), reason: "Chờ" }, fx.users.headA);
    expect((await post(id, { intent: "cancel", cancelReason: "" }, fx.users.chair)).status).toBe(400);
    expect((await post(id, { intent: "cancel", cancelReason: "Không còn phù hợp" }, fx.users.secretary)).status).toBe(403);
    expect((await post(id, { intent: "cancel", cancelReason: "Không còn phù hợp" }, fx.users.headA)).status).toBe(403);
    const res = await post(id, { intent: "cancel", cancelReason: "Nhiệm vụ được gộp vào nhiệm vụ khác" }, fx.users.chair);
    expect(res.status).toBe(302);
    expect((await taskRow(id)).status).toBe("cancelled");
    const ext = await getDb().selectFrom("extension_requests").where("task_id", "=", id).selectAll().executeTakeFirstOrThrow();
    expect(ext).toMatchObject({ status: "rejected", decision_reason: "Nhiệm vụ được gộp vào nhiệm vụ khác" });
    expect(await auditActions(id)).toEqual(["task.extension_requested", "task.cancelled"]);
    expect((await post(id, { intent: "cancel", cancelReason: "Lần nữa" }, fx.users.chair)).status).toBe(409);
  });
});

describe("bad input is a 400 with field errors and leaves the database unchanged", () => {
  it.each([
    ["an impossible date", { intent: "report-progress", body: "Báo cáo", reportDate: "2023-02-30" }, "reportDate", "validation.invalidDate"],
    ["a report dated tomorrow", { intent: "report-progress", body: "Báo cáo", reportDate: day(1) }, "reportDate", "tasks.validation.notInFuture"],
    ["a percentage of 150", { intent: "report-progress", body: "Báo cáo", percent: "150" }, "percent", "tasks.validation.percent"],
    ["a percentage that is not a number", { intent: "report-progress", body: "Báo cáo", percent: "nửa" }, "percent", "tasks.validation.percent"],
    ["an empty report", { intent: "report-progress", body: "   " }, "body", "validation.required"],
    ["an empty extension reason", { intent: "request-extension", requestedDeadline: day(30), reason: "" }, "reason", "validation.required"],
    [
      "an impossible requested deadline",
      { intent: "request-extension", requestedDeadline: "2023-02-30", reason: "Lý do" },
      "requestedDeadline",
      "validation.invalidDate",
    ],
    [
      "a completion dated in the future",
      { intent: "report-completion", result: "Xong", evidence: "Biên bản", completedOn: day(2) },
      "completedOn",
      "tasks.validation.notInFuture",
    ],
    ["a completion without evidence", { intent: "report-completion", result: "Xong", evidence: "" }, "evidence", "validation.required"],
  ])("%s", async (_name, fields, field, key) => {
    const id = await insertTask();
    const before = await snapshot(id);
    const res = await post(id, fields as Record<string, string>, fx.users.headA);
    expect(res.status).toBe(400);
    expect(res.data.errors[field].key).toBe(key);
    // What was typed comes back to the form.
    for (const [k, v] of Object.entries(fields)) if (k !== "intent") expect(res.data.values[k]).toBe(v);
    expect(await snapshot(id)).toEqual(before);
  });

  it("an unknown or missing intent", async () => {
    const id = await insertTask();
    const before = await snapshot(id);
    const attempts: Array<Record<string, string>> = [{ intent: "delete-everything" }, { body: "Không có intent" }];
    for (const fields of attempts) {
      const res = await post(id, fields, fx.users.headA);
      expect(res.status).toBe(400);
      expect(res.data.formError).toBe("tasks.error.unknownIntent");
    }
    expect(await snapshot(id)).toEqual(before);
  });
});

describe("history", () => {
  it("every write of a task is in its history, newest first, with who did it", async () => {
    const id = await insertTask({ deadline: day(4), coordinators: [fx.agencyB] });
    await post(id, { intent: "report-progress", body: "Bắt đầu" }, fx.users.headA);
    await post(id, { intent: "report-progress", body: "Phối hợp" }, fx.users.headB);
    await post(id, { intent: "request-extension", requestedDeadline: day(14), reason: "Cần thêm" }, fx.users.headA);
    const ext = await getDb().selectFrom("extension_requests").where("task_id", "=", id).selectAll().executeTakeFirstOrThrow();
    await post(id, { intent: "approve-extension", extensionId: String(ext.id) }, fx.users.chair);
    await post(id, { intent: "report-completion", result: "Xong", evidence: "Văn bản", completedOn: today }, fx.users.headA);
    const report = await getDb().selectFrom("completion_reports").where("task_id", "=", id).selectAll().executeTakeFirstOrThrow();
    await post(id, { intent: "return-completion", completionId: String(report.id), returnReason: "Bổ sung" }, fx.users.chair);

    const page = await view(id, fx.users.observer);
    const history = page.data.history as Array<{
      action: string;
      actorName: string | null;
      before: unknown;
      after: Record<string, unknown>;
    }>;
    expect(history.map((h) => h.action)).toEqual([
      "task.completion_returned",
      "task.completion_reported",
      "task.extension_approved",
      "task.extension_requested",
      "task.contribution_reported",
      "task.progress_reported",
    ]);
    expect(history[0].actorName).toBe("Người dùng chair");
    expect(history[2].after).toMatchObject({ deadline: day(14), original_deadline: day(4) });
  });
});
