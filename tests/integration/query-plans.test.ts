/**
 * No page reads a whole big table.
 *
 * Every route of app/routes that exports a loader (and the root loader,
 * which runs with every page) is called below, as every kind of user, on a
 * world with a record in every state (tests/helpers/authz-fixture.ts, built
 * through the real actions) plus a merged, a referred blocker and a task's
 * progress report. Every statement the app sends to SQLite is captured at the
 * driver (the statement observer of `openDatabase`), and `EXPLAIN QUERY PLAN`
 * is asked about each, with the parameters it ran with. The test fails on a
 * step that reads every row of a big table (see `scanSteps` in
 * tests/helpers/query-plans.ts): `SCAN t` without an index, an automatic
 * index (built by reading the whole table, on every run), or the full-text
 * table read without a MATCH. An index walked in order (`SCAN t USING
 * INDEX`), a table walked in its rowid order up to a LIMIT, and the
 * foreign-key checks an INSERT's plan shows but never runs are let through.
 * The failure lists each statement, who ran it, its parameters and its plan.
 * The hot writes (submitting a blocker, a progress report, a conclusion, a
 * triage decision) are checked the same way.
 *
 * The plans do not depend on how many rows the tables hold: the app never
 * runs ANALYZE, so the planner has no statistics and plans the same for ten
 * rows as for a province's 150,000 tasks. What the world must have is every
 * path through the code: records in every state, for every kind of reader.
 *
 * Big tables are every table but these, which may be scanned:
 *   agencies, series, series_members, series_agencies — the province's
 *     organisation: a few hundred agencies, a handful of series;
 *   users — one row a person, a few thousand at most;
 *   notification_prefs — at most one row a user and kind;
 *   bridge_points — a few rows a meeting's connection points;
 *   notices — one a meeting: a dozen a year per series;
 *   task_counts_by_pillar — the register's counts summed per series, state,
 *     pillar and deadline month: ~3,600 rows for a province's 150,000
 *     tasks, read whole when the register has no series filter;
 *   kysely_migration, kysely_migration_lock — the migrator's own.
 * Any other table, including a new one, is big until listed here.
 *
 * A route file with a loader that the table below does not list fails the
 * test, so a new page cannot be left unchecked.
 */
import Database from "better-sqlite3";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../db/connection";
import { action as blockerAction } from "../../app/routes/blockers.$blockerId";
import { action as newBlocker } from "../../app/routes/blockers.new";
import { action as accountAction } from "../../app/routes/account";
import { action as sessionAction } from "../../app/routes/meetings.$meetingId.session";
import { action as taskAction } from "../../app/routes/tasks.$taskId";
import { addDaysToDay, vnToday } from "../../app/utils/dates";
import { getDb } from "../../app/utils/db.server";
import { buildWorld, type World } from "../helpers/authz-fixture";
import { describeOffences, fullScans, StatementLog } from "../helpers/query-plans";
import { call, sessionCookieFor, type Outcome } from "../helpers/requests";

const ROUTES_DIR = join(__dirname, "../../app/routes");
const ROOT = join(__dirname, "../../app/root.tsx");
const BASE = "http://localhost";

const SMALL_TABLES = new Set([
  "agencies",
  "series",
  "series_members",
  "series_agencies",
  "users",
  "notification_prefs",
  "bridge_points",
  "notices",
  "task_counts_by_pillar",
  "kysely_migration",
  "kysely_migration_lock",
]);
const isBig = (table: string) => !SMALL_TABLES.has(table);

const USERS = ["anonymous", "observer", "staffA", "headA", "headB", "secretary", "chair", "admin"] as const;
type UserKey = (typeof USERS)[number];

/** The world plus the records the test adds to it. */
interface Scene extends World {
  extra: {
    /** A's blocker merged into A's submitted one. */
    merged: number;
    /** A's blocker referred to B: its live task carries `blocker_id`. */
    referred: number;
    referredTask: number;
    /** The chair's calendar feed token. */
    calendarToken: string;
  };
}

