/**
 * The task register: who sees which tasks, the filters (computed in SQL for
 * a given "today"), the counts per status, pagination, and deadlines read
 * in Vietnam whatever the server's time zone.
 */
import Database from "better-sqlite3";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { listTasks } from "../../app/features/tasks/tasks.server";
import { parseRegisterQuery } from "../../app/features/tasks/tasks-schemas";
import { TRACKING_STATUSES, trackingStatus, type TrackingStatus } from "../../app/features/tasks/tasks-rules";
import { loader as registerLoader } from "../../app/routes/tasks._index";
import { loader as csvLoader } from "../../app/routes/tasks[.csv]";
import { getDb } from "../../app/utils/db.server";
import type { TaskStatus } from "../../db/schema";
import { seedFixture, type Fixture } from "../helpers/fixtures";
import { call, getRequest, sessionUserOf } from "../helpers/requests";

const TODAY = "2023-05-01";

let fx: Fixture;
let agencyC: number;
let otherSeries: number;
let april: number;
let march: number;
const ids: Record<string, number> = {};

const actor = sessionUserOf;

interface Row {
  key: string;
  title: string;
  lead: () => number;
  coordinators?: () => number[];
  deadline: string | null;
  original?: string | null;
  status: TaskStatus;
  completedOn?: string;
  meeting?: () => number | null;
  series?: () => number;
}

const ROWS: Row[] = [
  {
    key: "overdue",
    title: "Cập nhật cơ sở dữ liệu đất đai",
    lead: () => fx.agencyA,
    coordinators: () => [fx.agencyB],
    deadline: "2023-04-30",
    status: "in_progress",
    meeting: () => april,
  },
  {
    key: "dueToday",
    title: "Kết nối điểm cầu huyện",
    lead: () => fx.agencyB,
    coordinators: () => [fx.agencyA],
    deadline: "2023-05-01",
    status: "in_progress",
    meeting: () => april,
  },
  { key: "dueIn3", title: "Số hóa hồ sơ", lead: () => fx.agencyA, deadline: "2023-05-04", original: "2023-04-20", status: "in_progress" },
  { key: "dueIn4", title: "Triển khai chữ ký số", lead: () => fx.agencyA, deadline: "2023-05-05", status: "in_progress" },
  { key: "noDeadline", title: "Tuyên truyền chuyển đổi số", lead: () => fx.agencyB, deadline: null, status: "in_progress" },
  {
    key: "late",
    title: "Báo cáo hiện trạng hạ tầng",
    lead: () => fx.agencyA,
    deadline: "2023-04-15",
    status: "completed",
    completedOn: "2023-04-20",
    meeting: () => march,
  },
  {
    key: "onTime",
    title: "Rà soát thủ tục hành chính",
    lead: () => fx.agencyB,
    coordinators: () => [fx.agencyA],
    deadline: "2023-04-30",
    status: "completed",
    completedOn: "2023-04-30",
  },
  { key: "awaiting", title: "Xây dựng kho dữ liệu", lead: () => fx.agencyA, deadline: "2023-04-20", status: "awaiting_acceptance" },
  { key: "cancelled", title: "Mua sắm thiết bị", lead: () => fx.agencyB, deadline: "2023-04-10", status: "cancelled" },
  { key: "draft", title: "Nhiệm vụ chưa ban hành về đất đai", lead: () => fx.agencyA, deadline: "2023-04-01", status: "draft" },
  {
    key: "otherSeries",
    title: "Nhiệm vụ chuỗi khác",
    lead: () => agencyC,
    deadline: "2023-06-01",
    status: "in_progress",
    series: () => otherSeries,
  },
];

