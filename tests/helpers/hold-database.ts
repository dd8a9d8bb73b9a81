/**
 * Another process with the database open, for the backup and restore tests.
 *
 * Run as a child process:
 *
 *   node --import tsx tests/helpers/hold-database.ts <database-file> <server|exclusive>
 *
 * `server` opens the file the way the running server does, with the app's
 * openDatabase() (WAL), reads it once, prints `ready` and then sits idle,
 * the connection open and no transaction in progress, until it is killed.
 * `exclusive` opens it with locking_mode = EXCLUSIVE and keeps a write
 * transaction open, so no other connection can even read the file.
 *
 * The connection must stay reachable until the process is killed: one the
 * garbage collector frees is closed by better-sqlite3, and its lock goes
 * with it while the process lives on. With --expose-gc (as holdDatabase
 * runs it) a full collection is forced before `ready`, so a connection that
 * is not kept would show at once, not now and then.
 */
import Database from "better-sqlite3";
import { spawn, type ChildProcess } from "node:child_process";
import { sql } from "kysely";
import { fileURLToPath, pathToFileURL } from "node:url";
import { openDatabase } from "../../db/connection";
import { REPO_ROOT } from "./write-stream";

export type HoldMode = "server" | "exclusive";

export interface Holder {
  child: ChildProcess;
  /** Resolves once the file is open (and locked, for `exclusive`). */
  ready: Promise<void>;
  /** Whether the process is still running (its lock is dropped when it exits). */
  alive(): boolean;
  /** What it has written to stderr so far. */
  stderr(): string;
  /** Kills the process (SIGKILL unless told) and resolves once it has gone. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export function holdDatabase(file: string, mode: HoldMode): Holder {
  const child = spawn(process.execPath, ["--expose-gc", "--import", "tsx", fileURLToPath(import.meta.url), file, mode], {
    cwd: REPO_ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr!.setEncoding("utf8");
  child.stderr!.on("data", (chunk: string) => (stderr += chunk));
  const exited = new Promise<void>((resolve) => child.once("close", () => resolve()));
  const ready = new Promise<void>((resolve, reject) => {
    let out = "";
    child.stdout!.setEncoding("utf8");
    child.stdout!.on("data", (chunk: string) => {
      out += chunk;
      if (out.includes("ready\n")) resolve();
    });
    void exited.then(() => reject(new Error(`the holder exited before it was ready: ${stderr}`)));
  });
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    child,
    ready,
    alive,
    stderr: () => stderr,
    async stop(signal = "SIGKILL") {
      if (alive()) child.kill(signal);
      await exited;
    },
  };
}

async function open(file: string, mode: HoldMode): Promise<unknown> {
  if (mode === "server") {
    const db = openDatabase(file);
    await sql`SELECT count(*) AS n FROM kysely_migration`.execute(db);
    return db;
  }
  const db = new Database(file, { fileMustExist: true });
  db.pragma("locking_mode = EXCLUSIVE");
  db.exec("BEGIN EXCLUSIVE");
  db.prepare("SELECT count(*) AS n FROM sqlite_master").get();
  return db;
}

/** The open connection: referenced here until the process is killed (see above). */
let _held: unknown;

async function main(file: string, mode: HoldMode): Promise<void> {
  _held = await open(file, mode);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [file, mode] = process.argv.slice(2);
  if (!file || (mode !== "server" && mode !== "exclusive")) {
    console.error("Usage: node --import tsx tests/helpers/hold-database.ts <database-file> <server|exclusive>");
    process.exit(2);
  }
  main(file, mode).then(
    () => {
      (globalThis as { gc?: () => void }).gc?.();
      process.stdout.write("ready\n");
      // Idle, the connection open, until killed.
      setInterval(() => {}, 60_000);
    },
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
