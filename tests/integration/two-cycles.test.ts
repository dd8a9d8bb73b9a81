/**
 * Two whole briefing cycles through the real loaders and actions, on a real
 * database: blocker → triage → agenda → conclusion → task → notice →
 * progress → extension → completion → acceptance; and the second meeting's
 * agenda brings back the task still open and due, and the item not reached.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { action as newBlocker } from "../../app/routes/blockers.new";
import { action as blockerAction } from "../../app/routes/blockers.$blockerId";
import { action as agendaAction, loader as agendaLoader } from "../../app/routes/meetings.$meetingId._index";
import { action as sessionAction } from "../../app/routes/meetings.$meetingId.session";
import { action as noticeAction } from "../../app/routes/meetings.$meetingId.notice";
import { action as taskAction, loader as taskLoader } from "../../app/routes/tasks.$taskId";
import { getDb } from "../../app/utils/db.server";
import { vnToday } from "../../app/utils/dates";
import { seedFixture, type Fixture } from "../helpers/fixtures";
import { expectRedirect, moveMeeting, scheduleMeeting } from "../helpers/meetings";
import { call, getRequest, postRequest } from "../helpers/requests";

let fx: Fixture;
beforeAll(async () => {
  fx = await seedFixture();
});

const db = () => getDb();
const idFrom = (location: string | null, re: RegExp) => Number(location!.match(re)![1]);

const schedule = (period: string, day: string) => scheduleMeeting(fx, period, day);

const move = moveMeeting;
const agenda = async (meetingId: number, fields: Record<string, string>) =>
  expectRedirect(call(agendaAction, await postRequest(`/meetings/${meetingId}`, fields, fx.users.secretary), { meetingId: String(meetingId) }));
const session = async (meetingId: number, fields: Record<string, string | string[]>) =>
  expectRedirect(call(sessionAction, await postRequest(`/meetings/${meetingId}/session`, fields, fx.users.secretary), { meetingId: String(meetingId) }));
const notice = async (meetingId: number, intent: string, userId: number) =>
  expectRedirect(call(noticeAction, await postRequest(`/meetings/${meetingId}/notice`, { intent }, userId), { meetingId: String(meetingId) }));
const items = (meetingId: number) =>
  db().selectFrom("agenda_items").where("meeting_id", "=", meetingId).where("removed", "=", 0).orderBy("position").selectAll().execute();
const task = (id: number) => db().selectFrom("tasks").where("id", "=", id).selectAll().executeTakeFirstOrThrow();
const taskPost = async (id: number, fields: Record<string, string>, userId: number) => {
  const version = String((await task(id)).version);
  return expectRedirect(call(taskAction, await postRequest(`/tasks/${id}`, { version, ...fields }, userId), { taskId: String(id) }));
};

describe("two full cycles", () => {
  const year = Number(vnToday().slice(0, 4)) + 1;
  const p1 = `${year}-01`;
  const p2 = `${year}-02`;
  let m1: number;
  let m2: number;
  let blockerId: number;
  let t1: number;
  let t2: number;

  it("cycle 1: an agency's blocker reaches the agenda and its conclusion assigns tasks", async () => {
    m1 = await schedule(p1, `${p1}-08`);
    await move(m1, "open_submissions", fx.users.secretary);

    const sent = await expectRedirect(
      call(
        newBlocker,
        await postRequest(
          "/blockers/new",
          {
            intent: "submit",
            seriesId: String(fx.seriesId),
            title: "Chưa liên thông dữ liệu đất đai với dân cư",
            description: "Dữ liệu đất đai chưa kết nối với Cơ sở dữ liệu quốc gia về dân cư.",
            pillar: "digital_data",
            severity: "high",
            helpAgencyId: String(fx.agencyB),
            proposal: "Đề nghị hỗ trợ kết nối.",
          },
          fx.users.headA,
        ),
      ),
    );
    blockerId = idFrom(sent.location, /\/blockers\/(\d+)/);
    expect(await db().selectFrom("blockers").where("id", "=", blockerId).select(["status", "meeting_id", "is_late"]).executeTakeFirstOrThrow()).toEqual({
      status: "submitted",
      meeting_id: m1,
      is_late: 0,
    });

    await expectRedirect(
      call(blockerAction, await postRequest(`/blockers/${blockerId}`, { intent: "triage", decision: "accept" }, fx.users.chair), {
        blockerId: String(blockerId),
      }),
    );
    expect((await db().selectFrom("blockers").where("id", "=", blockerId).select("status").executeTakeFirstOrThrow()).status).toBe("on_agenda");

    await agenda(m1, { intent: "build" });
    await agenda(m1, { intent: "add", title: "Đánh giá chỉ số DTI cấp huyện", kind: "report", presenterAgencyId: String(fx.agencyB), minutes: "10" });
    const [blockerItem, dtiItem] = await items(m1);
    expect(blockerItem).toMatchObject({ kind: "new_blocker", blocker_id: blockerId, presenter_agency_id: fx.agencyA });
    await move(m1, "publish_agenda", fx.users.chair);
    await move(m1, "start_session", fx.users.secretary);

    await session(m1, { intent: "conclude", itemId: String(blockerItem.id), body: "Giao Sở chủ trì kết nối dữ liệu; báo cáo tại cuộc họp sau." });
    await session(m1, {
      intent: "add_task",
      itemId: String(blockerItem.id),
      title: "Hoàn thành kết nối dữ liệu đất đai",
      leadAgencyId: String(fx.agencyA),
      coordinatingAgencyIds: [String(fx.agencyB)],
      deadline: `${p1}-20`,
    });
    await session(m1, {
      intent: "add_task",
      itemId: String(blockerItem.id),
      title: "Số hóa hồ sơ địa chính",
      leadAgencyId: String(fx.agencyA),
      deadline: `${p1}-31`,
    });
    await session(m1, { intent: "not_reached", itemId: String(dtiItem.id) });
    await move(m1, "conclude", fx.users.secretary);

    const created = await db().selectFrom("tasks").where("meeting_id", "=", m1).orderBy("id").selectAll().execute();
    [t1, t2] = created.map((t) => t.id);
    expect(created.map((t) => t.status)).toEqual(["draft", "draft"]);
    // Not yet official: the lead agency cannot open it.
    expect((await call(taskLoader, await getRequest(`/tasks/${t1}`, fx.users.headA), { taskId: String(t1) })).status).toBe(404);
  });

  it("cycle 1: the notice is issued and the tasks go live", async () => {
    await notice(m1, "draft", fx.users.secretary);
    await notice(m1, "issue", fx.users.chair);
    const n = await db().selectFrom("notices").where("meeting_id", "=", m1).selectAll().executeTakeFirstOrThrow();
    expect(n).toMatchObject({ status: "issued", number: 1, year: Number(vnToday().slice(0, 4)) });
    expect((await task(t1)).status).toBe("in_progress");
    expect((await db().selectFrom("blockers").where("id", "=", blockerId).select("status").executeTakeFirstOrThrow()).status).toBe("resolved");
    expect((await call(taskLoader, await getRequest(`/tasks/${t1}`, fx.users.headA), { taskId: String(t1) })).status).toBe(200);
  });

  it("cycle 1 follow-up: progress, an extension, completion and acceptance", async () => {
    const today = vnToday();
    await taskPost(t1, { intent: "report-progress", body: "Đã kết nối thử nghiệm 3/5 huyện.", percent: "60", reportDate: today }, fx.users.headA);
    await taskPost(t1, { intent: "report-progress", body: "Đã cung cấp dữ liệu dân cư.", reportDate: today }, fx.users.headB);
    await taskPost(t1, { intent: "request-extension", requestedDeadline: `${p1}-28`, reason: "Chờ nâng cấp đường truyền." }, fx.users.headA);
    const ext = await db().selectFrom("extension_requests").where("task_id", "=", t1).selectAll().executeTakeFirstOrThrow();
    await taskPost(t1, { intent: "approve-extension", extensionId: String(ext.id) }, fx.users.chair);
    expect(await task(t1)).toMatchObject({ deadline: `${p1}-28`, original_deadline: `${p1}-20` });

    await taskPost(t1, { intent: "report-completion", result: "Đã kết nối 5/5 huyện.", evidence: "Biên bản nghiệm thu.", completedOn: today }, fx.users.headA);
    expect((await task(t1)).status).toBe("awaiting_acceptance");
    const completion = await db().selectFrom("completion_reports").where("task_id", "=", t1).selectAll().executeTakeFirstOrThrow();
    await taskPost(t1, { intent: "accept-completion", completionId: String(completion.id) }, fx.users.chair);
    expect(await task(t1)).toMatchObject({ status: "completed", completed_on: today });

    const progress = await db().selectFrom("progress_reports").where("task_id", "=", t1).select("agency_id").orderBy("id").execute();
    expect(progress.map((p) => p.agency_id)).toEqual([fx.agencyA, fx.agencyB]);
    const actions = (
      await db().selectFrom("audit_events").where("entity_type", "=", "task").where("entity_id", "=", t1).select("action").orderBy("id").execute()
    ).map((a) => a.action);
    expect(actions[0]).toBe("task.created");
    expect(actions).toContain("task.issued");
    expect(actions.at(-1)).toMatch(/completion/);
  });

  it("cycle 2: the open and due task and the item not reached roll onto the next agenda; the completed task does not", async () => {
    m2 = await schedule(p2, `${p2}-08`);
    await agenda(m2, { intent: "build" });
    const next = await items(m2);
    const byTask = next.find((i) => i.task_id === t2);
    expect(byTask).toMatchObject({ kind: "follow_up_task", presenter_agency_id: fx.agencyA });
    expect(next.find((i) => i.task_id === t1)).toBeUndefined();
    const carried = next.find((i) => i.kind === "carried_over");
    expect(carried).toMatchObject({ title: "Đánh giá chỉ số DTI cấp huyện", carry_count: 1 });

    // The agency sees on the published agenda that it is concerned.
    await move(m2, "publish_agenda", fx.users.chair);
    const seen = await call(agendaLoader, await getRequest(`/meetings/${m2}`, fx.users.headA), { meetingId: String(m2) });
    const row = seen.data.items.find((i: { taskId: number | null }) => i.taskId === t2);
    expect(row.reasons).toEqual(["overdue"]);

    // Building again after publishing is refused and nothing is duplicated.
    const again = await call(agendaAction, await postRequest(`/meetings/${m2}`, { intent: "build" }, fx.users.secretary), { meetingId: String(m2) });
    expect(again.status).toBe(409);
    expect(await items(m2)).toHaveLength(next.length);
  });

  it("cycle 2 closes: the second notice takes the next number of the year", async () => {
    await move(m2, "start_session", fx.users.secretary);
    for (const item of await items(m2)) {
      await session(m2, { intent: "conclude", itemId: String(item.id), body: "Tiếp tục thực hiện." });
    }
    await move(m2, "conclude", fx.users.secretary);
    await notice(m2, "draft", fx.users.secretary);
    await notice(m2, "issue", fx.users.chair);
    expect((await db().selectFrom("notices").where("meeting_id", "=", m2).select("number").executeTakeFirstOrThrow()).number).toBe(2);
    expect((await db().selectFrom("meetings").where("id", "in", [m1, m2]).select("status").execute()).map((m) => m.status)).toEqual([
      "notice_issued",
      "notice_issued",
    ]);
  });
});
