import { beforeAll, describe, expect, it } from "vitest";
import { action as newMeetingAction, loader as newMeetingLoader } from "../../app/routes/meetings.new";
import { action as meetingAction, loader as meetingLoader } from "../../app/routes/meetings.$meetingId";
import { action as agendaAction, loader as agendaLoader } from "../../app/routes/meetings.$meetingId._index";
import { action as sessionAction, loader as sessionLoader } from "../../app/routes/meetings.$meetingId.session";
import { action as noticeAction, loader as noticeLoader } from "../../app/routes/meetings.$meetingId.notice";
import { getDb } from "../../app/utils/db.server";
import { seedFixture, type Fixture } from "../helpers/fixtures";
import { call, getRequest, postRequest } from "../helpers/requests";

let fx: Fixture;
beforeAll(async () => {
  fx = await seedFixture();
});

const db = () => getDb();
const count = async (table: "meetings" | "agenda_items" | "conclusions" | "tasks" | "notices" | "audit_events") =>
  Number(
    (
      await db()
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

const schedule = (fields: Record<string, string>, userId: number) =>
  postRequest(
    "/meetings/new",
    {
      seriesId: String(fx.seriesId),
      period: "2023-04",
      day: "2023-04-07",
      time: "08:00",
      cutoffDay: "2023-04-03",
      cutoffTime: "17:00",
      place: "Phòng họp số 1",
      bridgePoints: "Điểm cầu huyện Đầm Hà\nĐiểm cầu TP Móng Cái",
      ...fields,
    },
    userId,
  );

describe("scheduling a meeting", () => {
  it("the secretary schedules; times are read in Vietnam; bridge points are kept; an audit event is written", async () => {
    const audits = await count("audit_events");
    const res = await call(newMeetingAction, await schedule({}, fx.users.secretary));
    expect(res.status).toBe(302);
    const id = Number(res.location!.match(/\/meetings\/(\d+)/)![1]);
    const m = await db().selectFrom("meetings").where("id", "=", id).selectAll().executeTakeFirstOrThrow();
    expect(m.starts_at).toBe("2023-04-07T01:00:00.000Z");
    expect(m.cutoff_at).toBe("2023-04-03T10:00:00.000Z");
    expect(m.status).toBe("scheduled");
    const bridges = await db().selectFrom("bridge_points").where("meeting_id", "=", id).select("label").execute();
    expect(bridges.map((b) => b.label)).toEqual(["Điểm cầu huyện Đầm Hà", "Điểm cầu TP Móng Cái"]);
    expect(await count("audit_events")).toBe(audits + 1);
  });

  it("bad input is a 400 with field errors and nothing is written", async () => {
    const before = await count("meetings");
    const cases: Array<[Record<string, string>, string]> = [
      [{ period: "2023-13" }, "period"],
      [{ day: "2023-02-30" }, "day"],
      [{ time: "25:00" }, "time"],
      [{ place: "   " }, "place"],
      [{ cutoffDay: "2023-04-08" }, "cutoffDay"],
      [{ period: "2023-04" }, "period"], // already scheduled above
    ];
    for (const [fields, field] of cases) {
      const res = await call(newMeetingAction, await schedule(fields, fx.users.secretary));
      expect(res.status, JSON.stringify(fields)).toBe(400);
      expect(Object.keys(res.data.errors)).toContain(field);
    }
    expect(await count("meetings")).toBe(before);
  });

  it("two offices scheduling the same month at once: one meeting, the other told the period is taken", async () => {
    const before = await count("meetings");
    const results = await Promise.all(
      [fx.users.secretary, fx.users.chair, fx.users.secretary].map(async (user) =>
        call(newMeetingAction, await schedule({ period: "2024-02", day: "2024-02-07", cutoffDay: "2024-02-03" }, user)),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([302, 400, 400]);
    for (const r of results.filter((r) => r.status === 400)) expect(r.data.errors.period).toEqual({ key: "meetings.periodTaken" });
    expect(await count("meetings")).toBe(before + 1);
  });

  it("agencies, observers and admins may not schedule (403)", async () => {
    for (const user of [fx.users.headA, fx.users.staffA, fx.users.observer, fx.users.admin]) {
      expect((await call(newMeetingLoader, await getRequest("/meetings/new", user))).status).toBe(403);
      expect((await call(newMeetingAction, await schedule({ period: "2023-09" }, user))).status).toBe(403);
    }
  });
});

describe("the cycle through the pages", () => {
  let meetingId: number;
  let taskId: number;

  beforeAll(async () => {
    const res = await call(newMeetingAction, await schedule({ period: "2023-05", day: "2023-05-09", cutoffDay: "2023-05-04" }, fx.users.secretary));
    meetingId = Number(res.location!.match(/\/meetings\/(\d+)/)![1]);
    // An overdue task from before: it must come onto the agenda by rule.
    const at = new Date().toISOString();
    taskId = (
      await db()
        .insertInto("tasks")
        .values({
          series_id: fx.seriesId,
          meeting_id: null,
          conclusion_id: null,
          blocker_id: null,
          title: "Số hóa dữ liệu đất đai",
          description: "",
          expected_result: "",
          pillar: "digital_data",
          lead_agency_id: fx.agencyA,
          original_deadline: "2023-04-30",
          deadline: "2023-04-30",
          report_next_meeting: 0,
          status: "in_progress",
          created_by: fx.users.secretary,
          updated_at: at,
        })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  });

  const url = (suffix = "") => `/meetings/${meetingId}${suffix}`;
  const params = () => ({ meetingId: String(meetingId) });

  it("publishing an empty agenda is refused with 409 and changes nothing", async () => {
    const res = await call(meetingAction, await postRequest(url(), { intent: "transition", transition: "publish_agenda" }, fx.users.chair), params());
    expect(res.status).toBe(409);
    expect(res.data.messageKey).toBe("meetings.refused.empty_agenda");
    expect((await db().selectFrom("meetings").where("id", "=", meetingId).select("status").executeTakeFirstOrThrow()).status).toBe("scheduled");
  });

  it("the agenda is hidden from agencies until published", async () => {
    const res = await call(agendaLoader, await getRequest(url(), fx.users.headA), params());
    expect(res.data.visible).toBe(false);
    expect(res.data.items).toEqual([]);
    // What the agency can do meanwhile: send its blockers before the cut-off.
    expect(res.data.inviteBlockers).toBe(true);
    expect((await call(agendaLoader, await getRequest(url(), fx.users.observer), params())).data.inviteBlockers).toBe(false);
  });

  it("building by rule brings the overdue task; building again adds nothing", async () => {
    const res = await call(agendaAction, await postRequest(url(), { intent: "build" }, fx.users.secretary), params());
    expect(res.status).toBe(302);
    const items = await db().selectFrom("agenda_items").where("meeting_id", "=", meetingId).selectAll().execute();
    expect(items.map((i) => i.task_id)).toEqual([taskId]);
    await call(agendaAction, await postRequest(url(), { intent: "build" }, fx.users.secretary), params());
    expect(await db().selectFrom("agenda_items").where("meeting_id", "=", meetingId).selectAll().execute()).toHaveLength(1);
  });

  it("hand edits: a custom item, reorder, a removal with its reason that survives a rebuild", async () => {
    await call(
      agendaAction,
      await postRequest(
        url(),
        { intent: "add", title: "Báo cáo chỉ số DTI", kind: "report", presenterAgencyId: String(fx.agencyB), minutes: "15" },
        fx.users.secretary,
      ),
      params(),
    );
    const custom = await db()
      .selectFrom("agenda_items")
      .where("meeting_id", "=", meetingId)
      .where("source", "=", "manual")
      .selectAll()
      .executeTakeFirstOrThrow();
    await call(agendaAction, await postRequest(url(), { intent: "move", itemId: String(custom.id), direction: "up" }, fx.users.secretary), params());
    let order = await db().selectFrom("agenda_items").where("meeting_id", "=", meetingId).orderBy("position").select("id").execute();
    expect(order[0].id).toBe(custom.id);

    const ruleItem = order[1].id;
    const missingReason = await call(
      agendaAction,
      await postRequest(url(), { intent: "remove", itemId: String(ruleItem), reason: "" }, fx.users.secretary),
      params(),
    );
    expect(missingReason.status).toBe(400);
    await call(
      agendaAction,
      await postRequest(url(), { intent: "remove", itemId: String(ruleItem), reason: "Đã xử lý tại cuộc họp chuyên đề" }, fx.users.secretary),
      params(),
    );
    await call(agendaAction, await postRequest(url(), { intent: "build" }, fx.users.secretary), params());
    const all = await db().selectFrom("agenda_items").where("meeting_id", "=", meetingId).selectAll().execute();
    expect(all).toHaveLength(2);
    expect(all.find((i) => i.id === ruleItem)).toMatchObject({ removed: 1, removed_reason: "Đã xử lý tại cuộc họp chuyên đề" });
    // Put it back for the rest of the cycle.
    await call(agendaAction, await postRequest(url(), { intent: "restore", itemId: String(ruleItem) }, fx.users.secretary), params());
    order = await db().selectFrom("agenda_items").where("meeting_id", "=", meetingId).where("removed", "=", 0).select("id").execute();
    expect(order).toHaveLength(2);
  });

  it("agencies and observers cannot edit the agenda (403); an unknown intent is 400", async () => {
    for (const user of [fx.users.headA, fx.users.observer, fx.users.admin]) {
      expect((await call(agendaAction, await postRequest(url(), { intent: "build" }, user), params())).status).toBe(403);
    }
    expect((await call(agendaAction, await postRequest(url(), { intent: "explode" }, fx.users.secretary), params())).status).toBe(400);
  });

  it("only the chair publishes; then the agenda is locked (409) and agencies see it", async () => {
    expect(
      (await call(meetingAction, await postRequest(url(), { intent: "transition", transition: "publish_agenda" }, fx.users.secretary), params())).status,
    ).toBe(403);
    const ok = await call(meetingAction, await postRequest(url(), { intent: "transition", transition: "publish_agenda" }, fx.users.chair), params());
    expect(ok.status).toBe(302);
    expect((await call(agendaAction, await postRequest(url(), { intent: "build" }, fx.users.secretary), params())).status).toBe(409);
    const seen = await call(agendaLoader, await getRequest(url(), fx.users.headA), params());
    expect(seen.data.visible).toBe(true);
    expect(seen.data.items.filter((i: { removed: boolean }) => !i.removed)).toHaveLength(2);
  });

  it("in session: conclusions, a task, a not-reached item; the session cannot end with items pending", async () => {
    await call(meetingAction, await postRequest(url(), { intent: "transition", transition: "start_session" }, fx.users.secretary), params());
    const items = await db().selectFrom("agenda_items").where("meeting_id", "=", meetingId).where("removed", "=", 0).orderBy("position").selectAll().execute();
    const [custom, taskItem] = items;

    // A task before the conclusion is refused with a field message.
    const early = await call(
      sessionAction,
      await postRequest(url("/session"), { intent: "add_task", itemId: String(taskItem.id), title: "X", leadAgencyId: String(fx.agencyA) }, fx.users.secretary),
      params(),
    );
    expect(early.status).toBe(400);
    expect(early.data.errors.title.key).toBe("session.concludeFirst");

    expect(
      (
        await call(
          sessionAction,
          await postRequest(
            url("/session"),
            { intent: "conclude", itemId: String(taskItem.id), body: "Sở Tài nguyên và Môi trường khẩn trương hoàn thành." },
            fx.users.secretary,
          ),
          params(),
        )
      ).status,
    ).toBe(302);
    const tasksBefore = await count("tasks");
    const bad = await call(
      sessionAction,
      await postRequest(
        url("/session"),
        { intent: "add_task", itemId: String(taskItem.id), title: "Hoàn thành số hóa", leadAgencyId: String(fx.agencyA), deadline: "2023-02-30" },
        fx.users.secretary,
      ),
      params(),
    );
    expect(bad.status).toBe(400);
    expect(bad.data.errors.deadline.key).toBe("validation.invalidDate");
    expect(await count("tasks")).toBe(tasksBefore);
    const created = await call(
      sessionAction,
      await postRequest(
        url("/session"),
        {
          intent: "add_task",
          itemId: String(taskItem.id),
          title: "Hoàn thành số hóa dữ liệu đất đai",
          leadAgencyId: String(fx.agencyA),
          coordinatingAgencyIds: [String(fx.agencyB)],
          deadline: "2023-06-30",
          reportNextMeeting: "on",
        },
        fx.users.secretary,
      ),
      params(),
    );
    expect(created.status).toBe(302);
    const task = await db().selectFrom("tasks").where("meeting_id", "=", meetingId).selectAll().executeTakeFirstOrThrow();
    expect(task).toMatchObject({
      status: "draft",
      lead_agency_id: fx.agencyA,
      deadline: "2023-06-30",
      original_deadline: "2023-06-30",
      report_next_meeting: 1,
    });
    const coords = await db().selectFrom("task_coordinators").where("task_id", "=", task.id).select("agency_id").execute();
    expect(coords.map((c) => c.agency_id)).toEqual([fx.agencyB]);

    const pending = await call(meetingAction, await postRequest(url(), { intent: "transition", transition: "conclude" }, fx.users.secretary), params());
    expect(pending.status).toBe(409);
    expect(pending.data.messageKey).toBe("meetings.refused.items_pending");

    await call(sessionAction, await postRequest(url("/session"), { intent: "not_reached", itemId: String(custom.id) }, fx.users.secretary), params());
    expect((await db().selectFrom("agenda_items").where("id", "=", custom.id).select("outcome").executeTakeFirstOrThrow()).outcome).toBe("not_reached");
    expect(
      (await call(sessionAction, await postRequest(url("/session"), { intent: "conclude", itemId: String(custom.id), body: "x" }, fx.users.headA), params()))
        .status,
    ).toBe(403);
    expect((await call(meetingAction, await postRequest(url(), { intent: "transition", transition: "conclude" }, fx.users.secretary), params())).status).toBe(
      302,
    );
  });

  it("draft conclusions and tasks are not shown to agencies before the notice", async () => {
    const res = await call(sessionLoader, await getRequest(url("/session"), fx.users.headA), params());
    expect(res.data.visible).toBe(false);
    expect(res.data.tasks).toEqual([]);
  });

  it("the notice: drafted by the secretary, issued by the chair with the next number; tasks go live; records lock", async () => {
    expect((await call(noticeAction, await postRequest(url("/notice"), { intent: "issue" }, fx.users.chair), params())).status).toBe(409);
    expect((await call(noticeAction, await postRequest(url("/notice"), { intent: "draft" }, fx.users.secretary), params())).status).toBe(302);
    expect((await call(noticeAction, await postRequest(url("/notice"), { intent: "draft" }, fx.users.secretary), params())).status).toBe(409);
    const draftForAgency = await call(noticeLoader, await getRequest(url("/notice"), fx.users.headA), params());
    expect(draftForAgency.data.notice).toBeNull();
    const badEdit = await call(
      noticeAction,
      await postRequest(
        url("/notice"),
        { intent: "save", summary: "", opening: "x", closing: "x", recipients: "x", signerAuthority: "x", signerTitle: "x", signerName: "x" },
        fx.users.secretary,
      ),
      params(),
    );
    expect(badEdit.status).toBe(400);
    expect(badEdit.data.errors.summary).toBeDefined();

    expect((await call(noticeAction, await postRequest(url("/notice"), { intent: "issue" }, fx.users.secretary), params())).status).toBe(403);
    await db()
      .insertInto("notices")
      .values({
        meeting_id: (await db().selectFrom("meetings").where("period", "=", "2023-04").select("id").executeTakeFirstOrThrow()).id,
        status: "issued",
        year: Number(new Date().toISOString().slice(0, 4)),
        number: 44,
        symbol: "TB-UBND",
        issued_on: "2023-04-07",
        summary: "s",
        opening: "o",
        closing: "c",
        recipients: "r",
        signer_authority: "a",
        signer_title: "t",
        signer_name: "n",
        drafted_by: fx.users.secretary,
        updated_at: new Date().toISOString(),
      })
      .execute();
    const issued = await call(noticeAction, await postRequest(url("/notice"), { intent: "issue" }, fx.users.chair), params());
    expect(issued.status).toBe(302);
    const notice = await db().selectFrom("notices").where("meeting_id", "=", meetingId).selectAll().executeTakeFirstOrThrow();
    expect(notice).toMatchObject({ status: "issued", number: 45 });
    expect((await db().selectFrom("meetings").where("id", "=", meetingId).select("status").executeTakeFirstOrThrow()).status).toBe("notice_issued");
    expect((await db().selectFrom("tasks").where("meeting_id", "=", meetingId).select("status").executeTakeFirstOrThrow()).status).toBe("in_progress");

    const seen = await call(noticeLoader, await getRequest(url("/notice"), fx.users.observer), params());
    expect(seen.data.notice.number).toBe(45);
    expect(seen.data.parts[0].assignments[0]).toMatch(
      /^Giao Sở Tài nguyên và Môi trường chủ trì, phối hợp với UBND huyện Đầm Hà .*; thời hạn: 30\/06\/2023\.$/,
    );

    // Locked: no new task; a conclusion change is an amendment that keeps the original in history.
    const item = await db()
      .selectFrom("agenda_items")
      .where("meeting_id", "=", meetingId)
      .where("outcome", "=", "concluded")
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(
      (
        await call(
          sessionAction,
          await postRequest(url("/session"), { intent: "add_task", itemId: String(item.id), title: "Y", leadAgencyId: String(fx.agencyA) }, fx.users.secretary),
          params(),
        )
      ).status,
    ).toBe(409);
    await call(
      sessionAction,
      await postRequest(url("/session"), { intent: "conclude", itemId: String(item.id), body: "Bản đính chính.", version: "1" }, fx.users.secretary),
      params(),
    );
    const amended = await db().selectFrom("audit_events").where("action", "=", "conclusion.amended").selectAll().executeTakeFirstOrThrow();
    expect(JSON.parse(amended.before_json!).body).toBe("Sở Tài nguyên và Môi trường khẩn trương hoàn thành.");
    expect(JSON.parse(amended.after_json!).body).toBe("Bản đính chính.");
    // The notice page, read before the amendment, shows the amended text at once.
    const reread = await call(noticeLoader, await getRequest(url("/notice"), fx.users.observer), params());
    expect(reread.data.parts[0].body).toBe("Bản đính chính.");
  });

  it("an unknown meeting is 404 on every page", async () => {
    for (const loader of [meetingLoader, agendaLoader, sessionLoader, noticeLoader]) {
      expect((await call(loader, await getRequest("/meetings/99999", fx.users.chair), { meetingId: "99999" })).status).toBe(404);
      expect((await call(loader, await getRequest("/meetings/abc", fx.users.chair), { meetingId: "abc" })).status).toBe(404);
    }
  });
});
