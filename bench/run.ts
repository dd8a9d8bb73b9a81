/**
 * `npm run bench` — a month of officials at work, against the production
 * server on a synthetic province (docs/decisions/0014-benchmark.md).
 *
 *   npm run build                 # once; this script builds the floor app only
 *   npm run bench [-- --size S|L] [--seed N] [--open-seconds 60] [--rates 50,150]
 *                 [--closed-seconds 30] [--connections 50] [--after-write-runs 20] [--keep] [--no-write] [--cache on|off]
 *
 * For each size:
 * 1. bench/generate.ts builds the province into a scratch folder (never data/).
 * 2. `node server.js` (NODE_ENV=production) on a free loopback port. Every
 *    bench user (≥ 300, every role and agency) gets a session. The secretary
 *    schedules a meeting, adds its agenda, the chair publishes it and the
 *    secretary starts the session, through the real forms.
 * 3. Closed loop: N connections send the month's mix as fast as the server
 *    answers, after a warm-up: requests per second.
 * 4. Open loop: requests arrive at a fixed rate (Poisson), whatever the
 *    answers, for each rate: latency percentiles per page and overall,
 *    errors, and the server's CPU per request (from /proc).
 * 5. After a write: for every page, its first view right after a write, one
 *    at a time on the otherwise idle server.
 * 6. The server's RSS, read after it has been quiet for 5 s.
 * Then the floor: a bare Remix app (bench/floor) built and served the same
 * way, in a closed loop with the same N connections.
 * Writes bench/results/latest.json (and a dated copy) and puts the table in
 * the README's "Performance".
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import { dirname, join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { BENCH_USERS, generate, headUsername, SIZES, type Size } from "./generate";
import { itemVersionReader, lastPeriod, readFacts } from "./lib/facts";
import { client, type Answer, type Client } from "./lib/http";
import { nextRequest, weightedPeople, type MonthFacts, type Person, type PlannedRequest } from "./lib/month";
import { rng } from "./lib/random";
import { markdownTable, percentile, round, table } from "./lib/stats";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const RESULTS = join(ROOT, "bench", "results");
const TSX = join(ROOT, "node_modules", ".bin", "tsx");
const FLOOR = join(ROOT, "bench", "floor");
const SECRET = "bench-only-session-secret-bench-only-0123456789";

/** The targets at L (issue 16), with the machine's 2 cores shared by client and server. */
export const TARGETS = { open150: { p99_ms: 150, p999_ms: 400, errors: 0 }, afterWriteP95Ms: 30, closedReqPerS: 250, rssMb: 250 } as const;

// ---------------------------------------------------------------- options

function parseArgs(argv: string[]) {
  const opts = {
    sizes: ["S", "L"] as Size[],
    seed: 20261127,
    openSeconds: 60,
    rates: [50, 150],
    closedSeconds: 30,
    connections: 50,
    afterWriteRuns: 20,
    keep: false,
    write: true,
    profile: "",
    /** "off": the server computes every result afresh (RESULT_CACHE=off), to weigh the results kept until the next write. */
    cache: "on" as "on" | "off",
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split("=", 2);
    const value = () => inline ?? argv[++i];
    const num = () => {
      const v = Number(value());
      if (!Number.isFinite(v) || v <= 0) throw new Error(`${flag} needs a positive number`);
      return v;
    };
    if (flag === "--size") {
      const s = value()?.toUpperCase();
      if (s !== "S" && s !== "L") throw new Error(`--size must be S or L, got ${s}`);
      opts.sizes = [s];
    } else if (flag === "--seed") opts.seed = num();
    else if (flag === "--open-seconds") opts.openSeconds = num();
    else if (flag === "--rates") opts.rates = value().split(",").map(Number);
    else if (flag === "--closed-seconds") opts.closedSeconds = num();
    else if (flag === "--connections") opts.connections = num();
    else if (flag === "--after-write-runs") opts.afterWriteRuns = num();
    else if (flag === "--keep") opts.keep = true;
    else if (flag === "--no-write") opts.write = false;
    else if (flag === "--profile") opts.profile = resolve(value());
    else if (flag === "--cache") {
      const v = value();
      if (v !== "on" && v !== "off") throw new Error(`--cache must be on or off, got ${v}`);
      opts.cache = v;
    } else if (flag === "--help" || flag === "-h") {
      console.log(
        "npm run bench -- [--size S|L] [--seed N] [--open-seconds 60] [--rates 50,150] [--closed-seconds 30] [--connections 50] [--after-write-runs 20] [--keep] [--no-write: print only, leave latest.json and the README] [--profile DIR: a V8 CPU profile of the server per size] [--cache on|off: off computes every result afresh, to weigh the results kept until the next write]",
      );
      process.exit(0);
    } else throw new Error(`unknown option ${argv[i]}`);
  }
  return opts;
}
type Options = ReturnType<typeof parseArgs>;

