/**
 * Runs before each test file: a fresh SQLite file of its own, migrated with
 * the real migrations, so parallel files never share a database.
 */
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { migrateToLatest } from "../../db/connection";

const file = join(tmpdir(), `giaoban-test-${process.pid}-${randomBytes(6).toString("hex")}.db`);
process.env.DATABASE_PATH = file;
process.env.SESSION_SECRET = "test-secret-test-secret-test-secret-0123";
globalThis.__giaobanDb = undefined;

beforeAll(async () => {
  const { getDb } = await import("../../app/utils/db.server");
  // Changes are written only once their listeners (notifications) are registered, as in the server.
  await import("../../app/subscribers.server");
  await migrateToLatest(getDb());
});

afterAll(async () => {
  await globalThis.__giaobanDb?.destroy();
  globalThis.__giaobanDb = undefined;
  for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
});