beforeAll(async () => {
  fx = await seedFixture();
  const db = getDb();
  const at = new Date().toISOString();
  agencyC = (
    await db
      .insertInto("agencies")
      .values({ code: "SC", name_vi: "Công an tỉnh", name_en: "Provincial Police", kind: "police", parent_id: null, updated_at: at })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  otherSeries = (
    await db
      .insertInto("series")
      .values({
        code: "KT",
        name_vi: "Giao ban kinh tế",
        name_en: "Economy briefing",
        issuing_body: "UBND TỈNH",
        notice_symbol: "TB-UBND",
        updated_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  const meeting = async (period: string) =>
    (
      await db
        .insertInto("meetings")
        .values({
          series_id: fx.seriesId,
          period,
          title: `Giao ban ${period}`,
          starts_at: `${period}-07T01:30:00.000Z`,
          place: "Trụ sở",
          cutoff_at: `${period}-03T10:00:00.000Z`,
          updated_at: at,
        })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  april = await meeting("2023-04");
  march = await meeting("2023-03");
  for (const r of ROWS) {
    const id = (
      await db
        .insertInto("tasks")
        .values({
          series_id: r.series?.() ?? fx.seriesId,
          meeting_id: r.meeting?.() ?? null,
          conclusion_id: null,
          blocker_id: null,
          title: r.title,
          description: "",
          expected_result: "",
          lead_agency_id: r.lead(),
          original_deadline: r.original === undefined ? r.deadline : r.original,
          deadline: r.deadline,
          status: r.status,
          completed_on: r.completedOn ?? null,
          created_by: fx.users.secretary,
          updated_at: at,
        })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
    ids[r.key] = id;
    for (const agency_id of r.coordinators?.() ?? []) await db.insertInto("task_coordinators").values({ task_id: id, agency_id }).execute();
  }
  // A pending extension on one task, for the chair's list.
  await db
    .insertInto("extension_requests")
    .values({
      task_id: ids.dueIn4,
      previous_deadline: "2023-05-05",
      requested_deadline: "2023-06-05",
      reason: "Chờ vốn",
      created_by: fx.users.headA,
    })
    .execute();
});

afterEach(() => {
  vi.useRealTimers();
});

const query = (params: Record<string, string> = {}) => parseRegisterQuery(new URLSearchParams(params));
const keysOf = (rows: Array<{ id: number }>) => {
  const byId = new Map(Object.entries(ids).map(([k, v]) => [v, k]));
  return rows.map((r) => byId.get(r.id)).sort();
};
async function list(userId: number, params: Record<string, string> = {}, today = TODAY) {
  return listTasks(await actor(userId), query(params), { today });
}

describe("who sees what", () => {
  it("an agency user starts on their own agency's tasks, as lead or coordinator", async () => {
    const page = await list(fx.users.staffA);
    expect(page.scope).toEqual({ agencyId: fx.agencyA, role: "either", isDefault: true });
    expect(keysOf(page.rows)).toEqual(["awaiting", "dueIn3", "dueIn4", "dueToday", "late", "onTime", "overdue"]);
  });

  it("lead and coordinating are told apart", async () => {
    expect(keysOf((await list(fx.users.headA, { role: "lead" })).rows)).toEqual(["awaiting", "dueIn3", "dueIn4", "late", "overdue"]);
    expect(keysOf((await list(fx.users.headA, { role: "coordinating" })).rows)).toEqual(["dueToday", "onTime"]);
    expect(keysOf((await list(fx.users.observer, { agency: String(fx.agencyB), role: "coordinating" })).rows)).toEqual(["overdue"]);
  });

  it("drafts are seen only by the series' chair and secretary, and not_issued filters them", async () => {
    const everyone = ["awaiting", "cancelled", "dueIn3", "dueIn4", "dueToday", "late", "noDeadline", "onTime", "otherSeries", "overdue"];
    expect(keysOf((await list(fx.users.observer)).rows)).toEqual(everyone);
    expect(keysOf((await list(fx.users.headA, { agency: "all" })).rows)).toEqual(everyone);
    expect(keysOf((await list(fx.users.chair)).rows)).toEqual([...everyone, "draft"].sort());
    expect(keysOf((await list(fx.users.secretary, { status: "not_issued" })).rows)).toEqual(["draft"]);
    const agency = await list(fx.users.headA, { status: "not_issued" });
    expect(agency.rows).toEqual([]);
    expect(agency.counts.not_issued).toBe(0);
  });
});

describe("tracking status in SQL", () => {
  it.each<[TrackingStatus, string[]]>([
    ["overdue", ["overdue"]],
    ["due_soon", ["dueIn3", "dueToday"]],
    ["in_progress", ["dueIn4", "otherSeries"]],
    ["no_deadline", ["noDeadline"]],
    ["awaiting_acceptance", ["awaiting"]],
    ["completed_on_time", ["onTime"]],
    ["completed_late", ["late"]],
    ["cancelled", ["cancelled"]],
  ])("%s", async (status, expected) => {
    const page = await list(fx.users.observer, { status });
    expect(keysOf(page.rows)).toEqual(expected);
    expect(page.total).toBe(expected.length);
  });

  it("the counts agree with trackingStatus() for every task, on several days", async () => {
    const rows = await getDb().selectFrom("tasks").selectAll().execute();
    for (const today of ["2023-04-14", "2023-04-30", TODAY, "2023-05-02", "2023-05-05", "2023-07-01"]) {
      const expected = Object.fromEntries(TRACKING_STATUSES.map((s) => [s, 0])) as Record<TrackingStatus, number>;
      for (const r of rows) expected[trackingStatus({ status: r.status, deadline: r.deadline, completedOn: r.completed_on }, today)] += 1;
      const page = await list(fx.users.chair, {}, today);
      expect(page.counts, today).toEqual(expected);
      // And each status filter returns exactly the rows its count announces.
      for (const s of TRACKING_STATUSES) {
        const filtered = await list(fx.users.chair, { status: s }, today);
        expect(filtered.total, `${today} ${s}`).toBe(expected[s]);
        for (const row of filtered.rows) {
          expect(trackingStatus({ status: row.status, deadline: row.deadline, completedOn: row.completedOn }, today)).toBe(s);
        }
      }
    }
  });

  it("the counts follow the other filters (status aside)", async () => {
    const page = await list(fx.users.headA, { role: "lead", status: "overdue" });
    expect(page.counts).toMatchObject({
      overdue: 1,
      due_soon: 1,
      in_progress: 1,
      completed_late: 1,
      awaiting_acceptance: 1,
      completed_on_time: 0,
      cancelled: 0,
    });
    expect(page.total).toBe(1);
  });
});

describe("other filters", () => {
  it("deadline range, series, period and text search", async () => {
    expect(keysOf((await list(fx.users.observer, { from: "2023-05-01", to: "2023-05-04" })).rows)).toEqual(["dueIn3", "dueToday"]);
    expect(keysOf((await list(fx.users.observer, { to: "2023-04-15" })).rows)).toEqual(["cancelled", "late"]);
    expect(keysOf((await list(fx.users.observer, { series: String(otherSeries) })).rows)).toEqual(["otherSeries"]);
    expect(keysOf((await list(fx.users.observer, { period: "2023-04" })).rows)).toEqual(["dueToday", "overdue"]);
    expect(keysOf((await list(fx.users.observer, { period: "2023-03" })).rows)).toEqual(["late"]);
    // Typed without diacritics, or in capitals, it still finds "đất đai".
    expect(keysOf((await list(fx.users.observer, { q: "dat dai" })).rows)).toEqual(["overdue"]);
    expect(keysOf((await list(fx.users.observer, { q: "ĐẤT ĐAI" })).rows)).toEqual(["overdue"]);
    expect(keysOf((await list(fx.users.chair, { q: "dat dai" })).rows)).toEqual(["draft", "overdue"]);
    expect((await list(fx.users.observer, { q: "không có nhiệm vụ này" })).rows).toEqual([]);
  });

  it("odd values in a shared link are ignored rather than failing", async () => {
    const page = await list(fx.users.observer, {
      status: "bogus",
      from: "2023-02-30",
      period: "2023-13",
      page: "-3",
      sort: "x",
      role: "boss",
    });
    expect(page.total).toBe(10);
    expect(page.page).toBe(1);
  });

  it("sorts what is still owed first, nearest deadline first and no deadline after; then finished tasks, latest first", async () => {
    const order = (await list(fx.users.observer)).rows.map((r) => Object.entries(ids).find(([, id]) => id === r.id)![0]);
    expect(order).toEqual(["awaiting", "overdue", "dueToday", "dueIn3", "dueIn4", "otherSeries", "noDeadline", "onTime", "late", "cancelled"]);
    const reversed = (await list(fx.users.observer, { sort: "-deadline" })).rows;
    expect(reversed[0].id).toBe(ids.otherSeries);
    expect(reversed.at(-1)!.id).toBe(ids.noDeadline);
    const newest = (await list(fx.users.observer, { sort: "newest" })).rows;
    expect(newest[0].id).toBe(ids.otherSeries);
  });

  it("awaiting=chair lists what waits for this chair's decision", async () => {
    expect(keysOf((await list(fx.users.chair, { awaiting: "chair" })).rows)).toEqual(["awaiting", "dueIn4"]);
    expect((await list(fx.users.secretary, { awaiting: "chair" })).rows).toEqual([]);
    expect((await list(fx.users.headA, { awaiting: "chair", agency: "all" })).rows).toEqual([]);
  });

  it("shows the original deadline next to an extended one, and coordinating agencies by name", async () => {
    const row = (await list(fx.users.observer, { q: "so hoa" })).rows[0];
    expect(row).toMatchObject({ deadline: "2023-05-04", originalDeadline: "2023-04-20" });
    const overdue = (await list(fx.users.observer, { q: "dat dai" })).rows[0];
    expect(overdue.coordinators.map((c) => c.name)).toEqual(["UBND huyện Đầm Hà"]);
    expect(overdue.meeting).toMatchObject({ id: april, period: "2023-04" });
  });
});

describe("pagination", () => {
  it("25 per page, with the total, and a page past the end shows the last one", async () => {
    const db = getDb();
    const at = new Date().toISOString();
    const many = (
      await db
        .insertInto("agencies")
        .values({
          code: "HL",
          name_vi: "UBND thành phố Hạ Long",
          name_en: "Hạ Long City People's Committee",
          kind: "district",
          parent_id: null,
          updated_at: at,
        })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
    for (let i = 1; i <= 30; i++) {
      await db
        .insertInto("tasks")
        .values({
          series_id: fx.seriesId,
          title: `Nhiệm vụ phân trang ${i}`,
          description: "",
          expected_result: "",
          lead_agency_id: many,
          original_deadline: null,
          deadline: `2023-06-${String(i).padStart(2, "0")}`,
          status: "in_progress",
          created_by: fx.users.secretary,
          updated_at: at,
          meeting_id: null,
          conclusion_id: null,
          blocker_id: null,
        })
        .execute();
    }
    const first = await list(fx.users.observer, { agency: String(many) });
    expect(first).toMatchObject({ page: 1, pages: 2, total: 30, from: 1, to: 25 });
    expect(first.rows).toHaveLength(25);
    expect(first.rows[0].title).toBe("Nhiệm vụ phân trang 1");
    const second = await list(fx.users.observer, { agency: String(many), page: "2" });
    expect(second).toMatchObject({ page: 2, total: 30, from: 26, to: 30 });
    expect(second.rows.map((r) => r.title)).toEqual([26, 27, 28, 29, 30].map((i) => `Nhiệm vụ phân trang ${i}`));
    expect((await list(fx.users.observer, { agency: String(many), page: "99" })).page).toBe(2);
    const overdueOnly = await list(fx.users.observer, { agency: String(many), status: "overdue" }, "2023-06-11");
    expect(overdueOnly).toMatchObject({ total: 10, pages: 1 });
  });
});

describe("pages read from either end", () => {
  it("every page, in every order, is its slice of the whole list, whether counted from the start or from the end", async () => {
    const user = await actor(fx.users.chair);
    for (const sort of ["deadline", "-deadline", "newest"]) {
      for (const status of ["", "open", "issued", "completed_late"]) {
        const params = { agency: "all", sort, ...(status ? { status } : {}) };
        const whole = await listTasks(user, query(params), { today: TODAY, pageSize: 1000 });
        const seen: number[] = [];
        for (let page = 1; page <= Math.max(1, Math.ceil(whole.total / 3)); page++) {
          const one = await listTasks(user, query({ ...params, page: String(page) }), { today: TODAY, pageSize: 3 });
          expect(one.from, `${sort} ${status} page ${page}`).toBe(one.rows.length ? (page - 1) * 3 + 1 : 0);
          seen.push(...one.rows.map((r) => r.id));
        }
        expect(seen, `${sort} ${status}`).toEqual(whole.rows.map((r) => r.id));
      }
    }
  });

  it("a text filter gives the same page whether its matches lead or the register's order is walked", async () => {
    const user = await actor(fx.users.chair);
    for (const q of ["dat dai", "so", "nhiem vu"]) {
      const led = await listTasks(user, query({ agency: "all", q }), { today: TODAY, pageSize: 2 });
      const walked = await listTasks(user, query({ agency: "all", q }), { today: TODAY, pageSize: 2, textLeadsBelow: 0 });
      expect(
        walked.rows.map((r) => r.id),
        q,
      ).toEqual(led.rows.map((r) => r.id));
      expect(walked.total).toBe(led.total);
    }
  });

  it("the counts and the rows follow a change made by another process on the same file", async () => {
    const before = await list(fx.users.observer, { agency: "all" });
    const overdueFirst = { agency: "all", status: "overdue", sort: "deadline" };
    const rowsBefore = (await list(fx.users.observer, overdueFirst)).rows.map((r) => r.id);
    const other = new Database(process.env.DATABASE_PATH!);
    const insert = other.prepare(
      `INSERT INTO tasks (series_id, title, description, expected_result, lead_agency_id, original_deadline, deadline, status, created_by, updated_at)
       VALUES (?, 'Nhiệm vụ do tiến trình khác ghi', '', '', ?, '2023-04-01', '2023-04-01', 'in_progress', ?, ?)`,
    );
    const { lastInsertRowid } = insert.run(fx.seriesId, fx.agencyA, fx.users.secretary, new Date().toISOString());
    expect((await list(fx.users.observer, { agency: "all" })).counts.overdue).toBe(before.counts.overdue + 1);
    expect((await list(fx.users.observer, overdueFirst)).rows.map((r) => r.id)).toContain(Number(lastInsertRowid));
    other.prepare("UPDATE tasks SET title = 'Tên mới do tiến trình khác ghi' WHERE id = ?").run(lastInsertRowid);
    const renamed = (await list(fx.users.observer, overdueFirst)).rows.find((r) => r.id === Number(lastInsertRowid));
    expect(renamed?.title).toBe("Tên mới do tiến trình khác ghi");
    other.prepare("DELETE FROM tasks WHERE id = ?").run(lastInsertRowid);
    other.close();
    expect((await list(fx.users.observer, { agency: "all" })).counts.overdue).toBe(before.counts.overdue);
    expect((await list(fx.users.observer, overdueFirst)).rows.map((r) => r.id)).toEqual(rowsBefore);
  });
});

describe("an export-sized page", () => {
  it("comes back whole with more rows than SQLite binds parameters (32 766)", async () => {
    const other = new Database(process.env.DATABASE_PATH!);
    const at = new Date().toISOString();
    const agency = Number(
      other
        .prepare(
          "INSERT INTO agencies (code, name_vi, name_en, kind, parent_id, updated_at) VALUES ('XK', 'Đơn vị xuất khẩu', 'Export agency', 'department', NULL, ?)",
        )
        .run(at).lastInsertRowid,
    );
    const insert = other.prepare(
      `INSERT INTO tasks (series_id, title, description, expected_result, lead_agency_id, original_deadline, deadline, status, created_by, updated_at)
       VALUES (?, ?, '', '', ?, '2024-01-01', '2024-01-01', 'in_progress', ?, ?)`,
    );
    other.transaction(() => {
      for (let i = 0; i < 33_000; i++) insert.run(fx.seriesId, `Nhiệm vụ xuất ${i}`, agency, fx.users.secretary, at);
    })();
    try {
      const page = await listTasks(await actor(fx.users.observer), query({ agency: String(agency) }), { today: TODAY, pageSize: 50_000 });
      expect(page.total).toBe(33_000);
      expect(page.rows).toHaveLength(33_000);
      expect(new Set(page.rows.map((r) => r.id)).size).toBe(33_000);
    } finally {
      other.prepare("DELETE FROM tasks WHERE lead_agency_id = ?").run(agency);
      other.prepare("DELETE FROM agencies WHERE id = ?").run(agency);
      other.close();
    }
  });
});

describe("deadlines are days in Vietnam, whatever the server's zone", () => {
  it("through the loader at 01:00 on 1 May in Vietnam (still 30 April in Los Angeles and in UTC)", async () => {
    const zone = process.env.TZ;
    process.env.TZ = "America/Los_Angeles";
    try {
      vi.useFakeTimers({ toFake: ["Date"], now: new Date("2023-04-30T18:00:00.000Z") });
      // The process really is in another day than Vietnam.
      expect(new Date().getDate()).toBe(30);
      const overdue = await call(registerLoader, await getRequest("/tasks?agency=all&status=overdue", fx.users.observer));
      expect(overdue.status).toBe(200);
      expect(overdue.data.today).toBe("2023-05-01");
      expect(keysOf(overdue.data.register.rows)).toEqual(["overdue"]);
      const dueSoon = await call(registerLoader, await getRequest("/tasks?agency=all&status=due_soon", fx.users.observer));
      expect(keysOf(dueSoon.data.register.rows)).toEqual(["dueIn3", "dueToday"]);
    } finally {
      vi.useRealTimers();
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });
});

describe("the register page", () => {
  it("needs a signed-in user", async () => {
    const res = await call(registerLoader, await getRequest("/tasks"));
    expect(res.status).toBe(302);
    expect(res.location).toContain("/login");
  });

  it("shows the chair what awaits their decision, and nobody else", async () => {
    const chair = await call(registerLoader, await getRequest("/tasks", fx.users.chair));
    expect(chair.data.pending.items.map((p: { kind: string; taskId: number }) => [p.kind, p.taskId])).toEqual([["extension", ids.dueIn4]]);
    expect(chair.data.pending.total).toBe(1);
    const secretary = await call(registerLoader, await getRequest("/tasks", fx.users.secretary));
    expect(secretary.data.pending).toEqual({ items: [], total: 0 });
    expect(secretary.data.options.showNotIssued).toBe(true);
    const agency = await call(registerLoader, await getRequest("/tasks", fx.users.headA));
    expect(agency.data.options.showNotIssued).toBe(false);
  });
});

describe("the register as CSV", () => {
  it("has every page of the same filters, in the reader's language, without drafts for agencies", async () => {
    const res = await call(csvLoader, await getRequest("/tasks.csv?agency=all&q=dat%20dai", fx.users.headA));
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toContain("text/csv");
    const text = res.data as string;
    const lines = text.trim().split("\r\n");
    expect(lines[0]).toContain("Đơn vị chủ trì");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain("Cập nhật cơ sở dữ liệu đất đai");
    expect(lines[1]).toContain("30/04/2023");
    const chair = await call(csvLoader, await getRequest("/tasks.csv?agency=all&q=dat%20dai", fx.users.chair));
    expect((chair.data as string).trim().split("\r\n")).toHaveLength(3);
  });

  it("starts with a byte-order mark so that Excel reads Vietnamese as UTF-8", async () => {
    const res = (await csvLoader({ request: await getRequest("/tasks.csv", fx.users.observer), params: {}, context: {} })) as Response;
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });
});

describe("the register's open group and pillar filter", () => {
  it("status=open lists exactly the tasks still owed, and pillar narrows to one pillar", async () => {
    const { listTasks } = await import("../../app/features/tasks/tasks.server");
    const { parseRegisterQuery } = await import("../../app/features/tasks/tasks-schemas");
    const { getDb } = await import("../../app/utils/db.server");
    const db = getDb();
    const chair = (await db.selectFrom("users").where("username", "=", "chair").select(["id"]).executeTakeFirstOrThrow()).id;
    const { getSessionUser } = await import("../../app/utils/auth.server");
    const { sessionCookieFor } = await import("../helpers/requests");
    const actor = (await getSessionUser(new Request("http://localhost/", { headers: { Cookie: await sessionCookieFor(chair) } })))!;
    const all = await db.selectFrom("tasks").where("status", "!=", "draft").select(["id", "status", "pillar"]).execute();
    const today = "2023-06-15";
    const open = await listTasks(actor, parseRegisterQuery(new URLSearchParams({ agency: "all", status: "open" })), { today, pageSize: 10_000 });
    expect(open.rows.map((r) => r.id).sort((a, b) => a - b)).toEqual(
      all
        .filter((t) => t.status === "in_progress" || t.status === "awaiting_acceptance")
        .map((t) => t.id)
        .sort((a, b) => a - b),
    );
    // Two tasks in one pillar, whatever the fixture had.
    await db
      .updateTable("tasks")
      .set({ pillar: "digital_data" })
      .where(
        "id",
        "in",
        all.slice(0, 2).map((t) => t.id),
      )
      .execute();
    const inPillar = await db.selectFrom("tasks").where("status", "!=", "draft").where("pillar", "=", "digital_data").select("id").execute();
    const byPillar = await listTasks(actor, parseRegisterQuery(new URLSearchParams({ agency: "all", pillar: "digital_data" })), { today, pageSize: 10_000 });
    expect(byPillar.rows.map((r) => r.id).sort((a, b) => a - b)).toEqual(inPillar.map((t) => t.id).sort((a, b) => a - b));
    expect(byPillar.rows.length).toBeGreaterThanOrEqual(2);
  });
});