// ---------------------------------------------------------------- processes

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once("error", fail);
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      srv.close(() => ok(typeof address === "object" && address ? address.port : 0));
    });
  });
}

function machine() {
  const cpuinfo = existsSync("/proc/cpuinfo") ? readFileSync("/proc/cpuinfo", "utf8") : "";
  const model = cpuinfo.match(/^model name\s*:\s*(.+)$/m)?.[1] ?? os.cpus()[0]?.model ?? "unknown";
  return {
    nproc: os.availableParallelism(),
    cpu_model: model.trim(),
    memory_gib: round(os.totalmem() / 2 ** 30, 1),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}

/** The process's CPU time so far (user + system), in ms. */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
}

function rssMb(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (key: string) => Number(status.match(new RegExp(`^${key}:\\s+(\\d+) kB`, "m"))?.[1] ?? 0);
  return { rss: round(kb("VmRSS") / 1024, 1), peak: round(kb("VmHWM") / 1024, 1) };
}

async function startServer(script: string, env: NodeJS.ProcessEnv, nodeArgs: string[] = []): Promise<{ child: ChildProcess; base: string; log: () => string }> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let log = "";
  const child = spawn(process.execPath, [...nodeArgs, script], { cwd: ROOT, env: { ...env, PORT: String(port) }, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.on("data", (d) => (log += d));
  child.stderr!.on("data", (d) => (log += d));
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`${script} exited: ${log}`);
    try {
      const res = await fetch(`${base}/`, { redirect: "manual" });
      if (res.status < 500) return { child, base, log: () => log };
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`${script} did not answer: ${log}`);
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return;
  child.kill("SIGTERM");
  await Promise.race([new Promise((r) => child.once("exit", r)), sleep(5000).then(() => child.kill("SIGKILL"))]);
}

// ---------------------------------------------------------------- the meeting in session

async function meetingInSession(
  http: Client,
  cookies: Record<string, string>,
  seriesId: number,
  afterPeriod: string,
): Promise<{ meetingId: number; items: number[] }> {
  const secretary = cookies[BENCH_USERS.secretary];
  const chair = cookies[BENCH_USERS.chair];
  const [y, m] = afterPeriod.split("-").map(Number);
  const period = `${m === 12 ? y + 1 : y}-${String(m === 12 ? 1 : m + 1).padStart(2, "0")}`;
  const day = `${period}-10`;
  const must = (what: string, a: Answer, pattern: RegExp) => {
    const match = a.location.match(pattern);
    if (a.status !== 302 || !match) throw new Error(`${what}: HTTP ${a.status} ${a.location} ${a.error ?? ""}`);
    return match;
  };
  const scheduled = must(
    "schedule",
    await http.send("POST", "/meetings/new", secretary, {
      seriesId: String(seriesId),
      period,
      day,
      time: "08:00",
      cutoffDay: `${period}-05`,
      cutoffTime: "17:00",
      place: "Phòng họp số 1",
      bridgePoints: "",
    }),
    /^\/meetings\/(\d+)/,
  );
  const meetingId = Number(scheduled[1]);
  const items: number[] = [];
  for (let i = 1; i <= 40; i++) {
    const added = must(
      "agenda item",
      await http.send("POST", `/meetings/${meetingId}?index`, secretary, {
        intent: "add",
        title: `Nội dung số ${i}: tháo gỡ vướng mắc của các đơn vị`,
        kind: "report",
        presenterAgencyId: "",
        minutes: "5",
      }),
      /#item-(\d+)$/,
    );
    items.push(Number(added[1]));
  }
  must("publish", await http.send("POST", `/meetings/${meetingId}`, chair, { intent: "transition", transition: "publish_agenda" }), /moved=agenda_published/);
  must("start", await http.send("POST", `/meetings/${meetingId}`, secretary, { intent: "transition", transition: "start_session" }), /moved=in_session/);
  return { meetingId, items };
}

