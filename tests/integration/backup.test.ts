/**
 * `npm run backup` copies the live database while it is being written, and
 * `npm run restore` puts a copy back, refusing anything that is not a sound
 * Giao Ban database (README "Backup and restore", ADR 0004).
 */
import Database from "better-sqlite3";
import { execFile } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BackupError, backupDatabase, defaultBackupPath, restoreDatabase, timestamp } from "../../db/backup-lib";
import { migrateToLatest, openDatabase } from "../../db/connection";
import { migrations } from "../../db/migrations/index";
import { holdDatabase } from "../helpers/hold-database";
import { checkStream, REPO_ROOT, startWriter } from "../helpers/write-stream";

const dir = mkdtempSync(join(tmpdir(), "giaoban-backup-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const live = join(dir, "live", "giaoban.db");
const backupA = join(dir, "backups", "a.db");
const backupB = join(dir, "backups", "b.db");
/** The last transaction acknowledged before each backup started, and when it ended. */
const window: Record<string, { before: number; after: number }> = {};

/** Runs the command; one still running after `timeout` ms is killed (then `signal` is set). */
function cli(script: "backup" | "restore", args: string[], databasePath: string, timeout = 12_000) {
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", `db/${script}.ts`, ...args],
      { cwd: REPO_ROOT, timeout, env: { ...process.env, DATABASE_PATH: databasePath, SESSION_SECRET: "backup-test-secret-backup-test-secret-0" } },
      (error, stdout, stderr) =>
        resolve({
          code: error ? (typeof error.code === "number" ? error.code : null) : 0,
          signal: error?.signal ?? null,
          stdout,
          stderr,
        }),
    );
  });
}

/** Every file in `folder` with its bytes: what "nothing was touched" compares. */
function snapshot(folder: string): [string, string][] {
  return readdirSync(folder)
    .sort()
    .map((name) => [name, readFileSync(join(folder, name)).toString("base64")]);
}

async function contents(file: string) {
  const db = openDatabase(file);
  try {
    return await checkStream(db);
  } finally {
    await db.destroy();
  }
}

function rawPragma(file: string, pragma: string): unknown {
  const db = new Database(file, { fileMustExist: true });
  try {
    return db.pragma(pragma, { simple: true });
  } finally {
    db.close();
  }
}

const lastAck = (acked: number[]) => (acked.length ? acked[acked.length - 1] : 0);
/** The last ack sent so far: gives the test's event loop time to read what is already in the pipe. */
const ackedByNow = async (acked: number[]) => (await new Promise((r) => setTimeout(r, 50)), lastAck(acked));

