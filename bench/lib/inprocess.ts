/**
 * The in-process half of the benchmark, run by bench/run.ts in a child
 * process per size (a clean module state, DATABASE_PATH set before any app
 * module loads):
 *
 *   DATABASE_PATH=… tsx bench/lib/inprocess.ts <facts.json> <out.json>
 *
 * - The process's one Kysely instance (globalThis.__giaobanDb, which getDb()
 *   reuses) is made here, with a `log` hook: every statement's SQL, its
 *   parameters and its time are seen, for the app's source modules and the
 *   server build alike.
 * - Pages: the loaders of the server build's matched routes (root, layout,
 *   page), called in order with a signed-in request — the code `node
 *   server.js` runs. Then the whole request in process (Remix's handler
 *   with the same build: loaders + React render, no HTTP, no gzip), which
 *   splits a request's time into SQL and the rest (JavaScript in the
 *   loaders, and rendering).
 * - Operations: feature functions from the source (agenda build, search,
 *   the dashboard's figures on a cache miss).
 * - EXPLAIN QUERY PLAN of every distinct statement each page or operation
 *   ran (captured through the log hook, with its parameters), on a
 *   read-only connection; any SCAN of a big table is reported.
 */
import Database from "better-sqlite3";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Kysely, SqliteDialect } from "kysely";
import { withStatementCache } from "../../db/connection";
import type { Database as Schema } from "../../db/schema";
import { OPERATIONS, pages, type BenchFacts, SEARCH_QUERY } from "./pages";
import { summarise, type Summary } from "./stats";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const [factsFile, outFile] = process.argv.slice(2);
const facts = JSON.parse(readFileSync(factsFile, "utf8")) as BenchFacts & { chairId: number; headId: number; budgetMs: number };
const dbPath = process.env.DATABASE_PATH!;

// ---------------------------------------------------------------- the one connection, with a log hook

let sqlMs = 0;
let capture: Array<{ sql: string; parameters: readonly unknown[] }> | null = null;
const sqlite = new Database(dbPath);
sqlite.pragma("journal_mode = WAL");
sqlite.pragma("synchronous = FULL");
sqlite.pragma("foreign_keys = ON");
sqlite.pragma("busy_timeout = 5000");
globalThis.__giaobanDb = new Kysely<Schema>({
  // The app's own statement cache, as openDatabase() gives the server.
  dialect: new SqliteDialect({ database: withStatementCache(sqlite) }),
  log(event) {
    if (event.level !== "query") return;
    sqlMs += event.queryDurationMillis;
    capture?.push({ sql: event.query.sql, parameters: event.query.parameters });
  },
});

// App modules only now, so that they find the connection above.
const { createSession } = await import("../../app/utils/session.server");
const { getDb } = await import("../../app/utils/db.server");
const { loadAgendaInput } = await import("../../app/features/agenda/agenda.server");
const { buildAgenda } = await import("../../app/features/agenda/agenda-rules");
const { search } = await import("../../app/features/search/search.server");
const { parseSearchQuery } = await import("../../app/features/search/search-schemas");

const dashboardSource = join(ROOT, "app", "features", "dashboard", "dashboard.server.ts");
const dashboard = existsSync(dashboardSource) ? await import("../../app/features/dashboard/dashboard.server") : null;
const dashboardRules = existsSync(dashboardSource) ? await import("../../app/features/dashboard/dashboard-rules") : null;

const buildFile = join(ROOT, "build", "index.js");
const build = existsSync(buildFile) ? await import(pathToFileURL(buildFile).href) : null;
const { createRequestHandler } = await import("@remix-run/node");
const handler = build ? createRequestHandler(build, "production") : null;
/** The entry's memo of rendered pages (docs/decisions/0017-page-memo.md): emptied to time a render, kept to time a repeat. */
const pageMemo: { clear(): void } | undefined = build?.entry?.module?.pageMemo;

const cookieOf = async (userId: number) => (await createSession(userId, { ip: "127.0.0.1", userAgent: "giaoban-bench", secure: false })).split(";")[0];
const cookies = { chair: await cookieOf(facts.chairId), head: await cookieOf(facts.headId), nobody: "" };
const context = { cspNonce: "bench", clientIp: "127.0.0.1" };
/** A whole request gets a fresh nonce as server/security.js makes them: the page memo writes it into a kept page. */
const requestContext = () => ({ ...context, cspNonce: randomBytes(16).toString("base64") });
const requestFor = (path: string, cookie: string) =>
  new Request(`http://127.0.0.1${path}`, { headers: { Cookie: cookie, Accept: "text/html", "User-Agent": "giaoban-bench" } });

