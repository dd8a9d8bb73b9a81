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
  /** Kills the process (SIGKILL unless told) and resolves once it has gone. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export function holdDatabase(file: string, mode: HoldMode): Holder {
  const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), file, mode], {
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
  return {
    child,
    ready,
    async stop(signal = "SIGKILL") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

async function main(file: string, mode: HoldMode): Promise<void> {
  if (mode === "server") {
    const db = openDatabase(file);
    await sql`SELECT count(*) AS n FROM kysely_migration`.execute(db);
  } else {
    const db = new Database(file, { fileMustExist: true });
    db.pragma("locking_mode = EXCLUSIVE");
    db.exec("BEGIN EXCLUSIVE");
    db.prepare("SELECT count(*) AS n FROM sqlite_master").get();
  }
  process.stdout.write("ready\n");
  // Idle, the connection open, until killed.
  setInterval(() => {}, 60_000);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [file, mode] = process.argv.slice(2);
  if (!file || (mode !== "server" && mode !== "exclusive")) {
    console.error("Usage: node --import tsx tests/helpers/hold-database.ts <database-file> <server|exclusive>");
    process.exit(2);
  }
  main(file, mode).catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
