/**
 * The registers as files (XLSX and CSV): read back with exceljs and a CSV
 * parser, compared with what the list pages show for the same filters, and
 * checked for what must never leave: another agency's drafts, draft tasks.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { exportTaskRegister } from "../../app/features/exports/registers.server";
import { parseRegisterQuery } from "../../app/features/tasks/tasks-schemas";
import { listTasks } from "../../app/features/tasks/tasks.server";
import { loader as blockersCsv } from "../../app/routes/blockers[.csv]";
import { loader as blockersXlsx } from "../../app/routes/blockers[.xlsx]";
import { loader as blockersPage } from "../../app/routes/blockers._index";
import { loader as tasksCsv } from "../../app/routes/tasks[.csv]";
import { loader as tasksXlsx } from "../../app/routes/tasks[.xlsx]";
import { loader as tasksPage } from "../../app/routes/tasks._index";
import { getDb } from "../../app/utils/db.server";
import { vnToday } from "../../app/utils/dates";
import type { BlockerStatus, TaskStatus } from "../../db/schema";
import { seedFixture, type Fixture } from "../helpers/fixtures";
import { call, getRequest, sessionUserOf } from "../helpers/requests";

type Loader = (args: LoaderFunctionArgs) => Promise<Response>;

let fx: Fixture;
let meetingId: number;
const task: Record<string, number> = {};
const blocker: Record<string, number> = {};

const TRICKY_TITLE = 'Báo cáo "nhanh" về đất đai, gồm: hạ tầng; dữ liệu\nvà an toàn thông tin';
const DRAFT_TASK = "Nhiệm vụ chưa ban hành: số hóa hồ sơ đất đai";
const DRAFT_BLOCKER_A = "Bản nháp của Sở Tài nguyên và Môi trường, chưa gửi";

const actor = sessionUserOf;

/** Calls a resource route as Remix does and returns its Response (or the thrown redirect). */
async function fetchFile(loader: Loader, path: string, userId?: number): Promise<Response> {
  try {
    return await loader({ request: await getRequest(path, userId), params: {}, context: {} });
  } catch (e) {
    if (e instanceof Response) return e;
    throw e;
  }
}

async function readXlsx(res: Response) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await res.arrayBuffer());
  return wb.worksheets[0];
}

/** Values of the data rows (from row 4), one array per row, 1-based columns dropped to 0-based. */
function sheetRows(ws: ExcelJS.Worksheet): unknown[][] {
  const rows: unknown[][] = [];
  for (let r = 4; r <= ws.rowCount; r++) {
    const values = ws.getRow(r).values as unknown[];
    rows.push(values.slice(1));
  }
  return rows;
}

/** The body as text with its byte-order mark kept (Response.text() drops it). */
async function rawText(res: Response): Promise<string> {
  return new TextDecoder("utf-8", { ignoreBOM: true }).decode(await res.arrayBuffer());
}