interface Visit {
  path: string;
  params?: Record<string, string>;
  /** Who calls it; every kind of user when absent. */
  users?: readonly UserKey[];
}

const s = (n: number) => String(n);
const urls = (path: string, queries: readonly string[]): Visit[] => queries.map((q) => ({ path: path + q }));
const perMeeting = (suffix: string) => (sc: Scene) =>
  Object.values(sc.meetings).map((id) => ({ path: `/meetings/${id}${suffix}`, params: { meetingId: s(id) } }));

const taskFilters = (sc: Scene) => {
  const y = sc.year;
  return [
    "",
    "?agency=all",
    `?agency=${sc.fx.agencyA}&role=lead`,
    `?agency=${sc.fx.agencyA}&role=coordinating`,
    `?agency=${sc.fx.agencyB}&role=either&status=in_progress`,
    "?agency=all&status=open",
    "?agency=all&status=issued",
    "?agency=all&status=not_issued",
    "?agency=all&status=no_deadline",
    "?agency=all&status=due_soon",
    "?agency=all&status=overdue",
    "?agency=all&status=awaiting_acceptance",
    "?agency=all&status=completed_on_time",
    "?agency=all&status=completed_late",
    "?agency=all&status=cancelled",
    "?agency=all&pillar=digital_data",
    "?agency=all&pillar=none",
    `?agency=all&from=${y}-01-01&to=${y}-12-31`,
    `?agency=all&from=${y}-01-01&to=${y}-12-31&owed=1`,
    "?agency=all&extension=asked",
    `?agency=all&assigned=${y}-01`,
    `?agency=all&completed=${y}-01`,
    `?agency=all&overdueOn=${y}-02-15`,
    `?agency=all&series=${sc.fx.seriesId}`,
    `?agency=all&series=${sc.fx.seriesId}&period=${y}-01`,
    "?agency=all&q=du%20lieu",
    "?agency=all&q=k",
    "?agency=all&sort=-deadline",
    "?agency=all&sort=newest",
    "?awaiting=chair",
    "?awaiting=decision",
    "?agency=all&page=2",
  ];
};
const blockerFilters = (sc: Scene) => [
  "",
  "?status=all",
  "?status=submitted",
  "?status=on_agenda",
  "?status=merged",
  `?series=${sc.fx.seriesId}`,
  `?meeting=${sc.meetings.open}`,
  `?agency=${sc.fx.agencyA}`,
  "?pillar=digital_data",
  `?from=${sc.year - 1}-01-01&to=${sc.year + 1}-12-31`,
  "?late=1",
  "?pending=1",
  "?status=all&page=2",
];
const SEARCHES = [
  "?q=du%20lieu",
  "?q=k",
  "?q=bi%20mat&kind=task",
  "?q=du%20lieu&kind=blocker",
  "?q=giao&kind=conclusion",
  "?q=giao&kind=notice",
  "?q=du%20lieu&page=2",
  "",
];
const UNKNOWN_TOKEN = "khong-co-ma-nay-0123456789abcdef";

