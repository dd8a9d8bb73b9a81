/**
 * Search over the real demo province: Vietnamese typed as officials type it
 * (without marks, in NFD, in any case, words cut short), hostile input that
 * must never reach FTS5 as syntax, the pages' visibility rules applied to
 * every kind of record, and the index kept by triggers through inserts,
 * updates and deletes made by any path.
 */
import Database from "better-sqlite3";
import { Kysely, SqliteDialect, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SearchHit, SearchResults } from "../../app/features/search/search.server";
import { search } from "../../app/features/search/search.server";
import { parseSearchQuery } from "../../app/features/search/search-schemas";
import { action as blockerAction, loader as blockerLoader } from "../../app/routes/blockers.$blockerId";
import { loader as noticeLoader } from "../../app/routes/meetings.$meetingId.notice";
import { loader as sessionLoader } from "../../app/routes/meetings.$meetingId.session";
import { loader } from "../../app/routes/search";
import { loader as taskLoader } from "../../app/routes/tasks.$taskId";
import type { SessionUser } from "../../app/utils/auth.server";
import { getDb } from "../../app/utils/db.server";
import { seedDemo } from "../../db/demo/seed";
import type { Database as Schema } from "../../db/schema";
import { call, getRequest, postRequest, sessionUserOf } from "../helpers/requests";

const AT = "2026-11-27T08:00:00.000Z";
const user: Record<string, number> = {};
const agency: Record<string, number> = {};
let seriesId: number;

/** Records made here, to check who sees them. */
const made = {
  landBlocker: 0,
  roadBlocker: 0,
  draftBlockerA: 0,
  submittedBlockerA: 0,
  draftTask: 0,
  draftMeeting: 0,
  draftConclusion: 0,
  draftNotice: 0,
};

type Key = `${"blocker" | "task" | "conclusion" | "notice"}:${number}`;

async function searchAs(username: string, q: string, extra = ""): Promise<SearchResults> {
  const res = await call(loader, await getRequest(`/search?q=${encodeURIComponent(q)}${extra}`, user[username]));
  expect(res.status, q).toBe(200);
  expect(res.data.results, q).not.toBeNull();
  return res.data.results as SearchResults;
}

/** Every hit, over all pages. */
async function allKeys(username: string, q: string): Promise<Key[]> {
  const keys: Key[] = [];
  for (let page = 1; ; page++) {
    const r = await searchAs(username, q, page > 1 ? `&page=${page}` : "");
    keys.push(...r.hits.map((h) => `${h.kind}:${h.id}` as Key));
    if (page >= r.pages) return keys;
  }
}

const actor = (username: string): Promise<SessionUser> => sessionUserOf(user[username]);

const marked = (segments: Array<{ text: string; mark: boolean }>) => segments.filter((s) => s.mark).map((s) => s.text);