beforeAll(async () => {
  // A writer in its own process keeps committing cycle writes throughout both backups.
  const writer = startWriter(live);
  try {
    await writer.ready;
    await writer.untilAcked(150);
    window.a = { before: lastAck(writer.acked), after: 0 };
    mkdirSync(dirname(backupA), { mode: 0o700 });
    await backupDatabase(live, backupA);
    window.a.after = await ackedByNow(writer.acked);
    await writer.untilAcked(writer.acked.length + 20);

    window.b = { before: lastAck(writer.acked), after: 0 };
    const run = await cli("backup", [backupB], live);
    window.b.after = await ackedByNow(writer.acked);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Backed up ${live} to ${backupB}`);
    expect(run.stdout).toMatch(/size: [\d.]+ (KB|MB) \(\d+ bytes, \d+ pages\)/);
    expect(run.stdout).toContain("integrity_check: ok");
    // The writer was never held up for long: it is still committing.
    await writer.untilAcked(writer.acked.length + 20);
  } finally {
    writer.child.kill("SIGKILL");
    await writer.exited;
  }
}, 30_000);

describe("npm run backup", () => {
  it.each([
    ["in process", "a", backupA],
    ["by the CLI", "b", backupB],
  ])("taken %s while a writer commits, is sound and holds a whole prefix of the stream", async (_how, key, file) => {
    // One self-contained file (not WAL), readable by its owner only.
    expect(rawPragma(file, "journal_mode")).toBe("delete");
    expect(existsSync(`${file}-wal`)).toBe(false);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(rawPragma(file, "integrity_check")).toBe("ok");
    expect(rawPragma(file, "foreign_key_check")).toBeUndefined();

    const { present, problems } = await contents(file);
    expect(problems).toEqual([]);
    expect(present).toEqual(present.map((_, k) => k + 1));
    // Everything acknowledged before the backup began is in it; nothing later than its end.
    expect(present.length).toBeGreaterThanOrEqual(window[key].before);
    expect(present.length).toBeLessThanOrEqual(window[key].after + 1);
  });

  it("names its default file by the time in Vietnam, beside the database", () => {
    const at = new Date("2023-04-07T01:30:05Z");
    expect(timestamp(at)).toBe("20230407-083005");
    expect(defaultBackupPath(join("data", "giaoban.db"), at)).toBe(join("data", "backups", "giaoban-20230407-083005.db"));
  });

  it("never overwrites a file, and says when there is no database", async () => {
    const before = readFileSync(backupA);
    await expect(backupDatabase(live, backupA)).rejects.toThrow(/already exists/);
    expect(readFileSync(backupA).equals(before)).toBe(true);
    const run = await cli("backup", [join(dir, "backups", "c.db")], join(dir, "nowhere", "giaoban.db"));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("Backup failed: There is no database at");
    expect(existsSync(join(dir, "backups", "c.db"))).toBe(false);
  });

  it("without a path, writes to backups/ beside the database, making that folder", async () => {
    const source = join(dir, "default", "giaoban.db");
    restoreDatabase({ backup: backupA, target: source });
    const run = await cli("backup", [], source);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const made = readdirSync(join(dir, "default", "backups"));
    expect(made).toEqual([expect.stringMatching(/^giaoban-\d{8}-\d{6}\.db$/)]);
    expect(await contents(join(dir, "default", "backups", made[0]))).toEqual(await contents(backupA));
  });

  describe("refuses, at once and with the reason, a file it cannot write:", () => {
    const plainFile = join(dir, "plain-file");
    beforeAll(() => writeFileSync(plainFile, "not a directory\n"));

    it.each([
      // Node's recursive mkdir never returns under /proc: this used to hang.
      ["a path under /proc", "/proc/x/y.db", "/proc/x does not exist"],
      // Root passes every permission check, yet nobody can create a file in /proc.
      ["a file in /proc, which root cannot write in either", "/proc/y.db", "Cannot write in /proc"],
      ["a folder that does not exist (it is not created)", join(dir, "no-such-folder", "x.db"), `${join(dir, "no-such-folder")} does not exist`],
      ["a path under a regular file", join(plainFile, "sub", "x.db"), `${join(plainFile, "sub")} is not a folder`],
    ])("%s", async (_what, destination, reason) => {
      const started = Date.now();
      const run = await cli("backup", [destination], live);
      expect(run.signal, "still running: killed").toBeNull();
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/^Backup failed: /);
      expect(run.stderr).toContain(reason);
      expect(run.stderr).not.toMatch(/^\s+at /m);
      expect(run.stdout).toBe("");
      expect(existsSync(join(dir, "no-such-folder"))).toBe(false);
      expect(readFileSync(plainFile, "utf8")).toBe("not a directory\n");
      // The same from the library, as a BackupError.
      await expect(backupDatabase(live, destination)).rejects.toThrow(BackupError);
    });
  });

  it("gives up, with the reason, on a database another program keeps locked", async () => {
    const locked = join(dir, "locked", "giaoban.db");
    restoreDatabase({ backup: backupA, target: locked });
    const holder = holdDatabase(locked, "exclusive");
    try {
      await holder.ready;
      const started = Date.now();
      await expect(backupDatabase(locked, join(dir, "locked", "copy.db"), { timeoutMs: 500 })).rejects.toThrow(/giaoban\.db stayed locked by another program/);
      expect(Date.now() - started).toBeLessThan(3000);
      expect(readdirSync(join(dir, "locked")).filter((f) => f.includes("copy"))).toEqual([]);
      expect(holder.alive(), holder.stderr()).toBe(true);
    } finally {
      await holder.stop();
    }
  });
});

describe("npm run restore", () => {
  it("restores into a new path that opens with the app's settings and is up to date", async () => {
    const target = join(dir, "restored", "giaoban.db");
    const result = restoreDatabase({ backup: backupA, target });
    expect(result.savedAs).toBeNull();
    expect(result.pending).toEqual([]);
    const db = openDatabase(target);
    try {
      expect(await migrateToLatest(db)).toEqual([]);
    } finally {
      await db.destroy();
    }
    expect(result.migrations).toEqual(Object.keys(migrations));
    expect(await contents(target)).toEqual(await contents(backupA));
    expect(readdirSync(join(dir, "restored")).filter((f) => f.startsWith("."))).toEqual([]);
  });

  it("replaces a database only with --force, keeps the old one (WAL and all) aside, and drops its stale WAL", async () => {
    const target = join(dir, "crashed", "giaoban.db");
    // A database whose server died: committed transactions still only in its -wal.
    const writer = startWriter(target);
    await writer.ready;
    await writer.untilAcked(100);
    writer.child.kill("SIGKILL");
    await writer.exited;
    expect(existsSync(`${target}-wal`)).toBe(true);
    const acked = lastAck(writer.acked);

    const refused = await cli("restore", [backupA], target);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`Restore failed: ${target} already exists. Stop the server, then run again with --force`);

    const done = await cli("restore", [backupB, "--force"], target);
    expect(done.stderr).toBe("");
    expect(done.code).toBe(0);
    const savedAs = /kept as (\S+?\.before-restore-\d{8}-\d{6})/.exec(done.stdout)?.[1];
    expect(savedAs, done.stdout).toBeDefined();
    expect(done.stdout).toContain(`${target}-wal existed`);
    expect(done.stdout).toContain(`Restored ${backupB} to ${target}`);

    // The restored database is the backup, not the backup plus the old WAL.
    expect(existsSync(`${target}-wal`)).toBe(false);
    expect(await contents(target)).toEqual(await contents(backupB));
    // The copy set aside opens as the database that was there, every acknowledged write in it.
    expect(existsSync(`${savedAs}-wal`)).toBe(true);
    const old = await contents(savedAs!);
    expect(old.problems).toEqual([]);
    expect(old.present.length).toBeGreaterThanOrEqual(acked);
  }, 15_000);

  describe("refuses while the server has the database open, even with --force, and touches nothing", () => {
    it("an idle server (connection open, no transaction in progress); once it has stopped, restores", async () => {
      const target = join(dir, "served", "giaoban.db");
      restoreDatabase({ backup: backupA, target });
      const server = holdDatabase(target, "server");
      try {
        await server.ready;
        const before = snapshot(join(dir, "served"));
        expect(before.map(([name]) => name)).toEqual(["giaoban.db", "giaoban.db-shm", "giaoban.db-wal"]);

        const started = Date.now();
        const refused = await cli("restore", [backupB, "--force"], target);
        expect(refused.code).toBe(1);
        expect(refused.stderr).toContain(`Restore failed: ${target} is in use`);
        expect(refused.stderr).toContain("Stop the server first");
        expect(Date.now() - started).toBeLessThan(10_000);
        expect(snapshot(join(dir, "served"))).toEqual(before);

        expect(() => restoreDatabase({ backup: backupB, target, force: true })).toThrow(/is in use.*Stop the server first/s);
        expect(snapshot(join(dir, "served"))).toEqual(before);
        // It was running, so holding its lock, throughout both attempts.
        expect(server.alive(), server.stderr()).toBe(true);
      } finally {
        await server.stop();
      }

      // The server has gone (killed: its -wal is left behind); now it restores.
      const done = await cli("restore", [backupB, "--force"], target);
      expect(done.stderr).toBe("");
      expect(done.code).toBe(0);
      expect(done.stdout).toContain(`Restored ${backupB} to ${target}`);
      expect(await contents(target)).toEqual(await contents(backupB));
    });

    it("a busy server: it goes on committing, and every write it acknowledged is still there", async () => {
      const target = join(dir, "busy", "giaoban.db");
      restoreDatabase({ backup: backupA, target });
      const writer = startWriter(target);
      try {
        await writer.ready;
        await writer.untilAcked(20);
        for (let i = 0; i < 5; i++) {
          expect(() => restoreDatabase({ backup: backupB, target, force: true })).toThrow(/is in use/);
        }
        await writer.untilAcked(writer.acked.length + 20);
      } finally {
        writer.child.kill("SIGKILL");
        await writer.exited;
      }
      const { present, problems } = await contents(target);
      expect(problems).toEqual([]);
      expect(present.length).toBeGreaterThanOrEqual(lastAck(writer.acked));
      expect(readdirSync(join(dir, "busy")).filter((f) => f.startsWith(".") || f.includes("before-restore"))).toEqual([]);
    });
  });

  describe("refuses, and leaves the target as it was,", () => {
    const target = join(dir, "kept", "giaoban.db");
    let original: Buffer;
    beforeAll(() => {
      restoreDatabase({ backup: backupA, target });
      original = readFileSync(target);
    });

    const refuse = (backup: string, message: RegExp | string) => {
      let error: unknown;
      try {
        restoreDatabase({ backup, target, force: true });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(BackupError);
      expect((error as Error).message).toMatch(message);
      expect(readFileSync(target).equals(original)).toBe(true);
      expect(readdirSync(join(dir, "kept"))).toEqual(["giaoban.db"]);
    };

    it("a file that is not a database", () => {
      const file = join(dir, "notes.db");
      writeFileSync(file, "Biên bản giao ban tháng 4 (not a database)\n".repeat(200));
      refuse(file, `${file} is not an SQLite database.`);
    });

    it("a missing file", () => {
      refuse(join(dir, "missing.db"), /missing\.db does not exist/);
    });

    it("an SQLite database without the app's tables, or an empty file", () => {
      const file = join(dir, "other.db");
      const db = new Database(file);
      db.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)");
      db.close();
      refuse(file, "has no kysely_migration table");
      const empty = join(dir, "empty.db");
      writeFileSync(empty, "");
      refuse(empty, "has no kysely_migration table");
    });

    it("a corrupt backup", () => {
      const file = join(dir, "corrupt.db");
      copyFileSync(backupA, file);
      const bytes = readFileSync(file);
      const pageSize = bytes.readUInt16BE(16);
      // Scribble over three pages in the middle of the file: b-tree pages of the stream's tables.
      const start = pageSize * Math.floor(bytes.length / pageSize / 2);
      for (let i = start; i < start + pageSize * 3; i++) bytes[i] = (i * 7919) & 0xff;
      writeFileSync(file, bytes);
      refuse(file, /fails PRAGMA integrity_check/);
    });

    it("a backup from a newer version of the app", () => {
      const file = join(dir, "newer.db");
      copyFileSync(backupA, file);
      const db = new Database(file);
      db.prepare("INSERT INTO kysely_migration (name, timestamp) VALUES (?, ?)").run("2099-01-01T0000-from-the-future", new Date().toISOString());
      db.close();
      refuse(file, /newer version of Giao Ban .*2099-01-01T0000-from-the-future/);
    });

    it("a live database, with its -wal beside it", () => {
      const file = join(dir, "wal-beside.db");
      copyFileSync(backupA, file);
      writeFileSync(`${file}-wal`, "");
      refuse(file, /has a wal-beside\.db-wal file beside it/);
    });
  });
});
