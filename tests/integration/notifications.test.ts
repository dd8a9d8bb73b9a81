import { beforeAll, describe, expect, it } from "vitest";
import { action as blockerAction } from "../../app/routes/blockers.$blockerId";
import { action as newBlocker } from "../../app/routes/blockers.new";
import { action as centreAction, loader as centreLoader } from "../../app/routes/notifications";
import { action as taskAction } from "../../app/routes/tasks.$taskId";
import { getDb } from "../../app/utils/db.server";
import { seedFixture, type Fixture } from "../helpers/fixtures";
import { call, getRequest, postRequest } from "../helpers/requests";

let fx: Fixture;
let blockerId: number;
beforeAll(async () => {
  fx = await seedFixture();
});

const db = () => getDb();
const notesOf = (userId: number) => db().selectFrom("notifications").where("user_id", "=", userId).orderBy("id").selectAll().execute();

describe("in-app notifications", () => {
  it("a submitted blocker tells the series office, not the agency that sent it", async () => {
    const res = await call(
      newBlocker,
      await postRequest(
        "/blockers/new",
        {
          intent: "submit",
          seriesId: String(fx.seriesId),
          title: "Thiếu đường truyền tại xã vùng cao",
          description: "Mô tả",
          pillar: "infrastructure",
          severity: "high",
          proposal: "Đề xuất hỗ trợ",
        },
        fx.users.headA,
      ),
    );
    expect(res.status).toBe(302);
    blockerId = Number(res.location!.match(/\/blockers\/(\d+)/)![1]);
    for (const office of [fx.users.chair, fx.users.secretary]) {
      const [n] = await notesOf(office);
      expect(n).toMatchObject({ kind: "blocker_submitted", entity_type: "blocker", entity_id: blockerId, link: `/blockers/${blockerId}`, read_at: null });
    }
    expect(await notesOf(fx.users.headA)).toEqual([]);
  });

  it("the chair's decision tells every person of the agency, with the outcome, and not the chair", async () => {
    const before = (await notesOf(fx.users.chair)).length;
    await call(
      blockerAction,
      await postRequest(`/blockers/${blockerId}`, { intent: "triage", decision: "return", reason: "Bổ sung số liệu thôn bản" }, fx.users.chair),
      { blockerId: String(blockerId) },
    );
    for (const user of [fx.users.headA, fx.users.staffA]) {
      const notes = await notesOf(user);
      expect(notes.map((n) => n.kind)).toEqual(["blocker_outcome"]);
      expect(JSON.parse(notes[0].params_json)).toMatchObject({
        title: "Thiếu đường truyền tại xã vùng cao",
        outcome: "returned",
        reason: "Bổ sung số liệu thôn bản",
      });
    }
    expect(await notesOf(fx.users.headB)).toEqual([]);
    expect((await notesOf(fx.users.chair)).length).toBe(before);
  });

  it("the centre lists them in the reader's language, newest first, and marks them read", async () => {
    const page = await call(centreLoader, await getRequest("/notifications", fx.users.staffA));
    expect(page.data.list.items[0].message).toBe(
      "Khó khăn, vướng mắc “Thiếu đường truyền tại xã vùng cao” đã được phân loại: trả lại để bổ sung. Lý do: Bổ sung số liệu thôn bản",
    );
    await db().updateTable("users").set({ locale: "en" }).where("id", "=", fx.users.headA).execute();
    const english = await call(centreLoader, await getRequest("/notifications", fx.users.headA));
    expect(english.data.list.items[0].message).toBe(
      "Blocker “Thiếu đường truyền tại xã vùng cao” has been triaged: returned for more information. Reason: Bổ sung số liệu thôn bản",
    );

    const id = page.data.list.items[0].id;
    const open = await call(
      centreAction,
      await postRequest("/notifications", { intent: "read", id: String(id), next: `/blockers/${blockerId}` }, fx.users.staffA),
    );
    expect(open.location).toBe(`/blockers/${blockerId}`);
    expect((await notesOf(fx.users.staffA))[0].read_at).not.toBeNull();
  });

  it("nobody can mark another person's notification read; a hostile next stays on the site", async () => {
    const [theirs] = await notesOf(fx.users.headA);
    const res = await call(
      centreAction,
      await postRequest("/notifications", { intent: "read", id: String(theirs.id), next: "https://evil.example" }, fx.users.headB),
    );
    expect(res.location).toBe("/notifications");
    expect((await notesOf(fx.users.headA))[0].read_at).toBeNull();
    expect((await call(centreAction, await postRequest("/notifications", { intent: "explode" }, fx.users.headB))).status).toBe(400);
  });

  it("mark all read", async () => {
    await call(centreAction, await postRequest("/notifications", { intent: "read_all" }, fx.users.chair));
    expect((await notesOf(fx.users.chair)).every((n) => n.read_at !== null)).toBe(true);
  });

  it("a task's agencies hear of an extension decision; a failed (refused) action tells nobody", async () => {
    const at = new Date().toISOString();
    const task = await db()
      .insertInto("tasks")
      .values({
        series_id: fx.seriesId,
        meeting_id: null,
        conclusion_id: null,
        blocker_id: null,
        title: "Số hóa hồ sơ địa chính",
        description: "",
        expected_result: "",
        pillar: null,
        lead_agency_id: fx.agencyA,
        original_deadline: "2099-06-30",
        deadline: "2099-06-30",
        report_next_meeting: 0,
        status: "in_progress",
        created_by: fx.users.secretary,
        updated_at: at,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const count = async () =>
      Number(
        (
          await db()
            .selectFrom("notifications")
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    // A refused request (date that does not exist) writes nothing, so tells nobody.
    const bad = await call(
      taskAction,
      await postRequest(
        `/tasks/${task.id}`,
        { intent: "request-extension", requestedDeadline: "2099-02-30", reason: "x", version: String(task.version) },
        fx.users.headA,
      ),
      { taskId: String(task.id) },
    );
    expect(bad.status).toBe(400);
    expect(await count()).toBe(before);

    await call(
      taskAction,
      await postRequest(
        `/tasks/${task.id}`,
        { intent: "request-extension", requestedDeadline: "2099-09-30", reason: "Chờ kinh phí", version: String(task.version) },
        fx.users.headA,
      ),
      { taskId: String(task.id) },
    );
    expect((await notesOf(fx.users.chair)).at(-1)).toMatchObject({ kind: "extension_requested", entity_id: task.id });
    const ext = await db().selectFrom("extension_requests").where("task_id", "=", task.id).selectAll().executeTakeFirstOrThrow();
    const v = (await db().selectFrom("tasks").where("id", "=", task.id).select("version").executeTakeFirstOrThrow()).version;
    await call(
      taskAction,
      await postRequest(`/tasks/${task.id}`, { intent: "approve-extension", extensionId: String(ext.id), version: String(v) }, fx.users.chair),
      { taskId: String(task.id) },
    );
    const last = (await notesOf(fx.users.staffA)).at(-1)!;
    expect(last).toMatchObject({ kind: "extension_decided", link: `/tasks/${task.id}` });
    expect(JSON.parse(last.params_json).outcome).toBe("approved");
  });
});