// ---------------------------------------------------------------- the month's traffic

interface Sample {
  page: string;
  kind: "read" | "write";
  status: number;
  ms: number;
  outcome: "ok" | "conflict" | "error";
}

class Month {
  readonly r = rng(7);
  readonly crowd: Person[];
  readonly versions = new Map<number, number>();
  private n = 0;
  readonly urls = new Set<string>();
  /** The first few answers that were errors, to say what they were. */
  readonly errorExamples: string[] = [];

  constructor(
    readonly http: Client,
    readonly facts: MonthFacts,
    people: Person[],
    readonly cookies: Record<string, string>,
    /** The version an item has now, read after a 409 as the writer's reload would show it. */
    readonly storedVersion: (itemId: number) => number,
  ) {
    this.crowd = weightedPeople(people);
    for (const id of facts.sessionItems) this.versions.set(id, 1);
  }

  /** One request of someone at work; its outcome as the user would see it. */
  async one(): Promise<Sample> {
    const who = this.r.pick(this.crowd);
    const planned: PlannedRequest = nextRequest(this.r, this.facts, who, `b${++this.n}`);
    const form = planned.form ? { ...planned.form } : undefined;
    const itemId = form?.intent === "conclude" ? Number(form.itemId) : null;
    if (form && itemId !== null) form.version = String(this.versions.get(itemId) ?? 1);
    this.urls.add(planned.path);
    const a = await this.http.send(planned.method, planned.path, this.cookies[who.username], form);
    let outcome: Sample["outcome"] = "error";
    if (planned.method === "GET" ? a.status === 200 : a.status === 302 || a.status === 303) outcome = "ok";
    else if (a.status === 409 && planned.kind === "write") outcome = "conflict"; // someone saved meanwhile, or the record moved on: the user is told
    if (outcome === "error" && this.errorExamples.length < 20) this.errorExamples.push(`${planned.method} ${planned.path} → ${a.status || a.error}`);
    if (itemId !== null) {
      if (outcome === "ok") this.versions.set(itemId, (this.versions.get(itemId) ?? 1) + 1);
      else if (outcome === "conflict") this.versions.set(itemId, this.storedVersion(itemId));
    }
    return { page: planned.page, kind: planned.kind, status: a.status, ms: a.ms, outcome };
  }
}

interface Percentiles {
  requests: number;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
  p999_ms: number;
  errors: number;
}

function percentiles(samples: Sample[]): Percentiles {
  const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
  return {
    requests: samples.length,
    p50_ms: round(percentile(ms, 50), 1),
    p95_ms: round(percentile(ms, 95), 1),
    p99_ms: round(percentile(ms, 99), 1),
    p999_ms: round(percentile(ms, 99.9), 1),
    errors: samples.filter((s) => s.outcome === "error").length,
  };
}

function byPage(samples: Sample[]): Record<string, Percentiles & { statuses: Record<string, number> }> {
  const groups = new Map<string, Sample[]>();
  for (const s of samples) groups.set(s.page, [...(groups.get(s.page) ?? []), s]);
  return Object.fromEntries(
    [...groups]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([page, list]) => {
        const statuses: Record<string, number> = {};
        for (const s of list) statuses[s.status] = (statuses[s.status] ?? 0) + 1;
        return [page, { ...percentiles(list), statuses }];
      }),
  );
}

async function closedLoop(work: () => Promise<{ outcome: string }>, connections: number, seconds: number) {
  const end = performance.now() + seconds * 1000;
  let done = 0;
  let errors = 0;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < end) {
        const s = await work();
        done++;
        if (s.outcome === "error") errors++;
      }
    }),
  );
  return { requests: done, errors, req_per_s: round(done / seconds, 1) };
}