beforeAll(async () => {
  const db = getDb();
  await seedDemo(db);
  for (const u of await db.selectFrom("users").select(["id", "username"]).execute()) user[u.username] = u.id;
  for (const a of await db.selectFrom("agencies").select(["id", "code"]).execute()) agency[a.code] = a.id;
  seriesId = (await db.selectFrom("series").select("id").executeTakeFirstOrThrow()).id;

  const blocker = async (values: { agency: string; title: string; status: "draft" | "submitted" | "on_agenda"; description?: string }) =>
    (
      await db
        .insertInto("blockers")
        .values({
          series_id: seriesId,
          agency_id: agency[values.agency],
          meeting_id: null,
          title: values.title,
          description: values.description ?? "Mô tả chi tiết.",
          pillar: "digital_data",
          severity: "medium",
          help_agency_id: null,
          proposal: "Kiến nghị hỗ trợ.",
          plan_target: null,
          status: values.status,
          created_by: user["ld.tnmt"],
          submitted_by: values.status === "draft" ? null : user["ld.tnmt"],
          submitted_at: values.status === "draft" ? null : AT,
          updated_at: AT,
        })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  made.landBlocker = await blocker({ agency: "STNMT", status: "on_agenda", title: "Chưa kết nối cơ sở dữ liệu đất đai với nền tảng LGSP" });
  made.roadBlocker = await blocker({ agency: "STTTT", status: "on_agenda", title: "Đường truyền cáp quang đến các xã đảo chưa ổn định" });
  made.draftBlockerA = await blocker({ agency: "STNMT", status: "draft", title: "Bản nháp: bí mật trạm quan trắc Vĩnh Thực" });
  made.submittedBlockerA = await blocker({ agency: "STNMT", status: "submitted", title: "Chờ phân loại: kè biển Cái Chiên sạt lở" });

  // A meeting that has concluded but whose notice is still a draft: its conclusion and task are the office's alone.
  made.draftMeeting = (
    await db
      .insertInto("meetings")
      .values({
        series_id: seriesId,
        period: "2030-01",
        title: "Giao ban thử nghiệm tháng 1/2030",
        starts_at: "2030-01-08T01:00:00.000Z",
        place: "Hạ Long",
        cutoff_at: "2030-01-03T10:00:00.000Z",
        status: "concluded",
        updated_at: AT,
      })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  const item = await db
    .insertInto("agenda_items")
    .values({
      meeting_id: made.draftMeeting,
      position: 1,
      kind: "other",
      title: "Phương án đảo Trần",
      source: "manual",
      presenter_agency_id: agency["COTO"],
      outcome: "concluded",
      updated_at: AT,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  made.draftConclusion = (
    await db
      .insertInto("conclusions")
      .values({
        meeting_id: made.draftMeeting,
        agenda_item_id: item.id,
        body: "Kết luận tạm: khảo sát hạ tầng viễn thông đảo Trần.",
        created_by: user.thuky,
        updated_at: AT,
      })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  made.draftTask = (
    await db
      .insertInto("tasks")
      .values({
        series_id: seriesId,
        meeting_id: made.draftMeeting,
        conclusion_id: made.draftConclusion,
        title: "Dự thảo nhiệm vụ lắp trạm phát sóng Thanh Lân",
        description: "",
        expected_result: "",
        lead_agency_id: agency["DAMHA"],
        status: "draft",
        created_by: user.thuky,
        updated_at: AT,
      })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  made.draftNotice = (
    await db
      .insertInto("notices")
      .values({
        meeting_id: made.draftMeeting,
        symbol: "TB-UBND",
        summary: "Dự thảo kết luận về hạ tầng xã đảo Thanh Lân",
        opening: "Mở đầu.",
        closing: "Kết thúc./.",
        recipients: "- Như trên;",
        signer_authority: "TL. CHỦ TỊCH",
        signer_title: "CHÁNH VĂN PHÒNG",
        signer_name: "Phạm Văn Ký",
        drafted_by: user.thuky,
        updated_at: AT,
      })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
});

describe("Vietnamese as officials type it, over the demo province", () => {
  it('"dat dai" finds the land-data task, its conclusion and the land-data blocker, the words marked with their diacritics', async () => {
    const r = await searchAs("theodoi", "dat dai");
    const task = r.hits.find(
      (h) =>
        h.kind === "task" &&
        h.title
          .map((s) => s.text)
          .join("")
          .includes("dữ liệu đất đai"),
    );
    expect(task, "the STNMT land-data task").toBeDefined();
    expect(marked(task!.title)).toEqual(["đất", "đai"]);
    expect(task!.href).toBe(`/tasks/${task!.id}`);
    expect(r.hits.some((h) => h.kind === "conclusion" && marked(h.snippet).includes("đất"))).toBe(true);
    const blocker = r.hits.find((h) => h.kind === "blocker" && h.id === made.landBlocker);
    expect(blocker?.href).toBe(`/blockers/${made.landBlocker}`);
    expect(r.counts).toMatchObject({ task: 1, blocker: 1, conclusion: 1 });
  });

  it('"Dam Ha" finds Đầm Hà\'s blocker and task (by the agency) and the notices that name it', async () => {
    const r = await searchAs("theodoi", "Dam Ha");
    const db = getDb();
    const damHaTask = await db
      .selectFrom("tasks")
      .where("lead_agency_id", "=", agency.DAMHA)
      .where("status", "!=", "draft")
      .select("id")
      .executeTakeFirstOrThrow();
    const damHaBlocker = await db
      .selectFrom("blockers")
      .where("agency_id", "=", agency.DAMHA)
      .where("status", "=", "resolved")
      .select("id")
      .executeTakeFirstOrThrow();
    const keys = r.hits.map((h) => `${h.kind}:${h.id}`);
    expect(keys).toEqual(expect.arrayContaining([`task:${damHaTask.id}`, `blocker:${damHaBlocker.id}`]));
    expect(r.counts.notice).toBeGreaterThan(0);
    const task = r.hits.find((h) => h.kind === "task" && h.id === damHaTask.id)!;
    expect(marked(task.agency ?? [])).toEqual(["Đầm", "Hà"]);
    const notice = r.hits.find((h) => h.kind === "notice")!;
    expect(notice.href).toMatch(/^\/meetings\/\d+\/notice$/);
    expect(marked(notice.snippet).map((s) => s.normalize("NFC"))).toEqual(expect.arrayContaining(["Đầm", "Hà"]));
  });

  it('"chuyen doi so" ranks the records about it first and marks the three words', async () => {
    const r = await searchAs("theodoi", "chuyen doi so");
    expect(r.total).toBeGreaterThan(5);
    expect(r.counts.task).toBeGreaterThan(0);
    expect(r.counts.conclusion).toBeGreaterThan(0);
    expect(r.counts.notice).toBeGreaterThan(0);
    const top = r.hits[0];
    expect(marked(top.title).map((w) => w.toLowerCase())).toEqual(expect.arrayContaining(["chuyển", "đổi", "số"]));
    const conclusion = r.hits.find((h) => h.kind === "conclusion")!;
    expect(conclusion.href).toMatch(new RegExp(`^/meetings/\\d+/session#conclusion-${conclusion.id}$`));
  });

  it("answers the same with marks, without, in NFD, in any case, and with words cut short", async () => {
    const ids = async (q: string) => (await allKeys("theodoi", q)).sort();
    const plain = await ids("chuyen doi so");
    for (const q of ["chuyển đổi số", "chuyển đổi số".normalize("NFD"), "CHUYỂN ĐỔI SỐ", "cHuYeN dOi So", "  chuyen   doi   so  "]) {
      expect(await ids(q), q).toEqual(plain);
    }
    const damHa = await ids("Dam Ha");
    for (const q of ["Đầm Hà", "Đầm Hà".normalize("NFD"), "ĐẦM HÀ", "đầm hà", "dam ha"]) expect(await ids(q), q).toEqual(damHa);
    // A prefix: "chuyen doi" and "chuy do" find at least what "chuyen doi so" finds.
    for (const q of ["chuyen doi", "chuy do"]) expect(await ids(q), q).toEqual(expect.arrayContaining(plain));
  });

  it("đ and d are one letter, inside phrases and in upper case: đường = duong = ĐƯỜNG", async () => {
    for (const q of ["duong truyen", "đường truyền", "ĐƯỜNG TRUYỀN", "Đường truyền".normalize("NFD"), "Duong"]) {
      const r = await searchAs("theodoi", q);
      const hit = r.hits.find((h) => h.kind === "blocker" && h.id === made.roadBlocker);
      expect(hit, q).toBeDefined();
      expect(marked(hit!.title)[0], q).toBe("Đường");
    }
    // And the other way round: "đat đai" (đ where d was meant) still finds đất đai.
    expect((await searchAs("theodoi", "đat đai")).counts.task).toBe(1);
    // A word that is not there finds nothing, with the suggestions the page shows.
    const none = await searchAs("theodoi", "duong hang khong vu tru");
    expect(none).toMatchObject({ total: 0, hits: [] });
  });

  it("hostile or odd input is answered with a page, never an error", async () => {
    const odd = [
      '"; DROP TABLE tasks; --',
      "NEAR(",
      "NEAR(dat dai, 2)",
      "*",
      '"',
      "'",
      "AND",
      "OR NOT",
      "title:dat",
      "(((",
      "\\",
      "%_",
      "dat*",
      "^dat",
      "{title}: x",
      "🙂 đất",
      "x".repeat(2000),
      "đ ".repeat(1000),
      "\u0000",
    ];
    for (const q of odd) {
      const res = await call(loader, await getRequest(`/search?q=${encodeURIComponent(q)}`, user.theodoi));
      expect(res.status, q).toBe(200);
    }
    expect((await searchAs("theodoi", "*")).terms).toEqual([]);
    expect((await searchAs("theodoi", "NEAR(")).terms).toEqual(["near"]);
    expect((await searchAs("theodoi", "🙂 đất đai")).counts.task).toBe(1);
    const tables = await sql<{ n: number }>`SELECT count(*) AS n FROM tasks`.execute(getDb());
    expect(Number(tables.rows[0].n)).toBeGreaterThan(0);
  });

  it("with no query, explains instead of searching; signed out, goes to the sign-in page", async () => {
    const empty = await call(loader, await getRequest("/search", user.theodoi));
    expect(empty.status).toBe(200);
    expect(empty.data.results).toBeNull();
    const anonymous = await call(loader, await getRequest("/search?q=dat%20dai"));
    expect(anonymous.status).toBe(302);
    expect(anonymous.location).toMatch(/^\/login\?/);
  });
});

describe("kinds and pages", () => {
  it("filters by kind, keeping every kind's count", async () => {
    const all = await searchAs("theodoi", "chuyen doi so");
    for (const kind of ["blocker", "task", "conclusion", "notice"] as const) {
      const r = await searchAs("theodoi", "chuyen doi so", `&kind=${kind}`);
      expect(r.counts).toEqual(all.counts);
      expect(r.total).toBe(all.counts[kind]);
      expect(r.hits.every((h) => h.kind === kind)).toBe(true);
    }
  });

  it("pages through the ranked hits without repeats, and an out-of-range page shows the last", async () => {
    const me = await actor("theodoi");
    const q = { q: "chuyen doi so", kind: null, page: 1 };
    const opts = { today: "2026-11-27", locale: "vi" as const, pageSize: 3 };
    const first = await search(me, q, opts);
    expect(first.pages).toBe(Math.ceil(first.total / 3));
    const seen: string[] = [];
    for (let page = 1; page <= first.pages; page++) {
      const r = await search(me, { ...q, page }, opts);
      expect(r.from).toBe((page - 1) * 3 + 1);
      seen.push(...r.hits.map((h) => `${h.kind}:${h.id}`));
    }
    expect(new Set(seen).size).toBe(first.total);
    const whole = await search(me, q, { ...opts, pageSize: 100 });
    expect(seen).toEqual(whole.hits.map((h) => `${h.kind}:${h.id}`));
    const beyond = await search(me, { ...q, page: 999 }, opts);
    expect(beyond.page).toBe(first.pages);
  });

  it("caps what it ranks per kind, and says so", async () => {
    const me = await actor("theodoi");
    const r = await search(me, { q: "chuyen doi so", kind: null, page: 1 }, { today: "2026-11-27", locale: "vi", candidatesPerKind: 2 });
    expect(r.capped).toEqual(expect.arrayContaining(["task", "conclusion", "notice"]));
    expect(r.counts.notice).toBe(2);
  });
});

describe("a page of hits kept until the next write", () => {
  it("follows the day and the reader's language, though the same search was just made", async () => {
    const reader = await actor("theodoi");
    const q = parseSearchQuery(new URLSearchParams({ q: "chi so DTI" }));
    const before = await search(reader, q, { today: "2000-01-01", locale: "vi" });
    const after = await search(reader, q, { today: "2099-01-01", locale: "vi" });
    const english = await search(reader, q, { today: "2099-01-01", locale: "en" });
    const task = (r: SearchResults) => r.hits.find((h) => h.kind === "task" && h.deadline !== null) as Extract<SearchHit, { kind: "task" }> | undefined;
    expect(task(before)?.id).toBe(task(after)?.id);
    expect(task(before)?.tracking).not.toBe(task(after)?.tracking);
    expect(task(after)?.tracking).toBe("overdue");
    const agencyOf = (r: SearchResults) =>
      task(r)
        ?.agency?.map((s) => s.text)
        .join("");
    expect(agencyOf(english)).not.toBe(agencyOf(after));
  });
});

describe("visibility: exactly what the pages show", () => {
  const drafts = () => ({
    "Vĩnh Thực": `blocker:${made.draftBlockerA}`,
    "Cái Chiên": `blocker:${made.submittedBlockerA}`,
    "phát sóng Thanh Lân": `task:${made.draftTask}`,
    "đảo Trần": `conclusion:${made.draftConclusion}`,
    "hạ tầng xã đảo Thanh Lân": `notice:${made.draftNotice}`,
  });

  it("another agency, an observer and an admin never see A's draft or untriaged blocker, a draft task, conclusion or notice", async () => {
    for (const u of ["ld.damha", "cv.damha", "theodoi", "quantri", "ld.tttt"]) {
      for (const [q, key] of Object.entries(drafts())) {
        const r = await searchAs(u, q);
        expect(
          r.hits.map((h) => `${h.kind}:${h.id}`),
          `${u} / ${q}`,
        ).not.toContain(key);
      }
      // Not even in the counts.
      const r = await searchAs(u, "Vinh Thuc Cai Chien");
      expect(r.total, u).toBe(0);
    }
  });

  it("the lead agency does not see its draft task either; it does see its own draft and submitted blockers", async () => {
    expect((await searchAs("ld.damha", "Thanh Lan tram")).hits.map((h) => `${h.kind}:${h.id}`)).not.toContain(`task:${made.draftTask}`);
    expect((await searchAs("ld.tnmt", "Vinh Thuc")).hits.map((h) => h.id)).toContain(made.draftBlockerA);
    expect((await searchAs("ld.tnmt", "Cai Chien")).hits.map((h) => h.id)).toContain(made.submittedBlockerA);
  });

  it("the office sees what was sent to it, the draft task, conclusion and notice — not an agency's unsent draft", async () => {
    for (const u of ["chutri", "thuky"]) {
      const keys = async (q: string) => (await searchAs(u, q)).hits.map((h) => `${h.kind}:${h.id}`);
      expect(await keys("Cai Chien"), u).toContain(`blocker:${made.submittedBlockerA}`);
      expect(await keys("phat song Thanh Lan"), u).toContain(`task:${made.draftTask}`);
      expect(await keys("dao Tran"), u).toContain(`conclusion:${made.draftConclusion}`);
      expect(await keys("ha tang xa dao Thanh Lan"), u).toContain(`notice:${made.draftNotice}`);
      expect(await keys("Vinh Thuc"), u).not.toContain(`blocker:${made.draftBlockerA}`);
    }
  });

  it("every hit opens for the user who got it (the search is never looser than the pages)", async () => {
    const pageOf = async (username: string, key: string) => {
      const [kind, idText] = key.split(":");
      const id = Number(idText);
      const req = async (path: string) => getRequest(path, user[username]);
      switch (kind) {
        case "blocker":
          return (await call(blockerLoader, await req(`/blockers/${id}`), { blockerId: idText })).status;
        case "task":
          return (await call(taskLoader, await req(`/tasks/${id}`), { taskId: idText })).status;
        case "conclusion": {
          const c = await getDb().selectFrom("conclusions").where("id", "=", id).select("meeting_id").executeTakeFirstOrThrow();
          const res = await call(sessionLoader, await req(`/meetings/${c.meeting_id}/session`), { meetingId: String(c.meeting_id) });
          return res.data.items.some((i: { conclusionId: number | null }) => i.conclusionId === id) ? res.status : 404;
        }
        default: {
          const n = await getDb().selectFrom("notices").where("id", "=", id).select("meeting_id").executeTakeFirstOrThrow();
          const res = await call(noticeLoader, await req(`/meetings/${n.meeting_id}/notice`), { meetingId: String(n.meeting_id) });
          return res.data.notice?.id === id ? res.status : 404;
        }
      }
    };
    for (const u of ["ld.damha", "ld.tnmt", "theodoi", "chutri"]) {
      const keys = new Set<string>();
      for (const q of ["Dam Ha", "dat dai", "chuyen doi so", "Thanh Lan", "Vinh Thuc", "Cai Chien", "dao Tran", "song"])
        for (const k of await allKeys(u, q)) keys.add(k);
      expect(keys.size).toBeGreaterThan(5);
      for (const key of keys) expect(`${u} ${key} ${await pageOf(u, key)}`).toBe(`${u} ${key} 200`);
    }
  });

  it("Đầm Hà's own untriaged blocker: its agency and the office find it, observers and other agencies do not", async () => {
    const pending = await getDb()
      .selectFrom("blockers")
      .where("agency_id", "=", agency.DAMHA)
      .where("status", "=", "submitted")
      .select("id")
      .executeTakeFirstOrThrow();
    const found = async (u: string) => (await searchAs(u, "vung lom song")).hits.some((h) => h.kind === "blocker" && h.id === pending.id);
    expect(await found("ld.damha")).toBe(true);
    expect(await found("cv.damha")).toBe(true);
    expect(await found("chutri")).toBe(true);
    expect(await found("theodoi")).toBe(false);
    expect(await found("ld.tnmt")).toBe(false);
  });
});

describe("the index follows every write (triggers)", () => {
  const found = async (q: string, key: string) => (await allKeys("chutri", q)).includes(key as Key);
  // These raw writes test the triggers, not the app, so they carry no audit event: they go through a
  // second connection, whose commits end this process's cached results (PRAGMA data_version) as
  // another process's would.
  let writer: Kysely<Schema>;
  beforeAll(() => {
    writer = new Kysely<Schema>({ dialect: new SqliteDialect({ database: new Database(process.env.DATABASE_PATH!) }) });
  });
  afterAll(() => writer.destroy());

  it("a task's new title is found and its old one no longer; a deleted blocker disappears", async () => {
    const db = writer;
    const id = made.draftTask;
    expect(await found("phat song Thanh Lan", `task:${id}`)).toBe(true);
    await db.updateTable("tasks").set({ title: "Lắp đặt trạm BTS xã Đồng Rui", updated_at: AT }).where("id", "=", id).execute();
    expect(await found("phat song Thanh Lan", `task:${id}`)).toBe(false);
    expect(await found("dong rui", `task:${id}`)).toBe(true);
    // A change of a column the index does not hold leaves the row findable.
    await db.updateTable("tasks").set({ deadline: "2030-03-31", updated_at: AT }).where("id", "=", id).execute();
    expect(await found("dong rui BTS", `task:${id}`)).toBe(true);

    const gone = await db
      .insertInto("blockers")
      .values({
        series_id: seriesId,
        agency_id: agency.STNMT,
        meeting_id: null,
        title: "Tạm thời: cột mốc Hoành Mô",
        description: "x",
        pillar: "infrastructure",
        severity: "low",
        help_agency_id: null,
        proposal: "y",
        plan_target: null,
        status: "submitted",
        created_by: user["ld.tnmt"],
        submitted_by: user["ld.tnmt"],
        submitted_at: AT,
        updated_at: AT,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    expect(await found("Hoanh Mo", `blocker:${gone.id}`)).toBe(true);
    await db.deleteFrom("blockers").where("id", "=", gone.id).execute();
    expect(await found("Hoanh Mo", `blocker:${gone.id}`)).toBe(false);
  });

  it("an edit made through the app is found at once, though the same search was just made", async () => {
    const draft = await getDb().selectFrom("blockers").where("id", "=", made.draftBlockerA).selectAll().executeTakeFirstOrThrow();
    expect(await allKeys("ld.tnmt", "tram quan trac Vinh Thuc")).toContain(`blocker:${draft.id}`);
    expect(await allKeys("ld.tnmt", "phao tieu Minh Chau")).not.toContain(`blocker:${draft.id}`);
    const edit = {
      intent: "edit",
      title: "Bản nháp: phao tiêu Minh Châu",
      description: draft.description,
      pillar: draft.pillar,
      severity: draft.severity,
      proposal: draft.proposal,
      version: String(draft.version),
    };
    expect((await call(blockerAction, await postRequest(`/blockers/${draft.id}`, edit, user["ld.tnmt"]), { blockerId: String(draft.id) })).status).toBe(302);
    expect(await allKeys("ld.tnmt", "phao tieu Minh Chau")).toContain(`blocker:${draft.id}`);
    expect(await allKeys("ld.tnmt", "tram quan trac Vinh Thuc")).not.toContain(`blocker:${draft.id}`);
  });

  it("edits of a conclusion, its agenda item, a notice and an agency's name are followed", async () => {
    const db = writer;
    await db.updateTable("conclusions").set({ body: "Kết luận: khảo sát cảng Vạn Hoa.", updated_at: AT }).where("id", "=", made.draftConclusion).execute();
    expect(await found("cang Van Hoa", `conclusion:${made.draftConclusion}`)).toBe(true);
    expect(await found("khao sat ha tang vien thong", `conclusion:${made.draftConclusion}`)).toBe(false);

    const item = await db.selectFrom("conclusions").where("id", "=", made.draftConclusion).select("agenda_item_id").executeTakeFirstOrThrow();
    await db.updateTable("agenda_items").set({ title: "Phương án xã Ngọc Vừng", updated_at: AT }).where("id", "=", item.agenda_item_id).execute();
    expect(await found("Ngoc Vung", `conclusion:${made.draftConclusion}`)).toBe(true);
    expect(await found("Phuong an dao Tran", `conclusion:${made.draftConclusion}`)).toBe(false);

    await db.updateTable("notices").set({ summary: "Dự thảo kết luận về cảng Cái Rồng", updated_at: AT }).where("id", "=", made.draftNotice).execute();
    expect(await found("cang Cai Rong", `notice:${made.draftNotice}`)).toBe(true);

    // The presenter agency of the item, and the lead agency of tasks, are indexed by name.
    await db.updateTable("agencies").set({ name_vi: "UBND huyện Cô Tô (đặc khu)", updated_at: AT }).where("id", "=", agency.COTO).execute();
    expect(await found("dac khu", `conclusion:${made.draftConclusion}`)).toBe(true);
    const coTo = await db.selectFrom("tasks").where("lead_agency_id", "=", agency.COTO).select("id").executeTakeFirstOrThrow();
    expect(await found("dac khu", `task:${coTo.id}`)).toBe(true);

    const check = await sql`INSERT INTO search_index (search_index) VALUES ('integrity-check')`.execute(db);
    expect(check).toBeDefined();
  });
});

describe("performance: the index drives every statement", () => {
  it("each statement starts from the FTS index and reaches records by primary key (no table scans)", async () => {
    const statements: Array<{ sql: string; parameters: readonly unknown[] }> = [];
    const sqlite = new Database(process.env.DATABASE_PATH!, { readonly: true });
    const db = new Kysely<Schema>({
      dialect: new SqliteDialect({ database: sqlite }),
      log: (e) => {
        statements.push({ sql: e.query.sql, parameters: e.query.parameters });
      },
    });
    try {
      const me = await actor("ld.damha");
      await search(me, { q: "chuyen doi so", kind: null, page: 1 }, { today: "2026-11-27", locale: "vi", db });
      const fts = statements.filter((s) => s.sql.includes("MATCH"));
      expect(fts.length).toBe(5);
      for (const s of fts) {
        expect(s.sql).toMatch(/ limit |json_each/);
        const plan = sqlite.prepare(`EXPLAIN QUERY PLAN ${s.sql}`).all(...(s.parameters as unknown[])) as Array<{ detail: string }>;
        const details = plan.map((p) => p.detail);
        expect(details[0], s.sql).toMatch(/^SCAN search_index VIRTUAL TABLE INDEX \d+:M/);
        expect(details.join(" | "), s.sql).not.toMatch(/SCAN (tasks|blockers|conclusions|notices|agenda_items|meetings)\b/);
        for (const d of details.slice(1)) expect(d, s.sql).toMatch(/^(SEARCH \w+ USING INTEGER PRIMARY KEY|LIST SUBQUERY|SCAN json_each|CREATE BLOOM FILTER)/);
        // The rowid range is written as integers: FTS5 ignores a bound that comes as a double (a JS number) and walks the whole index.
        expect(s.sql).toMatch(/"search_index"\."rowid" >= \d+ and "search_index"\."rowid" <= \d+/);
      }
    } finally {
      await db.destroy();
    }
  });
});
