/**
 * Load run of the production server (not a timed test): `npm run load`.
 *
 *   npm run build          # once; this script builds nothing
 *   npm run load -- [--clients 50] [--seconds 30] [--keep]
 *
 * 1. Creates a scratch database in a temporary folder (never data/giaoban.db),
 *    runs db/setup.ts on it (migrations + the demo province) and adds a few
 *    demo-like agency heads, so more agencies write at once.
 * 2. Starts `node server.js` on a free loopback port (NODE_ENV=production,
 *    plain http), waits for /healthz, signs every virtual user in once.
 * 3. Prepares a meeting in session the way the office does it: the secretary
 *    schedules it and adds one agenda item per client (plus one shared item),
 *    the chair publishes the agenda, the secretary starts the session.
 * 4. Runs N clients for S seconds, each looping a weighted mix: 60 % reads,
 *    15 % blocker submissions (agency heads), 15 % progress reports (heads of
 *    the lead agency, on in-progress tasks), 10 % conclusion saves
 *    (secretaries). Each client saves conclusions on its own item (it knows
 *    the version, so a 409 there is a fault) and sometimes on the shared item
 *    with the version it last saw (409 there is the expected "someone saved
 *    meanwhile" answer, counted apart). Every write carries a unique marker.
 * 5. Stops the server, opens the database read-only and checks: every
 *    acknowledged write (the success redirect) is there, no refused write
 *    left anything, integrity_check = ok; counts 5xx, SQLITE_BUSY in the
 *    server's output and in response bodies, and answers nobody expected.
 *
 * Prints a table, writes bench/results/load-latest.json, exits 1 when a
 * must-be-zero is not zero or a write is missing.
 */