/** Requests at `rate` per second on average, each arriving independently of the answers (Poisson). */
async function openLoop(month: Month, pid: number, rate: number, seconds: number) {
  const samples: Sample[] = [];
  const pending: Promise<void>[] = [];
  const r = rng(rate);
  const cpu0 = cpuMs(pid);
  const start = performance.now();
  let at = start;
  while (at < start + seconds * 1000) {
    const wait = at - performance.now();
    if (wait > 1) await sleep(wait);
    pending.push(month.one().then((s) => void samples.push(s)));
    at += (-Math.log(1 - r.next()) / rate) * 1000;
  }
  await Promise.all(pending);
  const cpu = cpuMs(pid) - cpu0;
  const all = percentiles(samples);
  return {
    rate,
    seconds,
    ...all,
    cpu_ms_per_request: round(cpu / Math.max(1, samples.length), 2),
    server_cpu_share: round(cpu / (performance.now() - start), 2),
    pages: byPage(samples),
  };
}

// ---------------------------------------------------------------- after a write

interface AfterWritePage {
  label: string;
  path: string;
  who: string;
}

async function afterWrite(http: Client, facts: MonthFacts, cookies: Record<string, string>, runs: number, busiest: { id: number; code: string }) {
  const head = cookies[headUsername(busiest.code)];
  const chair = cookies[BENCH_USERS.chair];
  const tasks = facts.openTasksByAgency.get(busiest.id) ?? [];
  if (!tasks.length) throw new Error("the busiest agency has no task in progress");
  const pages: AfterWritePage[] = [
    { label: "home", path: "/", who: head },
    { label: "province_dashboard", path: "/dashboard", who: chair },
    { label: "agency_dashboard", path: "/dashboard", who: head },
    { label: "tasks_first_page", path: "/tasks?agency=all", who: chair },
    { label: "tasks_filtered", path: `/tasks?agency=${busiest.id}&status=overdue`, who: head },
    { label: "task", path: `/tasks/${tasks[0]}`, who: head },
    { label: "blockers", path: "/blockers", who: chair },
    { label: "blocker", path: `/blockers/${facts.publishedBlockers[0]}`, who: head },
    { label: "meeting", path: `/meetings/${facts.sessionMeetingId}`, who: chair },
    { label: "session", path: `/meetings/${facts.sessionMeetingId}/session`, who: chair },
    { label: "notice", path: `/meetings/${facts.noticeMeetings.at(-1)}/notice`, who: head },
    { label: "search", path: `/search?q=${encodeURIComponent("dữ liệu đất đai")}`, who: head },
  ];
  const out: Record<string, { p50_ms: number; p95_ms: number; max_ms: number }> = {};
  for (const page of pages) {
    const ms: number[] = [];
    for (let i = 0; i < runs; i++) {
      const w = await http.send("POST", `/tasks/${tasks[i % tasks.length]}`, head, {
        intent: "report-progress",
        body: `Báo cáo tiến độ sau ghi ${i}: đã triển khai thêm.`,
        percent: "50",
        reportDate: "",
      });
      if (w.status !== 302) throw new Error(`after-write: the write answered ${w.status}`);
      const a = await http.send("GET", page.path, page.who);
      if (a.status !== 200) throw new Error(`after-write: ${page.path} answered ${a.status}`);
      ms.push(a.ms);
    }
    ms.sort((a, b) => a - b);
    out[page.label] = { p50_ms: round(percentile(ms, 50), 1), p95_ms: round(percentile(ms, 95), 1), max_ms: round(ms.at(-1)!, 1) };
  }
  return out;
}

// ---------------------------------------------------------------- one size

