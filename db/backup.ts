/**
 * `npm run backup [-- <file>]`: a consistent copy of DATABASE_PATH, taken with
 * SQLite's online backup API while the server keeps running. Without a file
 * it writes backups/giaoban-YYYYMMDD-HHmmss.db beside the database (Vietnam
 * time), making that folder if needed; a file given must be in a folder that
 * exists and can be written to, which is checked before anything is copied.
 * The copy is checked with PRAGMA integrity_check before it is kept.
 * Exits non-zero, with the reason, when anything fails.
 */
import { parseEnv } from "../app/utils/env.server";
import { BackupError, backupDatabase, defaultBackupPath, formatSize } from "./backup-lib";

const USAGE = "Usage: npm run backup [-- <backup file>]   (default: backups/giaoban-YYYYMMDD-HHmmss.db beside DATABASE_PATH)";

const args = process.argv.slice(2);
if (args.includes("--help") || args.includes("-h")) {
  console.log(USAGE);
  process.exit(0);
}
if (args.length > 1 || args.some((a) => a.startsWith("-"))) {
  console.error(USAGE);
  process.exit(2);
}

let source: string;
try {
  source = parseEnv().DATABASE_PATH;
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}
if (source === ":memory:") {
  console.error("DATABASE_PATH is :memory:; there is no file to back up.");
  process.exit(1);
}

const destination = args[0] ?? defaultBackupPath(source);
try {
  const started = Date.now();
  const r = await backupDatabase(source, destination, { createDirectory: args[0] === undefined });
  console.log(`Backed up ${r.source} to ${r.destination}`);
  console.log(`  size: ${formatSize(r.bytes)} (${r.bytes} bytes, ${r.pages} pages), taken in ${Date.now() - started} ms`);
  console.log(`  integrity_check: ok; migrations: ${r.migrations.length}`);
  if (r.foreignKeyProblems) {
    console.log(`  warning: PRAGMA foreign_key_check reports ${r.foreignKeyProblems} row(s); the live database has them too.`);
  }
} catch (e) {
  console.error(e instanceof BackupError ? `Backup failed: ${e.message}` : e);
  process.exit(1);
}
