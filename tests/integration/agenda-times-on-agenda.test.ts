/**
 * `tasks.times_on_agenda` is kept by triggers on agenda_items so that
 * building an agenda need not count. These tests hold it to a recount from
 * scratch after every kind of write that touches agenda items — build,
 * rebuild (which deletes stale items), hand add / edit / move / remove /
 * restore, publish, the session's outcomes, the notice, the next meeting's
 * carry-over, and raw writes — and hold the agenda builder's narrowed load
 * to the plan the old load (every task of the series, counted per task)
 * gave.
 */
import { sql, type Kysely } from "kysely";
import { Migrator } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { migrateToLatest, openDatabase } from "../../db/connection";
import { migrations } from "../../db/migrations/index";
import { buildAgenda, type AgendaInput, type AgendaPlan } from "../../app/features/agenda/agenda-rules";
import { loadAgendaInput } from "../../app/features/agenda/agenda.server";
import { action as agendaAction } from "../../app/routes/meetings.$meetingId._index";
import { action as sessionAction } from "../../app/routes/meetings.$meetingId.session";
import { action as noticeAction } from "../../app/routes/meetings.$meetingId.notice";
import { getDb } from "../../app/utils/db.server";
import { vnDayOf, vnToday } from "../../app/utils/dates";
import { seedFixture, type Fixture } from "../helpers/fixtures";
import { expectRedirect, moveMeeting, scheduleMeeting } from "../helpers/meetings";
import { call, postRequest } from "../helpers/requests";

let fx: Fixture;
beforeAll(async () => {
  fx = await seedFixture();
});

const db = () => getDb();
const AT = "2026-01-01T00:00:00.000Z";

const schedule = (period: string, day: string) => scheduleMeeting(fx, period, day);
const move = moveMeeting;
const agenda = async (meetingId: number, fields: Record<string, string>) =>
  expectRedirect(call(agendaAction, await postRequest(`/meetings/${meetingId}`, fields, fx.users.secretary), { meetingId: String(meetingId) }));
const session = async (meetingId: number, fields: Record<string, string | string[]>) =>
  expectRedirect(call(sessionAction, await postRequest(`/meetings/${meetingId}/session`, fields, fx.users.secretary), { meetingId: String(meetingId) }));
const notice = async (meetingId: number, intent: string, userId: number) =>
  expectRedirect(call(noticeAction, await postRequest(`/meetings/${meetingId}/notice`, { intent }, userId), { meetingId: String(meetingId) }));
const itemOf = (meetingId: number, taskId: number) =>
  db().selectFrom("agenda_items").where("meeting_id", "=", meetingId).where("task_id", "=", taskId).selectAll().executeTakeFirstOrThrow();