async function runSize(size: Size, opts: Options) {
  const scratch = mkdtempSync(join(os.tmpdir(), `giaoban-bench-${size}-`));
  const dbPath = join(scratch, "giaoban.db");
  try {
    console.log(`\n== size ${size}: generating ${JSON.stringify(SIZES[size])} …`);
    const gen = await generate({ size, seed: opts.seed, path: dbPath });
    console.log(`   ${round(gen.seconds, 1)} s, ${round(gen.bytes / 2 ** 20, 1)} MB`);
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", DATABASE_PATH: dbPath, SESSION_SECRET: SECRET, RESULT_CACHE: opts.cache };
    delete env.TRUST_PROXY;
    const sessions = spawnSync(TSX, ["bench/lib/sessions.ts"], { cwd: ROOT, env, encoding: "utf8", maxBuffer: 64 * 2 ** 20 });
    if (sessions.status !== 0) throw new Error(`sessions: ${sessions.stderr}`);
    const cookies = JSON.parse(sessions.stdout) as Record<string, string>;
    const server = await startServer("server.js", env, opts.profile ? ["--cpu-prof", `--cpu-prof-dir=${opts.profile}`] : []);
    const pid = server.child.pid!;
    const http = client(server.base);
    const versions = itemVersionReader(dbPath);
    try {
      const session = await meetingInSession(http, cookies, gen.facts.seriesId, lastPeriod(dbPath));
      const { facts, people } = readFacts(dbPath, session);
      const month = new Month(http, facts, people, cookies, versions.read);
      console.log(`   ${people.length} people signed in; meeting ${session.meetingId} in session with ${session.items.length} items`);

      await closedLoop(() => month.one(), 20, 5); // warm-up: JIT, statement cache, page cache
      console.log(`   closed loop, ${opts.connections} connections, ${opts.closedSeconds} s …`);
      const cpu0 = cpuMs(pid);
      const closed = await closedLoop(() => month.one(), opts.connections, opts.closedSeconds);
      const closedCpu = (cpuMs(pid) - cpu0) / Math.max(1, closed.requests);
      console.log(`   ${closed.req_per_s} req/s, ${closed.errors} errors, ${round(closedCpu, 1)} ms CPU/request`);

      const open: Record<string, Awaited<ReturnType<typeof openLoop>>> = {};
      for (const rate of opts.rates) {
        console.log(`   open loop at ${rate} req/s for ${opts.openSeconds} s …`);
        open[String(rate)] = await openLoop(month, pid, rate, opts.openSeconds);
        const o = open[String(rate)];
        console.log(
          `   p50 ${o.p50_ms} ms, p99 ${o.p99_ms} ms, p99.9 ${o.p999_ms} ms, ${o.errors} errors of ${o.requests}, ${o.cpu_ms_per_request} ms CPU/request`,
        );
        await sleep(3000);
      }

      console.log(`   first view after a write, ${opts.afterWriteRuns} runs per page …`);
      const after = await afterWrite(http, facts, cookies, opts.afterWriteRuns, { id: gen.facts.busiestAgencyId, code: gen.facts.busiestAgencyCode });

      await sleep(5000);
      const memory = rssMb(pid);
      return {
        size,
        date: new Date().toISOString(),
        result_cache: opts.cache,
        generation: { seconds: round(gen.seconds, 1), db_mb: round(gen.bytes / 2 ** 20, 1), counts: gen.counts, seed: gen.seed, today: gen.today },
        people: people.length,
        distinct_urls: month.urls.size,
        error_examples: month.errorExamples,
        closed_loop: { connections: opts.connections, seconds: opts.closedSeconds, ...closed, cpu_ms_per_request: round(closedCpu, 2), ratio_to_floor: 0 },
        open_loop: open,
        after_write: after,
        rss_mb: memory.rss,
        peak_rss_mb: memory.peak,
        server_errors_logged: (server.log().match(/SQLITE_BUSY|database is locked|Error:/g) ?? []).length,
      };
    } finally {
      versions.close();
      http.close();
      await stop(server.child);
    }
  } finally {
    if (!opts.keep) rmSync(scratch, { recursive: true, force: true });
    else console.log(`   kept ${scratch}`);
  }
}
type SizeResult = Awaited<ReturnType<typeof runSize>>;

