/**
 * Online backup and restore of the SQLite file. The CLIs are db/backup.ts
 * and db/restore.ts; see "Backup and restore" in the README and
 * docs/decisions/0004-sqlite-settings.md.
 *
 * A backup is taken with SQLite's online backup API (better-sqlite3's
 * `db.backup()`), in one step: the copy is one read snapshot of the live
 * database, so it holds every transaction committed before that snapshot and
 * none of the ones after it, while the server goes on writing (in WAL mode
 * a reader never blocks the writer).
 */
import Database from "better-sqlite3";
import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import {
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { migrations } from "./migrations/index";

/** A refusal or failure with a message for the operator. */
export class BackupError extends Error {
  override name = "BackupError";
}

const BUSY_TIMEOUT_MS = 5000;
/** How long a backup waits, in all, for a database another program keeps locked. */
const BACKUP_TIMEOUT_MS = 30_000;

/** `YYYYMMDD-HHmmss` in Vietnam time, the app's zone whatever the server's. */
export function timestamp(now: Date = new Date()): string {
  return format(new TZDate(now.getTime(), "Asia/Ho_Chi_Minh"), "yyyyMMdd-HHmmss");
}

/** Where `npm run backup` writes when given no path: `backups/` beside the database. */
export function defaultBackupPath(databasePath: string, now: Date = new Date()): string {
  return join(dirname(databasePath), "backups", `giaoban-${timestamp(now)}.db`);
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export interface Verification {
  /** Names of the app's migrations recorded in the file. */
  migrations: string[];
  /** Migrations this version of the app has and the file does not yet: applied on the next start. */
  pending: string[];
  /** Rows that break a foreign key (PRAGMA foreign_key_check); reported, not fatal. */
  foreignKeyProblems: number;
}

/**
 * Checks that `file` is a sound copy of the app's database: an SQLite file,
 * `PRAGMA integrity_check` = ok, with the app's migration table, and no
 * migration this version of the app does not know. Throws BackupError.
 * Opens `path` read-write (a WAL-mode file needs it): pass a copy, not a
 * file someone else is using. `file` is the name used in messages.
 */
export function verifyDatabaseFile(path: string, file: string = path): Verification {
  if (!existsSync(path)) throw new BackupError(`${file} does not exist.`);
  if (!statSync(path).isFile()) throw new BackupError(`${file} is not a file.`);
  const db = openOrExplain(path, file);
  try {
    let integrity: string[];
    try {
      db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      integrity = (db.pragma("integrity_check") as { integrity_check: string }[]).map((r) => r.integrity_check);
    } catch (e) {
      throw notADatabaseOrCorrupt(file, e);
    }
    if (integrity.length !== 1 || integrity[0] !== "ok") {
      throw new BackupError(`${file} fails PRAGMA integrity_check:\n  ${integrity.slice(0, 10).join("\n  ")}`);
    }
    const hasMigrations = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'kysely_migration'`).get();
    if (!hasMigrations) {
      throw new BackupError(`${file} is an SQLite database but not Giao Ban's: it has no kysely_migration table.`);
    }
    const applied = (db.prepare(`SELECT name FROM kysely_migration ORDER BY name`).all() as { name: string }[]).map((r) => r.name);
    const known = Object.keys(migrations);
    const unknown = applied.filter((name) => !known.includes(name));
    if (unknown.length) {
      throw new BackupError(
        `${file} was written by a newer version of Giao Ban (migrations this version does not have: ${unknown.join(", ")}). Upgrade the app first.`,
      );
    }
    const foreignKeyProblems = (db.pragma("foreign_key_check") as unknown[]).length;
    return { migrations: applied, pending: known.filter((name) => !applied.includes(name)), foreignKeyProblems };
  } finally {
    db.close();
  }
}

export interface BackupResult extends Verification {
  source: string;
  destination: string;
  bytes: number;
  pages: number;
}

export interface BackupOptions {
  /** Make the destination's folder if it is missing (one level: its parent must exist). Off: the folder must exist. */
  createDirectory?: boolean;
  /** How long to keep trying while another program keeps the database locked. */
  timeoutMs?: number;
}

/**
 * Copies the live database at `source` to `destination` (which must not
 * exist) with the online backup API, while other connections go on reading
 * and writing. The copy is written under a temporary name readable by its
 * owner only, switched to rollback-journal mode so it is one self-contained
 * file, verified, flushed to disk, then renamed into place.
 *
 * The destination's folder must exist (unless `createDirectory`) and a file
 * must be creatable in it; both are checked, by creating that temporary
 * file, before the database is opened.
 */
export async function backupDatabase(source: string, destination: string, options: BackupOptions = {}): Promise<BackupResult> {
  const timeoutMs = options.timeoutMs ?? BACKUP_TIMEOUT_MS;
  if (!existsSync(source)) throw new BackupError(`There is no database at ${source}: nothing to back up. Check DATABASE_PATH.`);
  if (existsSync(destination)) throw new BackupError(`${destination} already exists; a backup never overwrites a file. Choose another name.`);
  if (resolve(source) === resolve(destination)) throw new BackupError("The backup cannot be the database itself.");
  const partial = createPartialFile(destination, options.createDirectory ?? false);

  let db: Database.Database;
  try {
    db = new Database(source, { fileMustExist: true });
  } catch (e) {
    removeDatabaseFiles(partial);
    throw new BackupError(`Cannot open ${source}: ${message(e)}`);
  }
  let pages = 0;
  const seconds = `${Math.round(timeoutMs / 100) / 10} s`;
  try {
    db.pragma(`busy_timeout = ${Math.min(BUSY_TIMEOUT_MS, timeoutMs)}`);
    const deadline = Date.now() + timeoutMs;
    // better-sqlite3 first measures (0 pages), then copies as many pages per
    // step as the callback returns. All of them in one step: a step spans one
    // read snapshot, whereas a write by another process between steps would
    // restart the copy, forever on a busy server. A step that finds the
    // database locked (SQLITE_BUSY, after busy_timeout) is tried again by
    // better-sqlite3 without end: the deadline stops that.
    const progress = await db.backup(partial, {
      progress: () => {
        if (Date.now() > deadline) throw new BackupError(`${source} stayed locked by another program for ${seconds}, so the copy could not be finished.`);
        return 0x7fffffff;
      },
    });
    // A database has at least one page: none means the very first step found
    // it locked, which better-sqlite3 reports as a finished, empty copy.
    if (progress.totalPages === 0) {
      throw new BackupError(`${source} stayed locked by another program for ${seconds}, so it could not be read. Try again once it is released.`);
    }
    pages = progress.totalPages;
  } catch (e) {
    removeDatabaseFiles(partial);
    if (e instanceof BackupError) throw new BackupError(`Nothing was written. ${e.message}`);
    throw new BackupError(`The backup of ${source} failed: ${message(e)}`);
  } finally {
    db.close();
  }

  let verification: Verification;
  try {
    const copy = new Database(partial, { fileMustExist: true });
    try {
      // The copy inherits WAL mode from the live file; a backup is one file.
      copy.pragma("journal_mode = DELETE");
    } finally {
      copy.close();
    }
    verification = verifyDatabaseFile(partial, destination);
    fsyncFile(partial);
    renameSync(partial, destination);
    fsyncDirectory(dirname(resolve(destination)));
  } catch (e) {
    removeDatabaseFiles(partial);
    if (e instanceof BackupError) throw new BackupError(`The copy failed its check, so it was not kept. ${e.message}`);
    throw new BackupError(`The backup of ${source} failed: ${message(e)}`);
  }
  return { source, destination, bytes: statSync(destination).size, pages, ...verification };
}

/**
 * Creates, empty and readable by its owner only (the copy holds the password
 * hashes), the temporary file a backup to `destination` is written to, and
 * returns its path. This is the check that the destination can be written:
 * permission bits prove nothing when running as root, who still cannot
 * create a file in /proc or /sys. A missing folder is an error (a mistyped
 * path should not quietly become a new folder) unless `createDirectory`,
 * which makes one level (never `recursive`: Node's recursive mkdir loops
 * forever under /proc).
 */
function createPartialFile(destination: string, createDirectory: boolean): string {
  const folder = dirname(resolve(destination));
  if (createDirectory) {
    try {
      mkdirSync(folder, { mode: 0o700 });
    } catch (e) {
      if ((e as { code?: string }).code !== "EEXIST") throw new BackupError(`Cannot make the folder ${folder}: ${message(e)}`);
    }
  }
  let isFolder: boolean;
  try {
    isFolder = statSync(folder).isDirectory();
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === "ENOENT") throw new BackupError(`The folder ${folder} does not exist. Create it first, or give another path.`);
    if (code === "ENOTDIR") isFolder = false;
    else throw new BackupError(`Cannot use the folder ${folder}: ${message(e)}`);
  }
  if (!isFolder) throw new BackupError(`${folder} is not a folder: part of that path is a file. Give another path.`);

  const partial = join(folder, `.${basename(destination)}.partial-${process.pid}`);
  removeDatabaseFiles(partial);
  try {
    writeFileSync(partial, "", { mode: 0o600, flag: "wx" });
    if (!statSync(partial).isFile()) throw new Error("what was created there is not a regular file");
  } catch (e) {
    rmSync(partial, { force: true });
    throw new BackupError(`Cannot write in ${folder}: ${message(e)}. Choose a folder on a disk you can write to.`);
  }
  return partial;
}