/** Every route file with a loader, and the requests that reach its statements, on the world as built. */
const PAGES: Record<string, (sc: Scene) => Visit[]> = {
  "$.tsx": () => urls("/khong-co", [""]),
  "_index.tsx": () => urls("/", [""]),
  "account.tsx": () => urls("/account", [""]),
  "account_.password.tsx": () => urls("/account/password", [""]),
  "admin.tsx": () => urls("/admin", [""]),
  "admin._index.tsx": () => urls("/admin", [""]),
  "admin.agencies._index.tsx": () => urls("/admin/agencies", ["", "?q=so&kind=department&active=1", "?active=0&page=2"]),
  "admin.agencies.$agencyId.tsx": (sc) => [{ path: `/admin/agencies/${sc.fx.agencyA}`, params: { agencyId: s(sc.fx.agencyA) } }],
  "admin.agencies.new.tsx": () => urls("/admin/agencies/new", [""]),
  "admin.email.tsx": () => urls("/admin/email", ["", "?retried=1"]),
  "admin.series._index.tsx": () => urls("/admin/series", [""]),
  "admin.series.$seriesId.tsx": (sc) => [{ path: `/admin/series/${sc.fx.seriesId}`, params: { seriesId: s(sc.fx.seriesId) } }],
  "admin.series.new.tsx": () => urls("/admin/series/new", [""]),
  "admin.users._index.tsx": (sc) => urls("/admin/users", ["", `?q=head&role=agency_head&agency=${sc.fx.agencyA}&active=1`, "?active=0&page=2"]),
  "admin.users.$userId.tsx": (sc) => [sc.fx.users.headA, sc.fx.users.chair].map((id) => ({ path: `/admin/users/${id}`, params: { userId: s(id) } })),
  "admin.users.new.tsx": () => urls("/admin/users/new", [""]),
  "blockers._index.tsx": (sc) => urls("/blockers", blockerFilters(sc)),
  "blockers.$blockerId.tsx": (sc) =>
    [...Object.values(sc.blockers), sc.extra.merged, sc.extra.referred].map((id) => ({ path: `/blockers/${id}`, params: { blockerId: s(id) } })),
  "blockers.new.tsx": () => urls("/blockers/new", [""]),
  "blockers[.csv].tsx": (sc) => urls("/blockers.csv", blockerFilters(sc)),
  "blockers[.xlsx].tsx": () => urls("/blockers.xlsx", ["", "?status=all"]),
  "calendar.$token[.ics].tsx": (sc) =>
    [sc.extra.calendarToken, UNKNOWN_TOKEN].map((token) => ({ path: `/calendar/${token}.ics`, params: { token }, users: ["anonymous"] as const })),
  "dashboard.tsx": (sc) =>
    urls("/dashboard", [
      "",
      "?view=province",
      "?view=province&from=2020-01&sort=overdue&dir=asc",
      `?view=province&series=${sc.fx.seriesId}&from=${sc.year}-01&to=${sc.year}-12&sort=rate`,
      `?view=agency&series=${sc.fx.seriesId}`,
    ]),
  "healthz.ts": () => urls("/healthz", [""]),
  "language.tsx": () => urls("/language", [""]),
  "login.tsx": () => urls("/login", [""]),
  "logout.tsx": () => urls("/logout", [""]),
  "meetings._index.tsx": (sc) => urls("/meetings", ["", `?series=${sc.fx.seriesId}&year=${sc.year}`, "?page=2"]),
  "meetings.new.tsx": () => urls("/meetings/new", [""]),
  "meetings.$meetingId.tsx": perMeeting(""),
  "meetings.$meetingId._index.tsx": perMeeting(""),
  "meetings.$meetingId.session.tsx": perMeeting("/session"),
  "meetings.$meetingId.notice.tsx": perMeeting("/notice"),
  "meetings.$meetingId.history.tsx": perMeeting("/history"),
  "meetings.$meetingId.calendar[.ics].tsx": perMeeting("/calendar.ics"),
  "meetings.$meetingId.notice[.docx].tsx": perMeeting("/notice.docx"),
  "meetings.$meetingId.agenda[.docx].tsx": perMeeting("/agenda.docx"),
  "meetings_.$meetingId.agenda.print.tsx": perMeeting("/agenda/print"),
  "meetings_.$meetingId.notice.print.tsx": perMeeting("/notice/print"),
  "notifications.tsx": () => urls("/notifications", ["", "?page=2"]),
  "search.tsx": () => urls("/search", SEARCHES),
  "tasks._index.tsx": (sc) => urls("/tasks", taskFilters(sc)),
  "tasks.$taskId.tsx": (sc) => [...Object.values(sc.tasks), sc.extra.referredTask].map((id) => ({ path: `/tasks/${id}`, params: { taskId: s(id) } })),
  "tasks[.csv].tsx": (sc) => urls("/tasks.csv", taskFilters(sc)),
  "tasks[.xlsx].tsx": () => urls("/tasks.xlsx", ["", "?agency=all", "?awaiting=chair"]),
};

/** The catch-all answers 404 to everyone: its statements are the root loader's. */
const NEVER_ANSWERS = ["$.tsx"];