// ---------------------------------------------------------------- timing

interface Timed extends Summary {
  sql_ms_median: number;
}

/** Runs `fn` a few times to warm up, then repeatedly within the time budget (at least 10, at most 300 runs). */
async function time(fn: () => Promise<unknown>): Promise<Timed> {
  for (let i = 0; i < 3; i++) await fn();
  const ms: number[] = [];
  const sql: number[] = [];
  const until = performance.now() + facts.budgetMs;
  while (ms.length < 10 || (ms.length < 300 && performance.now() < until)) {
    const sql0 = sqlMs;
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
    sql.push(sqlMs - sql0);
  }
  return { ...summarise(ms), sql_ms_median: summarise(sql).median_ms };
}

// ---------------------------------------------------------------- EXPLAIN QUERY PLAN

const BIG_TABLES = new Set([
  "tasks", "blockers", "audit_events", "progress_reports", "extension_requests", "completion_reports", "agenda_items",
  "conclusions", "task_coordinators", "triage_decisions", "notifications", "sessions", "email_outbox",
]);
const explainDb = new Database(dbPath, { readonly: true });
/** Partial indexes hold only the rows their WHERE picks (pending requests, open tasks): walking one is not a walk of its table. */
const PARTIAL_INDEXES = new Set(
  (explainDb.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").all() as Array<{ name: string; sql: string }>)
    .filter((i) => /\)\s*WHERE\s/i.test(i.sql))
    .map((i) => i.name),
);

export interface Explained {
  sql: string;
  plan: string[];
  fullScans: string[];
}

async function explain(fn: () => Promise<unknown>): Promise<Explained[]> {
  capture = [];
  await fn();
  const seen = new Map<string, readonly unknown[]>();
  for (const c of capture) if (!seen.has(c.sql)) seen.set(c.sql, c.parameters);
  capture = null;
  const out: Explained[] = [];
  for (const [sql, parameters] of seen) {
    if (!/^\s*(select|with)\b/i.test(sql)) continue;
    // Aliases ("tasks" as "t") so that "SCAN t" is known as a scan of tasks.
    const alias = new Map<string, string>();
    for (const m of sql.matchAll(/"?(\w+)"?\s+as\s+"?(\w+)"?/gi)) alias.set(m[2], m[1]);
    let plan: string[];
    try {
      plan = (explainDb.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...(parameters as unknown[])) as Array<{ detail: string }>).map((r) => r.detail);
    } catch (e) {
      plan = [`(could not explain: ${e instanceof Error ? e.message : String(e)})`];
    }
    // The outer loop of a query with a LIMIT and no sort of its own walks the index in the order asked
    // and stops after LIMIT + OFFSET rows: a register page read off its order index is no full scan.
    const stopsAtLimit = /\blimit\s+\?/i.test(sql) && !plan.some((line) => /TEMP B-TREE FOR (ORDER BY|LAST|RIGHT PART)/.test(line));
    const fullScans = plan.filter((line, i) => {
      const m = line.match(/^SCAN (\w+)/);
      if (!m || /VIRTUAL TABLE/.test(line)) return false;
      if (i === 0 && stopsAtLimit) return false;
      const index = line.match(/USING (?:COVERING )?INDEX (\w+)/)?.[1];
      if (index && PARTIAL_INDEXES.has(index)) return false;
      return BIG_TABLES.has(alias.get(m[1]) ?? m[1]) || BIG_TABLES.has(m[1]);
    });
    out.push({ sql, plan, fullScans });
  }
  return out;
}

// ---------------------------------------------------------------- pages

interface PageResult {
  name: string;
  status: "ok" | "missing" | "failed";
  detail?: string;
  loader?: Timed;
  /** The whole request, rendered (the page memo emptied before each). */
  full?: Timed & { http_status: number; bytes: number };
  /** The whole request again with the same data: the render is read from the page memo. */
  repeat?: Timed;
  explain?: Explained[];
}

