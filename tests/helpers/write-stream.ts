/**
 * A stream of cycle writes, for the durability and backup tests.
 *
 * Run as a child process:
 *
 *   node --import tsx tests/helpers/write-stream.ts <database-file>
 *
 * it opens the file with the app's openDatabase(), migrates, seeds the few
 * parent rows once (agencies, a user, a series, a meeting), prints
 * `ready <first n> <journal_mode> <synchronous> <foreign_keys> <busy_timeout>`,
 * then commits transactions n, n+1, … until it is killed. Before each one it
 * prints `begin <n>`; once the transaction has resolved (COMMIT returned) it
 * prints `ack <n>` and waits until that line is handed to the OS before it
 * starts the next. So when the process dies, at most one transaction can be
 * committed without its ack having been sent.
 *
 * Transaction n is one "task recorded in session": a task, two coordinating
 * agencies, a first progress report, the meeting's version bumped, and the
 * audit event, the way the app writes a change with its audit record.
 * `checkStream` reads a database back and says which transactions are there
 * and whether any is there only in part.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { sql, type Kysely } from "kysely";
import { fileURLToPath, pathToFileURL } from "node:url";
import { migrateToLatest, openDatabase } from "../../db/connection";
import type { Database } from "../../db/schema";

export interface StreamParents {
  agencies: [number, number, number];
  userId: number;
  seriesId: number;
  meetingId: number;
}

const TITLE = "stream #";

/** Creates the parent rows the stream refers to, once; returns their ids. */
export async function ensureParents(db: Kysely<Database>): Promise<StreamParents> {
  return db.transaction().execute(async (trx) => {
    const at = new Date().toISOString();
    const agencyId = async (code: string) => {
      const found = await trx.selectFrom("agencies").where("code", "=", code).select("id").executeTakeFirst();
      if (found) return found.id;
      return (
        await trx
          .insertInto("agencies")
          .values({ code, name_vi: `Đơn vị ${code}`, name_en: `Agency ${code}`, kind: "department", parent_id: null, updated_at: at })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id;
    };
    const agencies: [number, number, number] = [await agencyId("WS-A"), await agencyId("WS-B"), await agencyId("WS-C")];
    const user =
      (await trx.selectFrom("users").where("username", "=", "stream.secretary").select("id").executeTakeFirst()) ??
      (await trx
        .insertInto("users")
        .values({
          username: "stream.secretary",
          email: null,
          full_name: "Thư ký thử nghiệm",
          title: null,
          password_hash: "-",
          role: "secretary",
          agency_id: null,
          updated_at: at,
        })
        .returning("id")
        .executeTakeFirstOrThrow());
    const series =
      (await trx.selectFrom("series").where("code", "=", "WS").select("id").executeTakeFirst()) ??
      (await trx
        .insertInto("series")
        .values({
          code: "WS",
          name_vi: "Giao ban thử ghi",
          name_en: "Write stream briefing",
          issuing_body: "ỦY BAN NHÂN DÂN TỈNH",
          notice_symbol: "TB-UBND",
          updated_at: at,
        })
        .returning("id")
        .executeTakeFirstOrThrow());
    const meeting =
      (await trx.selectFrom("meetings").where("series_id", "=", series.id).where("period", "=", "2023-04").select("id").executeTakeFirst()) ??
      (await trx
        .insertInto("meetings")
        .values({
          series_id: series.id,
          period: "2023-04",
          title: "Giao ban tháng 4/2023",
          starts_at: "2023-04-07T01:30:00.000Z",
          place: "Hội trường",
          cutoff_at: "2023-04-04T10:00:00.000Z",
          status: "in_session",
          created_by: user.id,
          updated_at: at,
        })
        .returning("id")
        .executeTakeFirstOrThrow());
    return { agencies, userId: user.id, seriesId: series.id, meetingId: meeting.id };
  });
}

/** The n of the next transaction: one past the highest already in the file. */
export async function nextN(db: Kysely<Database>): Promise<number> {
  const row = await sql<{ n: number | null }>`
    SELECT max(CAST(substr(title, ${TITLE.length + 1}) AS INTEGER)) AS n FROM tasks WHERE title LIKE ${TITLE + "%"}`.execute(db);
  return (row.rows[0]?.n ?? 0) + 1;
}

/** Transaction n: five statements that must land together or not at all. */
export async function writeCycle(db: Kysely<Database>, p: StreamParents, n: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const at = new Date().toISOString();
    // Lengths vary so rows straddle page boundaries and overflow pages now and then.
    const description = `Nội dung nhiệm vụ ${n}. `.repeat(1 + ((n * 37) % 160));
    const task = await trx
      .insertInto("tasks")
      .values({
        series_id: p.seriesId,
        meeting_id: p.meetingId,
        conclusion_id: null,
        blocker_id: null,
        title: `${TITLE}${n}`,
        description,
        expected_result: "Báo cáo kết quả",
        pillar: "digital_government",
        lead_agency_id: p.agencies[0],
        original_deadline: "2023-06-30",
        deadline: "2023-06-30",
        report_next_meeting: 1,
        status: "in_progress",
        completed_on: null,
        created_by: p.userId,
        updated_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("task_coordinators")
      .values([
        { task_id: task.id, agency_id: p.agencies[1] },
        { task_id: task.id, agency_id: p.agencies[2] },
      ])
      .execute();
    await trx
      .insertInto("progress_reports")
      .values({ task_id: task.id, agency_id: p.agencies[0], percent: n % 101, body: `${TITLE}${n}`, report_date: "2023-04-07", created_by: p.userId })
      .execute();
    await trx
      .updateTable("meetings")
      .set((eb) => ({ version: eb("version", "+", 1), updated_at: at }))
      .where("id", "=", p.meetingId)
      .execute();
    await trx
      .insertInto("audit_events")
      .values({
        at,
        actor_user_id: p.userId,
        action: "task.create",
        entity_type: "task",
        entity_id: task.id,
        before_json: null,
        after_json: JSON.stringify({ stream: n }),
      })
      .execute();
  });
}

export interface StreamReport {
  /** Every n found, complete or not, ascending. */
  present: number[];
  /** One line per transaction found only in part, or anything else out of step. */
  problems: string[];
}

/** Reads the stream back: which transactions are there, and is each one whole? */
export async function checkStream(db: Kysely<Database>): Promise<StreamReport> {
  const problems: string[] = [];
  const parts = new Map<number, { tasks: number[]; coordinators: number; reports: number; audits: number }>();
  const entry = (n: number) => {
    let e = parts.get(n);
    if (!e) parts.set(n, (e = { tasks: [], coordinators: 0, reports: 0, audits: 0 }));
    return e;
  };
  const nOf = (title: string) => Number(title.slice(TITLE.length));

  const tasks = await db.selectFrom("tasks").where("title", "like", `${TITLE}%`).select(["id", "title"]).execute();
  const nByTask = new Map<number, number>();
  for (const t of tasks) {
    nByTask.set(t.id, nOf(t.title));
    entry(nOf(t.title)).tasks.push(t.id);
  }
  const coordinators = await db.selectFrom("task_coordinators").select(["task_id"]).execute();
  for (const c of coordinators) {
    const n = nByTask.get(c.task_id);
    if (n === undefined) problems.push(`coordinator row for task ${c.task_id}, which is not there`);
    else entry(n).coordinators++;
  }
  const reports = await db.selectFrom("progress_reports").where("body", "like", `${TITLE}%`).select(["task_id", "body"]).execute();
  for (const r of reports) {
    const n = nOf(r.body);
    if (nByTask.get(r.task_id) !== n) problems.push(`progress report "${r.body}" points at task ${r.task_id}, not at its own task`);
    entry(n).reports++;
  }
  const audits = await db.selectFrom("audit_events").where("action", "=", "task.create").select(["entity_id", "after_json"]).execute();
  for (const a of audits) {
    const n = (JSON.parse(a.after_json ?? "{}") as { stream?: number }).stream;
    if (typeof n !== "number") continue;
    if (a.entity_id === null || nByTask.get(a.entity_id) !== n) problems.push(`audit event of transaction ${n} points at task ${a.entity_id}`);
    entry(n).audits++;
  }

  const present = [...parts.keys()].sort((a, b) => a - b);
  for (const n of present) {
    const e = parts.get(n)!;
    if (e.tasks.length !== 1 || e.coordinators !== 2 || e.reports !== 1 || e.audits !== 1) {
      problems.push(
        `transaction ${n} is partial: ${e.tasks.length} task(s), ${e.coordinators} coordinator(s), ${e.reports} report(s), ${e.audits} audit event(s)`,
      );
    }
  }
  // The meeting's version went up once in every committed transaction.
  const meeting = await db.selectFrom("meetings").where("period", "=", "2023-04").select("version").executeTakeFirst();
  if (meeting && meeting.version !== 1 + present.length) {
    problems.push(`meeting version is ${meeting.version}, but ${present.length} transaction(s) are there (expected ${1 + present.length})`);
  }
  return { present, problems };
}

/** The repository root: child processes run there so `--import tsx` resolves. */
export const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

export interface WriterReady {
  first: number;
  journalMode: string;
  synchronous: number;
  foreignKeys: number;
  busyTimeout: number;
}

/** A write-stream child process, seen from the test. */
export interface Writer {
  child: ChildProcess;
  ready: Promise<WriterReady>;
  /** Every n acknowledged so far, in order. */
  acked: number[];
  /** The last line received. */
  lastLine: () => string;
  /** Resolves once `count` transactions have been acknowledged. */
  untilAcked: (count: number) => Promise<void>;
  /** Calls `fn` synchronously on every line, as it arrives. */
  onLine: (fn: (line: string) => void) => void;
  /** Resolves when the process is gone and all its output has been read. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

export function startWriter(file: string): Writer {
  const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), file], {
    cwd: REPO_ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const acked: number[] = [];
  const listeners: ((line: string) => void)[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  let last = "";
  let pending = "";
  let stderr = "";
  let resolveReady!: (r: WriterReady) => void;
  let rejectReady!: (e: Error) => void;
  const ready = new Promise<WriterReady>((res, rej) => ((resolveReady = res), (rejectReady = rej)));
  child.stdout!.setEncoding("utf8");
  child.stdout!.on("data", (chunk: string) => {
    const lines = (pending + chunk).split("\n");
    pending = lines.pop()!;
    for (const line of lines) {
      last = line;
      const [word, ...rest] = line.split(" ");
      if (word === "ack") acked.push(Number(rest[0]));
      if (word === "ready") {
        resolveReady({
          first: Number(rest[0]),
          journalMode: rest[1],
          synchronous: Number(rest[2]),
          foreignKeys: Number(rest[3]),
          busyTimeout: Number(rest[4]),
        });
      }
      for (const fn of listeners) fn(line);
    }
    for (const w of waiters.filter((w) => acked.length >= w.count)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  });
  child.stderr!.setEncoding("utf8");
  child.stderr!.on("data", (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((res) => {
    child.on("close", (code, signal) => {
      rejectReady(new Error(`the writer exited before it was ready (${code ?? signal}): ${stderr}`));
      res({ code, signal, stderr });
    });
  });
  return {
    child,
    ready,
    acked,
    lastLine: () => last,
    untilAcked: (count) =>
      acked.length >= count
        ? Promise.resolve()
        : Promise.race([
            new Promise<void>((resolve) => waiters.push({ count, resolve })),
            exited.then(({ code, signal }) => {
              throw new Error(`the writer exited (${code ?? signal}) after ${acked.length} acks: ${stderr}`);
            }),
          ]),
    onLine: (fn) => listeners.push(fn),
    exited,
  };
}

async function main(file: string): Promise<void> {
  const db = openDatabase(file);
  await migrateToLatest(db);
  const parents = await ensureParents(db);
  let n = await nextN(db);
  const pragma = async (name: string) => Object.values((await sql.raw<Record<string, unknown>>(`PRAGMA ${name}`).execute(db)).rows[0] ?? {})[0];
  await send(`ready ${n} ${await pragma("journal_mode")} ${await pragma("synchronous")} ${await pragma("foreign_keys")} ${await pragma("busy_timeout")}\n`);
  for (;;) {
    await send(`begin ${n}\n`);
    await writeCycle(db, parents, n);
    await send(`ack ${n}\n`);
    n++;
  }
}

/** Resolves once the line has left this process (handed to the pipe). */
function send(line: string): Promise<void> {
  return new Promise((resolve, reject) => process.stdout.write(line, (e) => (e ? reject(e) : resolve())));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const file = process.argv[2];
  if (!file) {
    console.error("usage: node --import tsx tests/helpers/write-stream.ts <database-file>");
    process.exit(2);
  }
  main(file).catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
