/**
 * `npm run backup` copies the live database while it is being written, and
 * `npm run restore` puts a copy back, refusing anything that is not a sound
 * Giao Ban database (README "Backup and restore", ADR 0004).
 */
import Database from "better-sqlite3";
import { execFile } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BackupError, backupDatabase, defaultBackupPath, restoreDatabase, timestamp } from "../../db/backup-lib";
import { migrateToLatest, openDatabase } from "../../db/connection";
import { migrations } from "../../db/migrations/index";
import { checkStream, REPO_ROOT, startWriter } from "../helpers/write-stream";

const dir = mkdtempSync(join(tmpdir(), "giaoban-backup-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const live = join(dir, "live", "giaoban.db");
const backupA = join(dir, "backups", "a.db");
const backupB = join(dir, "backups", "b.db");
/** The last transaction acknowledged before each backup started, and when it ended. */
const window: Record<string, { before: number; after: number }> = {};

function cli(script: "backup" | "restore", args: string[], databasePath: string) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", `db/${script}.ts`, ...args],
      { cwd: REPO_ROOT, env: { ...process.env, DATABASE_PATH: databasePath, SESSION_SECRET: "backup-test-secret-backup-test-secret-0" } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
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
