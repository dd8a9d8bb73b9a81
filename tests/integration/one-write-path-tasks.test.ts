/**
 * A task's follow-up on the one write path (ADR 22): a progress report, an
 * extension request and the chair's acceptance of a completion, each sent
 * twice with the same one-time key — a double click, a retry after a
 * timeout — are stored once, and the second answer is the first one's
 * redirect. A refused form (400, or 409 for a stale version or a second
 * pending extension) changes nothing — no row, no audit event — and its key
 * still works for the corrected form.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { action } from "../../app/routes/tasks.$taskId";
import { addDaysToDay, vnToday } from "../../app/utils/dates";
import { getDb } from "../../app/utils/db.server";
import { seedFixture, type Fixture } from "../helpers/fixtures";
import { call, postRequest } from "../helpers/requests";

let fx: Fixture;
const today = vnToday();
const day = (offset: number) => addDaysToDay(today, offset);

beforeAll(async () => {
  fx = await seedFixture();
});

const db = () => getDb();

/** An issued task led by agency A, due in ten days. */
async function insertTask(): Promise<number> {
  const deadline = day(10);
  const row = await db()
    .insertInto("tasks")
    .values({
      series_id: fx.seriesId,
      meeting_id: null,
      conclusion_id: null,
      blocker_id: null,
      title: "Cập nhật cơ sở dữ liệu đất đai",
      description: "",
      expected_result: "Cơ sở dữ liệu vận hành",
      pillar: "digital_data",
      lead_agency_id: fx.agencyA,
      original_deadline: deadline,
      deadline,
      status: "in_progress",
      completed_on: null,
      created_by: fx.users.secretary,
      updated_at: new Date().toISOString(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

const post = async (id: number, fields: Record<string, string>, userId: number) =>
  call(action, await postRequest(`/tasks/${id}`, fields, userId), { taskId: String(id) });

const events = async (id: number) =>
  (await db().selectFrom("audit_events").where("entity_type", "=", "task").where("entity_id", "=", id).orderBy("id").select("action").execute()).map(
    (e) => e.action,
  );
const rows = (table: "progress_reports" | "extension_requests" | "completion_reports", id: number) =>
  db().selectFrom(table).where("task_id", "=", id).orderBy("id").selectAll().execute();
const task = (id: number) => db().selectFrom("tasks").where("id", "=", id).selectAll().executeTakeFirstOrThrow();

describe("a form sent twice with one key is stored once", () => {
  it("a progress report: one report, one audit event, the first redirect twice", async () => {
    const id = await insertTask();
    const fields = { intent: "report-progress", body: "Đã số hóa 60% hồ sơ", percent: "60", _key: "task-progress.r1" };
    const first = await post(id, fields, fx.users.headA);
    const again = await post(id, fields, fx.users.headA);
    expect(first.status).toBe(302);
    expect(again.status).toBe(302);
    expect(again.location).toBe(first.location);
    expect(first.location).toBe(`/tasks/${id}?done=report-progress#progress`);
    expect((await rows("progress_reports", id)).map((r) => r.body)).toEqual(["Đã số hóa 60% hồ sơ"]);
    expect(await events(id)).toEqual(["task.progress_reported"]);

    // A new form (a new key) is a new report.
    expect((await post(id, { ...fields, body: "Đã số hóa 80% hồ sơ", _key: "task-progress.r2" }, fx.users.headA)).status).toBe(302);
    expect(await rows("progress_reports", id)).toHaveLength(2);
  });

  it("an extension request: one request, one audit event; without the key the copy would be a second pending request, refused", async () => {
    const id = await insertTask();
    const fields = { intent: "request-extension", requestedDeadline: day(30), reason: "Chờ số liệu của Sở Tài chính", _key: "task-extension.r1" };
    const first = await post(id, fields, fx.users.headA);
    const again = await post(id, fields, fx.users.headA);
    expect(first.status).toBe(302);
    expect(again.status).toBe(302);
    expect(again.location).toBe(first.location);
    expect((await rows("extension_requests", id)).map((r) => [r.requested_deadline, r.status])).toEqual([[day(30), "pending"]]);
    expect(await events(id)).toEqual(["task.extension_requested"]);

    const { _key: _, ...unkeyed } = fields;
    expect((await post(id, unkeyed, fx.users.headA)).status).toBe(409);
  });

  it("the chair's acceptance of a completion: completed once, one audit event, the first redirect twice", async () => {
    const id = await insertTask();
    const reported = await post(id, { intent: "report-completion", result: "Đã hoàn thành", evidence: "Công văn số 12", completedOn: today }, fx.users.headA);
    expect(reported.status).toBe(302);
    const [report] = await rows("completion_reports", id);
    const version = String((await task(id)).version);
    const fields = { intent: "accept-completion", completionId: String(report.id), version, _key: "task-accept.r1" };
    const first = await post(id, fields, fx.users.chair);
    // The copy carries the version the first one changed: without its key it would be stale.
    const again = await post(id, fields, fx.users.chair);
    expect(first.status).toBe(302);
    expect(again.status).toBe(302);
    expect(again.location).toBe(first.location);
    expect(first.location).toBe(`/tasks/${id}?done=accept-completion#completion`);
    expect(await task(id)).toMatchObject({ status: "completed", completed_on: today, version: Number(version) + 1 });
    expect((await rows("completion_reports", id)).map((r) => r.status)).toEqual(["approved"]);
    expect(await events(id)).toEqual(["task.completion_reported", "task.completion_accepted"]);
  });
});

describe("a refused form changes nothing and leaves its key unspent", () => {
  it("400: a requested deadline not after the current one; the corrected form with the same key is stored", async () => {
    const id = await insertTask();
    const fields = { intent: "request-extension", reason: "Chờ thẩm định", _key: "task-extension.r2" };
    const bad = await post(id, { ...fields, requestedDeadline: day(5) }, fx.users.headA);
    expect(bad.status).toBe(400);
    expect(bad.data.errors.requestedDeadline.key).toBe("tasks.validation.notLater");
    expect(bad.data.intent).toBe("request-extension");
    expect(bad.data.values).toMatchObject({ requestedDeadline: day(5), reason: "Chờ thẩm định" });
    expect(bad.data.values._key).toBeUndefined();
    expect(await rows("extension_requests", id)).toHaveLength(0);
    expect(await events(id)).toEqual([]);

    const corrected = await post(id, { ...fields, requestedDeadline: day(20) }, fx.users.headA);
    expect(corrected.status).toBe(302);
    expect((await rows("extension_requests", id)).map((r) => r.requested_deadline)).toEqual([day(20)]);
    expect(await events(id)).toEqual(["task.extension_requested"]);
  });

  it("409: a completion report from a form that saw an older version; the same key with the current version is stored", async () => {
    const id = await insertTask();
    const seen = (await task(id)).version;
    // Someone acts meanwhile: the chair's extension decision bumps the version.
    await post(id, { intent: "request-extension", requestedDeadline: day(20), reason: "Chờ số liệu" }, fx.users.headA);
    const [ext] = await rows("extension_requests", id);
    expect((await post(id, { intent: "approve-extension", extensionId: String(ext.id) }, fx.users.chair)).status).toBe(302);
    const before = await task(id);
    const eventsBefore = await events(id);

    const fields = { intent: "report-completion", result: "Đã hoàn thành", evidence: "Biên bản nghiệm thu", completedOn: today, _key: "task-complete.r1" };
    const stale = await post(id, { ...fields, version: String(seen) }, fx.users.headA);
    expect(stale.status).toBe(409);
    expect(stale.data.formError).toBe("tasks.error.stale");
    expect(stale.data.values.result).toBe("Đã hoàn thành");
    expect(await rows("completion_reports", id)).toHaveLength(0);
    expect(await task(id)).toEqual(before);
    expect(await events(id)).toEqual(eventsBefore);

    const corrected = await post(id, { ...fields, version: String(before.version) }, fx.users.headA);
    expect(corrected.status).toBe(302);
    expect(await rows("completion_reports", id)).toHaveLength(1);
    expect((await task(id)).status).toBe("awaiting_acceptance");
    expect(await events(id)).toEqual([...eventsBefore, "task.completion_reported"]);
  });

  it("409: a second extension while one is pending; once the first is decided, the same key is stored", async () => {
    const id = await insertTask();
    expect((await post(id, { intent: "request-extension", requestedDeadline: day(20), reason: "Lần đầu" }, fx.users.headA)).status).toBe(302);
    const eventsBefore = await events(id);

    const second = { intent: "request-extension", requestedDeadline: day(40), reason: "Lần hai", _key: "task-extension.r3" };
    const refused = await post(id, second, fx.users.headA);
    expect(refused.status).toBe(409);
    expect(refused.data.formError).toBe("tasks.error.extensionPending");
    expect(await rows("extension_requests", id)).toHaveLength(1);
    expect(await events(id)).toEqual(eventsBefore);

    const [first] = await rows("extension_requests", id);
    const rejected = await post(id, { intent: "reject-extension", extensionId: String(first.id), decisionReason: "Chưa đủ căn cứ" }, fx.users.chair);
    expect(rejected.status).toBe(302);
    const resent = await post(id, second, fx.users.headA);
    expect(resent.status).toBe(302);
    expect((await rows("extension_requests", id)).map((r) => [r.reason, r.status])).toEqual([
      ["Lần đầu", "rejected"],
      ["Lần hai", "pending"],
    ]);
    expect(await events(id)).toEqual([...eventsBefore, "task.extension_rejected", "task.extension_requested"]);
  });
});