async function floor(opts: Options) {
  const built = join(FLOOR, "build", "index.js");
  if (!existsSync(built) || statSync(built).mtimeMs < statSync(join(FLOOR, "app", "routes", "_index.tsx")).mtimeMs) {
    const b = spawnSync(join(ROOT, "node_modules", ".bin", "remix"), ["build"], {
      cwd: FLOOR,
      env: { ...process.env, NODE_ENV: "production" },
      encoding: "utf8",
    });
    if (b.status !== 0) throw new Error(`floor build: ${b.stderr}`);
  }
  const server = await startServer(join(FLOOR, "server.js"), { ...process.env, NODE_ENV: "production" });
  const http = client(server.base);
  try {
    await closedLoop(async () => ({ outcome: (await http.send("GET", "/", null)).status === 200 ? "ok" : "error" }), 20, 3);
    return await closedLoop(
      async () => ({ outcome: (await http.send("GET", "/", null)).status === 200 ? "ok" : "error" }),
      opts.connections,
      opts.closedSeconds,
    );
  } finally {
    http.close();
    await stop(server.child);
  }
}

// ---------------------------------------------------------------- report

function misses(r: SizeResult): string[] {
  const out: string[] = [];
  const o = r.open_loop["150"];
  if (o) {
    if (o.p99_ms >= TARGETS.open150.p99_ms) out.push(`open loop at 150 req/s: p99 ${o.p99_ms} ms (target < ${TARGETS.open150.p99_ms})`);
    if (o.p999_ms >= TARGETS.open150.p999_ms) out.push(`open loop at 150 req/s: p99.9 ${o.p999_ms} ms (target < ${TARGETS.open150.p999_ms})`);
    if (o.errors > 0) out.push(`open loop at 150 req/s: ${o.errors} errors (target 0)`);
  }
  for (const [page, a] of Object.entries(r.after_write))
    if (a.p95_ms >= TARGETS.afterWriteP95Ms) out.push(`after a write, ${page}: p95 ${a.p95_ms} ms (target < ${TARGETS.afterWriteP95Ms})`);
  if (r.closed_loop.req_per_s < TARGETS.closedReqPerS) out.push(`closed loop: ${r.closed_loop.req_per_s} req/s (target ≥ ${TARGETS.closedReqPerS})`);
  if (r.rss_mb >= TARGETS.rssMb) out.push(`RSS ${r.rss_mb} MB (target < ${TARGETS.rssMb})`);
  return out;
}

function sizeMarkdown(r: SizeResult): string {
  const rates = Object.values(r.open_loop);
  const lines = [
    `### Size ${r.size}`,
    "",
    `${r.generation.counts.agencies} agencies, ${r.generation.counts.tasks} tasks, ${r.generation.counts.blockers} blockers, ${r.generation.counts.audit_events} audit events (${r.generation.db_mb} MB); ${r.people} people signed in; ${r.distinct_urls} distinct URLs asked for.`,
    "",
    markdownTable(
      ["run", "requests", "p50 ms", "p95 ms", "p99 ms", "p99.9 ms", "errors", "server CPU ms / request"],
      rates.map((o) => [`open loop, ${o.rate} req/s, ${o.seconds} s`, o.requests, o.p50_ms, o.p95_ms, o.p99_ms, o.p999_ms, o.errors, o.cpu_ms_per_request]),
    ),
    "",
    `Closed loop, ${r.closed_loop.connections} connections: **${r.closed_loop.req_per_s} req/s** (${r.closed_loop.ratio_to_floor} × the floor), ${r.closed_loop.errors} errors, ${r.closed_loop.cpu_ms_per_request} ms of server CPU per request. RSS after the run: ${r.rss_mb} MB (peak ${r.peak_rss_mb} MB).`,
    "",
    "First view of each page right after a write (ms, one request at a time):",
    "",
    markdownTable(
      ["page", "p50", "p95", "max"],
      Object.entries(r.after_write).map(([page, a]) => [page, a.p50_ms, a.p95_ms, a.max_ms]),
    ),
    "",
  ];
  const gentlest = rates[0];
  if (gentlest) {
    lines.push(`Per page, open loop at ${gentlest.rate} req/s:`, "");
    lines.push(
      markdownTable(
        ["page", "requests", "p50", "p99", "errors"],
        Object.entries(gentlest.pages).map(([page, p]) => [page, p.requests, p.p50_ms, p.p99_ms, p.errors]),
      ),
    );
    lines.push("");
  }
  const missed = misses(r);
  lines.push(
    missed.length
      ? `Targets missed at ${r.size} (the targets are for L; why they are missed and what would close them: [ADR 14](docs/decisions/0014-benchmark.md#where-the-time-goes)):\n\n${missed.map((m) => `- ${m}`).join("\n")}`
      : `Every target met at ${r.size}.`,
    "",
  );
  return lines.join("\n");
}