/**
 * Whether another connection has the database at `path` open: the running
 * server, idle or not. Every connection to a WAL-mode database (the server
 * always uses WAL) holds a SHARED lock on the database file from its first
 * read until it is closed, also between transactions; the operating system
 * drops it when the process exits, however it exits. So the check asks
 * SQLite for an EXCLUSIVE lock on the file, without waiting
 * (locking_mode = EXCLUSIVE, then BEGIN EXCLUSIVE, busy_timeout = 0):
 * SQLITE_BUSY means someone has it open. Connections in this process count
 * too (SQLite tracks those itself).
 *
 * The probe connection opens a temporary hard link to the file, not the
 * file: the lock is on the file itself, whatever its name, but through the
 * link SQLite does not see the database's -wal, so closing the probe does
 * not checkpoint into the database a WAL a crashed server left behind; the
 * database, its -wal and -shm are not touched. Where hard links are not
 * possible the file itself is probed, and such a WAL is then checkpointed
 * into it (the same data, as any next open would do).
 *
 * A connection in rollback-journal mode holds no lock between transactions
 * and cannot be seen; the server never uses that mode.
 */
export function databaseInUse(path: string): boolean {
  const real = realpathSync(path);
  const link = join(dirname(real), `.${basename(real)}.in-use-check-${process.pid}`);
  removeDatabaseFiles(link);
  let linked = true;
  try {
    linkSync(real, link);
  } catch {
    linked = false;
  }
  try {
    return !canLockExclusively(linked ? link : real, path);
  } finally {
    if (linked) removeDatabaseFiles(link);
  }
}