/** Route files whose source exports a loader. */
function filesWithLoader(): string[] {
  return readdirSync(ROUTES_DIR)
    .filter((f) => /\.(tsx?|jsx?)$/.test(f))
    .filter((f) =>
      /export\s+(async\s+)?function\s+loader\b|export\s+const\s+loader\b|export\s*\{[^}]*\bloader\b/.test(readFileSync(join(ROUTES_DIR, f), "utf8")),
    );
}

// ---------------------------------------------------------------- the run

const log = new StatementLog();
const cookies: Partial<Record<UserKey, string>> = {};
const failures: string[] = [];
let scene: Scene;

function request(path: string, user: UserKey, fields?: Record<string, string | string[]>): Request {
  const headers = new Headers();
  if (user !== "anonymous") headers.set("Cookie", cookies[user]!);
  if (!fields) return new Request(BASE + path, { headers });
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
  headers.set("Content-Type", "application/x-www-form-urlencoded");
  headers.set("Origin", BASE);
  return new Request(BASE + path, { method: "POST", body, headers });
}

type Handler = Parameters<typeof call>[0];

async function run(label: string, handler: Handler, req: Request, params: Record<string, string> = {}): Promise<Outcome | null> {
  try {
    return await log.during(label, () => call(handler, req, params));
  } catch (e) {
    failures.push(`${label} threw: ${e instanceof Error ? e.message : String(e)}`);
    return null;
  }
}

function expectRedirect(res: Outcome | null, what: string): Outcome {
  if (!res || res.status !== 302 || !res.location || res.location.startsWith("/login")) {
    throw new Error(`query-plans fixture: ${what} answered ${res?.status} ${JSON.stringify(res?.data)}`);
  }
  return res;
}

async function buildScene(): Promise<Scene> {
  const w = await buildWorld();
  for (const user of USERS) if (user !== "anonymous") cookies[user] = await sessionCookieFor(w.fx.users[user]);
  const db = getDb();
  const post = async (handler: Handler, path: string, user: UserKey, fields: Record<string, string>, params: Record<string, string> = {}) =>
    call(handler, request(path, user, fields), params);
  const submit = async (title: string) => {
    const fields = {
      intent: "submit",
      seriesId: s(w.fx.seriesId),
      title,
      description: "Mô tả khó khăn, vướng mắc.",
      pillar: "digital_data",
      severity: "high",
      helpAgencyId: s(w.fx.agencyB),
      proposal: "Đề nghị hỗ trợ.",
    };
    const res = expectRedirect(await post(newBlocker, "/blockers/new", "headA", fields), `submit "${title}"`);
    return Number(res.location!.match(/\/blockers\/(\d+)/)![1]);
  };
  const triage = async (id: number, fields: Record<string, string>) =>
    expectRedirect(
      await post(blockerAction, `/blockers/${id}`, "chair", { intent: "triage", ...fields }, { blockerId: s(id) }),
      `${fields.decision} blocker ${id}`,
    );

  const merged = await submit("Trùng: phần mềm một cửa chưa ổn định");
  await triage(merged, { decision: "merge", mergeIntoId: s(w.blockers.submittedA) });
  const referred = await submit("Chuyển xử lý: thiếu máy chủ dự phòng");
  await triage(referred, { decision: "refer", referAgencyId: s(w.fx.agencyB), referDeadline: addDaysToDay(vnToday(), 30), reason: "Giao Sở xử lý." });
  const referredTask = (await db.selectFrom("tasks").where("blocker_id", "=", referred).select("id").executeTakeFirstOrThrow()).id;
  const version = s((await db.selectFrom("tasks").where("id", "=", w.tasks.liveA).select("version").executeTakeFirstOrThrow()).version);
  expectRedirect(
    await post(
      taskAction,
      `/tasks/${w.tasks.liveA}`,
      "headA",
      { intent: "report-progress", body: "Đã hoàn thành 30%.", percent: "30", version },
      { taskId: s(w.tasks.liveA) },
    ),
    "progress report",
  );
  const feed = await post(accountAction, "/account", "chair", { intent: "generate", current: "none" });
  const calendarToken = String((feed.data as { url?: string }).url ?? "").match(/\/calendar\/([^/.]+)\.ics/)?.[1];
  if (!calendarToken) throw new Error(`query-plans fixture: no calendar link in ${JSON.stringify(feed.data)}`);
  return { ...w, extra: { merged, referred, referredTask, calendarToken } };
}