function writeReadme(results: { machine: ReturnType<typeof machine>; floor: { req_per_s: number }; sizes: Record<string, SizeResult> }) {
  const file = join(ROOT, "README.md");
  const readme = readFileSync(file, "utf8");
  const start = readme.indexOf("## Performance");
  const end = readme.indexOf("\n## ", start + 3);
  if (start < 0 || end < 0) return;
  const m = results.machine;
  const section = [
    "## Performance",
    "",
    "`npm run build && npm run bench` (`-- --size S` for the small province alone) measures a month of officials at work against the production server on a synthetic province: ≥ 300 people signed in, every role and agency, about one request in ten a write through the real forms (progress reports, blocker drafts and submissions, extension requests, conclusion saves, triage decisions), over thousands of distinct pages. It runs a closed loop (50 connections as fast as the server answers, compared with a bare Remix app built the same way, the floor), an open loop at 50 and 150 requests per second arriving whatever the answers, and the first view of every page right after a write. How and why: [ADR 14](docs/decisions/0014-benchmark.md); all figures in `bench/results/latest.json`.",
    "",
    `Latest run: ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC on ${m.nproc} CPUs (${m.cpu_model}), ${m.memory_gib} GB, Node ${m.node}; the load generator runs on the same cores. The floor: ${results.floor.req_per_s} req/s.`,
    "",
    ...Object.values(results.sizes).map(sizeMarkdown),
  ].join("\n");
  writeFileSync(file, readme.slice(0, start) + section + readme.slice(end));
}

// ---------------------------------------------------------------- main

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (!existsSync(join(ROOT, "build", "index.js"))) {
    console.error("build/index.js is missing: run `npm run build` first.");
    process.exit(2);
  }
  mkdirSync(RESULTS, { recursive: true });
  const previous = existsSync(join(RESULTS, "latest.json")) ? JSON.parse(readFileSync(join(RESULTS, "latest.json"), "utf8")) : null;
  const sizes: Record<string, SizeResult> = previous?.format === 2 ? previous.sizes : {};
  for (const size of opts.sizes) sizes[size] = await runSize(size, opts);
  console.log("\n== the floor (bench/floor, a bare Remix page) …");
  const floorRun = await floor(opts);
  console.log(`   ${floorRun.req_per_s} req/s`);
  for (const r of Object.values(sizes)) r.closed_loop.ratio_to_floor = round(r.closed_loop.req_per_s / floorRun.req_per_s, 3);
  const results = { format: 2, machine: machine(), floor: floorRun, targets_at_L: TARGETS, sizes };
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-");
  if (opts.write) {
    writeFileSync(join(RESULTS, "latest.json"), `${JSON.stringify(results, null, 2)}\n`);
    writeFileSync(join(RESULTS, `bench-${stamp}-${opts.sizes.join("")}.json`), `${JSON.stringify(results, null, 2)}\n`);
    writeReadme(results);
  }
  for (const r of Object.values(sizes)) {
    console.log(`\n${r.size}: closed ${r.closed_loop.req_per_s} req/s (${r.closed_loop.ratio_to_floor} × floor), RSS ${r.rss_mb} MB`);
    console.log(
      table(
        ["open loop", "p50", "p99", "p99.9", "errors", "CPU ms/req"],
        Object.values(r.open_loop).map((o) => [`${o.rate}/s`, o.p50_ms, o.p99_ms, o.p999_ms, o.errors, o.cpu_ms_per_request]),
      ),
    );
    for (const m of misses(r)) console.log(`  missed: ${m}`);
  }
  if (opts.write) console.log("\nWritten: bench/results/latest.json, README.md (## Performance).");
}

await main();