/** RFC 4180: quoted fields may hold commas, quotes (doubled) and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else field += c;
  }
  if (field !== "" || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

beforeAll(async () => {
  fx = await seedFixture();
  const db = getDb();
  const at = new Date().toISOString();
  meetingId = (
    await db
      .insertInto("meetings")
      .values({
        series_id: fx.seriesId,
        period: "2023-04",
        title: "Giao ban chuyển đổi số tháng 4/2023",
        starts_at: "2023-04-07T01:00:00.000Z",
        place: "Trụ sở UBND tỉnh",
        cutoff_at: "2023-04-03T10:00:00.000Z",
        status: "notice_issued",
        updated_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;

  const addTask = async (
    key: string,
    title: string,
    lead: number,
    status: TaskStatus,
    deadline: string | null,
    extra: { coordinators?: number[]; completedOn?: string; original?: string; meeting?: number | null } = {},
  ) => {
    const { id } = await db
      .insertInto("tasks")
      .values({
        series_id: fx.seriesId,
        meeting_id: extra.meeting === undefined ? meetingId : extra.meeting,
        conclusion_id: null,
        blocker_id: null,
        title,
        description: "Mô tả",
        expected_result: "Kết quả",
        pillar: "digital_data",
        lead_agency_id: lead,
        original_deadline: extra.original ?? deadline,
        deadline,
        status,
        completed_on: extra.completedOn ?? null,
        created_by: fx.users.secretary,
        updated_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    for (const agencyId of extra.coordinators ?? []) await db.insertInto("task_coordinators").values({ task_id: id, agency_id: agencyId }).execute();
    task[key] = id;
    return id;
  };
  await addTask("tricky", TRICKY_TITLE, fx.agencyA, "in_progress", "2023-04-30", { coordinators: [fx.agencyB], original: "2023-04-20" });
  await addTask("leadB", "Kết nối điểm cầu huyện Đầm Hà", fx.agencyB, "in_progress", "2023-05-15", { coordinators: [fx.agencyA] });
  await addTask("done", "Rà soát thủ tục hành chính", fx.agencyA, "completed", "2023-04-30", { completedOn: "2023-04-28" });
  await addTask("draft", DRAFT_TASK, fx.agencyA, "draft", "2023-05-30");
  // More than one page of the register (25), so an export of "every page" is visible.
  for (let i = 1; i <= 30; i++)
    await addTask(`bulk${i}`, `Triển khai chữ ký số đợt ${i}`, fx.agencyB, "in_progress", `2023-06-${String((i % 28) + 1).padStart(2, "0")}`, {
      meeting: null,
    });

  const addBlocker = async (
    key: string,
    title: string,
    agencyId: number,
    status: BlockerStatus,
    extra: { submitted?: boolean; reason?: string; help?: number } = {},
  ) => {
    const submitted = extra.submitted ?? status !== "draft";
    const { id } = await db
      .insertInto("blockers")
      .values({
        series_id: fx.seriesId,
        agency_id: agencyId,
        meeting_id: meetingId,
        title,
        description: "Mô tả",
        pillar: "digital_data",
        severity: "high",
        help_agency_id: extra.help ?? null,
        proposal: "Đề nghị Sở Tài nguyên và Môi trường; phối hợp, Đầm Hà mở kết nối",
        plan_target: null,
        status,
        outcome_reason: extra.reason ?? null,
        created_by: agencyId === fx.agencyA ? fx.users.staffA : fx.users.staffB,
        submitted_by: submitted ? (agencyId === fx.agencyA ? fx.users.headA : fx.users.headB) : null,
        submitted_at: submitted ? "2023-04-02T03:30:00.000Z" : null,
        updated_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    blocker[key] = id;
  };
  await addBlocker("draftA", DRAFT_BLOCKER_A, fx.agencyA, "draft");
  await addBlocker("agendaA", "Chưa kết nối được cơ sở dữ liệu đất đai", fx.agencyA, "on_agenda", { reason: "Đưa vào phiên họp tháng 4", help: fx.agencyB });
  await addBlocker("submittedB", "Thiếu đường truyền tại điểm cầu Đầm Hà", fx.agencyB, "submitted");
  await addBlocker("declinedB", "Đề nghị mua sắm máy chủ", fx.agencyB, "declined", { reason: "Không thuộc phạm vi, đề nghị tự xử lý" });
});

describe("the task register as XLSX", () => {
  it("has a title, a frozen header with a filter, Vietnamese headers and typed cells", async () => {
    const res = await fetchFile(tasksXlsx, "/tasks.xlsx?agency=all", fx.users.headA);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(res.headers.get("Content-Disposition")).toMatch(/^attachment; filename="so-theo-doi-nhiem-vu-\d{4}-\d{2}-\d{2}\.xlsx"$/);
    const ws = await readXlsx(res);
    expect(ws.name).toBe("Sổ nhiệm vụ");
    expect(ws.getCell("A1").value).toBe("SỔ THEO DÕI NHIỆM VỤ ĐƯỢC GIAO");
    const header = (ws.getRow(3).values as unknown[]).slice(1);
    expect(header).toEqual([
      "Số",
      "Nhiệm vụ",
      "Đơn vị chủ trì",
      "Đơn vị phối hợp",
      "Thời hạn hiện hành",
      "Thời hạn ban đầu",
      "Tình trạng",
      "Đang xin gia hạn",
      "Ngày hoàn thành",
      "Cuộc họp giao",
      "Kỳ họp giao",
    ]);
    expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 3 });
    expect(ws.autoFilter).toBe(`A3:K${ws.rowCount}`);

    const rows = sheetRows(ws);
    const tricky = rows.find((r) => r[0] === task.tricky)!;
    expect(tricky).toBeDefined();
    expect(typeof tricky[0]).toBe("number");
    expect(tricky[1]).toBe(TRICKY_TITLE);
    expect(tricky[2]).toBe("Sở Tài nguyên và Môi trường");
    expect(tricky[3]).toBe("UBND huyện Đầm Hà");
    expect(tricky[4]).toBeInstanceOf(Date);
    expect((tricky[4] as Date).toISOString()).toBe("2023-04-30T00:00:00.000Z");
    expect((tricky[5] as Date).toISOString()).toBe("2023-04-20T00:00:00.000Z");
    expect(tricky[9]).toBe("Giao ban chuyển đổi số tháng 4/2023");
    expect(tricky[10]).toBe("tháng 4/2023");
    const dateCell = ws.getRow(4 + rows.indexOf(tricky)).getCell(5);
    expect(dateCell.type).toBe(ExcelJS.ValueType.Date);
    expect(dateCell.numFmt).toBe("dd/mm/yyyy");
    const done = rows.find((r) => r[0] === task.done)!;
    expect((done[8] as Date).toISOString()).toBe("2023-04-28T00:00:00.000Z");
    expect(done[6]).toBe("Hoàn thành đúng hạn");
  });

  it("holds every page of the same filters, in the page's order", async () => {
    const user = await actor(fx.users.headA);
    const path = "/tasks.xlsx?agency=all&sort=deadline";
    const ws = await readXlsx(await fetchFile(tasksXlsx, path, fx.users.headA));
    const ids = sheetRows(ws).map((r) => r[0]);
    const all = await listTasks(user, parseRegisterQuery(new URLSearchParams("agency=all&sort=deadline")), { today: vnToday(), pageSize: 1000 });
    expect(ids).toEqual(all.rows.map((r) => r.id));
    expect(ids.length).toBe(33);
    const page = await call(tasksPage, await getRequest("/tasks?agency=all&sort=deadline", fx.users.headA));
    expect(page.data.register.rows).toHaveLength(25);
    expect(ids.slice(0, 25)).toEqual(page.data.register.rows.map((r: { id: number }) => r.id));
  });

  it.each([
    ["agency=A&role=lead", () => `agency=${fx.agencyA}&role=lead`],
    ["agency=A&role=coordinating", () => `agency=${fx.agencyA}&role=coordinating`],
    ["status=completed_on_time", () => "agency=all&status=completed_on_time"],
    ["deadline range", () => "agency=all&from=2023-04-01&to=2023-05-31"],
    ["search without diacritics", () => "agency=all&q=dat%20dai"],
    ["period and series", () => `agency=all&period=2023-04&series=${fx.seriesId}&sort=-deadline`],
    ["the viewer's default (own agency)", () => ""],
  ])("matches the page for %s", async (_label, query) => {
    const q = query();
    const ws = await readXlsx(await fetchFile(tasksXlsx, `/tasks.xlsx?${q}`, fx.users.headA));
    const page = await call(tasksPage, await getRequest(`/tasks?${q}`, fx.users.headA));
    expect(page.data.register.total).toBeLessThanOrEqual(25);
    expect(sheetRows(ws).map((r) => r[0])).toEqual(page.data.register.rows.map((r: { id: number }) => r.id));
  });

  it("never holds a draft task for an agency; the series' office has it", async () => {
    for (const userId of [fx.users.headA, fx.users.staffA, fx.users.headB, fx.users.observer]) {
      const ws = await readXlsx(await fetchFile(tasksXlsx, "/tasks.xlsx?agency=all&status=not_issued", userId));
      expect(ws.rowCount).toBe(3);
      const csv = await (await fetchFile(tasksCsv, "/tasks.csv?agency=all", userId)).text();
      expect(csv).not.toContain(DRAFT_TASK);
    }
    const ws = await readXlsx(await fetchFile(tasksXlsx, "/tasks.xlsx?agency=all&status=not_issued", fx.users.secretary));
    expect(sheetRows(ws).map((r) => r[1])).toEqual([DRAFT_TASK]);
  });

  it("caps the rows and says so", async () => {
    const user = await actor(fx.users.chair);
    const file = await exportTaskRegister(user, parseRegisterQuery(new URLSearchParams("agency=all")), { locale: "vi", format: "xlsx", cap: 5 });
    expect(file.truncated).toBe(true);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((file.body as Uint8Array<ArrayBuffer>).buffer);
    const ws = wb.worksheets[0];
    expect(ws.rowCount).toBe(3 + 5);
    expect(String(ws.getCell("A2").value)).toContain("Chỉ xuất 5 dòng đầu tiên");
  });
});

describe("the task register as CSV", () => {
  it("starts with a byte-order mark, quotes what needs quoting, and has the XLSX's rows", async () => {
    const res = await fetchFile(tasksCsv, "/tasks.csv?agency=all", fx.users.headA);
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const bytes = new Uint8Array(await res.clone().arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
    expect(text.startsWith("\uFEFF")).toBe(true);
    expect(text).toContain('"Báo cáo ""nhanh"" về đất đai, gồm: hạ tầng; dữ liệu\nvà an toàn thông tin"');
    const rows = parseCsv(text.slice(1));
    expect(rows[0]).toEqual([
      "Số",
      "Nhiệm vụ",
      "Đơn vị chủ trì",
      "Đơn vị phối hợp",
      "Thời hạn hiện hành",
      "Thời hạn ban đầu",
      "Tình trạng",
      "Đang xin gia hạn",
      "Ngày hoàn thành",
      "Cuộc họp giao",
      "Kỳ họp giao",
    ]);
    const tricky = rows.find((r) => r[0] === String(task.tricky))!;
    expect(tricky[1]).toBe(TRICKY_TITLE);
    expect(tricky[4]).toBe("30/04/2023");

    const ws = await readXlsx(await fetchFile(tasksXlsx, "/tasks.xlsx?agency=all", fx.users.headA));
    expect(rows.slice(1).map((r) => Number(r[0]))).toEqual(sheetRows(ws).map((r) => r[0]));
    // Every data line has as many fields as the header.
    for (const r of rows) expect(r).toHaveLength(11);
  });
});

describe("the blocker register", () => {
  it("as XLSX: the list's rows with their outcomes, typed cells", async () => {
    const res = await fetchFile(blockersXlsx, "/blockers.xlsx?status=all", fx.users.headB);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Disposition")).toMatch(/kho-khan-vuong-mac-.*\.xlsx"$/);
    const ws = await readXlsx(res);
    expect(ws.name).toBe("Khó khăn vướng mắc");
    expect(ws.getCell("A1").value).toBe("SỔ THEO DÕI KHÓ KHĂN, VƯỚNG MẮC");
    expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 3 });
    expect(ws.autoFilter).toBe(`A3:N${ws.rowCount}`);
    const header = (ws.getRow(3).values as unknown[]).slice(1);
    expect(header.slice(0, 3)).toEqual(["Số", "Nội dung", "Đơn vị gửi"]);
    expect(header).toContain("Kết quả xử lý");
    const rows = sheetRows(ws);
    const page = await call(blockersPage, await getRequest("/blockers?status=all", fx.users.headB));
    expect(rows.map((r) => r[0])).toEqual(page.data.list.rows.map((r: { id: number }) => r.id));
    const declined = rows.find((r) => r[0] === blocker.declinedB)!;
    expect(declined[6]).toBe("Không đưa vào");
    expect(declined[11]).toBe("Lý do: Không thuộc phạm vi, đề nghị tự xử lý");
    expect(declined[10]).toBe("Đề nghị Sở Tài nguyên và Môi trường; phối hợp, Đầm Hà mở kết nối");
    // Submitted at 03:30 UTC is 10:30 in Vietnam, stored as Excel's zone-less wall-clock time.
    expect((declined[8] as Date).toISOString()).toBe("2023-04-02T10:30:00.000Z");
    expect(ws.getRow(4 + rows.indexOf(declined)).getCell(9).numFmt).toBe("dd/mm/yyyy hh:mm");
  });

  it("as CSV: byte-order mark, the same rows as the page, proposals intact", async () => {
    const res = await fetchFile(blockersCsv, "/blockers.csv?status=all", fx.users.headA);
    const text = await rawText(res);
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const rows = parseCsv(text.slice(1));
    const page = await call(blockersPage, await getRequest("/blockers?status=all", fx.users.headA));
    expect(rows.slice(1).map((r) => Number(r[0]))).toEqual(page.data.list.rows.map((r: { id: number }) => r.id));
    const agenda = rows.find((r) => r[0] === String(blocker.agendaA))!;
    expect(agenda[9]).toBe("UBND huyện Đầm Hà");
    expect(agenda[10]).toBe("Đề nghị Sở Tài nguyên và Môi trường; phối hợp, Đầm Hà mở kết nối");
    expect(agenda[8]).toBe("02/04/2023 10:30");
  });

  it("keeps the page's default filter: the office sees what was submitted", async () => {
    const ws = await readXlsx(await fetchFile(blockersXlsx, "/blockers.xlsx", fx.users.secretary));
    expect(sheetRows(ws).map((r) => r[0])).toEqual([blocker.submittedB]);
  });

  it("never holds another agency's draft", async () => {
    // Agency A's own draft is in A's file…
    expect(await (await fetchFile(blockersCsv, "/blockers.csv?status=all", fx.users.staffA)).text()).toContain(DRAFT_BLOCKER_A);
    // …and in nobody else's, whatever the filter says.
    for (const userId of [fx.users.headB, fx.users.staffB, fx.users.observer, fx.users.chair, fx.users.secretary, fx.users.admin]) {
      for (const q of ["status=all", "status=draft", `status=all&agency=${fx.agencyA}`]) {
        const csv = await (await fetchFile(blockersCsv, `/blockers.csv?${q}`, userId)).text();
        expect(csv, `${userId} ${q}`).not.toContain(DRAFT_BLOCKER_A);
        const ws = await readXlsx(await fetchFile(blockersXlsx, `/blockers.xlsx?${q}`, userId));
        expect(sheetRows(ws).map((r) => r[0])).not.toContain(blocker.draftA);
      }
    }
  });
});

describe("anonymous", () => {
  it.each([
    ["/tasks.xlsx?agency=all", tasksXlsx],
    ["/tasks.csv", tasksCsv],
    ["/blockers.xlsx", blockersXlsx],
    ["/blockers.csv?status=all", blockersCsv],
  ] as const)("%s redirects to the login page", async (path, loader) => {
    const res = await fetchFile(loader as Loader, path);
    expect(res.status).toBe(302);
    const location = res.headers.get("Location")!;
    expect(location.startsWith("/login?")).toBe(true);
    expect(new URLSearchParams(location.split("?")[1]).get("redirectTo")).toBe(path);
  });
});