function canLockExclusively(file: string, shownAs: string): boolean {
  let db: Database.Database;
  try {
    db = new Database(file, { fileMustExist: true });
  } catch (e) {
    throw new BackupError(`Cannot open ${shownAs} to check whether the server has it open: ${message(e)}`);
  }
  try {
    db.pragma("busy_timeout = 0");
    db.pragma("locking_mode = EXCLUSIVE");
    db.exec("BEGIN EXCLUSIVE");
    db.exec("ROLLBACK");
    return true;
  } catch (e) {
    const code = String((e as { code?: unknown }).code ?? "");
    if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED")) return false;
    // Not a database (the first page is not SQLite's): nothing can be using it as one.
    if (code === "SQLITE_NOTADB" || code === "SQLITE_CORRUPT") return true;
    throw new BackupError(`Cannot check whether the server has ${shownAs} open: ${message(e)}`);
  } finally {
    db.close();
  }
}

function refuseIfInUse(target: string): void {
  if (databaseInUse(target)) {
    throw new BackupError(
      `${target} is in use: the server (or another program) has it open, and would go on using the old file and lose what it writes next. Stop the server first, then run the restore again.`,
    );
  }
}

export interface RestoreResult extends Verification {
  backup: string;
  target: string;
  /** Where the database that was there before now is (with its -wal if it had one), or null. */
  savedAs: string | null;
  /** The target had a -wal file: the server did not stop cleanly (it was not running: that is refused). */
  hadWal: boolean;
}

/**
 * Puts `backup` in place of the database at `target`. The backup is first
 * copied beside the target and verified there (never opened in place), a
 * database already at the target is copied aside as
 * `<target>.before-restore-<timestamp>` (and refused without `force`), the
 * target's -wal and -shm are removed — a stale WAL would otherwise be
 * replayed into the restored file — and the verified copy is renamed over
 * the target. Refused, with or without `force`, while the server (any
 * process) has the target open: see databaseInUse(). That is checked first,
 * and again just before the switch, once the old file is set aside.
 */
