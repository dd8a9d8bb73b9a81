import Database from "better-sqlite3";
import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from "kysely";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { migrateToLatest, openDatabase } from "./connection";
import { migrations } from "./migrations/index";

describe("migrations", () => {
  it("make every index the app names with INDEXED BY: without it those statements fail instead of slowing down", async () => {
    const { readdirSync, readFileSync } = await import("node:fs");
    const named = new Set<string>();
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (/\.tsx?$/.test(entry.name)) for (const m of readFileSync(path, "utf8").matchAll(/INDEXED BY ([a-z_]+)/g)) named.add(m[1]);
      }
    };
    walk(join(__dirname, "..", "app"));
    expect(named.size).toBeGreaterThan(0);
    const db = openDatabase(":memory:");
    await migrateToLatest(db);
    const { rows } = await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'index'`.execute(db);
    const existing = new Set(rows.map((r) => r.name));
    expect([...named].filter((name) => !existing.has(name))).toEqual([]);
    await db.destroy();
  });

  it("run from an empty database and a second run does nothing", async () => {
    const db = openDatabase(":memory:");
    const applied = await migrateToLatest(db);
    expect(applied).toEqual(Object.keys(migrations));
    expect(await migrateToLatest(db)).toEqual([]);
    // Tables and virtual tables; an FTS5 table's own storage (type 'shadow') is its business.
    const tables = await sql<{
      name: string;
    }>`SELECT name FROM pragma_table_list WHERE schema = 'main' AND type IN ('table', 'virtual') AND name NOT LIKE 'kysely%' AND name NOT LIKE 'sqlite%' ORDER BY name`.execute(
      db,
    );
    expect(tables.rows.map((r) => r.name)).toEqual(
      [
        "agencies",
        "agenda_items",
        "audit_events",
        "blocker_counts",
        "blockers",
        "bridge_points",
        "calendar_tokens",
        "completion_reports",
        "conclusions",
        "email_outbox",
        "extension_requests",
        "form_submissions",
        "meetings",
        "notification_prefs",
        "notifications",
        "reminder_log",
        "notices",
        "progress_reports",
        "search_index",
        "series",
        "series_agencies",
        "series_members",
        "sign_in_attempts",
        "sessions",
        "task_coordinator_counts",
        "task_coordinators",
        "task_counts",
        "task_counts_by_pillar",
        "task_overdue_stretches",
        "tasks",
        "triage_decisions",
        "users",
      ].sort(),
    );
    await db.destroy();
  });

  it("are listed in name order, so they apply in the order they were written", () => {
    const names = Object.keys(migrations);
    expect(names).toEqual([...names].sort());
  });

  it("turn foreign keys on and enforce CHECK constraints", async () => {
    const db = openDatabase(":memory:");
    await migrateToLatest(db);
    const at = new Date().toISOString();
    await expect(
      db
        .insertInto("agencies")
        .values({ code: "X", name_vi: "X", name_en: "X", kind: "bogus" as never, parent_id: null, updated_at: at })
        .execute(),
    ).rejects.toThrow(/CHECK/);
    await expect(
      db.insertInto("agencies").values({ code: "Y", name_vi: "Y", name_en: "Y", kind: "department", parent_id: 999, updated_at: at }).execute(),
    ).rejects.toThrow(/FOREIGN KEY/);
    // An agency user must belong to an agency.
    await expect(
      db
        .insertInto("users")
        .values({ username: "u", email: null, full_name: "U", title: null, password_hash: "x", role: "agency_head", agency_id: null, updated_at: at })
        .execute(),
    ).rejects.toThrow(/CHECK/);
    await db.destroy();
  });

  it("keep the audit history append-only", async () => {
    const db = openDatabase(":memory:");
    await migrateToLatest(db);
    await db
      .insertInto("audit_events")
      .values({ at: "2023-04-07T01:00:00.000Z", actor_user_id: null, action: "x", entity_type: "system", entity_id: null, before_json: null, after_json: null })
      .execute();
    await expect(db.updateTable("audit_events").set({ action: "y" }).execute()).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom("audit_events").execute()).rejects.toThrow(/append-only/);
    const rows = await db.selectFrom("audit_events").selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0].action).toBe("x");
    await db.destroy();
  });

  it("run in one transaction: a failing migration leaves nothing behind, and a later run applies it", async () => {
    const db = openDatabase(":memory:");
    let broken = true;
    const provider: MigrationProvider = {
      getMigrations: async (): Promise<Record<string, Migration>> => ({
        "001-first": {
          up: (db: Kysely<unknown>) =>
            db.schema
              .createTable("first")
              .addColumn("id", "integer", (c) => c.primaryKey())
              .execute(),
        },
        "002-second": {
          up: async (db: Kysely<unknown>) => {
            await db.schema
              .createTable("second")
              .addColumn("id", "integer", (c) => c.primaryKey())
              .execute();
            if (broken) throw new Error("step failed half-way");
          },
        },
      }),
    };
    const tableNames = async () =>
      (await sql<{ name: string }>`SELECT name FROM sqlite_schema WHERE type = 'table' AND name IN ('first', 'second') ORDER BY name`.execute(db)).rows.map(
        (r) => r.name,
      );
    const ran = async () => (await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(db)).rows.map((r) => r.name);

    const failed = await new Migrator({ db, provider }).migrateToLatest();
    expect(failed.error).toBeInstanceOf(Error);
    // Pending migrations run together: the good one is rolled back with the broken one.
    expect(await tableNames()).toEqual([]);
    expect(await ran()).toEqual([]);

    broken = false;
    const fixed = await new Migrator({ db, provider }).migrateToLatest();
    expect(fixed.error).toBeUndefined();
    expect(fixed.results?.map((r) => [r.migrationName, r.status])).toEqual([
      ["001-first", "Success"],
      ["002-second", "Success"],
    ]);
    expect(await tableNames()).toEqual(["first", "second"]);
    expect(await ran()).toEqual(["001-first", "002-second"]);
    await db.destroy();
  });

  it("hold the write lock from start to end, so another process's write cannot land between two statements", async () => {
    const dir = mkdtempSync(join(tmpdir(), "gb-migrate-lock-"));
    const file = join(dir, "app.db");
    const db = openDatabase(file);
    const other = new Database(file);
    other.pragma("busy_timeout = 50");
    try {
      other.exec("CREATE TABLE log (id INTEGER PRIMARY KEY, who TEXT NOT NULL)");
      let reached!: () => void;
      const midway = new Promise<void>((resolve) => (reached = resolve));
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const provider: MigrationProvider = {
        getMigrations: async (): Promise<Record<string, Migration>> => ({
          "001-two-writes": {
            up: async (db: Kysely<unknown>) => {
              await sql`INSERT INTO log (who) VALUES ('migration 1')`.execute(db);
              reached();
              await gate;
              await sql`INSERT INTO log (who) VALUES ('migration 2')`.execute(db);
            },
          },
        }),
      };
      const running = new Migrator({ db, provider }).migrateToLatest();
      await midway;
      // better-sqlite3 is synchronous: this waits its 50 ms busy_timeout, then fails.
      expect(() => other.prepare("INSERT INTO log (who) VALUES ('other')").run()).toThrow(expect.objectContaining({ code: "SQLITE_BUSY" }));
      release();
      const { error } = await running;
      expect(error).toBeUndefined();
      other.prepare("INSERT INTO log (who) VALUES ('other')").run();
      expect(other.prepare("SELECT who FROM log ORDER BY id").pluck().all()).toEqual(["migration 1", "migration 2", "other"]);
    } finally {
      other.close();
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