let explainer: Database.Database;

beforeAll(async () => {
  // The app's one connection, as openDatabase makes it, with the log listening.
  await globalThis.__giaobanDb?.destroy();
  globalThis.__giaobanDb = openDatabase(process.env.DATABASE_PATH!, log.observe);
  scene = await buildScene();
  explainer = new Database(process.env.DATABASE_PATH!, { readonly: true });
}, 120_000);

afterAll(() => {
  explainer?.close();
});

// ---------------------------------------------------------------- the checks

describe("the check itself", () => {
  const flagged = (sql: string, parameters: unknown[] = []) =>
    fullScans(explainer, [{ sql, parameters: [parameters], by: ["a case"] }], isBig).flatMap((o) => o.steps);
  it.each([
    ["a big table read row by row", `select "id" from "tasks" where "title" = ?`, ["x"], ["SCAN tasks"]],
    ["under an alias", `select "t"."id" from "tasks" as "t" where "t"."title" = ?`, ["x"], ["SCAN t"]],
    [
      "an index built for one statement",
      `select a.id from tasks a join tasks b on b.title = a.title`,
      [],
      ["SCAN a", "SEARCH b USING AUTOMATIC COVERING INDEX (title=?)"],
    ],
    ["the full-text table without a MATCH", `select rowid from search_index`, [], ["SCAN search_index VIRTUAL TABLE INDEX 0:"]],
    ["an UPDATE without an index", `update "tasks" set "title" = ? where "title" = ?`, ["x", "y"], ["SCAN tasks"]],
    ["a small table", `select "id" from "agencies" where "name_vi" = ?`, ["x"], []],
    ["a search by an index", `select "id" from "tasks" where "blocker_id" = ?`, [1], []],
    ["the full-text table with a MATCH", `select rowid from search_index where search_index match ?`, ["dat"], []],
    ["a page of the table in rowid order", `select "id" from "tasks" where "status" != ? order by "id" desc limit ?`, ["draft", 25], []],
    [
      "an INSERT's foreign-key checks",
      `insert into "blockers" ("series_id", "agency_id", "title", "description", "pillar", "severity", "created_by", "updated_at") values (?, ?, ?, ?, ?, ?, ?, ?)`,
      [1, 1, "x", "y", "digital_data", "low", 1, "z"],
      [],
    ],
  ] as const)("%s", (_what, sql, parameters, steps) => {
    expect(flagged(sql, [...parameters])).toEqual(steps);
  });
});