import Database from "better-sqlite3";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import { dirname, join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { addDaysToDay, vnToday } from "../app/utils/dates";
import { hashPassword } from "../app/utils/password.server";
import { DEMO_PASSWORD } from "../db/demo/quang-ninh";
import { PILLARS, SEVERITIES } from "../db/schema";

// ---------------------------------------------------------------- options

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const RESULT_FILE = join(ROOT, "bench", "results", "load-latest.json");

function parseArgs(argv: string[]) {
  const opts = { clients: 50, seconds: 30, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split("=", 2);
    const value = () => {
      const v = inline ?? argv[++i];
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} needs a positive whole number, got ${v}`);
      return n;
    };
    if (flag === "--clients") opts.clients = value();
    else if (flag === "--seconds") opts.seconds = value();
    else if (flag === "--keep") opts.keep = true;
    else if (flag === "--help" || flag === "-h") {
      console.log("npm run load -- [--clients 50] [--seconds 30] [--keep]   (--keep leaves the scratch database and server log)");
      process.exit(0);
    } else throw new Error(`unknown option ${argv[i]}`);
  }
  return opts;
}

/** The mix every client loops; weights in percent. */
const MIX = [
  { kind: "read", weight: 60 },
  { kind: "blocker", weight: 15 },
  { kind: "progress", weight: 15 },
  { kind: "conclusion", weight: 10 },
] as const;
type Kind = (typeof MIX)[number]["kind"] | "setup";
const KINDS = MIX.map((m) => m.kind);

/** Share of conclusion saves that go to the one item every secretary client shares. */
const SHARED_ITEM_SHARE = 0.2;
const REQUEST_TIMEOUT_MS = 60_000;
const BUSY = /SQLITE_BUSY|database is locked/i;

/** Extra agency heads, so blockers and progress come from more agencies at once (cheap password hash). */
const EXTRA_HEADS = [
  { username: "ld.coto", agency: "COTO", fullName: "Lương Văn Tô", title: "Chủ tịch UBND huyện Cô Tô" },
  { username: "ld.halong", agency: "HALONG", fullName: "Trịnh Thị Long", title: "Phó Chủ tịch UBND thành phố Hạ Long" },
  { username: "ld.campha", agency: "CAMPHA", fullName: "Đặng Văn Phả", title: "Phó Chủ tịch UBND thành phố Cẩm Phả" },
  { username: "ld.mongcai", agency: "MONGCAI", fullName: "Phan Thị Cái", title: "Phó Chủ tịch UBND thành phố Móng Cái" },
  { username: "ld.snn", agency: "SNN", fullName: "Lý Văn Nông", title: "Giám đốc Sở Nông nghiệp và Phát triển nông thôn" },
  { username: "ld.syt", agency: "SYT", fullName: "Tạ Thị Y", title: "Phó Giám đốc Sở Y tế" },
];
const SECRETARIES = ["thuky", "thuky2"];
const OTHER_READERS = ["chutri", "theodoi", "cv.tttt", "cv.damha"];

// ---------------------------------------------------------------- small helpers

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once("error", fail);
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      const port = typeof address === "object" && address ? address.port : 0;
      srv.close(() => ok(port));
    });
  });
}

function sourceVersion(): string | null {
  const git = spawnSync("git", ["describe", "--always", "--dirty"], { cwd: ROOT, encoding: "utf8" });
  return git.status === 0 ? git.stdout.trim() : null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

function table(rows: (string | number)[][], header: string[]): string {
  const all = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, c) => Math.max(...all.map((r) => r[c].length)));
  const line = (r: string[]) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  ");
  return [line(all[0]), widths.map((w) => "-".repeat(w)).join("  "), ...all.slice(1).map(line)].join("\n");
}

// ---------------------------------------------------------------- HTTP

interface Sample {
  kind: Kind;
  route: string;
  status: number;
  ms: number;
  outcome: "ok" | "conflict" | "unexpected" | "error";
  busyInBody: boolean;
}

interface Answer {
  status: number;
  location: string;
  body: string;
  setCookie: string[];
  /** An HTML page that does not reach </html> was cut off (e.g. by the render's stream timeout). */
  truncated: boolean;
  ms: number;
  error?: string;
}

let BASE = "";

async function send(method: "GET" | "POST", path: string, cookie: string | null, form?: Record<string, string>): Promise<Answer> {
  const headers: Record<string, string> = { "User-Agent": "giaoban-load/1", Accept: "text/html" };
  if (cookie) headers.Cookie = cookie;
  if (method === "POST") {
    headers.Origin = BASE;
    headers["Content-Type"] = "application/x-www-form-urlencoded";
  }
  const started = performance.now();
  try {
    const res = await fetch(BASE + path, {
      method,
      headers,
      body: form ? new URLSearchParams(form).toString() : undefined,
      redirect: "manual",
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const body = await res.text();
    return {
      status: res.status,
      location: res.headers.get("location") ?? "",
      body,
      setCookie: res.headers.getSetCookie(),
      truncated: (res.headers.get("content-type") ?? "").startsWith("text/html") && res.status !== 302 && !body.includes("</html>"),
      ms: performance.now() - started,
    };
  } catch (e) {
    return {
      status: 0,
      location: "",
      body: "",
      setCookie: [],
      truncated: false,
      ms: performance.now() - started,
      error: e instanceof Error ? `${e.name}: ${e.message}` : String(e),
    };
  }
}

async function signIn(username: string): Promise<string> {
  const res = await send("POST", "/login", null, { username, password: DEMO_PASSWORD, redirectTo: "/" });
  const cookie = res.setCookie.map((c) => c.split(";")[0]).find((c) => c.startsWith("gb_session="));
  if (res.status !== 302 || !cookie) throw new Error(`sign-in of ${username} failed: HTTP ${res.status} ${res.error ?? ""}`);
  return cookie;
}

/** A setup step that must redirect where expected; returns the Location. */
async function expectRedirect(what: string, path: string, cookie: string, form: Record<string, string>, pattern: RegExp): Promise<RegExpMatchArray> {
  const res = await send("POST", path, cookie, form);
  const match = res.location.match(pattern);
  if ((res.status !== 302 && res.status !== 303) || !match) {
    throw new Error(`${what}: expected a redirect matching ${pattern}, got HTTP ${res.status} ${res.location} ${res.error ?? ""} ${res.body.slice(0, 300)}`);
  }
  return match;
}

// ---------------------------------------------------------------- the run

interface Ack {
  kind: "blocker" | "progress" | "conclusion";
  marker: string;
  /** blocker id, task id, or agenda item id the write went to. */
  target: number;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (!existsSync(join(ROOT, "build", "index.js"))) {
    console.error("build/index.js is missing: run `npm run build` first (this script builds nothing).");
    process.exit(2);
  }

  const scratch = mkdtempSync(join(os.tmpdir(), "giaoban-load-"));
  const dbPath = join(scratch, "giaoban.db");
  const port = await freePort();
  BASE = `http://127.0.0.1:${port}`;
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_PATH: dbPath,
    PORT: String(port),
  };
  delete childEnv.TRUST_PROXY;
  delete childEnv.SESSION_SECRET;

  console.log(`Scratch database: ${dbPath}`);
  const setup = spawnSync(join(ROOT, "node_modules", ".bin", "tsx"), ["db/setup.ts"], { cwd: ROOT, env: childEnv, encoding: "utf8" });
  if (setup.status !== 0) {
    console.error(setup.stdout, setup.stderr);
    throw new Error(`db/setup.ts failed (exit ${setup.status})`);
  }

  // Extra agency heads and what the run needs to know, straight from the scratch database.
  const facts = await (async () => {
    const db = new Database(dbPath);
    db.pragma("busy_timeout = 5000");
    const agencyId = (code: string) => (db.prepare("SELECT id FROM agencies WHERE code = ?").get(code) as { id: number } | undefined)?.id;
    const hash = await hashPassword(DEMO_PASSWORD, { N: 2 ** 12, r: 8, p: 1 });
    const insert = db.prepare(
      "INSERT INTO users (username, email, full_name, title, password_hash, role, agency_id, updated_at) VALUES (?, ?, ?, ?, ?, 'agency_head', ?, ?)",
    );
    db.transaction(() => {
      for (const h of EXTRA_HEADS) {
        const id = agencyId(h.agency);
        if (id === undefined) throw new Error(`demo agency ${h.agency} is missing`);
        insert.run(h.username, `${h.username}@load.giaoban.invalid`, h.fullName, h.title, hash, id, new Date().toISOString());
      }
    })();
    const series = db.prepare("SELECT id FROM series WHERE code = 'CDS'").get() as { id: number };
    const heads = db.prepare("SELECT username, agency_id AS agencyId FROM users WHERE role = 'agency_head' AND active = 1 ORDER BY id").all() as {
      username: string;
      agencyId: number;
    }[];
    const tasks = db.prepare("SELECT id, lead_agency_id AS leadAgencyId FROM tasks WHERE status = 'in_progress' ORDER BY id").all() as {
      id: number;
      leadAgencyId: number;
    }[];
    const periods = new Set((db.prepare("SELECT period FROM meetings WHERE series_id = ?").all(series.id) as { period: string }[]).map((r) => r.period));
    const anyTask = db.prepare("SELECT id FROM tasks WHERE status <> 'draft' ORDER BY id LIMIT 1").get() as { id: number };
    const publishedBlocker = db.prepare("SELECT id FROM blockers WHERE status = 'resolved' ORDER BY id LIMIT 1").get() as { id: number };
    const openMeeting = db.prepare("SELECT id FROM meetings WHERE status = 'open' ORDER BY id LIMIT 1").get() as { id: number };
    const pastMeeting = db.prepare("SELECT id FROM meetings WHERE status = 'notice_issued' ORDER BY starts_at DESC LIMIT 1").get() as { id: number };
    db.close();
    return {
      seriesId: series.id,
      heads,
      tasks,
      periods,
      anyTask: anyTask.id,
      publishedBlocker: publishedBlocker.id,
      openMeeting: openMeeting.id,
      pastMeeting: pastMeeting.id,
    };
  })();

  // The server, its output kept for the SQLITE_BUSY scan.
  const logPath = join(scratch, "server.log");
  const log = createWriteStream(logPath);
  let serverOutput = "";
  const server: ChildProcess = spawn(process.execPath, ["server.js"], { cwd: ROOT, env: childEnv, stdio: ["ignore", "pipe", "pipe"] });
  const exited = new Promise<number | null>((r) => server.once("exit", (code) => r(code)));
  let serverGone = false;
  void exited.then(() => (serverGone = true));
  for (const stream of [server.stdout, server.stderr]) {
    stream?.on("data", (chunk: Buffer) => {
      serverOutput += chunk.toString();
      log.write(chunk);
    });
  }
  const stopServer = async () => {
    if (serverGone) return;
    server.kill("SIGTERM");
    const code = await Promise.race([exited, sleep(10_000).then(() => "timeout" as const)]);
    if (code === "timeout") {
      server.kill("SIGKILL");
      await exited;
    }
  };
  const onSignal = () => {
    server.kill("SIGKILL");
    process.exit(130);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  try {
    // ------------------------------------------------------------ ready, sign-ins, preparation
    const readyBy = Date.now() + 30_000;
    for (;;) {
      if (serverGone) throw new Error(`the server stopped before it was ready:\n${serverOutput}`);
      const res = await send("GET", "/healthz", null);
      if (res.status === 200) break;
      if (Date.now() > readyBy) throw new Error(`no answer from /healthz within 30 s:\n${serverOutput}`);
      await sleep(100);
    }
    console.log(`Server ready on ${BASE} (pid ${server.pid}).`);

    const cookies = new Map<string, string>();
    const everyone = [...new Set([...SECRETARIES, ...OTHER_READERS, ...facts.heads.map((h) => h.username)])];
    for (const username of everyone) cookies.set(username, await signIn(username));
    console.log(`Signed in ${cookies.size} users once each.`);
    const cookie = (u: string) => cookies.get(u)!;

    const headsByAgency = new Map<number, string>();
    for (const h of facts.heads) if (!headsByAgency.has(h.agencyId)) headsByAgency.set(h.agencyId, h.username);
    const progressPairs = facts.tasks.filter((t) => headsByAgency.has(t.leadAgencyId)).map((t) => ({ taskId: t.id, head: headsByAgency.get(t.leadAgencyId)! }));
    if (progressPairs.length === 0) throw new Error("no in-progress task has a lead agency with a head");
    const heads = facts.heads.map((h) => h.username);

    // A meeting for this month (or the first free month after it), in session.
    let period = vnToday().slice(0, 7);
    while (facts.periods.has(period)) period = addDaysToDay(`${period}-01`, 32).slice(0, 7);
    const today = vnToday();
    const scheduled = await expectRedirect(
      "schedule the meeting",
      "/meetings/new",
      cookie("thuky"),
      {
        seriesId: String(facts.seriesId),
        period,
        day: today,
        time: "08:00",
        cutoffDay: addDaysToDay(today, -3),
        cutoffTime: "17:00",
        place: "Phòng họp số 2, tải thử",
        bridgePoints: "",
      },
      /^\/meetings\/(\d+)\?scheduled=1$/,
    );
    const meetingId = Number(scheduled[1]);
    const items: number[] = [];
    for (let i = 0; i <= opts.clients; i++) {
      const m = await expectRedirect(
        "add an agenda item",
        `/meetings/${meetingId}?index`,
        cookie("thuky"),
        { intent: "add", title: i === 0 ? "Nội dung chung (tải thử)" : `Nội dung tải thử số ${i}`, kind: "report", presenterAgencyId: "", minutes: "5" },
        /#item-(\d+)$/,
      );
      items.push(Number(m[1]));
    }
    const [sharedItem, ...ownItems] = items;
    await expectRedirect(
      "publish the agenda",
      `/meetings/${meetingId}`,
      cookie("chutri"),
      { intent: "transition", transition: "publish_agenda" },
      /moved=agenda_published/,
    );
    await expectRedirect(
      "start the session",
      `/meetings/${meetingId}`,
      cookie("thuky"),
      { intent: "transition", transition: "start_session" },
      /moved=in_session/,
    );
    console.log(
      `Meeting ${meetingId} (${period}) in session with ${items.length} agenda items; ${progressPairs.length} in-progress tasks with a lead head; ${heads.length} agency heads.`,
    );

    /** What readers open, with the route name the latency table uses. */
    const READS: [path: string, route: string][] = [
      ["/", "GET /"],
      ["/meetings", "GET /meetings"],
      [`/meetings/${facts.pastMeeting}`, "GET /meetings/:id (notice issued)"],
      [`/meetings/${facts.openMeeting}`, "GET /meetings/:id (open)"],
      [`/meetings/${meetingId}`, "GET /meetings/:id (in session)"],
      ["/tasks", "GET /tasks"],
      ["/tasks?status=overdue", "GET /tasks?status=overdue"],
      [`/tasks/${facts.anyTask}`, "GET /tasks/:id"],
      ["/blockers", "GET /blockers"],
      [`/blockers/${facts.publishedBlocker}`, "GET /blockers/:id"],
    ];
    const readers = [...OTHER_READERS, ...SECRETARIES, ...heads];

    // ------------------------------------------------------------ load
    const samples: Sample[] = [];
    const acks: Ack[] = [];
    const refused: { kind: Ack["kind"]; marker: string }[] = [];
    const unanswered: { kind: Ack["kind"]; marker: string }[] = [];
    const unexpected: { route: string; status: number; detail: string }[] = [];
    /** The last acknowledged marker of each client's own item, to compare with the final conclusion text. */
    const lastOnOwnItem = new Map<number, string>();
    const sharedAcks: string[] = [];
    let ownItemConflicts = 0;

    const record = (kind: Kind, route: string, a: Answer, answered: Sample["outcome"]) => {
      const busyInBody = BUSY.test(a.body);
      const outcome = a.truncated ? "unexpected" : answered;
      if (a.truncated) a.body = `page cut off before </html> (${a.body.length} characters)`;
      samples.push({ kind, route, status: a.status, ms: a.ms, outcome, busyInBody });
      if (outcome === "unexpected" && unexpected.length < 50)
        unexpected.push({ route, status: a.status, detail: (a.location || a.body.replace(/\s+/g, " ").slice(0, 160)).slice(0, 200) });
      if (outcome === "error" && unexpected.length < 50) unexpected.push({ route, status: 0, detail: a.error ?? "" });
    };
    const isRedirect = (a: Answer) => a.status === 302 || a.status === 303;
    const marker = () => `LT-${randomUUID()}`;
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(Math.random() * xs.length)];
    const versionIn = (html: string, itemId: number) => {
      const at = html.indexOf(`name="itemId" value="${itemId}"`);
      if (at < 0) return null;
      const m = html.slice(at, at + 300).match(/name="version" value="(\d+)"/);
      return m ? Number(m[1]) : null;
    };

    let deadline = 0;
    const client = async (n: number) => {
      const reader = cookie(readers[n % readers.length]);
      const head = cookie(heads[n % heads.length]);
      const pair = progressPairs[n % progressPairs.length];
      const pairCookie = cookie(pair.head);
      const secretary = cookie(SECRETARIES[n % SECRETARIES.length]);
      const ownItem = ownItems[n];
      let ownVersion = 0;
      let sharedVersion = 0;
      const total = MIX.reduce((s, m) => s + m.weight, 0);

      while (performance.now() < deadline) {
        let roll = Math.random() * total;
        const kind = MIX.find((m) => (roll -= m.weight) < 0)?.kind ?? "read";
        if (kind === "read") {
          const [path, route] = pick(READS);
          const a = await send("GET", path, reader);
          record("read", route, a, a.status === 200 ? "ok" : a.status === 0 ? "error" : "unexpected");
        } else if (kind === "blocker") {
          const m = marker();
          const a = await send("POST", "/blockers/new", head, {
            intent: "submit",
            seriesId: String(facts.seriesId),
            title: `Tải thử ${m}: chưa có đường truyền cho bộ phận một cửa`,
            description: `Mô tả khó khăn (tải thử ${m}). Bộ phận một cửa cấp xã chưa có đường truyền số liệu chuyên dùng ổn định.`,
            pillar: pick(PILLARS),
            severity: pick(SEVERITIES),
            helpAgencyId: "",
            proposal: "Đề nghị Sở Thông tin và Truyền thông hỗ trợ kết nối mạng truyền số liệu chuyên dùng.",
            planTarget: "",
          });
          const ok = isRedirect(a) ? a.location.match(/^\/blockers\/(\d+)\?done=submitted$/) : null;
          if (ok) acks.push({ kind: "blocker", marker: m, target: Number(ok[1]) });
          else if (a.status === 0) unanswered.push({ kind: "blocker", marker: m });
          else refused.push({ kind: "blocker", marker: m });
          record("blocker", "POST /blockers/new", a, ok ? "ok" : a.status === 0 ? "error" : "unexpected");
        } else if (kind === "progress") {
          const m = marker();
          const a = await send("POST", `/tasks/${pair.taskId}`, pairCookie, {
            intent: "report-progress",
            body: `Báo cáo tiến độ (tải thử ${m}): đã triển khai thêm một phần khối lượng công việc.`,
            percent: String(Math.floor(Math.random() * 100)),
            reportDate: "",
          });
          const ok = isRedirect(a) && a.location.startsWith(`/tasks/${pair.taskId}?done=report-progress`);
          if (ok) acks.push({ kind: "progress", marker: m, target: pair.taskId });
          else if (a.status === 0) unanswered.push({ kind: "progress", marker: m });
          else refused.push({ kind: "progress", marker: m });
          record("progress", "POST /tasks/:id", a, ok ? "ok" : a.status === 0 ? "error" : "unexpected");
        } else {
          const shared = Math.random() < SHARED_ITEM_SHARE;
          const itemId = shared ? sharedItem : ownItem;
          const version = shared ? sharedVersion : ownVersion;
          const m = marker();
          const a = await send("POST", `/meetings/${meetingId}/session`, secretary, {
            intent: "conclude",
            itemId: String(itemId),
            body: `Kết luận (tải thử ${m}): giao các đơn vị liên quan khẩn trương triển khai, báo cáo tại phiên họp sau.`,
            version: String(version),
          });
          const route = shared ? "POST /meetings/:id/session (shared item)" : "POST /meetings/:id/session (own item)";
          const ok = isRedirect(a) && a.location.startsWith(`/meetings/${meetingId}/session?saved=1`);
          if (ok) {
            acks.push({ kind: "conclusion", marker: m, target: itemId });
            if (shared) {
              sharedVersion = version + 1;
              sharedAcks.push(m);
            } else {
              ownVersion = version + 1;
              lastOnOwnItem.set(itemId, m);
            }
            record("conclusion", route, a, "ok");
          } else if (a.status === 409) {
            refused.push({ kind: "conclusion", marker: m });
            const current = versionIn(a.body, itemId);
            if (shared) {
              if (current !== null) sharedVersion = current;
              record("conclusion", route, a, current !== null ? "conflict" : "unexpected");
            } else {
              // Nobody else writes this item: a conflict here means the server lost count.
              ownItemConflicts++;
              if (current !== null) ownVersion = current;
              record("conclusion", route, a, "unexpected");
            }
          } else {
            if (a.status === 0) unanswered.push({ kind: "conclusion", marker: m });
            else refused.push({ kind: "conclusion", marker: m });
            record("conclusion", route, a, a.status === 0 ? "error" : "unexpected");
          }
        }
      }
    };

    console.log(`Load: ${opts.clients} clients for ${opts.seconds} s …`);
    const loadAverageBefore = os.loadavg().map((l) => round(l, 2));
    const started = performance.now();
    deadline = started + opts.seconds * 1000;
    await Promise.all(Array.from({ length: opts.clients }, (_, n) => client(n)));
    const elapsedS = (performance.now() - started) / 1000;

    await stopServer();
    await new Promise<void>((r) => log.end(r));

    // ------------------------------------------------------------ checks
    const db = new Database(dbPath, { readonly: true, fileMustExist: true });
    const integrity = String(db.pragma("integrity_check", { simple: true }));
    const fkViolations = (db.pragma("foreign_key_check") as unknown[]).length;
    const markerRe = /LT-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;
    const stored = new Map<string, { kind: Ack["kind"]; target: number; status?: string }>();
    for (const r of db.prepare("SELECT id, title, status FROM blockers WHERE title LIKE 'Tải thử LT-%'").all() as {
      id: number;
      title: string;
      status: string;
    }[]) {
      const m = r.title.match(markerRe);
      if (m) stored.set(m[0], { kind: "blocker", target: r.id, status: r.status });
    }
    for (const r of db.prepare("SELECT task_id, body FROM progress_reports WHERE body LIKE '%LT-%'").all() as { task_id: number; body: string }[]) {
      const m = r.body.match(markerRe);
      if (m) stored.set(m[0], { kind: "progress", target: r.task_id });
    }
    // Every save of a conclusion is in its audit event with the full text, so overwritten saves still count.
    for (const r of db
      .prepare(
        "SELECT after_json FROM audit_events WHERE entity_type = 'conclusion' AND action IN ('conclusion.recorded', 'conclusion.edited') AND after_json LIKE '%LT-%'",
      )
      .all() as { after_json: string }[]) {
      const after = JSON.parse(r.after_json) as { body: string; agenda_item_id: number };
      const m = after.body.match(markerRe);
      if (m) stored.set(m[0], { kind: "conclusion", target: after.agenda_item_id });
    }
    const finalBodies = new Map(
      (db.prepare("SELECT agenda_item_id, body FROM conclusions WHERE meeting_id = ?").all(meetingId) as { agenda_item_id: number; body: string }[]).map(
        (r) => [r.agenda_item_id, r.body.match(markerRe)?.[0] ?? ""],
      ),
    );
    db.close();

    const missing = acks.filter((a) => {
      const s = stored.get(a.marker);
      return !s || s.kind !== a.kind || s.target !== a.target || (a.kind === "blocker" && s.status !== "submitted");
    });
    const staleOwnItems = [...lastOnOwnItem].filter(([item, m]) => finalBodies.get(item) !== m).length;
    const sharedFinalOk = sharedAcks.length === 0 || sharedAcks.includes(finalBodies.get(sharedItem) ?? "");
    const refusedButStored = refused.filter((r) => stored.has(r.marker)).length;
    const unansweredButStored = unanswered.filter((r) => stored.has(r.marker)).length;

    const busyLines = serverOutput.split("\n").filter((l) => BUSY.test(l));
    const count = (f: (s: Sample) => boolean) => samples.filter(f).length;
    const fivexx = count((s) => s.status >= 500);
    const busyBodies = count((s) => s.busyInBody);
    const errors = count((s) => s.outcome === "error");
    const unexpectedCount = count((s) => s.outcome === "unexpected");
    const conflicts = count((s) => s.outcome === "conflict");

    const latency = (f: (s: Sample) => boolean) => {
      const ms = samples
        .filter(f)
        .map((s) => s.ms)
        .sort((a, b) => a - b);
      return {
        requests: ms.length,
        p50: round(percentile(ms, 50)),
        p95: round(percentile(ms, 95)),
        p99: round(percentile(ms, 99)),
        max: round(ms.at(-1) ?? 0),
      };
    };
    const byKind = Object.fromEntries(KINDS.map((k) => [k, latency((s) => s.kind === k)]));
    const routes = [...new Set(samples.map((s) => s.route))].sort();
    const byRoute = Object.fromEntries(routes.map((r) => [r, latency((s) => s.route === r)]));
    const byStatus: Record<string, number> = {};
    for (const s of samples) byStatus[s.status === 0 ? "no answer" : String(s.status)] = (byStatus[s.status === 0 ? "no answer" : String(s.status)] ?? 0) + 1;
    const acksByKind = Object.fromEntries((["blocker", "progress", "conclusion"] as const).map((k) => [k, acks.filter((a) => a.kind === k).length]));
    const served = samples.filter((s) => s.status > 0).length;

    const checks = {
      "5xx responses": { value: fivexx, ok: fivexx === 0 },
      "SQLITE_BUSY in server output": { value: busyLines.length, ok: busyLines.length === 0 },
      "SQLITE_BUSY in response bodies": { value: busyBodies, ok: busyBodies === 0 },
      "acknowledged writes missing": { value: missing.length, ok: missing.length === 0 },
      "refused writes found stored": { value: refusedButStored, ok: refusedButStored === 0 },
      "own-item conclusions not the last save": { value: staleOwnItems + (sharedFinalOk ? 0 : 1), ok: staleOwnItems === 0 && sharedFinalOk },
      "requests without an answer": { value: errors, ok: errors === 0 },
      "unexpected answers": { value: unexpectedCount, ok: unexpectedCount === 0 },
      integrity_check: { value: integrity, ok: integrity === "ok" },
      "foreign_key_check rows": { value: fkViolations, ok: fkViolations === 0 },
      "write kinds with no acknowledged write": {
        value: Object.values(acksByKind).filter((n) => n === 0).length,
        ok: Object.values(acksByKind).every((n) => n > 0),
      },
    };
    const passed = Object.values(checks).every((c) => c.ok);

    // ------------------------------------------------------------ report
    const machine = {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? "unknown",
      memoryGiB: round(os.totalmem() / 2 ** 30),
      platform: `${os.platform()} ${os.release()}`,
      node: process.version,
    };
    console.log(`\nGiao Ban under load — ${new Date().toISOString()} — ${machine.cpus} CPUs (${machine.cpuModel}), Node ${machine.node}`);
    console.log(`${opts.clients} clients, ${round(elapsedS)} s, client and server on the same machine (loopback)\n`);
    console.log(`requests served: ${served}   req/s: ${round(served / elapsedS)}\n`);
    console.log(
      table(
        [
          ...KINDS.map((k) => [k, byKind[k].requests, byKind[k].p50, byKind[k].p95, byKind[k].p99, byKind[k].max]),
          ...[["all", ...Object.values(latency(() => true))]],
        ],
        ["kind", "requests", "p50 ms", "p95 ms", "p99 ms", "max ms"],
      ),
    );
    console.log();
    console.log(
      table(
        routes.map((r) => [r, byRoute[r].requests, byRoute[r].p50, byRoute[r].p95, byRoute[r].p99, byRoute[r].max]),
        ["route", "requests", "p50 ms", "p95 ms", "p99 ms", "max ms"],
      ),
    );
    console.log(
      `\nby status: ${Object.entries(byStatus)
        .map(([s, n]) => `${s}: ${n}`)
        .join(", ")}`,
    );
    console.log(
      `acknowledged writes: ${acks.length} (blockers ${acksByKind.blocker}, progress ${acksByKind.progress}, conclusions ${acksByKind.conclusion}); found afterwards: ${acks.length - missing.length}`,
    );
    console.log(`409 conflicts on the shared item (expected): ${conflicts}; on a client's own item: ${ownItemConflicts}`);
    if (unanswered.length) console.log(`writes without an answer: ${unanswered.length}, of which stored: ${unansweredButStored}`);
    console.log();
    console.log(
      table(
        Object.entries(checks).map(([name, c]) => [name, String(c.value), c.ok ? "ok" : "FAIL"]),
        ["check", "value", ""],
      ),
    );
    if (unexpected.length) {
      console.log("\nUnexpected answers (first 10):");
      for (const u of unexpected.slice(0, 10)) console.log(`  ${u.status} ${u.route}: ${u.detail}`);
    }
    if (busyLines.length) console.log(`\nSQLITE_BUSY lines in the server output (first 5):\n${busyLines.slice(0, 5).join("\n")}`);
    if (missing.length)
      console.log(
        `\nMissing (first 10): ${missing
          .slice(0, 10)
          .map((m) => `${m.kind} ${m.target} ${m.marker}`)
          .join("; ")}`,
      );

    const result = {
      date: new Date().toISOString(),
      /** The code measured: `git describe --always --dirty` of this checkout (the build is assumed to match it). */
      source: sourceVersion(),
      machine,
      options: {
        clients: opts.clients,
        seconds: opts.seconds,
        mix: Object.fromEntries(MIX.map((m) => [m.kind, m.weight])),
        sharedItemShare: SHARED_ITEM_SHARE,
      },
      elapsedSeconds: round(elapsedS, 2),
      /** The machine's 1/5/15-minute load average just before the run: other work on it skews the numbers. */
      loadAverageBefore,
      requestsServed: served,
      requestsPerSecond: round(served / elapsedS),
      latencyMsByKind: byKind,
      latencyMsAll: latency(() => true),
      latencyMsByRoute: byRoute,
      byStatus,
      fivexx,
      sqliteBusy: { serverOutput: busyLines.length, responseBodies: busyBodies },
      acknowledgedWrites: { total: acks.length, ...acksByKind, found: acks.length - missing.length },
      conflicts409: { sharedItem: conflicts, ownItem: ownItemConflicts },
      unanswered: { writes: unanswered.length, stored: unansweredButStored, requests: errors },
      unexpectedAnswers: { count: unexpectedCount, first: unexpected.slice(0, 10) },
      integrityCheck: integrity,
      foreignKeyViolations: fkViolations,
      checks: Object.fromEntries(Object.entries(checks).map(([k, c]) => [k, c.ok])),
      passed,
    };
    mkdirSync(dirname(RESULT_FILE), { recursive: true });
    writeFileSync(RESULT_FILE, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`\n${passed ? "PASS" : "FAIL"} — results in bench/results/load-latest.json`);

    if (opts.keep || !passed) console.log(`Scratch database and server log kept in ${scratch}`);
    else rmSync(scratch, { recursive: true, force: true });
    return passed ? 0 : 1;
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    console.error(`Scratch database and server log kept in ${scratch}`);
    return 1;
  } finally {
    await stopServer();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

process.exitCode = await main();