async function addTask(
  title: string,
  deadline: string | null,
  extra: { status?: "in_progress" | "draft"; meetingId?: number; reportNextMeeting?: number } = {},
) {
  const row = await db()
    .insertInto("tasks")
    .values({
      series_id: fx.seriesId,
      meeting_id: extra.meetingId ?? null,
      conclusion_id: null,
      blocker_id: null,
      title,
      description: "",
      expected_result: "",
      pillar: null,
      lead_agency_id: fx.agencyA,
      original_deadline: deadline,
      deadline,
      report_next_meeting: extra.reportNextMeeting ?? 0,
      status: extra.status ?? "in_progress",
      completed_on: null,
      created_by: fx.users.secretary,
      updated_at: AT,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Every task's kept count against a recount of its agenda items not removed. */
async function expectCountsRecounted() {
  const rows = await db()
    .selectFrom("tasks")
    .select((eb) => [
      "tasks.id",
      "tasks.times_on_agenda as kept",
      eb
        .selectFrom("agenda_items")
        .whereRef("agenda_items.task_id", "=", "tasks.id")
        .where("agenda_items.removed", "=", 0)
        .select((e) => e.fn.countAll<number>().as("n"))
        .as("recount"),
    ])
    .orderBy("tasks.id")
    .execute();
  expect(rows.map((r) => ({ id: r.id, n: r.kept }))).toEqual(rows.map((r) => ({ id: r.id, n: Number(r.recount) })));
  return new Map(rows.map((r) => [r.id, r.kept]));
}

/** The builder's input as it was loaded before the count was kept: every open task of the series, counted per task. */
async function loadAgendaInputAsBefore(meetingId: number): Promise<AgendaInput> {
  const input = await loadAgendaInput(db(), meetingId);
  const meeting = await db().selectFrom("meetings").where("id", "=", meetingId).selectAll().executeTakeFirstOrThrow();
  const priorTaskIds = input.meeting.previousMeetingId
    ? (await db().selectFrom("agenda_items").where("meeting_id", "=", input.meeting.previousMeetingId).select("task_id").execute())
        .map((i) => i.task_id)
        .filter((id): id is number => id !== null)
    : [];
  const tasks = await db()
    .selectFrom("tasks")
    .where("series_id", "=", meeting.series_id)
    .where((eb) => (priorTaskIds.length ? eb.or([eb("status", "=", "in_progress"), eb("id", "in", priorTaskIds)]) : eb("status", "=", "in_progress")))
    .select((eb) => [
      "tasks.id",
      "tasks.title",
      "tasks.status",
      "tasks.lead_agency_id",
      "tasks.deadline",
      "tasks.report_next_meeting",
      "tasks.meeting_id",
      eb
        .selectFrom("agenda_items")
        .whereRef("agenda_items.task_id", "=", "tasks.id")
        .where("agenda_items.meeting_id", "!=", meetingId)
        .where("agenda_items.removed", "=", 0)
        .select((e) => e.fn.countAll<number>().as("n"))
        .as("times_on_agenda"),
    ])
    .execute();
  return {
    ...input,
    tasks: tasks.map((t) => ({
      id: t.id,
      title: t.title,
      status: t.status,
      leadAgencyId: t.lead_agency_id,
      deadline: t.deadline,
      reportNextMeeting: t.report_next_meeting === 1,
      originMeetingId: t.meeting_id,
      timesOnAgenda: Number(t.times_on_agenda ?? 0),
    })),
  };
}

/** The plan with the titles its items will be stored with: a due task's item takes its task's title as it is stored. */
async function asStored(plan: AgendaPlan): Promise<AgendaPlan> {
  const titles = new Map((await db().selectFrom("tasks").select(["id", "title"]).execute()).map((t) => [t.id, t.title]));
  return { ...plan, add: plan.add.map((i) => ({ ...i, title: i.title ?? titles.get(i.taskId!) ?? null })) };
}

async function expectSamePlanAsBefore(meetingId: number) {
  const now = buildAgenda(await loadAgendaInput(db(), meetingId));
  const before = buildAgenda(await loadAgendaInputAsBefore(meetingId));
  expect(await asStored(now)).toEqual(before);
  return now;
}

describe("times on agenda, kept on write", () => {
  const year = Number(vnToday().slice(0, 4)) + 1;
  const p1 = `${year}-03`;
  const p2 = `${year}-04`;
  const p3 = `${year}-05`;
  let m1: number;
  let m2: number;
  let m3: number;
  const t: Record<"overdue" | "due" | "later" | "completes" | "unreached" | "spare" | "undated", number> = {} as never;

  it("build: every task item counts once", async () => {
    m1 = await schedule(p1, `${p1}-10`);
    t.overdue = await addTask("Cập nhật cơ sở dữ liệu đất đai", `${p1}-01`);
    t.due = await addTask("Báo cáo chỉ số DTI", `${p1}-10`);
    t.later = await addTask("Triển khai chữ ký số", `${p2}-20`);
    t.completes = await addTask("Số hóa hồ sơ địa chính", `${p1}-05`);
    t.unreached = await addTask("Kết nối dữ liệu dân cư", `${p1}-02`);
    t.spare = await addTask("Nâng cấp cổng dịch vụ công", `${p1}-03`, { status: "draft" });
    t.undated = await addTask("Rà soát thủ tục hành chính", null);
    await expectCountsRecounted();

    const plan = await expectSamePlanAsBefore(m1);
    expect(plan.add.map((i) => i.taskId).sort()).toEqual([t.overdue, t.due, t.completes, t.unreached].sort());
    await agenda(m1, { intent: "build" });
    const counts = await expectCountsRecounted();
    expect([t.overdue, t.due, t.later, t.completes, t.unreached, t.spare, t.undated].map((id) => counts.get(id))).toEqual([1, 1, 0, 1, 1, 0, 0]);
    // Each item is stored with its task's title, which the plan left to the statement that stores it.
    const stored = await db().selectFrom("agenda_items").where("meeting_id", "=", m1).select(["task_id", "title"]).orderBy("position").execute();
    expect(stored).toEqual([
      { task_id: t.overdue, title: "Cập nhật cơ sở dữ liệu đất đai" },
      { task_id: t.unreached, title: "Kết nối dữ liệu dân cư" },
      { task_id: t.completes, title: "Số hóa hồ sơ địa chính" },
      { task_id: t.due, title: "Báo cáo chỉ số DTI" },
    ]);
  });

  it("hand remove and restore take a task off the count and put it back", async () => {
    const item = await itemOf(m1, t.overdue);
    await agenda(m1, { intent: "remove", itemId: String(item.id), reason: "Đã báo cáo bằng văn bản" });
    expect((await expectCountsRecounted()).get(t.overdue)).toBe(0);
    await expectSamePlanAsBefore(m1);
    await agenda(m1, { intent: "restore", itemId: String(item.id) });
    expect((await expectCountsRecounted()).get(t.overdue)).toBe(1);
    await expectSamePlanAsBefore(m1);
  });

  it("rebuild drops the item of a task completed since, and its count with it", async () => {
    await db()
      .updateTable("tasks")
      .set({ status: "completed", completed_on: `${p1}-06`, updated_at: AT })
      .where("id", "=", t.completes)
      .execute();
    expect((await expectSamePlanAsBefore(m1)).stale).toEqual([(await itemOf(m1, t.completes)).id]);
    await agenda(m1, { intent: "build" });
    expect((await expectCountsRecounted()).get(t.completes)).toBe(0);
    // A second build is a no-op, and counts nothing twice.
    await agenda(m1, { intent: "build" });
    expect((await expectCountsRecounted()).get(t.overdue)).toBe(1);
  });

  it("custom items, edits and moves leave the counts as they are", async () => {
    await agenda(m1, { intent: "add", title: "Ý kiến của các Sở", kind: "other", presenterAgencyId: String(fx.agencyB), minutes: "10" });
    const item = await itemOf(m1, t.due);
    await agenda(m1, {
      intent: "edit",
      itemId: String(item.id),
      presenterAgencyId: String(fx.agencyB),
      minutes: "15",
      title: "",
      version: String(item.version),
    });
    await agenda(m1, { intent: "move", itemId: String(item.id), direction: "down" });
    await agenda(m1, { intent: "move", itemId: String(item.id), direction: "up" });
    const counts = await expectCountsRecounted();
    expect([t.overdue, t.due, t.unreached].map((id) => counts.get(id))).toEqual([1, 1, 1]);
    await expectSamePlanAsBefore(m1);
  });

  it("publish, the session's outcomes and the notice keep the counts right", async () => {
    await move(m1, "publish_agenda", fx.users.chair);
    await expectCountsRecounted();
    await move(m1, "start_session", fx.users.secretary);
    const overdueItem = await itemOf(m1, t.overdue);
    await session(m1, { intent: "conclude", itemId: String(overdueItem.id), body: "Giao Sở hoàn thành trong tháng; báo cáo tại cuộc họp sau." });
    await session(m1, {
      intent: "add_task",
      itemId: String(overdueItem.id),
      title: "Hoàn thành cập nhật dữ liệu",
      leadAgencyId: String(fx.agencyA),
      deadline: `${p2}-01`,
    });
    await session(m1, { intent: "conclude", itemId: String((await itemOf(m1, t.due)).id), body: "Tiếp tục thực hiện." });
    await session(m1, { intent: "not_reached", itemId: String((await itemOf(m1, t.unreached)).id) });
    const pending = await db()
      .selectFrom("agenda_items")
      .where("meeting_id", "=", m1)
      .where("removed", "=", 0)
      .where("outcome", "=", "pending")
      .select("id")
      .execute();
    for (const item of pending) await session(m1, { intent: "conclude", itemId: String(item.id), body: "Đã nghe báo cáo." });
    await expectCountsRecounted();
    await move(m1, "conclude", fx.users.secretary);
    await notice(m1, "draft", fx.users.secretary);
    await notice(m1, "issue", fx.users.chair);
    const counts = await expectCountsRecounted();
    expect([t.overdue, t.due, t.unreached].map((id) => counts.get(id))).toEqual([1, 1, 1]);
  });

  it("the next meeting's build carries the item not reached and counts the earlier agendas", async () => {
    m2 = await schedule(p2, `${p2}-10`);
    const plan = await expectSamePlanAsBefore(m2);
    const carried = plan.add.find((i) => i.kind === "carried_over");
    expect(carried).toMatchObject({ taskId: t.unreached, carryCount: 1 });
    expect(plan.add.find((i) => i.taskId === t.overdue)).toMatchObject({ kind: "follow_up_task", carryCount: 1 });
    await agenda(m2, { intent: "build" });
    const counts = await expectCountsRecounted();
    // Still open and overdue, the task concluded at m1 is back on m2's agenda.
    expect([t.overdue, t.due, t.unreached, t.later].map((id) => counts.get(id))).toEqual([2, 2, 2, 0]);
    // Rebuilding m2 counts the other meetings only, not m2's own items.
    await expectSamePlanAsBefore(m2);
    const again = buildAgenda(await loadAgendaInput(db(), m2));
    expect(again).toEqual({ add: [], stale: [] });
  });

  it("a later meeting sees the tasks flagged to report back and the counts of both earlier agendas", async () => {
    const flagged = await addTask("Báo cáo kết quả thí điểm", `${p3}-30`, { meetingId: m2, reportNextMeeting: 1 });
    m3 = await schedule(p3, `${p3}-10`);
    const plan = await expectSamePlanAsBefore(m3);
    expect(plan.add.find((i) => i.taskId === flagged)).toMatchObject({ reasons: ["flagged"], carryCount: 0 });
    expect(plan.add.find((i) => i.taskId === t.overdue)).toMatchObject({ carryCount: 2 });
    expect(plan.add.find((i) => i.taskId === t.undated)).toBeUndefined();
  });

  it("raw writes — moving an item to another task, deleting it, inserting one removed — are counted too", async () => {
    const item = await itemOf(m2, t.overdue);
    await db().updateTable("agenda_items").set({ task_id: t.later }).where("id", "=", item.id).execute();
    let counts = await expectCountsRecounted();
    expect([counts.get(t.overdue), counts.get(t.later)]).toEqual([1, 1]);
    await db().updateTable("agenda_items").set({ removed: 1, removed_reason: "x", task_id: t.completes }).where("id", "=", item.id).execute();
    counts = await expectCountsRecounted();
    expect([counts.get(t.later), counts.get(t.completes)]).toEqual([0, 0]);
    await db().updateTable("agenda_items").set({ removed: 0, removed_reason: null }).where("id", "=", item.id).execute();
    expect((await expectCountsRecounted()).get(t.completes)).toBe(1);
    await db().deleteFrom("agenda_items").where("id", "=", item.id).execute();
    await db()
      .insertInto("agenda_items")
      .values({
        meeting_id: m3,
        position: 1,
        kind: "follow_up_task",
        title: "x",
        blocker_id: null,
        task_id: t.later,
        carried_from_item_id: null,
        presenter_agency_id: null,
        minutes: null,
        source: "manual",
        removed: 1,
        removed_reason: "x",
        updated_at: AT,
      })
      .execute();
    await db()
      .insertInto("agenda_items")
      .values({
        meeting_id: m3,
        position: 2,
        kind: "follow_up_task",
        title: "y",
        blocker_id: null,
        task_id: t.due,
        carried_from_item_id: null,
        presenter_agency_id: null,
        minutes: null,
        source: "manual",
        updated_at: AT,
      })
      .execute();
    counts = await expectCountsRecounted();
    expect([counts.get(t.later), counts.get(t.due), counts.get(t.completes)]).toEqual([0, 3, 0]);
    await expectSamePlanAsBefore(m3);
  });

  it("reads its open tasks from the covering index, never the whole table", async () => {
    const meeting = await db().selectFrom("meetings").where("id", "=", m3).selectAll().executeTakeFirstOrThrow();
    const plan = await sql<{
      detail: string;
    }>`EXPLAIN QUERY PLAN SELECT id, title, lead_agency_id, deadline, report_next_meeting, meeting_id, times_on_agenda FROM tasks WHERE series_id = ${meeting.series_id} AND status = 'in_progress' AND deadline <= ${vnDayOf(meeting.starts_at)}`.execute(
      db(),
    );
    expect(plan.rows.map((r) => r.detail).join(" | ")).toMatch(/SEARCH tasks USING COVERING INDEX tasks_open_for_agenda/);
  });
});

describe("the migration that adds the count", () => {
  it("backfills it from the agenda items already there", async () => {
    const kdb = openDatabase(":memory:");
    const migrator = new Migrator({ db: kdb, provider: { getMigrations: async () => migrations } });
    const { error } = await migrator.migrateTo("2026-11-27T1900-index-agenda-items-task");
    expect(error).toBeUndefined();
    const raw = kdb as unknown as Kysely<any>;
    await sql`PRAGMA foreign_keys = OFF`.execute(raw);
    for (const id of [1, 2, 3]) {
      await raw
        .insertInto("tasks")
        .values({ id, series_id: 1, title: `T${id}`, lead_agency_id: 1, created_by: 1, updated_at: AT })
        .execute();
    }
    const item = (meeting: number, task: number | null, removed = 0) => ({
      meeting_id: meeting,
      position: 1,
      kind: "follow_up_task",
      title: "x",
      task_id: task,
      source: "rule",
      removed,
      removed_reason: removed ? "x" : null,
      updated_at: AT,
    });
    await raw
      .insertInto("agenda_items")
      .values([item(1, 1), item(2, 1), item(3, 1, 1), item(1, 2), item(1, null)])
      .execute();
    await migrateToLatest(kdb);
    expect(await kdb.selectFrom("tasks").select(["id", "times_on_agenda"]).orderBy("id").execute()).toEqual([
      { id: 1, times_on_agenda: 2 },
      { id: 2, times_on_agenda: 1 },
      { id: 3, times_on_agenda: 0 },
    ]);
    await kdb.destroy();
  });
});