export function restoreDatabase(opts: { backup: string; target: string; force?: boolean; now?: Date }): RestoreResult {
  const { backup, target } = opts;
  if (!existsSync(backup)) throw new BackupError(`${backup} does not exist.`);
  if (resolve(backup) === resolve(target)) throw new BackupError(`${backup} is the database itself; nothing to restore.`);
  if (existsSync(`${backup}-wal`)) {
    throw new BackupError(
      `${backup} has a ${basename(backup)}-wal file beside it, so it is a live database or a copy taken without its WAL, not a backup. Make one with npm run backup.`,
    );
  }
  const targetExists = existsSync(target);
  if (targetExists && !opts.force) {
    throw new BackupError(`${target} already exists. Stop the server, then run again with --force to replace it (the current file is kept aside).`);
  }
  if (targetExists) refuseIfInUse(target);

  mkdirSync(dirname(resolve(target)), { recursive: true });
  const staged = join(dirname(resolve(target)), `.${basename(target)}.restore-${process.pid}`);
  removeDatabaseFiles(staged);
  let verification: Verification;
  try {
    copyFileSync(backup, staged);
    const copy = openOrExplain(staged, backup);
    try {
      copy.pragma("journal_mode = DELETE");
    } catch (e) {
      throw notADatabaseOrCorrupt(backup, e);
    } finally {
      copy.close();
    }
    verification = verifyDatabaseFile(staged, backup);
    fsyncFile(staged);
  } catch (e) {
    removeDatabaseFiles(staged);
    if (e instanceof BackupError) throw e;
    throw new BackupError(`Cannot restore ${backup}: ${message(e)}`);
  }

  const hadWal = existsSync(`${target}-wal`);
  let savedAs: string | null = null;
  try {
    if (targetExists || hadWal) {
      savedAs = `${target}.before-restore-${timestamp(opts.now)}`;
      if (existsSync(savedAs)) throw new BackupError(`${savedAs} already exists; wait a second and run again.`);
      // Copied byte for byte, WAL included, so it opens as the database that was there.
      if (targetExists) copyDurably(target, savedAs);
      if (hadWal) copyDurably(`${target}-wal`, `${savedAs}-wal`);
    }
    // Again, now that the old file is set aside: a server started since the
    // first check would otherwise keep the old file. (Not held from here to
    // the rename: closing any descriptor of the file, as copying it does,
    // drops every POSIX lock this process holds on it.)
    if (targetExists) {
      try {
        refuseIfInUse(target);
      } catch (e) {
        if (savedAs) removeDatabaseFiles(savedAs);
        throw e;
      }
    }
    rmSync(`${target}-wal`, { force: true });
    rmSync(`${target}-shm`, { force: true });
    renameSync(staged, target);
    fsyncDirectory(dirname(resolve(target)));
  } catch (e) {
    removeDatabaseFiles(staged);
    if (e instanceof BackupError) throw e;
    throw new BackupError(`Restoring into ${target} failed: ${message(e)}`);
  }
  return { backup, target, savedAs, hadWal, ...verification };
}

function openOrExplain(file: string, shownAs: string): Database.Database {
  try {
    return new Database(file, { fileMustExist: true });
  } catch (e) {
    throw new BackupError(`${shownAs} cannot be opened as an SQLite database: ${message(e)}`);
  }
}

function copyDurably(from: string, to: string): void {
  copyFileSync(from, to);
  fsyncFile(to);
}

function fsyncFile(file: string): void {
  const fd = openSync(file, "r+");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function fsyncDirectory(dir: string): void {
  try {
    const fd = openSync(dir, "r");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Not every platform can fsync a directory (Windows); the rename still happened.
  }
}

function removeDatabaseFiles(file: string): void {
  for (const suffix of ["", "-journal", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
}

function notADatabaseOrCorrupt(file: string, e: unknown): BackupError {
  const code = (e as { code?: string }).code;
  if (code === "SQLITE_NOTADB") return new BackupError(`${file} is not an SQLite database.`);
  return new BackupError(`${file} fails PRAGMA integrity_check: ${message(e)}`);
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