async function runLoaders(routes: string[], path: string, cookie: string, params: Record<string, string>) {
  for (const id of routes) {
    const loader = build.routes[id]?.module?.loader;
    if (!loader) continue;
    try {
      await loader({ request: requestFor(path, cookie), params, context });
    } catch (e) {
      // A thrown Response (a redirect) means the page did not load as this user.
      if (e instanceof Response) throw new Error(`${id} answered ${e.status} ${e.headers.get("Location") ?? ""}`);
      throw e;
    }
  }
}

const results: { pages: PageResult[]; operations: Array<{ name: string; status: string; detail?: string; timing?: Timed; explain?: Explained[] }> } = {
  pages: [],
  operations: [],
};

for (const page of pages(facts)) {
  if (!build) {
    results.pages.push({ name: page.name, status: "failed", detail: "no server build (run npm run build)" });
    continue;
  }
  if (page.routes.some((id) => !build.routes[id])) {
    results.pages.push({ name: page.name, status: "missing", detail: `route ${page.routes.find((id) => !build.routes[id])} not in the build` });
    continue;
  }
  const cookie = cookies[page.who];
  const params = page.params ?? {};
  try {
    const loader = await time(() => runLoaders(page.routes, page.path, cookie, params));
    let status = 0;
    let bytes = 0;
    const request = async () => {
      const res = await handler!(requestFor(page.path, cookie), requestContext());
      status = res.status;
      bytes = (await res.arrayBuffer()).byteLength;
    };
    const full = await time(async () => {
      pageMemo?.clear();
      await request();
    });
    const repeat = await time(request);
    const explained = await explain(() => runLoaders(page.routes, page.path, cookie, params));
    results.pages.push({ name: page.name, status: status === 200 ? "ok" : "failed", detail: status === 200 ? undefined : `HTTP ${status}`, loader, full: { ...full, http_status: status, bytes }, repeat, explain: explained });
  } catch (e) {
    results.pages.push({ name: page.name, status: "failed", detail: e instanceof Error ? e.message : String(e) });
  }
  console.error(`  in process: ${page.name} done`);
}

// ---------------------------------------------------------------- operations

const chair = await (await import("../../app/utils/auth.server")).getSessionUser(requestFor("/", cookies.chair));
const ops: Record<(typeof OPERATIONS)[number]["name"], (() => Promise<unknown>) | null> = {
  agenda_build: async () => buildAgenda(await loadAgendaInput(getDb(), facts.upcomingMeetingId)),
  // A fresh handle each call, as below: the ranked matches are kept until a write, and the target is for a search made anew.
  search_fn: async () =>
    search(chair!, parseSearchQuery(new URLSearchParams({ q: SEARCH_QUERY })), { today: facts.today, locale: "vi", db: getDb().withoutPlugins() }),
  // A fresh Kysely handle (same connection) each call: the figures' cache is per handle, so every call is a miss.
  dashboard_province_cold: dashboard
    ? async () =>
        dashboard.provinceFigures({ seriesId: facts.seriesId, range: dashboardRules!.resolveRange(null, null, facts.today), today: facts.today }, getDb().withoutPlugins())
    : null,
  dashboard_agency_cold: dashboard
    ? async () => {
        const db = getDb().withoutPlugins();
        return Promise.all([
          dashboard.agencyFigures(facts.busiestAgencyId, facts.today, db),
          // What the agency's dashboard reads of the province: its tasks' figures (the rank and the rate).
          dashboard.taskFigures({ seriesId: facts.seriesId, range: dashboardRules!.resolveRange(null, null, facts.today), today: facts.today }, db),
        ]);
      }
    : null,
};
for (const op of OPERATIONS) {
  const fn = ops[op.name];
  if (!fn) {
    results.operations.push({ name: op.name, status: "missing", detail: "app/features/dashboard not present" });
    continue;
  }
  try {
    results.operations.push({ name: op.name, status: "ok", timing: await time(fn), explain: await explain(fn) });
  } catch (e) {
    results.operations.push({ name: op.name, status: "failed", detail: e instanceof Error ? e.stack ?? e.message : String(e) });
  }
  console.error(`  in process: ${op.name} done`);
}

writeFileSync(outFile, JSON.stringify(results, null, 2));
explainDb.close();
await getDb().destroy();
