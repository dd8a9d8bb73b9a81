/**
 * `npm run restore -- <backup file> [--force]`: puts a backup made by
 * `npm run backup` in place of DATABASE_PATH. Stop the server first: while
 * any process has the database open it refuses, --force or not.
 * The backup must pass PRAGMA integrity_check and be Giao Ban's (it has the
 * kysely_migration table, with no migration newer than this version).
 * An existing database is replaced only with --force, and is first copied
 * aside as <database>.before-restore-YYYYMMDD-HHmmss. Exits non-zero, with
 * the reason, when anything is refused or fails.
 */
import { parseEnv } from "../app/utils/env.server";
import { BackupError, formatSize, restoreDatabase } from "./backup-lib";
import { statSync } from "node:fs";

const USAGE = "Usage: npm run restore -- <backup file> [--force]   (restores into DATABASE_PATH; stop the server first)";

const args = process.argv.slice(2);
if (args.includes("--help") || args.includes("-h")) {
  console.log(USAGE);
  process.exit(0);
}
const force = args.includes("--force");
const files = args.filter((a) => a !== "--force");
if (files.length !== 1 || files[0].startsWith("-")) {
  console.error(USAGE);
  process.exit(2);
}

let target: string;
try {
  target = parseEnv().DATABASE_PATH;
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}
if (target === ":memory:") {
  console.error("DATABASE_PATH is :memory:; there is no file to restore into.");
  process.exit(1);
}

try {
  const r = restoreDatabase({ backup: files[0], target, force });
  console.log(`Checked ${r.backup}: integrity_check ok, ${r.migrations.length} migration(s) applied in it.`);
  if (r.foreignKeyProblems) console.log(`  warning: PRAGMA foreign_key_check reports ${r.foreignKeyProblems} row(s) in it.`);
  if (r.savedAs) {
    console.log(`The database that was at ${r.target} is kept as ${r.savedAs}${r.hadWal ? ` (with ${r.savedAs}-wal)` : ""}.`);
  }
  if (r.hadWal) {
    console.log(`  note: ${r.target}-wal existed, so the server did not stop cleanly; what it had committed is in the copy kept aside.`);
  }
  console.log(`Restored ${r.backup} to ${r.target} (${formatSize(statSync(r.target).size)}).`);
  console.log(
    r.pending.length ? `Start the server: it will apply ${r.pending.length} newer migration(s) (${r.pending.join(", ")}).` : "Start the server to use it.",
  );
} catch (e) {
  console.error(e instanceof BackupError ? `Restore failed: ${e.message}` : e);
  process.exit(1);
}