describe("query plans", () => {
  it("lists every route file that has a loader", () => {
    const files = filesWithLoader();
    const missing = files.filter((f) => !(f in PAGES));
    expect(missing, `route files with a loader missing from PAGES in tests/integration/query-plans.test.ts: ${missing.join(", ")}`).toEqual([]);
    const stale = Object.keys(PAGES).filter((f) => !files.includes(f));
    expect(stale, `PAGES lists files that have no loader (or no longer exist): ${stale.join(", ")}`).toEqual([]);
    const subfolders = readdirSync(ROUTES_DIR, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
    expect(subfolders, `route folders are not walked by this test: ${subfolders.join(", ")}`).toEqual([]);
  });

  it("no page's loader reads a whole big table", async () => {
    failures.length = 0;
    const root = (await import(ROOT)) as { loader: Handler };
    for (const user of USERS) await run(`root loader as ${user}`, root.loader, request("/", user));
    let calls = 0;
    const answered = new Set<string>();
    for (const [file, visits] of Object.entries(PAGES)) {
      const mod = (await import(join(ROUTES_DIR, file))) as { loader?: Handler };
      if (typeof mod.loader !== "function") {
        failures.push(`${file}: no loader`);
        continue;
      }
      for (const { path, params = {}, users = USERS } of visits(scene)) {
        for (const user of users) {
          calls++;
          const res = await run(`GET ${path} as ${user}`, mod.loader, request(path, user), params);
          if (res && res.status < 400 && !res.location?.startsWith("/login")) answered.add(file);
        }
      }
    }
    expect(failures, failures.join("\n")).toEqual([]);
    // A page's statements are only seen if someone gets the page: a route every call is refused reaches none of them.
    const refused = Object.keys(PAGES).filter((f) => !answered.has(f) && !NEVER_ANSWERS.includes(f));
    expect(refused, `no call of these pages got past the checks, so their statements were not seen: ${refused.join(", ")}`).toEqual([]);
    expect(calls).toBeGreaterThan(500);
    const offences = fullScans(explainer, log.statements.values(), isBig);
    expect(offences, `${offences.length} statement(s) read a whole big table:\n\n${describeOffences(offences)}`).toEqual([]);
  }, 120_000);

  it("no hot write reads a whole big table", async () => {
    failures.length = 0;
    const sc = scene;
    const before = new Set(log.statements.keys());
    const blockerForm = (intent: string, title: string) => ({
      intent,
      seriesId: s(sc.fx.seriesId),
      title,
      description: "Mô tả khó khăn.",
      pillar: "digital_government",
      severity: "medium",
      helpAgencyId: s(sc.fx.agencyB),
      proposal: "Kiến nghị.",
    });
    const version = async (table: "tasks" | "blockers", id: number) =>
      s((await getDb().selectFrom(table).where("id", "=", id).select("version").executeTakeFirstOrThrow()).version);
    const writes: [string, Handler, Request, Record<string, string>][] = [
      ["blocker submit", newBlocker, request("/blockers/new", "headA", blockerForm("submit", "Khó khăn mới gửi")), {}],
      ["blocker save", newBlocker, request("/blockers/new", "staffA", blockerForm("save", "Khó khăn mới nháp")), {}],
      [
        "blocker submit (draft)",
        blockerAction,
        request(`/blockers/${sc.blockers.draftA}`, "headA", { intent: "submit" }),
        { blockerId: s(sc.blockers.draftA) },
      ],
      [
        "triage accept",
        blockerAction,
        request(`/blockers/${sc.blockers.submittedA}`, "chair", { intent: "triage", decision: "accept" }),
        { blockerId: s(sc.blockers.submittedA) },
      ],
      [
        "progress report",
        taskAction,
        request(`/tasks/${sc.tasks.liveB}`, "headB", {
          intent: "report-progress",
          body: "Đang thực hiện.",
          percent: "40",
          version: await version("tasks", sc.tasks.liveB),
        }),
        { taskId: s(sc.tasks.liveB) },
      ],
      [
        "conclusion save",
        sessionAction,
        request(`/meetings/${sc.meetings.session}/session`, "secretary", { intent: "conclude", itemId: s(sc.items.sessionPending), body: "Giao Sở rà soát." }),
        { meetingId: s(sc.meetings.session) },
      ],
      [
        "task from a conclusion",
        sessionAction,
        request(`/meetings/${sc.meetings.session}/session`, "secretary", {
          intent: "add_task",
          itemId: s(sc.items.sessionConcluded),
          title: "Nhiệm vụ mới",
          leadAgencyId: s(sc.fx.agencyB),
          deadline: `${sc.year}-04-30`,
        }),
        { meetingId: s(sc.meetings.session) },
      ],
    ];
    for (const [label, handler, req, params] of writes) {
      const res = await run(label, handler, req, params);
      if (res && (res.status >= 400 || res.location?.startsWith("/login"))) failures.push(`${label} answered ${res.status} ${JSON.stringify(res.data)}`);
    }
    expect(failures, failures.join("\n")).toEqual([]);
    const fresh = [...log.statements.values()].filter((c) => !before.has(c.sql));
    const offences = fullScans(explainer, fresh, isBig);
    expect(offences, `${offences.length} statement(s) read a whole big table:\n\n${describeOffences(offences)}`).toEqual([]);
  }, 60_000);
});
